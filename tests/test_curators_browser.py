"""The Curators page in real headless Chromium: a click on a curator's bar opens the
curator's card (its exports checked against our own SQL over the raw rows), a click on
a region's bar opens that region, and the crumbs lead back up. In Russian on the shared
screen and in English in the analysts' theme."""

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


def _exports_sql(url: str, curator_id: int) -> float:
    """Jan–Oct 2026 exports to the regions the curator held at any day of the period."""
    eng = create_engine(url, connect_args={"read_only": True})
    try:
        with eng.connect() as conn:
            return float(conn.execute(text(
                "SELECT COALESCE(SUM(x.value_usd), 0) FROM exports x WHERE x.month "
                "BETWEEN DATE '2026-01-01' AND DATE '2026-10-01' AND x.region_id IN ("
                "SELECT region_id FROM curator_region WHERE curator_id = :c AND "
                "date_from <= DATE '2026-10-31' AND (date_to IS NULL OR "
                "date_to >= DATE '2026-01-01'))"), {"c": curator_id}).scalar())
    finally:
        eng.dispose()


@pytest.mark.parametrize("lang,present", [("ru", True), ("en", False)])
def test_drill_from_the_ranking_to_a_region_and_back(duck_db, lang, present):
    errors: list[str] = []
    with live_server() as base, browser_page() as page:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 500 else None)
        page.goto(f"{base}/curators?lang={lang}" + ("&present=1" if present else ""))
        _settled(page)
        bars = page.locator("#cur-ranking-bars .trace.bars").first.locator(".point path")
        bars.last.wait_for(state="attached")
        bars.last.click(force=True)  # the top bar: the first of the ranking
        page.wait_for_url(re.compile(r"curator=\d+"))
        _settled(page)
        cid = int(_query(page.url)["curator"])
        page.locator("#kpi-exports-value").wait_for()
        shown = page.locator("#kpi-exports-value").inner_text()
        value = _exports_sql(duck_db, cid)
        number = re.sub(r"[^\d,.]", "", shown.split("\n")[0].replace("\xa0", ""))
        number = number.replace(",", ".") if lang == "ru" else number.replace(",", "")
        assert float(number.rstrip(".")) == pytest.approx(round(value / 1e6, 1), abs=0.051)
        regions = page.locator("#cur-region-bars .trace.bars .point path")
        if regions.count():
            regions.last.click(force=True)
            page.wait_for_url(re.compile(r"region=RU-"))
            _settled(page)
            assert _query(page.url)["curator"] == str(cid)
            page.locator("#cur-concern-bars").wait_for()
            page.locator("#cur-crumbs a").nth(1).click()  # the curator's crumb
            page.wait_for_url(lambda u: "region=" not in u)
            _settled(page)
        page.locator("#cur-crumbs a").first.click()  # "All curators"
        page.wait_for_url(lambda u: "curator=" not in u)
        _settled(page)
        page.locator("#cur-ranking-bars").wait_for()
    assert errors == []
