"""queries.expectations (and the league's expectation columns) against an independent
pandas computation over the raw generated rows (``frames``), on DuckDB and (when
configured) PostgreSQL; the demonstration data's shape; the import kind."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from queries import expectations as qe
from queries import exports as q
from queries import forecast
from queries.filters import ExportFilter
from queries.scope import Scope

F = ExportFilter(year=2026, month_from=1, month_to=9)  # as of September: its submissions


def _latest(frames, table: str, key: str, f: ExportFilter) -> pd.Series:
    df = frames[table].copy()
    df["month"] = pd.to_datetime(df["month"])
    df = df[(df["month"] >= pd.Timestamp(f.year, 1, 1))
            & (df["month"] <= pd.Timestamp(f.year, f.month_to, 1))]
    return df.sort_values("month").groupby(key)["expected_usd"].last()


def _series(frames, concern: str, year: int):
    x = frames["exports"].merge(frames["enterprise"][["enterprise_id", "concern_id"]],
                                on="enterprise_id")
    x = x[x["concern_id"] == concern]
    m = pd.to_datetime(x["month"])
    out = {}
    for y in (year, year - 1):
        s = x[m.dt.year == y].groupby(m[m.dt.year == y].dt.month)["value_usd"].sum()
        out[y] = s.reindex(range(1, 13)).fillna(0.0).to_numpy()
    return out[year], out[year - 1]


def test_league_shows_each_concerns_latest_expectation(db, frames):
    league = q.league(F).set_index("key")
    want = _latest(frames, "expectation_concern", "concern_id", F)
    targets = frames["target_concern"].query("year == 2026").set_index("concern_id")["value_usd"]
    assert set(want.index) <= set(league.index) | set(want.index)
    for key, row in league.iterrows():
        if key not in want.index:
            assert np.isnan(row["expected"])
            continue
        assert row["expected"] == pytest.approx(want[key], abs=0.01)
        assert row["expected_month"] == date(2026, 9, 1)
        pct = want[key] / targets[key] * 100
        assert row["expected_vs_target_pct"] == pytest.approx(pct)
        gap = pct - row["forecast_vs_target_pct"]
        assert row["expectation_gap_pts"] == pytest.approx(gap)
        assert bool(row["expectation_flag"]) == (gap > 5)
    assert league["expectation_flag"].any() and not league["expectation_flag"].all()
    # the existing columns are kept as they were
    for col in ("value", "target", "fulfilment_pro_rata_pct", "forecast_vs_target_pct",
                "status"):
        assert col in league.columns


def test_no_expectation_where_no_target_applies(db):
    league = q.league(F.with_(headings=("8701",)))
    assert league["expected"].isna().all() and not league["expectation_flag"].any()
    assert qe.total(F.with_(headings=("8701",)), None, None)["expected"] is None


def test_national_and_oblast_totals(db, frames):
    k = q.kpis(F)
    ex = qe.total(F, k["target"], k["forecast_vs_target_pct"])
    want = _latest(frames, "expectation_concern", "concern_id", F)
    with_target = frames["target_concern"].query("year == 2026")["concern_id"]
    assert ex["expected"] == pytest.approx(want[want.index.isin(with_target)].sum(), abs=0.05)
    assert ex["expected_vs_target_pct"] == pytest.approx(ex["expected"] / k["target"] * 100)
    fo = F.with_(oblasts=("BY-BR", "BY-HM"))
    ko = q.kpis(fo)
    exo = qe.total(fo, ko["target"], ko["forecast_vs_target_pct"])
    wo = _latest(frames, "expectation_oblast", "oblast_id", F)
    assert exo["expected"] == pytest.approx(wo[["BY-BR", "BY-HM"]].sum(), abs=0.05)
    assert exo["level"] == "oblast" and exo["bodies"] == 2 and exo["missing"] == 0


def test_history_of_one_concern(db, frames):
    f = F.with_(concerns=("mtz",))
    h = qe.history(f)
    raw = frames["expectation_concern"].query("concern_id == 'mtz'").copy()
    raw["month"] = pd.to_datetime(raw["month"])
    raw = raw[(raw["month"].dt.year == 2026) & (raw["month"].dt.month <= 9)]
    assert [m.month for m in h["month"]] == list(range(1, 10))
    assert h["expected"].to_numpy() == pytest.approx(raw["expected_usd"].to_numpy())
    target = float(frames["target_concern"].query("year == 2026 and concern_id == 'mtz'")
                   ["value_usd"].iloc[0])
    cur, ly = _series(frames, "mtz", 2026)
    complete = q.as_of_month(f)
    for row in h.itertuples():
        fc, _ = forecast.forecast_year(cur, ly, min(row.month.month, complete))
        assert row.forecast == pytest.approx(fc, rel=1e-9)
        assert row.forecast_vs_target_pct == pytest.approx(fc / target * 100)
        assert row.expected_vs_target_pct == pytest.approx(row.expected / target * 100)
    assert qe.history(F).empty  # not one body
    assert qe.history(F.with_(concerns=("mtz", "belaz"))).empty


def test_scope(db):
    concern_scoped = F.with_(scope=Scope(concerns=("mtz",)))
    assert set(qe.latest(concern_scoped, "concern")["key"]) == {"mtz"}
    assert qe.latest(concern_scoped, "oblast").empty
    oblast_scoped = F.with_(scope=Scope(oblasts=("BY-BR",)))
    assert qe.latest(oblast_scoped, "concern").empty
    assert set(qe.latest(oblast_scoped, "oblast")["key"]) == {"BY-BR"}


def test_demo_submissions_are_complete_and_drift_down(frames):
    ec = frames["expectation_concern"].copy()
    ec["month"] = pd.to_datetime(ec["month"])
    for year, months in ((2025, 12), (2026, 10)):
        bodies = set(frames["target_concern"].query("year == @year")["concern_id"])
        sub = ec[ec["month"].dt.year == year]
        assert set(sub["concern_id"]) == bodies
        assert (sub.groupby("concern_id").size() == months).all()
    y25 = ec[ec["month"].dt.year == 2025].pivot(index="concern_id", columns="month",
                                                values="expected_usd")
    assert (y25.iloc[:, -1] < y25.iloc[:, 0]).mean() > 0.5  # most drift down
    eo = frames["expectation_oblast"]
    assert set(eo["oblast_id"]) == set(frames["target_oblast"]["oblast_id"])


def test_demo_is_deterministic(frames):
    from queries.demo.topics import expectations as topic
    again = topic.generate(frames, 7, "2026-10")
    pd.testing.assert_frame_equal(again["expectation_concern"].reset_index(drop=True),
                                  frames["expectation_concern"].reset_index(drop=True),
                                  check_dtype=False)
