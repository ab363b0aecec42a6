"""Follow the presenter in two real browsers against the production command line with
two worker processes (gunicorn, server mode, the tests' DuckDB and a private SQLite app
store shared by both workers): the presenter (a secretary, ``lead=1``) steps and drills,
the follower (a viewer) sees each move; the follower looks around (the follow pauses,
"Back to the presenter" appears, its count follows the presenter) and returns with one
click; the follower's network drops and comes back: it catches up; a concern-scoped viewer following a national step sees the refusal, no data.

No timed assertions: each wait is Playwright's, with a generous timeout (the speed is
``make bench``'s, bench/follow.py)."""

from __future__ import annotations

import re

import pytest

from tests.live import CHROMIUM, CHROMIUM_ARGS, chromium_available, gunicorn_server
from tests.test_auth import PASSWORD, SECRET

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not chromium_available(),
                                 reason="no Chromium installed (apt-get install chromium)")]

WAIT = 90_000  # ms: two workers drawing pages on a shared 2-core machine
SCOPE = "bellegprom"  # the default agenda's step 4 is this concern's exports


@pytest.fixture
def stack(duck_db, tmp_path, monkeypatch):
    from queries import accounts, appstore, engine, meetings

    env = {"EXPORT_MONITOR_DB_URL": duck_db,
           "EXPORT_MONITOR_APP_DB_URL": f"sqlite:///{tmp_path}/app.sqlite",
           "EXPORT_MONITOR_SECRET_KEY": SECRET,
           "EXPORT_MONITOR_DATA_DIR": str(tmp_path / "data"),
           "EXPORT_MONITOR_LOG_LEVEL": "WARNING"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("EXPORT_MONITOR_REDIS_URL", raising=False)  # sessions: the store
    engine.reset()
    appstore.upgrade()
    accounts.add_user("admin", PASSWORD, ["admin"])
    accounts.add_user("sec", PASSWORD, ["secretary"])
    accounts.add_user("vera", PASSWORD, ["viewer"])
    accounts.add_user("lena", PASSWORD, ["viewer"], concerns=[SCOPE])
    meeting = meetings.create_meeting("2026-12-04", "December", "working-group",
                                      actor="sec")
    assert [s.path for s in meeting.steps][2:6] == ["/", "/trends", "/exports", "/exports"]
    assert meeting.steps[4].search == f"?concern={SCOPE}"
    with gunicorn_server(env, workers=2) as (base, server):
        assert server.workers() == 2
        yield {"base": base, "meeting": meeting.meeting_id, "count": len(meeting.steps)}
    engine.reset()


def _signed_in(browser, base: str, name: str):
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/sign-in?lang=en")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/(\?lang=en)?$"), timeout=WAIT)
    return page


def _step(page, n: int, *, follow: str):
    """Wait until the page shows meeting step ``n`` (``follow`` "1": the follow page)."""
    page.locator(f"#agenda-step[data-step='{n}'][data-follow='{follow}']").wait_for(
        timeout=WAIT)


def test_the_follower_follows_steps_and_drills_pauses_and_returns(stack):
    from playwright.sync_api import expect, sync_playwright

    base, mid = stack["base"], stack["meeting"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            lead = _signed_in(browser, base, "sec")
            fol = _signed_in(browser, base, "vera")
            requests: list[str] = []
            lead.on("request", lambda r: requests.append(r.url)
                    if "/position" in r.url else None)

            lead.goto(f"{base}/meeting/{mid}/3?lang=en&lead=1")
            _step(lead, 3, follow="0")
            expect(lead.locator("#agenda-step")).to_have_attribute("data-lead", "1")
            fol.goto(f"{base}/meeting/{mid}/follow?lang=en")
            _step(fol, 3, follow="1")
            fol.locator("#page-overview").wait_for(timeout=WAIT)
            expect(fol.locator("#follow-status")).to_be_visible()

            # the presenter steps on: 4 (trends), 5 (a concern's exports)
            lead.click("#agenda-next")
            _step(lead, 4, follow="0")
            _step(fol, 4, follow="1")
            fol.locator("#page-trends").wait_for(timeout=WAIT)
            lead.click("#agenda-next")
            _step(lead, 5, follow="0")
            _step(fol, 5, follow="1")
            fol.locator("#page-exports").wait_for(timeout=WAIT)
            before = fol.locator("#drill-state").inner_text()
            assert not before.startswith("heading|"), before

            # a drill on top of the step: the follower shows the same level
            lead.goto(f"{base}/meeting/{mid}/5?lang=en&lead=1&level=heading")
            expect(lead.locator("#drill-state")).to_have_text(re.compile(r"^heading\|"),
                                                              timeout=WAIT)
            expect(fol.locator("#drill-state")).to_have_text(re.compile(r"^heading\|"),
                                                             timeout=WAIT)
            _step(fol, 5, follow="1")
            assert "seq=" in fol.url and f"/meeting/{mid}/follow" in fol.url

            # the follower looks around: the follow pauses, "Back to the presenter"
            fol.click("#agenda-next")
            _step(fol, 6, follow="0")
            back = fol.locator("#follow-back")
            expect(back).to_be_visible(timeout=WAIT)
            lead.click("#agenda-next")  # the presenter moves on meanwhile (to 6, undrilled)
            _step(lead, 6, follow="0")
            lead.click("#agenda-next")
            _step(lead, 7, follow="0")
            expect(back).to_contain_text(f"7 / {stack['count']}", timeout=WAIT)
            _step(fol, 6, follow="0")  # still where the follower went
            back.click()
            _step(fol, 7, follow="1")
            fol.locator("#page-exports").wait_for(timeout=WAIT)
            lead.click("#agenda-prev")
            _step(fol, 6, follow="1")

            # the follower's network drops: its polls fail; the presenter moves; back
            # online, the follower catches up
            fol.context.set_offline(True)
            fol.wait_for_event("requestfailed", lambda r: "/position" in r.url,
                               timeout=WAIT)
            lead.click("#agenda-next")
            _step(lead, 7, follow="0")
            lead.click("#agenda-next")
            _step(lead, 8, follow="0")
            _step(fol, 6, follow="1")  # offline: still the last step it saw
            fol.context.set_offline(False)
            _step(fol, 8, follow="1")
            fol.locator("#page-stock").wait_for(timeout=WAIT)
            # the presenter's page asks for no position
            assert requests == [], requests[:5]
        finally:
            browser.close()


def test_a_scoped_follower_sees_the_refusal_for_a_step_outside_its_scope(stack):
    from playwright.sync_api import expect, sync_playwright

    base, mid = stack["base"], stack["meeting"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            lead = _signed_in(browser, base, "sec")
            fol = _signed_in(browser, base, "lena")
            lead.goto(f"{base}/meeting/{mid}/5?lang=en&lead=1")
            _step(lead, 5, follow="0")
            fol.goto(f"{base}/meeting/{mid}/follow?lang=en")
            _step(fol, 5, follow="1")
            fol.locator("#page-exports").wait_for(timeout=WAIT)  # its own concern: shown
            expect(fol.locator("#meeting-refused")).to_have_count(0)
            lead.click("#agenda-prev")  # step 4: every industrial exporter's trends
            _step(lead, 4, follow="0")
            _step(fol, 4, follow="1")
            expect(fol.locator("#meeting-refused")).to_be_visible(timeout=WAIT)
            expect(fol.locator("#page-trends")).to_have_count(0)
            expect(fol.locator(".dash-graph, .ag-root-wrapper")).to_have_count(0)
            lead.click("#agenda-next")  # back to its concern: shown again
            _step(fol, 5, follow="1")
            fol.locator("#page-exports").wait_for(timeout=WAIT)
            expect(fol.locator("#meeting-refused")).to_have_count(0)
        finally:
            browser.close()
