"""The first visit in headless Chromium: bytes on the wire (as sent, compressed) and
uncompressed, the time until the page is drawn with an empty browser cache and with a
warm one (p50/p95 of several runs), and the largest callback response of every page.

Run by `make bench` (bench/run.py) and on its own:
``.venv/bin/python -m bench.first_visit [--runs N] [--db URL] [PATH ...]``.

What is measured, through Chrome's DevTools protocol (one session per tab):

* wire bytes: ``Network.loadingFinished.encodedDataLength`` (headers and body as they
  came over the socket; 0 for a response taken from the browser cache);
* uncompressed bytes: the sum of ``Network.dataReceived.dataLength`` (the decoded body);
* requests that went to the server (not served from the cache, and 304 revalidations);
* drawn: from the navigation's start (``performance.timeOrigin``) until every READY
  selector of the page's bench module (bench/pages/<x>.py) has a box on screen, read in
  the page at each animation frame; ``wall`` is the same seen from Playwright (from
  ``goto`` until its locators see them: adds its own polling and round trips);
* empty cache: a new browser context per run (its own empty HTTP cache);
  warm cache: a second tab of a context that has already shown the page once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from collections import defaultdict

CALLBACK_PATHS = ("/_dash-update-component", "/_dash-layout", "/_dash-dependencies")


def pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def load() -> str:
    """The machine's load average (`uptime`), printed with every figure: two cores are
    shared, so a figure means little without it."""
    try:
        out = subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout
        return out.split("load average:")[-1].strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


class Recorder:
    """Every response of one tab: url, status, wire bytes, decoded bytes, from cache."""

    def __init__(self, context, page):
        self.rows: dict[str, dict] = defaultdict(lambda: {"decoded": 0, "wire": 0,
                                                          "cached": False})
        self.errors: list[str] = []
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestServedFromCache", self._from_cache)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _sent(self, e):
        self.rows[e["requestId"]]["url"] = e["request"]["url"]
        self.rows[e["requestId"]]["method"] = e["request"]["method"]

    def _response(self, e):
        r, resp = self.rows[e["requestId"]], e["response"]
        r.update(url=resp["url"], status=resp["status"],
                 encoding={k.lower(): v for k, v in resp["headers"].items()}.get(
                     "content-encoding", ""),
                 cache_control={k.lower(): v for k, v in resp["headers"].items()}.get(
                     "cache-control", ""))
        if resp.get("fromDiskCache") or resp.get("fromPrefetchCache") or resp.get(
                "fromServiceWorker"):
            r["cached"] = True

    def _data(self, e):
        self.rows[e["requestId"]]["decoded"] += e["dataLength"]

    def _finished(self, e):
        self.rows[e["requestId"]]["wire"] = e["encodedDataLength"]

    def _from_cache(self, e):
        self.rows[e["requestId"]]["cached"] = True

    def summary(self) -> dict:
        rows = [r for r in self.rows.values() if "url" in r and not r["url"].startswith("data:")]
        network = [r for r in rows if not r["cached"]]
        callbacks = [r for r in rows if any(p in r["url"] for p in CALLBACK_PATHS)]
        biggest = max(callbacks, key=lambda r: r["decoded"], default=None)
        return {"requests": len(network), "wire": sum(r["wire"] for r in network),
                "decoded": sum(r["decoded"] for r in rows),
                "js_decoded": sum(r["decoded"] for r in rows
                                  if r["url"].split("?")[0].endswith(".js")),
                "largest_callback": (biggest["decoded"], biggest["url"]) if biggest else (0, ""),
                "update_callbacks": [r["decoded"] for r in callbacks
                                     if "_dash-update-component" in r["url"]],
                "rows": rows}


DRAWN_WATCH = """(selectors => { const tick = () => {
  const shown = selectors.every(s => { const el = document.querySelector(s);
    if (!el) return false; const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0; });
  if (shown) window.__drawn = performance.now(); else requestAnimationFrame(tick); };
  requestAnimationFrame(tick); })(%s);"""


def _show(context, url: str, ready, timeout_ms: float = 60_000):
    """(page, recorder, drawn ms in the page, wall ms from Playwright)."""
    import json

    page = context.new_page()
    page.add_init_script(DRAWN_WATCH % json.dumps(list(ready)))
    rec = Recorder(context, page)
    t0 = time.perf_counter()
    page.goto(url)
    for selector in ready:
        page.locator(selector).first.wait_for(state="visible", timeout=timeout_ms)
    wall = (time.perf_counter() - t0) * 1000
    page.wait_for_function("() => window.__drawn !== undefined", timeout=timeout_ms)
    drawn = page.evaluate("window.__drawn")
    page.wait_for_load_state("networkidle")  # the bytes of what is still in flight
    return page, rec, drawn, wall


def _measure_page(browser, base: str, spec, count: int) -> dict:
    cold, warm, cold_sum, warm_sum, errors, biggest = [], [], None, None, [], (0, "")
    walls = {"cold": [], "warm": []}
    for i in range(count):
        ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
        try:
            url = base + spec.PATH + ("&" if "?" in spec.PATH else "?") + f"from={1 + i % 3}"
            page, rec, ms, wall = _show(ctx, url, spec.READY)
            cold.append(ms)
            walls["cold"].append(wall)
            s = rec.summary()
            cold_sum = cold_sum or s
            errors += rec.errors
            biggest = max(biggest, s["largest_callback"])
            page.close()
            page, rec, ms, wall = _show(ctx, url.replace("from=", "to=12&from="), spec.READY)
            warm.append(ms)
            walls["warm"].append(wall)
            warm_sum = warm_sum or rec.summary()
            errors += rec.errors
            biggest = max(biggest, rec.summary()["largest_callback"])
        finally:
            ctx.close()
    return {"path": spec.PATH, "runs": count,
            "cold_p50": statistics.median(cold), "cold_p95": pct(cold, 95),
            "warm_p50": statistics.median(warm), "warm_p95": pct(warm, 95),
            "wall_cold_p50": statistics.median(walls["cold"]),
            "wall_warm_p50": statistics.median(walls["warm"]),
            "cold": cold_sum, "warm": warm_sum, "largest_callback": biggest,
            "errors": errors, "load": load()}


def measure(base: str, specs, runs: int = 5, first_runs: int | None = None) -> list[dict]:
    """``specs``: bench page modules (PATH, READY). The first spec (the first page a
    visitor sees) is measured ``first_runs`` times (default 2 × runs)."""
    from playwright.sync_api import sync_playwright

    from tests.live import CHROMIUM, CHROMIUM_ARGS

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # one throwaway visit: the server's own first-request setup and query warm-up
            # are not part of a visitor's first visit
            ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
            _show(ctx, base + specs[0].PATH, specs[0].READY)
            ctx.close()
            for n, spec in enumerate(specs):
                count = (first_runs or 2 * runs) if n == 0 else runs
                try:
                    results.append(_measure_page(browser, base, spec, count))
                except Exception as e:  # noqa: BLE001 - one page that does not draw
                    results.append({"path": spec.PATH, "error": f"{type(e).__name__}: "
                                    + str(e).splitlines()[0][:160], "load": load()})
        finally:
            browser.close()
    return results


def kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def lines(results: list[dict]) -> list[str]:
    out = ["First visit in headless Chromium (bench/first_visit.py; query cache off; "
           "empty cache = a new browser context per run, warm = a second tab of it):", "",
           "| page | runs | empty cache p50 / p95 ms | warm cache p50 / p95 ms | "
           "wall p50 empty / warm ms | "
           "wire (empty cache) | uncompressed | of it JS | requests | wire (warm) | "
           "requests (warm) | largest callback response | load (1/5/15 min) |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        if "error" in r:
            out.append(f"| `{r['path']}` | not drawn: {r['error']} |" + " |" * 10
                       + f" {r['load']} |")
            continue
        c, w = r["cold"], r["warm"]
        out.append(f"| `{r['path']}` | {r['runs']} | {r['cold_p50']:.0f} / {r['cold_p95']:.0f} | "
                   f"{r['warm_p50']:.0f} / {r['warm_p95']:.0f} | "
                   f"{r['wall_cold_p50']:.0f} / {r['wall_warm_p50']:.0f} | {kb(c['wire'])} | "
                   f"{kb(c['decoded'])} | {kb(c['js_decoded'])} | {c['requests']} | "
                   f"{kb(w['wire'])} | {w['requests']} | {kb(r['largest_callback'][0])} | "
                   f"{r['load']} |")
    errors = sorted({e for r in results for e in r.get("errors", [])})
    if errors:
        out += ["", "Console errors: " + "; ".join(e[:200] for e in errors[:5])]
    return out


def details(result: dict) -> list[str]:
    """The first page's responses, largest first (for the README's before/after)."""
    rows = sorted(result["cold"]["rows"], key=lambda r: -r["decoded"])
    out = ["| response | encoding | wire | uncompressed | cache-control |", "|---|---|---|---|---|"]
    for r in rows[:25]:
        name = r["url"].split("//", 1)[-1].split("/", 1)[-1][:90]
        out.append(f"| `/{name}` | {r.get('encoding') or '-'} | {kb(r['wire'])} | "
                   f"{kb(r['decoded'])} | {r.get('cache_control') or '-'} |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="database URL (default: EXPORT_MONITOR_DB_URL)")
    parser.add_argument("--details", action="store_true", help="list the first page's responses")
    parser.add_argument("paths", nargs="*", help="page paths (default: every bench page)")
    args = parser.parse_args()
    if args.db:
        os.environ["EXPORT_MONITOR_DB_URL"] = args.db
    os.environ["EXPORT_MONITOR_CACHE_SECONDS"] = "0"
    from bench.run import bench_pages
    from queries import engine
    from tests.live import live_server

    engine.reset()
    specs = bench_pages()
    specs.sort(key=lambda s: s.PATH != "/")  # the first page first
    if args.paths:
        specs = [s for s in specs if s.PATH in args.paths]
    with live_server() as base:
        results = measure(base, specs, runs=args.runs)
    print("\n".join(lines(results)))
    if args.details and "error" not in results[0]:
        print()
        print("\n".join(details(results[0])))


if __name__ == "__main__":
    main()
