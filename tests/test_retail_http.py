"""The Retail chains page and its drill callback through the Flask server's HTTP
interface: the figures it prints against the raw generated rows, the drill links, the
downloads, and malformed or hostile URLs (always a page with a message, never a 500)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta

import pandas as pd
import pytest

from tests.dash_client import page_json, page_texts, texts

PATH = "/retail"
ASOF = date(2026, 10, 31)


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


def _kpi(body, tile: str) -> str:
    value = _find(body, f"kpi-{tile}-value")["children"]
    return value[0] if isinstance(value, list) else value


def _as_of(frames) -> pd.DataFrame:
    """Each contract's stage on 31 Oct 2026 and the date of that change, from the raw
    history (independently of the page's queries)."""
    st = frames["retail_contract_stage"].copy()
    st["changed_on"] = pd.to_datetime(st["changed_on"]).dt.date
    st = st[st["changed_on"] <= ASOF].sort_values(["contract_id", "changed_on"])
    last = st.groupby("contract_id").tail(1)
    return last.merge(frames["retail_contract"].drop(columns=["stage"]), on="contract_id"
                      ).merge(frames["enterprise"][["enterprise_id", "concern_id", "name_en"]],
                              on="enterprise_id")


def test_kpis_bars_and_stalled_table_match_the_raw_rows(any_client, frames):
    body = page_json(any_client.page(PATH, ""))
    now = _as_of(frames)
    assert _kpi(body, "contracts") == str(len(now))
    assert _kpi(body, "supplying") == str((now["stage"] == "supplying").sum())
    pipeline = now[now["stage"].isin(["talks", "draft_sent", "signed"])]
    assert _kpi(body, "pipeline") == f"{pipeline['expected_annual_usd'].sum() / 1e6:,.1f}"
    dl = frames["retail_delivery"].copy()
    dl["month"] = pd.to_datetime(dl["month"]).dt.date
    ytd = dl[(dl["month"] >= date(2026, 1, 1)) & (dl["month"] <= date(2026, 10, 1))]
    assert _kpi(body, "deliveries") == f"{ytd['value_usd'].sum() / 1e6:,.1f}"
    stalled = now[now["stage"].isin(["talks", "draft_sent"])
                  & (now["changed_on"] < ASOF - timedelta(days=90))]
    assert _kpi(body, "stalled") == str(len(stalled))
    rows = _find(body, "retail-grid")["rowData"]
    assert sorted(r["contract"] for r in rows) == sorted(stalled["contract_id"])
    assert rows[0]["days"] == max((ASOF - d).days for d in stalled["changed_on"])
    # the concern bars: one per concern, the most contracts on top (Plotly draws the
    # first trace point at the bottom), each stage's count a trace of its own
    fig = _find(body, "retail-product-bars")["figure"]
    talks = fig["data"][0]
    counts = now.groupby("concern_id").size().sort_values(ascending=False)
    keys = [k[0] for k in talks["customdata"]][::-1]
    assert set(keys) <= set(counts.index) and len(keys) == min(9, len(counts))
    assert counts.loc[keys].is_monotonic_decreasing
    first = keys[0]
    assert talks["x"][-1] == (now[(now["concern_id"] == first)]["stage"] == "talks").sum()
    text = " | ".join(texts(body))
    assert "Contracts by stage, by concern" in text and "Contracts by stage, by chain" in text
    assert "How far the contracts got" in text


def test_the_days_parameter_and_the_setting(dash_client, frames, monkeypatch):
    now = _as_of(frames)
    negotiating = now[now["stage"].isin(["talks", "draft_sent"])]
    for search, days in (("?days=365", 365), ("?days=30", 30)):
        body = page_json(dash_client.page(PATH, search))
        want = (negotiating["changed_on"] < ASOF - timedelta(days=days)).sum()
        assert _kpi(body, "stalled") == str(want)
        assert f"no change for over {days} days" in " | ".join(texts(body))
    monkeypatch.setenv("EXPORT_MONITOR_RETAIL_STALLED_DAYS", "200")
    body = page_json(dash_client.page(PATH, ""))
    assert _kpi(body, "stalled") == str(
        (negotiating["changed_on"] < ASOF - timedelta(days=200)).sum())


def test_concern_drill_shows_its_enterprises_and_chain_crumbs(dash_client, frames):
    body = page_json(dash_client.page(PATH, "?concern=bellegprom&level=enterprise"
                                            "&chain=x5,lenta&table=contracts"))
    now = _as_of(frames)
    mine = now[(now["concern_id"] == "bellegprom") & now["chain_id"].isin(["x5", "lenta"])]
    rows = _find(body, "retail-grid")["rowData"]
    assert sorted(r["contract"] for r in rows) == sorted(mine["contract_id"])
    assert {r["chain"] for r in rows} <= {"X5 Group", "Lenta"}
    text = " | ".join(texts(body))
    assert "Contracts by stage, by enterprise" in text
    assert "Bellegprom Concern" in text and "All chains" in text and "Lenta, X5 Group" in text
    fig = _find(body, "retail-product-bars")["figure"]
    ents = {int(k[0]) for k in fig["data"][0]["customdata"]}
    assert ents == set(mine["enterprise_id"])
    # an enterprise's link to its card keeps the view's filter
    assert re.search(r"\]\(/enterprise/\d+\?concern=bellegprom\)$", rows[0]["enterprise"])


def _click(dash_client, component: str, key, level="concern", search="?year=2026"):
    return dash_client.call("_pages_location.search", {
        f"{component}.clickData": {"points": [{"customdata": [key]}]},
        "retail-drill-context.data": {"level": level},
        "_pages_location.search": search,
    }, changed=[f"{component}.clickData"], input_id=component)


@pytest.mark.parametrize("component,key,level,expected", [
    ("retail-product-bars", "minagro", "concern", "?year=2026&concern=minagro&level=enterprise"),
    ("retail-product-bars", "47", "enterprise", "?year=2026&enterprise=47&level=enterprise"),
    ("retail-chain-bars", "magnit", "concern", "?year=2026&chain=magnit"),
    ("retail-delivery-bars", "bellegprom", "concern",
     "?year=2026&concern=bellegprom&level=enterprise"),
])
def test_drill_callback_builds_the_next_url(dash_client, component, key, level, expected):
    resp = _click(dash_client, component, key, level)
    assert resp.status_code == 200
    assert json.loads(resp.data)["response"]["_pages_location"]["search"] == expected


def test_malformed_clicks_change_nothing(dash_client):
    for click, context in ((None, None), ({"points": []}, None),
                           ({"points": [{"customdata": ["x"]}]}, "not a dict")):
        resp = dash_client.call("_pages_location.search", {
            "retail-product-bars.clickData": click, "retail-drill-context.data": context,
            "_pages_location.search": "?year=2026"},
            changed=["retail-product-bars.clickData"], input_id="retail-product-bars")
        assert resp.status_code in (200, 204)
        if resp.status_code == 200:
            assert "_pages_location" not in json.loads(resp.data).get("response", {})


@pytest.mark.parametrize("search,message", [
    ("?chain=nosuch", "There is no retail chain “nosuch”"),
    ("?chain=%27%20OR%201%3D1%20--", "There is no retail chain"),
    ("?chain=" + ",".join(f"c{i}" for i in range(200)), "There is no retail chain"),
    ("?days=abc", "is not a number of days"),
    ("?days=0", "is not a number of days"),
    ("?days=99999999999999999999", "is not a number of days"),
    ("?level=chain", "does not exist"),
    ("?table=<script>", "does not exist"),
    ("?region=RU-MOW&chapter=84", "do not apply here"),
    ("?year=2021", "has no data"),
    ("?concern=bellegprom&oblast=BY-HM", None),
    ("?year=&chain=&days=&table=", None),
])
def test_bad_input_gives_page_with_message(dash_client, search, message):
    text = page_texts(dash_client.page(PATH, search))
    assert "Traceback" not in text and "could not be loaded" not in text
    assert "Contracts by stage" in text or "has no data" in text
    if message:
        assert message in text


def test_russian_and_german(dash_client):
    ru = page_texts(dash_client.page(PATH, "?lang=ru"))
    assert "Контракты по стадиям, по концернам" in ru and "Переговоры без движения" in ru
    de = page_texts(dash_client.page(PATH, "?lang=de&present=1"))
    assert "Verträge nach Stufe, nach Konzern" in de and "Stockende Verhandlungen" in de


def test_the_stalled_table_downloads_as_csv(dash_client, frames):
    resp = dash_client.client.get("/download/retail-grid.csv?path=/retail&days=120&lang=en")
    assert resp.status_code == 200
    body = resp.data.decode("utf-8-sig")
    lines = body.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Enterprise,"))
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[header:]))))
    now = _as_of(frames)
    stalled = now[now["stage"].isin(["talks", "draft_sent"])
                  & (now["changed_on"] < ASOF - timedelta(days=120))]
    assert sorted(int(r["No."]) for r in rows if r["No."]) == sorted(stalled["contract_id"])


def test_every_message_exists_in_every_language():
    from dashboard.messages import retail as catalogue
    from queries import retail as q
    assert {f"retail.stage.{s}" for s in q.STAGES} <= set(catalogue.EN)
    # the page's own keys (import reasons and the kinds' names are the Import page's)
    page_keys = {k for k in catalogue.EN if not k.startswith("imports.")}
    assert {k for k in catalogue.RU if not k.startswith("imports.")} == page_keys
    assert {k for k in catalogue.DE if not k.startswith("imports.")} == page_keys
    for lang in (catalogue.RU, catalogue.DE):
        for key, text in lang.items():
            if key in catalogue.EN:
                assert sorted(re.findall(r"{(\w+)}", text)) == sorted(
                    re.findall(r"{(\w+)}", catalogue.EN[key])), key
    from queries.imports.topics.retail import REASONS
    for code, text in REASONS.items():
        for lang in (catalogue.RU, catalogue.DE):
            assert sorted(re.findall(r"{(\w+)}", lang[f"imports.reason.{code}"])) == \
                sorted(re.findall(r"{(\w+)}", text)), code
