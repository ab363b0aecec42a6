"""The Negative trends page and its drill callback through HTTP, including malformed and
hostile URLs: always a page with a message, never a 500."""

from __future__ import annotations

import json
import re
import sys

import pandas as pd
import pytest

from tests.dash_client import page_json, page_texts, texts
from tests.test_enterprise_card import hrefs


def find(node, component_id: str):
    """The props of the component with this id in a layout JSON."""
    if isinstance(node, dict):
        if node.get("id") == component_id:
            return node
        for value in node.values():
            hit = find(value, component_id)
            if hit is not None:
                return hit
    elif isinstance(node, list):
        for value in node:
            hit = find(value, component_id)
            if hit is not None:
                return hit
    return None


def _losers(frames, industrial: bool) -> tuple[int, int]:
    """(enterprises losing, enterprises with exports) in Jan–Oct 2026 against 2025."""
    ex = frames["exports"].copy()
    ex["month"] = pd.to_datetime(ex["month"])
    ent = frames["enterprise"]
    if industrial:
        ex = ex[ex["enterprise_id"].isin(ent[ent["is_industrial"]]["enterprise_id"])]
    ex = ex[ex["month"].dt.month <= 10]
    by = ex.groupby(["enterprise_id", ex["month"].dt.year])["value_usd"].sum().unstack(
        fill_value=0.0)
    by = by[(by[2026] != 0) | (by[2025] != 0)]
    return int((by[2026] < by[2025]).sum()), len(by)


def test_page_defaults_to_industrial_enterprises(dash_client, frames):
    body = page_json(dash_client.page("/trends", ""))
    text = " | ".join(texts(body))
    n, total = _losers(frames, industrial=True)
    assert f"Enterprises losing exports: {n} of {total}" in text
    # the title, and its click hint on the second line (the subtitle)
    assert "From 2025 to 2026 through concerns, mn USD" in text
    assert "click a bar to go down" in text
    assert "Runs of decline to Oct 2026 — enterprises: " in text
    assert find(body, {"type": "filter", "field": "industrial"})["value"] == ["1"]
    # industrial=0 widens the page to every enterprise
    n_all, total_all = _losers(frames, industrial=False)
    text = page_texts(dash_client.page("/trends", "?industrial=0"))
    assert f"Enterprises losing exports: {n_all} of {total_all}" in text


def test_enterprise_names_link_to_the_card_with_the_filter(dash_client, frames):
    body = page_json(dash_client.page("/trends", "?year=2025&from=2&run=4"))
    rows = find(body, "trends-enterprises")["rowData"]
    assert rows
    link = re.compile(r"^\[(.+)\]\((/enterprise/(\d+)\?[^)]*)\)$")
    names = frames["enterprise"].set_index("enterprise_id")["name_en"]
    for row in rows:
        m = link.match(row["name"])
        assert m, row["name"]
        assert m.group(2).endswith("?year=2025&from=2&industrial=1")
        # markdown characters in names are escaped, so the label reads as the name
        assert re.sub(r"\\(.)", r"\1", m.group(1)) == names[int(m.group(3))] == row["label"]
    runs = find(body, "trends-runs")
    assert all(link.match(r["name"]) for r in runs["rowData"])
    assert all(r["run"] >= 4 for r in runs["rowData"])


def test_drill_to_a_concern_and_to_an_enterprise(dash_client, frames):
    concern = "mtz" if "mtz" in set(frames["concern"]["concern_id"]) else \
        frames["concern"]["concern_id"].iloc[0]
    name = frames["concern"].set_index("concern_id").loc[concern, "name_en"]
    body = page_json(dash_client.page("/trends", f"?concern={concern}"))
    text = " | ".join(texts(body))
    assert "through enterprises" in text and name in text
    crumbs = hrefs(find(body, "crumbs-trends"))
    assert crumbs == ["/trends"]  # "All concerns" leads back up
    ent = int(frames["enterprise"].query("concern_id == @concern")["enterprise_id"].iloc[0])
    body = page_json(dash_client.page("/trends", f"?concern={concern}&enterprise={ent}"))
    assert "through products" in " | ".join(texts(body))
    assert hrefs(find(body, "crumbs-trends")) == ["/trends", f"/trends?concern={concern}"]
    assert find(body, "trends-card-link")["href"] == f"/enterprise/{ent}?concern={concern}" \
        f"&enterprise={ent}&industrial=1"


def _click(dash_client, key, level, search):
    return dash_client.call("_pages_location.search", {
        "trends-bridge.clickData": {"points": [{"customdata": [key]}]},
        "trends-context.data": {"level": level},
        "_pages_location.search": search,
    }, changed=["trends-bridge.clickData"], input_id="trends-bridge")


def test_drill_callback_builds_the_next_url(dash_client):
    resp = _click(dash_client, "bellegprom", "concern", "?year=2025&run=5")
    assert resp.status_code == 200
    search = json.loads(resp.data)["response"]["_pages_location"]["search"]
    assert search == "?year=2025&concern=bellegprom&run=5"
    resp = _click(dash_client, "17", "enterprise", "?concern=bellegprom")
    assert json.loads(resp.data)["response"]["_pages_location"]["search"] == \
        "?concern=bellegprom&enterprise=17"


@pytest.mark.parametrize("key,level", [("", "concern"), ("x", "heading"),
                                       ("mtz", "<script>"), (None, "concern")])
def test_drill_callback_ignores_clicks_that_go_nowhere(dash_client, key, level):
    resp = _click(dash_client, key, level, "?year=2025")
    # no update (totals, "others", products, junk): Dash answers 204 or an empty response
    assert resp.status_code in (200, 204)
    assert resp.status_code == 204 or json.loads(resp.data).get("response") == {}


def test_a_hostile_click_becomes_a_message_not_an_error(dash_client):
    resp = _click(dash_client, "' OR 1=1 --", "concern", "")
    search = json.loads(resp.data)["response"]["_pages_location"]["search"]
    text = page_texts(dash_client.page("/trends", search))
    assert "Unknown concern ignored" in text


@pytest.mark.parametrize("search,message", [
    ("?run=0", "is not a number of months from 1 to 12"),
    ("?run=13", "is not a number of months from 1 to 12"),
    ("?run=-3", "is not a number of months from 1 to 12"),
    ("?run=3.5", "is not a number of months from 1 to 12"),
    ("?run=%27%3B%20DROP%20TABLE%20exports%3B--", "is not a number of months from 1 to 12"),
    ("?run=" + "9" * 3000, "is not a number of months from 1 to 12"),
    ("?to=13", "must be a number from 1 to 12"),
    ("?from=9&to=3", "were swapped"),
    ("?year=2026%27%3B%20DROP%20TABLE%20exports%3B--", "has no data"),
    ("?concern=%27%20OR%201%3D1%20--", "Unknown concern ignored"),
    ("?enterprise=-5", "Unknown enterprise ignored"),
    ("?heading=9999,<b>", "Unknown heading ignored"),
    ("?region=" + "A" * 5000, "was too long"),
    ("?industrial=yes", "is not a valid value"),
    ("?year=&from=&to=&run=", None),
    ("?%ZZ=1&&&=", None),
])
def test_bad_input_gives_page_with_message(dash_client, search, message):
    text = page_texts(dash_client.page("/trends", search))
    assert "Traceback" not in text and "unexpected error" not in text
    assert "Negative trends" in text
    if message:
        assert message in text


def test_run_choice_is_kept_in_the_links(dash_client):
    body = page_json(dash_client.page("/trends", "?run=6&concern=mtz"))
    assert find(body, "trends-run-6")["className"] == "toggle active"
    assert find(body, "trends-run-2")["href"] == "/trends?concern=mtz&run=2"
    text = " | ".join(texts(body))
    assert "runs of 3 months" not in text


def test_empty_selection_is_a_message(dash_client):
    text = page_texts(dash_client.page("/trends", "?heading=0101&industrial=1&region=RU-CHU"))
    assert "Traceback" not in text
    assert "No exports match this filter." in text or "Nothing here loses" in text


def test_every_templated_message_of_the_page_exists():
    from dashboard.app import create_app
    from dashboard.i18n import EN
    create_app()  # the page modules register themselves with the app: import them through it
    page = sys.modules["dashboard.pages.trends"]
    source = open(page.__file__, encoding="utf-8").read()
    ids = {f"msg.{k}" for k in re.findall(r'Problem\("([a-z_]+)"', source)}
    ids |= {f"trends.through.{lvl}" for lvl in ("concern", "enterprise", "heading")}
    ids |= {f"level.{lvl}" for lvl in ("concern", "enterprise", "heading")}
    assert "msg.trends_bad_run" in ids and sorted(ids - set(EN)) == []


@pytest.mark.parametrize("lang", ["ru", "de"])
def test_the_language_is_kept_in_every_link(dash_client, lang):
    body = page_json(dash_client.page("/trends", f"?concern=mtz&lang={lang}"))
    assert "Traceback" not in " | ".join(texts(body))
    rows = find(body, "trends-enterprises")["rowData"]
    assert rows and all(f"lang={lang})" in r["name"] for r in rows)
    assert all(f"lang={lang}" in h for h in hrefs(find(body, "crumbs-trends")))
    card = page_json(dash_client.page("/enterprise/3", f"?lang={lang}"))
    assert all(f"lang={lang}" in h for h in hrefs(card) if h.startswith(("/exports", "/trends")))
