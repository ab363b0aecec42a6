"""The Export support page in real headless Chromium: a click on a concern's bar drills
to its enterprises (``concern=…&level=enterprise``), the breadcrumb leads back; a click
on an instrument's bar shows that instrument's support (``instrument=…``); the page fits
the shared screen (1920×1080, presentation theme) in ru, en and de."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

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


def _keys(page, graph: str) -> list[str]:
    page.locator(f"#{graph} .bars .point path").first.wait_for(state="attached")
    return page.evaluate(
        "g => document.querySelector('#' + g + ' .js-plotly-plot')._fullData[0]"
        ".customdata.map(c => String(c[0]))", graph)


def _click(page, graph: str, index: int):
    page.locator(f"#{graph} .bars .point path").nth(index).click(force=True)


@pytest.mark.parametrize("lang,present", [("ru", "1"), ("en", "0")])
def test_drill_concern_to_enterprises_and_back(duck_db, lang, present):
    errors: list[str] = []
    with live_server() as base, browser_page() as page:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 500 else None)
        page.goto(f"{base}/support?lang={lang}&present={present}")
        _settled(page)
        keys = _keys(page, "sup-product-bars")
        top = len(keys) - 1  # the largest bar is drawn last (on top)
        _click(page, "sup-product-bars", top)
        page.wait_for_url(re.compile(r"[?&]concern="))
        q = _query(page.url)
        assert q["concern"] == keys[top] and q["level"] == "enterprise"
        assert (q["lang"], q.get("present", "0")) == (lang, present)
        _settled(page)
        enterprises = _keys(page, "sup-product-bars")
        assert enterprises and all(k.isdigit() for k in enterprises)
        # the breadcrumb's root leads back to all concerns
        page.locator("#sup-crumbs-product a").first.click()
        page.wait_for_url(lambda url: "concern=" not in url)
        _settled(page)
        assert _keys(page, "sup-product-bars") == keys
        # an instrument's bar: that instrument only
        inst = _keys(page, "sup-instrument-bars")
        _click(page, "sup-instrument-bars", len(inst) - 1)
        page.wait_for_url(re.compile(r"[?&]instrument="))
        assert _query(page.url)["instrument"] == inst[-1]
        _settled(page)
        assert page.locator("#sup-crumbs-instrument a").count() == 1
    assert not errors, errors


VIEWS = ("", "&table=instruments", "&table=enterprises", "&concern=mtz&table=enterprises",
         "&district=CFD&geo=region&instrument=leasing")


def test_the_shared_screen_fits(duck_db):
    """tests/test_shared_screen.py's measure on every view of this page, in ru, en and
    de, in the presentation theme and (the first two views) the normal one; and this
    page's own content ends inside 1920×1080."""
    from tests.test_shared_screen import MEASURE, MIN_PX, SETTLED

    problems = []
    with live_server() as base, browser_page() as page:
        for lang in ("ru", "en", "de"):
            for present, views in ((True, VIEWS), (False, VIEWS[:2])):
                for extra in views:
                    query = f"lang={lang}&present={int(present)}{extra}"
                    page.goto(f"{base}/support?{query}")
                    page.wait_for_load_state("networkidle")
                    page.evaluate(SETTLED)
                    found = page.evaluate(MEASURE, {"present": present, "min": MIN_PX})
                    problems += [f"{query}: {text!r} — {reason}" for text, reason in found]
                    box = page.evaluate("() => { const r = document.querySelector("
                                        "'.support-page').getBoundingClientRect();"
                                        " return [r.right, r.bottom]; }")
                    if box[0] > 1920 or box[1] > 1080:
                        problems.append(f"{query}: the content ends at {box}")
    assert not problems, "\n".join(problems)
