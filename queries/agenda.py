"""Agendas: ordered lists of saved views that the working group steps through in a
meeting (``/agenda/<agenda_id>/<N>`` in the app).

A *view* is a page path of the app (``/``, ``/trends``, ``/enterprise/12`` …) plus its
canonical query string (``?concern=bellegprom&level=enterprise``, with ``lang`` and
``present`` when they were set), exactly as ``dashboard.state.search_of`` writes it.

Storage
-------
Agendas live in the app store (``queries/appstore.py``: a SQLite file beside the
embedded DuckDB file, or the ``export_monitor_app`` schema of the PostgreSQL database),
tables ``agenda`` and ``agenda_step`` (``queries/appstore_tables.py``). The trade data
cannot hold them: the DuckDB file is read-only for the web workers and replaced by
every import. A write runs in one transaction (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL:
under a transaction-level advisory lock), so two workers never create the default
agenda twice or interleave a reorder.

The previous release kept agendas in a DuckDB sidecar file (``data/demo.agendas.duckdb``
and its ``.lock``) or, with PostgreSQL, in tables ``agenda``/``agenda_step`` of the data
schema. ``migrate_legacy`` (on the store's first use, and in ``export-monitor db
upgrade``) copies them into the store in one transaction — agendas the store already
has are left alone — and then deletes the sidecar and its lock, or drops the old tables.

An agenda has an ``owner``: the user name of an analyst's own agenda, None for a shared
one (the default agenda and every agenda made in local mode or by a secretary).

Tables are defined in SQLAlchemy Core (never reflected). No autoincrement keys: an
agenda's key is its slug, e.g. ``working-group`` — readable, unique and kept when the
agenda is renamed — and a step's key is a random text id; ``position`` (1-based, no
gaps) orders the steps. Reordering rewrites positions, never keys.

Titles are stored in the three languages (``title_ru``, ``title_en``, ``title_de``).
A title the user types is one text and goes into all three; the default agenda and a
step added with its page's own (untranslated-by-hand) title carry one text per
language, so ``get_agenda(…, lang)`` returns titles in the viewer's language.

The default agenda (``working-group``: the working group's usual order) is created
when the store holds no agendas at all — on the first access, and again if someone
deletes every agenda. Its definition, ``DEFAULT_AGENDA``, is data like the demo
catalogue: paths, query strings and titles in three languages.

Input is validated here (titles trimmed, 1–120 characters, plain text; paths must look
like one of the app's page paths; query strings at most 2,000 characters); a refusal
raises :class:`AgendaError`, whose ``key`` names the message the app shows. Nothing is
changed when an error is raised.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import re
import secrets
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection

from . import appstore, settings
from .appstore_tables import agenda, agenda_step
from .engine import is_duckdb, make_engine

log = logging.getLogger(__name__)

LANGS = ("ru", "en", "de")
TITLE_MAX = 120
SEARCH_MAX = 2000
MAX_AGENDAS = 200
MAX_STEPS = 99          # two digits: the keyboard's number jump reaches every step
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 60
# a page path of this app: "/", "/word", "/word/…" in lower case, digits and - _ only
PATH_RE = re.compile(r"^/(?:[a-z0-9_-]{1,40}(?:/[a-z0-9_-]{1,40}){0,3})?$")
SEARCH_RE = re.compile(r"^(?:\?[^#\s]*)?$")
DEFAULT_ID = "working-group"

# The previous release's tables (DuckDB sidecar file, or the PostgreSQL data schema):
# read once by ``migrate_legacy``, never written.
_legacy = MetaData()
legacy_agenda = Table(
    "agenda", _legacy,
    Column("agenda_id", String(SLUG_MAX), primary_key=True),
    Column("title_ru", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("title_de", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)
legacy_agenda_step = Table(
    "agenda_step", _legacy,
    Column("step_id", String(32), primary_key=True),
    Column("agenda_id", String(SLUG_MAX), nullable=False),
    Column("position", Integer, nullable=False),
    Column("path", Text, nullable=False),
    Column("search", Text, nullable=False),
    Column("title_ru", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("title_de", Text, nullable=False),
)


@dataclass(frozen=True)
class Step:
    position: int   # 1-based
    title: str      # in the requested language
    path: str       # e.g. "/trends"
    search: str     # canonical "?a=1&b=2" or "" (includes lang/present if saved)


@dataclass(frozen=True)
class Agenda:
    agenda_id: str
    title: str
    steps: tuple[Step, ...]
    owner: str | None = None  # an analyst's own agenda; None: shared


class AgendaError(ValueError):
    """A refused change or an unknown agenda/step. ``key`` names the message the app
    shows (``agenda.err.<key>``), ``params`` fill it in."""

    def __init__(self, key: str, **params):
        super().__init__(f"{key}: {params}" if params else key)
        self.key = key
        self.params = params


# -- the default agenda ---------------------------------------------------------------

DEFAULT_TITLE = {"ru": "Рабочая группа", "en": "Working group", "de": "Arbeitsgruppe"}
DEFAULT_STEPS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("/", "", {"ru": "Экспорт против задания, прогноз на год",
               "en": "Exports against the target, full-year forecast",
               "de": "Exporte gegenüber dem Ziel, Jahresprognose"}),
    ("/trends", "", {"ru": "Негативные тенденции промышленных экспортёров",
                     "en": "Negative trends of industrial exporters",
                     "de": "Negative Trends der Industrieexporteure"}),
    ("/exports", "?concern=bellegprom", {"ru": "Беллегпром", "en": "Bellegprom",
                                         "de": "Bellegprom"}),
    ("/exports", "?concern=belneftekhim&heading=4011",
     {"ru": "Белнефтехим: шины", "en": "Belneftekhim: tyres",
      "de": "Belneftechim: Reifen"}),
    ("/exports", "?concern=belgospishcheprom,minagro",
     {"ru": "Белгоспищепром и Минсельхозпрод",
      "en": "Belgospishcheprom and the Ministry of Agriculture and Food",
      "de": "Belgospischeprom und Landwirtschaftsministerium"}),
    ("/stock", "", {"ru": "Запасы в товаропроводящей сети",
                    "en": "Warehouse stock in the distribution network",
                    "de": "Lager im Vertriebsnetz"}),
    ("/receivables", "", {"ru": "Просроченная дебиторская задолженность по областям",
                          "en": "Overdue receivables by oblast",
                          "de": "Überfällige Forderungen nach Gebieten"}),
    # the working group's other subjects (issue 14)
    ("/", "?concern=mtz", {"ru": "МТЗ: ожидаемый экспорт за год и прогноз",
                           "en": "MTZ: expected full-year exports and the forecast",
                           "de": "MTZ: erwartete Jahresexporte und Prognose"}),
    ("/curators", "", {"ru": "Работа кураторов с регионами России",
                       "en": "Curators of Russian regions",
                       "de": "Kuratoren der russischen Regionen"}),
    ("/retail", "?concern=bellegprom,belgospishcheprom,minagro",
     {"ru": "Прямые контракты с федеральными торговыми сетями",
      "en": "Direct contracts with federal retail chains",
      "de": "Direktverträge mit föderalen Handelsketten"}),
    ("/tenders", "?region=RU-STA,RU-ROS",
     {"ru": "Госзакупки: Ставрополь и Ростов, потери из-за локализации",
      "en": "Public procurement: Stavropol and Rostov, localisation losses",
      "de": "Öffentliche Vergaben: Stawropol und Rostow, Lokalisierungsverluste"}),
    ("/stock", "?view=centres", {"ru": "Торгово-сервисные центры: план и открытие, продажи",
                                 "en": "Sales-and-service centres: planned, opened, sales",
                                 "de": "Vertriebs- und Servicezentren: Plan, Eröffnung, Absatz"}),
    ("/support", "", {"ru": "Поддержка экспорта: доходит ли до тех, кому нужна",
                      "en": "Export support: does it reach those who need it?",
                      "de": "Exportförderung: erreicht sie, wer sie braucht?"}),
)


# -- where the store lives --------------------------------------------------------------

def store_url() -> str:
    """The app store's URL (``queries.appstore.store_url``)."""
    return appstore.store_url()


@contextlib.contextmanager
def _transaction(write: bool = True) -> Iterator[Connection]:
    """One transaction on the app store. A write transaction takes the agendas' lock
    (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock) and creates the default
    agenda when the store has none, as every change starts from it."""
    with appstore.transaction(write=write) as conn:
        if write:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(74120731)"))
            _ensure_default(conn)
        yield conn


def reset() -> None:
    """Forget cached engines (tests switch stores)."""
    appstore.reset()


# -- reading ---------------------------------------------------------------------------

def _title(row, lang: str) -> str:
    lang = lang if lang in LANGS else "ru"
    return getattr(row, f"title_{lang}")


def _ensure_default(conn: Connection) -> bool:
    """Create the default agenda when the store has none; True when it did."""
    count = conn.execute(select(func.count()).select_from(agenda)).scalar_one()
    if count:
        return False
    conn.execute(insert(agenda).values(
        agenda_id=DEFAULT_ID, created_at=_now(), owner=None,
        **{f"title_{lang}": DEFAULT_TITLE[lang] for lang in LANGS}))
    conn.execute(insert(agenda_step), [
        {"step_id": _new_id(), "agenda_id": DEFAULT_ID, "position": i, "path": path,
         "search": search, **{f"title_{lang}": titles[lang] for lang in LANGS}}
        for i, (path, search, titles) in enumerate(DEFAULT_STEPS, start=1)])
    return True


def _rows(conn: Connection, agenda_id: str | None = None) -> tuple[list, list]:
    """The agenda rows (oldest first) and their step rows (by agenda and position)."""
    a_q = select(agenda).order_by(agenda.c.created_at, agenda.c.agenda_id)
    s_q = select(agenda_step).order_by(agenda_step.c.agenda_id, agenda_step.c.position)
    if agenda_id is not None:
        a_q = a_q.where(agenda.c.agenda_id == agenda_id)
        s_q = s_q.where(agenda_step.c.agenda_id == agenda_id)
    return list(conn.execute(a_q)), list(conn.execute(s_q))


def _read_rows(agenda_id: str | None = None) -> tuple[list, list]:
    """Read without the write lock (a reader never waits for a writer); only when the
    store holds no agenda at all, a write transaction creates the default first."""
    with _transaction(write=False) as conn:
        empty = conn.execute(select(agenda.c.agenda_id).limit(1)).first() is None
        if not empty:
            return _rows(conn, agenda_id)
    with _transaction(write=True) as conn:
        return _rows(conn, agenda_id)


def _read(lang: str, agenda_id: str | None = None,
          visible_to: str | None = None) -> list[Agenda]:
    agenda_rows, step_rows = _read_rows(agenda_id)
    steps: dict[str, list[Step]] = {}
    for row in step_rows:
        steps.setdefault(row.agenda_id, []).append(
            Step(position=len(steps.get(row.agenda_id, [])) + 1,
                 title=_title(row, lang), path=row.path, search=row.search))
    return [Agenda(row.agenda_id, _title(row, lang), tuple(steps.get(row.agenda_id, ())),
                   row.owner)
            for row in agenda_rows
            if visible_to is None or row.owner is None or row.owner == visible_to]


def list_agendas(lang: str = "ru", visible_to: str | None = None) -> list[Agenda]:
    """Every agenda, oldest first, with its steps; titles in ``lang``. Creates the
    default agenda when there is none. ``visible_to``: only the shared agendas and that
    user's own (default: all of them)."""
    return _read(lang, visible_to=visible_to)


def get_agenda(agenda_id: str, lang: str = "ru") -> Agenda | None:
    """One agenda with its steps, or None when ``agenda_id`` names none (any string is
    safe to pass: it is only ever a bound value)."""
    if not isinstance(agenda_id, str) or not SLUG_RE.match(agenda_id) \
            or len(agenda_id) > SLUG_MAX:
        return None
    found = _read(lang, agenda_id)
    return found[0] if found else None


def get_step(agenda_id: str, position: int, lang: str = "ru") -> tuple[Agenda, Step]:
    """The agenda and its step ``position``; AgendaError when either does not exist."""
    found = get_agenda(agenda_id, lang)
    if found is None:
        raise AgendaError("unknown_agenda", agenda=_shown(agenda_id))
    if not (1 <= position <= len(found.steps)):
        raise AgendaError("no_step", step=position, n=len(found.steps))
    return found, found.steps[position - 1]


# -- validation ------------------------------------------------------------------------

def _shown(value, limit: int = 40) -> str:
    """A user's value, made safe to repeat in a message (printable, clipped)."""
    s = "".join(ch if ch.isprintable() else "?" for ch in str(value))
    return s if len(s) <= limit else s[:limit - 1] + "…"


def clean_title(title) -> str:
    """Trimmed, inner whitespace collapsed, 1–120 characters; HTML stays plain text
    (the app renders titles as text, never as markup)."""
    if not isinstance(title, str):
        raise AgendaError("title_missing")
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in title).split())
    if not cleaned:
        raise AgendaError("title_missing")
    if len(cleaned) > TITLE_MAX:
        raise AgendaError("title_too_long", n=len(cleaned), max=TITLE_MAX)
    return cleaned


def _titles(title: str | Mapping[str, str]) -> dict[str, str]:
    """Columns title_ru/en/de: one typed text in all three, or one text per language."""
    if isinstance(title, Mapping):
        cleaned = {lang: clean_title(title.get(lang, "")) for lang in LANGS}
    else:
        one = clean_title(title)
        cleaned = dict.fromkeys(LANGS, one)
    return {f"title_{lang}": cleaned[lang] for lang in LANGS}


def clean_view(path, search) -> tuple[str, str]:
    """A page path of this app (not an external URL, not the agenda pages themselves)
    and a query string; AgendaError otherwise."""
    if not isinstance(path, str) or not PATH_RE.match(path) or path.startswith("/agenda") \
            or path.startswith("/_") or path == "/404":
        raise AgendaError("bad_path", path=_shown(path))
    search = "" if search in (None, "?") else search
    if not isinstance(search, str) or len(search) > SEARCH_MAX or not SEARCH_RE.match(search):
        raise AgendaError("bad_search")
    return path, search


def _check_id(agenda_id) -> str:
    if not isinstance(agenda_id, str) or len(agenda_id) > SLUG_MAX \
            or not SLUG_RE.match(agenda_id):
        raise AgendaError("unknown_agenda", agenda=_shown(agenda_id))
    return agenda_id


_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіў",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m",
                      "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch",
                      "", "y", "", "e", "yu", "ya", "i", "u"]))


def slugify(title: str) -> str:
    """"Совещание 12.11" → "soveshchanie-12-11"; "Réunion" → "reunion"."""
    lowered = title.lower()
    latin = "".join(_CYRILLIC.get(ch, ch) for ch in lowered)
    ascii_ = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:40].strip("-")
    return slug or "agenda"


# -- changing --------------------------------------------------------------------------

def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _new_id() -> str:
    return secrets.token_hex(8)


def _step_rows(conn: Connection, agenda_id: str) -> list:
    if conn.execute(select(agenda.c.agenda_id).where(
            agenda.c.agenda_id == agenda_id)).first() is None:
        raise AgendaError("unknown_agenda", agenda=_shown(agenda_id))
    return list(conn.execute(select(agenda_step.c.step_id, agenda_step.c.position)
                             .where(agenda_step.c.agenda_id == agenda_id)
                             .order_by(agenda_step.c.position)))


def _renumber(conn: Connection, step_ids: list[str]) -> None:
    for i, step_id in enumerate(step_ids, start=1):
        conn.execute(update(agenda_step).where(agenda_step.c.step_id == step_id)
                     .values(position=i))


def _check_position(position, rows: list) -> int:
    if isinstance(position, bool) or not isinstance(position, int) \
            or not (1 <= position <= len(rows)):
        raise AgendaError("no_step", step=_shown(position, 12), n=len(rows))
    return position


def create_agenda(title: str, lang: str = "ru", owner: str | None = None) -> Agenda:
    """A new, empty agenda; its id is a slug of the title, made unique. ``owner``: the
    user whose own agenda it is (None: shared)."""
    columns = _titles(title)
    if owner is not None and (not isinstance(owner, str) or not 1 <= len(owner) <= 64):
        raise AgendaError("bad_owner")
    base = slugify(columns["title_en"])
    with _transaction() as conn:
        taken = {r[0] for r in conn.execute(select(agenda.c.agenda_id))}
        if len(taken) >= MAX_AGENDAS:
            raise AgendaError("too_many_agendas", max=MAX_AGENDAS)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        conn.execute(insert(agenda).values(agenda_id=slug, created_at=_now(), owner=owner,
                                           **columns))
    return get_agenda(slug, lang)


def rename_agenda(agenda_id: str, title: str) -> None:
    """New title (the id, and so every link, stays)."""
    columns = _titles(title)
    _check_id(agenda_id)
    with _transaction() as conn:
        _step_rows(conn, agenda_id)
        conn.execute(update(agenda).where(agenda.c.agenda_id == agenda_id).values(**columns))


def delete_agenda(agenda_id: str) -> None:
    _check_id(agenda_id)
    with _transaction() as conn:
        _step_rows(conn, agenda_id)
        conn.execute(delete(agenda_step).where(agenda_step.c.agenda_id == agenda_id))
        conn.execute(delete(agenda).where(agenda.c.agenda_id == agenda_id))


def add_step(agenda_id: str, path: str, search: str, title: str | Mapping[str, str],
             lang: str = "ru") -> Step:
    """Append a view as the agenda's last step. ``title``: one typed text, or a text per
    language (a page's own title)."""
    _check_id(agenda_id)
    path, search = clean_view(path, search)
    columns = _titles(title)
    with _transaction() as conn:
        rows = _step_rows(conn, agenda_id)
        if len(rows) >= MAX_STEPS:
            raise AgendaError("too_many_steps", max=MAX_STEPS)
        conn.execute(insert(agenda_step).values(
            step_id=_new_id(), agenda_id=agenda_id, position=len(rows) + 1, path=path,
            search=search, **columns))
    return Step(len(rows) + 1, columns[f"title_{lang if lang in LANGS else 'ru'}"],
                path, search)


def rename_step(agenda_id: str, position: int, title: str) -> None:
    _check_id(agenda_id)
    columns = _titles(title)
    with _transaction() as conn:
        rows = _step_rows(conn, agenda_id)
        step_id = rows[_check_position(position, rows) - 1].step_id
        conn.execute(update(agenda_step).where(agenda_step.c.step_id == step_id)
                     .values(**columns))


def move_step(agenda_id: str, position: int, to_position: int) -> None:
    """Move step ``position`` to ``to_position`` (both 1-based); the others close up."""
    _check_id(agenda_id)
    with _transaction() as conn:
        rows = _step_rows(conn, agenda_id)
        src = _check_position(position, rows)
        dst = _check_position(to_position, rows)
        ids = [r.step_id for r in rows]
        ids.insert(dst - 1, ids.pop(src - 1))
        _renumber(conn, ids)


def remove_step(agenda_id: str, position: int) -> None:
    _check_id(agenda_id)
    with _transaction() as conn:
        rows = _step_rows(conn, agenda_id)
        step_id = rows[_check_position(position, rows) - 1].step_id
        conn.execute(delete(agenda_step).where(agenda_step.c.step_id == step_id))
        _renumber(conn, [r.step_id for r in rows if r.step_id != step_id])


# -- the previous release's agendas ----------------------------------------------------

def legacy_sidecar(data_url: str) -> Path | None:
    """Where the previous release kept agendas beside a DuckDB data file
    (``data/demo.duckdb`` → ``data/demo.agendas.duckdb``)."""
    if not is_duckdb(data_url):
        return None
    path = data_url.split(":///", 1)[1] if ":///" in data_url else ""
    if path in ("", ":memory:"):
        return settings.data_dir() / "agendas.duckdb"
    p = Path(path)
    stem = p.name[:-len(".duckdb")] if p.name.endswith(".duckdb") else p.name
    return p.with_name(stem + ".agendas.duckdb")


def _legacy_rows(conn: Connection) -> tuple[list, list]:
    names = set(inspect(conn).get_table_names())
    if "agenda" not in names:
        return [], []
    agendas = list(conn.execute(select(legacy_agenda).order_by(legacy_agenda.c.created_at)))
    steps = list(conn.execute(select(legacy_agenda_step).order_by(
        legacy_agenda_step.c.agenda_id, legacy_agenda_step.c.position))) \
        if "agenda_step" in names else []
    return agendas, steps


def _copy_in(agendas: list, steps: list, url: str | None) -> tuple[int, int]:
    """Copy agendas (and their steps) the store does not have, in one transaction."""
    with appstore.transaction(write=True, url=url) as conn:
        have = {r[0] for r in conn.execute(select(agenda.c.agenda_id))}
        new = [a for a in agendas if a.agenda_id not in have]
        ids = {a.agenda_id for a in new}
        if new:
            conn.execute(insert(agenda), [
                {"agenda_id": a.agenda_id, "title_ru": a.title_ru, "title_en": a.title_en,
                 "title_de": a.title_de, "created_at": a.created_at, "owner": None}
                for a in new])
        mine = [s for s in steps if s.agenda_id in ids]
        # positions 1…n again, whatever gaps the old rows had
        numbered: dict[str, int] = {}
        rows = []
        for s in mine:
            numbered[s.agenda_id] = numbered.get(s.agenda_id, 0) + 1
            rows.append({"step_id": s.step_id, "agenda_id": s.agenda_id,
                         "position": numbered[s.agenda_id], "path": s.path,
                         "search": s.search, "title_ru": s.title_ru,
                         "title_en": s.title_en, "title_de": s.title_de})
        if rows:
            conn.execute(insert(agenda_step), rows)
    return len(new), len(rows)


def _from_sidecar(sidecar: Path, url: str | None) -> str:
    lock = Path(str(sidecar) + ".lock")
    with open(lock, "a+b") as lock_file:
        fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)  # as the previous release did
        try:
            eng = make_engine(f"duckdb:///{sidecar}", read_only=True)
            try:
                with eng.connect() as conn:
                    agendas, steps = _legacy_rows(conn)
            finally:
                eng.dispose()
            n_agendas, n_steps = _copy_in(agendas, steps, url)
        finally:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)
    for leftover in (sidecar, Path(f"{sidecar}.wal"), Path(f"{sidecar}.version"), lock):
        leftover.unlink(missing_ok=True)
    return (f"agendas: {n_agendas} agendas, {n_steps} steps copied from {sidecar} "
            "(the file and its lock are removed)")


def _from_postgres(data_url: str, url: str | None) -> str:
    eng = make_engine(data_url, read_only=False)
    try:
        with eng.connect() as conn:
            names = set(inspect(conn).get_table_names())
            if "agenda" not in names:
                return ""
            columns = {c["name"] for c in inspect(conn).get_columns("agenda")}
            if "owner" in columns:  # the app store's own table (store in this schema)
                return ""
            agendas, steps = _legacy_rows(conn)
        n_agendas, n_steps = _copy_in(agendas, steps, url)
        with eng.begin() as conn:  # only after the copy has committed
            conn.execute(text("DROP TABLE IF EXISTS agenda_step"))
            conn.execute(text("DROP TABLE IF EXISTS agenda"))
    finally:
        eng.dispose()
    return (f"agendas: {n_agendas} agendas, {n_steps} steps copied from the data "
            "schema's old tables agenda/agenda_step (dropped)")


def migrate_legacy(url: str | None = None, data_url: str | None = None) -> str:
    """Move the previous release's agendas into the app store at ``url`` (module
    docstring); a line saying what was moved, or "" when there was nothing."""
    data = data_url or settings.db_url()
    sidecar = legacy_sidecar(data)
    if sidecar is not None and sidecar.exists():
        return _from_sidecar(sidecar, url)
    if data.startswith("postgresql"):
        return _from_postgres(data, url)
    return ""
