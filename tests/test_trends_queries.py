"""The Negative trends queries against an independent pandas computation over the raw
generated rows, on DuckDB and (when configured) PostgreSQL."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from queries import trends as tr
from queries.filters import ExportFilter
from queries.scope import Scope

YEAR = 2026
F = ExportFilter(year=YEAR, month_from=1, month_to=10)
FI = F.with_(industrial_only=True)


def _exports(frames) -> pd.DataFrame:
    ex = frames["exports"].copy()
    ex["month"] = pd.to_datetime(ex["month"])
    for col in ("heading_id", "region_id"):
        ex[col] = ex[col].astype(str)
    ent = frames["enterprise"][["enterprise_id", "concern_id", "oblast_id", "is_industrial"]]
    reg = frames["ru_region"][["region_id", "district_id"]]
    ex = ex.merge(ent, on="enterprise_id").merge(reg, on="region_id")
    ex["chapter_id"] = ex["heading_id"].str[:2]
    return ex


def _filtered(frames, f: ExportFilter) -> pd.DataFrame:
    ex = _exports(frames)
    for attr, col in (("concerns", "concern_id"), ("enterprises", "enterprise_id"),
                      ("oblasts", "oblast_id"), ("districts", "district_id"),
                      ("regions", "region_id"), ("chapters", "chapter_id"),
                      ("headings", "heading_id")):
        if getattr(f, attr):
            ex = ex[ex[col].isin(getattr(f, attr))]
    if f.industrial_only:
        ex = ex[ex["is_industrial"]]
    if f.scope is not None:
        # the scope is the union of its concerns and its oblasts (queries/scope.py)
        ex = ex[ex["concern_id"].isin(f.scope.concerns) | ex["oblast_id"].isin(f.scope.oblasts)]
    return ex


def _in_period(ex, year, m_from, m_to):
    m = ex["month"]
    return ex[(m.dt.year == year) & (m.dt.month >= m_from) & (m.dt.month <= m_to)]


def _expected_contributions(frames, f: ExportFilter, by: str) -> pd.DataFrame:
    ex = _filtered(frames, f)
    cur = _in_period(ex, f.year, f.month_from, f.month_to).groupby(by)["value_usd"].sum()
    ly = _in_period(ex, f.year - 1, f.month_from, f.month_to).groupby(by)["value_usd"].sum()
    out = pd.DataFrame({"value": cur, "value_ly": ly}).fillna(0.0)
    out = out[(out["value"] != 0) | (out["value_ly"] != 0)]
    out["change"] = out["value"] - out["value_ly"]
    out["contribution_pp"] = out["change"] / out["value_ly"].sum() * 100
    out.index = out.index.astype(str)
    return out


def _check_contributions(got: pd.DataFrame, want: pd.DataFrame):
    got = got.set_index(got["key"].astype(str))
    assert sorted(got.index) == sorted(want.index)
    cols = ["value", "value_ly", "change", "contribution_pp"]
    np.testing.assert_allclose(got.loc[want.index, cols].to_numpy(dtype=float),
                               want[cols].to_numpy(dtype=float), rtol=1e-9, atol=0.005)
    # ranked by contribution, most negative first
    assert list(got["change"]) == sorted(got["change"])


@pytest.mark.parametrize("level,col", [("concern", "concern_id"),
                                       ("enterprise", "enterprise_id"),
                                       ("heading", "heading_id"), ("region", "region_id")])
@pytest.mark.parametrize("flt", [F, FI], ids=["all", "industrial"])
def test_contributions_by_level(db, frames, level, col, flt):
    got = tr.contributions(flt, level)
    want = _expected_contributions(frames, flt, col)
    _check_contributions(got, want)
    # percentage points add up to the total's change in per cent
    total_change = (want["value"].sum() / want["value_ly"].sum() - 1) * 100
    assert got["contribution_pp"].sum() == pytest.approx(total_change, abs=1e-9)


def test_contributions_with_region_product_and_period_filters(db, frames):
    ex = _exports(frames)
    district = ex.groupby("district_id")["value_usd"].sum().idxmax()
    chapter = ex.groupby("chapter_id")["value_usd"].sum().idxmax()
    f = FI.with_(districts=(district,), chapters=(chapter,), month_from=3, month_to=7)
    for level, col in (("enterprise", "enterprise_id"), ("region", "region_id"),
                       ("heading", "heading_id")):
        _check_contributions(tr.contributions(f, level), _expected_contributions(frames, f, col))


def test_contributions_respect_the_access_scope(db, frames):
    scope = tuple(frames["concern"]["concern_id"].iloc[:3])
    f = F.with_(scope=Scope(concerns=scope))
    got = tr.contributions(f, "region")
    _check_contributions(got, _expected_contributions(frames, f, "region_id"))
    ents = tr.contributions(f, "enterprise")
    assert set(ents["concern_id"]) <= set(scope)


def test_concerns_summed_from_enterprises_equal_the_query(db):
    f = FI.with_(month_from=2, month_to=8)
    direct = tr.contributions(f, "concern")
    derived = tr.concerns_from_enterprises(tr.contributions(f, "enterprise"))
    assert list(derived["key"]) == list(direct["key"])
    cols = ["value", "value_ly", "change", "change_pct", "contribution_pp"]
    np.testing.assert_allclose(derived[cols].to_numpy(dtype=float),
                               direct[cols].to_numpy(dtype=float), rtol=1e-9, atol=0.005)
    assert list(derived["name"]) == list(direct["name"])


def test_bridge_goes_from_last_year_to_this_year(db, frames):
    contrib = tr.contributions(FI, "enterprise")
    want = _expected_contributions(frames, FI, "enterprise_id")
    steps = tr.bridge_steps(contrib, top=10)
    assert list(steps["kind"]) == ["start"] + ["step"] * 10 + ["others", "end"]
    start, end = steps.iloc[0], steps.iloc[-1]
    assert start["delta"] == pytest.approx(want["value_ly"].sum())
    assert end["delta"] == pytest.approx(want["value"].sum())
    # every bar starts where the previous one ended, and the last one ends at the total
    middle = steps.iloc[1:-1]
    assert middle["base"].iloc[0] == pytest.approx(start["delta"])
    np.testing.assert_allclose(middle["base"].iloc[1:], middle["level"].iloc[:-1])
    assert middle["level"].iloc[-1] == pytest.approx(end["delta"])
    # the named steps are the ten largest changes, in order from loss to gain
    largest = want["change"].abs().sort_values(ascending=False).index[:10]
    named = middle[middle["kind"] == "step"]
    assert set(named["key"]) == set(largest)
    assert list(named["delta"]) == sorted(named["delta"])
    others = middle[middle["kind"] == "others"].iloc[0]
    rest = want.drop(index=largest)
    assert others["delta"] == pytest.approx(rest["change"].sum())
    assert others["n"] == len(rest)


def test_bridge_shows_a_single_remaining_item_by_name():
    contrib = pd.DataFrame({"key": list("abc"), "name": list("ABC"), "value": [1.0, 2, 3],
                            "value_ly": [2.0, 2, 2], "change": [-1.0, 0, 1],
                            "contribution_pp": [-1 / 6 * 100, 0, 1 / 6 * 100]})
    steps = tr.bridge_steps(contrib, top=2)
    assert list(steps["kind"]) == ["start", "step", "step", "step", "end"]
    assert steps["level"].iloc[-2] == pytest.approx(6.0)


def test_bridge_level_follows_the_filter():
    assert tr.bridge_level(F) == "concern"
    assert tr.bridge_level(F.with_(concerns=("mtz",))) == "enterprise"
    assert tr.bridge_level(F.with_(concerns=("mtz", "belaz"))) == "concern"
    assert tr.bridge_level(F.with_(concerns=("mtz",), enterprises=(3,))) == "heading"


# -- runs of decline ---------------------------------------------------------------------
def _month(d: date, back: int) -> pd.Timestamp:
    return pd.Timestamp(d) - pd.DateOffset(months=back)


def _expected_runs(frames, f: ExportFilter, min_run: int) -> pd.DataFrame:
    """Straight from the definition: month by month back from f.end, while the month's
    exports (0 if none) are below the same month a year earlier."""
    ex = _filtered(frames, f)
    monthly = ex.groupby(["enterprise_id", "month"])["value_usd"].sum()
    rows = []
    for ent in ex["enterprise_id"].unique():
        series = monthly.loc[ent]
        run, v_sum, l_sum = 0, 0.0, 0.0
        while run < tr.RUN_WINDOW:
            v = series.get(_month(f.end, run), 0.0)
            ly = series.get(_month(f.end, run + 12), 0.0)
            if not v < ly:
                break
            run, v_sum, l_sum = run + 1, v_sum + v, l_sum + ly
        if run >= min_run:
            rows.append({"enterprise_id": int(ent), "run": run, "value_run": v_sum,
                         "value_ly_run": l_sum})
    return pd.DataFrame(rows, columns=["enterprise_id", "run", "value_run", "value_ly_run"]
                        ).set_index("enterprise_id")


def _check_runs(got: pd.DataFrame, want: pd.DataFrame):
    g = got.set_index("enterprise_id")
    assert sorted(g.index) == sorted(want.index)
    assert (g.loc[want.index, "run"] == want["run"]).all()
    np.testing.assert_allclose(g.loc[want.index, ["value_run", "value_ly_run"]].to_numpy(),
                               want[["value_run", "value_ly_run"]].to_numpy(), rtol=1e-9,
                               atol=0.005)
    np.testing.assert_allclose(g["loss"], g["value_run"] - g["value_ly_run"])
    # longest first, then the largest loss
    order = list(zip(-got["run"], got["loss"]))
    assert order == sorted(order)


@pytest.mark.parametrize("flt,min_run", [
    (FI, 3), (F, 1), (FI, 12),
    (F.with_(year=2025, month_to=6), 2),          # an earlier end, runs across years
    (F.with_(regions=("RU-MOW",)), 2),            # region grain
    (FI.with_(chapters=("84",), month_from=5), 3),  # product grain; month_from ignored
    (F.with_(districts=("CFD",), oblasts=("BY-MI", "BY-HM")), 1),
], ids=["industrial-3", "all-1", "industrial-12", "2025-06", "moscow", "chapter-84",
        "cfd-minsk"])
def test_decline_runs(db, frames, flt, min_run):
    got = tr.decline_runs(flt, min_run)
    want = _expected_runs(frames, flt, min_run)
    assert len(want) > 0, "the fixture should have runs for this filter"
    _check_runs(got, want)
    assert (got["run"] >= min_run).all() and (got["run"] <= tr.RUN_WINDOW).all()
    assert (got["last_month"] == flt.end).all()


def test_decline_runs_respect_the_access_scope(db, frames):
    scope = tuple(frames["concern"]["concern_id"].iloc[:4])
    f = F.with_(scope=Scope(concerns=scope))
    got = tr.decline_runs(f, 1)
    _check_runs(got, _expected_runs(frames, f, 1))
    assert set(got["concern_id"]) <= set(scope)
