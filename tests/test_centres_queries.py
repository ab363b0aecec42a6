"""queries.centres and the centres demo data against an independent pandas computation
over the raw generated rows (``frames``), on DuckDB and (when configured) PostgreSQL."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from queries import centres as q
from queries.filters import ExportFilter
from queries.scope import Scope

F = ExportFilter(year=2026, month_from=1, month_to=10)
CENTRE = "multibrand_center"
COL = {"district": "district_id", "region": "region_id", "concern": "concern_id"}


def _centres(frames) -> pd.DataFrame:
    d = frames["dist_subject"]
    d = d[d["kind"] == CENTRE].copy()
    reg = frames["ru_region"][["region_id", "district_id"]].astype(str)
    d["region_id"] = d["region_id"].astype(str)
    return d.merge(reg, on="region_id")


def _status(d: pd.DataFrame, f: ExportFilter) -> pd.Series:
    last = (pd.Timestamp(f.end) + pd.offsets.MonthEnd(0))
    opened = d["opened_on"].notna() & (pd.to_datetime(d["opened_on"]) <= last)
    due = d["planned_opening"].notna() & (pd.to_datetime(d["planned_opening"]) <= last)
    return pd.Series(np.where(opened, "open", np.where(due, "overdue", "planned")),
                     index=d.index)


def _sales(frames, f: ExportFilter) -> pd.DataFrame:
    cm = frames["centre_month"].copy()
    cm["month"] = pd.to_datetime(cm["month"])
    cm = cm[cm["month"].between(pd.Timestamp(f.start), pd.Timestamp(f.end))]
    return cm.groupby("subject_id")[["sales_usd", "units_sold", "service_orders",
                                     "service_usd"]].sum()


def _machinery(frames, f: ExportFilter, by: str) -> pd.Series:
    x = frames["exports"]
    x = x[x["heading_id"].astype(str).str[:2].isin(["84", "87"])]
    x = x[pd.to_datetime(x["month"]).between(pd.Timestamp(f.start), pd.Timestamp(f.end))]
    x = x.merge(frames["enterprise"][["enterprise_id", "concern_id", "oblast_id"]],
                on="enterprise_id")
    x["region_id"] = x["region_id"].astype(str)
    x = x.merge(frames["ru_region"][["region_id", "district_id"]].astype(str), on="region_id")
    if f.concerns:
        x = x[x["concern_id"].isin(f.concerns)]
    if f.districts:
        x = x[x["district_id"].isin(f.districts)]
    if f.scope is not None:
        x = x[x["concern_id"].isin(f.scope.concerns) | x["oblast_id"].isin(f.scope.oblasts)]
    return x.groupby(by)["value_usd"].sum() if by != "total" else x["value_usd"].sum()


@pytest.mark.parametrize("level", ["district", "region", "concern"])
def test_levels_count_centres_and_sum_sales_against_exports(db, frames, level):
    got = q.levels(F, (level,))[level].set_index("key")
    d = _centres(frames)
    d["status"] = _status(d, F)
    d = d.join(_sales(frames, F), on="subject_id").fillna({"sales_usd": 0.0,
                                                           "service_usd": 0.0})
    want = d.groupby(COL[level]).agg(
        open=("status", lambda s: (s == "open").sum()),
        overdue=("status", lambda s: (s == "overdue").sum()),
        planned=("status", lambda s: (s == "planned").sum()),
        sales_usd=("sales_usd", "sum"), service_usd=("service_usd", "sum"))
    assert sorted(got.index) == sorted(want.index.astype(str))
    for key, row in want.iterrows():
        g = got.loc[str(key)]
        assert (g["open"], g["overdue"], g["planned"]) == (row["open"], row["overdue"],
                                                           row["planned"]), key
        assert g["planned_by_m"] == row["open"] + row["overdue"]
        assert g["sales_usd"] == pytest.approx(row["sales_usd"], rel=1e-9, abs=1e-6)
        assert g["service_usd"] == pytest.approx(row["service_usd"], rel=1e-9, abs=1e-6)
    exports = _machinery(frames, F, COL[level])
    for key, g in got.iterrows():
        x = float(exports.get(key, 0.0))
        assert g["exports_usd"] == pytest.approx(x, rel=1e-9, abs=1e-6), key
        if x > 0:
            assert g["sales_pct"] == pytest.approx(g["sales_usd"] / x * 100, rel=1e-9)
        else:
            assert np.isnan(g["sales_pct"])


def test_total_and_the_status_of_each_centre(db, frames):
    out = q.levels(F, ("district",))
    listed = out["centres"].set_index("subject_id")
    d = _centres(frames).set_index("subject_id")
    status = _status(d.reset_index(), F).to_numpy()
    assert dict(zip(d.index, status)) == listed["status"].to_dict()
    total = out["total"].iloc[0]
    assert total["centres"] == len(d)
    assert total["sales_usd"] == pytest.approx(_sales(frames, F)["sales_usd"].sum(), rel=1e-9)
    assert total["exports_usd"] == pytest.approx(_machinery(frames, F, "total"), rel=1e-9)
    # brands and dates as generated
    for sid, row in d.iterrows():
        assert listed.loc[sid, "brands"] == (row["brands"] or "")
        planned = listed.loc[sid, "planned_opening"]
        assert planned == (None if pd.isna(row["planned_opening"])
                           else pd.Timestamp(row["planned_opening"]).date())


def test_uncovered_regions(db, frames):
    got = q.uncovered(F)
    d = _centres(frames)
    d["status"] = _status(d, F)
    covered = set(d.loc[d["status"] == "open", "region_id"])
    x = _machinery(frames, F, "region_id")
    threshold = q.UNCOVERED_MIN_USD_PER_MONTH * 10
    want = sorted(r for r, v in x.items() if v >= threshold and r not in covered)
    assert sorted(got["key"]) == want
    assert want, "the demonstration data should have uncovered regions"
    for r in got.itertuples():
        waiting = d[(d["region_id"] == r.key) & (d["status"] != "open")]
        assert r.planned == len(waiting)
        assert r.exports_usd == pytest.approx(x[r.key], rel=1e-9)
    assert list(got["exports_usd"]) == sorted(got["exports_usd"], reverse=True)


def test_filters_district_concern_and_the_scope(db, frames):
    d = _centres(frames)
    cfd = q.levels(F.with_(districts=("CFD",)), ("region",))["centres"]
    assert set(cfd["subject_id"]) == set(d.loc[d["district_id"] == "CFD", "subject_id"])
    mtz = q.levels(F.with_(concerns=("mtz",)), ("concern",))
    assert set(mtz["centres"]["subject_id"]) == set(d.loc[d["concern_id"] == "mtz",
                                                          "subject_id"])
    assert mtz["total"].iloc[0]["exports_usd"] == pytest.approx(
        _machinery(frames, F.with_(concerns=("mtz",)), "total"), rel=1e-9)
    # an oblast-scoped user sees the centres of the concerns with enterprises there
    scope = Scope(oblasts=("BY-MI",))
    ents = frames["enterprise"]
    concerns = set(ents.loc[ents["oblast_id"] == "BY-MI", "concern_id"])
    scoped = q.levels(F.with_(scope=scope), ("concern",))
    assert set(scoped["centres"]["concern_id"]) <= concerns
    assert set(scoped["centres"]["subject_id"]) == set(
        d.loc[d["concern_id"].isin(concerns), "subject_id"])
    assert scoped["total"].iloc[0]["exports_usd"] == pytest.approx(
        _machinery(frames, F.with_(scope=scope), "total"), rel=1e-9)


def test_monthly(db, frames):
    got = q.monthly(F)
    cm = frames["centre_month"].copy()
    cm["month"] = pd.to_datetime(cm["month"])
    this = cm[cm["month"].dt.year == 2026].groupby(cm["month"].dt.month)["sales_usd"].sum()
    last = cm[(cm["month"].dt.year == 2025) & (cm["month"].dt.month <= 10)].groupby(
        cm["month"].dt.month)["service_usd"].sum()
    assert list(got["month"]) == list(range(1, 11))
    for m in range(1, 11):
        row = got[got["month"] == m].iloc[0]
        assert row["sales_usd"] == pytest.approx(this.get(m, 0.0), rel=1e-9)
        assert row["service_ly_usd"] == pytest.approx(last.get(m, 0.0), rel=1e-9)


def test_unknown_level_is_refused(db):
    with pytest.raises(ValueError):
        q.levels(F, ("enterprise",))


# -- the demonstration data ---------------------------------------------------------------

def test_demo_keeps_the_stock_subjects_and_adds_planned_centres_after_them(frames):
    from queries.demo import catalogue as cat

    d = frames["dist_subject"].sort_values("subject_id").reset_index(drop=True)
    assert list(d["subject_id"]) == list(range(1, len(d) + 1))
    new = d.tail(cat.CENTRE_NEW_PLANNED)
    assert (new["kind"] == CENTRE).all() and new["opened_on"].isna().all()
    assert new["concern_id"].eq(cat.CENTRE_NEW_CONCERN).all()
    assert set(frames["stock"]["subject_id"]) < set(d["subject_id"].head(len(d) - len(new)))
    others = d[d["kind"] != CENTRE]
    assert others["brands"].isna().all()
    assert others["planned_opening"].isna().all() and others["opened_on"].isna().all()
    centres = d[d["kind"] == CENTRE]
    assert centres["brands"].notna().all() and centres["planned_opening"].notna().all()
    # the new ones sit where machinery sells and no centre was
    old_regions = set(d.iloc[:len(d) - len(new)].query("kind == @CENTRE")["region_id"])
    assert not set(new["region_id"]) & old_regions


def test_demo_sales_only_after_opening_and_deterministic(frames):
    from queries import demo
    from tests.conftest import TEST_END, TEST_SCALE, TEST_SEED

    d = frames["dist_subject"].set_index("subject_id")
    cm = frames["centre_month"]
    opened = pd.to_datetime(d.loc[cm["subject_id"], "opened_on"]).dt.to_period("M")
    assert (pd.to_datetime(cm["month"]).dt.to_period("M").to_numpy() >= opened.to_numpy()).all()
    assert (cm[["sales_usd", "units_sold", "service_orders", "service_usd"]] >= 0).all().all()
    again = demo.generate(scale=TEST_SCALE, seed=TEST_SEED, end_month=TEST_END)
    for table in ("dist_subject", "centre_month", "stock"):
        pd.testing.assert_frame_equal(again[table], frames[table], obj=table)
    assert date(2026, 10, 1) in set(pd.to_datetime(cm["month"]).dt.date)
