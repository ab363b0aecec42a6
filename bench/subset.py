"""Part of `make bench` by hand: ``measure_callbacks`` of bench/run.py on one database
and some of the bench pages, for finding and fixing slow states without running the
whole bench (which takes half an hour on two cores).

    .venv/bin/python -m bench.subset --db postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        --pages exports,trends --repeats 1 [--states | --states-only]

``--db`` defaults to data/bench.duckdb (built if missing, as `make bench` does);
``--states`` also prints every state's own time (cold, the slowest first).
"""

from __future__ import annotations

import argparse
import os
import time

from bench import run as bench_run
from queries import engine


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.subset")
    parser.add_argument("--db", default="", help="SQLAlchemy URL (default: the DuckDB bench)")
    parser.add_argument("--pages", default="", help="bench/pages modules, comma-separated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--states", action="store_true",
                        help="time every state once more, cold, and list the slowest")
    parser.add_argument("--states-only", action="store_true",
                        help="only that list, not the table")
    args = parser.parse_args(argv)
    url = args.db or bench_run.bench_db()[0]
    if url.startswith("postgresql"):
        bench_run.bench_pg_db(url)
    os.environ["EXPORT_MONITOR_DB_URL"] = url
    engine.reset()
    every = bench_run.bench_pages()
    wanted = {p for p in args.pages.split(",") if p}
    pages = [m for m in every if not wanted or m.__name__.rsplit(".", 1)[1] in wanted]
    bench_run.bench_pages = lambda: pages
    print(f"{url.split('@')[-1]}: {', '.join(m.PATH for m in pages)}; load "
          f"{os.getloadavg()[0]:.1f}")
    if not args.states_only:
        for line in bench_run.table_lines(bench_run.measure_callbacks(args.repeats)):
            print(line)
        print(f"load {os.getloadavg()[0]:.1f}")
    if args.states or args.states_only:
        state_times(pages)
        print(f"load {os.getloadavg()[0]:.1f}")


def state_times(pages) -> None:
    """Each state once with the query cache off, the slowest first."""
    from dashboard.app import create_app
    from dashboard.auth import mode as auth_mode
    from tests.dash_client import DashClient

    auth_mode.set_mode("local")  # as measure_callbacks does
    os.environ["EXPORT_MONITOR_CACHE_SECONDS"] = "0"
    engine.reset()
    dc = DashClient(create_app().server.test_client())
    ctx = bench_run.context()
    dc.page("/", "")
    times = []
    for spec in pages:
        for search in spec.searches(ctx):
            where, query = bench_run.split_state(spec.PATH, search)
            t0 = time.perf_counter()
            dc.page(where, query)
            times.append(((time.perf_counter() - t0) * 1000, where + query))
    for ms, state in sorted(times, reverse=True)[:40]:
        print(f"{ms:8.1f} ms  {state}")


if __name__ == "__main__":
    main()
