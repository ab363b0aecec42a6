"""A frozen meeting in real headless Chromium, as the presenter runs it: the keys step
through it keeping the edition, L switches a step between the edition and today's data
(the header says which), and a drill click inside a frozen step draws today's data and
says so — without reloading the app."""

from __future__ import annotations

import pytest

from queries import appstore, meetings
from queries.agenda import DEFAULT_STEPS
from tests.live import browser_page, chromium_available, live_server

# "since", "instructions" and the default agenda's views
COUNT = 2 + len(DEFAULT_STEPS)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(),
                       reason="no Chromium installed (apt-get install chromium)"),
]


def _settled(page):
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


def _freeze(meeting_id: str):
    from flask import g

    from dashboard.app import create_app
    from dashboard.auth.session import LocalUser
    from dashboard.meetings import edition
    with create_app().server.test_request_context("/"):
        g.user = LocalUser(name="sec", display_name="sec")
        edition.freeze(meeting_id, "sec")


def test_keys_edition_and_todays_data_and_a_drill(duck_db, tmp_path, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    appstore.reset()
    m = meetings.create_meeting("2026-12-04", "Заседание", "working-group", actor="sec")
    with live_server() as base, browser_page() as page:
        _freeze(m.meeting_id)
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/meeting/{m.meeting_id}/3?lang=en")  # the first view
        _settled(page)
        page.locator("#monthly-chart .bars .point").first.wait_for()
        badge = page.locator("#meeting-badge")
        assert badge.inner_text().startswith("Edition of ")
        assert page.locator("#agenda-counter").inner_text().strip() == f"3 / {COUNT}"

        page.keyboard.press("ArrowRight")  # the next step, still the edition
        page.wait_for_function("() => document.querySelector('#agenda-counter')"
                               ".innerText.trim() === '4 / " + str(COUNT) + "'")
        _settled(page)
        assert page.url.endswith(f"/meeting/{m.meeting_id}/4?lang=en")
        assert page.locator("#meeting-badge").inner_text().startswith("Edition of ")

        page.keyboard.press("l")  # today's data for the same step
        page.wait_for_function("() => document.querySelector('#agenda-step')"
                               ".getAttribute('data-mode') === 'live'")
        _settled(page)
        assert "mode=live" in page.url
        assert page.locator("#meeting-badge").inner_text() == "Today's data, not the edition"
        page.keyboard.press("ArrowRight")  # stepping keeps today's data
        page.wait_for_function("() => document.querySelector('#agenda-counter')"
                               ".innerText.trim() === '5 / " + str(COUNT) + "'")
        assert "mode=live" in page.url
        page.keyboard.press("L")  # and back to the edition
        page.wait_for_function("() => document.querySelector('#agenda-step')"
                               ".getAttribute('data-mode') === 'edition'")
        _settled(page)
        assert "mode=live" not in page.url

        # a drill click inside the frozen step: today's data, saying so
        page.goto(f"{base}/meeting/{m.meeting_id}/4?lang=en")  # the trends
        _settled(page)
        bar = page.locator("#trends-bridge .bars .point path").nth(1)
        bar.wait_for()
        bar.click(force=True)
        page.wait_for_function("() => location.search.includes('concern=')")
        _settled(page)
        assert "this drill-down is not in the edition" in \
            page.locator("#meeting-badge").inner_text()
        assert page.locator("#agenda-counter").inner_text().strip() == f"4 / {COUNT}"
        assert not errors, errors
