"""The load log and the run journal, for the command line and the Import page.

``load_log`` (in the database, written in the load's own transaction) says what each
file did: loaded or rejected, rows, period, who. It cannot say what happened to a run
that was killed — a killed run writes nothing. So every import that may write (not a
dry run) also keeps a **run journal**, written outside the load's transaction:

* at the start, under the import lock: the run is ``running`` (its id, files, who,
  host and process);
* at the end: ``loaded``, ``rejected`` (a file had problems; nothing loaded) or
  ``failed`` (an error stopped it; nothing loaded; the reason is kept).

A run still ``running`` while no import holds the lock was killed: ``recent_runs``
shows it as ``interrupted``, and says whether its data are in — its files' load_log
rows carry the run id (``load_id_of``), and they are there exactly when its
transaction committed. Where the journal lives: next to the DuckDB file as
``<db>.runs.jsonl`` (the database itself is read-only to everyone but a load's copy);
on PostgreSQL the table ``import_run`` (created by the first import), whose ``loaded``
is written in the load's own transaction. The journal also records when leftovers of
an interrupted import were removed.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import select

from queries.engine import run
from queries.schema import load_log

from .load import backend_of, duckdb_path, import_running, read_with

log = logging.getLogger(__name__)

RUN_ID_LENGTH = 24  # + 8 hex digits of the file's number = load_log.load_id (32)
OUTCOMES = ("running", "loaded", "rejected", "failed", "interrupted")

_journal_meta = sa.MetaData()
import_run = sa.Table(  # PostgreSQL only; not part of the data schema
    "import_run", _journal_meta,
    sa.Column("run_id", sa.String(RUN_ID_LENGTH), primary_key=True),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime, nullable=True),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("loaded_by", sa.String(100), nullable=False),
    sa.Column("files", sa.String(2000), nullable=False),
    sa.Column("host", sa.String(100), nullable=True),
    sa.Column("pid", sa.Integer, nullable=True),
    sa.Column("note", sa.String(1000), nullable=True),
)


def recent_loads(limit: int = 20) -> pd.DataFrame:
    """The latest loads, newest first, through the app's query choke point.

    Columns: load_id, loaded_at (UTC), kind, source (file name), sha256, period_from,
    period_to, rows_added, rows_replaced (rows the load deleted and wrote anew),
    loaded_by, outcome (loaded or rejected).
    """
    limit = max(1, min(int(limit), 1000))
    stmt = select(load_log).order_by(load_log.c.loaded_at.desc(),
                                     load_log.c.load_id).limit(limit)
    return run(stmt, name="recent_loads")


def load_notes(url: str, load_ids) -> dict[str, str]:
    """load_id → the load's note (what the steward accepted: ``--accept-outliers`` or
    "Load anyway"), for those of ``load_ids`` that have one."""
    from .outliers import accepted_notes

    ids = [str(i) for i in load_ids]
    return read_with(url, lambda conn: accepted_notes(conn, ids)) if ids else {}


# -- the run journal ------------------------------------------------------------------------
def new_run_id() -> str:
    return uuid.uuid4().hex[:RUN_ID_LENGTH]


def load_id_of(run_id: str, number: int) -> str:
    return f"{run_id}{number:08x}"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _journal_path(url: str) -> Path:
    path = duckdb_path(url)
    return path.with_name(path.name + ".runs.jsonl")


def _append(url: str, entry: dict) -> None:
    """One JSON line, flushed to disk before the import goes on."""
    line = json.dumps({**entry, "at": _now().isoformat()}, ensure_ascii=False) + "\n"
    with open(_journal_path(url), "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def _pg(url: str, fn):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            return fn(conn)
    finally:
        engine.dispose()


def start_run(url: str, files: list[str], loaded_by: str) -> str:
    """Record a run as ``running``; call it holding the import lock. Returns its id."""
    run_id = new_run_id()
    entry = {"run": run_id, "event": "start", "by": loaded_by[:100],
             "files": [str(f) for f in files], "host": socket.gethostname()[:100],
             "pid": os.getpid()}
    if backend_of(url) == "duckdb":
        _append(url, entry)
        return run_id

    def insert(conn):
        _journal_meta.create_all(conn, checkfirst=True)
        conn.execute(import_run.insert().values(
            run_id=run_id, started_at=_now(), outcome="running", loaded_by=entry["by"],
            files=json.dumps(entry["files"], ensure_ascii=False)[:2000],
            host=entry["host"], pid=entry["pid"]))
    _pg(url, insert)
    return run_id


def finish_run(url: str, run_id: str, outcome: str, note: str = "",
               conn: sa.Connection | None = None) -> None:
    """Record how a run ended. On PostgreSQL ``conn`` is the load's own transaction, so
    that ``loaded`` commits together with the data."""
    if backend_of(url) == "duckdb":
        _append(url, {"run": run_id, "event": "end", "outcome": outcome, "note": note[:1000]})
        return
    stmt = import_run.update().where(import_run.c.run_id == run_id).values(
        outcome=outcome, finished_at=_now(), note=note[:1000] or None)
    if conn is not None:
        conn.execute(stmt)
    else:
        _pg(url, lambda c: c.execute(stmt))


def note_cleaned(url: str, removed: list[str]) -> None:
    """Record that leftovers of an interrupted import were removed (DuckDB only)."""
    try:
        _append(url, {"event": "cleaned", "removed": removed})
    except OSError as exc:  # a read-only data folder: the log line has said it already
        log.warning("could not record the clean-up in the run journal: %s", exc)


@dataclass
class Run:
    run_id: str
    started_at: datetime | None
    outcome: str                 # one of OUTCOMES
    loaded_by: str = ""
    files: list[str] = field(default_factory=list)
    finished_at: datetime | None = None
    note: str = ""
    data_in: bool | None = None  # for an interrupted run: did its transaction commit?
    cleaned: list[str] = field(default_factory=list)  # leftovers removed after it


def _read_journal(url: str) -> list[Run]:
    path = _journal_path(url)
    if not path.exists():
        return []
    runs: dict[str, Run] = {}
    last: Run | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
            at = datetime.fromisoformat(entry["at"])
        except (ValueError, KeyError):  # a line cut short by a kill
            continue
        if entry.get("event") == "start":
            last = runs[entry["run"]] = Run(entry["run"], at, "running", entry.get("by", ""),
                                            list(entry.get("files", [])))
        elif entry.get("event") == "end" and entry.get("run") in runs:
            r = runs[entry["run"]]
            r.outcome, r.finished_at, r.note = entry["outcome"], at, entry.get("note", "")
        elif entry.get("event") == "cleaned":
            if last is not None and last.outcome == "running":
                last.cleaned += entry.get("removed", [])
    return list(runs.values())


def _read_table(url: str, limit: int) -> list[Run]:
    def fetch(conn):
        if not sa.inspect(conn).has_table("import_run"):
            return []
        return conn.execute(select(import_run).order_by(import_run.c.started_at.desc())
                            .limit(limit)).mappings().all()
    out = []
    for r in read_with(url, fetch):
        try:
            files = json.loads(r["files"])
        except ValueError:
            files = [r["files"]]
        out.append(Run(r["run_id"], r["started_at"], r["outcome"], r["loaded_by"], files,
                       r["finished_at"], r["note"] or ""))
    return out


def recent_runs(url: str, limit: int = 20) -> list[Run]:
    """The latest runs, newest first; a ``running`` run that no import is running any
    more is ``interrupted``, with ``data_in`` from the load log."""
    runs = _read_journal(url) if backend_of(url) == "duckdb" else _read_table(url, limit)
    runs = sorted(runs, key=lambda r: r.started_at or datetime.min, reverse=True)[:limit]
    open_runs = [r for r in runs if r.outcome == "running"]
    if open_runs and import_running(url):
        open_runs = open_runs[1:]  # the newest is the one running; older ones died
    if open_runs:
        ids = [r.run_id for r in open_runs]

        def committed(conn):
            prefix = sa.func.substr(load_log.c.load_id, 1, RUN_ID_LENGTH)
            return {row[0] for row in conn.execute(
                select(prefix).where(prefix.in_(ids)).distinct())}
        done = read_with(url, committed)
        for r in open_runs:
            r.outcome, r.data_in = "interrupted", r.run_id in done
    return runs
