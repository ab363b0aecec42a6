"""A whole agenda as one PDF handout: ``GET /agenda/<agenda_id>/handout.pdf``.

One page per step, in the agenda's order. Each step's view is opened on this very
server (the request's own base URL + the step's path and query) in headless Chromium
through Python Playwright, in the presentation theme (``present=1``) and in the
request's language unless the saved view names one, at 1920×1080 — the shared
screen, as the meeting saw it. Once the page says it is drawn (``DRAWN``: the header
is there, no Dash callback is loading, every grid of the layout is on the page, every
Plotly graph has its ``.main-svg`` and every map its polygons, twice in a row 100 ms
apart), Chromium prints the first page at 1920×1080 px with backgrounds; pypdf joins
the pages. Every page carries the data's freshness stamp (it is in the page header)
and the step's title (in the header, in place of the navigation).

One Chromium per server process, kept warm (``_Printer``): launched on the first
handout, relaunched when it has died (or ``EXPORT_MONITOR_CHROMIUM`` changed), closed
at exit. It lives in one dedicated thread running an asyncio loop with Playwright's
async API (Playwright objects belong to the thread and loop that made them); a request
hands its steps to that loop and waits. The steps open in parallel tabs, at most
``TABS`` at a time in the whole process (the views' own callbacks need the same two
cores). The tabs stay open between views and handouts, in one browser context: a tab
that opened a view before has Plotly and the Dash bundles cached and compiled (a new
tab per view cost Chromium half as much CPU again); a tab that failed half-way is
closed instead.

Chromium comes from ``EXPORT_MONITOR_CHROMIUM`` (default ``/usr/bin/chromium``); no
Chromium or no Playwright → 503 with a message saying what to install. An unknown
agenda → 404. A step whose view fails still has its page: a view that shows its own
error (database away, unknown page) is printed as it is; one that cannot be opened
(the server refused or answered an HTTP error) is printed as a page with the step's
title saying what failed; one not drawn within ``VIEW_TIMEOUT_MS`` is printed as far
as it got, its title band saying so. A view not drawn in time, not answered, or answered
5xx is opened once more before that (``_Printer._open``): on a busy server (a CI run beside
other tests, 2026-12-07) one page of thirteen had come out as its title band alone.

Time (``make bench``, README Benchmark): the seven-step default agenda in 8–9 s on the
2-core development machine while others' tests kept it busy (load 6–10), 12–13 s of
CPU; the first handout of a process takes longer (Chromium starts, its cache is empty:
15 s there). The request holds one server thread meanwhile, and the server must
serve the views at the same time (the development server is threaded; gunicorn runs
with several workers and threads). The base URL is the one the request came in on:
behind a proxy the server must be able to reach itself at that address.
"""

from __future__ import annotations

import asyncio
import atexit
import html
import io
import logging
import os
import threading
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

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
CLOSE_TIMEOUT_S = 5  # closing a failed view's tab (_Printer._discard)
LAUNCH_TIMEOUT_MS = 30000
TABS = 3  # views opened at once in the whole process (2 cores: the server needs them too)
# The page's own "drawn" signal, polled every 100 ms: true once it has held on two polls
# in a row (a callback that starts right after another has finished is not missed).
DRAWN = """() => {
  const drawn = (() => {
    if (!document.querySelector('#freshness')) return false;
    if (document.querySelector('._dash-loading, [data-dash-is-loading="true"]')) return false;
    // AG Grid's code comes later than the page's (a lazy bundle): every grid of the layout
    // must have been put on the page
    const layout = window.store && JSON.stringify(window.store.getState().layout);
    const grids = ((layout || '').match(/"type":"AgGrid"/g) || []).length;
    if (document.querySelectorAll('.ag-root-wrapper').length < grids) return false;
    return [...document.querySelectorAll('.dash-graph')].every(g => {
      const plot = g.querySelector('.js-plotly-plot');
      if (!plot || !plot.querySelector('.main-svg')) return false;
      // a map is drawn once its polygons are (they come from a URL after the frame)
      const maps = (plot.data || []).filter(tr => tr.type === 'choropleth' &&
                                                  (tr.locations || []).length);
      return !maps.length || plot.querySelector('.choroplethlocation');
    });
  })();
  const held = drawn && window.__handoutDrawn === true;
  window.__handoutDrawn = drawn;
  return held;
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
# A step that could not be opened: its title and what failed, in the theme's colours.
FAILED_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><style>
body {{ margin:0; width:1920px; height:1080px; background:#0b1f44; color:#fff;
       font-family: "Inter", "DejaVu Sans", Arial, sans-serif;
       font-variant-ligatures: none; }}  /* "fi" stays two letters in the PDF's text */
h1 {{ margin:0; padding:40px 64px 24px; font-size:40px; color:#fde68a; }}
p {{ margin:0; padding:0 64px; font-size:28px; line-height:1.4; overflow-wrap:anywhere; }}
</style></head><body><h1>{title}</h1><p>{message}</p></body></html>"""


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


class _Printer:
    """The process's one warm Chromium, in its own thread and event loop (module
    docstring). ``print_views`` may be called from any thread."""

    def __init__(self, tabs: int = TABS):
        self.tabs = tabs
        self._lock = threading.Lock()  # starts the loop's thread once
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pid = 0
        # owned by the loop's thread:
        self._launch_lock: asyncio.Lock | None = None
        self._tab_slots: asyncio.Semaphore | None = None
        self._idle: list = []  # open tabs between views, kept for the next one
        self._pw = None
        self._browser = None
        self._context = None
        self._chromium = ""
        self.launches = 0  # how many times Chromium was started (for the log and tests)

    # -- the thread ---------------------------------------------------------------------
    def _loop_running(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._pid != os.getpid() or not self._thread.is_alive():
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def run():
                    asyncio.set_event_loop(loop)
                    self._launch_lock = asyncio.Lock()
                    self._tab_slots = asyncio.Semaphore(self.tabs)
                    self._pw = self._browser = self._context = None
                    ready.set()
                    loop.run_forever()

                self._thread = threading.Thread(target=run, name="handout-chromium",
                                                daemon=True)
                self._thread.start()
                ready.wait()
                self._loop, self._pid = loop, os.getpid()
            return self._loop

    def print_views(self, views: list[tuple[str, str]], chromium: str, lang: str,
                    timeout: float, headers: dict | None = None
                    ) -> tuple[list[bytes], list[float]]:
        """One single-page PDF per view, in order, and the seconds each took.
        ``headers``: sent with every request of the views (the print token)."""
        future = asyncio.run_coroutine_threadsafe(
            self._print(views, chromium, lang, headers or {}), self._loop_running())
        try:
            return future.result(timeout=timeout)
        except TimeoutError:
            future.cancel()
            raise

    def print_html(self, content: str, chromium: str, timeout: float) -> bytes:
        """A document of the app's own (the meeting's protocol) as a PDF of as many A4
        pages as it takes, in a fresh tab of the same warm browser."""
        future = asyncio.run_coroutine_threadsafe(self._print_html(content, chromium),
                                                  self._loop_running())
        try:
            return future.result(timeout=timeout)
        except TimeoutError:
            future.cancel()
            raise

    def close(self, timeout: float = 10) -> None:
        """Close Chromium and stop the thread (at exit; a later handout starts anew)."""
        with self._lock:
            loop, self._loop = self._loop, None
            if loop is None or self._pid != os.getpid() or not self._thread.is_alive():
                return
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout)
        except Exception:  # noqa: BLE001 - at exit: nothing left to tell
            log.warning("handout: Chromium did not close cleanly", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(timeout)

    # -- in the loop's thread -----------------------------------------------------------
    async def _shutdown(self) -> None:
        browser, pw = self._browser, self._pw
        self._pw = self._browser = self._context = None
        self._idle = []
        try:
            if browser is not None:
                await browser.close()
        finally:
            if pw is not None:
                await pw.stop()

    async def _ready_context(self, chromium: str):
        """The warm browser context; (re)launches Chromium when there is none, it has
        died, or another executable is configured."""
        async with self._launch_lock:
            if self._browser is not None and self._browser.is_connected() \
                    and self._chromium == chromium:
                return self._context
            if self._pw is not None:
                log.warning("handout: Chromium is gone or changed; starting it again")
                try:
                    await self._shutdown()
                except Exception:  # noqa: BLE001 - the old one is dead anyway
                    log.debug("handout: closing the old Chromium failed", exc_info=True)
            from playwright.async_api import async_playwright

            started = time.perf_counter()
            self._pw = await async_playwright().start()
            try:
                self._browser = await self._pw.chromium.launch(
                    executable_path=chromium, args=CHROMIUM_ARGS, timeout=LAUNCH_TIMEOUT_MS)
                self._context = await self._browser.new_context(
                    viewport={"width": WIDTH, "height": HEIGHT})
            except BaseException:
                await self._shutdown()
                raise
            self._chromium = chromium
            self.launches += 1
            log.info("handout: Chromium started in %.1f s", time.perf_counter() - started)
            return self._context

    async def _print(self, views, chromium, lang, headers):
        from playwright.async_api import Error as PlaywrightError

        for attempt in (1, 2):
            context = await self._ready_context(chromium)
            tasks = [asyncio.ensure_future(self._view(context, title, url, lang, headers))
                     for title, url in views]
            try:
                done = await asyncio.gather(*tasks)
                return [pdf for pdf, _ in done], [s for _, s in done]
            except PlaywrightError:
                for task in tasks:  # no tab left printing for nobody
                    task.cancel()
                if attempt == 2 or (self._browser is not None
                                    and self._browser.is_connected()):
                    raise
                log.warning("handout: Chromium died while printing; once more")  # relaunch

    async def _print_html(self, content: str, chromium: str) -> bytes:
        context = await self._ready_context(chromium)
        async with self._tab_slots:
            page = await context.new_page()  # not a kept tab: print media, no view's token
            try:
                await page.set_content(content, wait_until="load", timeout=VIEW_TIMEOUT_MS)
                return await page.pdf(format="A4", print_background=True,
                                      prefer_css_page_size=True)
            finally:
                await page.close()

    async def _tab(self, context):
        """An idle tab of the warm context, or a new one (at most ``tabs`` exist)."""
        while self._idle:
            page = self._idle.pop()
            if not page.is_closed() and page.context is context:
                return page
        page = await context.new_page()
        await page.emulate_media(media="screen")
        return page

    async def _discard(self, page) -> None:
        """Close a tab whose view failed. Closing it right after an error response
        (``goto`` returns at "commit") sometimes never returned: the handout then waited
        out its whole budget (tests/test_handout_pages.py, 2 runs in 3 on 2026-12-04).
        So the tab may finish loading first, and a close that takes longer than
        ``CLOSE_TIMEOUT_S`` is left to the browser: the print goes on in a new tab."""
        from playwright.async_api import Error as PlaywrightError

        try:
            await page.wait_for_load_state("load", timeout=CLOSE_TIMEOUT_S * 1000)
        except PlaywrightError:
            pass
        try:
            await asyncio.wait_for(page.close(), CLOSE_TIMEOUT_S)
        except (TimeoutError, PlaywrightError):
            log.warning("handout: a failed view's tab did not close within %d s; left to "
                        "the browser", CLOSE_TIMEOUT_S)

    async def _open(self, page, url: str) -> tuple[str | None, bool, bool]:
        """Open ``url`` in ``page``: (what failed or None, whether it was drawn, whether
        it is worth opening once more). Once more: it was not drawn in time, or the
        server did not answer or answered 5xx (busy, restarting). Not for a 4xx
        (refused, unknown) or a refused connection (nothing listens there): they would
        say the same the second time."""
        from playwright.async_api import Error as PlaywrightError

        try:
            response = await page.goto(url, wait_until="commit", timeout=VIEW_TIMEOUT_MS)
            if response is not None and response.status >= 400:
                return (f"HTTP {response.status} {response.status_text}".strip(), False,
                        response.status >= 500)
        except PlaywrightError as exc:
            text = str(exc)
            return text.splitlines()[0][:300], False, "ERR_CONNECTION_REFUSED" not in text
        try:
            await page.wait_for_function(DRAWN, timeout=VIEW_TIMEOUT_MS, polling=100)
        except PlaywrightError:
            return None, False, True
        return None, True, False

    async def _view(self, context, title: str, url: str, lang: str,
                    headers: dict) -> tuple[bytes, float]:
        from playwright.async_api import Error as PlaywrightError

        async with self._tab_slots:
            start = time.perf_counter()
            page = await self._tab(context)
            # a kept tab served another user before: this print's own token, every time
            await page.set_extra_http_headers(headers)
            reusable = False
            try:
                for attempt in (1, 2):
                    failure, drawn, again = await self._open(page, url)
                    if attempt == 2 or not again:
                        break
                    # a busy server (a slow first build, a dropped request): once more,
                    # in a fresh tab when this one is on an error page
                    log.warning("handout: %s %s; opening it once more", url,
                                failure or "not drawn in time")
                    if failure is not None:
                        await self._discard(page)
                        page = await self._tab(context)
                        await page.set_extra_http_headers(headers)
                if failure is None:
                    if not drawn:  # print what is there, and say so
                        log.warning("handout: %s not drawn within %d s", url,
                                    VIEW_TIMEOUT_MS // 1000)
                        title = f"{title} — " + t("handout.err.slow", lang,
                                                  seconds=VIEW_TIMEOUT_MS // 1000)
                    await page.add_style_tag(content=PRINT_CSS)
                    await page.evaluate(TITLE_BAND, title)
                else:
                    log.warning("handout: %s failed: %s", url, failure)
                    await self._discard(page)  # it may still be on Chromium's error page
                    page = await self._tab(context)
                    where = urlsplit(url)
                    message = t("handout.err.step", lang, reason=failure,
                                view=where.path + ("?" + where.query if where.query else ""))
                    await page.set_content(FAILED_PAGE.format(
                        lang=lang, title=html.escape(title), message=html.escape(message)))
                pdf = await page.pdf(width=f"{WIDTH}px", height=f"{HEIGHT}px",
                                     print_background=True, page_ranges="1")
                reusable = True
            finally:
                if reusable:  # the next view in this tab compiles nothing again
                    self._idle.append(page)
                else:  # cancelled or broken half-way: not worth trusting again
                    try:
                        await page.close()
                    except PlaywrightError:
                        pass
            return pdf, time.perf_counter() - start


PRINTER = _Printer()
atexit.register(PRINTER.close)


def render(views: list[tuple[str, str]], lang: str = "ru",
           headers: dict | None = None) -> tuple[bytes, list[float]]:
    """``views``: (title, absolute URL) per page; ``headers``: sent with each of the
    pages' requests (the print token of the user who asked, dashboard/auth/session.py).
    The joined PDF and the seconds each view took (for the log). HandoutError when
    Chromium cannot be started."""
    chromium = settings.get("EXPORT_MONITOR_CHROMIUM")
    if not chromium or not os.path.exists(chromium):
        raise HandoutError(503, t("handout.err.chromium", lang, path=chromium or "–"))
    try:
        from playwright.async_api import Error as PlaywrightError
        from pypdf import PdfReader, PdfWriter
    except ImportError as exc:
        raise HandoutError(503, t("handout.err.failed", lang, reason=str(exc))) from exc

    # every view may take its two timeouts twice (it is opened once more when it was not
    # drawn, _Printer._open), TABS at a time; and the launch
    budget = (LAUNCH_TIMEOUT_MS + 4 * VIEW_TIMEOUT_MS * (len(views) // TABS + 1)) / 1000 + 30
    try:
        try:
            pdfs, seconds = PRINTER.print_views(views, chromium, lang, timeout=budget,
                                                headers=headers)
        except PlaywrightError:
            # the warm browser or one of its kept tabs broke (closed target, crashed
            # renderer): once more with a new Chromium before saying it failed
            log.warning("handout: the warm Chromium failed; starting a new one", exc_info=True)
            PRINTER.close()
            pdfs, seconds = PRINTER.print_views(views, chromium, lang, timeout=budget,
                                                headers=headers)
    except PlaywrightError as exc:
        log.error("handout: failed twice, the second time: %s", exc)
        raise HandoutError(503, t("handout.err.failed", lang,
                                  reason=str(exc).splitlines()[0][:200])) from exc
    except TimeoutError as exc:
        log.error("handout: more than %.0f s", budget)
        raise HandoutError(503, t("handout.err.failed", lang,
                                  reason=f"> {budget:.0f} s")) from exc
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), seconds


def print_document(content: str, lang: str = "ru") -> bytes:
    """An HTML document of the app's own as a PDF (A4), printed by the process's one
    warm Chromium (``PRINTER``); HandoutError when Chromium cannot be started."""
    chromium = settings.get("EXPORT_MONITOR_CHROMIUM")
    if not chromium or not os.path.exists(chromium):
        raise HandoutError(503, t("handout.err.chromium", lang, path=chromium or "–"))
    try:
        from playwright.async_api import Error as PlaywrightError
    except ImportError as exc:
        raise HandoutError(503, t("handout.err.failed", lang, reason=str(exc))) from exc
    budget = (LAUNCH_TIMEOUT_MS + VIEW_TIMEOUT_MS) / 1000 + 30
    try:
        try:
            return PRINTER.print_html(content, chromium, budget)
        except PlaywrightError:  # the warm browser broke: once more with a new one
            log.warning("print: the warm Chromium failed; starting a new one", exc_info=True)
            PRINTER.close()
            return PRINTER.print_html(content, chromium, budget)
    except PlaywrightError as exc:
        raise HandoutError(503, t("handout.err.failed", lang,
                                  reason=str(exc).splitlines()[0][:200])) from exc
    except TimeoutError as exc:
        raise HandoutError(503, t("handout.err.failed", lang,
                                  reason=f"> {budget:.0f} s")) from exc


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
    return _serve(views, lang, f"/agenda/{found.agenda_id}", f"agenda-{found.agenda_id}")


def meeting_handout(meeting_id: str) -> Response:
    """``GET /meeting/<id>/handout.pdf``: every step of the meeting as it shows it —
    the edition once one is frozen (the step pages draw it, never re-queried), in the
    viewer's scope (a step outside it prints as "not in your access")."""
    lang = lang_of(request.args.get("lang"))
    from queries import meetings
    try:
        found = meetings.get_meeting(meeting_id, lang)
    except meetings.MeetingError:
        return _refuse(404, t("meeting.err.unknown", lang, meeting=str(meeting_id)[:60]))
    except Exception as exc:  # the store does not answer
        log.exception("handout of meeting %s: store failed", meeting_id)
        return _refuse(503, t("handout.err.failed", lang, reason=type(exc).__name__))
    base = request.host_url
    views = [(f"{s.position} / {len(found.steps)} · {s.title}",
              step_url(base, f"/meeting/{found.meeting_id}/{s.position}", "", lang))
             for s in found.steps]
    return _serve(views, lang, f"/meeting/{found.meeting_id}", f"meeting-{found.meeting_id}")


def _serve(views: list[tuple[str, str]], lang: str, target: str, name: str) -> Response:
    """Print ``views`` as the user who asked and answer with the PDF."""
    started = time.perf_counter()
    # the pages print as the user who asked, within their scope: a signed token for
    # five minutes (never a way round the sign-in; dashboard/auth/session.py)
    from .auth import mode
    from .auth.session import PRINT_HEADER, current_user, print_token
    user = current_user()
    headers = {} if mode.is_local() or user is None else {PRINT_HEADER: print_token(user)}
    try:
        pdf, seconds = render(views, lang, headers)
    except HandoutError as exc:
        return _refuse(exc.status, str(exc))
    log.info("handout %s: %d pages in %.1f s (%s s per view, %d at a time)", target,
             len(seconds), time.perf_counter() - started,
             ", ".join(f"{s:.1f}" for s in seconds), PRINTER.tabs)
    safe = "".join(c if c.isalnum() or c == "-" else "-" for c in name)
    from .auth import trail
    trail.note("handout", target, detail=f"{len(seconds)} pages")
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{safe}.pdf"',
        "Cache-Control": "no-store"})


def _refuse(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain",
                    headers={"Cache-Control": "no-store"})


def register(server) -> None:
    """Add the handout route to the Flask server."""
    server.add_url_rule("/agenda/<agenda_id>/handout.pdf", "handout", handout,
                        methods=["GET"])
    server.add_url_rule("/meeting/<meeting_id>/handout.pdf", "meeting_handout",
                        meeting_handout, methods=["GET"])
    from .meetings import protocol  # the meeting's protocol prints with the same browser
    protocol.register(server)
