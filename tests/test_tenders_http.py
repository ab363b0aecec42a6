"""The Public procurement page through the Flask server's HTTP interface (its figures
against the raw generated rows, drill links, bad URLs → a page with a message, never a
500, the CSV download), and one drill in real headless Chromium."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest

from tests.dash_client import page_json, page_texts, texts
from tests.live import browser_page, chromium_available, live_server

PATH = "/tenders"


def _bids(frames) -> pd.DataFrame:
    df = frames["tender_bid"].merge(frames["procurement"], on="procurement_id")
    df["notice_date"] = pd.to_datetime(df["notice_date"]).dt.date
    return df.merge(frames["enterprise"][["enterprise_id", "concern_id"]], on="enterprise_id")


def _find(node, component_id: str):
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and props.get("id") == component_id:
            return props
        for value in node.values():
            found = _find(value, component_id)
            if found is not None:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _find(item, component_id)
            if found is not None:
                return found
    return None


def _text_of(body, component_id: str) -> str:
    return " ".join(texts(_find(body, component_id)))


def test_kpis_match_the_raw_rows(any_client, frames):
    body = page_json(any_client.page(PATH, "?to=10"))
    df = _bids(frames)
    df = df[(df["notice_date"] >= date(2026, 1, 1)) & (df["notice_date"] < date(2026, 11, 1))]
    decided = df["outcome"].isin(["won", "lost", "not_admitted"]).sum()
    won = df[df["outcome"] == "won"]
    loc = df[df["outcome"].isin(["lost", "not_admitted"]) & (df["loss_reason"] == "localisation")]
    assert _text_of(body, "kpi-bids-value") == str(len(df))
    assert _text_of(body, "kpi-win-rate-value") == f"{len(won) / decided * 100:.1f} %"
    assert _text_of(body, "kpi-value-won-value").startswith(f"{won['bid_usd'].sum() / 1e6:,.1f}")
    assert _text_of(body, "kpi-localisation-value") == str(len(loc))
    rows = _find(body, "tenders-grid")["rowData"]
    assert len(rows) == len(df)


def test_a_concern_drills_to_its_enterprises(dash_client, frames):
    text = page_texts(dash_client.page(PATH, "?concern=belavtomaz"))
    assert "Value won by enterprise" in text and "BelAvtoMAZ Holding" in text
    assert "All concerns" in text


def test_the_subject_and_stavropol(dash_client, frames):
    body = page_json(dash_client.page(PATH, "?region=RU-STA&what=trolleybuses&year=2025"))
    text = " | ".join(texts(body))
    assert "Trolleybuses" in text and "All subjects" in text
    rows = _find(body, "tenders-grid")["rowData"]
    df = _bids(frames)
    want = df[(df["region_id"] == "RU-STA") & (df["subject"] == "trolleybuses")
              & (df["notice_date"].map(lambda d: d.year) == 2025)]
    assert len(rows) == len(want) > 0
    assert {r["customer"] for r in rows} == set(want["customer"])


def _click(dash_client, component: str, key, context=None, search="?year=2025"):
    return dash_client.call("_pages_location.search", {
        f"{component}.clickData": {"points": [{"customdata": [key]}]},
        "tnd-drill-context.data": context or {"level": "concern", "geo": "district"},
        "_pages_location.search": search,
    }, changed=[f"{component}.clickData"], input_id=component)


@pytest.mark.parametrize("component,key,expected", [
    ("tnd-product-bars", "mtz", "?year=2025&concern=mtz&level=enterprise"),
    ("tnd-geo-bars", "SFD", "?year=2025&district=SFD&geo=region"),
    ("tnd-subject-bars", "buses", "?year=2025&what=buses"),
])
def test_drill_callback_builds_the_next_url(dash_client, component, key, expected):
    resp = _click(dash_client, component, key)
    assert resp.status_code == 200
    assert json.loads(resp.data)["response"]["_pages_location"]["search"] == expected


def test_an_unknown_subject_click_changes_nothing(dash_client):
    resp = _click(dash_client, "tnd-subject-bars", "<script>")
    assert resp.status_code in (200, 204)
    if resp.status_code == 200:
        assert "_pages_location" not in json.loads(resp.data).get("response", {})


@pytest.mark.parametrize("search,message", [
    ("?what=ships", "Unknown tender subject"),
    ("?what=%27%3B--", "Unknown tender subject"),
    ("?level=heading", "does not exist"),
    ("?geo=<script>", "does not exist"),
    ("?heading=8702", "do not apply here"),
    ("?concern=%27%20OR%201%3D1%20--", "Unknown concern ignored"),
    ("?to=13", "must be a number from 1 to 12"),
    ("?year=2021", "has no data"),
    ("?region=RU-CHU", None),  # no bids there: a calm, empty page
    ("?%ZZ=1&&&=", None),
])
def test_bad_input_gives_page_with_message(dash_client, search, message):
    text = page_texts(dash_client.page(PATH, search))
    assert "Traceback" not in text and "could not be loaded" not in text
    assert "Participations" in text  # the page itself (its nav link is "More" now)
    if message:
        assert message in text


def test_the_bids_table_downloads_as_csv(dash_client):
    from dashboard.downloads import views
    for grid in ("tenders-grid", "tnd-trend"):
        href = views.download_href(PATH, {"lang": "en", "region": "RU-ROS"}, grid, "csv")
        resp = dash_client.client.get(href)
        assert resp.status_code == 200, resp.data[:300]
        body = resp.data.decode("utf-8-sig")
        if grid == "tenders-grid":
            assert "МКУ «Дирекция по транспорту г. Ростова-на-Дону»" in body
            assert "Customer" in body and "Reason" in body
        else:
            assert "Localisation" in body and "2024" in body and "Q1" in body


def test_every_message_of_the_page_exists_in_three_languages():
    from dashboard.messages import tenders as m
    assert set(m.EN) - {k for k in m.EN if k.startswith("imports.")} <= set(m.RU)
    assert set(m.RU) == set(m.DE)


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="no Chromium installed")
def test_browser_drill_concern_and_back(duck_db):
    with live_server() as base, browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + PATH + "?lang=en")
        page.wait_for_load_state("networkidle")
        bars = page.locator("#tnd-product-bars .bars .point path")
        bars.first.wait_for()
        bars.nth(bars.count() - 1).click(force=True)  # the top bar: the largest value won
        page.wait_for_url(re.compile(r"concern=belavtomaz"))
        page.locator("#tnd-product-bars").filter(has_text="by enterprise").wait_for()
        crumbs = page.locator("#tnd-crumbs-product")
        assert "BelAvtoMAZ Holding" in crumbs.inner_text()
        crumbs.get_by_text("All concerns").click()
        page.wait_for_url(re.compile(r"/tenders\?lang=en$"))
        page.locator("#tnd-product-bars").filter(has_text="by concern").wait_for()
        assert errors == []
