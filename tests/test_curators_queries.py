"""Curators of Russian regions: the ranking, the card and the ``curator=`` filter of every
page, against an independent computation over the generated rows (pandas over the
``frames`` fixture), on both engines."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from queries import curators as q
from queries import exports as xq
from queries import receivables as rq
from queries import stock as sq
from queries.dimensions import dimensions
from queries.filters import (
    NO_REGION,
    ExportFilter,
    curator_regions,
    parse_filter,
    with_curators,
)
from queries.scope import Scope, using

F = ExportFilter(2026, 1, 10)
F_LATE = ExportFilter(2026, 6, 10)


def _day(v):
    return None if v is None or pd.isna(v) else pd.Timestamp(v).date()


def _regions_of(frames, cid: int, start: date, end: date) -> set[str]:
    """The overlap rule written out again: an assignment counts when it starts on or
    before the period's last day and ends (if it ends) on or after its first."""
    a = frames["curator_region"]
    out = set()
    for r in a[a["curator_id"] == cid].itertuples():
        d_from, d_to = _day(r.date_from), _day(r.date_to)
        if d_from <= end and (d_to is None or d_to >= start):
            out.add(r.region_id)
    return out


def _exports(frames, regions, months: tuple[date, date]) -> float:
    e = frames["exports"]
    m = pd.to_datetime(e["month"]).dt.date
    sel = e["region_id"].isin(list(regions)) & (m >= months[0]) & (m <= months[1])
    return float(e.loc[sel, "value_usd"].sum())


def _targets(frames, year: int) -> dict[str, float]:
    """region → the concerns' targets split by last year's region shares."""
    e = frames["exports"].merge(frames["enterprise"][["enterprise_id", "concern_id"]],
                                on="enterprise_id")
    m = pd.to_datetime(e["month"])
    ly = e[m.dt.year == year - 1]
    by = ly.groupby(["concern_id", "region_id"])["value_usd"].sum().reset_index()
    whole = by.groupby("concern_id")["value_usd"].transform("sum")
    tgt = frames["target_concern"]
    tgt = tgt[tgt["year"] == year].set_index("concern_id")["value_usd"]
    by["part"] = by["concern_id"].map(tgt) * by["value_usd"] / whole
    return by.groupby("region_id")["part"].sum().to_dict()


def _stock(frames, regions, month: date) -> float:
    s = frames["stock"].merge(frames["dist_subject"][["subject_id", "region_id"]],
                              on="subject_id")
    sel = (pd.to_datetime(s["month"]).dt.date == month) & s["region_id"].isin(list(regions))
    return float(s.loc[sel, "value_usd"].sum())


def _overdue(frames, regions, month: date) -> float:
    r = frames["receivable"]
    sel = (pd.to_datetime(r["month"]).dt.date == month) & r["region_id"].isin(list(regions))
    return float(r.loc[sel, "overdue_usd"].sum())


def test_demo_curators_are_plausible(frames):
    cur, a = frames["curator"], frames["curator_region"]
    assert 25 <= len(cur) <= 35
    assert cur["name"].is_unique
    assert cur["concern_id"].isna().any() and cur["concern_id"].notna().sum() >= 20
    open_now = a[a["date_to"].isna()]
    per = open_now.groupby("curator_id").size()
    assert per.between(1, 5).all()
    assert not open_now["region_id"].duplicated().any()  # one curator at a time
    ended = a[a["date_to"].notna()]
    assert len(ended) >= 5  # hand-overs in 2025–26
    assert (pd.to_datetime(ended["date_to"]) >= "2025-01-01").all()


@pytest.mark.parametrize("f", [F, F_LATE, ExportFilter(2025, 1, 12)])
def test_ranking_against_the_raw_rows(db, frames, f):
    df = q.ranking(f)
    end = (pd.Timestamp(date(f.year, f.month_to, 1)) + pd.offsets.MonthEnd(0)).date()
    expected_ids = {int(c) for c in frames["curator"]["curator_id"]
                    if _regions_of(frames, int(c), f.start, end)}
    assert set(df["curator_id"]) == expected_ids
    targets = _targets(frames, f.year)
    for row in df.itertuples():
        regions = _regions_of(frames, row.curator_id, f.start, end)
        assert set(row.regions) == regions
        value = _exports(frames, regions, (f.start, f.end))
        value_ly = _exports(frames, regions, (f.start_ly, f.end_ly))
        ly_full = _exports(frames, regions, (date(f.year - 1, 1, 1), date(f.year - 1, 12, 1)))
        assert row.value == pytest.approx(value, rel=1e-9, abs=0.01)
        assert row.value_ly == pytest.approx(value_ly, rel=1e-9, abs=0.01)
        if value_ly > 0:
            assert row.growth_pct == pytest.approx((value / value_ly - 1) * 100, rel=1e-9)
        target = sum(targets.get(r, 0.0) for r in regions)
        assert row.target == pytest.approx(target, rel=1e-9, abs=0.01)
        if ly_full > 0 and target > 0 and value_ly > 0:
            due = target * value_ly / ly_full
            assert row.target_due == pytest.approx(due, rel=1e-9)
            assert row.fulfilment_pro_rata_pct == pytest.approx(value / due * 100, rel=1e-9)
        assert row.stock == pytest.approx(_stock(frames, regions, f.end), abs=0.01)
        assert row.overdue == pytest.approx(_overdue(frames, regions, f.end), abs=0.01)
        lo = date(f.year, max(f.month_from, f.month_to - 2), 1)
        v3 = _exports(frames, regions, (lo, f.end))
        l3 = _exports(frames, regions, (lo.replace(year=f.year - 1), f.end_ly))
        assert row.value_3m == pytest.approx(v3, abs=0.01)
        if l3 > 0:
            assert row.trend_pct == pytest.approx((v3 / l3 - 1) * 100, rel=1e-9)
    # ranked by growth, largest first, no figure last
    growth = df["growth_pct"].tolist()
    known = [g for g in growth if g == g]
    assert known == sorted(known, reverse=True)
    assert all(g != g for g in growth[len(known):])
    assert df["rank"].tolist() == list(range(1, len(df) + 1))


def test_rank_by_target_path(db):
    df = q.ranking(F, sort="target")
    known = [v for v in df["fulfilment_pro_rata_pct"] if v == v]
    assert known == sorted(known, reverse=True)
    with pytest.raises(ValueError):
        q.ranking(F, sort="nope")


def test_summary_counts_each_region_once(db, frames):
    s = q.summary(F)
    end = date(2026, 10, 31)
    regions = set().union(*(_regions_of(frames, int(c), F.start, end)
                            for c in frames["curator"]["curator_id"]))
    assert s["n_regions"] == len(regions)
    assert s["value"] == pytest.approx(_exports(frames, regions, (F.start, F.end)), abs=0.01)


def test_card_of_a_curator_with_a_hand_over(db, frames):
    a = frames["curator_region"]
    cid = int(a[a["date_to"].notna()]["curator_id"].iloc[0])
    c = q.card(F, cid, "en")
    assert c["curator"]["curator_id"] == cid
    hist = c["history"]
    assert len(hist) == int((a["curator_id"] == cid).sum())
    assert hist["date_to"].notna().any()
    regions = _regions_of(frames, cid, F.start, date(2026, 10, 31))
    if c["total"] is None:
        assert not regions
        return
    assert set(c["regions"]["region_id"]) == regions
    assert c["regions"]["value"].sum() == pytest.approx(c["total"]["value"], abs=0.01)
    monthly = c["monthly"]
    assert monthly["value"].sum() == pytest.approx(c["total"]["value"], abs=0.01)
    # the series' target path is the curator's target phased by last year's months
    # (read beside the regions' figures, put together after them)
    target = c["total"]["target"]
    if target == target:  # a target applies
        assert monthly["target"].sum() == pytest.approx(target, rel=1e-9)
        ly = monthly["value_ly"].to_numpy()
        assert list(monthly["target"]) == pytest.approx(list(target * ly / ly.sum()))
    else:
        assert monthly["target"].isna().all()
    assert q.card(F, 999_999) is None


def test_the_filter_narrows_every_page(db, frames):
    dims = dimensions()
    cid = int(frames["curator"]["curator_id"].iloc[0])
    f, problems = parse_filter({"curator": str(cid)}, dims)
    assert problems == [] or [p.key for p in problems] == ["curator_no_regions"]
    regions = _regions_of(frames, cid, f.start, date(2026, 10, 31))
    assert set(f.regions) == (regions or {NO_REGION})
    value = xq.kpis(f)["value"]
    assert value == pytest.approx(_exports(frames, regions, (f.start, f.end)), abs=0.01)
    # the receivables and the stock pages read the same regions
    assert rq.position(f)["overdue"] == pytest.approx(_overdue(frames, regions, f.end),
                                                      abs=0.01)
    stock_total = sq.levels(f, {"total": False})["total"]
    got = float(stock_total["stock"].sum()) if len(stock_total) else 0.0
    assert got == pytest.approx(_stock(frames, regions, f.end), abs=0.01)
    # the URL keeps the curator, not the regions it stands for
    assert f.to_params().get("curator") == str(cid)
    assert "region" not in f.to_params()


def test_curator_and_region_together(db, frames):
    dims = dimensions()
    cid = int(frames["curator"]["curator_id"].iloc[0])
    regions = sorted(_regions_of(frames, cid, F.start, date(2026, 10, 31)))
    other = next(r for r in dims.regions["region_id"] if r not in regions)
    f, _ = parse_filter({"curator": str(cid), "region": f"{regions[0]},{other}"}, dims)
    assert f.regions == (regions[0],)
    assert f.to_params()["region"] == ",".join(sorted([regions[0], other]))
    f, problems = parse_filter({"curator": str(cid), "region": other}, dims)
    assert f.regions == (NO_REGION,) and not xq.kpis(f)["value"] > 0  # (NaN: no rows)


@pytest.mark.parametrize("value", ["abc", "-1", "1e3", "999999", "1;DROP TABLE curator",
                                   "9" * 50])
def test_bad_curator_values_give_a_message(db, value):
    f, problems = parse_filter({"curator": value}, dimensions())
    assert f.curators == () and f.regions == ()
    assert [p.key for p in problems] == ["unknown_codes"]
    assert problems[0].params["field"] == "curator"


def test_a_curator_without_regions_in_the_period(db, frames):
    a = frames["curator_region"]
    # a curator whose every assignment ended (a succession): the months after the last
    ended = a.groupby("curator_id")["date_to"].apply(
        lambda s: pd.to_datetime(s).max() if s.notna().all() else pd.NaT).dropna()
    ended = ended[ended < pd.Timestamp("2026-10-01")]
    if not len(ended):
        pytest.skip("no curator whose assignments all ended in this seed")
    cid, last = int(ended.index[0]), ended.iloc[0]
    first = last + pd.offsets.MonthBegin(1)
    f, problems = parse_filter({"curator": str(cid), "year": str(first.year),
                                "from": str(first.month)}, dimensions())
    assert f.regions == (NO_REGION,)
    assert [p.key for p in problems] == ["curator_no_regions"]
    assert not xq.kpis(f)["value"] > 0  # (NaN: no rows)
    assert cid not in set(q.ranking(f.with_(curators=(), regions=()))["curator_id"])


def test_no_curator_leaves_the_filter_as_it_was(db):
    dims = dimensions()
    for params in ({}, {"region": "RU-MOW"}, {"district": "CFD", "concern": "mtz"}):
        f, problems = parse_filter(params, dims)
        assert f.curators == () and f.named_regions == ()
        assert "curator" not in f.to_params()


def test_overlap_rule():
    a = pd.DataFrame({"curator_id": [1, 1, 1, 2], "region_id": ["A", "B", "C", "D"],
                      "date_from": [date(2025, 1, 1), date(2026, 3, 15), date(2024, 1, 1),
                                    date(2026, 11, 1)],
                      "date_to": [date(2026, 3, 14), None, date(2025, 12, 31), None]})
    jan_oct = (date(2026, 1, 1), date(2026, 10, 31))
    assert curator_regions(a, (1,), *jan_oct) == ("A", "B")
    assert curator_regions(a, (1,), date(2026, 3, 15), date(2026, 3, 31)) == ("B",)
    assert curator_regions(a, (1,), date(2026, 3, 14), date(2026, 3, 14)) == ("A",)
    assert curator_regions(a, (1,), date(2025, 12, 31), date(2025, 12, 31)) == ("A", "C")
    assert curator_regions(a, (2,), *jan_oct) == ()
    assert curator_regions(a, (1, 2), date(2026, 11, 1), date(2026, 11, 30)) == ("B", "D")


def test_scope_applies(db, frames):
    ents = frames["enterprise"]
    concern = ents["concern_id"].value_counts().index[0]
    mine = set(ents.loc[ents["concern_id"] == concern, "enterprise_id"])
    with using(Scope(concerns=(concern,))):
        f = ExportFilter(2026, 1, 10, scope=Scope(concerns=(concern,)))
        df = q.ranking(f)
    e = frames["exports"]
    m = pd.to_datetime(e["month"]).dt.date
    end = date(2026, 10, 31)
    for row in df.head(5).itertuples():
        regions = _regions_of(frames, row.curator_id, F.start, end)
        sel = (e["region_id"].isin(list(regions)) & e["enterprise_id"].isin(mine)
               & (m >= F.start) & (m <= F.end))
        assert row.value == pytest.approx(float(e.loc[sel, "value_usd"].sum()), abs=0.01)


def test_no_target_under_a_product_filter(db):
    df = q.ranking(ExportFilter(2026, 1, 10, headings=("8704",)))
    assert df["target"].isna().all() and df["target_due"].isna().all()
    assert not np.isfinite(df["fulfilment_pro_rata_pct"].astype(float)).any()


def test_with_curators_keeps_the_named_regions():
    from queries.dimensions import Dimensions
    dims = Dimensions(*(pd.DataFrame() for _ in range(8)), None, None, None,
                      assignments=pd.DataFrame({"curator_id": [1], "region_id": ["A"],
                                                "date_from": [date(2020, 1, 1)],
                                                "date_to": [None]}))
    f = with_curators(ExportFilter(2026, 1, 10, regions=("A", "B")), dims, (1,))
    assert f.regions == ("A",) and f.named_regions == ("A", "B")
    assert with_curators(f, dims, ()).regions == ("A", "B")
