"""The query cache: Redis shared by workers, keyed by the data version, never in the
way when it fails."""

from __future__ import annotations

import pandas as pd
import pytest
import redis

from queries import demo, engine
from queries import exports as q
from queries.dimensions import dimensions
from queries.filters import default_filter

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache(duck_db, monkeypatch):
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    client.flushdb()
    monkeypatch.setenv("EXPORT_MONITOR_REDIS_URL", REDIS_URL)
    engine.reset()
    yield client
    client.flushdb()
    engine.reset()


def test_redis_hit_returns_the_same_frame(redis_cache):
    f = default_filter(dimensions())
    cache = engine.cache()
    assert cache.backend == "redis"
    first = q.breakdown(f, "region")
    misses, hits = cache.misses, cache.hits
    second = q.breakdown(f, "region")
    assert cache.hits == hits + 1 and cache.misses == misses
    pd.testing.assert_frame_equal(first, second)
    assert any(key.startswith(b"em:q:") for key in redis_cache.keys())


def test_unreachable_redis_falls_back_to_the_database(duck_db, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_REDIS_URL", "redis://127.0.0.1:1/0")
    engine.reset()
    f = default_filter(dimensions())
    assert q.kpis(f)["value"] > 0
    assert q.kpis(f)["value"] > 0  # no hit possible, but never an error
    assert engine.cache().hits == 0


def test_cache_off(duck_db, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_CACHE_SECONDS", "0")
    engine.reset()
    f = default_filter(dimensions())
    q.kpis(f)
    q.kpis(f)
    assert engine.cache().backend == "off"
    assert engine.cache().hits == 0


def test_a_new_load_is_a_new_data_version(tmp_path, monkeypatch):
    """Rebuilding the file under a running app: the engine reopens the new file and no
    cached result of the old data is served."""
    path = tmp_path / "swap.duckdb"
    demo.build_database(f"duckdb:///{path}", scale=0.05, seed=1, end_month="2026-10")
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", f"duckdb:///{path}")
    engine.reset()
    f = default_filter(dimensions())
    before = q.kpis(f)["value"]
    version = engine.data_version()
    demo.build_database(f"duckdb:///{path}", scale=0.05, seed=2, end_month="2026-10")
    engine._state.version_checked = 0.0  # don't wait out the 2-second version memo
    assert engine.data_version() != version
    after = q.kpis(default_filter(dimensions()))["value"]
    assert after != pytest.approx(before)


def test_statements_of_one_shape_compile_once_but_keep_their_own_values(duck_db):
    """engine._compile reuses the compiled SQL of a statement's shape; the values (and so
    the cache key) are each statement's own, and every result equals a raw SQL sum."""
    from sqlalchemy import func, select

    from queries.schema import exports_by_product as t

    eng = engine.get_engine()

    def stmt(year, subjects):
        return (select(func.sum(t.c.value_usd).label("v"))
                .where(func.extract("year", t.c.month) == year, t.c.enterprise_id.in_(subjects)))

    sql_a, params_a = engine._compile(stmt(2025, [1, 2]), eng)
    sql_b, params_b = engine._compile(stmt(2024, [3, 4, 5]), eng)
    assert sql_a == sql_b
    assert sorted(params_a.values(), key=str) != sorted(params_b.values(), key=str)
    assert 2025 in params_a.values() and 2024 in params_b.values()
    assert [1, 2] in params_a.values() and [3, 4, 5] in params_b.values()
    raw = eng.raw_connection()  # the driver's own connection: hand-written SQL, no _compile
    try:
        for year, subjects in ((2025, [1, 2]), (2024, [3, 4, 5]), (2025, [1, 2])):
            cur = raw.cursor()
            cur.execute(
                "select sum(value_usd) from exports_by_product where extract(year from month) = ?"
                f" and enterprise_id in ({','.join('?' * len(subjects))})",
                [year, *subjects])
            want = cur.fetchone()[0]
            got = engine.run(stmt(year, subjects))["v"].iloc[0]
            assert got == pytest.approx(want)
    finally:
        raw.close()


def test_a_duckdb_statement_past_its_timeout_is_stopped_with_a_message(duck_db, monkeypatch):
    """The one watchdog thread interrupts a statement past
    EXPORT_MONITOR_STATEMENT_TIMEOUT_MS; the next statements run normally."""
    import time

    from sqlalchemy import text

    monkeypatch.setenv("EXPORT_MONITOR_STATEMENT_TIMEOUT_MS", "200")
    slow = text("select count(*) as n from range(100000000000) a")
    started = time.monotonic()
    with pytest.raises(engine.QueryError) as info:
        engine.run(slow, use_cache=False, name="slow")
    assert time.monotonic() - started < 30  # stopped, not run to the end (hours)
    assert "could not answer" in str(info.value)
    for _ in range(3):  # a quick statement after it is not interrupted
        assert engine.run(text("select 41 + 1 as n"), use_cache=False)["n"].iloc[0] == 42
