"""`make bench-100m`: the callback bench (``bench.run.measure_callbacks``) and the raw-SQL
replay (``bench.replay``) on a 100-million-row DuckDB file, ``data/bench-100m.duckdb``,
built once (scale 167 of the demonstration generator, which then writes the export rows
in half-year chunks: ~15 min, a few GB of memory). Prints the tables and writes
``bench/results/big.md``.

``python -m bench.big --build-only`` builds the file and stops; ``--repeats N`` calls each
state N times (default 3, as ``make bench``)."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from queries import demo, engine, settings
from queries.demo.build import is_current

ROOT = Path(__file__).resolve().parent
SCALE = 167.0  # ≈ 100 million export rows


def big_db() -> tuple[str, float | None]:
    path = settings.data_dir() / "bench-100m.duckdb"
    url = f"duckdb:///{path}"
    built = None
    if not is_current(path):
        started = time.perf_counter()
        demo.build_database(url, scale=SCALE, seed=settings.get("EXPORT_MONITOR_DEMO_SEED"),
                            end_month=settings.get("EXPORT_MONITOR_DEMO_END_MONTH"))
        built = time.perf_counter() - started
    return url, built


def _export_rows() -> int:
    from sqlalchemy import func, select

    from queries.schema import exports
    return int(engine.run(select(func.count().label("n")).select_from(exports),
                          use_cache=False)["n"].iloc[0])


def _table(rows: list[dict]) -> list[str]:
    lines = ["| callback | mode | states | calls | p50 ms | p95 ms | max ms |",
             "|---|---|---|---|---|---|---|"]
    lines += [f"| {r['callback']} | {r['mode']} | {r['states']} | {r['n']} | "
              f"{r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} |" for r in rows]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.big")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    url, built = big_db()
    path = Path(url.split(":///")[1])
    print(f"{path}: {path.stat().st_size / 2**30:.1f} GiB"
          + (f", built in {built:.0f} s" if built else ""))
    if args.build_only:
        return
    os.environ["EXPORT_MONITOR_DB_URL"] = url
    engine.reset()
    from bench.replay import measure_replay, replay_lines
    from bench.run import measure_callbacks, write_results

    lines = [f"database {path.name} with {_export_rows():,} export rows; 1-minute load "
             f"{os.getloadavg()[0]:.1f} at the start", ""]
    lines += _table(measure_callbacks(repeats=args.repeats))
    lines += [f"1-minute load {os.getloadavg()[0]:.1f}", ""]
    lines += replay_lines(measure_replay(repeats=args.repeats))
    lines += [f"1-minute load {os.getloadavg()[0]:.1f} at the end"]
    write_results("big.md", lines)


if __name__ == "__main__":
    main()
