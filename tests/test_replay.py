"""The statement recorder (queries.engine.recording) that bench/replay.py replays: off
by default, and within a page call it holds every statement the page sent, in a form the
DBAPI connection runs as it is."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from bench.replay import Replayer, plan
from queries import engine
from queries.schema import exports


def _raw_rows(rec: engine.Recorded):
    raw = engine.get_engine().raw_connection()
    try:
        return raw.driver_connection.execute(rec.sql, rec.params).fetchall()
    finally:
        raw.close()


def test_off_by_default_and_records_only_inside(duck_db, frames):
    assert engine._recorder.get() is None
    stmt = select(func.sum(exports.c.value_usd).label("v")).where(
        exports.c.enterprise_id == 3, exports.c.month >= pd.Timestamp("2025-01-01").date())
    engine.run(stmt, use_cache=False)  # not recorded: no recorder open
    with engine.recording() as statements:
        via_engine = engine.run(stmt, use_cache=False)["v"].iloc[0]
    engine.run(stmt, use_cache=False)  # closed again
    assert engine._recorder.get() is None
    assert len(statements) == 1
    rec = statements[0]
    assert rec.group is None and rec.slot is None
    assert "$" in rec.sql and 3 in rec.params  # bound, not inlined
    # the recorded statement on the bare DBAPI connection gives the generator's own sum
    x = frames["exports"]
    expected = x[(x["enterprise_id"] == 3) & (x["month"] >= "2025-01-01")]["value_usd"].sum()
    assert abs(_raw_rows(rec)[0][0] - expected) < 0.01
    assert abs(via_engine - expected) < 0.01


def test_a_page_call_is_recorded_with_its_gather_groups(dash_client, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_CACHE_SECONDS", "0")
    engine.reset()
    dash_client.page("/", "")  # dimensions and the rest that a process reads once
    with engine.recording() as statements:
        resp = dash_client.page("/exports", "?year=2025")
    assert resp.status_code == 200
    assert len(statements) >= 2
    assert all(r.sql.lstrip().upper().startswith(("SELECT", "WITH")) for r in statements)
    assert all(r.read_version for r in statements)  # a page build is pinned to a version
    # the page's independent queries ran concurrently: one gather call, several slots
    steps = plan(statements)
    assert any(len(step) >= 2 for step in steps)
    assert sum(len(slot) for step in steps for slot in step) == len(statements)
    # each statement, replayed as recorded on the DBAPI connection, runs and returns rows
    assert all(len(_raw_rows(r)) > 0 for r in statements)
    replayer = Replayer()
    try:
        assert replayer.replay(steps) > 0
    finally:
        replayer.close()
    # a cached page sends nothing, so records nothing
    monkeypatch.setenv("EXPORT_MONITOR_CACHE_SECONDS", "3600")
    engine.reset()
    dash_client.page("/exports", "?year=2025")
    with engine.recording() as statements:
        dash_client.page("/exports", "?year=2025")
    assert statements == []
