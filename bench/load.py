"""50 analysts at once (`make bench-load`, ``python -m bench.load``): a locust load test
of the production command line, with an import completing in the middle of it.

For each engine — (a) the embedded DuckDB (a copy of data/demo.duckdb) and (b)
PostgreSQL (the demo, scale 1, built into its own database ``loadtest`` on the local
server, dropped and created anew each run) — this starts gunicorn with the production
command line (deploy/Dockerfile's CMD, through ``bench.follow.Stack``: 2 workers × 4
threads unless told otherwise) in server mode, sessions and the query cache in the local
Redis, 50 users each signed in with its own session. Then locust, headless, on loopback
and bounded by ``--run-time``, runs ``bench/locustfile.py``'s analyst: a browser's
requests for opening pages, following links, changing filters, drilling and
downloading, 5–15 s apart, over every bench page's states (``bench/pages/*.py``).

At 40 % of the run an import (``queries.imports.import_files``, the path behind
``export-monitor import``) loads a file that raises the largest exporter's October by
30 % and adds its November: the Overview's total and its freshness stamp change with
the one commit. The analysts check every answer (see the locustfile): no request may
fail and no Overview answer may mix old and new data.

Printed per interaction type and per request: count, failures, p50/p95/p99 ms,
requests/s; gunicorn's CPU seconds; the load average before, during (highest) and after.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

from bench.follow import PASSWORD, Stack, _cpu_seconds, sign_in, use_only

ROOT = Path(__file__).resolve().parent.parent
USERS = 50
SECONDS = 300
IMPORT_AT = 0.4          # share of the run after which the import starts
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_DATABASE = "loadtest"  # never "test": the test suite's
REDIS_URL = "redis://127.0.0.1:6379/0"
BUDGET_MS = 300
ENGINES = ("duckdb", "postgresql")


# -- what the analysts ask for ------------------------------------------------------------

def states(ctx: dict, users: list[str]) -> dict:
    """The locustfile's --states: every bench page's (pathname, searches), the drill
    clicks (bench/pages/*.py ``callbacks`` and bench/run.py's Exports click), the
    downloads, the largest concerns, the users and their password."""
    from bench.run import bench_pages

    pages, clicks = [], [{
        "name": "drill click (Exports)", "path": "/exports", "input": "product-bars",
        "search": "?year=2025",
        "values": {"product-bars.clickData": {"points": [{"customdata": [ctx["concerns"][0]]}]},
                   "drill-context.data": {"level": "concern", "geo": "district"}}}]
    for spec in bench_pages():
        base = spec.PATH.split("?", 1)[0]
        searches = []
        for s in spec.searches(ctx):
            if s.startswith("/"):  # a whole address (the agenda steps, the centres view)
                where, _, query = s.partition("?")
                if where != base:
                    pages.append({"path": where, "searches": ["?" + query if query else ""]})
                    continue
                searches.append("?" + query if query else "")
            else:
                searches.append(s)
        if searches:
            pages.append({"path": base, "searches": searches})
        for name, input_id, values in getattr(spec, "callbacks", lambda ctx: [])(ctx):
            values = dict(values)
            search = values.pop("_pages_location.search", "")
            clicks.append({"name": name, "path": base, "input": input_id, "search": search,
                           "values": values})
    downloads = [f"/download/{name}?path={where}&lang=en"
                 for name, where in (("league-grid.xlsx", "/"), ("monthly-chart.csv", "/"),
                                     ("trends-enterprises.xlsx", "/trends"),
                                     ("product-bars.xlsx", "/exports"))]
    return {"pages": pages, "clicks": clicks, "downloads": downloads,
            "concerns": list(ctx["concerns"][:5]), "users": users, "password": PASSWORD}


KPI_ID, LEAGUE_ID, FRESHNESS_ID, RENDERED_ID = ("kpi-exports-value", "league-grid",
                                                 "freshness", "filter-rendered")


# -- reading an answer (pure: bench/locustfile.py and the test use them) --------------------------------------------------------------------

def find(node, wanted: str):
    """The component with id ``wanted`` in a Dash layout JSON (depth first)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            if isinstance(n.get("props"), dict) and n["props"].get("id") == wanted:
                return n
            stack.extend(n.values())
        elif isinstance(n, list):
            stack.extend(reversed(n))
    return None


def filter_ids(node) -> list[dict]:
    """The filter bar's pattern-matching ids in the order drawn (Dash sends them so)."""
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            pid = n.get("props", {}).get("id") if isinstance(n.get("props"), dict) else None
            if isinstance(pid, dict) and pid.get("type") == "filter":
                out.append(pid)
            stack.extend(reversed(list(n.values())))
        elif isinstance(n, list):
            stack.extend(reversed(n))
    return out


def has_error(node) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            props = n.get("props")
            if isinstance(props, dict):
                cls = props.get("className") or ""
                if isinstance(cls, str) and ("message error" in cls or "outage" in cls):
                    return True
                if props.get("id") == "page-outage":
                    return True
            stack.extend(n.values())
        elif isinstance(n, list):
            stack.extend(n)
    return False


def _text(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return "".join(_text(x) for x in node)
    if isinstance(node, dict):
        return _text(node.get("props", {}).get("children"))
    return ""


def overview_problem(kpi: float, league: float, rows: int) -> str | None:
    """What is wrong when the Overview's exports KPI is not the sum of its league's rows
    (each rounded to 0.1 mn USD), else None."""
    if abs(kpi - league) > max(0.15, 0.051 * rows):
        return f"KPI {kpi:,.1f} but the league's {rows} rows sum to {league:,.1f}"
    return None


def overview_figures(page: dict) -> tuple[float, float, int, str] | None:
    """(exports KPI, sum of the league's rows, rows, freshness stamp) of an Overview
    answer, in mn USD; None when the answer has no KPI or league (e.g. an empty scope)."""
    kpi, league, fresh = (find(page, KPI_ID), find(page, LEAGUE_ID),
                          find(page, FRESHNESS_ID))
    if kpi is None or league is None:
        return None
    children = kpi["props"].get("children")
    first = children[0] if isinstance(children, list) and children else children
    match = re.search(r"−?-?[\d,]+(?:\.\d+)?", first if isinstance(first, str) else "")
    if not match:
        return None
    value = float(match.group(0).replace(",", "").replace("−", "-"))
    rows = league["props"].get("rowData") or []
    total = sum(float(r.get("value") or 0) for r in rows)
    return value, total, len(rows), _text(fresh) if fresh else ""


# -- the stack -------------------------------------------------------------------------------

def _pg_admin(sql: str) -> None:
    import sqlalchemy as sa
    eng = sa.create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT",
                           poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as conn:
            conn.execute(sa.text(sql))
    finally:
        eng.dispose()


class LoadStack(Stack):
    """bench.follow's Stack (its gunicorn and clean-up) with the data of ``engine``,
    ``users`` viewers and the states of the analysts."""

    def __init__(self, engine_name: str, users: int = USERS) -> None:
        super().__init__()
        self.engine_name, self.n_users = engine_name, users

    def __enter__(self):
        import redis

        from bench.run import context
        from queries import accounts, demo, settings

        try:
            redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
            redis_url = REDIS_URL
        except Exception:  # noqa: BLE001 - then the sessions and cache live per process
            redis_url = ""
        started = time.perf_counter()
        if self.engine_name == "duckdb":
            data = self.work / "demo.duckdb"
            source = settings.data_dir() / "demo.duckdb"
            if source.exists():
                shutil.copyfile(source, data)
            else:
                demo.build_database(f"duckdb:///{data}", scale=1.0)
            url, app_url = f"duckdb:///{data}", f"sqlite:///{self.work}/app.sqlite"
        else:
            _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            _pg_admin(f"CREATE DATABASE {PG_DATABASE}")
            url = f"{PG_SERVER}/{PG_DATABASE}"
            demo.build_database(url, scale=1.0)
            app_url = ""  # as deployed: the same database, schema export_monitor_app
        self.prepared_s = time.perf_counter() - started
        self.url = url
        self.env = {
            "EXPORT_MONITOR_DB_URL": url,
            "EXPORT_MONITOR_APP_DB_URL": app_url,
            "EXPORT_MONITOR_SECRET_KEY": "load-bench-" + "k" * 40,
            "EXPORT_MONITOR_DATA_DIR": str(self.work / "data"),
            "EXPORT_MONITOR_LOG_LEVEL": "WARNING",
            "EXPORT_MONITOR_REDIS_URL": redis_url,
        }
        self.redis = bool(redis_url)
        use_only(self.env)
        accounts.add_user("load-admin", PASSWORD, ["admin"])  # server mode needs one
        self.users = [f"load-analyst-{i:02d}" for i in range(self.n_users)]
        for name in self.users:
            accounts.add_user(name, PASSWORD, ["analyst"])
        self.states = states(context(), self.users)
        return self

    def __exit__(self, *exc):
        super().__exit__(*exc)
        if self.engine_name == "postgresql":
            _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


# -- the import ------------------------------------------------------------------------------

def import_file(url: str, folder: Path) -> tuple[Path, str, float]:
    """A file that raises the largest exporter's October 2026 by 30 % and adds its
    November: (path, its enterprise, the change of the January–October total in mn USD)."""
    import pandas as pd

    from queries.imports import dump_url, write_rows

    end = os.environ.get("EXPORT_MONITOR_DEMO_END_MONTH", "2026-10")
    october = date(int(end[:4]), int(end[5:7]), 1)
    rows = dump_url(url, "exports", (october, october))
    largest = str(rows.groupby(rows["enterprise"].astype(str))["value_usd"].sum().idxmax())
    mine = rows[rows["enterprise"].astype(str) == largest]
    raised = mine.assign(value_usd=mine["value_usd"] * 1.3)
    nxt = date(october.year + (october.month == 12), october.month % 12 + 1, 1)
    following = mine.assign(month=nxt.strftime("%Y-%m"))
    path = write_rows("exports", pd.concat([raised, following]), folder / "load_import.csv")
    return path, largest, float(mine["value_usd"].sum()) * 0.3 / 1e6


def _import(url: str, folder: Path, out: dict, t0: float) -> None:
    from queries.imports import import_files
    try:
        path, enterprise, change = import_file(url, folder)
        out["start"] = time.monotonic() - t0
        result = import_files([path], url=url, loaded_by="load-bench")
        out["end"] = time.monotonic() - t0
        out.update(loaded=bool(result.loaded), enterprise=enterprise, change_mn=change,
                   seconds=dict(result.seconds))
        if not result.loaded:
            out["report"] = result.report.text()
    except Exception as exc:  # noqa: BLE001 - reported in the table
        out.update(loaded=False, error=repr(exc))


def signed_in(base: str, users: list[str]) -> list[dict]:
    """Each analyst's session cookies, signed in through the form one after the other
    before the run (as analysts sign in over a morning, not all in the same second)."""
    return [{c.name: c.value for c in sign_in(base, name).cookies} for name in users]


def warm_up(base: str, name: str, workers: int) -> None:
    """Each worker's first answers (imports, the dimensions, its first connections):
    the Overview a few times per worker, before the clock starts. The query cache is
    not filled beyond that one state."""
    from tests.dash_client import DashClient

    session = sign_in(base, name)
    client = _Requests(session, base)
    dc = DashClient(client)
    for _ in range(3 * workers):
        dc.page("/", "")


class _Requests:
    """A requests session as DashClient's client (``.data``, ``get_cookie``,
    ``environ_base`` sent as headers): the warm-up's."""

    def __init__(self, session, base: str) -> None:
        self.session, self.base, self.environ_base = session, base, {}

    def _headers(self, extra):
        names = {"HTTP_X_CSRFTOKEN": "X-CSRFToken", "HTTP_ACCEPT_LANGUAGE": "Accept-Language"}
        return {**{names[k]: v for k, v in self.environ_base.items() if k in names},
                **(extra or {})}

    def get(self, url, headers=None, **kw):
        resp = self.session.get(self.base + url, headers=self._headers(headers), timeout=120,
                                **kw)
        resp.data = resp.content
        return resp

    def post(self, url, headers=None, **kw):
        resp = self.session.post(self.base + url, headers=self._headers(headers), timeout=120,
                                 **kw)
        resp.data = resp.content
        return resp

    def get_cookie(self, name):
        return next((c for c in self.session.cookies if c.name == name), None)


# -- one run -------------------------------------------------------------------------------------

def run_locust(base: str, states_path: Path, out: Path, users: int, seconds: int,
               spawn_rate: float = 5.0) -> subprocess.CompletedProcess:
    """locust headless against ``base`` for ``seconds``; CSV and check report in ``out``."""
    locust = Path(sys.executable).parent / "locust"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [str(locust), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "--host", base, "-u", str(users), "-r", str(spawn_rate),
               "--run-time", f"{seconds}s", "--stop-timeout", "30", "--only-summary",
               "--csv", str(out / "load"), "--states", str(states_path),
               "--report", str(out / "checks.json"), "--loglevel", "WARNING"]
    with open(out / "locust.log", "w", encoding="utf-8") as log:
        return subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                              cwd=ROOT, timeout=seconds + 180, check=False)


def read_stats(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [{"type": r["Type"], "name": r["Name"], "n": int(r["Request Count"]),
                 "failures": int(r["Failure Count"]), "p50": float(r["50%"] or 0),
                 "p95": float(r["95%"] or 0), "p99": float(r["99%"] or 0),
                 "max": float(r["Max Response Time"] or 0), "rps": float(r["Requests/s"] or 0)}
                for r in csv.DictReader(fh)]


def requests_between(path: Path, start: float, end: float, t0: float) -> tuple[int, int]:
    """(requests, failures) counted by locust between ``start`` and ``end`` (seconds from
    ``t0``, the run's start, in wall-clock seconds: its history rows are stamped so)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["Name"] == "Aggregated":
                rows.append((int(r["Timestamp"]) - t0, int(r["Total Request Count"]),
                             int(r["Total Failure Count"])))
    before = [r for r in rows if r[0] <= start] or [(0, 0, 0)]
    after = [r for r in rows if r[0] >= end] or rows[-1:]
    return after[0][1] - before[-1][1], after[0][2] - before[-1][2]


def measure(engine_name: str, seconds: int = SECONDS, users: int = USERS,
            workers: int | None = None, threads: int | None = None,
            import_at: float | None = IMPORT_AT) -> dict:
    """One engine: the stack, gunicorn, locust for ``seconds``, the import meanwhile."""
    with LoadStack(engine_name, users) as stack:
        server, base = stack.gunicorn(threads=threads, workers=workers)
        out = stack.work / "load"
        out.mkdir()
        states_path = out / "states.json"
        states_path.write_text(json.dumps(
            dict(stack.states, cookies=signed_in(base, stack.users))), encoding="utf-8")
        warm_up(base, stack.users[0], workers or 2)
        loads, done = [os.getloadavg()], threading.Event()

        def sample() -> None:
            while not done.wait(10):
                loads.append(os.getloadavg())

        sampler = threading.Thread(target=sample, daemon=True)
        imported: dict = {}
        t0_wall, t0 = time.time(), time.monotonic()
        cpu0 = _cpu_seconds(server.proc.pid)
        importer = None
        if import_at is not None:
            def later() -> None:
                time.sleep(seconds * import_at)
                _import(stack.url, stack.work, imported, t0)
            importer = threading.Thread(target=later, daemon=True)
            importer.start()
        sampler.start()
        proc = run_locust(base, states_path, out, users, seconds)
        elapsed = time.monotonic() - t0
        cpu = _cpu_seconds(server.proc.pid) - cpu0
        done.set()
        if importer is not None:
            importer.join(timeout=600)
        loads.append(os.getloadavg())
        log = (out / "locust.log").read_text("utf-8", "replace")
        if not (out / "load_stats.csv").exists():
            raise SystemExit(f"locust wrote no statistics (exit {proc.returncode}):\n"
                             + log[-3000:])
        stats = read_stats(out / "load_stats.csv")
        checks = json.loads((out / "checks.json").read_text("utf-8")) \
            if (out / "checks.json").exists() else {}
        during = None
        if imported.get("end"):
            during = requests_between(out / "load_stats_history.csv", imported["start"],
                                      imported["end"], t0_wall)
        command = " ".join(map(str, server.proc.args))
    return {"engine": engine_name, "seconds": seconds, "users": users, "stats": stats,
            "checks": checks, "import": imported, "during_import": during,
            "gunicorn_cpu_s": cpu, "elapsed": elapsed, "t0_wall": t0_wall, "loads": loads,
            "locust_exit": proc.returncode, "redis": stack.redis, "prepared_s":
            stack.prepared_s, "workers": workers or 2, "threads": threads or 4,
            "command": command, "log_tail": log[-1500:] if proc.returncode else ""}


# -- the table ------------------------------------------------------------------------------------

def load_lines(results: list[dict]) -> list[str]:
    lines = []
    for r in results:
        if "skipped" in r:
            lines += [f"50 analysts on {r['engine']}: not measured ({r['skipped']})", ""]
            continue
        loads = r["loads"]
        inter = [s for s in r["stats"] if s["type"] == "INTERACTION"]
        reqs = [s for s in r["stats"] if s["type"] not in ("INTERACTION", "CHECK")
                and s["name"] != "Aggregated"]
        total_req = sum(s["n"] for s in reqs)
        failures = sum(s["failures"] for s in r["stats"] if s["name"] != "Aggregated")
        imp, c = r["import"], r["checks"]
        engine = ("embedded DuckDB (copy of demo.duckdb)" if r["engine"] == "duckdb"
                  else f"PostgreSQL (database {PG_DATABASE}, demo scale 1)")
        lines += [
            f"{r['users']} analysts at once on {engine}: gunicorn {r['workers']} workers × "
            f"{r['threads']} threads (gthread), server mode, sessions and cache in "
            f"{'Redis' if r['redis'] else 'each process'}; locust headless {r['seconds']} s, "
            f"5–15 s between clicks; load average {loads[0][0]:.2f} before, "
            f"{max(x[0] for x in loads):.2f} highest, {loads[-1][0]:.2f} after, "
            f"{os.cpu_count()} cores",
            "",
            "| interaction | count | failed | p50 ms | p95 ms | p99 ms | max ms | per s |",
            "|---|---|---|---|---|---|---|---|"]
        for s in sorted(inter, key=lambda s: -s["n"]):
            over = " **over**" if s["p95"] > BUDGET_MS else ""
            lines.append(f"| {s['name']} | {s['n']} | {s['failures']} | {s['p50']:.0f} | "
                         f"{s['p95']:.0f}{over} | {s['p99']:.0f} | {s['max']:.0f} | "
                         f"{s['rps']:.2f} |")
        lines += ["", "| request | count | failed | p50 ms | p95 ms | p99 ms | max ms |",
                  "|---|---|---|---|---|---|---|"]
        for s in sorted(reqs, key=lambda s: -s["n"]):
            lines.append(f"| {s['name']} | {s['n']} | {s['failures']} | {s['p50']:.0f} | "
                         f"{s['p95']:.0f} | {s['p99']:.0f} | {s['max']:.0f} |")
        lines.append("")
        lines.append(f"Requests: {total_req:,} in {r['elapsed']:.0f} s "
                     f"({total_req / r['elapsed']:.1f}/s), failures and failed checks: "
                     f"{failures}; gunicorn CPU {r['gunicorn_cpu_s']:.0f} s "
                     f"({r['gunicorn_cpu_s'] / r['elapsed'] * 60:.0f} s/min).")
        if imp.get("loaded"):
            during = r["during_import"] or (0, 0)
            lines.append(
                f"Import during the run: {imp['end'] - imp['start']:.1f} s, from "
                f"{imp['start']:.0f} s to {imp['end']:.0f} s (enterprise {imp['enterprise']}'s "
                f"October +30 % (+{imp['change_mn']:,.1f} mn USD) and its November); "
                f"{during[0]:,} requests meanwhile, {during[1]} failed.")
        elif imp:
            lines.append(f"Import during the run: NOT loaded — {imp.get('error') or imp.get('report', '')[:500]}")
        if c:
            lines.append(
                f"Consistency: {c.get('overview_checked', 0):,} Overview answers checked, "
                f"KPI ≠ sum of the league in {c.get('kpi_league_mismatch', 0)}, one state "
                f"and stamp with two KPIs in {c.get('mixed', 0)}; freshness stamps seen: "
                + "; ".join(f"“{k}” × {v[0]} (asked {v[1] - r['t0_wall']:.0f}–"
                            f"{v[2] - r['t0_wall']:.0f} s)" for k, v in c.get("stamps", {}).items())
                + ".")
            stale = stale_answers(r)
            if stale is not None:
                lines.append(f"Old data after the import: {stale} Overview answers asked more "
                             f"than {STALE_AFTER:g} s after it committed still had the "
                             "stamp from before it.")
        if r["log_tail"]:
            lines += ["", "locust's last lines:", "", *("    " + x for x in
                                                         r["log_tail"].splitlines()[-15:])]
        lines.append("")
    return lines


STALE_AFTER = 1.0  # s after the import's commit: a page then asked must show the new data


def stale_answers(r: dict) -> int | None:
    """Overview answers asked more than STALE_AFTER s after the import committed that
    still carry the stamp seen first (the data before the import)."""
    stamps, imp = r["checks"].get("stamps") or {}, r["import"]
    if not stamps or not imp.get("loaded"):
        return None
    first = min(stamps.values(), key=lambda v: v[1])
    after = r["t0_wall"] + imp["end"] + STALE_AFTER
    return sum(1 for t in first[3] if t > after)


def measure_all(engines=ENGINES, seconds: int = SECONDS, users: int = USERS,
                workers: int | None = None, threads: int | None = None) -> list[dict]:
    results = []
    for name in engines:
        if name == "postgresql":
            try:
                _pg_admin("SELECT 1")
            except Exception as exc:  # noqa: BLE001 - the other engine is still measured
                results.append({"engine": name, "skipped": f"PostgreSQL does not answer: "
                                                           f"{type(exc).__name__}"})
                continue
        results.append(measure(name, seconds, users, workers, threads))
    return results


def bench_lines() -> list[str]:
    """bench/run.py's hook: both engines for EXPORT_MONITOR_BENCH_LOAD_SECONDS (0: skip)."""
    from queries import settings
    seconds = settings.get("EXPORT_MONITOR_BENCH_LOAD_SECONDS")
    if seconds <= 0:
        return ["50 analysts at once: not measured (EXPORT_MONITOR_BENCH_LOAD_SECONDS=0)"]
    return load_lines(measure_all(seconds=seconds))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=ENGINES, action="append",
                        help="measure only this engine (repeatable; default: both)")
    parser.add_argument("--seconds", type=int, default=None,
                        help="run time per engine (default: EXPORT_MONITOR_BENCH_LOAD_SECONDS, "
                             f"or {SECONDS} when that is 0)")
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the CMD's)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: the CMD's)")
    args = parser.parse_args(argv)
    from queries import settings
    seconds = args.seconds or settings.get("EXPORT_MONITOR_BENCH_LOAD_SECONDS") or SECONDS
    results = measure_all(args.engine or ENGINES, seconds, args.users, args.workers,
                          args.threads)
    print("\n".join(load_lines(results)))


if __name__ == "__main__":
    main()
