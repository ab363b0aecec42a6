"""`make bench`: server-side latency of every Overview and Exports callback over varied
filter states at 10 million export rows, and the time to a rendered first page in
headless Chromium, and the agenda handout PDF (bench/handout.py), and following the
presenter with 50 followers (bench/follow.py). Prints a Markdown table
and writes bench/results/latest.md."""

from __future__ import annotations

import importlib
import os
import pkgutil
import platform
import statistics
import time
from pathlib import Path

from queries import demo, engine, settings
from queries.demo.build import ensure_pg_indexes, is_current, is_current_url

ROOT = Path(__file__).resolve().parent


def bench_db() -> tuple[str, float | None]:
    path = settings.data_dir() / "bench.duckdb"
    url = f"duckdb:///{path}"
    built = None
    if not is_current(path):  # missing, or made before a table or column was added
        started = time.perf_counter()
        demo.build_database(url, scale=settings.get("EXPORT_MONITOR_BENCH_SCALE"),
                            seed=settings.get("EXPORT_MONITOR_DEMO_SEED"),
                            end_month=settings.get("EXPORT_MONITOR_DEMO_END_MONTH"))
        built = time.perf_counter() - started
    return url, built


def bench_pg_db(url: str) -> float | None:
    """Build the 10-million-row demonstration data into the PostgreSQL database ``url``
    (EXPORT_MONITOR_BENCH_DB_URL) unless it holds exactly that already; add indexes it
    lacks. Returns the seconds the build took, None if there was none."""
    scale = settings.get("EXPORT_MONITOR_BENCH_SCALE")
    seed = settings.get("EXPORT_MONITOR_DEMO_SEED")
    end_month = settings.get("EXPORT_MONITOR_DEMO_END_MONTH")
    built = None
    if is_current_url(url, scale, seed, end_month):
        ensure_pg_indexes(url)
    else:
        started = time.perf_counter()
        demo.build_database(url, scale=scale, seed=seed, end_month=end_month)
        built = time.perf_counter() - started
    # the app store (agendas, instructions) lives in that database's own schema
    from queries import appstore
    before = os.environ.get("EXPORT_MONITOR_DB_URL")
    os.environ["EXPORT_MONITOR_DB_URL"] = url
    try:
        appstore.upgrade()
    finally:
        if before is None:
            os.environ.pop("EXPORT_MONITOR_DB_URL", None)
        else:
            os.environ["EXPORT_MONITOR_DB_URL"] = before
    return built


def bench_pages() -> list:
    """Every module in bench/pages: PATH, READY (CSS selectors that are drawn once the
    page is shown), searches(ctx) -> URL query strings to measure, and optionally
    callbacks(ctx) -> [(name, input component id, {"id.prop": value, ...})] for the
    page's click callbacks that write the URL (inputs and states, as the browser would
    send them)."""
    import bench.pages as pkg
    return [importlib.import_module(f"bench.pages.{m.name}")
            for m in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name)]


def context() -> dict:
    """Codes the states refer to, taken from the data: the largest concerns, the largest
    enterprise of the largest concern, a region, distribution subjects."""
    from queries.dimensions import dimensions
    from queries.exports import breakdown
    from queries.filters import default_filter

    dims = dimensions()
    f = default_filter(dims)
    concerns = breakdown(f, "concern")["key"].tolist()
    enterprise = int(breakdown(f.with_(concerns=(concerns[0],)), "enterprise")["key"].iloc[0])
    return {"concerns": concerns, "enterprise": enterprise, "region": "RU-SMO",
            "subjects": dims.subjects["subject_id"].head(5).tolist()}


def split_state(path: str, search: str) -> tuple[str, str]:
    """(path, query string) of a bench state: an entry starting with "/" is a whole
    address (e.g. agenda steps), else the query string of the page's own path."""
    if not search.startswith("/"):
        return path, search
    where, _, query = search.partition("?")
    return where, f"?{query}" if query else ""


def pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def measure_callbacks(repeats: int = 3) -> list[dict]:
    from dashboard.app import create_app
    from dashboard.auth import mode as auth_mode
    from tests.dash_client import DashClient

    # the bench measures the pages as `make run` serves them (local mode, no sign-in);
    # server mode's session check is measured by the follow bench
    auth_mode.set_mode("local")
    app = create_app()
    dc = DashClient(app.server.test_client())
    ctx = context()
    top = ctx["concerns"]
    pages = bench_pages()
    rows = []
    for mode, cache_seconds in (("cold (cache off)", "0"), ("warm (cache on)", "3600")):
        os.environ["EXPORT_MONITOR_CACHE_SECONDS"] = cache_seconds
        engine.reset()
        dc.page("/", "")  # open the engine and dimensions once
        for spec in pages:
            path, searches = spec.PATH, spec.searches(ctx)
            times = []
            for _ in range(repeats):
                for search in searches:
                    where, query = split_state(path, search)
                    t0 = time.perf_counter()
                    resp = dc.page(where, query)
                    times.append((time.perf_counter() - t0) * 1000)
                    assert resp.status_code == 200
            rows.append({"callback": f"page {path} (router: queries + figures + layout)",
                         "mode": mode, "states": len(searches), "n": len(times),
                         "p50": statistics.median(times), "p95": pct(times, 95),
                         "max": max(times)})
        filter_ids = [{"type": "filter", "field": f} for f in (
            "year", "from", "to", "concern", "enterprise", "oblast", "district", "region",
            "chapter", "heading", "industrial")]
        clicks = [("drill click (Exports)", "product-bars", {
            "product-bars.clickData": {"points": [{"customdata": [top[0]]}]},
            "drill-context.data": {"level": "concern", "geo": "district"},
            "_pages_location.search": "?year=2025"})]
        for spec in pages:  # each page's own callbacks (bench/pages/*.py CALLBACKS)
            clicks += list(getattr(spec, "callbacks", lambda ctx: [])(ctx))
        for name, input_id, values in clicks:
            times = []
            for _ in range(20 * repeats):
                t0 = time.perf_counter()
                resp = dc.call("_pages_location.search", values,
                               changed=[f"{input_id}.clickData"], input_id=input_id)
                times.append((time.perf_counter() - t0) * 1000)
                assert resp.status_code == 200, (name, resp.data[:300])
            rows.append({"callback": name, "mode": mode, "states": 1, "n": len(times),
                         "p50": statistics.median(times), "p95": pct(times, 95),
                         "max": max(times)})
        times = []
        for i in range(20 * repeats):
            t0 = time.perf_counter()
            resp = dc.filter_change(filter_ids, "concern", [top[i % 5]],
                                    "?year=2025&level=enterprise",
                                    rendered={"year": "2025", "from": "1", "to": "12",
                                              "industrial": "0"})
            times.append((time.perf_counter() - t0) * 1000)
            assert resp.status_code == 200
        rows.append({"callback": "filter bar change (every page)", "mode": mode,
                     "states": 5, "n": len(times), "p50": statistics.median(times),
                     "p95": pct(times, 95), "max": max(times)})
        times = []
        downloads = [f"/download/{name}?path={where}&lang={lang}"
                     for name, where in (("league-grid.xlsx", "/"), ("monthly-chart.csv", "/"),
                                         ("trends-enterprises.xlsx", "/trends"),
                                         ("product-bars.xlsx", "/exports"))
                     for lang in ("ru", "en")]
        for _ in range(repeats):
            for url in downloads:
                t0 = time.perf_counter()
                resp = dc.client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert resp.status_code == 200, (url, resp.data[:300])
        rows.append({"callback": "download CSV/XLSX of a chart or table (route)", "mode": mode,
                     "states": len(downloads), "n": len(times),
                     "p50": statistics.median(times), "p95": pct(times, 95),
                     "max": max(times)})
    return rows


def measure_first_page(runs: int = 5) -> list[dict] | None:
    """The first visit of every bench page in headless Chromium, with an empty and a warm
    browser cache: time until drawn, bytes on the wire and uncompressed, the largest
    callback response (bench/first_visit.py)."""
    from bench.first_visit import measure
    from tests.live import chromium_available, live_server

    if not chromium_available():
        return None
    os.environ["EXPORT_MONITOR_CACHE_SECONDS"] = "0"
    engine.reset()
    specs = sorted(bench_pages(), key=lambda s: s.PATH != "/")  # the first page first
    with live_server() as base:
        return measure(base, specs, runs=runs)


def table_lines(rows: list[dict]) -> list[str]:
    lines = ["| callback | mode | states | calls | p50 ms | p95 ms | max ms |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['callback']} | {r['mode']} | {r['states']} | {r['n']} | "
                     f"{r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} |")
    return lines


def export_rows() -> int:
    from sqlalchemy import func, select

    from queries.schema import exports
    return int(engine.run(select(func.count().label("n")).select_from(exports),
                          use_cache=False)["n"].iloc[0])


def measure_postgres() -> list[str]:
    """The callbacks' table once more on EXPORT_MONITOR_BENCH_DB_URL (PostgreSQL), built
    there first when missing or outdated; no lines when the setting is empty. The
    engine is set back to the DuckDB bench afterwards."""
    pg_url = settings.get("EXPORT_MONITOR_BENCH_DB_URL")
    if not pg_url:
        return []
    before = os.environ.get("EXPORT_MONITOR_DB_URL")
    built = bench_pg_db(pg_url)
    os.environ["EXPORT_MONITOR_DB_URL"] = pg_url
    engine.reset()
    try:
        n_rows = export_rows()
        load = os.getloadavg()[0]
        rows = measure_callbacks()
    finally:
        if before is None:
            os.environ.pop("EXPORT_MONITOR_DB_URL", None)
        else:
            os.environ["EXPORT_MONITOR_DB_URL"] = before
        engine.reset()
    shown = pg_url.split("@")[-1]
    return ["", f"PostgreSQL {shown} with {n_rows:,} export rows"
            + (f" (built in {built:.0f} s)" if built else "")
            + f"; 1-minute load {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end",
            "", *table_lines(rows)]


def main() -> None:
    url, built = bench_db()
    os.environ["EXPORT_MONITOR_DB_URL"] = url
    engine.reset()
    n_rows = export_rows()
    rows = measure_callbacks()
    from bench.replay import measure_replay, replay_lines
    replay = replay_lines(measure_replay())  # each page against its raw SQL
    pg_lines = measure_postgres()
    os.environ["EXPORT_MONITOR_DB_URL"] = url
    engine.reset()
    first = measure_first_page()
    from bench.handout import handout_lines, measure_handout
    handout = measure_handout()
    cpu = platform.processor() or platform.machine()
    lines = [
        f"Machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}; "
        f"database {Path(url.split(':///')[1]).name} with {n_rows:,} export rows"
        + (f" (built in {built:.0f} s)" if built else ""),
        "",
        *table_lines(rows),
        *pg_lines,
    ]
    lines.append("")
    lines.extend([*replay, ""])
    from bench.imports import import_lines, measure_import
    lines.extend(import_lines(measure_import()))
    lines.append("")
    if first:
        from bench.first_visit import lines as first_visit_lines
        lines.extend(first_visit_lines(first))
    else:
        lines.append("First page: not measured (no Chromium installed)")
    lines.append("")
    lines.extend(handout_lines(handout))
    lines.append("")
    from bench.follow import follow_lines, measure_follow
    lines.extend(follow_lines(measure_follow()))
    from bench.load import bench_lines  # 50 analysts (EXPORT_MONITOR_BENCH_LOAD_SECONDS)
    lines.extend(["", *bench_lines()])
    write_results("latest.md", lines)


def write_results(name: str, lines: list[str]) -> None:
    """Print a bench's lines and keep them in bench/results/<name>."""
    text = "\n".join(lines)
    print(text)
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / name).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
