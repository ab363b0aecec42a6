"""Writing checked files to the database: all of them or nothing.

One import (one or more files) is one transaction. Loading a period again replaces
exactly that period for the enterprises in the file: the rows of those months and
enterprises are deleted, then the file's rows inserted — so loading the same file
twice changes nothing the second time (the log then shows rows_replaced =
rows_added). Enterprises and subjects are upserts (matched by УНП / name); targets
replace the years × concerns (or oblasts) in the file. The rollups of
``queries.rollups`` are rebuilt in the same transaction: for the months loaded after
an exports load, in full where a load changes what a rollup keeps for every month (an
enterprise moved to another concern or oblast; the stocked cells after a stock load or
a subject moved to another region).

Embedded DuckDB: the file has one writer, and the web workers hold it open
read-only. So an import takes an exclusive lock file (``<db>.import.lock``, fcntl),
copies the database to ``<db>.loading``, loads into the copy, CHECKPOINTs, and
``os.replace``s it over the original — an atomic swap. Readers keep the old file
until they notice the new inode (``queries.engine``); a failure leaves the original
untouched. PostgreSQL: one transaction, serialised by an advisory lock.

Compaction: DuckDB never gives the blocks of deleted rows back to the file system, and
a copy carries them along, so repeated reloads of the same months let the file grow
(196 → 372 MB was seen). After the load, when more than ``COMPACT_FREE_SHARE`` of the
copy's blocks are free, the copy is rewritten into a fresh file (``ATTACH`` + ``COPY
FROM DATABASE``, into ``<db>.compact``) and that one is swapped in. Rewriting costs far
more than copying (README, Data), so it runs only when the file has grown loose.

Interrupted imports: a killed import leaves ``<db>.loading`` (and ``.wal``, or
``<db>.compact``) behind, never a changed database. ``clean_leftovers`` removes them
— when no import holds the lock — at the next start of the app or the command line
(``queries.engine`` opens the file) and at the next import, and says so in the log and
in the import's output.

Test hook: ``pause_point(step)`` stops an import at one named step when
EXPORT_MONITOR_TEST_PAUSE_AT says so (tests/test_import_kill.py kills it there). Steps,
in order: ``checked`` (lock held, nothing written), ``copied`` (DuckDB: the copy made),
``half_written`` (the first file's rows written, not yet the rest or the rollups),
``written`` (all rows and the log written, not committed), ``committed`` (DuckDB: the copy
committed, not swapped in; PostgreSQL: committed), ``done`` (the data visible; the run's
outcome not yet recorded, "Loaded" not yet printed).

Statements here are writes on the loader's own connection, not ``engine.run`` (which
is read-only and cached); they are SQLAlchemy Core with bound values, except the bulk
row transfer (DuckDB reads a registered DataFrame; PostgreSQL ``COPY``, for large loads
through a checked temporary table: ``_insert_checked``) and the rollup SQL of
``queries.rollups``, whose names all come from the schema.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import bindparam, func, select, text
from sqlalchemy.pool import NullPool

from queries import schema, settings
from queries.pg_copy import copy_frame
from queries.rollups import ROLLUPS, STOCK_CELLS, rollup_sql

from .kinds import LOAD_ORDER
from .topics import TOPIC_KINDS
from .validate import Prepared

log = logging.getLogger(__name__)

_PG_LOCK_KEY = 0x45584D4F4E  # "EXMON": serialises imports on one PostgreSQL database
_COPY_ROWS = 200_000
COMPACT_FREE_SHARE = 0.25  # rewrite the copy when this share of its blocks is free
_COMPACT_MIN_BLOCKS = 64   # 16 MiB: small files are not worth it
LEFTOVER_SUFFIXES = (".loading", ".loading.wal", ".compact", ".compact.wal")
PAUSE_STEPS = ("checked", "copied", "half_written", "written", "committed", "done")


class ImportBusy(RuntimeError):
    """Another import holds the lock."""


@dataclass
class Written:
    rows_added: int
    rows_replaced: int


# -- where to write ------------------------------------------------------------------------
def backend_of(url: str) -> str:
    return sa.engine.make_url(url).get_backend_name()


def duckdb_path(url: str) -> Path:
    db = sa.engine.make_url(url).database
    if not db or db == ":memory:":
        raise ValueError("an import needs a database file or a PostgreSQL server")
    return Path(db)


@contextlib.contextmanager
def import_lock(url: str, wait_seconds: float = 0.0):
    """Only one import (or demo rebuild) at a time. DuckDB: an fcntl lock file next to
    the database; PostgreSQL: a session advisory lock."""
    if backend_of(url) == "duckdb":
        path = duckdb_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_name(path.name + ".import.lock"), "w") as fh:
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise ImportBusy("another import is running") from None
                    time.sleep(0.2)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
        return
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            deadline = time.monotonic() + wait_seconds
            while not conn.execute(select(func.pg_try_advisory_lock(_PG_LOCK_KEY))).scalar():
                if time.monotonic() >= deadline:
                    raise ImportBusy("another import is running")
                time.sleep(0.2)
            conn.commit()
            try:
                yield
            finally:
                conn.execute(select(func.pg_advisory_unlock(_PG_LOCK_KEY)))
                conn.commit()
    finally:
        engine.dispose()


def import_running(url: str) -> bool:
    """Whether an import holds the lock right now (taken and released at once if not)."""
    try:
        with import_lock(url):
            return False
    except ImportBusy:
        return True


def pause_point(step: str) -> None:
    """Tests only: stop here, saying so on stderr, until killed (see the docstring)."""
    if settings.get("EXPORT_MONITOR_TEST_PAUSE_AT") != step:
        return
    sys.stderr.write(f"paused at {step}\n")
    sys.stderr.flush()
    while True:
        time.sleep(60)


# -- what an interrupted import leaves behind ------------------------------------------------
def leftovers_of(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in LEFTOVER_SUFFIXES]


def remove_leftovers(url: str) -> list[str]:
    """Remove the unfinished copies a killed import left next to a DuckDB file. Call it
    holding ``import_lock``. Returns what was removed, in words ("<file> (203 MiB)")."""
    if backend_of(url) != "duckdb":
        return []
    removed = []
    for leftover in leftovers_of(duckdb_path(url)):
        try:
            size = leftover.stat().st_size
        except FileNotFoundError:
            continue
        leftover.unlink(missing_ok=True)
        removed.append(f"{leftover} ({size / 2**20:,.0f} MiB)")
    if removed:
        log.warning("removed %s, left by an interrupted import", ", ".join(removed))
        from .log import note_cleaned  # the run journal records it for `loads`

        note_cleaned(url, removed)
    return removed


def clean_leftovers(path: str | Path) -> list[str]:
    """At start (the engine opens the file): ``remove_leftovers`` unless an import is
    running (its copy is no leftover then)."""
    path = Path(path)
    if not any(p.exists() for p in leftovers_of(path)):
        return []
    url = f"duckdb:///{path}"
    try:
        with import_lock(url):
            return remove_leftovers(url)
    except ImportBusy:
        return []


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _compacted(loading: Path) -> Path:
    """``loading`` itself, or — when much of it is free blocks — a fresh, compact copy
    of it (``<db>.compact``). See the module docstring."""
    import duckdb

    con = duckdb.connect(str(loading), read_only=True)
    try:
        total, free = con.execute(
            "SELECT total_blocks, free_blocks FROM pragma_database_size()").fetchone()
    finally:
        con.close()
    if total < _COMPACT_MIN_BLOCKS or free < COMPACT_FREE_SHARE * total:
        return loading
    compact = loading.with_name(loading.name.removesuffix(".loading") + ".compact")
    for leftover in (compact, Path(str(compact) + ".wal")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(str(compact))
    try:
        target = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"ATTACH {_sql_text(str(loading))} AS em_loading (READ_ONLY)")
        con.execute(f'COPY FROM DATABASE em_loading TO "{target}"')
        con.execute("DETACH em_loading")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    shutil.copymode(loading, compact)
    log.info("compacted the database: %d of %d blocks were free; %.0f → %.0f MiB in %.1f s",
             free, total, loading.stat().st_size / 2**20, compact.stat().st_size / 2**20,
             time.perf_counter() - started)
    return compact


def read_with(url: str, fn: Callable[[sa.Connection], object]):
    """``fn(conn)`` on a short-lived read-only connection (closed before any swap)."""
    if backend_of(url) == "duckdb":
        engine = sa.create_engine(url, poolclass=NullPool,
                                  connect_args={"read_only": True})
    else:
        engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return fn(conn)
    finally:
        engine.dispose()


def write_with(url: str, fn: Callable[[sa.Connection, str], object]):
    """``fn(conn, backend)`` in one transaction; for DuckDB on a copy swapped in after
    commit. Call it holding ``import_lock``."""
    backend = backend_of(url)
    if backend != "duckdb":
        engine = sa.create_engine(url, poolclass=NullPool)
        try:
            with engine.begin() as conn:
                result = fn(conn, backend)
            pause_point("committed")
            _vacuum(engine)
            return result
        finally:
            engine.dispose()
    path = duckdb_path(url)
    loading = path.with_name(path.name + ".loading")
    wal = Path(str(path) + ".wal")
    leftovers = leftovers_of(path)
    for leftover in leftovers:  # remove_leftovers has said so already, if any
        leftover.unlink(missing_ok=True)
    try:
        shutil.copyfile(path, loading)
        if wal.exists():  # changes not yet checkpointed belong to the copy too
            shutil.copyfile(wal, str(loading) + ".wal")
        shutil.copymode(path, loading)
        pause_point("copied")
        engine = sa.create_engine(f"duckdb:///{loading}", poolclass=NullPool)
        try:
            with engine.connect() as conn:
                result = fn(conn, backend)
                conn.commit()
            with engine.connect() as conn:
                conn.exec_driver_sql("CHECKPOINT")
        finally:
            engine.dispose()
        ready = _compacted(loading)
        pause_point("committed")
        os.replace(ready, path)  # the atomic swap: readers see the old or the new file
        return result
    finally:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)


def _vacuum(engine: sa.Engine) -> None:
    """PostgreSQL, after the commit: VACUUM, so that the pages the load wrote are marked
    all-visible again. The page queries read the indexes alone (index-only scans,
    queries/demo/build.py PG_INDEXES) only on such pages; a freshly built database has
    them all, and a loaded one should answer with the same plans. It skips the pages
    that are marked already; a failure here changes no data and is only logged."""
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
    except Exception as exc:  # noqa: BLE001 - the load has committed
        log.warning("VACUUM after the load failed: %s", exc)


# -- writing -------------------------------------------------------------------------------
def _insert(conn: sa.Connection, backend: str, table: sa.Table, df: pd.DataFrame) -> None:
    if df.empty:
        return
    cols = [c.name for c in table.columns]
    df = df[cols]
    raw = conn.connection.driver_connection
    if backend == "duckdb":
        raw.register("_import_rows", df)
        try:
            names = ", ".join(cols)
            raw.execute(f"INSERT INTO {table.name} ({names}) SELECT {names} FROM _import_rows")
        finally:
            raw.unregister("_import_rows")
        return
    if len(df) >= PG_CHECKED_ROWS and table.foreign_keys and _can_skip_triggers(raw):
        _insert_checked(raw, table, df, cols)
        return
    with raw.cursor() as cur:
        _copy(cur, table.name, df, cols)


def _copy(cur, name: str, df: pd.DataFrame, cols: list[str]) -> None:
    copy_frame(cur, name, df, cols, chunk_rows=_COPY_ROWS)


# PostgreSQL, large loads (README "PostgreSQL at 10M rows"): a foreign key checks every
# inserted row on its own (a trigger per row and key), more than half the time of
# writing a million export rows (33 s, 14.5 s without). From this many rows the rows go
# to a temporary table first, each foreign key is checked once for all of them (an
# anti-join, with the referenced rows locked FOR KEY SHARE as the per-row check would
# lock them, so that none can be deleted before the commit), and they are inserted with
# the per-row triggers off (session_replication_role = replica, for this transaction
# only). Primary keys, checks and indexes work as always, readers keep reading, and it
# stays one transaction. A role that may not set session_replication_role (it needs a
# superuser, or on PostgreSQL 15 a GRANT SET ON PARAMETER) takes the ordinary COPY.
PG_CHECKED_ROWS = 100_000


class KeyViolation(RuntimeError):
    """Rows refer to keys the database does not have (the checked load's foreign keys)."""


def _can_skip_triggers(raw) -> bool:
    with raw.cursor() as cur:
        cur.execute("SAVEPOINT em_replica_role")
        try:
            cur.execute("SET LOCAL session_replication_role = replica")
        except Exception:  # not allowed for this role: the per-row checks, then
            cur.execute("ROLLBACK TO SAVEPOINT em_replica_role")
            return False
        cur.execute("RELEASE SAVEPOINT em_replica_role")
        cur.execute("SET LOCAL session_replication_role = DEFAULT")
        return True


def _insert_checked(raw, table: sa.Table, df: pd.DataFrame, cols: list[str]) -> None:
    stage = f"em_stage_{table.name}"  # names from the schema, never from input
    names = ", ".join(cols)
    with raw.cursor() as cur:
        cur.execute(f"CREATE TEMPORARY TABLE {stage} (LIKE {table.name}) ON COMMIT DROP")
        _copy(cur, stage, df, cols)
        for fk in sorted(table.foreign_keys, key=lambda k: k.parent.name):
            col, ref = fk.parent.name, fk.column
            cur.execute(f"SELECT 1 FROM {ref.table.name} r WHERE r.{ref.name} IN "
                        f"(SELECT DISTINCT {col} FROM {stage}) FOR KEY SHARE OF r")
            cur.execute(f"SELECT COUNT(*), MIN(s.{col}::text) FROM {stage} s WHERE NOT EXISTS "
                        f"(SELECT 1 FROM {ref.table.name} r WHERE r.{ref.name} = s.{col})")
            missing, example = cur.fetchone()
            if missing:
                raise KeyViolation(f"{missing:,} rows of {table.name} have a {col} that "
                                   f"{ref.table.name} does not have (e.g. {example})")
        cur.execute("SET LOCAL session_replication_role = replica")
        # (a failure here aborts the transaction, which ends the setting with it)
        cur.execute(f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {stage}")
        cur.execute("SET LOCAL session_replication_role = DEFAULT")
        cur.execute(f"DROP TABLE {stage}")


def _delete(conn: sa.Connection, table: sa.Table, *conds) -> int:
    n = conn.execute(select(func.count()).select_from(table).where(*conds)).scalar_one()
    if n:
        conn.execute(table.delete().where(*conds))
    return int(n)


def _replace_period(conn, backend, table, p: Prepared, frame: pd.DataFrame) -> Written:
    replaced = _delete(conn, table, table.c.month.in_(p.months),
                       table.c.enterprise_id.in_(p.enterprise_ids))
    _insert(conn, backend, table, frame)
    return Written(len(frame), replaced)


def _referencing(table: sa.Table) -> list[tuple[sa.Table, str]]:
    return [(t, fk.parent.name) for t in schema.metadata.sorted_tables
            for fk in t.foreign_keys if fk.column.table is table]


def _upsert(conn, backend, table: sa.Table, key: str, frame: pd.DataFrame,
            watch: tuple[str, ...] = ()) -> tuple[Written, bool]:
    """Update the rows whose ``key`` exists, insert the others. Returns whether any of
    the ``watch`` columns changed on an existing row."""
    ids = [int(i) for i in frame[key]]
    old = pd.DataFrame(conn.execute(select(table).where(table.c[key].in_(ids))).all(),
                       columns=[c.name for c in table.columns])
    exists = frame[key].isin(old[key])
    # DuckDB updates an indexed column (key, unique, foreign key) as delete + insert,
    # which the fact tables' foreign keys refuse while they point at the row. Plain
    # columns are updated in place; a row whose foreign keys change has its facts set
    # aside, is updated, and gets them back — all in this transaction.
    fk_cols = [fk.parent.name for fk in table.foreign_keys]
    plain = [c.name for c in table.columns
             if not (c.primary_key or c.unique or c.name in fk_cols)]
    both = frame[exists].merge(old, on=key, suffixes=("", "_old"))
    moved = both[(both[[c for c in fk_cols]].to_numpy()
                  != both[[f"{c}_old" for c in fk_cols]].to_numpy()).any(axis=1)] \
        if fk_cols and len(both) else both.iloc[0:0]
    changed = any((both[c] != both[f"{c}_old"]).any() for c in watch) if len(both) else False
    if len(both):
        stmt = (table.update().where(table.c[key] == bindparam("_key"))
                .values({c: bindparam(c) for c in plain}))
        conn.execute(stmt, [{"_key": int(r[key]), **{c: r[c] for c in plain}}
                            for r in both.to_dict("records")])
    if len(moved):
        moved_ids = [int(i) for i in moved[key]]
        parked = []
        for ref, col in _referencing(table):
            rows = pd.DataFrame(conn.execute(select(ref).where(ref.c[col].in_(moved_ids)))
                                .all(), columns=[c.name for c in ref.columns])
            conn.execute(ref.delete().where(ref.c[col].in_(moved_ids)))
            parked.append((ref, rows))
        if backend == "duckdb":
            # DuckDB checks foreign keys against rows deleted earlier in the same
            # transaction; commit the deletes first. This is the copy of the database:
            # the swap, not this commit, is what makes the load visible, all or nothing.
            conn.commit()
        stmt = (table.update().where(table.c[key] == bindparam("_key"))
                .values({c: bindparam(c) for c in fk_cols}))
        conn.execute(stmt, [{"_key": int(r[key]), **{c: r[c] for c in fk_cols}}
                            for r in moved.to_dict("records")])
        if backend == "duckdb":
            conn.commit()
        for ref, rows in reversed(parked):
            _insert(conn, backend, ref, rows)
    _insert(conn, backend, table, frame[~exists])
    return Written(len(frame), int(exists.sum())), changed


def _for_months(sql: str) -> str | None:
    """``rollup_sql`` limited to some months of ``exports``, or None when its shape is
    not one we know (the caller then rebuilds the rollup in full, which is always
    right)."""
    if sql.count(" FROM exports x WHERE ") == 1:
        return sql.replace(" FROM exports x WHERE ", " FROM exports x WHERE "
                           "x.month IN :months AND ")
    head, sep, tail = sql.partition(" GROUP BY ")
    if sep and " WHERE " not in head and " FROM exports x" in head:
        return f"{head} WHERE x.month IN :months GROUP BY {tail}"
    return None


def _rebuild_rollups(conn, backend, months: list, full: set[str]) -> None:
    """Rebuild the rollups named in ``full`` entirely, and the others for ``months``.
    A rollup the database does not have (a file built before it existed) is skipped:
    the pages that need it fail there already, and a rebuild of the database adds it."""
    inspector = sa.inspect(conn)
    for name in ROLLUPS:
        if not inspector.has_table(name):
            log.warning("the database has no rollup %s; not rebuilt", name)
            continue
        sql = rollup_sql(name, backend)
        tbl = getattr(schema, name)
        limited = _for_months(sql) if months and name not in full else None
        if name in full or (months and limited is None):
            conn.execute(tbl.delete())
            conn.exec_driver_sql(sql)
        elif limited is not None:
            conn.execute(tbl.delete().where(tbl.c.month.in_(months)))
            conn.execute(text(limited).bindparams(bindparam("months", expanding=True)),
                         {"months": months})


def write_prepared(conn: sa.Connection, backend: str, preps: list[Prepared]) -> list[Written]:
    """Load every prepared file (in ``LOAD_ORDER``) and rebuild the rollups."""
    out: dict[int, Written] = {}
    export_months: set = set()
    full: set[str] = set()
    for n, i in enumerate(sorted(range(len(preps)),
                                 key=lambda i: LOAD_ORDER.index(preps[i].kind))):
        if n == 1:
            pause_point("half_written")
        p = preps[i]
        if p.kind == "enterprises":
            out[i], moved = _upsert(conn, backend, schema.enterprise, "enterprise_id",
                                    p.frames["enterprise"], ("concern_id", "oblast_id"))
            if moved:  # the rollup keeps each enterprise's concern and oblast
                full.add("exports_by_concern_region")
        elif p.kind == "subjects":
            out[i], moved = _upsert(conn, backend, schema.dist_subject, "subject_id",
                                    p.frames["dist_subject"], ("region_id",))
            if moved:  # the stocked cells are matched on the subject's region
                full.add(STOCK_CELLS)
        elif p.kind == "targets":
            replaced, added = 0, 0
            for table, col in ((schema.target_concern, "concern_id"),
                               (schema.target_oblast, "oblast_id")):
                frame = p.frames[table.name]
                if frame.empty:
                    continue
                replaced += _delete(conn, table, table.c.year.in_(p.years),
                                    table.c[col].in_(sorted(set(frame[col]))))
                _insert(conn, backend, table, frame)
                added += len(frame)
            out[i] = Written(added, replaced)
        elif p.kind == "exports":
            out[i] = _replace_period(conn, backend, schema.exports, p, p.frames["exports"])
            export_months |= set(p.months)
        elif p.kind == "stock":
            out[i] = _replace_period(conn, backend, schema.stock, p, p.frames["stock"])
            full.add(STOCK_CELLS)  # which export cells are stocked may change anywhere
        elif p.kind == "receivables":
            if "receivable_cause" in p.frames:  # a file without cause columns keeps them
                _replace_period(conn, backend, schema.receivable_cause, p,
                                p.frames["receivable_cause"])
            out[i] = _replace_period(conn, backend, schema.receivable, p,
                                     p.frames["receivable"])
        else:  # one of the other subjects' kinds
            out[i] = TOPIC_KINDS[p.kind].write(conn, backend, p)
    if len(preps) == 1:
        pause_point("half_written")  # the file's rows are in, the rollups not yet
    _rebuild_rollups(conn, backend, sorted(export_months), full)
    if backend == "postgresql":  # fresh statistics, so the planner knows the new rows
        for table in schema.metadata.sorted_tables:
            conn.exec_driver_sql(f"ANALYZE {table.name}")
    return [out[i] for i in range(len(preps))]


def log_row(kind: str, source: str, sha256: str | None, outcome: str, loaded_by: str,
            written: Written | None = None, period=(None, None),
            load_id: str | None = None) -> dict:
    """A load_log row. ``load_id``: the run's id and the file's number (log.load_id_of),
    so that the run journal can tell whether an interrupted run's data are in."""
    return {"load_id": load_id or uuid.uuid4().hex, "loaded_at": datetime.now(UTC).replace(tzinfo=None),
            "kind": kind[:20], "source": source[:500], "sha256": sha256,
            "period_from": period[0], "period_to": period[1],
            "rows_added": written.rows_added if written else 0,
            "rows_replaced": written.rows_replaced if written else 0,
            "loaded_by": loaded_by[:100], "outcome": outcome}


def write_log(conn: sa.Connection, rows: list[dict]) -> None:
    if rows:
        conn.execute(schema.load_log.insert(), rows)
