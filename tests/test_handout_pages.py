"""The handout's pages when steps fail, and its one warm Chromium: every step has its
page with its title, a view that shows its own error is printed as it is, a view that
cannot be opened gets a page saying what failed; the browser is started once per
process and again when it has died."""

from __future__ import annotations

import asyncio
import io
import urllib.error
import urllib.request

import pytest

from dashboard import handout
from dashboard.i18n import t
from tests.dash_client import page_json
from tests.live import chromium_available, free_port, live_server

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not chromium_available(), reason="Chromium is not installed")]


def squash(text: str) -> str:
    return "".join(text.split())


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:  # every page the shared screen's size, 1440×810 pt
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (1440, 810)
    return [squash(page.extract_text()) for page in reader.pages]


def test_every_step_has_its_page_even_when_its_view_fails(dash_client):
    from queries import agenda
    from tests.test_downloads import find_component

    stamp = find_component(page_json(dash_client.page("/trends", "?lang=en&present=1")),
                           "freshness")["children"]
    a = agenda.create_agenda("Handout with broken steps", "en")
    steps = [("/trends", "", "Trends as they are"),
             ("/no-such-page", "", "A page that does not exist"),  # the app's 404 view
             ("/assets/no-such-file", "", "A link the server refuses")]  # HTTP 404
    for path, search, title in steps:
        agenda.add_step(a.agenda_id, path, search, title, "en")
    with live_server() as base:
        url = f"{base}/agenda/{a.agenda_id}/handout.pdf?lang=en"
        try:
            with urllib.request.urlopen(url, timeout=300) as resp:
                assert resp.status == 200
                assert resp.headers["Content-Type"] == "application/pdf"
                texts = pdf_pages(resp.read())
        except urllib.error.HTTPError as exc:  # say what the server said
            pytest.fail(f"handout answered {exc.code}: {exc.read().decode()[:500]}")
    assert len(texts) == len(steps)
    for text, (position, (_, _, title)) in zip(texts, enumerate(steps, start=1)):
        assert squash(f"{position} / {len(steps)} · {title}") in text, text[:300]
    # the working view is drawn: its stamp and its own chart titles
    assert squash(stamp) in texts[0]
    # the unknown page says so itself
    assert squash(t("msg.not_found", "en")) in texts[1], texts[1][:300]
    # the refused one: which view, and what the server answered
    said = t("handout.err.step", "en", view="/assets/no-such-file?present=1&lang=en",
             reason="")
    assert squash(said) in texts[2] and "HTTP404" in texts[2], texts[2][:300]
    assert squash(stamp) not in texts[2]


def test_a_view_that_cannot_be_reached_gets_a_page_saying_why(duck_db):
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with live_server() as base:
        views = [("1 / 2 · Overview", handout.step_url(base, "/", "", "de")),
                 ("2 / 2 · Unreachable", handout.step_url(dead, "/stock", "", "de"))]
        data, seconds = handout.render(views, "de")
    texts = pdf_pages(data)
    assert len(texts) == 2 and len(seconds) == 2
    assert squash("1 / 2 · Overview") in texts[0]
    assert "ERR_CONNECTION_REFUSED" not in texts[0]
    assert squash("2 / 2 · Unreachable") in texts[1]
    said = t("handout.err.step", "de", view="/stock?present=1&lang=de", reason="")
    assert squash(said) in texts[1] and "ERR_CONNECTION_REFUSED" in texts[1], texts[1][:300]


def test_one_warm_browser_per_process_started_again_when_it_died(duck_db):
    with live_server() as base:
        views = [("1 / 1 · Receivables", handout.step_url(base, "/receivables", "", "ru"))]
        handout.render(views, "ru")
        launches = handout.PRINTER.launches
        data, _ = handout.render(views, "ru")
        assert handout.PRINTER.launches == launches  # the same Chromium, still warm
        assert len(pdf_pages(data)) == 1
        # Chromium goes away (as if it crashed): the next handout starts a new one
        asyncio.run_coroutine_threadsafe(handout.PRINTER._browser.close(),
                                         handout.PRINTER._loop).result(30)
        data, _ = handout.render(views, "ru")
        assert handout.PRINTER.launches == launches + 1
        texts = pdf_pages(data)
    assert len(texts) == 1 and squash("1 / 1 · Receivables") in texts[0]


def test_a_view_not_answered_or_not_drawn_is_opened_once_more(duck_db, monkeypatch):
    """A busy server: a view answered 503 the first time is asked again and printed as
    drawn; one never drawn is asked twice, then printed as far as it got, saying so; a
    refused one (404) is asked once."""
    import http.server
    import threading

    asked: dict[str, int] = {}
    drawn = ('<!doctype html><html><body><header class="app-header">'
             '<div class="brand-block">Board</div></header>'
             '<div id="freshness">{text}</div></body></html>')

    class Flaky(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the handler's name
            path = self.path.split("?")[0]
            asked[path] = asked.get(path, 0) + 1
            if path == "/busy" and asked[path] == 1:
                status, body = 503, "busy"
            elif path == "/busy":
                status, body = 200, drawn.format(text="second time lucky")
            elif path == "/never":
                status, body = 200, "<!doctype html><p>still loading</p>"
            else:
                status, body = 404, "no"
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(handout, "VIEW_TIMEOUT_MS", 3000)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        views = [(f"{i} / 3 · {name}", handout.step_url(base, f"/{name}", "", "en"))
                 for i, name in enumerate(["busy", "never", "gone"], start=1)]
        data, _ = handout.render(views, "en")
    finally:
        server.shutdown()
    texts = pdf_pages(data)
    asked.pop("/favicon.ico", None)  # Chromium asks for it by itself
    assert asked == {"/busy": 2, "/never": 2, "/gone": 1}
    assert "secondtimelucky" in texts[0] and "HTTP503" not in texts[0], texts[0][:300]
    assert squash(t("handout.err.slow", "en", seconds=3)) in texts[1], texts[1][:300]
    assert "HTTP404" in texts[2], texts[2][:300]
