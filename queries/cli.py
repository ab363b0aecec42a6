"""``export-monitor``: templates, imports, the load history and the demonstration
database, from the command line (installed by ``make run`` as .venv/bin/export-monitor).

``db``, ``users`` and ``audit`` (the app store: migrations, accounts, the audit log) are
in ``queries/cli_accounts.py``.

Exit codes: 0 done; 1 the files have problems (nothing was loaded), or an account change
was refused; 2 the command could not run (bad arguments, database missing, another
import running).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from queries import settings

DESCRIPTION = """\
Load ministry and concern spreadsheets into Export Monitor.

Typical use:
  1. export-monitor template exports        write exports_template.csv and .xlsx
  2. fill in the template (one row per month, enterprise, product and region)
  3. export-monitor import exports.xlsx --dry-run    check it; nothing is loaded
  4. export-monitor import exports.xlsx              load it
  5. export-monitor loads                             see what was loaded, by whom

A file loads completely or not at all. Loading a period again replaces that period
for the enterprises in the file, and nothing else. Every problem is listed with its
file, row, column and value; fix them and import again.

The database is EXPORT_MONITOR_DB_URL (empty: data/demo.duckdb), or --url."""

KIND_HELP = ("exports, targets, stock (warehouse stock), receivables, enterprises, "
             "subjects (distribution network), or all")


def _url(args) -> str:
    return args.url or settings.db_url()


class _Bar:
    """A text progress bar on stderr (only on a terminal, and only for long steps)."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream, self.tty = stream, stream.isatty()
        self.last, self.stage = 0.0, ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "done":
            return
        now = time.monotonic()
        if stage != self.stage:
            if self.stage and self.tty:
                self.stream.write("\n")
            self.stage = stage
            if not self.tty:
                self.stream.write(f"{stage} …\n")
        elif now - self.last < 0.2 and done < total:
            return
        self.last = now
        if self.tty:
            share = done / total if total else 1.0
            filled = int(share * 30)
            self.stream.write(f"\r{stage:<40.40} [{'#' * filled}{'.' * (30 - filled)}] "
                              f"{share:4.0%}")
            self.stream.flush()

    def close(self) -> None:
        if self.tty and self.stage:
            self.stream.write("\n")


def cmd_template(args) -> int:
    from queries.imports import KINDS, write_template

    kinds = list(KINDS) if args.kind == "all" else [args.kind]
    for kind in kinds:
        for path in write_template(kind, args.out):
            print(path)
    print("Fill in the first sheet (or the rows below the header of the CSV), then: "
          "export-monitor import FILE --dry-run")
    return 0


def cmd_import(args) -> int:
    from queries.imports import ImportBusy, import_files

    bar = _Bar()
    try:
        result = import_files(args.files, url=_url(args), kind=args.kind, sheet=args.sheet,
                              dry_run=args.dry_run, loaded_by=args.by,
                              wait_seconds=args.wait, accept_outliers=args.accept_outliers,
                              progress=bar)
    except ImportBusy:
        bar.close()
        print("Another import is running on this database; try again when it has "
              "finished (or give --wait SECONDS).", file=sys.stderr)
        return 2
    bar.close()
    if not args.dry_run:
        _audit_import(args, result)
    for note in result.notes:
        print(note)
    print(result.summary())
    if not result.ok:
        print(result.report.text())
        print("Nothing was loaded." if not args.dry_run else
              "Fix these problems, then import again.")
        return 1
    print("All files are fine; nothing was loaded (--dry-run)." if args.dry_run else
          f"Loaded in {sum(result.seconds.values()):,.1f} s.")
    return 0


def _audit_import(args, result) -> None:
    """The import's audit row in the app store of its database, naming the load log's
    run (``export-monitor loads`` lists it). An audit failure is reported, not fatal:
    the data are loaded (or not) already."""
    from queries import audit
    from queries.cli_accounts import _actor

    before = os.environ.get("EXPORT_MONITOR_DB_URL")
    os.environ["EXPORT_MONITOR_DB_URL"] = _url(args)  # the store beside this database
    try:
        audit.record(_actor(), "import", target=", ".join(map(str, args.files))[:2000],
                     detail=f"run {result.run_id} {'loaded' if result.ok else 'rejected'}"
                            + (" (outliers accepted)" if args.accept_outliers else ""))
    except Exception as exc:  # noqa: BLE001
        print(f"export-monitor: the audit row could not be written ({exc})", file=sys.stderr)
    finally:
        if before is None:
            os.environ.pop("EXPORT_MONITOR_DB_URL", None)
        else:
            os.environ["EXPORT_MONITOR_DB_URL"] = before


RUN_WORDS = {
    "loaded": "loaded",
    "rejected": "rejected: a file had problems; nothing was loaded",
    "failed": "failed: {note}; nothing was loaded",
    "running": "running now",
    True: "interrupted after its commit: its data are loaded (the load log above has them)",
    False: "interrupted before its commit: nothing of it was loaded",
}


def _print_runs(runs) -> None:
    """Every import run's outcome (the run journal, queries/imports/log.py)."""
    print()
    print("Import runs, newest first:")
    print(f"{'started (UTC)':19}  {'run':10}  {'by':12}  outcome — files")
    for r in runs:
        key = r.data_in if r.outcome == "interrupted" else r.outcome
        words = RUN_WORDS.get(key, r.outcome).format(note=r.note or "an error")
        started = f"{r.started_at:%Y-%m-%d %H:%M:%S}" if r.started_at else ""
        print(f"{started:19}  {r.run_id[:10]:10}  {r.loaded_by[:12]:12}  {words} — "
              f"{', '.join(r.files)}")
        for removed in r.cleaned:
            print(f"{'':45}its unfinished copy {removed} was removed")


def cmd_loads(args) -> int:
    os.environ["EXPORT_MONITOR_DB_URL"] = _url(args)
    from queries.imports import recent_loads
    from queries.imports.log import load_notes, recent_runs

    df = recent_loads(args.limit)  # opens the database: leftovers of a killed import go
    runs = recent_runs(_url(args), args.limit)
    if df.empty:
        print("No loads yet.")
        if runs:
            _print_runs(runs)
        return 0
    notes = load_notes(_url(args), df["load_id"])
    print(f"{'loaded at (UTC)':19}  {'outcome':8}  {'kind':11}  {'period':17}  "
          f"{'added':>9}  {'replaced':>9}  {'by':12}  file / sha256")
    for r in df.itertuples():
        period = ""
        if r.period_from is not None and r.period_from == r.period_from:
            period = f"{r.period_from:%Y-%m}–{r.period_to:%Y-%m}"
        sha = r.sha256[:12] if isinstance(r.sha256, str) else ""
        print(f"{r.loaded_at:%Y-%m-%d %H:%M:%S}  {r.outcome:8}  {r.kind:11}  {period:17}  "
              f"{r.rows_added:>9,}  {r.rows_replaced:>9,}  {r.loaded_by[:12]:12}  "
              f"{r.source} {sha}")
        if r.load_id in notes:  # e.g. "outliers accepted: MAZ (…) 2026-09 ×1/932"
            print(f"{'':21}note: {notes[r.load_id]}")
    if runs:
        _print_runs(runs)
    return 0


def cmd_demo(args) -> int:
    from queries.demo import build_database
    from queries.imports.load import ImportBusy, import_lock

    url = _url(args)
    started = time.perf_counter()
    try:
        with import_lock(url, args.wait):  # never rebuild under a running import
            counts = build_database(url, args.scale, args.seed)
    except ImportBusy:
        print("An import is running on this database; try again later.", file=sys.stderr)
        return 2
    print(f"built {url} in {time.perf_counter() - started:,.1f} s: "
          f"{counts.get('exports', 0):,} export rows")
    return 0


def cmd_init(args) -> int:
    from queries.imports import create_empty_database

    url = _url(args)
    if url.startswith("duckdb:") and not args.force:
        path = Path(url.split(":///", 1)[-1])
        if path.exists():
            print(f"{path} exists; give --force to replace it with an empty database.",
                  file=sys.stderr)
            return 2
    counts = create_empty_database(url)
    print(f"created an empty database at {url}: "
          + ", ".join(f"{n} {t}" for t, n in counts.items()))
    return 0


def cmd_export(args) -> int:
    from queries.imports import dump_url, write_rows

    df = dump_url(_url(args), args.kind)
    write_rows(args.kind, df, args.file)
    print(f"{len(df):,} rows written to {args.file}")
    return 0


def parser() -> argparse.ArgumentParser:
    from queries.imports import KINDS

    p = argparse.ArgumentParser(prog="export-monitor", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    url_help = "database URL (default: EXPORT_MONITOR_DB_URL, else data/demo.duckdb)"

    t = sub.add_parser("template", help="write the CSV and Excel template for a kind of data",
                       description="Write KIND_template.csv and KIND_template.xlsx: the "
                       "header, one example row and what every column means.")
    t.add_argument("kind", choices=[*KINDS, "all"], metavar="KIND", help=KIND_HELP)
    t.add_argument("--out", default=".", help="folder to write to (default: here)")
    t.set_defaults(run=cmd_template)

    i = sub.add_parser("import", help="check files and load them (all or nothing)",
                       description="Check every row of the files and load them in one "
                       "transaction. With any problem nothing is loaded and every problem "
                       "is listed (exit code 1).")
    i.add_argument("files", nargs="+", metavar="FILE", help=".csv or .xlsx files")
    i.add_argument("--dry-run", action="store_true", help="only check; load nothing")
    i.add_argument("--accept-outliers", action="store_true",
                   help="load although an enterprise's monthly total is more than 10 times "
                   "(or under a tenth of) last year's or last month's (the unit check); "
                   "the load log records it")
    i.add_argument("--kind", choices=list(KINDS), help="the template the files follow "
                   "(default: recognised from the header)")
    i.add_argument("--sheet", help="Excel sheet to read (default: the one named after the "
                   "kind, else the first)")
    i.add_argument("--by", help="who loads, for the load log (default: your login name)")
    i.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="wait this long for another import to finish")
    i.add_argument("--url", help=url_help)
    i.set_defaults(run=cmd_import)

    lo = sub.add_parser("loads", help="list past loads and how every import run ended",
                        description="The load log (one line per file: loaded or rejected, "
                        "rows, period, who), then every import run with its outcome: "
                        "loaded, rejected, failed, running, or interrupted (killed) — and "
                        "then whether its data are in. Leftovers of an interrupted import "
                        "are removed and listed.")
    lo.add_argument("--limit", type=int, default=20)
    lo.add_argument("--url", help=url_help)
    lo.set_defaults(run=cmd_loads)

    d = sub.add_parser("demo", help="(re)build the demonstration database",
                       description="Replace the database with generated demonstration data.")
    d.add_argument("--scale", type=float, default=settings.get("EXPORT_MONITOR_DEMO_SCALE"),
                   help="1.0 ≈ 600,000 export rows, 16 ≈ 10 million")
    d.add_argument("--seed", type=int, default=settings.get("EXPORT_MONITOR_DEMO_SEED"))
    d.add_argument("--wait", type=float, default=0.0, metavar="SECONDS")
    d.add_argument("--url", help=url_help)
    d.set_defaults(run=cmd_demo)

    n = sub.add_parser("init", help="create an empty database (reference lists only)",
                       description="Create the tables and load the reference lists "
                       "(concerns, oblasts, HS, Russian regions); no enterprises or figures.")
    n.add_argument("--force", action="store_true", help="replace an existing file")
    n.add_argument("--url", help=url_help)
    n.set_defaults(run=cmd_init)

    e = sub.add_parser("export", help="write the database's data in a template's layout",
                       description="Write all rows of a kind, in its template's columns, to "
                       "a .csv or .xlsx file (to correct and import again).")
    e.add_argument("kind", choices=list(KINDS), metavar="KIND", help=KIND_HELP)
    e.add_argument("file", help="output .csv or .xlsx")
    e.add_argument("--url", help=url_help)
    e.set_defaults(run=cmd_export)

    from queries.cli_accounts import add_parsers  # db, users, audit
    add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except Exception as exc:  # never a stack trace for an analyst
        if os.environ.get("EXPORT_MONITOR_LOG_LEVEL", "").upper() == "DEBUG":
            raise
        print(f"export-monitor {args.command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
