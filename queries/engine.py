"""The one place where SQL runs.

``run`` executes a SQLAlchemy statement with bound parameters, logs its duration,
enforces the statement timeout and the row cap, and caches the resulting DataFrame by
statement, parameters and data version. Pages never hold a connection.

The embedded DuckDB file is opened read-only: a DuckDB file allows one writing process
and the web workers must never be it. Loads write a new file and swap it in; the engine
notices the swap (inode change) and reopens.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, create_engine, func, make_url, select
from sqlalchemy.sql import ClauseElement

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


@dataclass
class _State:
    url: str = ""
    engine: Engine | None = None
    file_id: tuple | None = None
    version: str = ""
    version_checked: float = 0.0


_state = _State()
_lock = threading.Lock()
_cache: ResultCache | None = None
_VERSION_TTL_SECONDS = 2.0


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


def make_engine(url: str, *, read_only: bool = True) -> Engine:
    timeout_ms = settings.get("EXPORT_MONITOR_STATEMENT_TIMEOUT_MS")
    if is_duckdb(url):
        path = _duckdb_path(url)
        if path and read_only and not os.path.exists(path):
            raise QueryError(
                f"The database file {path} does not exist. Run `make run` (which builds "
                "the demonstration database) or set EXPORT_MONITOR_DB_URL.",
                "query_no_database", path=path)
        args = {"read_only": True} if (read_only and path) else {}
        return create_engine(url, connect_args=args, pool_size=4, max_overflow=4)
    if url.startswith("postgresql"):
        # Keep any libpq options of the URL (e.g. a search_path) and add the timeout.
        options = make_url(url).query.get("options", "")
        options = f"{options} -c statement_timeout={int(timeout_ms)}".strip()
        return create_engine(url, pool_pre_ping=True, pool_size=4, max_overflow=4,
                             connect_args={"options": options, "connect_timeout": 5})
    return create_engine(url, pool_pre_ping=True)


def get_engine() -> Engine:
    """The application's engine for EXPORT_MONITOR_DB_URL, reopened after a file swap."""
    url = settings.db_url()
    fid = _file_id(url)
    with _lock:
        if _state.engine is None or _state.url != url or _state.file_id != fid:
            if _state.engine is not None:
                _state.engine.dispose()
            _state.engine = make_engine(url)
            _state.url, _state.file_id = url, fid
            _state.version_checked = 0.0
        return _state.engine


def reset() -> None:
    """Forget the engine and the cache (tests and the loader use this)."""
    global _cache
    with _lock:
        if _state.engine is not None:
            _state.engine.dispose()
        _state.engine, _state.url, _state.file_id = None, "", None
        _state.version, _state.version_checked = "", 0.0
        _cache = None


def cache() -> ResultCache:
    global _cache
    if _cache is None:
        _cache = ResultCache()
    return _cache


def data_version() -> str:
    """Changes whenever data is loaded: the load log's size and latest entry."""
    engine = get_engine()
    now = time.monotonic()
    if _state.version and now - _state.version_checked < _VERSION_TTL_SECONDS:
        return _state.version
    stmt = select(func.count(), func.max(load_log.c.loaded_at))
    with engine.connect() as conn:
        count, latest = conn.execute(stmt).one()
    _state.version = f"{_state.url}|{_state.file_id}|{count}|{latest}"
    _state.version_checked = now
    return _state.version


def _compile(stmt: ClauseElement, engine: Engine) -> tuple[str, dict]:
    compiled = stmt.compile(dialect=engine.dialect)
    return str(compiled), dict(compiled.params)


def _execute(engine: Engine, stmt: ClauseElement, params: dict | None) -> pd.DataFrame:
    limit = settings.get("EXPORT_MONITOR_ROW_LIMIT")
    timeout_s = settings.get("EXPORT_MONITOR_STATEMENT_TIMEOUT_MS") / 1000
    with engine.connect() as conn:
        timer = None
        if engine.dialect.name == "duckdb":  # DuckDB has no statement_timeout setting
            raw = conn.connection.driver_connection
            timer = threading.Timer(timeout_s, raw.interrupt)
            timer.start()
        try:
            result = conn.execute(stmt, params or {})
            rows = result.fetchmany(limit + 1)
            columns = list(result.keys())
        finally:
            if timer is not None:
                timer.cancel()
    if len(rows) > limit:
        raise QueryError(f"The query returned more than {limit} rows; narrow the filter.",
                         "query_too_many_rows", limit=limit)
    # plain tuples: pandas inspects SQLAlchemy Row objects one by one (~7 µs each)
    return pd.DataFrame.from_records([tuple(r) for r in rows], columns=columns)


def run(stmt: ClauseElement, params: dict | None = None, *, use_cache: bool = True,
        name: str = "query") -> pd.DataFrame:
    """Execute ``stmt`` and return its rows as a DataFrame (see module docstring)."""
    engine = get_engine()
    key = None
    if use_cache and cache().ttl > 0:
        sql, bound = _compile(stmt, engine)
        key = make_key(sql, {**bound, **(params or {})}, data_version())
        hit = cache().get(key)
        if hit is not None:
            return hit
    started = time.perf_counter()
    try:
        df = _execute(engine, stmt, params)
    except QueryError:
        raise
    except Exception as exc:
        log.exception("query %s failed", name)
        raise QueryError(f"The database could not answer ({type(exc).__name__}).",
                         "query_failed", error=type(exc).__name__) from exc
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.debug("query %s: %.1f ms, %d rows", name, elapsed_ms, len(df))
    if key is not None:
        cache().put(key, df)
    return df


def latest_month():
    """The latest month that has export rows (a ``datetime.date``), or None."""
    df = run(select(func.max(exports_by_product.c.month).label("m")), name="latest_month")
    value = df["m"].iloc[0] if len(df) else None
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="query")


def gather(*calls):
    """Run independent query functions (zero-argument callables) at the same time and
    return their results in order. Both engines release the GIL while they work, so a
    page that needs four queries waits for the slowest, not for the sum. The first
    failure is raised."""
    futures = [_pool.submit(call) for call in calls]
    return [future.result() for future in futures]
