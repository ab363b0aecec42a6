"""A DuckDB file swapped in by a load while a query still runs on the old file: the
next queries read the new file, not the old one.

DuckDB keeps one database instance per path in a process, so a connection opened while
another one to the swapped-out file is still open gets the old file; the pool kept such
connections, and under load (bench/load.py, 50 analysts with an import in the middle)
one worker went on serving the old figures for minutes. The engine now waits for the
old file's connections to close before it opens one to the new file
(queries/engine.py ``_after_retired``)."""

from __future__ import annotations

import os
import shutil
import threading
import time

import duckdb
from sqlalchemy import func, select

from queries import engine
from queries.schema import load_log


def _count() -> int:
    return int(engine.run(select(func.count().label("n")).select_from(load_log),
                          use_cache=False)["n"].iloc[0])


def test_a_query_after_a_swap_reads_the_new_file_though_one_on_the_old_is_open(
        duck_url, tmp_path, monkeypatch):
    live, other = tmp_path / "live.duckdb", tmp_path / "other.duckdb"
    shutil.copyfile(duck_url.split(":///", 1)[1], live)
    shutil.copyfile(live, other)
    with duckdb.connect(str(other)) as conn:  # the "loaded" file: no load log rows
        conn.execute("DELETE FROM load_log")
        conn.execute("CHECKPOINT")
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", f"duckdb:///{live}")
    engine.reset()
    try:
        before = _count()
        assert before > 0
        held = engine.get_engine().connect()  # a query still running on the old file
        held.exec_driver_sql("SELECT 1").all()
        os.replace(other, live)
        seen: list[int] = []
        reader = threading.Thread(target=lambda: seen.append(_count()))
        reader.start()
        time.sleep(0.3)
        held.close()  # the old query ends
        reader.join(timeout=30)
        assert seen == [0]
        assert _count() == 0  # and it stays on the new file
    finally:
        engine.reset()
