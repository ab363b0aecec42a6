"""The PostgreSQL build loads its large tables without their keys and adds them after
the COPY (queries/demo/build.py): afterwards every key the schema defines is there, with
the schema's own definition, and it refuses what it should."""

from __future__ import annotations

import os
import uuid
from datetime import date
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from queries import schema
from queries.demo import build
from queries.demo.build import build_database


@pytest.fixture
def pg_schema_url(monkeypatch):
    base = os.environ.get("EXPORT_MONITOR_TEST_PG_URL", "").strip()
    if not base:
        pytest.skip("EXPORT_MONITOR_TEST_PG_URL is not set: PostgreSQL tests skipped")
    name = f"em_build_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={name}')}", name
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        admin.dispose()


def test_keys_added_after_the_copy_are_the_schemas_keys(pg_schema_url, monkeypatch):
    url, name = pg_schema_url
    # a small build, with the threshold lowered so that the fact tables take the
    # keys-after path as a 10-million-row build does
    monkeypatch.setattr(build, "KEYS_AFTER_ROWS", 1_000)
    counts = build_database(url, scale=0.05, seed=7, end_month="2026-10")
    assert counts["exports"] > 1_000 and counts["stock"] > 1_000
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT conrelid::regclass::text, contype, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace "
                "AND contype IN ('p', 'u', 'f')").all()
        have = {(t.split(".")[-1], k, d) for t, k, d in rows}
        # what the schema itself declares (independent of the build's catalogue copy)
        for table in schema.metadata.sorted_tables:
            pk = [c.name for c in table.primary_key.columns]
            if pk:
                assert (table.name, "p", f"PRIMARY KEY ({', '.join(pk)})") in have, table.name
            for fk in table.foreign_keys:
                ref = fk.column
                want = (f"FOREIGN KEY ({fk.parent.name}) REFERENCES "
                        f"{ref.table.name}({ref.name})")
                assert (table.name, "f", want) in have, (table.name, want)
        # and they hold: a repeated key and an unknown enterprise are refused
        with engine.connect() as conn:
            row = conn.execute(sa.select(schema.exports).limit(1)).mappings().one()
        for bad in ({**row}, {**row, "heading_id": "0101", "enterprise_id": 99_999_999}):
            with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
                conn.execute(schema.exports.insert(), [bad])
        assert isinstance(row["month"], date)
    finally:
        engine.dispose()


def test_the_rollups_copied_in_are_postgresqls_own_sums(pg_schema_url):
    """The PostgreSQL build computes its rollups in an in-process DuckDB and COPYs them
    (queries/demo/build.py, _copy_rollups): every rollup holds the rows PostgreSQL's
    own GROUP BY over the loaded ``exports`` gives — the same keys and the same rounded
    sums (to the cent; quantity to 0.001)."""
    from queries.rollups import ROLLUPS, rollup_columns, rollup_select

    url, _ = pg_schema_url
    build_database(url, scale=0.05, seed=7, end_month="2026-10")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            for name in ROLLUPS:
                cols = rollup_columns(name)
                keys = cols[:-2]
                have = {tuple(r[:-2]): (r[-2], r[-1]) for r in conn.exec_driver_sql(
                    f"SELECT {', '.join(cols)} FROM {name}").all()}
                want = {tuple(r[:-2]): (float(r[-2]), float(r[-1])) for r in
                        conn.exec_driver_sql(rollup_select(name, "postgresql")).all()}
                assert len(have) == len(want) > 0, name
                assert have.keys() == want.keys(), name
                off = [(k, have[k], want[k]) for k in want
                       if abs(have[k][0] - want[k][0]) > 0.0051
                       or abs(have[k][1] - want[k][1]) > 0.00051]
                assert off == [], (name, keys, off[:3])
                exact = sum(have[k] == want[k] for k in want)
                assert exact >= 0.999 * len(want), (name, exact, len(want))
    finally:
        engine.dispose()
