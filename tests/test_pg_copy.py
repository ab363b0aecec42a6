"""queries.pg_copy writes every kind of value the tables hold so that PostgreSQL reads
back exactly the frame's values (pyarrow's CSV, and the pandas fallback)."""

from __future__ import annotations

import math
import uuid
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from queries import pg_copy

ROWS = pd.DataFrame({
    "d": [date(2026, 1, 31), date(1999, 12, 1), None, date(2026, 10, 1)],
    "ts": pd.to_datetime(["2026-11-02 13:45:07.123456", "2020-01-01 00:00:00.000000", None,
                          "2026-12-06 00:00:00.000000"]),
    "i": pd.array([1, -7, None, 2**40], dtype="Int64"),
    "f": [0.1 + 0.2, 1e-12, np.nan, 31514.563456984146],
    "s": ['a "quoted", comma', "", None, "Минск\nнoвая строка; ü"],
    "b": [True, False, None, True],
})
DDL = ("CREATE TABLE {t} (d date, ts timestamp, i bigint, f double precision, "
       "s text, b boolean)")


@pytest.fixture
def pg():
    import os
    base = os.environ.get("EXPORT_MONITOR_TEST_PG_URL", "").strip()
    if not base:
        pytest.skip("EXPORT_MONITOR_TEST_PG_URL is not set: PostgreSQL tests skipped")
    eng = create_engine(base)
    table = f"copy_check_{uuid.uuid4().hex[:8]}"
    with eng.begin() as conn:
        conn.execute(text(DDL.format(t=table)))
    yield eng, table
    with eng.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
    eng.dispose()


def _read(eng, table):
    with eng.connect() as conn:
        return conn.execute(text(f"SELECT d, ts, i, f, s, b FROM {table} ORDER BY i NULLS LAST, "
                                 "d NULLS LAST")).all()


def _expected():
    out = []
    for r in ROWS.itertuples(index=False):
        out.append((r.d, None if pd.isna(r.ts) else r.ts.to_pydatetime(),
                    None if pd.isna(r.i) else int(r.i),
                    None if (isinstance(r.f, float) and math.isnan(r.f)) else r.f,
                    None if pd.isna(r.s) else r.s, None if pd.isna(r.b) else r.b))
    return sorted(out, key=lambda t: (t[2] is None, t[2] if t[2] is not None else 0))


@pytest.mark.parametrize("chunk", [1, 3, 500_000])
def test_every_value_reads_back_exactly(pg, chunk):
    eng, table = pg
    raw = eng.raw_connection()
    try:
        with raw.driver_connection.cursor() as cur:
            pg_copy.copy_frame(cur, table, ROWS, list(ROWS.columns), chunk_rows=chunk)
        raw.driver_connection.commit()
    finally:
        raw.close()
    got = _read(eng, table)
    assert got == _expected()
    assert isinstance(got[0][1], datetime) and got[0][1].microsecond in (123456, 0)


def test_a_frame_pyarrow_cannot_convert_goes_through_pandas(pg):
    eng, table = pg
    mixed = ROWS.copy()
    mixed["s"] = pd.Series([1, "two", None, 3.5], dtype=object)  # not one Arrow type
    import pyarrow as pa
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        pa.Table.from_pandas(mixed, preserve_index=False)
    raw = eng.raw_connection()
    try:
        with raw.driver_connection.cursor() as cur:
            pg_copy.copy_frame(cur, table, mixed, list(mixed.columns))
        raw.driver_connection.commit()
    finally:
        raw.close()
    assert sorted(str(r[4]) for r in _read(eng, table)) == ["1", "3.5", "None", "two"]
