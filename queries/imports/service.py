"""An import from start to end: read the files, check them against the database, and
load them all or log why not. The command line and the Import page both call
``import_files``."""

from __future__ import annotations

import getpass
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from queries import settings

from .kinds import LOAD_ORDER
from .load import (
    import_lock,
    log_row,
    pause_point,
    read_with,
    remove_leftovers,
    write_log,
    write_prepared,
    write_with,
)
from .log import finish_run, load_id_of, start_run
from .lookups import read_lookups
from .outliers import accepted_note, find_outliers, record_accepted, report_outliers
from .readers import Progress, RawTable, read_file
from .report import Report
from .topics import TOPIC_KINDS
from .validate import Prepared, validate

log = logging.getLogger(__name__)


@dataclass
class FileResult:
    file: str
    kind: str | None
    sha256: str | None
    outcome: str                  # checked (dry run), loaded or rejected
    description: str = ""
    rows_added: int = 0
    rows_replaced: int = 0
    period_from: date | None = None
    period_to: date | None = None


@dataclass
class ImportResult:
    report: Report
    files: list[FileResult] = field(default_factory=list)
    dry_run: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # read, check, load
    run_id: str = ""              # in the run journal (log.py); empty for a dry run
    notes: list[str] = field(default_factory=list)  # e.g. leftovers of a killed import

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def loaded(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        lines = []
        for f in self.files:
            line = f"{f.file}: {f.outcome}"
            if f.description:
                line += f" — {f.description}"
            if f.outcome == "loaded":
                line += f"; {f.rows_added:,} rows written, {f.rows_replaced:,} replaced"
            lines.append(line)
        lines += self.report.note_lines()  # columns ignored: never without a word
        return "\n".join(lines)


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def import_files(paths: Sequence[str | Path], *, url: str | None = None,
                 kind: str | None = None, sheet: str | None = None,
                 names: Sequence[str] | None = None, dry_run: bool = False,
                 loaded_by: str | None = None, today: date | None = None,
                 wait_seconds: float = 0.0, accept_outliers: bool = False,
                 progress: Progress | None = None) -> ImportResult:
    """Check ``paths`` and, unless ``dry_run``, load them in one transaction — or, if
    any file has a problem, load none and log each as rejected. ``names``: how the files
    are called in reports and the log (default: their file names).
    ``accept_outliers``: load although the unit check (``outliers.py``) warns; the load
    log's note records what was accepted. Raises
    ``load.ImportBusy`` when another import holds the lock beyond ``wait_seconds``."""
    url = url or settings.db_url()
    loaded_by = loaded_by or default_user()
    report = Report()
    result = ImportResult(report, dry_run=dry_run)
    t0 = time.perf_counter()
    names = list(names) if names else [Path(p).name for p in paths]
    for i, name in enumerate(names):  # two files of one name stay apart in the report
        if name in names[:i]:
            names[i] = f"{name} ({i + 1})"
    tables: list[tuple[str, RawTable | None]] = []
    for path, name in zip(paths, names):
        tables.append((name, read_file(path, report, kind=kind, sheet=sheet, name=name,
                                       progress=progress)))
    t1 = time.perf_counter()
    result.seconds["read"] = t1 - t0

    lock = import_lock(url, wait_seconds) if not dry_run else _no_lock()
    with lock:
        if dry_run:
            return _check_and_load(result, url, tables, dry_run, loaded_by, today, progress, t1,
                                   accept_outliers)
        for removed in remove_leftovers(url):
            result.notes.append(f"Removed {removed}, left by an interrupted import.")
        result.run_id = start_run(url, names, loaded_by)
        try:
            _check_and_load(result, url, tables, dry_run, loaded_by, today, progress, t1,
                            accept_outliers)
        except BaseException as exc:  # recorded, then raised as before
            try:
                finish_run(url, result.run_id, "failed", f"{type(exc).__name__}: {exc}")
            except Exception as journal_exc:
                log.warning("could not record the failed run: %s", journal_exc)
            raise
        pause_point("done")
        finish_run(url, result.run_id, "loaded" if result.ok else "rejected")
    if progress:
        progress("done", 1, 1)
    return result


def _check_and_load(result: ImportResult, url: str, tables, dry_run: bool, loaded_by: str,
                    today, progress, t1: float, accept_outliers: bool = False) -> ImportResult:
    """Validate every file and, unless ``dry_run``, load them all (or log why not).
    Called holding the import lock."""
    report = result.report
    lookups = read_with(url, lambda conn: read_lookups(conn, today))
    preps: dict[str, Prepared] = {}
    readable = [(n, t) for n, t in tables if t is not None]
    for name, table in sorted(readable, key=lambda nt: LOAD_ORDER.index(nt[1].kind)):
        if progress:
            progress(f"checking {name}", 0, 1)
        prep = validate(table, lookups, report)
        if prep is None or name in report.files:  # a problem found while reading it
            continue
        preps[name] = prep
        # later files of the same import may refer to these
        if prep.kind == "enterprises":
            lookups.add_enterprises(prep.frames["enterprise"])
        elif prep.kind == "subjects":
            lookups.add_subjects(prep.frames["dist_subject"])
        elif prep.kind in TOPIC_KINDS and TOPIC_KINDS[prep.kind].remember is not None:
            TOPIC_KINDS[prep.kind].remember(lookups, prep)
    names = dict(zip(lookups.enterprises["enterprise_id"].astype(int),
                     lookups.enterprises["name_en"]))
    outliers = read_with(url, lambda conn: find_outliers(conn, list(preps.values()))) \
        if preps else []
    if outliers and not accept_outliers:
        report_outliers(report, outliers, names)
    t2 = time.perf_counter()
    result.seconds["check"] = t2 - t1
    by_name = dict(tables)
    for name, _ in tables:
        table, prep = by_name[name], preps.get(name)
        result.files.append(FileResult(
            name, table.kind if table else None, table.sha256 if table else None,
            "checked" if dry_run else "rejected",
            prep.describe() if prep else "",
            period_from=prep.period_from if prep else None,
            period_to=prep.period_to if prep else None))
    if dry_run:
        return result
    pause_point("checked")
    if report.ok:
        ordered = [preps[f.file] for f in result.files]
        if progress:
            progress("loading", 0, 1)

        def load(conn, backend):
            written = write_prepared(conn, backend, ordered)
            rows = []
            for n, (f, p, w) in enumerate(zip(result.files, ordered, written)):
                f.outcome, f.rows_added, f.rows_replaced = "loaded", w.rows_added, \
                    w.rows_replaced
                rows.append(log_row(p.kind, f.file, p.sha256, "loaded", loaded_by, w,
                                    (p.period_from, p.period_to),
                                    load_id_of(result.run_id, n)))
            write_log(conn, rows)
            if outliers:  # confirmed by the steward: the log says what was accepted
                record_accepted(conn, [r["load_id"] for r in rows],
                                accepted_note(outliers, names))
            if backend != "duckdb":  # the outcome commits with the data
                finish_run(url, result.run_id, "loaded", conn=conn)
            pause_point("written")

        write_with(url, load)
    else:
        # a file without problems of its own is named as held back by the others (never
        # in a one-file import, whose problems are all its own)
        for f in result.files:
            if f.file in preps and f.file not in report.files and report.files:
                report.add(f.file, "batch_rejected")
        rows = [log_row(f.kind or "unknown", f.file, f.sha256, "rejected", loaded_by,
                        None, (f.period_from, f.period_to), load_id_of(result.run_id, n))
                for n, f in enumerate(result.files)]
        write_with(url, lambda conn, backend: write_log(conn, rows))
    result.seconds["load"] = time.perf_counter() - t2
    return result


class _no_lock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
