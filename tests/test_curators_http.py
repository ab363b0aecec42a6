"""The Curators page (/curators) and its drill callbacks through the Flask server's HTTP
interface: the figures it prints against the raw generated rows (both engines), the
card and the region level, the ``curator=`` filter on another page, downloads, and
malformed or hostile URLs (always a page with a message, never a 500)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from tests.dash_client import page_json, page_texts, texts

PATH = "/curators"
F_START, F_END = date(2026, 1, 1), date(2026, 10, 31)


def _regions_of(frames, cid: int) -> set[str]:
    a = frames["curator_region"]
    out = set()
    for r in a[a["curator_id"] == cid].itertuples():
        d_from = pd.Timestamp(r.date_from).date()
        d_to = None if pd.isna(r.date_to) else pd.Timestamp(r.date_to).date()
        if d_from <= F_END and (d_to is None or d_to >= F_START):
            out.add(r.region_id)
    return out


def _exports(frames, regions, lo: date, hi: date) -> float:
    e = frames["exports"]
    m = pd.to_datetime(e["month"]).dt.date
    return float(e.loc[e["region_id"].isin(list(regions)) & (m >= lo) & (m <= hi),
                       "value_usd"].sum())


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


def _mn(usd: float) -> str:
    return f"{usd / 1e6:,.1f}"


def test_ranking_matches_the_raw_rows(any_client, frames):
    body = page_json(any_client.page(PATH, "?lang=en"))
    grid = _find(body, "curators-grid")
    rows = grid["rowData"]
    held = {int(c) for c in frames["curator"]["curator_id"] if _regions_of(frames, int(c))}
    assert len(rows) == len(held)
    kpi = _find(body, "kpi-curators-value")
    assert kpi["children"] == str(len(held))
    names = dict(zip(frames["curator"]["name"], frames["curator"]["curator_id"]))
    growth = []
    for row in rows:
        cid = int(names[row["label"]])
        regions = _regions_of(frames, cid)
        value = _exports(frames, regions, F_START, date(2026, 10, 1))
        ly = _exports(frames, regions, date(2025, 1, 1), date(2025, 10, 1))
        assert row["value"] == pytest.approx(round(value / 1e6, 1), abs=0.051)
        if ly > 0:
            assert row["growth"] == pytest.approx(round((value / ly - 1) * 100, 1), abs=0.051)
            growth.append((value / ly - 1) * 100)
        assert f"curator={cid}" in row["curator"]  # the name opens the card
    assert growth == sorted(growth, reverse=True)
    # the union of the regions, each once
    union = set().union(*(_regions_of(frames, c) for c in held))
    total = _exports(frames, union, F_START, date(2026, 10, 1))
    assert _find(body, "kpi-exports-value")["children"][0] == _mn(total)


def test_card_and_region(dash_client, frames):
    a = frames["curator_region"]
    cid = int(a[a["date_to"].notna()]["curator_id"].iloc[0])
    name = frames["curator"].set_index("curator_id").loc[cid, "name"]
    body = page_json(dash_client.page(PATH, f"?lang=en&curator={cid}"))
    text = " | ".join(texts(body))
    assert name in text
    history = _find(body, "curators-history-grid")["rowData"]
    assert len(history) == int((a["curator_id"] == cid).sum())
    regions = _regions_of(frames, cid)
    if not regions:
        assert _find(body, "curator-no-regions") is not None
        return
    rows = _find(body, "curators-regions-grid")["rowData"]
    assert {r["label"] for r in rows} == {
        frames["ru_region"].set_index("region_id").loc[r, "name_en"] for r in regions}
    region = sorted(regions)[0]
    assert any(f"region={region}" in r["region"] for r in rows)
    body = page_json(dash_client.page(PATH, f"?lang=en&curator={cid}&region={region}"))
    link = _find(body, "cur-exports-link")
    assert link["href"].startswith("/exports?") and f"region={region}" in link["href"]
    assert "curator=" not in link["href"]
    crumbs = " | ".join(texts(_find(body, "cur-crumbs")))
    assert "All curators" in crumbs and name[:20] in crumbs


def test_the_filter_on_another_page(dash_client, frames):
    cid = int(frames["curator"]["curator_id"].iloc[0])
    regions = _regions_of(frames, cid)
    body = page_json(dash_client.page("/", f"?lang=en&curator={cid}"))
    value = _exports(frames, regions, F_START, date(2026, 10, 1))
    assert _find(body, "kpi-exports-value")["children"][0] == _mn(value)
    # links to other pages keep the curator
    body = page_json(dash_client.page("/exports", f"?lang=en&curator={cid}"))
    assert f"curator={cid}" in json.dumps(body)
    # the filter bar shows the curator control with the curator chosen
    ctl = _find(body, {"type": "filter", "field": "curator"})
    assert ctl["value"] == [cid]
    # without curator= the other pages' bar has no curator control
    body = page_json(dash_client.page("/exports", "?lang=en"))
    assert _find(body, {"type": "filter", "field": "curator"}) is None


@pytest.mark.parametrize("search,message", [
    ("?curator=abc", "Unknown curator ignored"),
    ("?curator=999999", "Unknown curator ignored"),
    ("?curator=%27%20OR%201%3D1%20--", "Unknown curator ignored"),
    ("?curator=" + "9" * 3000, "was too long"),
    ("?curator=1,2,abc", "Unknown curator ignored"),
    ("?rank=<script>", "does not exist"),
    ("?curator=1&region=RU-ZZZ", "Unknown region ignored"),
])
def test_bad_urls_give_a_message(dash_client, search, message):
    resp = dash_client.page(PATH, search + "&lang=en")
    assert resp.status_code == 200
    assert message in page_texts(resp)
    # and the other pages say the same
    resp = dash_client.page("/receivables", search.replace("rank", "table") + "&lang=en")
    assert resp.status_code == 200


def _click(dash_client, component: str, key, search="?year=2026"):
    return dash_client.call("_pages_location.search", {
        f"{component}.clickData": {"points": [{"customdata": [key]}]},
        "_pages_location.search": search}, changed=[f"{component}.clickData"],
        input_id=component)


def test_drill_callbacks(dash_client):
    resp = _click(dash_client, "cur-ranking-bars", "7", "?year=2026&region=RU-MOW")
    assert json.loads(resp.data)["response"]["_pages_location"]["search"] == \
        "?year=2026&curator=7"
    resp = _click(dash_client, "cur-region-bars", "RU-SPE", "?curator=7")
    assert json.loads(resp.data)["response"]["_pages_location"]["search"] == \
        "?region=RU-SPE&curator=7"


@pytest.mark.parametrize("click", [None, {"points": []}, {"points": [{"customdata": [""]}]},
                                   {"points": [{"customdata": ["x' OR 1=1"]}]}])
def test_malformed_clicks_change_nothing(dash_client, click):
    resp = dash_client.call("_pages_location.search", {
        "cur-ranking-bars.clickData": click, "_pages_location.search": "?year=2026"},
        changed=["cur-ranking-bars.clickData"], input_id="cur-ranking-bars")
    assert resp.status_code in (200, 204)
    if resp.status_code == 200:
        assert "_pages_location" not in json.loads(resp.data).get("response", {})


def test_downloads(dash_client):
    resp = dash_client.client.get("/download/curators-grid.csv?path=/curators&lang=en")
    assert resp.status_code == 200, resp.status_code
    text = resp.data.decode("utf-8-sig")
    assert "Curator" in text and "Exports, mn USD" in text
    resp = dash_client.client.get("/download/cur-ranking-bars.xlsx?path=/curators&lang=en")
    assert resp.status_code == 200 and resp.data[:2] == b"PK"
    resp = dash_client.client.get(
        "/download/curators-history-grid.csv?path=/curators&curator=1&lang=en")
    assert resp.status_code == 200
