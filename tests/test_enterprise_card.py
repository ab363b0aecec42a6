"""The enterprise card: its queries against an independent pandas computation over the
raw generated rows (DuckDB and, when configured, PostgreSQL), and the page through
HTTP, including bad and hostile enterprise ids."""

from __future__ import annotations

import json
import sys
from datetime import date

import numpy as np
import pandas as pd
import pytest

from queries import enterprise_card as card
from queries.filters import ExportFilter
from queries.scope import Scope
from tests.dash_client import page_texts

YEAR = 2026
F = ExportFilter(year=YEAR, month_from=1, month_to=10)
END = pd.Timestamp("2026-10-01")


def _ts(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


@pytest.fixture(scope="module")
def ent(frames):
    """The enterprise with the most receivable rows: it has exports, stock and debt."""
    rc = frames["receivable"]
    st = frames["stock"]
    with_stock = set(st["enterprise_id"])
    counts = rc[rc["enterprise_id"].isin(with_stock)]["enterprise_id"].value_counts()
    return int(counts.index[0])


def test_facts(db, frames, ent):
    got = card.facts(F, ent)
    row = frames["enterprise"].set_index("enterprise_id").loc[ent]
    assert got["unp"] == row["unp"] and got["name_en"] == row["name_en"]
    assert got["concern_id"] == row["concern_id"] and got["oblast_id"] == row["oblast_id"]
    assert got["is_industrial"] == bool(row["is_industrial"])
    concern = frames["concern"].set_index("concern_id").loc[row["concern_id"]]
    assert got["concern_name_en"] == concern["name_en"]
    oblast = frames["by_oblast"].set_index("oblast_id").loc[row["oblast_id"]]
    assert got["oblast_name_ru"] == oblast["name_ru"]
    assert card.facts(F, 10 ** 8) is None
    other = next(c for c in frames["concern"]["concern_id"] if c != row["concern_id"])
    assert card.facts(F.with_(scope=Scope(concerns=(other,))), ent) is None  # outside the access scope


def _with_concern(frames) -> pd.DataFrame:
    return _ts(frames["exports"]).merge(
        frames["enterprise"][["enterprise_id", "concern_id"]], on="enterprise_id")


@pytest.mark.parametrize("flt", [F, F.with_(year=2025, month_from=3, month_to=5)],
                         ids=["2026", "2025-03-05"])
def test_exports_by_month(db, frames, ent, flt):
    concern = frames["enterprise"].set_index("enterprise_id").loc[ent, "concern_id"]
    ex = _with_concern(frames)
    ex = ex[ex["concern_id"] == concern]
    first = min(pd.Timestamp(flt.year - 1, 1, 1),
                pd.Timestamp(flt.end) - pd.DateOffset(months=card.HISTORY_MONTHS - 1))
    ex = ex[(ex["month"] >= first) & (ex["month"] <= pd.Timestamp(flt.year, 12, 1))]
    want_concern = ex.groupby("month")["value_usd"].sum()
    want_own = ex[ex["enterprise_id"] == ent].groupby("month")["value_usd"].sum()
    got = card.exports_by_month(flt, ent, concern).set_index("month")
    assert sorted(pd.Timestamp(m) for m in got.index) == sorted(want_concern.index)
    for m, row in got.iterrows():
        assert row["concern_value"] == pytest.approx(want_concern[pd.Timestamp(m)])
        assert row["value"] == pytest.approx(want_own.get(pd.Timestamp(m), 0.0), abs=0.005)
    tc = frames["target_concern"]
    target = tc[(tc["year"] == flt.year) & (tc["concern_id"] == concern)]["value_usd"]
    np.testing.assert_allclose(got["concern_target"], target.iloc[0])


def test_target_share(db, frames, ent):
    concern = frames["enterprise"].set_index("enterprise_id").loc[ent, "concern_id"]
    ex = _with_concern(frames)
    ly = ex[ex["month"].dt.year == YEAR - 1]
    concern_ly = ly[ly["concern_id"] == concern]["value_usd"].sum()
    own_ly = ly[ly["enterprise_id"] == ent]["value_usd"].sum()
    tc = frames["target_concern"]
    target = tc[(tc["year"] == YEAR) & (tc["concern_id"] == concern)]["value_usd"].iloc[0]
    got = card.target_share(card.exports_by_month(F, ent, concern), F)
    assert got["value_ly"] == pytest.approx(own_ly)
    assert got["concern_value_ly"] == pytest.approx(concern_ly)
    assert got["share_pct"] == pytest.approx(own_ly / concern_ly * 100)
    assert got["target"] == pytest.approx(target * own_ly / concern_ly)


def test_monthly_with_target_share(db, frames, ent):
    f = F.with_(month_from=2, month_to=9)
    concern = frames["enterprise"].set_index("enterprise_id").loc[ent, "concern_id"]
    ex = _ts(frames["exports"])
    mine = ex[ex["enterprise_id"] == ent]
    cur = mine[mine["month"].dt.year == YEAR].groupby(mine["month"].dt.month)["value_usd"].sum()
    ly = mine[mine["month"].dt.year == YEAR - 1].groupby(
        mine["month"].dt.month)["value_usd"].sum()
    months = card.exports_by_month(f, ent, concern)
    df = card.monthly(months, f, target=1_000_000.0)
    for m in range(1, 13):
        row = df[df["month"] == m].iloc[0]
        assert row["value_ly"] == pytest.approx(ly.get(m, 0.0))
        if 2 <= m <= 9:
            assert row["value"] == pytest.approx(cur.get(m, 0.0))
        else:
            assert np.isnan(row["value"])
        # the target share phased by the enterprise's own months of last year
        assert row["target"] == pytest.approx(1_000_000.0 * ly.get(m, 0.0) / ly.sum())
    assert df["target"].sum() == pytest.approx(1_000_000.0)
    assert df["cum_value"].dropna().iloc[-1] == pytest.approx(
        sum(cur.get(m, 0.0) for m in range(2, 10)))
    assert card.monthly(months, f, target=None)["target"].isna().all()


@pytest.mark.parametrize("fn,col", [(card.products, "heading_id"), (card.regions, "region_id")])
def test_products_and_regions(db, frames, ent, fn, col):
    ex = _ts(frames["exports"])
    ex[col] = ex[col].astype(str)
    mine = ex[ex["enterprise_id"] == ent]
    m = mine["month"]
    cur = mine[(m.dt.year == YEAR) & (m.dt.month <= 10)].groupby(col)["value_usd"].sum()
    ly = mine[(m.dt.year == YEAR - 1) & (m.dt.month <= 10)].groupby(col)["value_usd"].sum()
    want = pd.DataFrame({"value": cur, "value_ly": ly}).fillna(0.0)
    want = want[(want["value"] != 0) | (want["value_ly"] != 0)]
    # the card ignores dimension filters: a region or product filter changes nothing
    got = fn(F.with_(regions=("RU-MOW",), chapters=("01",), industrial_only=True), ent)
    got = got.set_index(got["key"].astype(str))
    assert sorted(got.index) == sorted(want.index)
    np.testing.assert_allclose(got.loc[want.index, ["value", "value_ly"]].to_numpy(),
                               want.to_numpy(), rtol=1e-9, atol=0.005)


def test_stock_by_subject(db, frames, ent):
    st = _ts(frames["stock"])
    mine = st[st["enterprise_id"] == ent]
    now = mine[mine["month"] == END].groupby("subject_id")["value_usd"].sum()
    ago = mine[mine["month"] == END - pd.DateOffset(years=1)].groupby(
        "subject_id")["value_usd"].sum()
    want = pd.DataFrame({"value": now, "value_ly": ago}).fillna(0.0)
    got = card.stock_by_subject(card.stock_by_month(F, ent), F).set_index("subject_id")
    assert len(want) > 0
    assert sorted(got.index) == sorted(want.index)
    np.testing.assert_allclose(got.loc[want.index, ["value", "value_ly"]].to_numpy(),
                               want.to_numpy(), rtol=1e-9, atol=0.005)
    subjects = frames["dist_subject"].set_index("subject_id")
    assert (got["kind"] == subjects.loc[got.index, "kind"]).all()
    assert (got["region_id"] == subjects.loc[got.index, "region_id"]).all()
    assert (got["subject"] == subjects.loc[got.index, "name"]).all()
    assert list(got["value"]) == sorted(got["value"], reverse=True)


def test_stock_history_and_shipments(db, frames, ent):
    f = F.with_(year=2025, month_to=7)
    concern = frames["enterprise"].set_index("enterprise_id").loc[ent, "concern_id"]
    end = pd.Timestamp("2025-07-01")
    st = _ts(frames["stock"])
    ex = _ts(frames["exports"])
    stock_by_month = st[st["enterprise_id"] == ent].groupby("month")["value_usd"].sum()
    ship_by_month = ex[ex["enterprise_id"] == ent].groupby("month")["value_usd"].sum()
    got = card.stock_history(card.stock_by_month(f, ent), card.exports_by_month(f, ent, concern), f)
    assert len(got) == card.HISTORY_MONTHS
    assert got["month"].iloc[-1] == date(2025, 7, 1)
    assert got["month"].iloc[0] == date(2023, 8, 1)
    for r in got.itertuples():
        m = pd.Timestamp(r.month)
        assert r.stock == pytest.approx(stock_by_month.get(m, 0.0), abs=0.005)
        assert r.shipments == pytest.approx(ship_by_month.get(m, 0.0), abs=0.005)
    assert end in stock_by_month.index  # the fixture has stock to compare


def test_receivables_and_causes(db, frames, ent):
    rc = _ts(frames["receivable"])
    mine = rc[rc["enterprise_id"] == ent]
    now = mine[mine["month"] == END]
    got = card.receivables(F, ent)
    assert got["total"] == pytest.approx(now["total_usd"].sum())
    assert got["overdue"] == pytest.approx(now["overdue_usd"].sum())
    for bucket in card.AGE_BUCKETS:
        assert got[bucket] == pytest.approx(now[bucket].sum())
    assert got["overdue_prev"] == pytest.approx(
        mine[mine["month"] == END - pd.DateOffset(months=1)]["overdue_usd"].sum())
    assert got["overdue_ly"] == pytest.approx(
        mine[mine["month"] == END - pd.DateOffset(years=1)]["overdue_usd"].sum())
    causes = _ts(frames["receivable_cause"])
    causes = causes[(causes["enterprise_id"] == ent) & (causes["month"] == END)]
    want = causes.groupby("cause", observed=True)["overdue_usd"].sum()
    want = want[want > 0]
    got_causes = card.overdue_causes(F, ent).set_index("cause")["overdue"]
    assert sorted(got_causes.index) == sorted(want.index.astype(str))
    np.testing.assert_allclose(got_causes.loc[want.index.astype(str)], want.to_numpy())
    assert got_causes.sum() == pytest.approx(got["overdue"])


def test_every_card_query_enforces_the_scope(db, frames, ent):
    concern = frames["enterprise"].set_index("enterprise_id").loc[ent, "concern_id"]
    other = next(c for c in frames["concern"]["concern_id"] if c != concern)
    f = F.with_(scope=Scope(concerns=(other,)))
    assert card.products(f, ent).empty and card.regions(f, ent).empty
    assert card.exports_by_month(f, ent, concern).empty
    assert card.stock_by_month(f, ent).empty
    assert card.receivables(f, ent)["total"] == 0 and card.overdue_causes(f, ent).empty


# -- the page through HTTP ---------------------------------------------------------------


def test_card_page_shows_the_enterprise(dash_client, frames, ent):
    row = frames["enterprise"].set_index("enterprise_id").loc[ent]
    text = page_texts(dash_client.page(f"/enterprise/{ent}", "?concern=mtz&to=9"))
    assert row["name_en"] in text and f"UNP {row['unp']}" in text
    assert "Target share 2026" in text and "Monthly exports, mn USD" in text
    assert "Stock by distribution subject, September 2026" in text
    assert "Overdue receivables, September 2026, mn USD" in text
    assert "Target share = the concern's 2026 target" in text
    assert "Traceback" not in text


def hrefs(node) -> list[str]:
    """Every ``href`` in a Dash layout JSON."""
    if isinstance(node, dict):
        own = [node["href"]] if isinstance(node.get("href"), str) else []
        return own + [h for v in node.values() for h in hrefs(v)]
    if isinstance(node, list):
        return [h for v in node for h in hrefs(v)]
    return []


def test_card_links_keep_the_filter(dash_client, frames, ent):
    links = hrefs(json.loads(dash_client.page(f"/enterprise/{ent}", "?year=2025&from=3").data))
    concern = frames["enterprise"].set_index("enterprise_id").loc[ent, "concern_id"]
    assert f"/exports?year=2025&from=3&enterprise={ent}&level=heading" in links
    assert f"/trends?year=2025&from=3&concern={concern}" in links
    assert "/trends?year=2025&from=3" in links  # the navigation keeps the filter too


@pytest.mark.parametrize("raw,message", [
    ("abc", "is not an enterprise number"),
    ("-5", "is not an enterprise number"),
    ("1.5", "is not an enterprise number"),
    ("1%27%20OR%201%3D1--", "is not an enterprise number"),
    ("%3Cscript%3Ealert(1)%3C%2Fscript%3E", "is not an enterprise number"),
    ("1/2", "is not an enterprise number"),
    ("9" * 5000, "is not an enterprise number"),
    ("99999999", "There is no enterprise number 99999999"),
    ("0", "There is no enterprise number 0"),
])
def test_bad_enterprise_ids_give_a_message_and_a_way_home(dash_client, raw, message):
    text = page_texts(dash_client.page(f"/enterprise/{raw}", ""))
    assert message in text and "Go to the Overview" in text
    assert "Traceback" not in text and "unexpected error" not in text


@pytest.mark.parametrize("search,message", [
    ("?to=13", "must be a number from 1 to 12"),
    ("?from=9&to=3", "were swapped"),
    ("?year=2026%27%3B%20DROP%20TABLE%20exports%3B--", "has no data"),
    ("?concern=%27%20OR%201%3D1%20--", "Unknown concern ignored"),
    ("?region=" + "A" * 5000, "was too long"),
    ("?enterprise_id=abc", "is not an enterprise number"),  # Dash lets the query win
    ("?%ZZ=1&&&=", None),
])
def test_card_with_hostile_filters(dash_client, ent, search, message):
    text = page_texts(dash_client.page(f"/enterprise/{ent}", search))
    assert "Traceback" not in text and "unexpected error" not in text
    if message:
        assert message in text


def test_empty_enterprise_path_is_not_found(dash_client):
    text = page_texts(dash_client.page("/enterprise/", ""))
    assert "There is no" in text


def test_every_templated_message_of_the_card_exists():
    import re

    from dashboard.app import create_app
    from dashboard.i18n import EN
    create_app()  # the page modules register themselves with the app: import them through it
    page = sys.modules["dashboard.pages.enterprise"]
    from queries.schema import RECEIVABLE_CAUSES, SUBJECT_KINDS
    ids = ({f"enterprise.kind.{k}" for k in SUBJECT_KINDS}
           | {f"receivables.cause.{c}" for c in RECEIVABLE_CAUSES}  # shared with that page
           | {f"enterprise.age.{k}" for k, _ in page.AGES})
    source = open(page.__file__, encoding="utf-8").read()
    ids |= {f"msg.{k}" for k in re.findall(r'Problem\("([a-z_]+)"', source)}
    assert sorted(ids - set(EN)) == []
