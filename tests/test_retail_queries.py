"""queries.retail against an independent computation over the raw generated rows
(``frames``: the stage histories walked in plain Python), on DuckDB and (when
configured) PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from queries import retail as q
from queries.filters import ExportFilter
from queries.scope import Scope

F = ExportFilter(year=2026, month_from=1, month_to=10)
EARLY = ExportFilter(year=2025, month_from=3, month_to=6)
RANK = {"talks": 1, "draft_sent": 2, "signed": 3, "supplying": 4}


def _last_day(f: ExportFilter) -> date:
    e = f.end
    return date(e.year + (e.month == 12), e.month % 12 + 1, 1) - timedelta(days=1)


def _histories(frames) -> dict[int, list[tuple[date, str]]]:
    st = frames["retail_contract_stage"]
    out: dict[int, list] = {}
    for cid, d, s in zip(st["contract_id"], pd.to_datetime(st["changed_on"]).dt.date,
                         st["stage"]):
        out.setdefault(int(cid), []).append((d, s))
    return {k: sorted(v) for k, v in out.items()}


def _contracts(frames, f: ExportFilter, chains=()) -> pd.DataFrame:
    """One row per contract in the view, computed here: stage as of, since, reach,
    supplying days in the period, delivered in the period."""
    asof = _last_day(f)
    start = f.start
    con = frames["retail_contract"].merge(
        frames["enterprise"][["enterprise_id", "concern_id", "oblast_id", "is_industrial"]],
        on="enterprise_id")
    dl = frames["retail_delivery"].copy()
    dl["month"] = pd.to_datetime(dl["month"]).dt.date
    dl = dl[(dl["month"] >= f.start) & (dl["month"] <= f.end)]
    delivered = dl.groupby("contract_id")["value_usd"].sum()
    hist = _histories(frames)
    rows = []
    for r in con.itertuples():
        h = [(d, s) for d, s in hist.get(int(r.contract_id), []) if d <= asof]
        if not h:
            continue
        days = 0
        for i, (d, s) in enumerate(h):
            if s != "supplying":
                continue
            until = h[i + 1][0] if i + 1 < len(h) else asof + timedelta(days=1)
            days += max(0, (min(until, asof + timedelta(days=1)) - max(d, start)).days)
        rows.append({"contract_id": int(r.contract_id), "chain_id": r.chain_id,
                     "enterprise_id": int(r.enterprise_id), "concern_id": r.concern_id,
                     "oblast_id": r.oblast_id, "is_industrial": bool(r.is_industrial),
                     "expected": float(r.expected_annual_usd), "stage": h[-1][1],
                     "since": h[-1][0], "reach": max(RANK.get(s, 0) for _, s in h),
                     "days": days, "delivered": delivered.get(r.contract_id, np.nan)})
    df = pd.DataFrame(rows)
    if chains:
        df = df[df["chain_id"].isin(chains)]
    if f.concerns:
        df = df[df["concern_id"].isin(f.concerns)]
    if f.oblasts:
        df = df[df["oblast_id"].isin(f.oblasts)]
    if f.scope is not None:
        df = df[df["concern_id"].isin(f.scope.concerns) | df["oblast_id"].isin(f.scope.oblasts)]
    return df


LEVEL_COLUMN = {"concern": "concern_id", "enterprise": "enterprise_id", "chain": "chain_id"}


def test_the_demo_has_a_plausible_pipeline(frames):
    con = frames["retail_contract"]
    assert 60 <= len(con) <= 120
    by = con.merge(frames["enterprise"], on="enterprise_id")["concern_id"].value_counts()
    assert by.index[0] == "bellegprom"
    assert {"belgospishcheprom", "minagro"} <= set(by.index[:4])
    st = frames["retail_contract_stage"]
    assert set(st["stage"]) == set(q.STAGES)
    assert {"talks", "draft_sent", "supplying", "ended"} <= set(con["stage"])
    assert not st.duplicated(["contract_id", "changed_on"]).any()  # one change a day
    assert pd.to_datetime(st["changed_on"]).min() >= pd.Timestamp("2024-01-01")
    assert pd.to_datetime(st["changed_on"]).max() <= pd.Timestamp("2026-10-31")
    # every history begins with talks; the contract's stage is its latest change
    first = st.sort_values(["contract_id", "changed_on"]).groupby("contract_id").first()
    assert (first["stage"] == "talks").all()
    last = st.sort_values(["contract_id", "changed_on"]).groupby("contract_id").last()
    assert (last["stage"] == con.set_index("contract_id")["stage"]).all()


@pytest.mark.parametrize("f", [F, EARLY, F.with_(concerns=("bellegprom",)),
                               F.with_(oblasts=("BY-MI",))])
@pytest.mark.parametrize("level", ["concern", "enterprise", "chain"])
def test_pipeline_counts_and_values(db, frames, f, level):
    got = q.pipeline(f, level).set_index("key")
    mine = _contracts(frames, f)
    col = LEVEL_COLUMN[level]
    assert sorted(got.index) == sorted(mine[col].unique())
    for key, grp in mine.groupby(col):
        row = got.loc[key]
        assert row["contracts"] == len(grp)
        for s in q.STAGES:
            assert row[s] == (grp["stage"] == s).sum(), (key, s)
            assert row[f"{s}_usd"] == pytest.approx(grp.loc[grp["stage"] == s, "expected"].sum())
        assert row["reached_supplying"] == (grp["reach"] == 4).sum()
        assert row["pipeline_usd"] == pytest.approx(
            grp.loc[grp["stage"].isin(["talks", "draft_sent", "signed"]), "expected"].sum())
    # the most contracts first
    assert list(got["contracts"]) == sorted(got["contracts"], reverse=True)


def test_total_and_funnel(db, frames):
    mine = _contracts(frames, F)
    total = q.pipeline(F, "total").iloc[0]
    assert total["contracts"] == len(mine)
    assert total["conversion_pct"] == pytest.approx((mine["reach"] == 4).mean() * 100)
    fun = q.funnel(F).set_index("stage")
    for stage, rank in RANK.items():
        expected = len(mine) if stage == "talks" else (mine["reach"] >= rank).sum()
        assert fun.loc[stage, "reached"] == expected
        assert fun.loc[stage, "pct"] == pytest.approx(expected / len(mine) * 100)


@pytest.mark.parametrize("days", [None, 30, 200])
def test_stalled_negotiations(db, frames, days, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_RETAIL_STALLED_DAYS", "120")
    limit = 120 if days is None else days
    mine = _contracts(frames, F)
    asof = _last_day(F)
    want = mine[mine["stage"].isin(["talks", "draft_sent"])
                & ((asof - mine["since"]).map(lambda d: d.days) > limit)]
    got = q.stalled(F, days)
    assert sorted(got["contract_id"]) == sorted(want["contract_id"])
    assert got["stalled"].all()
    assert list(got["days"]) == sorted(got["days"], reverse=True)  # the longest first
    assert len(got) > 0


@pytest.mark.parametrize("level", ["concern", "chain", "total"])
@pytest.mark.parametrize("f", [F, EARLY])
def test_deliveries_against_pro_rata_expectations(db, frames, level, f):
    mine = _contracts(frames, f)
    mine = mine.assign(exp=mine["expected"] / 365 * mine["days"],
                       key=mine[LEVEL_COLUMN[level]] if level != "total" else "total")
    got = q.deliveries(f, level).set_index("key")
    for key, grp in mine.groupby("key"):
        if grp["delivered"].fillna(0).sum() == 0 and grp["exp"].sum() == 0:
            assert key not in got.index or level == "total"
            continue
        row = got.loc[key]
        reported = grp["delivered"].notna()
        assert row["delivered_usd"] == pytest.approx(grp["delivered"].fillna(0).sum())
        assert row["expected_usd"] == pytest.approx(grp["exp"].sum())
        assert row["expected_reported_usd"] == pytest.approx(grp.loc[reported, "exp"].sum())
        assert row["supplying"] == (grp["days"] > 0).sum()
        assert row["reported"] == ((grp["days"] > 0) & reported).sum()
        if row["expected_reported_usd"] > 0:
            assert row["pct"] == pytest.approx(row["delivered_usd"]
                                               / row["expected_reported_usd"] * 100)


def test_chain_filter_and_contract_list(db, frames):
    chains = ("x5", "lenta")
    mine = _contracts(frames, F, chains)
    got = q.contracts(F, chains)
    assert sorted(got["contract_id"]) == sorted(mine["contract_id"])
    assert set(got["chain_id"]) <= set(chains)
    by_id = mine.set_index("contract_id")
    for r in got.itertuples():
        assert r.stage == by_id.loc[r.contract_id, "stage"]
        assert r.supplying_days == by_id.loc[r.contract_id, "days"]
    assert q.pipeline(F, "total", chains).iloc[0]["contracts"] == len(mine)


def test_the_scope_limits_every_function(db, frames):
    scope = Scope(concerns=("minagro",))
    f = F.with_(scope=scope)
    mine = _contracts(frames, F)
    mine = mine[mine["concern_id"] == "minagro"]
    assert list(q.pipeline(f, "concern")["key"]) == ["minagro"]
    assert q.pipeline(f, "total").iloc[0]["contracts"] == len(mine)
    assert set(q.contracts(f)["concern_id"]) == {"minagro"}
    assert set(q.stalled(f, 30)["concern_id"]) <= {"minagro"}
    assert set(q.deliveries(f, "concern")["key"]) <= {"minagro"}
    assert q.funnel(f).iloc[0]["reached"] == len(mine)


def test_a_period_before_any_contract_is_empty(db):
    f = ExportFilter(year=2023, month_from=1, month_to=12)
    assert q.pipeline(f, "concern").empty
    assert q.pipeline(f, "total").iloc[0]["contracts"] == 0
    assert q.funnel(f)["reached"].sum() == 0
    assert q.stalled(f).empty
    assert q.deliveries(f, "total").iloc[0]["delivered_usd"] == 0


def test_bad_level_is_refused():
    with pytest.raises(ValueError):
        q.pipeline(F, "oblast")
