"""The agenda store (queries/agenda.py, in the app store) on both engines: the default
agenda, create, rename, reorder, remove, validation that changes nothing, and several
processes writing the SQLite app store at once."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, delete, func, select, text

from queries import agenda as ag
from queries import appstore
from queries.settings import PROJECT_ROOT


@pytest.fixture
def store(db, monkeypatch):
    """The agenda store where the app would put it for ``db`` (DuckDB: the SQLite file
    beside the data file; PostgreSQL: an app-store schema of its own in the test
    database), emptied before the test."""
    monkeypatch.delenv("EXPORT_MONITOR_APP_DB_URL", raising=False)
    schema = None
    if db == "postgresql":
        base = os.environ["EXPORT_MONITOR_TEST_PG_URL"]
        schema = f"em_app_{uuid.uuid4().hex[:8]}"
        sep = "&" if "?" in base else "?"
        monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL",
                           f"{base}{sep}options={quote(f'-csearch_path={schema}')}")
        appstore.reset()
        appstore.upgrade()
    ag.reset()
    with ag._transaction() as conn:
        conn.execute(delete(ag.agenda_step))
        conn.execute(delete(ag.agenda))
    yield db
    ag.reset()
    if schema:
        admin = create_engine(base)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _count(table) -> int:
    with ag._transaction() as conn:  # (which creates the default agenda if none)
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _snapshot():
    return [ag.get_agenda(a.agenda_id, "en") for a in ag.list_agendas("en")]


def test_store_location_follows_the_data_url(store, monkeypatch):
    data_url = os.environ["EXPORT_MONITOR_DB_URL"]
    monkeypatch.delenv("EXPORT_MONITOR_APP_DB_URL", raising=False)
    url = ag.store_url()
    if store == "duckdb":
        data = Path(data_url.split(":///", 1)[1])
        assert url == f"sqlite:///{data.with_name(data.stem + '.app.sqlite')}"
        ag.list_agendas()
        assert Path(url.split(":///", 1)[1]).exists()
    else:  # the same database, the app store's own schema
        assert url.split("?")[0] == data_url.split("?")[0]
        assert appstore.store_schema(url) == "export_monitor_app"


def test_default_agenda_on_first_access_in_each_language(store):
    agendas = ag.list_agendas("en")
    assert [a.agenda_id for a in agendas] == ["working-group"]
    wg = agendas[0]
    assert wg.title == "Working group"
    assert [(s.position, s.path, s.search) for s in wg.steps] == [
        (1, "/", ""), (2, "/trends", ""), (3, "/exports", "?concern=bellegprom"),
        (4, "/exports", "?concern=belneftekhim&heading=4011"),
        (5, "/exports", "?concern=belgospishcheprom,minagro"),
        (6, "/stock", ""), (7, "/receivables", ""),
        # the working group's other subjects
        (8, "/", "?concern=mtz"), (9, "/curators", ""),
        (10, "/retail", "?concern=bellegprom,belgospishcheprom,minagro"),
        (11, "/tenders", "?region=RU-STA,RU-ROS"), (12, "/stock", "?view=centres"),
        (13, "/support", "")]
    assert wg.steps[1].title == "Negative trends of industrial exporters"
    ru = ag.get_agenda("working-group", "ru")
    assert ru.title == "Рабочая группа" and ru.steps[2].title == "Беллегпром"
    assert ag.get_agenda("working-group", "de").steps[5].title == "Lager im Vertriebsnetz"
    # once only: a second access neither duplicates it nor adds steps
    ag.list_agendas("ru")
    assert _count(ag.agenda) == 1 and _count(ag.agenda_step) == len(ag.DEFAULT_STEPS)


def test_create_rename_and_delete_an_agenda(store):
    a = ag.create_agenda("  Совещание   12 ноября ", "en")
    assert a.agenda_id == "soveshchanie-12-noyabrya"
    assert a.title == "Совещание 12 ноября" and a.steps == ()
    twin = ag.create_agenda("Совещание 12 ноября")
    assert twin.agenda_id == "soveshchanie-12-noyabrya-2"
    ag.rename_agenda(a.agenda_id, "Meeting of 12 November")
    renamed = ag.get_agenda(a.agenda_id, "de")  # same id, new title in every language
    assert renamed.title == "Meeting of 12 November"
    assert [x.agenda_id for x in ag.list_agendas()] == [
        "working-group", "soveshchanie-12-noyabrya", "soveshchanie-12-noyabrya-2"]
    ag.add_step(a.agenda_id, "/stock", "", "Stock")
    ag.delete_agenda(a.agenda_id)
    assert ag.get_agenda(a.agenda_id) is None
    assert _count(ag.agenda_step) == len(ag.DEFAULT_STEPS)  # its step went with it; the default's stay


def test_steps_add_rename_move_remove(store):
    a = ag.create_agenda("Weekly")
    views = [("/", "", "One"), ("/trends", "?run=4", "Two"),
             ("/exports", "?concern=bellegprom&level=enterprise", "Three"),
             ("/enterprise/3", "?lang=de&present=1", "Four")]
    for path, search, title in views:
        step = ag.add_step(a.agenda_id, path, search, title, "en")
    assert step == ag.Step(4, "Four", "/enterprise/3", "?lang=de&present=1")

    def titles():
        return [s.title for s in ag.get_agenda(a.agenda_id, "en").steps]

    assert titles() == ["One", "Two", "Three", "Four"]
    ag.move_step(a.agenda_id, 1, 3)
    assert titles() == ["Two", "Three", "One", "Four"]
    ag.move_step(a.agenda_id, 4, 1)
    assert titles() == ["Four", "Two", "Three", "One"]
    ag.rename_step(a.agenda_id, 2, "  Trends, <b>run</b> of 4 ")
    assert titles()[1] == "Trends, <b>run</b> of 4"  # plain text, trimmed
    ag.remove_step(a.agenda_id, 1)
    steps = ag.get_agenda(a.agenda_id, "en").steps
    assert [(s.position, s.title, s.path) for s in steps] == [
        (1, "Trends, <b>run</b> of 4", "/trends"), (2, "Three", "/exports"),
        (3, "One", "/")]
    # a page's own title, one text per language
    ag.add_step(a.agenda_id, "/stock", "", {"ru": "Запасы", "en": "Stock", "de": "Lager"})
    assert ag.get_agenda(a.agenda_id, "ru").steps[-1].title == "Запасы"
    assert ag.get_agenda(a.agenda_id, "de").steps[-1].title == "Lager"


@pytest.mark.parametrize("call", [
    lambda a: ag.add_step(a, "https://evil.example/x", "", "t"),
    lambda a: ag.add_step(a, "//evil.example", "", "t"),
    lambda a: ag.add_step(a, "javascript:alert(1)", "", "t"),
    lambda a: ag.add_step(a, "/../../etc/passwd", "", "t"),
    lambda a: ag.add_step(a, "/agenda/working-group/1", "", "t"),
    lambda a: ag.add_step(a, "/trends", "?a=1#frag", "t"),
    lambda a: ag.add_step(a, "/trends", "?" + "x" * 3000, "t"),
    lambda a: ag.add_step(a, "/trends", "", ""),
    lambda a: ag.add_step(a, "/trends", "", "   \n\t "),
    lambda a: ag.add_step(a, "/trends", "", "x" * 121),
    lambda a: ag.add_step(a, "/trends", "", {"en": "only English"}),
    lambda a: ag.add_step("no-such-agenda", "/trends", "", "t"),
    lambda a: ag.add_step("../../etc", "/trends", "", "t"),
    lambda a: ag.rename_step(a, 0, "t"),
    lambda a: ag.rename_step(a, 999, "t"),
    lambda a: ag.rename_step(a, "1", "t"),
    lambda a: ag.rename_step(a, True, "t"),
    lambda a: ag.move_step(a, 1, len(ag.DEFAULT_STEPS) + 1),
    lambda a: ag.move_step(a, -1, 2),
    lambda a: ag.remove_step(a, len(ag.DEFAULT_STEPS) + 1),
    lambda a: ag.rename_agenda(a, "y" * 10_000),
    lambda a: ag.rename_agenda("unknown", "x"),
    lambda a: ag.delete_agenda("unknown"),
    lambda a: ag.create_agenda(""),
    lambda a: ag.create_agenda(None),
])
def test_refusals_change_nothing(store, call):
    before = _snapshot()
    with pytest.raises(ag.AgendaError) as err:
        call("working-group")
    assert err.value.key in ("bad_path", "bad_search", "title_missing", "title_too_long",
                             "unknown_agenda", "no_step")
    assert _snapshot() == before


def test_exactly_120_characters_are_accepted(store):
    ag.rename_step("working-group", 1, "é" * 120)
    assert ag.get_agenda("working-group", "en").steps[0].title == "é" * 120


def test_get_step_names_what_is_missing(store):
    wg, step = ag.get_step("working-group", 7, "en")
    assert step.title == "Overdue receivables by oblast" and len(wg.steps) == len(ag.DEFAULT_STEPS)
    with pytest.raises(ag.AgendaError) as err:
        ag.get_step("working-group", len(ag.DEFAULT_STEPS) + 1)
    n = len(ag.DEFAULT_STEPS)
    assert err.value.key == "no_step" and err.value.params == {"step": n + 1, "n": n}
    with pytest.raises(ag.AgendaError) as err:
        ag.get_step("nope", 1)
    assert err.value.key == "unknown_agenda"


def test_default_comes_back_when_every_agenda_is_deleted(store):
    ag.create_agenda("Spare")
    for a in ag.list_agendas():
        ag.delete_agenda(a.agenda_id)
    assert [a.agenda_id for a in ag.list_agendas()] == ["working-group"]
    assert len(ag.get_agenda("working-group").steps) == len(ag.DEFAULT_STEPS)


WRITER = """
import sys
from queries import agenda as ag
for i in range(int(sys.argv[2])):
    ag.add_step(sys.argv[1], "/trends", f"?run={i % 9 + 2}", f"writer {sys.argv[3]} #{i}")
    ag.list_agendas("en")
"""


def test_processes_take_turns_on_the_sqlite_store(duck_db, tmp_path, monkeypatch):
    """Three processes (as three gunicorn workers) add steps to one agenda at once:
    none fails, none is lost, positions stay 1…n."""
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    a = ag.create_agenda("Concurrent")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, a.agenda_id, "8", str(n)],
                              cwd=PROJECT_ROOT, env=env, stderr=subprocess.PIPE)
             for n in range(3)]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    steps = ag.get_agenda(a.agenda_id, "en").steps
    assert [s.position for s in steps] == list(range(1, 25))
    assert sorted(s.title for s in steps) == sorted(
        f"writer {n} #{i}" for n in range(3) for i in range(8))


RENAMER = """
import sys
from queries import agenda as ag
ag.rename_agenda(sys.argv[1], sys.argv[2])
ag.rename_step(sys.argv[1], 1, sys.argv[2] + " step")
"""


def test_a_reader_sees_another_process_change_at_once(duck_db, tmp_path, monkeypatch):
    """A change made by another worker process shows at the very next read."""
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    a = ag.get_agenda("working-group", "en")
    assert ag.get_agenda("working-group", "en") == a  # read twice: served from memory
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run([sys.executable, "-c", RENAMER, "working-group", "Board"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    again = ag.get_agenda("working-group", "en")
    assert again.title == "Board" and again.steps[0].title == "Board step"
    assert again.steps[1:] == a.steps[1:]
