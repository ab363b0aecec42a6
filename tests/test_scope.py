"""The access scope (queries/scope.py) in the data layer: every figure of a scoped
request is the scope's, checked against an independent pandas computation over the raw
generated rows; the dimension lists are cut to it; an enterprise outside it does not
exist; and no cached result crosses from one scope to another (Redis)."""

from __future__ import annotations

import pandas as pd
import pytest

from queries import engine
from queries import exports as q
from queries import scope as access
from queries.dimensions import dimensions
from queries.filters import default_filter, parse_filter
from queries.scope import Scope
from tests.test_queries import F, _compare, _expected, _exports


def _scopes(frames):
    ent = frames["enterprise"]
    concerns = sorted(set(ent["concern_id"]))
    oblasts = sorted(set(ent["oblast_id"]))
    return {
        "concern": Scope(concerns=(concerns[0],)),
        "oblast": Scope(oblasts=(oblasts[1],)),
        "union": Scope(concerns=(concerns[2],), oblasts=(oblasts[3],)),
    }


def _allowed(frames, scope: Scope) -> set[int]:
    ent = frames["enterprise"]
    keep = ent["concern_id"].isin(scope.concerns) | ent["oblast_id"].isin(scope.oblasts)
    return set(ent.loc[keep, "enterprise_id"].astype(int))


def test_an_empty_scope_is_refused():
    with pytest.raises(ValueError, match="at least one concern or oblast"):
        Scope()


@pytest.mark.parametrize("kind", ["concern", "oblast", "union"])
def test_scoped_figures_are_the_scopes(db, frames, kind):
    scope = _scopes(frames)[kind]
    with access.using(scope):
        f = default_filter(dimensions())
        assert f.scope == scope  # the request's scope goes into every filter
        f = f.with_(year=F.year, month_from=F.month_from, month_to=F.month_to)
        for level, col in (("enterprise", "enterprise_id"), ("concern", "concern_id"),
                           ("oblast", "oblast_id"), ("region", "region_id")):
            got = q.breakdown(f, level)
            _compare(got, _expected(frames, f, col))
        ents = set(q.breakdown(f, "enterprise")["key"].astype(int))
    allowed = _allowed(frames, scope)
    assert ents and ents <= allowed
    # the whole of the scope, not the whole of the country
    ex = _exports(frames)
    cur = ex[(pd.to_datetime(ex["month"]).dt.year == F.year)
             & (pd.to_datetime(ex["month"]).dt.month <= F.month_to)]
    assert 0 < cur[cur["enterprise_id"].isin(allowed)]["value_usd"].sum() \
        < cur["value_usd"].sum()


@pytest.mark.parametrize("kind", ["concern", "oblast", "union"])
def test_dimension_lists_are_cut_to_the_scope(db, frames, kind):
    scope = _scopes(frames)[kind]
    allowed = _allowed(frames, scope)
    whole = dimensions()
    with access.using(scope):
        dims = dimensions()
        f, problems = parse_filter({"enterprise": ",".join(
            str(e) for e in sorted(set(whole.enterprises["enterprise_id"]) - allowed)[:3])},
            dims)
    assert set(dims.enterprises["enterprise_id"].astype(int)) == allowed
    ent = frames["enterprise"]
    mine = ent[ent["enterprise_id"].isin(allowed)]
    assert set(dims.concerns["concern_id"]) == set(mine["concern_id"])
    assert set(dims.oblasts["oblast_id"]) == set(mine["oblast_id"]) | set(scope.oblasts)
    assert len(dims.enterprises) < len(whole.enterprises)
    # an enterprise outside the scope is unknown, as one that does not exist
    assert f.enterprises == () and [p.key for p in problems] == ["unknown_codes"]


def test_targets_are_the_scopes(db, frames):
    scopes = _scopes(frames)
    tc, to = frames["target_concern"], frames["target_oblast"]
    with access.using(scopes["concern"]):
        f = default_filter(dimensions())
        assert q.target_basis(f) == "scope"
        want = tc[(tc["year"] == f.year) & tc["concern_id"].isin(scopes["concern"].concerns)]
        assert q.target_value(f) == pytest.approx(want["value_usd"].sum())
    with access.using(scopes["oblast"]):
        f = default_filter(dimensions())
        want = to[(to["year"] == f.year) & to["oblast_id"].isin(scopes["oblast"].oblasts)]
        assert q.target_value(f) == pytest.approx(want["value_usd"].sum())
    with access.using(scopes["union"]):
        f = default_filter(dimensions())
        # a concern and an oblast together have no single target (they overlap)
        assert q.target_basis(f) == "finer" and q.target_value(f) is None


def test_no_cached_result_crosses_scopes(db, frames, monkeypatch):
    """Superset's RLS cache-isolation test, here: the same statement under two scopes,
    with the shared Redis cache, gives each scope its own rows."""
    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not answering on 127.0.0.1:6379")
    monkeypatch.setenv("EXPORT_MONITOR_REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("EXPORT_MONITOR_CACHE_SECONDS", "600")
    engine.reset()
    assert engine.cache().backend == "redis"
    engine.cache().clear()
    a, b = _scopes(frames)["concern"], _scopes(frames)["oblast"]
    results = {}
    for _ in range(2):  # the second round is served from the cache
        for name, scope in (("a", a), ("b", b), ("all", None)):
            with access.using(scope):
                f = default_filter(dimensions()).with_(year=F.year, month_from=1,
                                                       month_to=F.month_to)
                df = q.breakdown(f, "enterprise")
                results.setdefault(name, []).append(set(df["key"].astype(int)))
    for name in results:
        assert results[name][0] == results[name][1]
    assert results["a"][1] <= _allowed(frames, a)
    assert results["b"][1] <= _allowed(frames, b)
    assert results["a"][1] != results["b"][1]
    assert results["all"][1] > results["a"][1]
    keys = list(client.scan_iter("em:q:*", count=1000))
    assert keys  # the results really went through Redis
