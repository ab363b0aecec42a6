"""The meeting's journey in real headless Chromium: open the default agenda, step
through the steps with the keys a presentation clicker sends (→, Page Down,
Space), jump with a number, go back with ← and Page Up, Home and End, and leave with
Esc — each step's title, "N / 13" and its main figure drawn, without reloading the app."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from queries import agenda as ag
from tests.live import browser_page, chromium_available, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(),
                       reason="no Chromium installed (apt-get install chromium)"),
]

WG = "working-group"
STEPS = {  # step → (title, a selector that exists only once its figure is drawn)
    1: ("Exports against the target, full-year forecast", "#monthly-chart .bars .point"),
    2: ("Negative trends of industrial exporters", "#trends-bridge .bars .point"),
    3: ("Bellegprom", "#product-bars .bars .point"),
    4: ("Belneftekhim: tyres", "#product-bars .bars .point"),
    5: ("Belgospishcheprom and the Ministry of Agriculture and Food",
        "#product-bars .bars .point"),
    6: ("Warehouse stock in the distribution network", "#stock-trend .main-svg"),
    7: ("Overdue receivables by oblast", "#rcv-oblast-bars .bars .point"),
    len(ag.DEFAULT_STEPS): ("Export support: does it reach those who need it?",
                            "#sup-instrument-bars .bars .point"),
}


def _settled(page):
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


LAST = len(ag.DEFAULT_STEPS)


def _at_step(page, base, n):
    page.wait_for_function(
        "n => { const c = document.querySelector('#agenda-counter');"
        " return c && c.innerText.trim() === n + ' / ' + " + str(LAST) + "; }", arg=n)
    _settled(page)
    assert page.url == f"{base}/agenda/{WG}/{n}?lang=en"
    title, figure = STEPS[n]
    assert page.locator("#agenda-step-title").inner_text().strip() == title
    page.locator(figure).first.wait_for()
    assert page.locator(".page.present").count() == 1  # the presentation theme
    assert not page.locator(".filter-bar").first.is_visible()


def test_step_through_the_default_agenda_with_the_keyboard(duck_db, frames, tmp_path,
                                                           monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    ag.reset()
    with live_server() as base, browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + "/agenda?lang=en")
        _settled(page)
        page.locator(f"#agenda-start-{WG}").click()
        _at_step(page, base, 1)
        page.evaluate("window.__sameApp = true")  # gone if anything reloads the page

        # the figure equals the raw rows' sum (Jan–Oct 2026, mn USD)
        ex = frames["exports"].assign(month=lambda d: pd.to_datetime(d["month"]))
        total = ex[(ex["month"].dt.year == 2026) & (ex["month"].dt.month <= 10)]["value_usd"]
        kpi = page.locator("#kpi-exports-value").inner_text()
        assert kpi.startswith(f"{total.sum() / 1e6:,.1f}")

        for key, n in (("ArrowRight", 2), ("PageDown", 3), ("ArrowRight", 4),
                       ("PageDown", 5), ("Space", 6), ("ArrowRight", 7)):
            page.keyboard.press(key)
            _at_step(page, base, n)
        page.keyboard.press("End")
        _at_step(page, base, LAST)
        page.keyboard.press("ArrowRight")  # past the end: stays
        _settled(page)
        assert page.url.endswith(f"/agenda/{WG}/{LAST}?lang=en")

        page.keyboard.press("3")  # a number jumps
        _at_step(page, base, 3)
        page.keyboard.press("ArrowLeft")
        _at_step(page, base, 2)
        page.keyboard.press("PageUp")
        _at_step(page, base, 1)
        page.keyboard.press("End")
        _at_step(page, base, LAST)
        page.keyboard.press("Home")
        _at_step(page, base, 1)
        page.keyboard.press("5")
        _at_step(page, base, 5)
        page.go_back()  # every step is in the history with its own link
        _at_step(page, base, 1)
        page.go_forward()
        _at_step(page, base, 5)
        assert page.evaluate("window.__sameApp === true")

        page.keyboard.press("Escape")  # leave: the page proper with the same view
        page.wait_for_url(re.compile(r"/exports\?"))
        page.wait_for_selector("#agenda-step", state="detached")
        _settled(page)
        assert page.url == f"{base}/exports?concern=belgospishcheprom,minagro&lang=en&present=1"
        assert page.locator("#nav-exports").count() == 1  # the page's own header again
        page.locator("#product-bars .bars .point").first.wait_for()
        # the keys are not taken on other pages
        page.keyboard.press("ArrowRight")
        page.keyboard.press("1")
        _settled(page)
        assert "/exports?" in page.url and page.locator("#agenda-step").count() == 0
        assert errors == []


def test_add_the_view_on_screen_and_find_it_as_the_last_step(duck_db, tmp_path,
                                                             monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    ag.reset()
    with live_server() as base, browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + "/trends?lang=en&run=4")
        _settled(page)
        page.locator("#agenda-add-open").click()
        page.locator("#agenda-add-agenda").get_by_text("Working group").wait_for()
        title = page.locator("#agenda-add-title")
        assert title.input_value() == "Negative trends · industrial enterprises"
        # typing in the title is not taken for agenda keys (there are none here anyway)
        title.fill("Runs of four months")
        page.locator("#agenda-add-submit").click()
        page.locator("#agenda-add-message").get_by_text(
            f"Added to “Working group” as step {LAST + 1}.").wait_for()
        step = ag.get_agenda(WG, "en").steps[-1]
        assert (step.path, step.search, step.title) == ("/trends", "?lang=en&run=4",
                                                        "Runs of four months")
        page.goto(base + f"/agenda/{WG}/{LAST + 1}")
        page.locator("#agenda-step-title").get_by_text("Runs of four months").wait_for()
        assert page.locator("#agenda-counter").inner_text().strip() == f"{LAST + 1} / {LAST + 1}"
        assert errors == []
