"""Every query function against an independent pandas computation over the raw
generated rows, on DuckDB and (when configured) PostgreSQL."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from queries import exports as q
from queries.dimensions import dimensions
from queries.filters import ExportFilter
from queries.positions import overdue_position, stock_position
from queries.scope import Scope

YEAR = 2026
F = ExportFilter(year=YEAR, month_from=1, month_to=10)


def _exports(frames) -> pd.DataFrame:
    ex = frames["exports"].copy()
    ex["month"] = pd.to_datetime(ex["month"])
    ent = frames["enterprise"][["enterprise_id", "concern_id", "oblast_id"]]
    reg = frames["ru_region"][["region_id", "district_id"]]
    ex = ex.merge(ent, on="enterprise_id").merge(reg, on="region_id")
    ex["chapter_id"] = ex["heading_id"].str[:2]
    return ex


def _period(ex, year, m_from, m_to):
    m = ex["month"]
    return ex[(m.dt.year == year) & (m.dt.month >= m_from) & (m.dt.month <= m_to)]


def _expected(frames, f: ExportFilter, by: str) -> pd.DataFrame:
    ex = _exports(frames)
    for attr, col in (("concerns", "concern_id"), ("enterprises", "enterprise_id"),
                      ("oblasts", "oblast_id"), ("districts", "district_id"),
                      ("regions", "region_id"), ("chapters", "chapter_id"),
                      ("headings", "heading_id")):
        values = getattr(f, attr)
        if values:
            ex = ex[ex[col].isin(values)]
    if f.scope is not None:
        # the scope is the union of its concerns and its oblasts (queries/scope.py)
        ex = ex[ex["concern_id"].isin(f.scope.concerns) | ex["oblast_id"].isin(f.scope.oblasts)]
    cur = _period(ex, f.year, f.month_from, f.month_to).groupby(by)["value_usd"].sum()
    ly = _period(ex, f.year - 1, f.month_from, f.month_to).groupby(by)["value_usd"].sum()
    ly_full = _period(ex, f.year - 1, 1, 12).groupby(by)["value_usd"].sum()
    out = pd.DataFrame({"value": cur, "value_ly": ly, "value_ly_full": ly_full}).fillna(0.0)
    return out[(out["value"] != 0) | (out["value_ly"] != 0)]


def _compare(actual: pd.DataFrame, expected: pd.DataFrame):
    got = actual.set_index(actual["key"].astype(str))[["value", "value_ly", "value_ly_full"]]
    expected = expected.copy()
    expected.index = expected.index.astype(str)
    assert sorted(got.index) == sorted(expected.index)
    got = got.loc[expected.index]
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-9, atol=0.005)


@pytest.mark.parametrize("level,col", [("concern", "concern_id"), ("oblast", "oblast_id"),
                                       ("district", "district_id"), ("region", "region_id"),
                                       ("chapter", "chapter_id")])
def test_breakdown_all(db, frames, level, col):
    _compare(q.breakdown(F, level), _expected(frames, F, col))


def test_breakdown_drilled_to_enterprise_and_heading(db, frames):
    concern = frames["concern"]["concern_id"].iloc[0]
    f = F.with_(concerns=(concern,))
    ents = q.breakdown(f, "enterprise")
    _compare(ents, _expected(frames, f, "enterprise_id"))
    ent = int(ents["key"].iloc[0])
    f2 = f.with_(enterprises=(ent,))
    _compare(q.breakdown(f2, "heading"), _expected(frames, f2, "heading_id"))


def test_breakdown_with_region_and_product_filters_uses_every_grain(db, frames):
    ex = _exports(frames)
    district = ex.groupby("district_id")["value_usd"].sum().idxmax()
    chapter = ex.groupby("chapter_id")["value_usd"].sum().idxmax()
    f = F.with_(districts=(district,), chapters=(chapter,), month_from=3, month_to=7)
    _compare(q.breakdown(f, "region"), _expected(frames, f, "region_id"))
    _compare(q.breakdown(f, "concern"), _expected(frames, f, "concern_id"))


@pytest.mark.parametrize("narrow", ["none", "districts", "regions", "concerns", "scope",
                                    "chapters", "industrial"])
def test_breakdown_by_district_under_each_filter(db, frames, narrow):
    """The district level under the filters that change which table it reads (sums by
    region added up by district, or a table that carries the district)."""
    ex = _exports(frames)
    top = {c: ex.groupby(c)["value_usd"].sum().sort_values(ascending=False).index[:2]
           for c in ("district_id", "region_id", "concern_id", "chapter_id")}
    f = {"none": F,
         "districts": F.with_(districts=tuple(top["district_id"])),
         "regions": F.with_(regions=tuple(top["region_id"])),
         "concerns": F.with_(concerns=tuple(top["concern_id"])),
         "scope": F.with_(scope=Scope(concerns=tuple(top["concern_id"][:1]))),
         "chapters": F.with_(chapters=tuple(top["chapter_id"][:1]), month_from=2),
         "industrial": F.with_(industrial_only=True)}[narrow]
    got = q.breakdown(f, "district")
    if narrow == "industrial":
        ind = set(frames["enterprise"].loc[frames["enterprise"]["is_industrial"].astype(bool),
                                           "enterprise_id"])
        frames = {**frames, "exports": frames["exports"][
            frames["exports"]["enterprise_id"].isin(ind)]}
    _compare(got, _expected(frames, f, "district_id"))
    assert list(got["value"]) == sorted(got["value"], reverse=True)


def test_breakdown_shares_and_changes(db, frames):
    df = q.breakdown(F, "concern")
    assert df["share_pct"].sum() == pytest.approx(100.0)
    row = df.iloc[0]
    assert row["change"] == pytest.approx(row["value"] - row["value_ly"])
    assert row["change_pct"] == pytest.approx((row["value"] / row["value_ly"] - 1) * 100)
    assert list(df["value"]) == sorted(df["value"], reverse=True)


def test_access_scope_is_enforced(db, frames):
    scope = tuple(frames["concern"]["concern_id"].iloc[:2])
    f = F.with_(scope=Scope(concerns=scope))
    df = q.breakdown(f, "concern")
    assert set(df["key"]) <= set(scope)
    _compare(q.breakdown(f, "region"), _expected(frames, f, "region_id"))
    exp = _expected(frames, f, "concern_id")["value"].sum()
    assert q.kpis(f)["value"] == pytest.approx(exp)


def test_monthly_series(db, frames):
    f = F.with_(month_from=2, month_to=9)
    df = q.monthly(f)
    ex = _exports(frames)
    cur = _period(ex, YEAR, 1, 12).groupby(ex["month"].dt.month)["value_usd"].sum()
    ly = _period(ex, YEAR - 1, 1, 12).groupby(ex["month"].dt.month)["value_usd"].sum()
    assert list(df["month"]) == list(range(1, 13))
    for m in range(1, 13):
        row = df[df["month"] == m].iloc[0]
        assert row["value_ly"] == pytest.approx(ly.get(m, 0.0))
        if 2 <= m <= 9:
            assert row["value"] == pytest.approx(cur.get(m, 0.0))
        else:
            assert np.isnan(row["value"])
    target = frames["target_concern"].query("year == @YEAR")["value_usd"].sum()
    assert df["target"].sum() == pytest.approx(target)
    assert df["cum_value"].dropna().iloc[-1] == pytest.approx(sum(cur.get(m, 0) for m in range(2, 10)))
    # every running sum starts at the first chosen month; value_all ignores the months
    ly_total = sum(ly.get(m, 0.0) for m in range(1, 13))
    for m in range(1, 13):
        row = df[df["month"] == m].iloc[0]
        assert row["value_all"] == pytest.approx(cur.get(m, 0.0))
        assert row["target"] == pytest.approx(target * ly.get(m, 0.0) / ly_total)
        if m < 2:
            assert np.isnan(row["cum_value"]) and np.isnan(row["cum_value_ly"])
            assert np.isnan(row["cum_target"])
            continue
        assert row["cum_value_ly"] == pytest.approx(sum(ly.get(k, 0.0) for k in range(2, m + 1)))
        assert row["cum_target"] == pytest.approx(
            target * sum(ly.get(k, 0.0) for k in range(2, m + 1)) / ly_total)
        if m <= 9:
            assert row["cum_value"] == pytest.approx(sum(cur.get(k, 0.0) for k in range(2, m + 1)))
        else:
            assert np.isnan(row["cum_value"])


def test_monthly_without_a_target(db, frames):
    """A Russian region: no target applies, so the path and its running sum are NaN."""
    region = str(frames["ru_region"]["region_id"].iloc[0])
    df = q.monthly(F.with_(regions=(region,)))
    assert df["target"].isna().all() and df["cum_target"].isna().all()
    ex = _exports(frames)
    ex = ex[ex["region_id"].astype(str) == region]
    cur = _period(ex, YEAR, 1, 12).groupby(ex["month"].dt.month)["value_usd"].sum()
    assert list(df["value_all"]) == pytest.approx([cur.get(m, 0.0) for m in range(1, 13)])


def test_kpis(db, frames):
    k = q.kpis(F)
    ex = _exports(frames)
    value = _period(ex, YEAR, 1, 10)["value_usd"].sum()
    value_ly = _period(ex, YEAR - 1, 1, 10)["value_usd"].sum()
    ly_full = _period(ex, YEAR - 1, 1, 12)["value_usd"].sum()
    target = frames["target_concern"].query("year == @YEAR")["value_usd"].sum()
    assert k["value"] == pytest.approx(value)
    assert k["value_ly"] == pytest.approx(value_ly)
    assert k["growth_pct"] == pytest.approx((value / value_ly - 1) * 100)
    assert k["target"] == pytest.approx(target)
    due = target * value_ly / ly_full
    assert k["fulfilment_pro_rata_pct"] == pytest.approx(value / due * 100)
    assert k["fulfilment_year_pct"] == pytest.approx(value / target * 100)
    # the full-year forecast (issue 9): every complete month this year + last year's
    # remaining months × the mean of the last 3 months' and the year-to-date ratio;
    # tests/test_headline.py checks it in detail
    cur = _period(ex, YEAR, 1, 12).groupby(ex["month"].dt.month)["value_usd"].sum()
    ly = _period(ex, YEAR - 1, 1, 12).groupby(ex["month"].dt.month)["value_usd"].sum()
    ratio = (0.5 * cur.loc[8:10].sum() / ly.loc[8:10].sum()
             + 0.5 * cur.loc[1:10].sum() / ly.loc[1:10].sum())
    assert k["forecast"] == pytest.approx(value + ly.loc[11:12].sum() * ratio)


def test_kpis_from_concern_breakdown_equal_the_query(db):
    f = F.with_(oblasts=("BY-MI",), month_from=2)
    direct = q.kpis(f)
    derived = q.kpis(f, by_concern=q.breakdown(f, "concern"))
    for key in ("value", "value_ly", "value_ly_full", "forecast", "growth_pct"):
        assert derived[key] == pytest.approx(direct[key]), key


def test_target_by_oblast_and_none_for_finer_filters(db, frames):
    oblast = frames["by_oblast"]["oblast_id"].iloc[0]
    expected = frames["target_oblast"].query("year == @YEAR and oblast_id == @oblast")
    assert q.target_value(F.with_(oblasts=(oblast,))) == pytest.approx(
        expected["value_usd"].sum())
    assert q.target_value(F.with_(regions=("RU-MOW",))) is None
    assert q.kpis(F.with_(headings=("0406",)))["target"] is None


def test_league_statuses(db, frames):
    df = q.league(F)
    targets = frames["target_concern"].query("year == @YEAR").set_index("concern_id")
    for r in df.itertuples():
        due = targets.loc[r.key, "value_usd"] * r.value_ly / r.value_ly_full
        assert r.fulfilment_pro_rata_pct == pytest.approx(r.value / due * 100)
        expected = ("on_track" if r.value / due >= 1 else
                    "at_risk" if r.value / due >= 0.95 else "behind")
        assert r.status == expected


def test_stock_and_overdue_positions(db, frames):
    st = frames["stock"].copy()
    st["month"] = pd.to_datetime(st["month"])
    pos = stock_position(F)
    assert pos["value"] == pytest.approx(st[st["month"] == "2026-10-01"]["value_usd"].sum())
    assert pos["value_ly"] == pytest.approx(st[st["month"] == "2025-10-01"]["value_usd"].sum())
    rc = frames["receivable"].copy()
    rc["month"] = pd.to_datetime(rc["month"])
    od = overdue_position(F.with_(regions=("RU-MOW",)))
    cur = rc[(rc["month"] == "2026-10-01") & (rc["region_id"] == "RU-MOW")]
    assert od["overdue"] == pytest.approx(cur["overdue_usd"].sum())
    assert od["total"] == pytest.approx(cur["total_usd"].sum())


def test_dimensions_and_freshness(db, frames):
    dims = dimensions()
    assert dims.latest_month == date(2026, 10, 1)
    assert len(dims.concerns) == len(frames["concern"])
    assert len(dims.enterprises) == len(frames["enterprise"])
    assert dims.loaded_at is not None
    assert set(dims.headings["heading_id"]) == set(frames["exports"]["heading_id"])


def test_industrial_only(db, frames):
    industrial = set(frames["enterprise"].query("is_industrial")["enterprise_id"])
    ex = _exports(frames)
    ex = ex[ex["enterprise_id"].isin(industrial)]
    f = F.with_(industrial_only=True)
    got = q.breakdown(f, "region").set_index("key")["value"]
    want = _period(ex, YEAR, 1, 10).groupby("region_id")["value_usd"].sum()
    want = want[want != 0]
    assert got.sum() == pytest.approx(want.sum())
    assert q.kpis(f)["target"] is None  # targets are by concern, not by industry
