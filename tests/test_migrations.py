"""Upgrading "the previous release": its DuckDB agenda sidecar (written with that
release's DDL), and a PostgreSQL trade schema made by its ``create_all`` with rows in it
plus its agenda tables — ``export-monitor db upgrade`` (a real subprocess) keeps every
row, moves every agenda and step into the app store and removes the old places; ``db
current`` shows the heads; a store behind the code makes ``check_current`` name the
command."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import date, datetime
from urllib.parse import quote

import duckdb
import pytest
from sqlalchemy import create_engine, insert, select, text

from queries import appstore, schema
from queries.settings import PROJECT_ROOT

# The previous release's agenda tables, as its queries/agenda.py created them.
OLD_DDL = (
    "CREATE TABLE IF NOT EXISTS agenda (agenda_id VARCHAR(60) NOT NULL, title_ru TEXT NOT "
    "NULL, title_en TEXT NOT NULL, title_de TEXT NOT NULL, created_at TIMESTAMP WITHOUT "
    "TIME ZONE NOT NULL, PRIMARY KEY (agenda_id))",
    "CREATE TABLE IF NOT EXISTS agenda_step (step_id VARCHAR(32) NOT NULL, agenda_id "
    "VARCHAR(60) NOT NULL, position INTEGER NOT NULL, path TEXT NOT NULL, search TEXT NOT "
    "NULL, title_ru TEXT NOT NULL, title_en TEXT NOT NULL, title_de TEXT NOT NULL, "
    "PRIMARY KEY (step_id))",
)
AGENDAS = [("working-group", "Рабочая группа", "Working group (edited)", "Arbeitsgruppe",
            datetime(2026, 11, 1, 9, 0)),
           ("meeting-12-11", "Совещание 12.11", "Meeting 12.11", "Sitzung 12.11",
            datetime(2026, 11, 10, 15, 30))]
STEPS = [("s1", "working-group", 1, "/", "", "Обзор", "Overview", "Überblick"),
         ("s2", "working-group", 2, "/trends", "?run=4", "Тренды", "Trends", "Trends"),
         ("s3", "meeting-12-11", 1, "/stock", "?concern=bellegprom", "Запасы", "Stock",
          "Lager"),
         ("s4", "meeting-12-11", 2, "/enterprise/3", "?lang=de&present=1", "МАЗ", "MAZ",
          "MAZ"),
         ("s5", "meeting-12-11", 3, "/receivables", "", "Долги", "Debts", "Schulden")]


def _fill_old(conn_execute) -> None:
    for ddl in OLD_DDL:
        conn_execute(ddl)
    for row in AGENDAS:
        conn_execute("INSERT INTO agenda VALUES (?, ?, ?, ?, ?)", row)
    for row in STEPS:
        conn_execute("INSERT INTO agenda_step VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)


def _cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "queries.cli", *args], cwd=PROJECT_ROOT,
                          env={**env, "PYTHONPATH": str(PROJECT_ROOT)}, capture_output=True,
                          text=True, timeout=300)


def _clean_env(**values) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPORT_MONITOR_")}
    env.update(values)
    return env


def _store_agendas(url: str) -> tuple[list, list]:
    from queries.appstore_tables import agenda, agenda_step
    appstore.reset()
    with appstore.engine(url).connect() as conn:
        a = [tuple(r) for r in conn.execute(
            select(agenda.c.agenda_id, agenda.c.title_ru, agenda.c.title_en,
                   agenda.c.title_de, agenda.c.created_at).order_by(agenda.c.created_at))]
        s = [tuple(r) for r in conn.execute(select(
            agenda_step.c.step_id, agenda_step.c.agenda_id, agenda_step.c.position,
            agenda_step.c.path, agenda_step.c.search, agenda_step.c.title_ru,
            agenda_step.c.title_en, agenda_step.c.title_de).order_by(agenda_step.c.step_id))]
    appstore.reset()
    return a, s


def test_the_duckdb_sidecar_moves_into_the_sqlite_store(tmp_path):
    data = tmp_path / "demo.duckdb"
    sidecar = tmp_path / "demo.agendas.duckdb"
    con = duckdb.connect(str(sidecar))
    _fill_old(lambda sql, params=(): con.execute(sql, list(params)))
    con.close()
    (tmp_path / "demo.agendas.duckdb.lock").write_bytes(b"")
    (tmp_path / "demo.agendas.duckdb.version").write_text("0123456789abcdef")
    env = _clean_env(EXPORT_MONITOR_DATA_DIR=str(tmp_path),
                     EXPORT_MONITOR_DB_URL=f"duckdb:///{data}")
    done = _cli(env, "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert "2 agendas, 5 steps copied" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir() if "agendas" in p.name) == []
    store = tmp_path / "demo.app.sqlite"
    assert store.exists()
    agendas, steps = _store_agendas(f"sqlite:///{store}")
    assert agendas == AGENDAS and steps == STEPS
    again = _cli(env, "db", "upgrade")  # nothing left to move; nothing doubled
    assert again.returncode == 0 and "copied" not in again.stdout
    assert _store_agendas(f"sqlite:///{store}") == (agendas, steps)
    current = _cli(env, "db", "current")
    assert current.returncode == 0 and f"app store: {appstore.head_revision()} (head" \
        in current.stdout


def test_a_first_use_moves_the_sidecar_without_a_command(tmp_path, monkeypatch):
    """make run: the local user never runs `db upgrade`; the first agenda read does it."""
    sidecar = tmp_path / "demo.agendas.duckdb"
    con = duckdb.connect(str(sidecar))
    _fill_old(lambda sql, params=(): con.execute(sql, list(params)))
    con.close()
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", f"duckdb:///{tmp_path / 'demo.duckdb'}")
    monkeypatch.delenv("EXPORT_MONITOR_APP_DB_URL", raising=False)
    from queries import agenda
    agenda.reset()
    try:
        titles = [a.title for a in agenda.list_agendas("en")]
    finally:
        agenda.reset()
    assert titles == ["Working group (edited)", "Meeting 12.11"]
    assert not sidecar.exists()


@pytest.fixture
def old_pg():
    """A PostgreSQL schema as the previous release left it: create_all's tables with rows,
    and its agenda tables; the app store gets a schema of its own."""
    base = os.environ.get("EXPORT_MONITOR_TEST_PG_URL", "").strip()
    if not base:
        pytest.skip("EXPORT_MONITOR_TEST_PG_URL is not set: PostgreSQL tests skipped")
    tag = uuid.uuid4().hex[:8]
    data_schema, app_schema = f"em_old_{tag}", f"em_old_{tag}_app"
    sep = "&" if "?" in base else "?"
    data_url = f"{base}{sep}options={quote(f'-csearch_path={data_schema}')}"
    app_url = f"{base}{sep}options={quote(f'-csearch_path={app_schema}')}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{data_schema}"'))
    eng = create_engine(data_url)
    with eng.begin() as conn:
        schema.metadata.create_all(conn)
        conn.execute(insert(schema.concern).values(concern_id="bellegprom", name_en="B",
                                                   name_ru="Б", kind="concern"))
        conn.execute(insert(schema.by_oblast).values(oblast_id="BY-MI", name_en="Minsk",
                                                     name_ru="Минск"))
        conn.execute(insert(schema.enterprise).values(
            enterprise_id=3, unp="100000003", name_en="MAZ", name_ru="МАЗ",
            concern_id="bellegprom", oblast_id="BY-MI", city="Minsk", is_industrial=True,
            is_major=True))
        conn.execute(insert(schema.hs_section).values(section_id="XVII", name_en="Vehicles"))
        conn.execute(insert(schema.hs_chapter).values(chapter_id="87", section_id="XVII",
                                                      name_en="Vehicles"))
        conn.execute(insert(schema.hs_heading).values(heading_id="8704", chapter_id="87",
                                                      name_en="Trucks"))
        conn.execute(insert(schema.federal_district).values(district_id="CFD",
                                                            name_en="Central", name_ru="Ц"))
        conn.execute(insert(schema.ru_region).values(region_id="RU-MOW", name_en="Moscow",
                                                     name_ru="Москва", district_id="CFD"))
        conn.execute(insert(schema.exports), [
            {"month": date(2026, m, 1), "enterprise_id": 3, "heading_id": "8704",
             "region_id": "RU-MOW", "value_usd": 1000.5 * m, "quantity": m}
            for m in range(1, 11)])
        conn.execute(insert(schema.load_log).values(
            load_id="l1", loaded_at=datetime(2026, 11, 2), kind="exports", source="x.csv",
            rows_added=10, rows_replaced=0, loaded_by="test", outcome="loaded"))
        for ddl in OLD_DDL:
            conn.execute(text(ddl))
        conn.execute(text("INSERT INTO agenda VALUES (:a, :b, :c, :d, :e)"),
                     [dict(zip("abcde", r)) for r in AGENDAS])
        conn.execute(text("INSERT INTO agenda_step VALUES (:a, :b, :c, :d, :e, :f, :g, :h)"),
                     [dict(zip("abcdefgh", r)) for r in STEPS])
    yield eng, data_url, app_url
    eng.dispose()
    with admin.begin() as conn:
        for s in (data_schema, app_schema):
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{s}" CASCADE'))
    admin.dispose()


def _all_rows(eng) -> dict:
    with eng.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t)))
                for t in schema.metadata.sorted_tables}


def test_a_postgresql_database_of_the_previous_release_loses_nothing(old_pg):
    eng, data_url, app_url = old_pg
    before = _all_rows(eng)
    assert len(before["exports"]) == 10 and len(before["load_log"]) == 1
    env = _clean_env(EXPORT_MONITOR_DB_URL=data_url, EXPORT_MONITOR_APP_DB_URL=app_url)
    assert _cli(env, "db", "current").returncode == 1  # an upgrade is due
    done = _cli(env, "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert "stamped 0001" in done.stdout and "2 agendas, 5 steps copied" in done.stdout
    assert _all_rows(eng) == before
    with eng.connect() as conn:
        tables = set(conn.execute(text(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()")).scalars())
        version = conn.execute(text("SELECT version_num FROM alembic_version_trade")).scalar()
    assert "agenda" not in tables and "agenda_step" not in tables  # the old ones went
    assert version == appstore.head_revision("trade")
    agendas, steps = _store_agendas(app_url)
    assert agendas == AGENDAS and steps == STEPS
    current = _cli(env, "db", "current")
    assert current.returncode == 0, current.stdout
    assert f"app store: {appstore.head_revision()} (head {appstore.head_revision()})" \
        in current.stdout
    assert "trade schema: 0001 (head 0001)" in current.stdout
    # the audit log's trigger came with the migration
    app_eng = create_engine(app_url)
    try:
        with app_eng.begin() as conn:
            conn.execute(text("INSERT INTO audit_log VALUES ('x', now(), 'a', 'sign_in', "
                              "'', '', '')"))
        with pytest.raises(Exception, match="append-only"), app_eng.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
    finally:
        app_eng.dispose()


def test_a_store_behind_the_code_is_refused_with_the_command(tmp_path, monkeypatch):
    from alembic import command

    url = f"sqlite:///{tmp_path}/app.sqlite"
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", url)
    appstore.reset()
    with pytest.raises(appstore.StoreOutdated) as err:  # empty: never upgraded
        appstore.check_current()
    assert "export-monitor db upgrade" in str(err.value) and "none" in str(err.value)
    appstore.upgrade()
    appstore.check_current()
    with appstore.engine(url).connect() as conn:  # back to before revision 0001
        command.downgrade(appstore._config("app", conn, schema=None,
                                           version_table=appstore.APP_VERSION_TABLE), "base")
        conn.commit()
    with pytest.raises(appstore.StoreOutdated) as err:
        appstore.check_current()
    assert "`export-monitor db upgrade`" in str(err.value)
    assert f"needs {appstore.head_revision()}" in str(err.value)
    appstore.reset()
