"""`make bench`, imports: the time to check and load a 1-million-row exports file.

The file is cut from the benchmark database (the latest months of data/bench.duckdb,
which has the same enterprises as the demonstration database: same seed) and written
as Russian-locale Excel writes CSV: semicolons, decimal commas. It is imported into a
copy of data/demo.duckdb in a temporary folder, through ``queries.imports.import_files``
— the same path as the command line: read, check every row, copy the database, replace
those months for those enterprises, rebuild the rollups, CHECKPOINT, swap. Neither
database in data/ is changed.

Hook into bench/run.py: ``from bench.imports import measure_import`` and
``lines.extend(import_lines(measure_import()))`` after the callback table.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd

from queries import settings
from queries.imports import dump_url, import_files

ROWS = 1_000_000


FILE_ROWS = 3_000_000  # rows per file at most (~125 MiB): an import takes files ≤ 200 MiB


def export_file(folder: Path, rows: int = ROWS) -> tuple[list[Path], str]:
    """CSVs of ``rows`` export rows from the benchmark database's latest months, whole
    months per file and at most ``FILE_ROWS`` rows in each (one file up to that):
    the files of one import, as an analyst splits a large load by month."""
    url = f"duckdb:///{settings.data_dir() / 'bench.duckdb'}"
    frames, month = [], date(int(settings.get("EXPORT_MONITOR_DEMO_END_MONTH")[:4]),
                             int(settings.get("EXPORT_MONITOR_DEMO_END_MONTH")[5:7]), 1)
    have = 0
    while have < rows:
        df = dump_url(url, "exports", (month, month))
        if df.empty:
            break
        frames.append(df)
        have += len(df)
        month = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    df = pd.concat(frames[::-1], ignore_index=True).tail(rows)
    span = f"{df['month'].min()}..{df['month'].max()}"
    paths, part, count = [], [], 0
    for _, month_rows in df.groupby("month", sort=True):
        if part and count + len(month_rows) > FILE_ROWS:
            paths.append(_write(folder, part, len(paths)))
            part, count = [], 0
        part.append(month_rows)
        count += len(month_rows)
    paths.append(_write(folder, part, len(paths)))
    return paths, span


def _write(folder: Path, parts: list[pd.DataFrame], n: int) -> Path:
    path = folder / f"exports_{n + 1:02d}.csv"
    pd.concat(parts).to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8")
    return path


def measure_import(repeats: int = 3, rows: int = ROWS) -> dict:
    """Median and worst seconds of ``repeats`` imports of the same file into fresh
    copies of the demonstration database, with the phases of the median run."""
    with tempfile.TemporaryDirectory(dir=settings.data_dir()) as tmp:
        folder = Path(tmp)
        paths, span = export_file(folder, rows)
        size_mb = sum(p.stat().st_size for p in paths) / 2**20
        runs = []
        for i in range(repeats):
            target = folder / f"target{i}.duckdb"
            shutil.copyfile(settings.data_dir() / "demo.duckdb", target)
            t0 = time.perf_counter()
            result = import_files(paths, url=f"duckdb:///{target}", loaded_by="bench")
            total = time.perf_counter() - t0
            assert result.loaded, result.report.text()
            runs.append((total, result.seconds, result.files))
            target.unlink()
    runs.sort(key=lambda r: r[0])
    median = runs[len(runs) // 2]
    return {"rows": rows, "months": span, "size_mb": size_mb,
            "median_s": statistics.median(r[0] for r in runs), "max_s": runs[-1][0],
            "phases": median[1], "files": len(paths),
            "replaced": sum(f.rows_replaced for f in median[2]), "repeats": repeats}


def measure_import_pg(base_url: str, rows: int = ROWS, repeats: int = 1) -> dict:
    """The same import into PostgreSQL: into ``<db>_import``, a copy of the bench
    database at ``base_url`` (``CREATE DATABASE … TEMPLATE``, dropped after), so that
    the bench data stay as they are. The copy has the bench's keys and indexes and
    readers could be reading it: the import writes into them, in one transaction."""
    import sqlalchemy as sa

    u = sa.engine.make_url(base_url)
    scratch = f"{u.database}_import"
    admin = sa.create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    target = u.set(database=scratch).render_as_string(hide_password=False)
    runs = []
    try:
        with tempfile.TemporaryDirectory(dir=settings.data_dir()) as tmp:
            paths, span = export_file(Path(tmp), rows)
            size_mb = sum(p.stat().st_size for p in paths) / 2**20
            for _ in range(repeats):
                with admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{scratch}"')
                    conn.exec_driver_sql(f'CREATE DATABASE "{scratch}" TEMPLATE "{u.database}"')
                t0 = time.perf_counter()
                result = import_files(paths, url=target, loaded_by="bench")
                total = time.perf_counter() - t0
                assert result.loaded, result.report.text()
                runs.append((total, result.seconds, result.files))
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.dispose()
    runs.sort(key=lambda r: r[0])
    median = runs[len(runs) // 2]
    return {"rows": rows, "months": span, "size_mb": size_mb, "target": "PostgreSQL",
            "median_s": statistics.median(r[0] for r in runs), "max_s": runs[-1][0],
            "phases": median[1], "files": len(paths),
            "replaced": sum(f.rows_replaced for f in median[2]), "repeats": repeats}


def import_lines(m: dict) -> list[str]:
    p = m["phases"]
    files = m.get("files", 1)
    what = "file" if files == 1 else f"file in {files} parts (whole months each, one import)"
    return ["", f"Import of a {m['rows']:,}-row exports {what} ({m['size_mb']:,.0f} MiB CSV, "
            f"semicolons and decimal commas, months {m['months']}) into a copy of "
            f"{'the PostgreSQL bench database' if m.get('target') else 'demo.duckdb'}: median {m['median_s']:.1f} s, max {m['max_s']:.1f} s over "
            f"{m['repeats']} runs (read {p.get('read', 0):.1f} s, check "
            f"{p.get('check', 0):.1f} s, load {p.get('load', 0):.1f} s; "
            f"{m['replaced']:,} rows replaced)."]


if __name__ == "__main__":
    import argparse
    import os

    parser = argparse.ArgumentParser(prog="python -m bench.imports")
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pg", default="", help="a PostgreSQL bench database URL: import "
                        "into a copy of it instead of demo.duckdb")
    args = parser.parse_args()
    print(f"load {os.getloadavg()[0]:.1f}")
    m = (measure_import_pg(args.pg, args.rows, args.repeats) if args.pg
         else measure_import(args.repeats, args.rows))
    print("\n".join(import_lines(m)))
    print(f"load {os.getloadavg()[0]:.1f}")
