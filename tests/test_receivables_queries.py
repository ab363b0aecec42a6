"""queries.receivables against an independent pandas computation over the raw generated
rows (``frames``), on DuckDB and (when configured) PostgreSQL."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from queries import receivables as q
from queries.filters import ExportFilter
from queries.scope import Scope

F = ExportFilter(year=2026, month_from=1, month_to=10)
AGE_SOURCE = {"upto_30": "overdue_upto_30_usd", "d31_90": "overdue_31_90_usd",
              "d91_180": "overdue_91_180_usd", "over_180": "overdue_over_180_usd"}
LEVEL_COLUMN = {"concern": "concern_id", "enterprise": "enterprise_id",
                "oblast": "oblast_id", "district": "district_id", "region": "region_id"}


def _with_dims(frames, table: str) -> pd.DataFrame:
    df = frames[table].copy()
    df["month"] = pd.to_datetime(df["month"]).dt.date
    df["region_id"] = df["region_id"].astype(str)
    ent = frames["enterprise"][["enterprise_id", "concern_id", "oblast_id", "is_industrial"]]
    reg = frames["ru_region"][["region_id", "district_id"]].astype({"region_id": str})
    return df.merge(ent, on="enterprise_id").merge(reg, on="region_id")


def _filtered(df: pd.DataFrame, f: ExportFilter) -> pd.DataFrame:
    """The filter as the page promises it: product filters and subjects do not apply."""
    for attr, col in (("concerns", "concern_id"), ("enterprises", "enterprise_id"),
                      ("oblasts", "oblast_id"), ("districts", "district_id"),
                      ("regions", "region_id")):
        if getattr(f, attr):
            df = df[df[col].isin(getattr(f, attr))]
    if f.industrial_only:
        df = df[df["is_industrial"]]
    if f.scope is not None:
        # the scope is the union of its concerns and its oblasts (queries/scope.py)
        df = df[df["concern_id"].isin(f.scope.concerns) | df["oblast_id"].isin(f.scope.oblasts)]
    return df


def _prev_month(d: date) -> date:
    return date(d.year - 1, 12, 1) if d.month == 1 else date(d.year, d.month - 1, 1)


def _expected(frames, f: ExportFilter, by: str) -> pd.DataFrame:
    rec = _filtered(_with_dims(frames, "receivable"), f)
    at = {"": f.end, "_prev": _prev_month(f.end), "_ystart": date(f.year - 1, 12, 1)}
    parts = {}
    for suffix, month in at.items():
        sums = rec[rec["month"] == month].groupby(by)[
            ["total_usd", "overdue_usd", *AGE_SOURCE.values()]].sum()
        parts[f"total{suffix}"] = sums["total_usd"]
        parts[f"overdue{suffix}"] = sums["overdue_usd"]
        if not suffix:
            for name, col in AGE_SOURCE.items():
                parts[name] = sums[col]
    out = pd.DataFrame(parts).fillna(0.0)
    return out[(out["total"] != 0) | (out["total_prev"] != 0) | (out["total_ystart"] != 0)]


COLUMNS = ["total", "overdue", *AGE_SOURCE, "total_prev", "overdue_prev", "total_ystart",
           "overdue_ystart"]


def _compare(actual: pd.DataFrame, expected: pd.DataFrame):
    got = actual.set_index(actual["key"].astype(str))[COLUMNS]
    expected = expected.copy()
    expected.index = expected.index.astype(str)
    assert sorted(got.index) == sorted(expected.index)
    np.testing.assert_allclose(got.loc[expected.index, COLUMNS].to_numpy(),
                               expected[COLUMNS].to_numpy(), rtol=1e-9, atol=0.005)


@pytest.mark.parametrize("level", sorted(LEVEL_COLUMN))
def test_breakdown_by_every_level(db, frames, level):
    df = q.breakdown(F, level)
    _compare(df, _expected(frames, F, LEVEL_COLUMN[level]))
    # derived columns follow their definitions
    np.testing.assert_allclose(df["change_month"], df["overdue"] - df["overdue_prev"])
    np.testing.assert_allclose(df["change_ytd"], df["overdue"] - df["overdue_ystart"])
    share = np.where(df["total"] > 0, df["overdue"] / df["total"] * 100, np.nan)
    np.testing.assert_allclose(df["overdue_share_pct"], share)
    assert list(df["overdue"]) == sorted(df["overdue"], reverse=True)
    assert df["name"].map(type).eq(str).all()


@pytest.mark.parametrize("changes", [
    {"concerns": ("belavtomaz", "mtz")},
    {"districts": ("CFD",)},
    {"regions": ("RU-MOW", "RU-SPE")},
    {"oblasts": ("BY-MI",), "industrial_only": True},
    {"scope": Scope(concerns=("bellegprom", "belneftekhim")), "concerns": ("bellegprom",)},
    {"scope": Scope(oblasts=("BY-HO",)), "concerns": ("bellegprom",)},
    {"month_to": 1},                          # January: last month is the year start
    {"year": 2024, "month_from": 3, "month_to": 7},
])
def test_breakdown_under_filters(db, frames, changes):
    f = F.with_(**changes)
    for level in ("concern", "enterprise", "region"):
        _compare(q.breakdown(f, level), _expected(frames, f, LEVEL_COLUMN[level]))


def test_breakdowns_at_once_equal_one_by_one(db):
    f = F.with_(districts=("CFD", "NWFD"), industrial_only=True)
    levels = ("concern", "enterprise", "oblast", "district", "region", "total")
    together = q.breakdowns(f, levels)
    for level in levels:
        pd.testing.assert_frame_equal(together[level], q.breakdown(f, level),
                                      check_exact=False, rtol=1e-12)


def test_product_and_subject_filters_do_not_apply(db):
    f = F.with_(chapters=("84",), headings=("8701",), subjects=(1,))
    pd.testing.assert_frame_equal(q.breakdown(f, "concern"), q.breakdown(F, "concern"))
    assert q.no_filter_applies(f) == ["chapters", "headings", "subjects"]


def test_position_totals_and_changes(db, frames):
    rec = _with_dims(frames, "receivable")
    pos = q.position(F)
    by = q.position(F, by=q.breakdown(F, "concern"))
    assert by.keys() == pos.keys()
    numbers = [k for k in pos if not k.startswith("month")]
    assert [by[k] for k in numbers] == pytest.approx([pos[k] for k in numbers], rel=1e-12)
    at = rec[rec["month"] == date(2026, 10, 1)]
    prev = rec[rec["month"] == date(2026, 9, 1)]
    dec = rec[rec["month"] == date(2025, 12, 1)]
    assert pos["month"] == date(2026, 10, 1) and pos["month_ystart"] == date(2025, 12, 1)
    assert pos["total"] == pytest.approx(at["total_usd"].sum(), abs=0.01)
    assert pos["overdue"] == pytest.approx(at["overdue_usd"].sum(), abs=0.01)
    assert pos["change_month"] == pytest.approx(
        at["overdue_usd"].sum() - prev["overdue_usd"].sum(), abs=0.01)
    assert pos["change_ytd"] == pytest.approx(
        at["overdue_usd"].sum() - dec["overdue_usd"].sum(), abs=0.01)
    assert pos["over_90_pct"] == pytest.approx(
        (at["overdue_91_180_usd"].sum() + at["overdue_over_180_usd"].sum())
        / at["overdue_usd"].sum() * 100)
    # the age buckets add up to the overdue amount
    assert sum(pos[a] for a in q.AGES) == pytest.approx(pos["overdue"], abs=0.05)


def test_position_of_an_empty_filter_is_zero(db):
    pos = q.position(F.with_(regions=("RU-CHU",), concerns=("bellegprom",)))
    assert pos["total"] == 0 and pos["overdue"] == 0 and np.isnan(pos["overdue_share_pct"])


@pytest.mark.parametrize("f", [F, F.with_(concerns=("mtz",), districts=("VFD",)),
                               F.with_(year=2022, month_to=6)])
def test_trend_is_the_last_24_month_ends(db, frames, f):
    df = q.trend(f)
    rec = _filtered(_with_dims(frames, "receivable"), f)
    first_data = pd.to_datetime(frames["exports"]["month"]).min().date()
    months = [m.date() for m in pd.date_range(end=pd.Timestamp(f.end), periods=24, freq="MS")
              if m.date() >= first_data]
    sums = rec.groupby("month")[["total_usd", "overdue_usd", *AGE_SOURCE.values()]].sum()
    sums = sums.reindex(months, fill_value=0.0)
    assert list(df["month"]) == months
    np.testing.assert_allclose(df["total"], sums["total_usd"], atol=0.005)
    np.testing.assert_allclose(df["overdue"], sums["overdue_usd"], atol=0.005)


@pytest.mark.parametrize("f", [F, F.with_(oblasts=("BY-HO", "BY-MI")),
                               F.with_(industrial_only=True, month_to=3)])
def test_by_cause(db, frames, f):
    df = q.by_cause(f)
    rc = _filtered(_with_dims(frames, "receivable_cause"), f)
    rc["cause"] = rc["cause"].astype(str)
    cur = rc[rc["month"] == f.end].groupby("cause")["overdue_usd"].sum()
    dec = rc[rc["month"] == date(f.year - 1, 12, 1)].groupby("cause")["overdue_usd"].sum()
    exp = pd.DataFrame({"overdue": cur, "overdue_ystart": dec}).fillna(0.0)
    exp = exp[(exp["overdue"] != 0) | (exp["overdue_ystart"] != 0)]
    got = df.set_index("cause")
    assert sorted(got.index) == sorted(exp.index)
    assert set(got.index) <= set(q.CAUSES)
    np.testing.assert_allclose(got.loc[exp.index, ["overdue", "overdue_ystart"]].to_numpy(),
                               exp.to_numpy(), atol=0.005)
    # causes split the overdue amount of the positions: they add up to it
    assert df["overdue"].sum() == pytest.approx(q.position(f)["overdue"], abs=0.05)


@pytest.mark.parametrize("f", [F, F.with_(concerns=("belavtomaz",)),
                               F.with_(regions=("RU-MOW",), month_to=6)])
def test_largest_positions(db, frames, f):
    n = 12
    df = q.largest_positions(f, n=n)
    rec = _filtered(_with_dims(frames, "receivable"), f)
    cur = rec[(rec["month"] == f.end) & (rec["overdue_usd"] > 0)]
    cur = cur.sort_values(["overdue_usd", "enterprise_id", "region_id"],
                          ascending=[False, True, True]).head(n)
    assert list(zip(df["enterprise_id"], df["region_id"])) == list(
        zip(cur["enterprise_id"], cur["region_id"]))
    np.testing.assert_allclose(df["overdue"], cur["overdue_usd"])
    np.testing.assert_allclose(df["total"], cur["total_usd"])
    for name, col in AGE_SOURCE.items():
        np.testing.assert_allclose(df[name], cur[col])
    assert list(df["main_cause"]) == [None if pd.isna(c) else c for c in cur["main_cause"]]
    old = cur["overdue_91_180_usd"] + cur["overdue_over_180_usd"]
    np.testing.assert_allclose(df["over_90_pct"], old / cur["overdue_usd"] * 100)
    names = frames["enterprise"].set_index("enterprise_id")["name_en"]
    assert list(df["enterprise"]) == [names[e] for e in cur["enterprise_id"]]


def test_unknown_level_is_refused(db):
    with pytest.raises(ValueError):
        q.breakdown(F, "heading")
