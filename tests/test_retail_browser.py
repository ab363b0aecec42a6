"""The Retail chains page in real headless Chromium: a click on a concern's bar opens
its enterprises (``concern=…&level=enterprise``), whose bars are then that concern's
suppliers by our own SQL over the raw rows; the first breadcrumb leads back; a click on
a chain's bar filters the page on it. In Russian on the shared screen and in English."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import create_engine, text

from tests.live import browser_page, chromium_available, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(),
                       reason="no Chromium at /usr/bin/chromium: browser tests skipped"),
]


def _settled(page):
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def _rows(url: str, sql: str, **params) -> list[tuple]:
    eng = create_engine(url, connect_args={"read_only": True})
    try:
        with eng.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        eng.dispose()


def _bars(page, graph: str) -> dict:
    """The keys of a stacked chart's rows (bottom first) and the counts per trace."""
    page.locator(f"#{graph} .bars .point path").first.wait_for(state="attached")
    return page.evaluate(
        "g => { const d = document.querySelector('#' + g + ' .js-plotly-plot')._fullData"
        ".filter(t => t.type === 'bar');"
        " return {keys: d[0].customdata.map(c => String(c[0])),"
        " x: d.map(t => Array.from(t.x))}; }", graph)


def _click_top_row(page, graph: str) -> str:
    """Click the top row's widest segment; returns the row's key."""
    bars = _bars(page, graph)
    row = len(bars["keys"]) - 1
    trace = max(range(len(bars["x"])), key=lambda i: bars["x"][i][row] or 0)
    page.locator(f"#{graph} .barlayer .trace").nth(trace).locator(
        ".point").nth(row).locator("path").click(force=True)
    return bars["keys"][row]


@pytest.mark.parametrize("lang,present", [("ru", "1"), ("en", "0")])
def test_concern_drill_and_back(duck_db, lang, present):
    start = f"/retail?lang={lang}&present={present}"
    with live_server() as base, browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + start)
        _settled(page)
        concern = _click_top_row(page, "retail-product-bars")
        page.wait_for_url(re.compile(r"[?&]concern=" + re.escape(concern)))
        q = _query(page.url)
        assert (q["level"], q["lang"], q["present"]) == ("enterprise", lang, present)
        _settled(page)
        shown = {int(k) for k in _bars(page, "retail-product-bars")["keys"]}
        suppliers = {r[0] for r in _rows(
            duck_db,
            "SELECT DISTINCT c.enterprise_id FROM retail_contract c JOIN enterprise e "
            "ON e.enterprise_id = c.enterprise_id JOIN retail_contract_stage s "
            "ON s.contract_id = c.contract_id WHERE e.concern_id = :c "
            "AND s.changed_on <= DATE '2026-10-31'", c=concern)}
        assert shown and shown <= suppliers
        assert len(shown) == min(len(suppliers), 7 if present == "1" else 9)
        # the first crumb goes back to all concerns
        page.locator("#retail-crumbs-product a").first.click()
        page.wait_for_url(lambda url: "concern=" not in url)
        _settled(page)
        assert concern in _bars(page, "retail-product-bars")["keys"]
        # a chain's bar filters the page on that chain
        chain = _click_top_row(page, "retail-chain-bars")
        page.wait_for_url(re.compile(r"[?&]chain=" + re.escape(chain)))
        _settled(page)
        assert _bars(page, "retail-chain-bars")["keys"] == [chain]
        assert errors == []
