"""Every EXPORT_MONITOR_* setting, in one place, with its default and help text.

The README documents each of them; ``tests/test_docs.py`` fails when one is missing
there. Read settings through :func:`get`, never ``os.environ`` directly, so that a bad
value gives a clear message instead of a stack trace deep inside a request.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    kind: type = str
    # the smallest value that makes sense, for numeric kinds (None: any)
    minimum: float | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("EXPORT_MONITOR_DB_URL", "",
            "SQLAlchemy URL of the trade database. Empty: the embedded DuckDB file "
            "EXPORT_MONITOR_DATA_DIR/demo.duckdb, built on first run. PostgreSQL example: "
            "postgresql+psycopg://user@host:5432/dbname"),
    Setting("EXPORT_MONITOR_DATA_DIR", str(PROJECT_ROOT / "data"),
            "Folder of the embedded database file and the benchmark database."),
    Setting("EXPORT_MONITOR_HOST", "127.0.0.1", "Address the development server listens on."),
    Setting("EXPORT_MONITOR_PORT", "8050", "Port the development server listens on.", int),
    Setting("EXPORT_MONITOR_REDIS_URL", "",
            "Redis URL of the shared query cache (e.g. redis://127.0.0.1:6379/0). Empty: "
            "a cache inside each process."),
    Setting("EXPORT_MONITOR_SECRET_KEY", "",
            "Server mode: the key that signs sessions, CSRF tokens and the handout's print "
            "tokens (at least 32 random characters; the server refuses to start without "
            "it). Local mode makes a random one per process."),
    Setting("EXPORT_MONITOR_SECURE_COOKIES", "0",
            "1 when the server is reached through HTTPS (a TLS proxy in front of it): "
            "session and CSRF cookies get the Secure flag.", int),
    Setting("EXPORT_MONITOR_PROXY_HOPS", "0",
            "How many reverse proxies (TLS terminators) stand in front of the server: their "
            "X-Forwarded-For/-Proto/-Host headers then give the client's address (for "
            "sign-in limits and the audit log) and the scheme. 0: none; never more than "
            "there are, or clients could forge their address.", int),
    Setting("EXPORT_MONITOR_BOOTSTRAP_ADMIN", "",
            "Deployment only (deploy/bootstrap.sh, the compose file's init service): the "
            "administrator created on first start when there is none. Empty: none created."),
    Setting("EXPORT_MONITOR_BOOTSTRAP_PASSWORD_FILE", "/run/secrets/admin_password",
            "Deployment only: the file whose first line is that administrator's password "
            "(a Docker secret)."),
    Setting("EXPORT_MONITOR_SESSION_IDLE_MINUTES", "60",
            "A session unused this long ends; the user signs in again.", int),
    Setting("EXPORT_MONITOR_SESSION_MAX_HOURS", "12",
            "A session ends this long after sign-in, however active.", int),
    Setting("EXPORT_MONITOR_SIGN_IN_LIMIT_ACCOUNT", "5 per minute;20 per hour",
            "Sign-in attempts allowed per account name (Flask-Limiter syntax; counted in "
            "Redis when EXPORT_MONITOR_REDIS_URL is set, else per process)."),
    Setting("EXPORT_MONITOR_SIGN_IN_LIMIT_ADDRESS", "30 per 10 minutes",
            "Sign-in attempts allowed per client address (Flask-Limiter syntax)."),
    Setting("EXPORT_MONITOR_CACHE_SECONDS", "3600",
            "How long a query result stays cached; 0 turns the cache off. Results are keyed "
            "by the data version too, so a load never serves stale figures.", int),
    Setting("EXPORT_MONITOR_STATEMENT_TIMEOUT_MS", "10000",
            "Longest a single SQL statement may run before it is cancelled.", int),
    Setting("EXPORT_MONITOR_ROW_LIMIT", "20000",
            "Most rows a query may return to the application; more is reported as an error.",
            int),
    Setting("EXPORT_MONITOR_DEMO_SCALE", "1.0",
            "Size of the generated demonstration data: 1.0 is about 600,000 export rows; "
            "16 is about 10 million.", float),
    Setting("EXPORT_MONITOR_DEMO_SEED", "20261026", "Seed of the demonstration data generator.",
            int),
    Setting("EXPORT_MONITOR_DEMO_END_MONTH", "2026-10",
            "Latest reporting month of the demonstration data (YYYY-MM). Fixed, so that the "
            "same seed always gives the same database."),
    Setting("EXPORT_MONITOR_COMPLETE_SHARE", "90",
            "A month counts as complete when at least this percentage of the enterprises "
            "that reported the same month last year have reported it; until then the pages "
            "default to the last complete month and the freshness stamp gives the share.",
            float),
    Setting("EXPORT_MONITOR_RETAIL_STALLED_DAYS", "90",
            "Retail chains: a negotiation (talks or draft sent) with no stage change for "
            "longer than this many days counts as stalled.", int),
    Setting("EXPORT_MONITOR_GRID_ROWS", "300",
            "Most rows an analyst's table sends to the browser: the rows after them, in the "
            "table's own order, are summed in one line \"and K more\"; the CSV/XLSX download "
            "has every row. Keeps a page's response small (issue 15: ≤ 300 KB). At least 1.",
            int, minimum=1),
    Setting("EXPORT_MONITOR_EXPECTATION_GAP_PCT", "5",
            "Expected full-year figures: a body's expectation is flagged when it is above "
            "the model's forecast by more than this many percentage points of its target.",
            float),
    Setting("EXPORT_MONITOR_IMPORT_PAGE", "1",
            "The Import page (upload, validate, load) for data stewards (in local mode: "
            "the local user). 0 switches it off altogether (page and callbacks), e.g. "
            "where loads run only from the command line.", int),
    Setting("EXPORT_MONITOR_IMPORT_MAX_MB", "200",
            "Largest file an import accepts, in MiB; larger files are refused with a "
            "message before they are read.", int),
    Setting("EXPORT_MONITOR_IMPORT_MAX_UNPACKED_MB", "300",
            "Largest unpacked size of an Excel workbook an import opens, in MiB (an .xlsx "
            "is a zip archive; a small file can unpack to gigabytes). Checked from the "
            "archive's directory before anything is unpacked.", int),
    Setting("EXPORT_MONITOR_IMPORT_MAX_CELLS", "10000000",
            "Most cells a worksheet of an imported workbook may have (rows × columns of its "
            "used range); larger sheets are refused before they are read.", int),
    Setting("EXPORT_MONITOR_APP_DB_URL", "",
            "SQLAlchemy URL of the app store (users, sessions, audit log, agendas): a "
            "sqlite:///… file or a PostgreSQL URL (schema: its search_path, else "
            "export_monitor_app). Empty: with a PostgreSQL trade database the same database, "
            "schema export_monitor_app; with the embedded DuckDB file a SQLite file beside "
            "it (data/demo.duckdb -> data/demo.app.sqlite)."),
    Setting("EXPORT_MONITOR_CHROMIUM", "/usr/bin/chromium",
            "Chromium executable that prints an agenda's PDF handout (headless, through "
            "Playwright). Missing: the handout answers 503 saying so."),
    Setting("EXPORT_MONITOR_LOG_LEVEL", "INFO", "Python logging level (DEBUG logs every query)."),
    Setting("EXPORT_MONITOR_LDAP_CONFIG", "",
            "Path of the TOML file configuring LDAP / Active Directory sign-in (server, TLS, "
            "how users are found, groups mapped to roles and scopes; see "
            "deploy/ldap.example.toml). Empty: LDAP sign-in is off."),
    Setting("EXPORT_MONITOR_TEST_PG_URL", "",
            "Tests only: a PostgreSQL URL; when set, the query tests run against it as well "
            "(they create and drop their own schema)."),
    Setting("EXPORT_MONITOR_TEST_PAUSE_AT", "",
            "Tests only: a step of an import (checked, copied, half_written, written, "
            "committed, done) at which it prints `paused at <step>` to stderr and waits "
            "to be killed (tests/test_import_kill.py). Empty in use."),
    Setting("EXPORT_MONITOR_BENCH_SCALE", "16.7",
            "Benchmark only: scale of the benchmark database (16.7 is about 10 million export "
            "rows).", float),
    Setting("EXPORT_MONITOR_BENCH_LOAD_SECONDS", "300",
            "Benchmark only: how long `make bench` runs the load test of 50 analysts "
            "(bench/load.py) on each engine, in seconds; 0 leaves it out.", int),
    Setting("EXPORT_MONITOR_BENCH_DB_URL", "",
            "Benchmark only: a PostgreSQL URL (its own database, never the tests' one) that "
            "`make bench` also measures, after DuckDB, in a second table; the 10-million-row "
            "demonstration data is built into it when missing or outdated. Empty: DuckDB "
            "only."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class SettingError(ValueError):
    """A setting holds a value that cannot be used; the message says which and why."""


def get(name: str):
    setting = _BY_NAME[name]
    raw = os.environ.get(name, "").strip() or setting.default
    if setting.kind is str:
        return raw
    try:
        value = setting.kind(raw)
    except ValueError:
        raise SettingError(
            f"{name}={raw!r} is not a valid {setting.kind.__name__}: {setting.help}"
        ) from None
    if setting.minimum is not None and value < setting.minimum:
        raise SettingError(
            f"{name}={raw!r} is below its least value {setting.minimum:g} "
            f"(default {setting.default}): {setting.help}")
    return value


def data_dir() -> Path:
    return Path(get("EXPORT_MONITOR_DATA_DIR"))


def default_db_path() -> Path:
    return data_dir() / "demo.duckdb"


def db_url() -> str:
    return get("EXPORT_MONITOR_DB_URL") or f"duckdb:///{default_db_path()}"
