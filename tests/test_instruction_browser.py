"""An instruction carried through in real headless Chromium, in server mode: the
responsible body's analyst reports on ``/instructions/<id>``, the secretary accepts it
(done); another one is extended and then cancelled — each step by the page's own
controls, checked in the store's history and the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.live import CHROMIUM, CHROMIUM_ARGS, chromium_available, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(),
                       reason="no Chromium installed (apt-get install chromium)"),
]

PASSWORD = "correct horse battery staple"
WAIT = 30_000


@pytest.fixture
def server(duck_db, tmp_path, monkeypatch):
    from queries import accounts, appstore, engine

    monkeypatch.setenv("EXPORT_MONITOR_SECRET_KEY", "b" * 48)
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path}/app.sqlite")
    monkeypatch.delenv("EXPORT_MONITOR_REDIS_URL", raising=False)
    engine.reset()
    appstore.reset()
    appstore.upgrade()
    accounts.add_user("sec", PASSWORD, ["secretary"])
    accounts.add_user("belan", PASSWORD, ["analyst"], concerns=["bellegprom"])
    with live_server(mode="server") as base:
        yield base
    appstore.reset()


def _signed_in(browser, base: str, name: str):
    page = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    page.goto(f"{base}/sign-in?lang=en")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def _open(page, base: str, key: str):
    page.goto(f"{base}/instructions/{key}?lang=en")
    page.wait_for_selector(".instract", timeout=WAIT)


def _said(page, key: str, text: str):
    from playwright.sync_api import expect
    expect(page.locator(f"#instract-message-{key}")).to_contain_text(text, timeout=WAIT)


def test_report_accept_extend_cancel_in_the_browser(server):
    from playwright.sync_api import sync_playwright

    from queries import audit, instructions

    started = datetime.now(UTC)
    made = [instructions.create_instruction(
        text_=text, bodies=["concern:bellegprom"], person="P. Petrov",
        deadline=date.today() + timedelta(days=30), actor="sec", scope=None).instruction_id
        for text in ("Conclude direct contracts with the federal retail chains",
                     "Settle the overdue receivables with the oblast committees")]
    first, second = made
    new_deadline = date.today() + timedelta(days=90)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            ana = _signed_in(browser, server, "belan")
            _open(ana, server, first)
            group = ana.locator(".instract-group.report")
            group.get_by_label("Progress report").fill("Two contracts signed, one in talks")
            group.get_by_label("Attachments (descriptions)").fill("contracts.pdf, 3 pages")
            group.get_by_role("button", name="Add the report").click()
            _said(ana, first, "The report is added.")
            assert ana.locator(".instract-group.decide").count() == 0  # not theirs

            sec = _signed_in(browser, server, "sec")
            _open(sec, server, first)
            sec.locator(".instract-group.decide").get_by_role(
                "button", name="Accept: done").click()
            _said(sec, first, "Accepted: the instruction is done.")

            _open(sec, server, second)
            extend = sec.locator(".instract-group.extend")
            extend.get_by_label("New deadline").fill(new_deadline.isoformat())
            extend.get_by_label("Reason").fill("The chains' procurement moved to spring")
            extend.get_by_role("button", name="Extend").click()
            _said(sec, second, "Extended to")
            cancel = sec.locator(".instract-group.cancel")
            cancel.get_by_label("Reason").fill("Superseded by the ministry's programme")
            cancel.get_by_role("button", name="Cancel the instruction").click()
            _said(sec, second, "The instruction is cancelled.")
        finally:
            browser.close()

    one = instructions.get_instruction(first, scope=None)
    assert one.status == "done"
    assert [(e.kind, e.actor, e.status) for e in one.events] == [
        ("create", "sec", "open"), ("report", "belan", "reported"), ("accept", "sec", "done")]
    assert one.events[1].text == "Two contracts signed, one in talks"
    assert one.events[1].attachments == "contracts.pdf, 3 pages"
    two = instructions.get_instruction(second, scope=None)
    assert two.status == "cancelled" and two.deadline == new_deadline
    assert [(e.kind, e.status) for e in two.events] == [
        ("create", "open"), ("extend", "extended"), ("cancel", "cancelled")]
    trail = [(e.actor, e.target, e.detail) for e in audit.entries(
        action="instruction_change", since=started)]
    for who, key, kind in (("belan", first, "report"), ("sec", first, "accept"),
                           ("sec", second, "extend"), ("sec", second, "cancel")):
        assert any(a == who and t.endswith(key) and kind in d for a, t, d in trail), \
            (who, key, kind, trail)
