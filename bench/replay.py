"""Each page's callback against the raw engine time of its own SQL.

For every bench state (bench/pages/*.py) the page's router callback is called through
the Dash endpoint, as ``bench.run.measure_callbacks`` does, with the query cache off and
``queries.engine.recording()`` open: that records the SQL and parameters of every
statement the page sends, as the DBAPI driver receives them, and which ``gather`` call
and slot ran it. Right after the call the recorded statements are replayed directly on
the engine's DBAPI connections (no SQLAlchemy, no pandas, rows fetched as tuples):

* statements outside ``gather`` one after another, in the page's order;
* the slots of one ``gather`` call at the same time, on a thread pool as wide as
  ``queries.engine``'s (4 threads; the page's queries run two at a time on 2 cores
  because that is what the cores give), each slot's statements in order on one
  connection; the next statement waits for the whole group, as the page does;
* the data-version read that ``run`` makes before each statement of a page build
  (``SELECT count(*), max(loaded_at) FROM load_log``) on the same connection first.
  The one read that pins the version at the start of the build is not replayed.

Connections are checked out of the engine's pool before the clock starts. The table:
per page, the callback's p50/p95, the replay's p50/p95 and their ratio (p50 to p50,
p95 to p95); the issue's budget is a ratio ≤ 1.5.
"""

from __future__ import annotations

import os
import queue
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from queries import engine


def plan(statements: list[engine.Recorded]) -> list[list[list[engine.Recorded]]]:
    """The recorded statements as steps, in the order the page ran them: a step is the
    slots that ran at the same time (a statement outside ``gather`` is a step of one
    slot), a slot the statements one call of a ``gather`` ran, in order."""
    order: list[engine.Recorded | int] = []  # a statement, or a gather group's number
    groups: dict[int, dict[int, list[engine.Recorded]]] = {}
    for r in statements:
        if r.group is None:
            order.append(r)
            continue
        if r.group not in groups:
            groups[r.group] = {}
            order.append(r.group)
        groups[r.group].setdefault(r.slot, []).append(r)
    return [[[item]] if isinstance(item, engine.Recorded)
            else [groups[item][k] for k in sorted(groups[item])] for item in order]


class Replayer:
    """Replays planned statements on raw DBAPI connections of the current engine."""

    def __init__(self, width: int | None = None) -> None:
        self.engine = engine.get_engine()
        self.width = width or engine._pool._max_workers
        self.pool = ThreadPoolExecutor(max_workers=self.width, thread_name_prefix="replay")
        version = engine._VERSION_STMT.compile(dialect=self.engine.dialect)
        self.version_sql = str(version)

    def replay(self, steps) -> float:
        """Milliseconds to run ``steps`` (see the module docstring)."""
        raws = [self.engine.raw_connection() for _ in range(self.width)]
        free: queue.SimpleQueue = queue.SimpleQueue()
        for raw in raws:
            free.put(raw.driver_connection)

        def run_slot(slot):
            con = free.get()
            try:
                for r in slot:
                    if r.read_version:
                        con.execute(self.version_sql).fetchall()
                    con.execute(r.sql, r.params).fetchall()
            finally:
                free.put(con)

        try:
            started = time.perf_counter()
            for step in steps:
                if len(step) == 1:
                    run_slot(step[0])
                else:
                    list(self.pool.map(run_slot, step))
            return (time.perf_counter() - started) * 1000
        finally:
            for raw in raws:
                raw.close()

    def close(self) -> None:
        self.pool.shutdown()


def _pct(values, p):
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]


def _split(path: str, search: str) -> tuple[str, str]:
    """(path, query string) of a bench state; one starting with "/" is a whole address."""
    if not search.startswith("/"):
        return path, search
    where, _, query = search.partition("?")
    return where, f"?{query}" if query else ""


def measure_replay(repeats: int = 3, only: tuple[str, ...] = ()) -> list[dict]:
    """Per bench page (``only``: those PATHs): callback and raw-SQL p50/p95 in ms over
    its states × ``repeats``, the statements per call, the ratios. Query cache off."""
    from bench.run import bench_pages, context
    from dashboard.app import create_app
    from dashboard.auth import mode as auth_mode
    from tests.dash_client import DashClient

    auth_mode.set_mode("local")
    os.environ["EXPORT_MONITOR_CACHE_SECONDS"] = "0"
    engine.reset()
    app = create_app()
    dc = DashClient(app.server.test_client())
    ctx = context()
    dc.page("/", "")  # open the engine and the dimensions once
    replayer = Replayer()
    rows = []
    try:
        for spec in bench_pages():
            if only and spec.PATH not in only:
                continue
            searches = spec.searches(ctx)
            calls, raws, counts, where_of = [], [], [], []
            for _ in range(repeats):
                for search in searches:
                    where, query = _split(spec.PATH, search)
                    with engine.recording() as statements:
                        t0 = time.perf_counter()
                        resp = dc.page(where, query)
                        calls.append((time.perf_counter() - t0) * 1000)
                    assert resp.status_code == 200, (where, query)
                    raws.append(replayer.replay(plan(statements)))
                    counts.append(len(statements))
                    where_of.append(where + query)
            rows.append({
                "page": spec.PATH, "states": len(searches), "n": len(calls),
                "statements": statistics.mean(counts),
                "cb50": statistics.median(calls), "cb95": _pct(calls, 95),
                "raw50": statistics.median(raws), "raw95": _pct(raws, 95),
                # the slowest calls: (callback ms, raw SQL ms, address)
                "slowest": sorted(zip(calls, raws, where_of), reverse=True)[:3]})
    finally:
        replayer.close()
    return rows


def replay_lines(rows: list[dict]) -> list[str]:
    lines = ["Each page's callback against its own SQL replayed on the DBAPI connection "
             "(query cache off; bench/replay.py):", "",
             "| page | states | calls | statements per call | callback p50 ms | "
             "callback p95 ms | raw SQL p50 ms | raw SQL p95 ms | ratio p50 | ratio p95 |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['page']} | {r['states']} | {r['n']} | {r['statements']:.1f} | "
            f"{r['cb50']:.1f} | {r['cb95']:.1f} | {r['raw50']:.1f} | {r['raw95']:.1f} | "
            f"{r['cb50'] / max(r['raw50'], 1e-9):.2f} | {r['cb95'] / max(r['raw95'], 1e-9):.2f} |")
    lines += ["", "Slowest calls (callback ms / raw SQL ms, address):", ""]
    lines += [f"* {r['page']}: " + "; ".join(f"{cb:.0f} / {raw:.0f} `{where}`"
                                            for cb, raw, where in r["slowest"])
              for r in rows]
    return lines


def profile_pages(paths: tuple[str, ...], top: int = 25,
                  sequential: bool = False) -> list[str]:
    """cProfile (stdlib) of each page in ``paths`` over all its states, once each, query
    cache off: the project's functions by cumulative ms per call, and each package's
    own time per call. Only the calling thread is profiled: ``gather``'s queries run in
    other threads and show here as the time waiting on a lock (``Future.result``) —
    unless ``sequential``, where ``gather`` runs its calls one after another in the
    calling thread, so that their SQLAlchemy and pandas work is in the profile (the
    wall time is then the sum of the queries, not the slowest)."""
    import cProfile

    from bench.run import bench_pages, context
    from dashboard.app import create_app
    from dashboard.auth import mode as auth_mode
    from tests.dash_client import DashClient

    auth_mode.set_mode("local")
    os.environ["EXPORT_MONITOR_CACHE_SECONDS"] = "0"
    engine.reset()
    dc = DashClient(create_app().server.test_client())
    if sequential:
        engine._pool = _InCallingThread(engine._pool)
    ctx = context()
    dc.page("/", "")
    out = []
    for spec in bench_pages():
        if spec.PATH not in paths:
            continue
        searches = spec.searches(ctx)
        dc.page(*_split(spec.PATH, searches[0]))  # once unprofiled: what a process does once
        prof = cProfile.Profile()
        started = time.perf_counter()
        for search in searches:
            where, query = _split(spec.PATH, search)
            prof.enable()
            dc.page(where, query)
            prof.disable()
        wall = (time.perf_counter() - started) * 1000 / len(searches)
        out += [f"## {spec.PATH}: {len(searches)} states, {wall:.1f} ms a call under "
                f"the profiler", "", *_profile_table(prof, len(searches), top), ""]
    return out


class _InCallingThread:
    """An executor that runs what it is given at once, in the calling thread."""

    def __init__(self, pool) -> None:
        self._max_workers = pool._max_workers

    def submit(self, fn, *args):
        from concurrent.futures import Future

        future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # as a pool's future holds it
            future.set_exception(exc)
        return future


def _profile_table(prof, calls: int, top: int) -> list[str]:
    """The project's functions by cumulative ms per page call (own ms beside), then
    each package's own time (pandas, plotly, dash, …) per call."""
    import pstats

    stats = pstats.Stats(prof).stats
    root = str(Path(__file__).resolve().parent.parent) + "/"
    mine, packages = [], {}
    for (file, line, func), (_, _, own, cum, _) in stats.items():
        if file.startswith(root) and "/.venv/" not in file:
            mine.append((cum, own, f"{file[len(root):]}:{line} {func}"))
        if "site-packages/" in file:
            package = file.split("site-packages/")[1].split("/")[0]
        elif file.startswith(root) and "/.venv/" not in file:
            package = file[len(root):].split("/")[0] + "/ (the project)"
        elif "acquire" in func and "lock" in func:
            package = "waiting for gather's threads (their SQL and DataFrames)"
        elif "duckdb" in func.lower() or "psycopg" in func.lower():
            package = "the driver (SQL run in this thread)"
        else:
            package = "stdlib and built-ins"
        packages[package] = packages.get(package, 0.0) + own
    lines = ["| function | cumulative ms per call | own ms per call |", "|---|---|---|"]
    lines += [f"| {name} | {cum * 1000 / calls:.1f} | {own * 1000 / calls:.1f} |"
              for cum, own, name in sorted(mine, reverse=True)[:top]]
    lines += ["", "| package | own ms per call |", "|---|---|"]
    lines += [f"| {name} | {own * 1000 / calls:.1f} |"
              for name, own in sorted(packages.items(), key=lambda kv: -kv[1])[:12]]
    return lines


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.replay [--repeats N] [PATH ...]`` on data/bench.duckdb, or on
    EXPORT_MONITOR_DB_URL when it is set (e.g. the 100-million-row file)."""
    import argparse

    from bench.run import bench_db

    parser = argparse.ArgumentParser(prog="python -m bench.replay")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the given pages instead of the replay")
    parser.add_argument("--sequential", action="store_true",
                        help="with --profile: gather's calls in the calling thread")
    parser.add_argument("paths", nargs="*", help="bench pages' PATHs (default: all)")
    args = parser.parse_args(argv)
    if not os.environ.get("EXPORT_MONITOR_DB_URL"):
        os.environ["EXPORT_MONITOR_DB_URL"] = bench_db()[0]
    if args.profile:
        print("\n".join(profile_pages(tuple(args.paths), sequential=args.sequential)))
        return
    print(f"{engine.settings.db_url()}; 1-minute load {os.getloadavg()[0]:.1f}")
    print("\n".join(replay_lines(measure_replay(args.repeats, tuple(args.paths)))))
    print(f"1-minute load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
