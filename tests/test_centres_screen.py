"""The centres view on the shared screen and in the analysts' theme, measured in headless
Chromium at 1920×1080 with the rules and the measuring code of
``tests/test_shared_screen.py`` (no text under 16 px, nothing cut, nothing scrolls, no
chart text over another), in Russian, English and German."""

from __future__ import annotations

import re

import pytest

from tests.live import browser_page, chromium_available, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(),
                       reason="no Chromium at /usr/bin/chromium (apt-get install chromium): "
                              "browser tests skipped"),
]

VIEWS = ("/stock?view=centres", "/stock?view=centres&district=CFD&geo=region")


def _measure(page, base: str, url: str, present: bool) -> list[str]:
    from tests.test_shared_screen import MEASURE, MIN_PX, SETTLED

    page.goto(base + url + ("&present=1" if present else ""))
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(".page", state="attached")
    page.evaluate(SETTLED)
    found = page.evaluate(MEASURE, {"present": present, "min": MIN_PX})
    theme = "present" if present else "normal"
    return [f"{url} {theme}: {text!r} — {reason}" for text, reason in found]


def _what(problem: str) -> str:
    """The problem without its URL; a page that scrolls as wide as the stock view (its
    header) but no taller than the screen counts as the header's width only."""
    what = problem.split(": ", 1)[1]
    m = re.search(r"'\(the page\)' — scrolls: (\d+)×(\d+) in \d+×(\d+)", what)
    if m and int(m.group(2)) <= int(m.group(3)):
        return f"page width {m.group(1)}"
    return what


@pytest.mark.parametrize("present", [True, False], ids=["present", "normal"])
def test_centres_view_is_legible_and_fits(duck_db, present):
    """Every problem of the view that the stock view of the same filter, language and
    theme does not have: the page's header and filter bar are the stock page's and are
    measured by tests/test_shared_screen.py."""
    problems = []
    with live_server() as base, browser_page() as page:
        for view in VIEWS:
            for lang in ("ru", "en", "de"):
                stock = view.replace("view=centres", "view=").replace("?view=&", "?")
                chrome = set()
                for p in _measure(page, base, f"{stock}&lang={lang}", present):
                    if "'(the page)'" in p:  # the header's width, whatever the height
                        chrome.add("page width " + p.split("scrolls: ", 1)[1].split("×")[0])
                    elif ("#filter" in p or "федеральный" in p or "Federal District" in p
                          or "Föderationskreis" in p):
                        chrome.add(_what(p))
                problems += [p for p in _measure(page, base, f"{view}&lang={lang}", present)
                             if _what(p) not in chrome]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
