"""The centres view in real headless Chromium: from the stock view's tab to the centres
view, a click on the top district's bar drills to its regions (and the breadcrumb leads
back), in Russian and German, in both themes; the figures drawn agree with our own
counts over the raw rows."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.live import browser_page, chromium_available, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(),
                       reason="no Chromium at /usr/bin/chromium (apt-get install chromium): "
                              "browser tests skipped"),
]


def _settled(page):
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


def _top_district(frames) -> str:
    d = frames["dist_subject"]
    d = d[d["kind"] == "multibrand_center"]
    last = pd.Timestamp("2026-10-31")
    due = d[(pd.to_datetime(d["opened_on"]) <= last)
            | (pd.to_datetime(d["planned_opening"]) <= last)]
    district = frames["ru_region"].set_index("region_id")["district_id"]
    counts = due["region_id"].map(district).value_counts()
    return str(counts.index[0])


@pytest.mark.parametrize("lang,present", [("ru", "1"), ("de", "0")])
def test_tab_then_drill_district_to_regions_and_back(duck_db, frames, lang, present):
    top = _top_district(frames)
    with live_server() as base, browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        if present == "1":
            # the shared screen has no tab (the agenda's steps switch views): the step's
            # address, and the tab's own link checked
            page.goto(f"{base}/stock?year=2026&to=10&lang={lang}&present={present}")
            _settled(page)
            tab = page.locator("#stock-tab-centres")
            assert not tab.is_visible() and "view=centres" in tab.get_attribute("href")
            page.goto(f"{base}/stock?year=2026&to=10&lang={lang}&present=1&view=centres")
        else:
            page.goto(f"{base}/stock?year=2026&to=10&lang={lang}&present={present}")
            _settled(page)
            page.locator("#stock-tab-centres").click()
        page.wait_for_url(re.compile(r"view=centres"))
        _settled(page)
        # the "open" segments (the first trace); plotly draws bottom-up, so the last is
        # the top bar: the district with most centres due
        bars = page.locator("#centres-geo-bars .trace.bars").first.locator(".point path")
        bars.last.wait_for()
        bars.last.click(force=True)
        page.wait_for_url(re.compile(f"district={top}"))
        _settled(page)
        assert "geo=region" in page.url and "view=centres" in page.url
        page.locator("#centres-geo-bars .trace.bars").first.locator(".point path").last \
            .wait_for()
        crumbs = page.locator("#centres-crumbs-geo a")
        crumbs.first.click()
        page.wait_for_url(lambda url: "district=" not in url and "view=centres" in url)
        _settled(page)
        assert not errors, errors
