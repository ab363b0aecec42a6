"""The app store: the application's own transactional state — users, their roles and
scopes, sessions (where not in Redis), the audit log and agendas — in one store,
separate from the trade data, with Alembic migrations.

Where it lives (``store_url``)
------------------------------
* ``EXPORT_MONITOR_APP_DB_URL`` when set: a ``sqlite:///…`` file or a PostgreSQL URL.
* Else, with a PostgreSQL trade database: the same database, its own schema
  ``export_monitor_app``.
* Else (the embedded DuckDB file): a SQLite file beside it, ``data/demo.duckdb`` →
  ``data/demo.app.sqlite``.

On PostgreSQL the store's schema is the first entry of the URL's ``search_path``
(``?options=-csearch_path=…``) when it names one, else ``export_monitor_app``; the
migration creates it. SQLite runs in WAL mode with a busy timeout and foreign keys on;
a writing transaction starts with ``BEGIN IMMEDIATE``, so writers from many gunicorn
workers and threads queue for the lock instead of failing halfway (readers never wait).

Migrations (``queries/migrations/``)
------------------------------------
* ``app/`` — the store's tables (``queries/appstore_tables.py``); on PostgreSQL also
  the trigger that makes ``audit_log`` append-only. Version table
  ``alembic_version_app`` (in the store's schema).
* ``trade/`` — the trade schema **on PostgreSQL** (revision 0001 = ``queries/schema.py``
  as released before migrations). A database made by that release's ``create_all``
  (its tables there, no version table) is stamped as 0001, then upgraded. DuckDB files
  are rebuilt whole by every load (a new file swapped in), so they keep ``create_all``
  and have no migrations.

``upgrade()`` runs both as applicable and then moves agendas from the previous
release's places into the store (``queries.agenda.migrate_legacy``);
``export-monitor db upgrade`` calls it. ``check_current()`` raises ``StoreOutdated``
naming that command; the server calls it at start and refuses to run on an old schema.

Auto-upgrade (a decision): a **SQLite** store is brought to the head revision on its
first use in a process, so ``make run`` never needs a command. A PostgreSQL store is
upgraded only by ``export-monitor db upgrade`` (a deployment upgrades deliberately, once,
not from whichever worker starts first).
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote

from sqlalchemy import create_engine, event, inspect, make_url
from sqlalchemy.engine import Connection, Engine

from . import settings
from .engine import make_engine

log = logging.getLogger(__name__)

APP_SCHEMA = "export_monitor_app"
APP_VERSION_TABLE = "alembic_version_app"
TRADE_VERSION_TABLE = "alembic_version_trade"
TRADE_BASELINE = "0001"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
UPGRADE_COMMAND = "export-monitor db upgrade"
SQLITE_BUSY_MS = 30_000

_SEARCH_PATH = re.compile(r"-c\s*search_path\s*=\s*([^\s]+)")
_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class StoreOutdated(RuntimeError):
    """The app store (or the trade schema on PostgreSQL) is not at the code's revision;
    the message says which and names ``export-monitor db upgrade``."""


# -- where ------------------------------------------------------------------------------

def _duckdb_path(url: str) -> str | None:
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return None if path in ("", ":memory:") else path


def sqlite_path_beside(data_url: str) -> Path:
    """``…/demo.duckdb`` → ``…/demo.app.sqlite`` (an in-memory DuckDB: the data folder)."""
    path = _duckdb_path(data_url)
    if path is None:
        return settings.data_dir() / "app.sqlite"
    p = Path(path)
    stem = p.name[:-len(".duckdb")] if p.name.endswith(".duckdb") else p.name
    return p.with_name(stem + ".app.sqlite")


def search_path_schema(url: str) -> str | None:
    """The first schema of a PostgreSQL URL's ``search_path`` option, or None."""
    options = unquote(make_url(url).query.get("options", "") or "")
    found = _SEARCH_PATH.search(options)
    if not found:
        return None
    first = found.group(1).split(",")[0].strip().strip('"')
    return first or None


def _with_search_path(url: str, schema: str) -> str:
    parsed = make_url(url)
    options = unquote(parsed.query.get("options", "") or "")
    options = " ".join(f"{_SEARCH_PATH.sub('', options).strip()} -csearch_path={schema}"
                       .split())
    query = {k: v for k, v in parsed.query.items() if k != "options"}
    rest = "&".join(f"{k}={quote(str(v))}" for k, v in query.items())
    base = parsed._replace(query={}).render_as_string(hide_password=False)
    return f"{base}?{rest + '&' if rest else ''}options={quote(options)}"


def store_url() -> str:
    """The app store's SQLAlchemy URL (module docstring); PostgreSQL URLs always carry
    the store's schema as their ``search_path``."""
    explicit = settings.get("EXPORT_MONITOR_APP_DB_URL")
    if explicit:
        if explicit.startswith("postgresql"):
            return _with_search_path(explicit, search_path_schema(explicit) or APP_SCHEMA)
        if not explicit.startswith("sqlite:"):
            raise settings.SettingError(
                f"EXPORT_MONITOR_APP_DB_URL={explicit!r}: the app store is a SQLite file "
                "(sqlite:////path/app.sqlite) or a PostgreSQL database "
                "(postgresql+psycopg://user@host/db).")
        return explicit
    data = settings.db_url()
    if data.startswith("postgresql"):
        return _with_search_path(data, APP_SCHEMA)
    return f"sqlite:///{sqlite_path_beside(data)}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def store_schema(url: str | None = None) -> str | None:
    """The store's PostgreSQL schema (None for SQLite)."""
    url = url or store_url()
    if is_sqlite(url):
        return None
    schema = search_path_schema(url) or APP_SCHEMA
    if not _SCHEMA_NAME.match(schema):
        raise settings.SettingError(f"The app store's schema {schema!r} is not a plain "
                                    "identifier (letters, digits, _).")
    return schema


# -- engines ----------------------------------------------------------------------------

_lock = threading.RLock()
_engines: dict[str, Engine] = {}
_ready: set[str] = set()


def _sqlite_engine(url: str) -> Engine:
    path = url.split(":///", 1)[1] if ":///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    eng = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000,
                                           "check_same_thread": False},
                        pool_size=8, max_overflow=8)

    @event.listens_for(eng, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # BEGIN is ours (below), not the driver's
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(eng, "begin")
    def _on_begin(conn):
        # writers take the write lock at BEGIN and queue on busy_timeout; a deferred
        # transaction that reads and then writes could fail with "database is locked"
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return eng


def engine(url: str | None = None) -> Engine:
    """The store's engine, one per URL and process (module docstring)."""
    url = url or store_url()
    with _lock:
        eng = _engines.get(url)
        if eng is None:
            eng = _engines[url] = (_sqlite_engine(url) if is_sqlite(url)
                                   else make_engine(url, read_only=False))
        return eng


def _auto_upgrade(url: str) -> None:
    """First use in this process: a SQLite store goes to the head revision (and takes
    in the previous release's agendas); a PostgreSQL store is only checked by the server."""
    if url in _ready:
        return
    with _lock:
        if url in _ready:
            return
        if is_sqlite(url) and current_revision(url) != head_revision():
            log.info("app store %s: upgrading to %s", url, head_revision())
            _upgrade_app(url)
        _ready.add(url)
    if is_sqlite(url):
        from . import agenda
        try:
            moved = agenda.migrate_legacy(url)
        except Exception:  # the agendas stay where they are; `db upgrade` says why
            log.exception("could not move the previous release's agendas; run "
                          "`%s` to see why", UPGRADE_COMMAND)
        else:
            if moved:
                log.info("%s", moved)


@contextlib.contextmanager
def transaction(write: bool = True, url: str | None = None) -> Iterator[Connection]:
    """One transaction on the store, committed at the end of the block (rolled back on
    an error). SQLite: ``write=True`` begins IMMEDIATE (writes are serialised),
    ``write=False`` DEFERRED (a reader never waits)."""
    url = url or store_url()
    _auto_upgrade(url)
    eng = engine(url)
    with eng.connect() as conn:
        if is_sqlite(url) and not write:
            conn = conn.execution_options(sqlite_begin="DEFERRED")
        with conn.begin():
            yield conn


def reset() -> None:
    """Forget the engines (tests switch stores)."""
    with _lock:
        for eng in _engines.values():
            eng.dispose()
        _engines.clear()
        _ready.clear()


# -- migrations -------------------------------------------------------------------------

def _config(chain: str, conn: Connection, **attributes):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS / chain))
    cfg.attributes["connection"] = conn
    cfg.attributes.update(attributes)
    return cfg


def head_revision(chain: str = "app") -> str:
    from alembic.script import ScriptDirectory

    cfg = _config(chain, None)
    return ScriptDirectory.from_config(cfg).get_current_head()


def _revision_on(conn: Connection, table: str, schema: str | None) -> str | None:
    from alembic.migration import MigrationContext

    ctx = MigrationContext.configure(conn, opts={"version_table": table,
                                                 "version_table_schema": schema})
    return ctx.get_current_revision()


def current_revision(url: str | None = None) -> str | None:
    """The app store's revision (None: no tables yet)."""
    url = url or store_url()
    with engine(url).connect() as conn:
        if is_sqlite(url):
            conn = conn.execution_options(sqlite_begin="DEFERRED")
        return _revision_on(conn, APP_VERSION_TABLE, store_schema(url))


def _upgrade_app(url: str) -> None:
    from alembic import command

    with engine(url).connect() as conn:
        cfg = _config("app", conn, schema=store_schema(url),
                      version_table=APP_VERSION_TABLE)
        command.upgrade(cfg, "head")
        conn.commit()


def _trade_url(trade_url: str | None) -> str | None:
    data = trade_url or settings.db_url()
    return data if data.startswith("postgresql") else None


def trade_revision(trade_url: str | None = None) -> str | None:
    """The trade schema's revision on PostgreSQL; ``TRADE_BASELINE`` for a database of
    the previous release (tables, no version table); None when it has no tables or is
    not PostgreSQL."""
    data = _trade_url(trade_url)
    if data is None:
        return None
    eng = make_engine(data, read_only=False)
    try:
        with eng.connect() as conn:
            found = _revision_on(conn, TRADE_VERSION_TABLE, None)
            if found is None and inspect(conn).has_table("load_log"):
                return TRADE_BASELINE
            return found
    finally:
        eng.dispose()


def _upgrade_trade(data: str) -> str:
    from alembic import command

    eng = make_engine(data, read_only=False)
    try:
        with eng.connect() as conn:
            stamped = ""
            cfg = _config("trade", conn, version_table=TRADE_VERSION_TABLE)
            if _revision_on(conn, TRADE_VERSION_TABLE, None) is None \
                    and inspect(conn).has_table("load_log"):
                command.stamp(cfg, TRADE_BASELINE)  # made by the previous release
                stamped = f" (stamped {TRADE_BASELINE}: tables of the previous release)"
            command.upgrade(cfg, "head")
            conn.commit()
            return f"trade schema: {head_revision('trade')}{stamped}"
    finally:
        eng.dispose()


def upgrade(url: str | None = None, trade_url: str | None = None) -> list[str]:
    """Bring the app store (and the trade schema on PostgreSQL) to the head revisions and
    move the previous release's agendas into the store. Returns what was done, a line
    each. Safe to run again."""
    from . import agenda

    url = url or store_url()
    lines = []
    before = current_revision(url)
    _upgrade_app(url)
    _ready.add(url)
    lines.append(f"app store: {before or 'empty'} -> {head_revision()} ({_shown(url)})")
    data = _trade_url(trade_url)
    if data is not None:
        lines.append(_upgrade_trade(data))
    moved = agenda.migrate_legacy(url, trade_url)
    if moved:
        lines.append(moved)
    return lines


def check_current(url: str | None = None) -> None:
    """Raise ``StoreOutdated`` unless the app store (and a PostgreSQL trade schema) are
    at the head revision. Never changes anything. A trade database that does not answer
    is left to the pages (they say so); the app store must answer."""
    url = url or store_url()
    try:
        found = current_revision(url)
    except Exception as exc:
        raise StoreOutdated(f"The app store ({_shown(url)}) cannot be read: "
                            f"{type(exc).__name__}. Check EXPORT_MONITOR_APP_DB_URL, then "
                            f"run `{UPGRADE_COMMAND}`.") from exc
    head = head_revision()
    if found != head:
        raise StoreOutdated(
            f"The app store ({_shown(url)}) is at revision {found or 'none (empty)'}, "
            f"the code needs {head}. Run `{UPGRADE_COMMAND}`.")
    try:
        trade = trade_revision()
    except Exception as exc:  # noqa: BLE001 - the data pages report an unreachable DB
        log.warning("trade schema revision unknown: %s", exc)
        return
    trade_head = head_revision("trade")
    if trade is not None and trade != trade_head:
        raise StoreOutdated(f"The trade schema is at revision {trade}, the code needs "
                            f"{trade_head}. Run `{UPGRADE_COMMAND}`.")


def _shown(url: str) -> str:
    """A URL fit for a message: no password."""
    try:
        return make_url(url).render_as_string(hide_password=True).split("?", 1)[0]
    except Exception:  # noqa: BLE001
        return "?"


def describe(url: str | None = None) -> list[str]:
    """``export-monitor db current``: each chain's revision against its head."""
    url = url or store_url()
    found = current_revision(url)
    head = head_revision()
    lines = [f"app store: {found or 'none (empty)'} (head {head})"
             f"{'' if found == head else ' - run ' + UPGRADE_COMMAND} [{_shown(url)}]"]
    if _trade_url(None) is not None:
        trade, trade_head = trade_revision(), head_revision("trade")
        lines.append(f"trade schema: {trade or 'none (empty)'} (head {trade_head})"
                     f"{'' if trade == trade_head else ' - run ' + UPGRADE_COMMAND}")
    else:
        lines.append("trade schema: DuckDB file (rebuilt by loads; no migrations)")
    return lines


def is_postgres_store(url: str | None = None) -> bool:
    return not is_sqlite(url or store_url())

