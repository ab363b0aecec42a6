"""A journey over the analysis pages in real headless Chromium: open Negative trends,
Warehouse stock and Receivables, drill one level on each with a click on the top bar,
and open an enterprise card from a table — as the working group does in a meeting."""

from __future__ import annotations

import re

import pytest

from tests.live import browser_page, chromium_available, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(),
                       reason="no Chromium installed (apt-get install chromium)"),
]


def _settled(page):
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


def _click_top_bar(page, graph_id: str):
    """The largest bar of a horizontal bar chart is its last point (plotly draws
    bottom-up); a bridge's first step is last year's total, so take the top change."""
    bars = page.locator(f"#{graph_id} .bars .point path")
    bars.first.wait_for()
    bars.nth(bars.count() - 1).click(force=True)


@pytest.mark.parametrize("path,graph,next_param", [
    ("/stock", "stock-product-bars", "concern="),
    ("/receivables", "rcv-product-bars", "concern="),
])
def test_drill_one_level(duck_db, path, graph, next_param):
    with live_server() as base, browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + path)
        _settled(page)
        _click_top_bar(page, graph)
        page.wait_for_url(re.compile(re.escape(next_param)))
        _settled(page)
        crumbs = page.locator(".breadcrumbs").first.inner_text()
        assert "›" in crumbs  # one level down, with the way back up
        assert errors == []


def test_trends_bridge_drill_and_enterprise_card(duck_db, frames):
    with live_server() as base, browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + "/trends")
        _settled(page)
        # the bridge's bars: totals first and last; any concern bar drills down
        bars = page.locator("#trends-bridge .bars .point path")
        bars.first.wait_for()
        bars.nth(1).click(force=True)
        page.wait_for_url(re.compile(r"concern="))
        _settled(page)
        assert "›" in page.locator(".breadcrumbs").first.inner_text()

        # an enterprise card from the table of enterprises losing exports
        link = page.locator("#trends-enterprises a").first
        name = link.inner_text().strip()
        link.click()
        page.wait_for_url(re.compile(r"/enterprise/\d+"))
        _settled(page)
        heading = page.locator("#enterprise-name").inner_text()
        assert name[:20] in heading
        enterprise_id = int(re.search(r"/enterprise/(\d+)", page.url).group(1))
        expected = frames["enterprise"].set_index("enterprise_id").loc[enterprise_id, "name_en"]
        assert heading.strip() == expected
        page.locator("#enterprise-monthly .main-svg").first.wait_for()
        assert errors == []
