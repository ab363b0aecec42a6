"""Agendas: ordered lists of saved views that the working group steps through in a
meeting (``/agenda/<agenda_id>/<N>`` in the app).

A *view* is a page path of the app (``/``, ``/trends``, ``/enterprise/12`` …) plus its
canonical query string (``?concern=bellegprom&level=enterprise``, with ``lang`` and
``present`` when they were set), exactly as ``dashboard.state.search_of`` writes it.

Storage (decided here; the README's "Agendas" section repeats it)
------------------------------------------------------------------
The trade data cannot hold agendas: the embedded DuckDB data file is opened read-only
by the web workers and replaced wholesale by every import. So:

* **PostgreSQL** — tables ``agenda`` and ``agenda_step`` in the same database (and
  schema, i.e. the URL's ``search_path``) as the data, created if missing. Writes run
  in one transaction under a transaction-level advisory lock, so two workers never
  create the default agenda twice or interleave a reorder.
* **DuckDB** — a sidecar file next to the data file (``data/demo.duckdb`` →
  ``data/demo.agendas.duckdb``). A DuckDB file has one writing *process*, and a
  process that has it open read-write keeps every other process out, so each
  operation takes an exclusive ``flock`` on ``<file>.lock``, opens a short-lived
  connection, does its work in one transaction and closes it again. Several gunicorn
  workers (and threads) therefore take turns; an operation takes a few milliseconds.

``EXPORT_MONITOR_AGENDA_DB_URL`` overrides the location (any SQLAlchemy URL of DuckDB
or PostgreSQL); empty means the rule above, derived from ``EXPORT_MONITOR_DB_URL``.

Tables are defined here in SQLAlchemy Core (never reflected). No autoincrement keys
(DuckDB rejects ``SERIAL``): an agenda's key is its slug, e.g. ``working-group`` —
readable, unique and kept when the agenda is renamed — and a step's key is a random
text id; ``position`` (1-based, no gaps) orders the steps. Reordering rewrites
positions, never keys (DuckDB checks key constraints eagerly inside a transaction).

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
import re
import secrets
import threading
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
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import CreateTable

from . import settings
from .engine import is_duckdb, make_engine

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

metadata = MetaData()

agenda = Table(
    "agenda", metadata,
    Column("agenda_id", String(SLUG_MAX), primary_key=True),
    Column("title_ru", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("title_de", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

agenda_step = Table(
    "agenda_step", metadata,
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
)


# -- where the store lives --------------------------------------------------------------

def store_url() -> str:
    """EXPORT_MONITOR_AGENDA_DB_URL, else derived from the data URL (module docstring)."""
    explicit = settings.get("EXPORT_MONITOR_AGENDA_DB_URL")
    if explicit:
        return explicit
    data = settings.db_url()
    if not is_duckdb(data):
        return data
    path = data.split(":///", 1)[1] if ":///" in data else ""
    if path in ("", ":memory:"):
        return f"duckdb:///{settings.data_dir() / 'agendas.duckdb'}"
    p = Path(path)
    stem = p.name[:-len(".duckdb")] if p.name.endswith(".duckdb") else p.name
    return f"duckdb:///{p.with_name(stem + '.agendas.duckdb')}"


_thread_lock = threading.Lock()
_pg_engines: dict[str, Engine] = {}
_ready: set[str] = set()


def _create_tables(conn: Connection) -> None:
    for table in (agenda, agenda_step):
        conn.execute(CreateTable(table, if_not_exists=True))


@contextlib.contextmanager
def _transaction(write: bool = True) -> Iterator[Connection]:
    """One transaction on the store (see the module docstring for the locking).
    ``write=False`` for reads: with DuckDB, only a transaction that may have changed
    the store gives the version file a new token (see ``_cached_rows``)."""
    url = store_url()
    if is_duckdb(url):
        path = url.split(":///", 1)[1]
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path + ".lock", "a+b") as lock_file:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)  # readers too: one process
            try:
                eng = make_engine(url, read_only=False)  # closed again below
                try:
                    with eng.begin() as conn:
                        _create_tables(conn)
                        created = _ensure_default(conn)
                        yield conn
                finally:
                    eng.dispose()
                if write or created:  # still under the lock: readers see it with the data
                    Path(path + ".version").write_text(secrets.token_hex(8))
            finally:
                fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)
        return
    with _thread_lock:
        eng = _pg_engines.get(url)
        if eng is None:
            eng = _pg_engines[url] = make_engine(url, read_only=False)
    with eng.begin() as conn:
        # one at a time across processes (reads may create the default agenda too)
        conn.execute(text("SELECT pg_advisory_xact_lock(74120731)"))
        if url not in _ready:
            _create_tables(conn)
            _ready.add(url)
        _ensure_default(conn)
        yield conn


def reset() -> None:
    """Forget cached PostgreSQL engines and read rows (tests switch databases)."""
    _cache.clear()
    with _thread_lock:
        for eng in _pg_engines.values():
            eng.dispose()
        _pg_engines.clear()
        _ready.clear()


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
        agenda_id=DEFAULT_ID, created_at=_now(),
        **{f"title_{lang}": DEFAULT_TITLE[lang] for lang in LANGS}))
    conn.execute(insert(agenda_step), [
        {"step_id": _new_id(), "agenda_id": DEFAULT_ID, "position": i, "path": path,
         "search": search, **{f"title_{lang}": titles[lang] for lang in LANGS}}
        for i, (path, search, titles) in enumerate(DEFAULT_STEPS, start=1)])
    return True


def _rows(conn: Connection) -> tuple[list, list]:
    """Every agenda row (oldest first) and every step row (by agenda and position)."""
    a_q = select(agenda).order_by(agenda.c.created_at, agenda.c.agenda_id)
    s_q = select(agenda_step).order_by(agenda_step.c.agenda_id, agenda_step.c.position)
    return list(conn.execute(a_q)), list(conn.execute(s_q))


# DuckDB store: the rows as last read, by store URL, with the version file's token at
# that time. Opening the DuckDB file costs ~20 ms, a fifth of a step's budget; the
# token (a 16-character file rewritten under the lock by every change, from any
# process) costs microseconds to read and says whether the rows are still current.
_cache: dict[str, tuple[str, tuple[list, list]]] = {}


def _cached_rows() -> tuple[list, list]:
    url = store_url()
    if not is_duckdb(url):
        with _transaction(write=False) as conn:
            return _rows(conn)
    version = Path(url.split(":///", 1)[1] + ".version")
    try:
        token = version.read_text()
    except OSError:
        token = None
    hit = _cache.get(url)
    if token is not None and hit is not None and hit[0] == token:
        return hit[1]
    with _transaction(write=False) as conn:
        rows = _rows(conn)
        try:  # read under the lock, so no change can slip between rows and token
            token = version.read_text()
        except OSError:  # a store written before tokens existed: give it one
            token = secrets.token_hex(8)
            version.write_text(token)
    if token is not None:
        _cache[url] = (token, rows)
    return rows


def _read(lang: str, agenda_id: str | None = None) -> list[Agenda]:
    agenda_rows, step_rows = _cached_rows()
    steps: dict[str, list[Step]] = {}
    for row in step_rows:
        if agenda_id is None or row.agenda_id == agenda_id:
            steps.setdefault(row.agenda_id, []).append(
                Step(position=len(steps.get(row.agenda_id, [])) + 1,
                     title=_title(row, lang), path=row.path, search=row.search))
    return [Agenda(row.agenda_id, _title(row, lang), tuple(steps.get(row.agenda_id, ())))
            for row in agenda_rows if agenda_id is None or row.agenda_id == agenda_id]


def list_agendas(lang: str = "ru") -> list[Agenda]:
    """Every agenda, oldest first, with its steps; titles in ``lang``. Creates the
    default agenda when there is none."""
    return _read(lang)


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


def create_agenda(title: str, lang: str = "ru") -> Agenda:
    """A new, empty agenda; its id is a slug of the title, made unique."""
    columns = _titles(title)
    base = slugify(columns["title_en"])
    with _transaction() as conn:
        taken = {r[0] for r in conn.execute(select(agenda.c.agenda_id))}
        if len(taken) >= MAX_AGENDAS:
            raise AgendaError("too_many_agendas", max=MAX_AGENDAS)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        conn.execute(insert(agenda).values(agenda_id=slug, created_at=_now(), **columns))
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
