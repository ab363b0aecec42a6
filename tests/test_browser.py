"""A journey in real headless Chromium: Overview → read a KPI → Exports → click a
concern's bar → its enterprises and the breadcrumb → back up → reload the link."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.live import browser_page, chromium_available, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(),
                       reason="no Chromium installed (apt-get install chromium)"),
]


def _wait_idle(page):
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


def test_overview_to_exports_drill_and_back(duck_db, frames):
    ex = frames["exports"].copy()
    ex["month"] = pd.to_datetime(ex["month"])
    cur = ex[(ex["month"].dt.year == 2026) & (ex["month"].dt.month <= 10)]
    expected_kpi = f"{cur['value_usd'].sum() / 1e6:,.1f} mn USD"
    by_concern = cur.merge(frames["enterprise"], on="enterprise_id").groupby(
        "concern_id")["value_usd"].sum().sort_values(ascending=False)
    top_concern = by_concern.index[0]
    names = frames["concern"].set_index("concern_id")["name_en"]

    with live_server() as base, browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        # Dash and AG Grid report bad figure or grid specs through console.log/error
        page.on("console", lambda m: errors.append(m.text)
                if m.type in ("error", "log") and "rror" in m.text else None)
        page.goto(base + "/")
        _wait_idle(page)
        expect(page.locator("#kpi-exports-value")).to_have_text(expected_kpi)

        page.click("#nav-exports")
        page.wait_for_url(re.compile(r"/exports"))
        page.locator("#product-bars .bars .point path").first.wait_for()
        _wait_idle(page)
        # the largest concern is the top bar: plotly draws bottom-up
        bars = page.locator("#product-bars .bars .point path")
        bars.nth(bars.count() - 1).click(force=True)
        page.wait_for_url(re.compile(r"concern=" + re.escape(top_concern)))
        crumbs = page.locator("#crumbs-product")
        crumbs.locator(f'[title="{names[top_concern]}"]').wait_for()
        expect(page.locator("#product-bars")).to_contain_text("Enterprises")
        expect(crumbs).to_contain_text("All concerns")
        drilled_url = page.url
        drilled_crumbs = crumbs.text_content()

        crumbs.get_by_role("link", name="All concerns").click()
        page.wait_for_url(lambda url: "concern=" not in url)
        page.locator("#crumbs-product").get_by_text("Concerns", exact=True).wait_for()

        page.goto(drilled_url)
        _wait_idle(page)
        page.locator("#crumbs-product").locator(f'[title="{names[top_concern]}"]').wait_for()
        expect(page.locator("#crumbs-product")).to_have_text(drilled_crumbs)
        grid_text = page.locator("#exports-grid").inner_text()
        top_ent = (cur.merge(frames["enterprise"], on="enterprise_id")
                   .query("concern_id == @top_concern").groupby("name_en")["value_usd"]
                   .sum().idxmax())
        assert top_ent[:20] in grid_text, grid_text[:300]
        assert errors == []
