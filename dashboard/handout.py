"""A whole agenda as one PDF handout: ``GET /agenda/<agenda_id>/handout.pdf``.

One page per step, in the agenda's order. Each step's view is opened on this very
server (the request's own base URL + the step's path and query) in headless Chromium
through Python Playwright, in the presentation theme (``present=1``) and in the
request's language unless the saved view names one, at 1920×1080 — the shared
screen, as the meeting saw it. Once the page's charts are drawn (every ``dcc.Graph``
has its ``.main-svg``, no Dash callback is loading, the network is idle, so the map's
polygons are in), Chromium prints the first page at 1920×1080 px with backgrounds;
pypdf joins the pages. Every page carries the data's freshness stamp (it is in the
page header) and the step's title (in the header, in place of the navigation). One browser per handout.

Chromium comes from ``EXPORT_MONITOR_CHROMIUM`` (default ``/usr/bin/chromium``); no
Chromium or no Playwright → 503 with a message saying what to install. An unknown
agenda → 404; a step whose page fails still prints (the page shows its own error).

Time: about 1.5–2.5 s per view on the 2-core development machine with the demo
database (browser start ~0.5 s once per handout), so the seven-step default agenda
takes 10–20 s; the request holds one server thread for that long, and the server
must be able to serve the views meanwhile (the development server is threaded;
gunicorn runs with several workers and threads). The base URL is the one the request
came in on: behind a proxy the server must be able to reach itself at that address.
"""

from __future__ import annotations

import io
import logging
import os
import time
from urllib.parse import parse_qsl, urlencode

from flask import Response, request

from queries import settings

from .i18n import LANGS, t
from .state import lang_of

log = logging.getLogger(__name__)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
WIDTH, HEIGHT = 1920, 1080
VIEW_TIMEOUT_MS = 30000
DRAWN = """() => {
  if (!document.querySelector('#freshness') || document.querySelector('._dash-loading')) return false;
  const graphs = [...document.querySelectorAll('.dash-graph')];
  return graphs.every(g => g.querySelector('.main-svg'));
}"""
# Paper has no use for the navigation and the switches; without them the header has
# room for the whole freshness stamp (on screen it gives way to them).
PRINT_CSS = """
.app-header .nav, .app-header .view-switches, .downloads-menu { display: none !important; }
.app-header .freshness { overflow: visible !important; text-overflow: clip !important; }
"""
# The step's title in the header, where the navigation was, so that a printed page
# says which step it is without covering anything of the view.
TITLE_BAND = """(title) => {
  const band = document.createElement('div');
  band.className = 'handout-step-title';
  band.textContent = title;
  band.style.cssText = 'font-size:22px;font-weight:700;color:#fde68a;white-space:nowrap;' +
    'overflow:hidden;text-overflow:ellipsis;min-width:0;flex:0 1 auto;';
  const brand = document.querySelector('.app-header .brand-block');
  if (brand) { brand.after(band); return; }
  band.style.cssText += 'position:fixed;left:0;right:0;bottom:0;z-index:9999;' +
    'padding:4px 20px;background:#0b1f44;color:#fff;';
  document.body.appendChild(band);
}"""


class HandoutError(RuntimeError):
    """The handout cannot be made; ``status`` and the message say why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def step_url(base: str, path: str, search: str, lang: str) -> str:
    """The step's view in the presentation theme, in ``lang`` unless it names one."""
    params = dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=True))
    params["present"] = "1"
    if params.get("lang") not in LANGS:
        params["lang"] = lang
    return base.rstrip("/") + path + "?" + urlencode(params, safe=",")


def render(views: list[tuple[str, str]], lang: str = "ru") -> tuple[bytes, list[float]]:
    """``views``: (title, absolute URL) per page. The joined PDF and the seconds each
    view took (for the log). HandoutError when Chromium cannot be started."""
    chromium = settings.get("EXPORT_MONITOR_CHROMIUM")
    if not chromium or not os.path.exists(chromium):
        raise HandoutError(503, t("handout.err.chromium", lang, path=chromium or "–"))
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
        from pypdf import PdfReader, PdfWriter
    except ImportError as exc:
        raise HandoutError(503, t("handout.err.failed", lang, reason=str(exc))) from exc

    writer = PdfWriter()
    seconds = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
                page.emulate_media(media="screen")
                for title, url in views:
                    start = time.perf_counter()
                    page.goto(url, wait_until="load", timeout=VIEW_TIMEOUT_MS)
                    try:
                        page.wait_for_function(DRAWN, timeout=VIEW_TIMEOUT_MS, polling=100)
                        page.wait_for_load_state("networkidle", timeout=VIEW_TIMEOUT_MS)
                    except PlaywrightError:  # print what is there: the page says what failed
                        log.warning("handout: %s not fully drawn", url)
                    page.add_style_tag(content=PRINT_CSS)
                    page.evaluate(TITLE_BAND, title)
                    pdf = page.pdf(width=f"{WIDTH}px", height=f"{HEIGHT}px",
                                   print_background=True, page_ranges="1")
                    writer.append(PdfReader(io.BytesIO(pdf)))
                    seconds.append(time.perf_counter() - start)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise HandoutError(503, t("handout.err.failed", lang,
                                  reason=str(exc).splitlines()[0][:200])) from exc
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), seconds


def handout(agenda_id: str) -> Response:
    lang = lang_of(request.args.get("lang"))
    try:
        from queries import agenda as agendas
    except ImportError:
        return _refuse(503, t("handout.err.agendas_missing", lang))
    try:
        found = agendas.get_agenda(agenda_id, lang)
    except Exception as exc:  # the store does not answer
        log.exception("handout %s: agenda store failed", agenda_id)
        return _refuse(503, t("handout.err.failed", lang, reason=type(exc).__name__))
    if found is None:
        return _refuse(404, t("handout.err.agenda", lang, id=agenda_id[:60]))
    if not found.steps:
        return _refuse(404, t("handout.err.empty", lang, title=found.title))
    base = request.host_url
    views = [(f"{s.position} / {len(found.steps)} · {s.title}",
              step_url(base, s.path, s.search, lang)) for s in found.steps]
    try:
        pdf, seconds = render(views, lang)
    except HandoutError as exc:
        return _refuse(exc.status, str(exc))
    log.info("handout %s: %d pages in %.1f s (%s s per view)", agenda_id, len(seconds),
             sum(seconds), ", ".join(f"{s:.1f}" for s in seconds))
    name = "".join(c if c.isalnum() or c == "-" else "-" for c in found.agenda_id)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="agenda-{name}.pdf"',
        "Cache-Control": "no-store"})


def _refuse(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain",
                    headers={"Cache-Control": "no-store"})


def register(server) -> None:
    """Add the handout route to the Flask server."""
    server.add_url_rule("/agenda/<agenda_id>/handout.pdf", "handout", handout,
                        methods=["GET"])
