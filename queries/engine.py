"""The one place where SQL runs.

``run`` executes a SQLAlchemy statement with bound parameters, logs its duration,
enforces the statement timeout and the row cap, and caches the resulting DataFrame by
statement, parameters and data version. Pages never hold a connection.

The embedded DuckDB file is opened read-only: a DuckDB file allows one writing process
and the web workers must never be it. Loads write a new file and swap it in; the engine
notices the swap (inode change) and reopens.

One data version per page. A load may commit while a page is being built; a page must
never show figures of the new data beside a freshness stamp (or a dimension list) of
the old. So:

* ``pinned_version()`` (opened by ``consistently``, which every page build goes
  through) reads the data version once, fresh, and every cache key and the
  dimensions memo of that build use it;
* every query that goes to the database reads the version again *in the same
  snapshot as its rows* (PostgreSQL: one REPEATABLE READ transaction; DuckDB: the same
  connection to the same file) and its result is cached under the version it was
  really read from — so no result is ever stored under the wrong version;
* if that version is not the pinned one, the data moved on during the build:
  ``VersionChanged`` is raised, and ``consistently`` builds the page again under the
  new version (at most three times).

The version is the load log's size and latest time: the load writes its log rows in
the transaction that loads the data, so the version is published by the load's commit.

A database that cannot be reached (server down, refused, the file missing) raises
``DatabaseUnavailable``: a short cause for the page and /health, the driver's own
message only in the log.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import threading
import time
import weakref
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, create_engine, event, func, make_url, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.sql import ClauseElement

from . import scope as access
from . import settings
from .cache import ResultCache, make_key
from .schema import exports_by_product, load_log

log = logging.getLogger(__name__)


class QueryError(RuntimeError):
    """A query failed or was refused; the message is fit to show to an analyst (in
    English, as the command line prints it). ``key`` and ``params`` name the same
    message for a translation (the dashboard shows ``msg.<key>``); queries/ knows no
    languages."""

    def __init__(self, message: str, key: str = "", **params) -> None:
        super().__init__(message)
        self.key, self.params = key, params


class DatabaseUnavailable(QueryError):
    """The database cannot be reached at all. ``cause`` is one of ``CAUSES``: short and
    free of hosts, ports and paths (the log has those)."""

    CAUSES = ("unreachable", "file_missing", "timeout")

    def __init__(self, message: str, cause: str = "unreachable") -> None:
        super().__init__(message, "db_unreachable", cause=cause)
        self.cause = cause


class VersionChanged(QueryError):
    """A load committed while a page was being built; ``consistently`` builds it anew."""

    def __init__(self) -> None:
        super().__init__("The data changed while the page was built.", "version_changed")


@dataclass
class _State:
    url: str = ""
    engine: Engine | None = None
    file_id: tuple | None = None
    out: set | None = None  # a DuckDB engine's connections checked out now (_watch)
    version: str = ""
    version_checked: float = 0.0


@dataclass
class _Pin:
    version: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)


_state = _State()
_lock = threading.Lock()
_cache: ResultCache | None = None
_VERSION_TTL_SECONDS = 2.0  # outside a pinned build only (the command line, tests)
_pin: contextvars.ContextVar[_Pin | None] = contextvars.ContextVar("data_version_pin",
                                                                  default=None)
_cleaned: set[str] = set()  # DuckDB files whose import leftovers were looked for
_fixed_files: weakref.WeakSet = weakref.WeakSet()  # read-only DuckDB engines (_version_on)
_retired: list[tuple] = []  # (engine, pool, checked out) of swapped-out DuckDB files


def is_duckdb(url: str) -> bool:
    return url.startswith("duckdb:")


def _duckdb_path(url: str) -> str | None:
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return None if path in ("", ":memory:") else path


def _file_id(url: str) -> tuple | None:
    path = _duckdb_path(url) if is_duckdb(url) else None
    if not path:
        return None
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns)


# Session settings of the app's PostgreSQL connections (measured at 10M export rows,
# README "PostgreSQL at 10M rows"). JIT compiles every query whose estimated cost passes
# jit_above_cost, which the page queries over millions of rows all do, and costs 80–120
# ms a query to save a few; the default 4 MB of work_mem sends their group-by sorts to
# disk. A page runs its queries two to four at a time (``gather``) on two cores, so
# parallel workers only add contention: interleaved A/B over a third of the bench states,
# p95 515 ms with two workers per query, 388 ms without.
PG_SESSION = {"jit": "off", "work_mem": "64MB", "max_parallel_workers_per_gather": "0"}


def _no_transaction(dbapi_connection) -> None:
    """BEGIN and ROLLBACK of a read-only DuckDB engine: nothing (make_engine)."""


def make_engine(url: str, *, read_only: bool = True) -> Engine:
    timeout_ms = settings.get("EXPORT_MONITOR_STATEMENT_TIMEOUT_MS")
    if is_duckdb(url):
        path = _duckdb_path(url)
        if path and read_only and not os.path.exists(path):
            raise DatabaseUnavailable(
                f"The database file {path} does not exist. Run `make run` (which builds "
                "the demonstration database) or set EXPORT_MONITOR_DB_URL.",
                "file_missing")
        args = {"read_only": True} if (read_only and path) else {}
        eng = create_engine(url, connect_args=args, pool_size=4, max_overflow=4)
        # duckdb_engine 0.17 declares supports_statement_cache = False (it inherits the
        # PostgreSQL compiler and never checked caching), so SQLAlchemy compiled every
        # statement on every execute: ~13 ms of a page's 100. The compiled form depends
        # only on the statement's structure, as for PostgreSQL; the whole suite runs on
        # DuckDB with the cache on. (An instance attribute: the flag is read once.)
        eng.dialect._supports_statement_cache = True
        if args:
            _fixed_files.add(eng)
            # a read-only file never changes under a connection: no transaction is
            # needed for one snapshot, and BEGIN + ROLLBACK cost ~1 ms of every query
            eng.dialect.do_begin = _no_transaction
            eng.dialect.do_rollback = _no_transaction
        return eng
    if url.startswith("postgresql"):
        # Keep any libpq options of the URL (e.g. a search_path) and add the timeout and
        # the session settings of PG_SESSION.
        options = make_url(url).query.get("options", "")
        options = " ".join([options, f"-c statement_timeout={int(timeout_ms)}",
                            *(f"-c {k}={v}" for k, v in PG_SESSION.items())]).strip()
        return create_engine(url, pool_pre_ping=True, pool_size=4, max_overflow=4,
                             connect_args={"options": options, "connect_timeout": 5})
    return create_engine(url, pool_pre_ping=True)


def get_engine() -> Engine:
    """The application's engine for EXPORT_MONITOR_DB_URL, reopened after a file swap."""
    return _current()[0]


def _current() -> tuple[Engine, str]:
    """The engine and the tag of what it has open (URL and, for DuckDB, the file's
    identity), taken together so that a version is never paired with another file."""
    url = settings.db_url()
    _clean_leftovers(url)
    fid = _file_id(url)
    with _lock:
        if _state.engine is None or _state.url != url or _state.file_id != fid:
            if _state.engine is not None:
                if fid is not None and _state.url == url and _state.out is not None:
                    _retired.append((_state.engine, _state.engine.pool, _state.out))
                _state.engine.dispose()
            _state.engine, _state.out = make_engine(url), None
            if fid is not None:
                _state.out = _watch(_state.engine)
            _state.url, _state.file_id = url, fid
            _state.version_checked = 0.0
        return _state.engine, f"{_state.url}|{_state.file_id}"


def _watch(eng: Engine) -> set:
    """The connections of a DuckDB engine checked out now (kept up to date), and the
    wait of its new connections for those of the file it replaced (``_after_retired``)."""
    out: set = set()
    event.listen(eng, "checkout", lambda _c, record, _p: out.add(id(record)))
    event.listen(eng, "checkin", lambda _c, record: out.discard(id(record)))
    event.listen(eng, "do_connect", lambda *_a: _after_retired(eng))
    return out


def _after_retired(engine: Engine) -> None:
    """Before the engine of a swapped-in DuckDB file opens a connection: wait until the
    connections to the file it replaced are closed. DuckDB shares one database instance
    per path within a process, so a connection opened while one to the old file is still
    open gets the *old* file — and the pool then keeps it, serving the old data for good
    (seen under load: bench/load.py). Queries that were running on the old file finish
    within the statement timeout; the connections they return are closed here (a
    disposed pool keeps them until the garbage collector finds them)."""
    deadline = time.monotonic() + settings.get("EXPORT_MONITOR_STATEMENT_TIMEOUT_MS") / 1000 + 2
    while True:
        with _lock:
            if not _retired or any(e is engine for e, _, _ in _retired):
                return  # nothing to wait for, or itself retired (a build begun before)
            if not any(out for _, _, out in _retired):
                for e, pool, _ in _retired:
                    pool.dispose()  # closes the connections returned to it
                    e.dispose()
                _retired.clear()
                return
        if time.monotonic() > deadline:
            log.warning("connections to a swapped-out database file are still open")
            return
        time.sleep(0.01)


def _clean_leftovers(url: str) -> None:
    """Once per process and DuckDB file: remove what a killed import left behind (its
    ``<db>.loading`` copy), unless an import is running (see queries.imports.load)."""
    if not is_duckdb(url) or url in _cleaned:
        return
    _cleaned.add(url)
    path = _duckdb_path(url)
    if path:
        from .imports.load import clean_leftovers  # the loader owns those file names

        try:
            clean_leftovers(path)
        except OSError as exc:  # never keep the app from starting
            log.warning("could not remove the leftovers of an interrupted import: %s", exc)


def reset() -> None:
    """Forget the engine and the cache (tests and the loader use this)."""
    global _cache
    with _lock:
        if _state.engine is not None:
            _state.engine.dispose()
        _state.engine, _state.url, _state.file_id, _state.out = None, "", None, None
        _retired.clear()
        _state.version, _state.version_checked = "", 0.0
        _cache = None
        _cleaned.clear()


def cache() -> ResultCache:
    global _cache
    if _cache is None:
        _cache = ResultCache()
    return _cache


def data_version() -> str:
    """Changes whenever data is loaded: the load log's size and latest entry. Inside
    ``pinned_version`` the same value for the whole build, read fresh at its start."""
    pin = _pin.get()
    if pin is not None:
        with pin.lock:  # gather's threads share the pin: read it once
            if not pin.version:
                pin.version = _read_version()
            return pin.version
    now = time.monotonic()
    engine, tag = _current()
    if _state.version.startswith(tag + "|") and now - _state.version_checked \
            < _VERSION_TTL_SECONDS:
        return _state.version
    _state.version = _read_version()
    _state.version_checked = now
    return _state.version


def fresh_version() -> str:
    """The data version read now from the database (no pin, no cache): for a caller
    that must know whether a load committed while it worked (a meeting's edition)."""
    return _read_version()


def _read_version() -> str:
    engine, tag = _current()
    try:
        with _connect(engine) as conn:
            return _version_on(conn, tag)
    except QueryError:
        raise
    except Exception as exc:
        raise _as_query_error(exc, "data_version") from exc


_VERSION_STMT = select(func.count(), func.max(load_log.c.loaded_at))


def _version_on(conn, tag: str) -> str:
    """The data version as ``conn`` sees it. A read-only DuckDB connection to a file
    sees that one file for its whole life (a load writes another file and swaps it in;
    no process can write a file another has open), so its version is read once and
    kept with the driver's connection — a query no longer pays ~2 ms to re-read it.
    PostgreSQL (and a writable DuckDB) is read every time."""
    fixed = conn.engine in _fixed_files
    if fixed:
        version = conn.connection.info.get(("data_version", tag))
        if version is not None:
            return version
    count, latest = conn.execute(_VERSION_STMT).one()
    version = f"{tag}|{count}|{latest}"
    if fixed:
        conn.connection.info[("data_version", tag)] = version
    return version


def _connect(engine: Engine):
    """A connection whose statements all see one snapshot (PostgreSQL's default READ
    COMMITTED gives each statement its own; a DuckDB file is never written in place)."""
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


@contextlib.contextmanager
def pinned_version():
    """Within this block ``data_version`` is read once and then stays the same (nested
    blocks share the outer one's). Threads of ``gather`` inherit it."""
    if _pin.get() is not None:
        yield
        return
    token = _pin.set(_Pin())
    try:
        yield
    finally:
        _pin.reset(token)


def consistently(build, attempts: int = 3):
    """``build()`` under one pinned data version; built again when a load committed
    meanwhile (``VersionChanged``)."""
    with pinned_version():
        for attempt in range(attempts):
            try:
                return build()
            except VersionChanged:
                if attempt == attempts - 1:
                    raise
                log.info("data changed while building; building again")
                pin = _pin.get()
                with pin.lock:
                    pin.version = ""


def _unreachable_cause(exc: BaseException) -> str | None:
    """The short cause when ``exc`` means the database cannot be reached, else None."""
    if isinstance(exc, DatabaseUnavailable):
        return exc.cause
    orig = getattr(exc, "orig", None) or exc
    name = type(orig).__name__
    if name == "QueryCanceled":  # statement_timeout: the database is there, but slow
        return None
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return "unreachable"
    if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError)) or \
            name in ("OperationalError", "InterfaceError", "ConnectionTimeout"):
        text = str(orig).lower()
        return "timeout" if "timeout" in text or "timed out" in text else "unreachable"
    if name == "IOException":  # DuckDB cannot open the file
        return "unreachable"
    return None


def _as_query_error(exc: BaseException, name: str) -> QueryError:
    if isinstance(exc, QueryError):
        return exc
    cause = _unreachable_cause(exc)
    if cause is not None:
        log.warning("database unreachable (%s, in %s): %s", cause, name, exc)
        return DatabaseUnavailable(f"The database cannot be reached ({cause}).", cause)
    log.error("query %s failed", name, exc_info=exc)
    return QueryError(f"The database could not answer ({type(exc).__name__}).",
                      "query_failed", error=type(exc).__name__)


_compiled: OrderedDict = OrderedDict()  # (dialect, statement's cache key) -> Compiled
_COMPILED_KEPT = 1024


def _compile(stmt: ClauseElement, engine: Engine, params: dict | None = None
             ) -> tuple[str, dict]:
    """The SQL text and bound values of ``stmt`` (for a result's cache key). Compiled
    once per statement shape: SQLAlchemy's cache key of the statement (its structure,
    without the values) finds the compiled form, and the values come from the key —
    what SQLAlchemy itself does on execute. Compiling every time cost ~1 ms a query."""
    ck = stmt._generate_cache_key()
    if ck is None:  # a statement SQLAlchemy cannot cache
        compiled = stmt.compile(dialect=engine.dialect)
        return str(compiled), dict(compiled.construct_params(params or None))
    key = (engine.dialect, ck.key)
    with _lock:
        compiled = _compiled.get(key)
        if compiled is not None:
            _compiled.move_to_end(key)
    if compiled is None:
        compiled = stmt.compile(dialect=engine.dialect, cache_key=ck)
        with _lock:
            _compiled[key] = compiled
            while len(_compiled) > _COMPILED_KEPT:
                _compiled.popitem(last=False)
    # (``params``: the values of the statement's named bindparams, given to ``run``)
    return str(compiled), dict(compiled.construct_params(params or None,
                                                         extracted_parameters=ck.bindparams))


class _Watchdog:
    """Interrupts DuckDB statements that pass their deadline (DuckDB has no
    statement_timeout). One thread for all of them: a ``threading.Timer`` per query
    started and stopped a thread each time, ~0.4 ms of every query."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._due: dict[int, tuple[float, object]] = {}
        self._ids = iter(range(1, 2**62))
        self._thread: threading.Thread | None = None

    def watch(self, raw, seconds: float) -> int:
        with self._cond:
            token = next(self._ids)
            self._due[token] = (time.monotonic() + seconds, raw)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="query-watchdog",
                                                daemon=True)
                self._thread.start()
            self._cond.notify()
            return token

    def release(self, token: int) -> None:
        with self._cond:
            self._due.pop(token, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for token, (deadline, raw) in list(self._due.items()):
                    if deadline <= now:
                        del self._due[token]
                        try:
                            raw.interrupt()
                        except Exception:  # the connection closed meanwhile
                            pass
                nearest = min((d for d, _ in self._due.values()), default=None)
                self._cond.wait(None if nearest is None else max(nearest - now, 0.001))


_watchdog = _Watchdog()


def _execute(engine: Engine, stmt: ClauseElement, params: dict | None,
             tag: str | None = None, columnar: bool = False
             ) -> tuple[pd.DataFrame, str | None]:
    """The rows of ``stmt`` and, when ``tag`` is given, the data version they were read
    from (read first, in the same snapshot). ``columnar`` (DuckDB only; see ``run``):
    the frame comes from DuckDB's own column fetch instead of Python rows."""
    limit = settings.get("EXPORT_MONITOR_ROW_LIMIT")
    timeout_s = settings.get("EXPORT_MONITOR_STATEMENT_TIMEOUT_MS") / 1000
    with _connect(engine) as conn:
        seen = _version_on(conn, tag) if tag is not None else None
        watch = None
        if engine.dialect.name == "duckdb":  # DuckDB has no statement_timeout setting
            watch = _watchdog.watch(conn.connection.driver_connection, timeout_s)
        try:
            result = conn.execute(stmt, params or {})
            columns = list(result.keys())
            if columnar and watch is not None:
                # numpy columns straight from the engine: for a wide result (the
                # decline runs: 2,000 enterprises × 37 columns) the Python rows, their
                # tuples and from_records cost ~15 ms of a 36 ms call; DuckDB's own
                # fetch ~2 ms (INTEGER comes as int32, DATE as datetime64: the caller
                # types what it reads)
                frame = conn.connection.driver_connection.fetch_df()
                result.close()
                frame.columns = columns
                rows = None
            else:
                rows = result.fetchmany(limit + 1)
        finally:
            if watch is not None:
                _watchdog.release(watch)
    if len(frame if rows is None else rows) > limit:
        raise QueryError(f"The query returned more than {limit} rows; narrow the filter.",
                         "query_too_many_rows", limit=limit)
    if rows is None:
        return frame, seen
    # plain tuples: pandas inspects SQLAlchemy Row objects one by one (~7 µs each)
    return pd.DataFrame.from_records([tuple(r) for r in rows], columns=columns), seen


# -- recording the statements a page runs (bench/replay.py) ------------------------------
@dataclass
class Recorded:
    """One statement that went to the database: its SQL and parameters as the DBAPI
    driver receives them, whether the data version was read before it on the same
    connection, and which ``gather`` call and slot of it ran it (None: outside any)."""
    sql: str
    params: list | dict
    read_version: bool
    group: int | None
    slot: int | None


_recorder: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "statement_recorder", default=None)
_slot: contextvars.ContextVar[tuple[int, int] | None] = contextvars.ContextVar(
    "gather_slot", default=None)
_groups = iter(range(1, 2**62))  # gather calls while recording, numbered


@contextlib.contextmanager
def recording():
    """Within this block every statement ``run`` sends to the database is appended to
    the list it yields (cache hits are not: they send none). Off by default; when off,
    ``run`` pays one context-variable read. ``gather``'s threads record into the same
    list."""
    statements: list[Recorded] = []
    token = _recorder.set(statements)
    try:
        yield statements
    finally:
        _recorder.reset(token)


def _record(statements: list, engine: Engine, stmt: ClauseElement, params: dict | None,
            read_version: bool) -> None:
    compiled = stmt.compile(dialect=engine.dialect,
                            compile_kwargs={"render_postcompile": True})
    values = compiled.construct_params(params or None)
    processors = compiled._bind_processors
    values = {k: processors[k](v) if k in processors else v for k, v in values.items()}
    bound = ([values[k] for k in compiled.positiontup] if compiled.positional
             else values)
    group, slot = _slot.get() or (None, None)
    statements.append(Recorded(str(compiled), bound, read_version, group, slot))


def run(stmt: ClauseElement, params: dict | None = None, *, use_cache: bool = True,
        name: str = "query", columnar: bool = False) -> pd.DataFrame:
    """Execute ``stmt`` and return its rows as a DataFrame (see module docstring).

    ``columnar``: on DuckDB, take the frame from the engine's own column fetch, for a
    result of many numeric columns (measured: the decline runs' 37 columns × 2,000
    rows, ~13 ms less). Its dtypes are DuckDB's (INTEGER → int32, DATE → datetime64),
    so a caller that asks for it types its columns itself; on PostgreSQL it changes
    nothing."""
    engine, tag = _current()
    pinned = _pin.get() is not None
    key_of = None
    if use_cache and cache().ttl > 0:
        sql, bound = _compile(stmt, engine, params)
        all_params = {**bound, **(params or {})}

        # the request's access scope is part of every key (queries/scope.py): two
        # users with different scopes never share a cached result, whatever the query
        scope_key = access.current_key()

        def key_of(version):
            return make_key(sql, all_params, version, scope_key)

        hit = cache().get(key_of(data_version()))
        if hit is not None:
            return hit
    statements = _recorder.get()
    if statements is not None:
        _record(statements, engine, stmt, params, pinned or key_of is not None)
    started = time.perf_counter()
    try:
        df, seen = _execute(engine, stmt, params,
                            tag if (pinned or key_of is not None) else None, columnar)
    except QueryError:
        raise
    except Exception as exc:
        raise _as_query_error(exc, name) from exc
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.debug("query %s: %.1f ms, %d rows", name, elapsed_ms, len(df))
    if key_of is not None:
        cache().put(key_of(seen), df)  # under the version the rows really belong to
    if pinned and seen != data_version():
        raise VersionChanged()
    return df


def latest_month():
    """The latest month that has export rows (a ``datetime.date``), or None."""
    df = run(select(func.max(exports_by_product.c.month).label("m")), name="latest_month")
    value = df["m"].iloc[0] if len(df) else None
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="query")


_on_query_thread: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "on_query_thread", default=False)


def gather(*calls):
    """Run independent query functions (zero-argument callables) at the same time and
    return their results in order. Both engines release the GIL while they work, so a
    page that needs four queries waits for the slowest, not for the sum. The first
    failure is raised.

    A ``gather`` inside one of the calls (a query function that gathers its own
    queries, called by a page that gathers) runs its calls one after another on that
    query thread: submitting them to the same bounded pool could deadlock, with every
    worker waiting for work queued behind it when several requests do this at once."""
    if _on_query_thread.get():
        return [call() for call in calls]
    # each call in a copy of this context: the pinned data version goes along
    if _recorder.get() is not None and _slot.get() is None:  # recording: name the slots
        group = next(_groups)
        calls = [_in_slot(group, i, call) for i, call in enumerate(calls)]
    futures = [_pool.submit(contextvars.copy_context().run, _on_worker, call)
               for call in calls]
    return [future.result() for future in futures]


def _on_worker(call):
    _on_query_thread.set(True)  # in this call's copied context only
    return call()


def _in_slot(group: int, slot: int, call):
    def slotted():
        _slot.set((group, slot))  # in the copied context of this call only
        return call()
    return slotted
