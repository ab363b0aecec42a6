"""PostgreSQL's checked load of large files (queries/imports/load.py ``_insert_checked``):
rows through a temporary table, each foreign key checked once for all rows, inserted
without the per-row key triggers. With the threshold lowered so that a small file takes
that path, the database ends exactly as the ordinary per-row load leaves it, and rows
whose keys are missing load nothing at all."""

from __future__ import annotations

import pandas as pd
import psycopg
import pytest

from queries import schema
from queries.imports import import_files, load
from queries.imports.load import KeyViolation, write_with
from tests.import_files.support import HERE, demo_database, fingerprint, read_table

FILE = HERE / "good_exports_cp1251.csv"


@pytest.fixture
def pg_db(request, tmp_path):
    url, cleanup = demo_database(request, tmp_path, "postgresql")
    yield url
    cleanup()


@pytest.fixture(scope="module")
def unchanged_db(request, tmp_path_factory):
    """For the tests that must leave the database as it was (each checks it did)."""
    url, cleanup = demo_database(request, tmp_path_factory.mktemp("checked"), "postgresql")
    yield url
    cleanup()


@pytest.fixture
def other_pg_db(request, tmp_path):
    url, cleanup = demo_database(request, tmp_path, "postgresql")
    yield url
    cleanup()


def test_the_checked_load_leaves_what_the_per_row_load_leaves(pg_db, other_pg_db,
                                                              monkeypatch):
    assert fingerprint(pg_db) == fingerprint(other_pg_db)  # the same build twice
    ordinary = import_files([FILE], url=other_pg_db, loaded_by="test")
    assert ordinary.loaded, ordinary.report.text()

    checked_tables = []
    real = load._insert_checked

    def spy(raw, table, df, cols):
        checked_tables.append(table.name)
        return real(raw, table, df, cols)

    monkeypatch.setattr(load, "PG_CHECKED_ROWS", 1)
    monkeypatch.setattr(load, "_insert_checked", spy)
    checked = import_files([FILE], url=pg_db, loaded_by="test")
    assert checked.loaded, checked.report.text()
    assert checked_tables == ["exports"]
    assert [(f.rows_added, f.rows_replaced) for f in checked.files] == \
        [(f.rows_added, f.rows_replaced) for f in ordinary.files]
    # every table, rollups included, equal to the last digit (the load log aside)
    assert fingerprint(pg_db) == fingerprint(other_pg_db)
    x = read_table(pg_db, schema.exports)
    sept = x[pd.to_datetime(x["month"]) == "2026-09-01"]
    assert {("8704", "RU-MOW", 12500000.5), ("8701", "RU-SPE", 3100000.0)} <= \
        set(zip(sept["heading_id"], sept["region_id"], sept["value_usd"]))


@pytest.mark.parametrize("column, bad", [("heading_id", "0000"), ("enterprise_id", 999_999),
                                         ("region_id", "RU-XXX")])
def test_rows_with_a_missing_key_load_nothing(unchanged_db, monkeypatch, column, bad):
    pg_db = unchanged_db
    monkeypatch.setattr(load, "PG_CHECKED_ROWS", 1)
    before = fingerprint(pg_db)
    rows = read_table(pg_db, schema.exports).head(50)
    month = rows["month"].iloc[0]
    rows = rows[rows["month"] == month].copy()
    rows.loc[rows.index[-1], column] = bad

    def replace(conn, backend):
        exports = schema.exports
        conn.execute(exports.delete().where(exports.c.month == month,
                                            exports.c.enterprise_id.in_(
                                                [int(i) for i in rows["enterprise_id"]])))
        load._insert(conn, backend, exports, rows)

    with pytest.raises(KeyViolation, match=f"1 rows of exports have a {column}"):
        write_with(pg_db, replace)
    assert fingerprint(pg_db) == before  # the delete went with it: all or nothing


def test_a_repeated_key_is_still_refused(unchanged_db, monkeypatch):
    """The primary key is not a trigger: it refuses a row already there."""
    pg_db = unchanged_db
    monkeypatch.setattr(load, "PG_CHECKED_ROWS", 1)
    rows = read_table(pg_db, schema.exports).head(3)
    before = fingerprint(pg_db)
    with pytest.raises(psycopg.errors.UniqueViolation):
        write_with(pg_db, lambda conn, backend: load._insert(conn, backend,
                                                             schema.exports, rows))
    assert fingerprint(pg_db) == before
