"""A browser journey in server mode, as a scoped analyst in Russian: asked to sign in,
signs in through the form, browses, downloads, signs out — and the back button then
shows no data. Real gunicorn-free server (werkzeug, threaded), real headless Chromium;
no Content-Security-Policy violation on the way."""

from __future__ import annotations

import io

import pytest

from queries.agenda import DEFAULT_STEPS
from tests.live import browser_page, chromium_available, live_server
from tests.test_auth import PASSWORD, SECRET

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not chromium_available(),
                                 reason="no Chromium installed (apt-get install chromium)")]


def test_a_scoped_analyst_signs_in_browses_downloads_and_signs_out(duck_db, tmp_path,
                                                                  monkeypatch, frames):
    from queries import accounts, appstore, engine
    from queries.dimensions import dimensions

    monkeypatch.setenv("EXPORT_MONITOR_SECRET_KEY", SECRET)
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path}/app.sqlite")
    engine.reset()
    appstore.upgrade()
    concern = str(dimensions().concerns["concern_id"].iloc[0])
    accounts.add_user("olga", PASSWORD, ["analyst"], display_name="Ольга Петрова",
                      concerns=[concern])
    names = dict(zip(frames["concern"]["concern_id"], frames["concern"]["name_ru"]))
    csp: list[str] = []
    with live_server(mode="server") as base, browser_page() as page:
        page.on("console", lambda m: csp.append(m.text)
                if "Content Security Policy" in m.text else None)
        page.goto(f"{base}/?lang=ru")
        assert "/sign-in" in page.url
        assert page.locator("h1").inner_text() == "Вход"
        page.fill("#name", "olga")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("#league-grid .ag-row", timeout=60_000)
        assert page.url.endswith("/?lang=ru")
        assert "Ольга Петрова" in page.locator("#account").inner_text()
        rows = page.locator("#league-grid .ag-center-cols-container .ag-row").all_inner_texts()
        assert rows and all(names[concern].split("«")[-1].rstrip("»") in r or
                            names[concern] in r for r in rows), rows
        # a download, as the menu offers it
        page.click("#downloads-menu summary")
        with page.expect_download() as info:
            page.click("#dl-league-grid-csv")
        body = open(info.value.path(), encoding="utf-8-sig").read()
        others = [n for c, n in names.items() if c != concern and n in body]
        assert names[concern] in body and not others
        # the handout prints the server's own pages as this user (a print token), not
        # the sign-in page; and it is audited
        resp = page.request.get(f"{base}/agenda/working-group/handout.pdf?lang=ru",
                                timeout=300_000)
        assert resp.status == 200 and resp.headers["content-type"] == "application/pdf"
        from pypdf import PdfReader
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(resp.body())).pages]
        assert len(pages) == len(DEFAULT_STEPS) and not any("Имя пользователя" in p for p in pages)
        drawn = ["Монитор экспорта" in p or "Обзор" in p for p in pages]
        assert all(drawn), [p[:400] for p, ok in zip(pages, drawn) if not ok]
        from queries import audit
        assert ("olga", "handout") in [(e.actor, e.action) for e in audit.entries(limit=20)]
        # sign out; the back button shows no data
        page.click("#sign-out")
        page.wait_for_url("**/sign-in?out=1**")
        assert "Вы вышли" in page.content()
        page.go_back()
        page.wait_for_load_state("networkidle")
        assert page.locator("#league-grid .ag-row").count() == 0
        assert "/sign-in" in page.url or "Вход" in page.content()
    assert csp == [], csp
