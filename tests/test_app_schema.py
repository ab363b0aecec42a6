"""The app store's migrations build exactly the tables the code defines
(``queries/appstore_tables.py``): Alembic's own comparison of the migrated database with
the metadata finds no difference — no table, column, type, nullability, index, key or
foreign key missing or extra — on SQLite (the embedded store) and on PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from queries import appstore
from queries.appstore_tables import metadata


def _differences(url: str, schema: str | None) -> list:
    eng = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as conn:
            if schema:
                conn.execute(sa.text(f'SET search_path TO "{schema}"'))
            ctx = MigrationContext.configure(conn, opts={
                "compare_type": True, "include_schemas": False,
                "include_name": lambda name, kind, parent: not (
                    kind == "table" and name.startswith("alembic_version"))})
            return [d for d in compare_metadata(ctx, metadata)
                    if not (isinstance(d, tuple) and "alembic" in str(d))]
    finally:
        eng.dispose()


def test_the_sqlite_store_is_the_code_s_schema(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/app.sqlite"
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", url)
    appstore.reset()
    appstore.upgrade(url)
    assert _differences(url, None) == []
    appstore.reset()


def test_the_postgresql_store_is_the_code_s_schema(pg_url, monkeypatch):
    schema = "export_monitor_app_schema_check"
    base = pg_url.split("?")[0]
    eng = sa.create_engine(base, poolclass=sa.pool.NullPool)
    with eng.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = f"{base}?options=-csearch_path%3D{schema}"
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", url)
    try:
        appstore.reset()
        appstore.upgrade(url)
        assert _differences(url, schema) == []
    finally:
        appstore.reset()
        with eng.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        eng.dispose()
