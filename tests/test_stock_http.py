"""The Warehouse stock page and its drill-down callback through the Flask server's HTTP
interface, including malformed and hostile URLs: always a page, never a 500."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.dash_client import page_json
from tests.dash_client import page_texts as page_text

PATH = "/stock"








def _stock_at(frames, month: str) -> pd.DataFrame:
    st = frames["stock"]
    return st[st["month"] == pd.Timestamp(month)]


def test_page_shows_kpis_panels_and_footnote(dash_client, frames):
    text = page_text(dash_client.page(PATH, ""))
    total = _stock_at(frames, "2026-10-01")["value_usd"].sum()
    assert f"{total / 1e6:,.1f}" in text  # the KPI, from the raw rows
    for words in ("Stock in the network, end of Oct 2026", "Days of cover",
                  "Shipments of stocked goods, Aug–Oct 2026", "Stock up, shipments down",
                  "Concerns: stock", "Federal districts: stock", "mn USD · days of cover",
                  "Stock by Russian region", "Stock and shipments, mn USD",
                  "Distribution subjects, end of Oct 2026", "Days of cover = stock ÷",
                  "All concerns", "Russia", "3 months earlier", "12 months earlier"):
        assert words in text, words
    assert "Traceback" not in text


def test_subjects_table_lists_every_subject_holding_stock(dash_client, frames):
    body = json.dumps(page_json(dash_client.page(PATH, "")), ensure_ascii=False)
    names = frames["dist_subject"].set_index("subject_id")["name"]
    held = _stock_at(frames, "2026-10-01").groupby("subject_id")["value_usd"].sum()
    for subject_id in held[held > 0].index:
        assert names[subject_id] in body


def test_drilled_levels_and_breadcrumbs(dash_client, frames):
    concern_of = frames["enterprise"].set_index("enterprise_id")["concern_id"]
    st = _stock_at(frames, "2026-10-01")
    enterprise = int(st.groupby("enterprise_id")["value_usd"].sum().idxmax())
    concern = concern_of[enterprise]
    cname = frames["concern"].set_index("concern_id").loc[concern, "name_en"]
    text = page_text(dash_client.page(PATH, f"?concern={concern}"))
    assert "Enterprises: stock" in text and cname in text
    text = page_text(dash_client.page(PATH, f"?concern={concern}&enterprise={enterprise}"))
    assert "Distribution subjects: stock" in text
    text = page_text(dash_client.page(PATH, "?district=CFD"))
    assert "Russian regions: stock" in text and "Central Federal District" in text
    subject = int(st["subject_id"].iloc[0])
    sname = frames["dist_subject"].set_index("subject_id").loc[subject, "name"]
    text = page_text(dash_client.page(PATH, f"?subject={subject}&level=subject"))
    assert sname[:20] in text


def test_flagged_enterprises_link_to_the_enterprise_card(dash_client, frames):
    from queries.filters import ExportFilter
    from queries.stock import levels
    f = ExportFilter(year=2026, month_from=1, month_to=10)
    search, flagged = "", levels(f, {"enterprise": True}, 3)["enterprise"]
    if flagged.empty:
        search, flagged = "?base=12", levels(f, {"enterprise": True}, 12)["enterprise"]
    assert len(flagged), "the test data should have a flagged enterprise"
    body = json.dumps(page_json(dash_client.page(PATH, search + ("&" if search else "?")
                                                 + "concern=" + ",".join(
                                                     sorted(set(flagged["concern_id"]))))))
    first = int(flagged["key"].iloc[0])
    # the card gets the filter's query string (not this page's drill parameters)
    assert f"](/enterprise/{first}?concern=" in body
    assert "level=" not in body.split(f"](/enterprise/{first}", 1)[1].split(")", 1)[0]


def _drill(dash_client, trigger: str, key: str, context: dict, search: str):
    return dash_client.call("_pages_location.search", {
        f"{trigger}.clickData": {"points": [{"customdata": [key]}]},
        "stock-drill-context.data": context, "_pages_location.search": search,
    }, changed=[f"{trigger}.clickData"], input_id=trigger)


@pytest.mark.parametrize("trigger,key,context,expected", [
    ("stock-product-bars", "mtz", {"level": "concern", "geo": "district"},
     ["concern=mtz", "level=enterprise", "year=2025"]),
    ("stock-product-bars", "12", {"level": "enterprise", "geo": "district"},
     ["enterprise=12", "level=subject"]),
    ("stock-product-bars", "7", {"level": "subject", "geo": "district"},
     ["subject=7", "level=subject"]),
    ("stock-geo-bars", "CFD", {"level": "concern", "geo": "district"},
     ["district=CFD", "geo=region"]),
    ("stock-geo-bars", "RU-MOW", {"level": "concern", "geo": "region"},
     ["region=RU-MOW", "geo=subject"]),
    ("stock-map", "RU-SPE", {"level": "concern", "geo": "district"},
     ["region=RU-SPE", "geo=subject"]),
])
def test_drill_callback_builds_the_next_url(dash_client, trigger, key, context, expected):
    resp = _drill(dash_client, trigger, key, context, "?year=2025&base=12")
    assert resp.status_code == 200
    search = json.loads(resp.data)["response"]["_pages_location"]["search"]
    for part in expected + ["base=12"]:
        assert part in search


@pytest.mark.parametrize("context", [{"level": "nonsense"}, None, "x", {"geo": 5}])
def test_drill_with_a_bad_context_changes_nothing(dash_client, context):
    resp = _drill(dash_client, "stock-product-bars", "mtz", context, "?year=2025")
    assert resp.status_code in (200, 204)
    if resp.status_code == 200 and resp.data:
        assert "search" not in json.dumps(json.loads(resp.data).get("response", {}))


def test_drill_with_malformed_click_data_changes_nothing(dash_client):
    resp = dash_client.call("_pages_location.search", {
        "stock-map.clickData": {"points": []}, "stock-drill-context.data": {},
        "_pages_location.search": ""}, changed=["stock-map.clickData"], input_id="stock-map")
    assert resp.status_code in (200, 204)


@pytest.mark.parametrize("search,message", [
    ("?to=13", "must be a number from 1 to 12"),
    ("?from=9&to=3", "were swapped"),
    ("?year=2026%27%3B%20DROP%20TABLE%20stock%3B--", "has no data"),
    ("?concern=%27%20OR%201%3D1%20--", "Unknown concern ignored"),
    ("?subject=1%20OR%201%3D1", "Unknown subject ignored"),
    ("?subject=999999", "Unknown subject ignored"),
    ("?subject=-3", "Unknown subject ignored"),
    ("?region=" + "A" * 5000, "was too long"),
    ("?subject=" + ",".join(str(i) for i in range(400)), "only the first 300"),
    ("?level=../../etc", "does not exist"),
    ("?level=heading", "does not exist"),
    ("?geo=<script>alert(1)</script>", "does not exist"),
    ("?base=6", "use 3 or 12 months"),
    ("?base=12%3B--", "use 3 or 12 months"),
    ("?base=" + "9" * 3000, "was too long"),
    ("?industrial=maybe", "not a valid value"),
    ("?year=&from=&to=&base=&level=&geo=", None),
    ("?%ZZ=1&&&=", None),
    ("?region=RU-CHU", None),  # no subject there: empty charts, no error
])
def test_bad_input_gives_page_with_message(dash_client, search, message):
    text = page_text(dash_client.page(PATH, search))
    assert "Traceback" not in text and "could not be loaded" not in text
    assert "Warehouse stock" in text
    if message:
        assert message in text


def test_filter_bar_keeps_the_comparison_and_drops_the_drill_levels(dash_client):
    """The filter bar has no subject control: a chosen subject stays (the breadcrumbs
    take it away); the drill levels start afresh."""
    ids = [{"type": "filter", "field": f} for f in (
        "year", "from", "to", "concern", "enterprise", "oblast", "district", "region",
        "chapter", "heading", "industrial")]
    resp = dash_client.filter_change(ids, "concern", ["mtz"],
                                     "?subject=3&level=subject&geo=subject&base=12")
    search = json.loads(resp.data)["response"]["_pages_location"]["search"]
    assert "concern=mtz" in search and "base=12" in search
    assert "level=" not in search and "geo=" not in search and "subject=3" in search
