"""The Overdue receivables page and its drill callback through the Flask server's HTTP
interface: the figures it prints against the raw generated rows, its drill levels and
links, and malformed or hostile URLs (always a page with a message, never a 500)."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest

from tests.dash_client import page_json, page_texts, texts

PATH = "/receivables"










def _receivables(frames) -> pd.DataFrame:
    rec = frames["receivable"].copy()
    rec["month"] = pd.to_datetime(rec["month"]).dt.date
    return rec.merge(frames["enterprise"][["enterprise_id", "concern_id", "name_en"]],
                     on="enterprise_id")


def _mn(usd: float, signed: bool = False) -> str:
    text = f"{abs(usd) / 1e6:,.1f}" if signed else f"{usd / 1e6:,.1f}"
    return (("+" if usd > 0 else "−" if usd < 0 else "±") + text) if signed else text


def _find(node, component_id: str):
    """The props of the component with ``component_id`` in a layout JSON."""
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


def test_kpis_and_bars_match_the_raw_rows(any_client, frames):
    body = page_json(any_client.page(PATH, ""))
    text = " | ".join(texts(body))
    rec = _receivables(frames)
    now = rec[rec["month"] == date(2026, 10, 1)]
    sept = rec[rec["month"] == date(2026, 9, 1)]
    dec = rec[rec["month"] == date(2025, 12, 1)]

    def kpi(tile):
        value = _find(body, f"kpi-{tile}-value")["children"]
        return value[0] if isinstance(value, list) else value

    assert kpi("total") == _mn(now["total_usd"].sum())
    assert kpi("overdue") == _mn(now["overdue_usd"].sum())
    assert kpi("change-month") == _mn(now["overdue_usd"].sum() - sept["overdue_usd"].sum(),
                                      signed=True)
    assert kpi("change-ytd") == _mn(now["overdue_usd"].sum() - dec["overdue_usd"].sum(),
                                    signed=True)
    assert kpi("over180") == _mn(now["overdue_over_180_usd"].sum())
    assert "Receivables, end of Oct 2026" in text
    assert "Overdue since end of Dec 2025" in text

    # the concern bars: every concern with overdue debt, largest first, value printed
    by_concern = now.groupby("concern_id")["overdue_usd"].sum()
    by_concern = by_concern[by_concern > 0].sort_values(ascending=False)
    bars = _find(body, "rcv-product-bars")["figure"]["data"][0]
    assert [k[0] for k in bars["customdata"]][::-1] == list(by_concern.index[:10])
    assert bars["text"][-1].startswith(_mn(by_concern.iloc[0]) + " (")

    # the largest position, its enterprise a link to the enterprise card
    top = now.sort_values(["overdue_usd", "enterprise_id"], ascending=[False, True]).iloc[0]
    grid = _find(body, "receivables-grid")
    first = grid["rowData"][0]
    assert first["label"] == top["name_en"]
    assert f"](/enterprise/{top['enterprise_id']})" in first["enterprise"]
    # rounded once, to the tenth the grid shows
    assert first["overdue"] == pytest.approx(round(top["overdue_usd"] / 1e6, 1))


def test_drill_to_a_concern_shows_its_enterprises(dash_client, frames):
    concern = "belavtomaz"
    body = page_json(dash_client.page(PATH, f"?concern={concern}&to=6&table=enterprise"))
    text = " | ".join(texts(body))
    assert "Overdue by enterprise" in text and "mn USD (change since end of" in text
    assert "All concerns" in text and "BelAvtoMAZ Holding" in text
    rec = _receivables(frames)
    june = rec[(rec["month"] == date(2026, 6, 1)) & (rec["concern_id"] == concern)]
    rows = _find(body, "receivables-grid")["rowData"]
    owed = june.groupby("enterprise_id")["total_usd"].sum()
    assert sorted(r["label"] for r in rows) == sorted(
        frames["enterprise"].set_index("enterprise_id").loc[owed[owed > 0].index, "name_en"])
    # links to the card keep the filter (concern and period) and escape the name
    link = rows[0]["enterprise"]
    assert re.search(r"\]\(/enterprise/\d+\?to=6&concern=belavtomaz\)$", link), link


def test_geo_drill_and_enterprise_card_link(dash_client):
    text = page_texts(dash_client.page(PATH, "?district=CFD&enterprise=1"))
    assert "Central Federal District" in text and "Russian regions" in text
    body = page_json(dash_client.page(PATH, "?district=CFD&enterprise=1&lang=ru"))
    card = _find(body, "rcv-card-link")["href"]
    assert card == "/enterprise/1?enterprise=1&district=CFD&lang=ru"


def test_product_filter_is_said_not_to_apply(dash_client):
    with_product = page_json(dash_client.page(PATH, "?chapter=84&heading=8701"))
    text = " | ".join(texts(with_product))
    assert "Receivables are not recorded by product" in text and "84, 8701" in text
    plain = page_json(dash_client.page(PATH, ""))
    assert (_find(with_product, "kpi-overdue-value") == _find(plain, "kpi-overdue-value"))


def _click(dash_client, component: str, key, context=None, search="?year=2025"):
    return dash_client.call("_pages_location.search", {
        f"{component}.clickData": key if not isinstance(key, str) else
        {"points": [{"customdata": [key]}]},
        "rcv-drill-context.data": context or {"level": "concern", "geo": "district"},
        "_pages_location.search": search,
    }, changed=[f"{component}.clickData"], input_id=component)


@pytest.mark.parametrize("component,key,context,expected", [
    ("rcv-product-bars", "mtz", None, "?year=2025&concern=mtz&level=enterprise"),
    ("rcv-product-bars", "17", {"level": "enterprise", "geo": "district"},
     "?year=2025&enterprise=17&level=enterprise"),
    ("rcv-geo-bars", "CFD", None, "?year=2025&district=CFD&geo=region"),
    ("rcv-geo-bars", "RU-MOW", {"level": "concern", "geo": "region"},
     "?year=2025&region=RU-MOW"),
    ("rcv-map", "RU-SPE", None, "?year=2025&region=RU-SPE"),
    ("rcv-oblast-bars", "BY-MI", None, "?year=2025&oblast=BY-MI"),
])
def test_drill_callback_builds_the_next_url(dash_client, component, key, context, expected):
    resp = _click(dash_client, component, key, context)
    assert resp.status_code == 200
    assert json.loads(resp.data)["response"]["_pages_location"]["search"] == expected


@pytest.mark.parametrize("click,context", [
    (None, None), ({"points": []}, None), ({"points": [{"x": 1}]}, None),
    ({"points": [{"customdata": ["x"]}]}, {"level": "<script>", "geo": 5}),
    ({"points": [{"customdata": ["x"]}]}, "not a dict"),
])
def test_drill_callback_ignores_malformed_clicks(dash_client, click, context):
    resp = dash_client.call("_pages_location.search", {
        "rcv-product-bars.clickData": click, "rcv-drill-context.data": context,
        "_pages_location.search": "?year=2025"},
        changed=["rcv-product-bars.clickData"], input_id="rcv-product-bars")
    # no_update: the URL stays as it is (Dash answers 204, or 200 with nothing to set)
    assert resp.status_code in (200, 204)
    if resp.status_code == 200:
        assert "_pages_location" not in json.loads(resp.data).get("response", {})


def test_a_clicked_hostile_key_is_only_a_url_value(dash_client):
    resp = _click(dash_client, "rcv-product-bars", "x' OR 1=1 --")
    search = json.loads(resp.data)["response"]["_pages_location"]["search"]
    text = page_texts(dash_client.page(PATH, search))
    assert "Unknown concern ignored" in text


def test_filter_bar_keeps_the_table_choice(dash_client):
    ids = [{"type": "filter", "field": f} for f in (
        "year", "from", "to", "concern", "enterprise", "oblast", "district", "region",
        "chapter", "heading", "industrial")]
    resp = dash_client.filter_change(ids, "concern", ["mtz"],
                                     "?level=enterprise&geo=region&table=enterprise")
    search = json.loads(resp.data)["response"]["_pages_location"]["search"]
    assert search == "?concern=mtz&industrial=0&table=enterprise"


@pytest.mark.parametrize("search,message", [
    ("?to=13", "must be a number from 1 to 12"),
    ("?from=9&to=3", "were swapped"),
    ("?year=2026%27%3B%20DROP%20TABLE%20receivable%3B--", "has no data"),
    ("?concern=%27%20OR%201%3D1%20--", "Unknown concern ignored"),
    ("?enterprise=-5,abc,99999999", "Unknown enterprise ignored"),
    ("?region=" + "A" * 5000, "was too long"),
    ("?district=XX&region=RU-ZZZ", "Unknown district ignored"),
    ("?level=heading", "does not exist"),
    ("?level=../../etc/passwd", "does not exist"),
    ("?geo=<script>alert(1)</script>", "does not exist"),
    ("?table=%27%3B--", "does not exist"),
    ("?table=" + "x" * 3000, "was too long"),
    ("?industrial=yes", "not a valid value"),
    ("?lang=xx", "There is no language"),
    ("?year=2021", "has no data"),
    ("?year=&from=&to=&level=&geo=&table=", None),
    ("?%ZZ=1&&&=", None),
    ("?concern=bellegprom&region=RU-CHU", None),  # nothing owed: an empty, calm page
])
def test_bad_input_gives_page_with_message(dash_client, search, message):
    text = page_texts(dash_client.page(PATH, search))
    assert "Traceback" not in text and "could not be loaded" not in text
    assert "Receivables" in text
    if message:
        assert message in text


def test_header_links_to_the_page(dash_client):
    body = page_json(dash_client.page("/", "?concern=mtz"))
    assert _find(body, "nav-receivables")["href"] == "/receivables?concern=mtz"


def test_every_message_of_the_page_exists_in_english_and_russian(dash_client):
    from dashboard.messages import receivables as catalogue
    from queries import receivables as q
    templated = ({f"receivables.cause.{c}" for c in q.CAUSES}
                 | {f"receivables.age.{a}" for a in q.AGES}
                 | {f"receivables.of_{lvl}" for lvl in ("concern", "enterprise", "oblast",
                                                         "district", "region")}
                 | {f"receivables.table_{name}" for name in ("positions", "enterprise")})
    assert templated <= set(catalogue.EN)
    assert set(catalogue.RU) == set(catalogue.EN)
    for key, text in catalogue.RU.items():
        assert sorted(re.findall(r"{(\w+)}", text)) == sorted(
            re.findall(r"{(\w+)}", catalogue.EN[key])), key
    text = page_texts(dash_client.page(PATH, "?lang=ru&chapter=84"))
    assert "Просроченная на конец" in text and "не действует" in text

