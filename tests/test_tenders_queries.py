"""queries.tenders against an independent pandas computation over the raw generated
rows (``frames``), on DuckDB and (when configured) PostgreSQL; and the demonstration
data's promises (the Stavropol and Rostov showcase, localisation losses growing)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from queries import tenders as q
from queries.filters import ExportFilter
from queries.scope import Scope

F = ExportFilter(year=2026, month_from=1, month_to=10)
DECIDED = ("won", "lost", "not_admitted")


def _rows(frames) -> pd.DataFrame:
    bids = frames["tender_bid"].merge(frames["procurement"], on="procurement_id")
    bids["notice_date"] = pd.to_datetime(bids["notice_date"]).dt.date
    ent = frames["enterprise"][["enterprise_id", "concern_id", "oblast_id", "is_industrial"]]
    reg = frames["ru_region"][["region_id", "district_id"]].astype({"region_id": str})
    bids["region_id"] = bids["region_id"].astype(str)
    return bids.merge(ent, on="enterprise_id").merge(reg, on="region_id")


def _filtered(df: pd.DataFrame, f: ExportFilter, subject=None, whole=False) -> pd.DataFrame:
    last = date(f.year + (f.month_to == 12), f.month_to % 12 + 1, 1)
    df = df[df["notice_date"] < last]
    if not whole:
        df = df[df["notice_date"] >= f.start]
    for attr, col in (("concerns", "concern_id"), ("enterprises", "enterprise_id"),
                      ("oblasts", "oblast_id"), ("districts", "district_id"),
                      ("regions", "region_id")):
        if getattr(f, attr):
            df = df[df[col].isin(getattr(f, attr))]
    if f.scope is not None:
        df = df[df["concern_id"].isin(f.scope.concerns) | df["oblast_id"].isin(f.scope.oblasts)]
    if subject:
        df = df[df["subject"] == subject]
    return df


def _expected(df: pd.DataFrame, by: str) -> pd.DataFrame:
    def agg(g):
        decided = g["outcome"].isin(DECIDED).sum()
        won = (g["outcome"] == "won").sum()
        loc = (g["outcome"].isin(("lost", "not_admitted"))
               & (g["loss_reason"] == "localisation")).sum()
        return pd.Series({"bids": len(g), "won": won, "decided": decided,
                          "localisation": loc,
                          "value_won": g.loc[g["outcome"] == "won", "bid_usd"].sum(),
                          "win_rate_pct": won / decided * 100 if decided else np.nan})
    return df.groupby(by).apply(agg, include_groups=False)


FILTERS = [F, ExportFilter(2025, 1, 12), ExportFilter(2026, 1, 10, concerns=("belavtomaz",)),
           ExportFilter(2025, 3, 9, districts=("SFD", "NCFD")),
           ExportFilter(2026, 1, 10, regions=("RU-STA", "RU-ROS")),
           ExportFilter(2026, 1, 10, oblasts=("BY-HM",)),
           ExportFilter(2026, 1, 10, scope=Scope(concerns=("mtz",), oblasts=("BY-HO",)))]


@pytest.mark.parametrize("f", FILTERS)
@pytest.mark.parametrize("subject", [None, "buses"])
def test_summary_matches_the_raw_rows(db, frames, f, subject):
    df = _filtered(_rows(frames), f, subject)
    s = q.summary(f, subject)
    decided = df["outcome"].isin(DECIDED).sum()
    assert s["bids"] == len(df)
    assert s["procurements"] == df["procurement_id"].nunique()
    assert s["won"] == (df["outcome"] == "won").sum()
    assert s["decided"] == decided
    assert s["pending"] == (df["outcome"] == "pending").sum()
    assert s["cancelled"] == (df["outcome"] == "cancelled").sum()
    loc = df[df["outcome"].isin(("lost", "not_admitted")) & (df["loss_reason"] == "localisation")]
    assert s["localisation"] == len(loc)
    assert s["localisation_usd"] == pytest.approx(loc["bid_usd"].fillna(0).sum())
    assert s["value_won"] == pytest.approx(df.loc[df["outcome"] == "won", "bid_usd"].sum())
    if decided:
        assert s["win_rate_pct"] == pytest.approx((df["outcome"] == "won").sum() / decided * 100)
    else:
        assert np.isnan(s["win_rate_pct"])


LEVEL_COLUMN = {"concern": "concern_id", "enterprise": "enterprise_id",
                "district": "district_id", "region": "region_id", "subject": "subject"}


@pytest.mark.parametrize("level", q.LEVELS)
@pytest.mark.parametrize("f", FILTERS[:5])
def test_breakdown_matches_the_raw_rows(db, frames, level, f):
    got = q.breakdown(f, level).set_index("key")
    want = _expected(_filtered(_rows(frames), f), LEVEL_COLUMN[level])
    if level == "enterprise":
        want.index = want.index.astype(int)
    assert sorted(got.index) == sorted(want.index)
    for col in ("bids", "won", "decided", "localisation"):
        assert (got[col] == want.loc[got.index, col].astype(int)).all(), col
    assert np.allclose(got["value_won"], want.loc[got.index, "value_won"].astype(float))
    assert np.allclose(got["win_rate_pct"], want.loc[got.index, "win_rate_pct"].astype(float),
                       equal_nan=True)
    # largest value won first
    assert list(got["value_won"]) == sorted(got["value_won"], reverse=True)


def test_loss_reasons_put_localisation_first(db, frames):
    df = _filtered(_rows(frames), F)
    losing = df[df["outcome"].isin(("lost", "not_admitted"))]
    got = q.loss_reasons(F)
    assert got["reason"].iloc[0] == "localisation"
    want = losing.groupby("loss_reason").size()
    assert dict(zip(got["reason"], got["bids"])) == want.to_dict()
    assert got["share_pct"].sum() == pytest.approx(100)


def test_localisation_trend_by_quarter(db, frames):
    df = _filtered(_rows(frames), F, whole=True)
    df = df[df["outcome"].isin(DECIDED)]
    df["quarter"] = [date(d.year, (d.month - 1) // 3 * 3 + 1, 1) for d in df["notice_date"]]
    got = q.localisation_trend(F).set_index("quarter")
    assert got.index[0] == date(2024, 1, 1) and got.index[-1] == date(2026, 10, 1)
    assert len(got) == 12  # every quarter, empty ones too
    for quarter, g in df.groupby("quarter"):
        loc = (g["loss_reason"] == "localisation").sum()
        assert got.loc[quarter, "decided"] == len(g)
        assert got.loc[quarter, "localisation"] == loc
        assert got.loc[quarter, "won"] == (g["outcome"] == "won").sum()
        assert got.loc[quarter, "other_losses"] == len(g) - loc - (g["outcome"] == "won").sum()


def test_bid_list_is_the_filter_latest_first(db, frames):
    f = ExportFilter(2026, 1, 10, regions=("RU-STA",))
    got = q.bid_list(f)
    want = _filtered(_rows(frames), f)
    assert len(got) == len(want)
    assert list(got["notice_date"]) == sorted(got["notice_date"], reverse=True)
    assert set(got["customer"]) == set(want["customer"])
    assert all(r is None or isinstance(r, str) for r in got["loss_reason"])


def test_a_period_without_bids(db, frames):
    """A filter before the first notice: zeros, no rate, no rows, no trend (the page
    reads its aggregates from one grain; an empty one must not break any of them)."""
    f = ExportFilter(2019, 1, 12)
    assert _filtered(_rows(frames), f, whole=True).empty  # the case is what it says
    s = q.summary(f)
    assert s["bids"] == s["won"] == s["procurements"] == 0 and s["value_won"] == 0
    assert np.isnan(s["win_rate_pct"])
    for level in q.LEVELS:
        assert q.breakdown(f, level).empty
    assert q.loss_reasons(f).empty
    assert q.localisation_trend(f).empty


def test_lost_by_reason_and_period_against_the_raw_rows(db, frames):
    """Each reason's lost and not-admitted bids and their value, for a period inside the
    history (the grain carries earlier bids for the trend; they must not count here)."""
    f = ExportFilter(2025, 4, 9)
    df = _filtered(_rows(frames), f)
    losing = df[df["outcome"].isin(("lost", "not_admitted"))]
    got = q.loss_reasons(f).set_index("reason")
    for reason, g in losing.groupby(losing["loss_reason"].fillna("other")):
        assert got.loc[reason, "lost"] == (g["outcome"] == "lost").sum()
        assert got.loc[reason, "not_admitted"] == (g["outcome"] == "not_admitted").sum()
        assert got.loc[reason, "bid_usd"] == pytest.approx(g["bid_usd"].fillna(0).sum())
    assert got["bids"].sum() == len(losing)


def test_the_page_grain_gives_what_each_function_gives(db):
    """The page sums one grain; each public function reads its own: same figures."""
    f = ExportFilter(2026, 1, 10, districts=("SFD",))
    g = q.grain(f, "buses")
    assert q.summary_of(g, q.procurement_count(f, "buses")) == q.summary(f, "buses")
    for level in q.LEVELS:
        pd.testing.assert_frame_equal(q.breakdown_of(g, level, "ru"),
                                      q.breakdown(f, level, "buses", "ru"))
    pd.testing.assert_frame_equal(q.loss_reasons_of(g), q.loss_reasons(f, "buses"))
    pd.testing.assert_frame_equal(q.localisation_trend_of(g, f),
                                  q.localisation_trend(f, "buses"))


def test_showcase_stavropol_and_rostov_public_transport(frames):
    df = _rows(frames)
    for region, customer in (("RU-STA", "МУП «Ставропольское троллейбусное предприятие»"),
                             ("RU-ROS", "МКУ «Дирекция по транспорту г. Ростова-на-Дону»")):
        mine = df[(df["region_id"] == region) & (df["customer"] == customer)]
        assert set(mine["subject"]) & {"buses", "trolleybuses"}
        assert {"won", "lost"} <= set(mine["outcome"])
        assert "localisation" in set(mine["loss_reason"].dropna())


def test_localisation_losses_grow(frames):
    df = _rows(frames)
    df = df[df["outcome"].isin(DECIDED)]
    share = (df.assign(y=[d.year for d in df["notice_date"]],
                       loc=df["loss_reason"] == "localisation")
             .groupby("y")["loc"].mean())
    assert share[2024] < share[2025] < share[2026]


def test_the_generator_is_deterministic():
    from queries import demo
    from queries.demo.topics import tenders as gen

    a = demo.generate(scale=0.05, seed=3, end_month="2026-10")
    b = gen.generate(a, 3, "2026-10")
    pd.testing.assert_frame_equal(a["procurement"], b["procurement"])
    pd.testing.assert_frame_equal(a["tender_bid"], b["tender_bid"])
