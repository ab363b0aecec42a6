"""The Export support page and its drill callback through the Flask server's HTTP
interface: the figures it prints against the raw generated rows, the drill levels and
links, the downloads, and malformed or hostile URLs (always a page with a message,
never a 500)."""

from __future__ import annotations

import io
import json
from datetime import date
from urllib.parse import urlencode

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.dash_client import page_json, page_texts, texts

PATH = "/support"


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


def _support(frames) -> pd.DataFrame:
    s = frames["export_support"].copy()
    s["month"] = pd.to_datetime(s["month"]).dt.date
    return s.merge(frames["enterprise"][["enterprise_id", "concern_id", "name_en"]],
                   on="enterprise_id")


def _ytd(df, year=2026, to=10):
    return df[(df["month"] >= date(year, 1, 1)) & (df["month"] <= date(year, to, 1))]


def _mn(usd: float) -> str:
    return f"{usd / 1e6:,.1f}"


def test_kpis_and_bars_match_the_raw_rows(any_client, frames):
    body = page_json(any_client.page(PATH, ""))
    s = _ytd(_support(frames))
    assert _find(body, "kpi-support-value")["children"][0] == _mn(s["support_usd"].sum())
    assert _find(body, "kpi-backed-value")["children"][0] == _mn(
        s["backed_exports_usd"].sum())
    assert _find(body, "kpi-enterprises-value")["children"] == str(s["enterprise_id"].nunique())
    x = frames["exports"].copy()
    x["month"] = pd.to_datetime(x["month"]).dt.date
    now = _ytd(x).groupby("enterprise_id")["value_usd"].sum()
    ly = _ytd(x, 2025).groupby("enterprise_id")["value_usd"].sum()
    change = now.reindex(now.index.union(ly.index), fill_value=0) - ly.reindex(
        now.index.union(ly.index), fill_value=0)
    falling = set(change[change < 0].index)
    unsupported = falling - set(s["enterprise_id"])
    assert _find(body, "kpi-falling-value")["children"] == str(len(unsupported))
    # the instrument bars: one bar per instrument with support, its value as text
    bars = _find(body, "sup-instrument-bars")["figure"]["data"][0]
    by_inst = s.groupby("instrument_id")["support_usd"].sum()
    keys = [c[0] for c in bars["customdata"]]
    assert set(keys) == set(by_inst[by_inst > 0].index)
    for key, text in zip(keys, bars["text"]):
        assert text.startswith(_mn(by_inst[key]) + " · ")
    # the table: the falling enterprises without an instrument, every one of them
    rows = _find(body, "support-grid")["rowData"]
    names = frames["enterprise"].set_index("enterprise_id")["name_en"]
    assert sorted(r["label"] for r in rows) == sorted(names.loc[list(unsupported)])


def test_the_reference_list_is_readable_text(dash_client):
    body = page_json(dash_client.page(PATH, "?table=instruments"))
    cards = _find(body, "support-instruments")
    text = " | ".join(texts(cards))
    for words in ("Development Bank", "Eximgarant", "Chamber of Commerce", "leasing"):
        assert words in text, words
    ru = page_texts(dash_client.page(PATH, "?table=instruments&lang=ru"))
    assert "Белэксимгарант" in ru and "Банк развития" in ru
    de = page_texts(dash_client.page(PATH, "?table=instruments&lang=de"))
    assert "Entwicklungsbank" in de


def test_drill_to_a_concern_shows_its_enterprises(dash_client, frames):
    body = page_json(dash_client.page(PATH, "?concern=mtz"))
    text = " | ".join(texts(body))
    assert "Support by enterprise" in text and "All concerns" in text
    bars = _find(body, "sup-product-bars")["figure"]["data"]
    s = _ytd(_support(frames))
    mine = s[s["concern_id"] == "mtz"].groupby("enterprise_id")["support_usd"].sum()
    if bars:
        assert {int(c[0]) for c in bars[0]["customdata"]} == set(mine[mine > 0].index[:8]) \
            or len(mine) > 8


def _click(client, component, key, context=None, search="?year=2025"):
    return client.call("_pages_location.search", {
        f"{component}.clickData": {"points": [{"customdata": [key]}]},
        "sup-drill-context.data": context or {"level": "concern", "geo": "district",
                                              "instruments": ["leasing", "insurance"]},
        "_pages_location.search": search,
    }, changed=[f"{component}.clickData"], input_id=component)


@pytest.mark.parametrize("component,key,context,expected", [
    ("sup-product-bars", "mtz", None, "?year=2025&concern=mtz&level=enterprise"),
    ("sup-product-bars", "17", {"level": "enterprise", "geo": "district"},
     "?year=2025&enterprise=17&level=enterprise"),
    ("sup-geo-bars", "CFD", None, "?year=2025&district=CFD&geo=region"),
    ("sup-geo-bars", "RU-MOW", {"level": "concern", "geo": "region"},
     "?year=2025&region=RU-MOW"),
    ("sup-instrument-bars", "leasing", None, "?year=2025&instrument=leasing"),
])
def test_drill_callback_builds_the_next_url(dash_client, component, key, context, expected):
    resp = _click(dash_client, component, key, context)
    assert resp.status_code == 200
    assert json.loads(resp.data)["response"]["_pages_location"]["search"] == expected


def test_a_forged_instrument_click_goes_nowhere(dash_client):
    for key, context in (("<script>", None), ("leasing", {"instruments": "not a list"}),
                         ("leasing", "not a dict")):
        resp = _click(dash_client, "sup-instrument-bars", key, context)
        # no_update: Dash answers 204, or 200 with nothing to set
        assert resp.status_code in (200, 204)
        if resp.status_code == 200:
            assert "_pages_location" not in json.loads(resp.data).get("response", {})


@pytest.mark.parametrize("search,words", [
    ("?instrument=zzz", "does not exist; all instruments"),
    ("?level=nope", "does not exist"),
    ("?table=%3Cscript%3E", "does not exist"),
    ("?geo=moon", "does not exist"),
    ("?year=abc", ""),
    ("?chapter=84", "Support is not recorded by product"),
    ("?instrument=" + "x" * 500, "does not exist"),
    ("?enterprise=999999", ""),
    ("?district=CFD&geo=region&instrument=leasing&table=enterprises", ""),
])
def test_bad_or_unusual_urls_give_a_page_with_a_message(dash_client, search, words):
    resp = dash_client.page(PATH, search)
    assert resp.status_code == 200
    text = page_texts(resp)
    assert "Something went wrong" not in text and "unexpected" not in text.lower()
    assert words in text


def test_downloads_of_the_table_and_a_chart(dash_client, frames):
    body = page_json(dash_client.page(PATH, ""))
    rows = _find(body, "support-grid")["rowData"]
    q = urlencode({"path": PATH, "lang": "en"}, safe=",/")
    csv = dash_client.client.get(f"/download/support-grid.csv?{q}")
    assert csv.status_code == 200
    text = csv.data.decode("utf-8-sig")
    assert rows[0]["label"] in text and "Last support" in text
    xlsx = dash_client.client.get(f"/download/sup-instrument-bars.xlsx?{q}")
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.data)).active
    values = [c for r in ws.iter_rows(values_only=True) for c in r if c is not None]
    assert "Export credit insurance" in values


@pytest.mark.parametrize("search", ["", "?table=instruments", "?table=enterprises",
                                    "?concern=mtz&instrument=leasing"])
def test_russian_and_german_pages_show_no_english(dash_client, frames, search):
    """tests/test_i18n.py's check (every visible string, names of the data left out) on
    this page's views."""
    import re

    from tests.test_i18n import (
        _SAME_IN_ALL,
        _data_names,
        _english_words,
        _without_names,
        visible_strings,
    )
    found = []
    for lang in ("ru", "de"):
        names = _data_names(frames, english=lang == "de")
        is_english = _english_words(lang)
        query = f"?lang={lang}" + (f"&{search[1:]}" if search else "")
        strings = visible_strings(page_json(dash_client.page(PATH, query)))
        assert len(strings) > 30
        for s in set(strings):
            rest = _without_names(re.sub(r"<[^>]*>|%\{[^}]*\}|&\w+;", " ", s), names)
            rest = re.sub(r"\b[A-Z]{2}-[A-Z]{2,3}\b", " ", rest)
            bad = [w for w in re.findall(r"[A-Za-zÄÖÜäöüß]{3,}", rest)
                   if w not in _SAME_IN_ALL and re.search("[A-Za-z]", w) and is_english(w)]
            if bad:
                found.append((lang, s[:80], bad))
    assert found == []
