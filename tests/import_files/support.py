"""Helpers of the import tests: a database of their own per test (a copy of the
session's DuckDB test file, or a fresh PostgreSQL schema built by the same generator),
and a fingerprint of every figure in a database."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest
import sqlalchemy as sa

from queries import demo, engine, schema
from tests.conftest import TEST_END, TEST_SCALE, TEST_SEED

HERE = Path(__file__).resolve().parent
PG_BASE = os.environ.get("EXPORT_MONITOR_TEST_PG_URL", "").strip()


def pg_schema_url(name: str) -> str:
    sep = "&" if "?" in PG_BASE else "?"
    return f"{PG_BASE}{sep}options={quote(f'-csearch_path={name}')}"


class PgSchema:
    """A schema of its own on the test server, dropped on ``drop``."""

    def __init__(self) -> None:
        if not PG_BASE:
            pytest.skip("EXPORT_MONITOR_TEST_PG_URL is not set: PostgreSQL tests skipped")
        self.name = f"em_imp_{uuid.uuid4().hex[:8]}"
        self.admin = sa.create_engine(PG_BASE)
        with self.admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{self.name}"'))
        self.url = pg_schema_url(self.name)

    def drop(self) -> None:
        engine.reset()
        with self.admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
        self.admin.dispose()


def demo_database(request, tmp_path: Path, backend: str):
    """URL of a private copy of the test database (same generator, seed and scale as
    the ``frames`` fixture), and a cleanup function."""
    if backend == "duckdb":
        source = request.getfixturevalue("duck_url").split(":///", 1)[1]
        path = tmp_path / "imports.duckdb"
        shutil.copyfile(source, path)
        return f"duckdb:///{path}", lambda: None
    pg = PgSchema()
    demo.build_database(pg.url, scale=TEST_SCALE, seed=TEST_SEED, end_month=TEST_END)
    return pg.url, pg.drop


def empty_database(tmp_path: Path, backend: str, name: str = "empty"):
    from queries.imports import create_empty_database

    if backend == "duckdb":
        url = f"duckdb:///{tmp_path / (name + '.duckdb')}"
        create_empty_database(url, seed=TEST_SEED)
        return url, lambda: None
    pg = PgSchema()
    create_empty_database(pg.url, seed=TEST_SEED)
    return pg.url, pg.drop


def read_tables(url: str, tables) -> dict[str, pd.DataFrame]:
    args = {"read_only": True} if url.startswith("duckdb") else {}
    eng = sa.create_engine(url, connect_args=args, poolclass=sa.pool.NullPool)
    out = {}
    try:
        with eng.connect() as conn:
            for table in tables:
                out[table.name] = pd.DataFrame(conn.execute(sa.select(table)).all(),
                                               columns=[c.name for c in table.columns])
    finally:
        eng.dispose()
    return out


def read_table(url: str, table: sa.Table) -> pd.DataFrame:
    return read_tables(url, [table])[table.name]


def fingerprint(url: str) -> dict[str, str]:
    """md5, computed by the database, of every table's rows as text in sorted order (the
    load log left out): equal fingerprints mean the same figures to the last digit.
    Table names come from the schema."""
    args = {"read_only": True} if url.startswith("duckdb") else {}
    cast = "CAST(t AS VARCHAR)" if url.startswith("duckdb") else "t::text"
    eng = sa.create_engine(url, connect_args=args, poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as conn:
            return {table.name: conn.exec_driver_sql(
                f"SELECT COUNT(*) || ':' || COALESCE(md5(string_agg({cast}, '|' ORDER BY "
                f"{cast})), '') FROM {table.name} t").scalar()
                for table in schema.metadata.sorted_tables if table.name != "load_log"}
    finally:
        eng.dispose()


def sums(url: str) -> dict[str, tuple]:
    """Row count and the exact sum of every numeric column of every table (the load log
    left out), computed by the engine: a second fingerprint, independent of the md5 one
    and of the code under test. Column names come from the schema."""
    args = {"read_only": True} if url.startswith("duckdb") else {}
    eng = sa.create_engine(url, connect_args=args, poolclass=sa.pool.NullPool)
    out = {}
    try:
        with eng.connect() as conn:
            for table in schema.metadata.sorted_tables:
                if table.name == "load_log":
                    continue
                numeric = [c.name for c in table.columns
                           if isinstance(c.type, (sa.Integer, sa.Float, sa.Numeric))]
                exprs = ", ".join(["COUNT(*)"] + [f"SUM(CAST({c} AS DECIMAL(38, 4)))"
                                                  for c in numeric])
                out[table.name] = tuple(conn.exec_driver_sql(
                    f"SELECT {exprs} FROM {table.name}").one())
    finally:
        eng.dispose()
    return out


def log_rows(url: str) -> pd.DataFrame:
    return read_table(url, schema.load_log).sort_values(["loaded_at", "load_id"]
                                                        ).reset_index(drop=True)
