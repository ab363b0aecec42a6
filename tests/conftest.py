"""Fixtures: small demonstration databases built by the real generator, on the real
engines (an embedded DuckDB file always; PostgreSQL when EXPORT_MONITOR_TEST_PG_URL is
set), and the raw generated rows to check every figure against independently."""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from queries import demo, engine

TEST_SCALE = 0.05
TEST_SEED = 7
TEST_END = "2026-10"


@pytest.fixture(autouse=True)
def local_mode():
    """The tests drive the app in local mode (one user, no sign-in), as ``make run``
    does; the access-control tests switch to server mode themselves (tests/auth_fixtures.py)."""
    from dashboard.auth import mode
    mode.set_mode("local")
    yield
    mode.set_mode("local")


@pytest.fixture(scope="session")
def frames():
    """The raw rows the test databases are built from (generated independently of the
    databases, so the tests compare the query layer with the generator's output)."""
    return demo.generate(scale=TEST_SCALE, seed=TEST_SEED, end_month=TEST_END)


@pytest.fixture(scope="session")
def duck_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "test.duckdb"
    url = f"duckdb:///{path}"
    demo.build_database(url, scale=TEST_SCALE, seed=TEST_SEED, end_month=TEST_END)
    return url


@pytest.fixture(scope="session")
def pg_url():
    base = os.environ.get("EXPORT_MONITOR_TEST_PG_URL", "").strip()
    if not base:
        pytest.skip("EXPORT_MONITOR_TEST_PG_URL is not set: PostgreSQL tests skipped")
    schema = f"em_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    try:
        demo.build_database(url, scale=TEST_SCALE, seed=TEST_SEED, end_month=TEST_END)
        yield url
    finally:
        engine.reset()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["duckdb", "postgresql"])
def db(request, monkeypatch):
    """Point the application at one engine's test database (cache on, as in use)."""
    url = request.getfixturevalue("duck_url" if request.param == "duckdb" else "pg_url")
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
    engine.reset()
    yield request.param
    engine.reset()


@pytest.fixture
def duck_db(duck_url, monkeypatch):
    """The DuckDB test database only (for HTTP and browser tests)."""
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", duck_url)
    engine.reset()
    yield duck_url
    engine.reset()


@pytest.fixture
def dash_client(duck_db):
    """The app's Dash endpoint over HTTP (Flask test client), on the DuckDB database."""
    from dashboard.app import create_app
    from tests.dash_client import DashClient
    return DashClient(create_app().server.test_client())


@pytest.fixture
def any_client(db):
    """The same on each engine in turn (DuckDB, and PostgreSQL when set)."""
    from dashboard.app import create_app
    from tests.dash_client import DashClient
    return DashClient(create_app().server.test_client())
