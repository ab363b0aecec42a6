"""queries/stock.py against an independent pandas computation over the raw generated
rows, on DuckDB and (when configured) PostgreSQL."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from queries import stock as q
from queries.filters import ExportFilter
from queries.scope import Scope

F = ExportFilter(year=2026, month_from=1, month_to=10)
SUMS = ["stock", "stock_base", "ship_3m", "ship_3m_ly"]
KEY = {"concern": "concern_id", "enterprise": "enterprise_id", "subject": "subject_id",
       "district": "district_id", "region": "region_id", "kind": "kind"}


def _month(year: int, month: int) -> pd.Timestamp:
    while month < 1:
        year, month = year - 1, month + 12
    return pd.Timestamp(year=year, month=month, day=1)


def _stock_rows(frames, f: ExportFilter) -> pd.DataFrame:
    """Stock rows with their dimensions, every filter applied except the subject."""
    st = frames["stock"].copy()
    st["heading_id"] = st["heading_id"].astype(str)
    subj = frames["dist_subject"].rename(columns={"concern_id": "subject_concern_id"})
    ent = frames["enterprise"][["enterprise_id", "concern_id", "oblast_id", "is_industrial"]]
    st = (st.merge(subj[["subject_id", "kind", "region_id", "subject_concern_id"]],
                   on="subject_id")
          .merge(ent, on="enterprise_id")
          .merge(frames["ru_region"][["region_id", "district_id"]], on="region_id"))
    for attr, col in (("concerns", "concern_id"), ("enterprises", "enterprise_id"),
                      ("oblasts", "oblast_id"), ("districts", "district_id"),
                      ("regions", "region_id"), ("headings", "heading_id")):
        if getattr(f, attr):
            st = st[st[col].isin(getattr(f, attr))]
    if f.chapters:
        st = st[st["heading_id"].str[:2].isin(f.chapters)]
    if f.industrial_only:
        st = st[st["is_industrial"]]
    if f.scope is not None:
        # the scope is the union of its concerns and its oblasts (queries/scope.py)
        st = st[st["concern_id"].isin(f.scope.concerns) | st["oblast_id"].isin(f.scope.oblasts)]
    return st


def _exports(frames) -> pd.DataFrame:
    ex = frames["exports"][["month", "enterprise_id", "heading_id", "region_id",
                            "value_usd"]].copy()
    ex["heading_id"] = ex["heading_id"].astype(str)
    ex["region_id"] = ex["region_id"].astype(str)
    return ex


CELL = ["enterprise_id", "heading_id", "region_id"]


def _expected_rows(frames, f: ExportFilter, base: int) -> pd.DataFrame:
    """One row per stock row at M, M−base: stock, stock_base and the row's share of its
    cell's shipments — computed independently of the SQL."""
    st = _stock_rows(frames, f)
    m = _month(f.year, f.month_to)
    now = st[st["month"] == m]
    then = st[st["month"] == _month(f.year, f.month_to - base)]
    cell_stock = now.groupby(CELL)["value_usd"].sum()
    cell_stock = cell_stock[cell_stock > 0].rename("cell_stock").reset_index()
    ex = _exports(frames)
    recent = ex[(ex["month"] >= _month(f.year, f.month_to - 2)) & (ex["month"] <= m)]
    last_year = ex[(ex["month"] >= _month(f.year - 1, f.month_to - 2))
                   & (ex["month"] <= _month(f.year - 1, f.month_to))]
    ship = (recent.groupby(CELL)["value_usd"].sum().rename("s3").to_frame()
            .join(last_year.groupby(CELL)["value_usd"].sum().rename("s3ly"), how="outer")
            .fillna(0.0).reset_index())
    dims = ["subject_id", "enterprise_id", "heading_id", "region_id", "concern_id",
            "district_id", "kind"]
    rows = pd.concat([now.assign(stock=now["value_usd"], stock_base=0.0),
                      then.assign(stock=0.0, stock_base=then["value_usd"])])
    rows = rows.groupby(dims, as_index=False)[["stock", "stock_base"]].sum()
    rows = rows.merge(cell_stock, on=CELL, how="left").merge(ship, on=CELL, how="left")
    share = (rows["stock"] / rows["cell_stock"]).fillna(0.0)
    rows["ship_3m"] = rows["s3"].fillna(0.0) * share
    rows["ship_3m_ly"] = rows["s3ly"].fillna(0.0) * share
    if f.subjects:
        rows = rows[rows["subject_id"].isin(f.subjects)]
    return rows


def _expected(frames, f: ExportFilter, level: str, base: int = 3) -> pd.DataFrame:
    rows = _expected_rows(frames, f, base)
    if level == "total":
        out = rows[SUMS].sum().to_frame().T
        out.index = ["total"]
        return out
    out = rows.groupby(KEY[level])[SUMS].sum()
    out.index = out.index.astype(str)
    return out[(out["stock"] > 0) | (out["stock_base"] > 0)]


def _check(actual: pd.DataFrame, expected: pd.DataFrame, f: ExportFilter):
    got = actual.set_index(actual["key"].astype(str))
    assert sorted(got.index) == sorted(expected.index)
    got = got.loc[expected.index]
    np.testing.assert_allclose(got[SUMS].to_numpy(float), expected[SUMS].to_numpy(float),
                               rtol=1e-9, atol=0.005)
    days = (date(f.year + (f.month_to == 12), f.month_to % 12 + 1, 1)
            - _month(f.year, f.month_to - 2).date()).days
    per_day = expected["ship_3m"] / days
    cover = np.where(per_day > 0, expected["stock"] / per_day.where(per_day > 0), np.nan)
    np.testing.assert_allclose(got["cover_days"].to_numpy(float), cover, rtol=1e-9)
    flag = (expected["stock"] > expected["stock_base"]) & (
        expected["ship_3m"] < expected["ship_3m_ly"])
    assert got["flag"].tolist() == flag.tolist()
    # largest stock first
    assert list(actual["stock"]) == sorted(actual["stock"], reverse=True)


ALL_LEVELS = ("concern", "enterprise", "subject", "district", "region", "kind", "total")


def _filters(frames):
    st = frames["stock"]
    concern_of = frames["enterprise"].set_index("enterprise_id")["concern_id"]
    concern = st["enterprise_id"].map(concern_of).value_counts().index[0]
    subjects = tuple(int(s) for s in st["subject_id"].value_counts().index[:3])
    heading = str(st["heading_id"].astype(str).value_counts().index[0])
    ent = int(st["enterprise_id"].value_counts().index[0])
    return {
        "all": F,
        "concern": F.with_(concerns=(concern,)),
        "enterprise": F.with_(enterprises=(ent,)),
        "district": F.with_(districts=("CFD", "NWFD")),
        "region": F.with_(regions=("RU-MOW",)),
        "chapter": F.with_(chapters=(heading[:2],)),
        "heading": F.with_(headings=(heading,)),
        "subjects": F.with_(subjects=subjects),
        "industrial_oblast": F.with_(industrial_only=True, oblasts=("BY-MI", "BY-HM")),
        "scope": F.with_(scope=Scope(concerns=(concern, "mtz"))),
        "june_2025": ExportFilter(year=2025, month_from=3, month_to=6),
        "january": ExportFilter(year=2026, month_from=1, month_to=1),
    }


@pytest.mark.parametrize("case", ["all", "concern", "enterprise", "district", "region",
                                  "chapter", "heading", "subjects", "industrial_oblast",
                                  "scope", "june_2025", "january"])
@pytest.mark.parametrize("base", [3, 12])
def test_levels_match_the_raw_rows(db, frames, case, base):
    f = _filters(frames)[case]
    got = q.levels(f, {lvl: False for lvl in ALL_LEVELS}, base)
    assert set(got) == set(ALL_LEVELS)
    for level in ALL_LEVELS:
        _check(got[level], _expected(frames, f, level, base), f)


def test_test_data_exercise_the_shares(frames):
    """Several subjects hold the same cell somewhere, so the sharing is tested."""
    rows = _expected_rows(frames, F, 3)
    held = rows[rows["stock"] > 0].groupby(CELL)["subject_id"].nunique()
    assert (held > 1).any()
    assert (rows["ship_3m"] > 0).any() and (rows["ship_3m_ly"] > 0).any()


def test_shares_add_up_to_the_cells(db, frames):
    got = q.levels(F, {"subject": False, "enterprise": False, "total": False})
    total = got["total"].iloc[0]
    for level in ("subject", "enterprise"):
        np.testing.assert_allclose(got[level]["ship_3m"].sum(), total["ship_3m"], rtol=1e-9)
        np.testing.assert_allclose(got[level]["stock"].sum(), total["stock"], rtol=1e-9)


def test_flagged_only_returns_the_flagged_rows_by_increase(db, frames):
    full = q.levels(F, {"enterprise": False})["enterprise"]
    flagged = q.levels(F, {"enterprise": True})["enterprise"]
    expected = full[full["flag"]]
    assert sorted(flagged["key"]) == sorted(expected["key"])
    assert flagged["flag"].all()
    assert list(flagged["change"]) == sorted(flagged["change"], reverse=True)


def test_subject_rows_carry_their_kind_region_and_concern(db, frames):
    got = q.levels(F, {"subject": False})["subject"]
    subj = frames["dist_subject"].set_index("subject_id")
    for r in got.itertuples():
        assert r.kind == subj.loc[r.key, "kind"]
        assert r.region_id == subj.loc[r.key, "region_id"]
        assert r.concern_id == subj.loc[r.key, "concern_id"]
        assert r.name == subj.loc[r.key, "name"]


def test_nothing_in_stock_gives_zeros_not_errors(db, frames):
    # a region where no subject sits
    empty_regions = set(frames["ru_region"]["region_id"]) - set(
        frames["dist_subject"]["region_id"])
    f = F.with_(regions=(sorted(empty_regions)[0],))
    got = q.levels(f, {"concern": False, "total": False})
    assert got["concern"].empty
    assert got["total"]["stock"].iloc[0] == 0.0
    assert np.isnan(got["total"]["cover_days"].iloc[0])
    series = q.trend(f)
    assert len(series) == 24 and (series["stock"] == 0).all()


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        q.levels(F, {"heading": False})
    with pytest.raises(ValueError):
        q.levels(F, {"total": False}, base=6)


def _expected_trend(frames, f: ExportFilter) -> pd.DataFrame:
    st = _stock_rows(frames, f)
    m = _month(f.year, f.month_to)
    first = _month(f.year, f.month_to - 23)
    st = st[(st["month"] >= first) & (st["month"] <= m)]
    cells = st.groupby(["month", *CELL])["value_usd"].sum().rename("cell_stock")
    mine = st[st["subject_id"].isin(f.subjects)] if f.subjects else st
    mine = mine.groupby(["month", *CELL])["value_usd"].sum().rename("mine")
    ex = _exports(frames).set_index(["month", *CELL])["value_usd"].rename("shipped")
    joined = pd.concat([mine, cells], axis=1, join="inner").join(ex, how="left")
    joined = joined[(joined["mine"] > 0) & (joined["cell_stock"] > 0)]
    ship = (joined["shipped"].fillna(0.0) * joined["mine"] / joined["cell_stock"]
            ).groupby(level="month").sum()
    held = (st[st["subject_id"].isin(f.subjects)] if f.subjects else st).groupby(
        "month")["value_usd"].sum()
    months = pd.date_range(first, m, freq="MS")
    return pd.DataFrame({"stock": held.reindex(months, fill_value=0.0).to_numpy(),
                         "shipments": ship.reindex(months, fill_value=0.0).to_numpy()},
                        index=months)


@pytest.mark.parametrize("case", ["all", "concern", "district", "heading", "subjects",
                                  "june_2025"])
def test_trend_matches_the_raw_rows(db, frames, case):
    f = _filters(frames)[case]
    got = q.trend(f)
    expected = _expected_trend(frames, f)
    assert len(got) == 24
    assert [pd.Timestamp(d) for d in got["month"]] == list(expected.index)
    np.testing.assert_allclose(got[["stock", "shipments"]].to_numpy(float),
                               expected[["stock", "shipments"]].to_numpy(float),
                               rtol=1e-9, atol=0.005)
    assert expected["shipments"].sum() > 0  # the comparison is not of zeros


def test_trend_ends_with_the_month_of_the_positions(db, frames):
    got = q.trend(F)
    total = q.levels(F, {"total": False})["total"].iloc[0]
    assert got["month"].iloc[-1] == date(2026, 10, 1)
    np.testing.assert_allclose(got["stock"].iloc[-1], total["stock"], rtol=1e-9)
