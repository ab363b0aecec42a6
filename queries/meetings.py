"""Meetings of the working group: the meeting, its steps, its frozen edition and the
presenter's position (``/meetings``, ``/meeting/<id>`` in the app).

A meeting has a date, a title, a status (planned, held), participants (bodies from the
dimensions — concerns, which include the ministries and holdings, and oblasts, i.e. the
oblast executive committees — plus free text) and its steps. The steps are **copied**
from an agenda when the meeting is created, so editing the agenda later never rewrites
a past meeting; a new meeting's first step is "Since the last meeting" (kind
``since``), the agenda's views follow (kind ``view``).

The key of a meeting is its date, ``2026-12-04`` (a second meeting that day:
``2026-12-04-2``): readable in a link, unique, and kept when the date is corrected.

**The edition** (``meeting_edition``, one per meeting) holds what the meeting's steps
showed at freezing: ``payload`` is the JSON of every step's drawn page in each
language and theme, ``facts`` the figures the "since the last meeting" comparison reads
(KPI values unrounded, the rows of the ranked lists); both lzma-compressed (one stream
for the whole payload: the three languages share their numbers, and the compressor
finds them). What the payload holds is decided by the web layer
(``dashboard/meetings/``); this module stores, replaces and hands it back as it was
given — byte for byte, whatever is imported or upgraded later. Re-freezing replaces the
edition; the caller writes the audit entry.

**The position** (``meeting_position``) is where the presenter is: the step and the
drill on top of it, with a sequence number that grows with every move. It lives in the
app store so that every worker process (and every follower's poll) sees the same.

Input is validated here; a refusal raises :class:`MeetingError`, whose ``key`` names
the message the app shows (``meeting.err.<key>``). Nothing is changed when an error is
raised.
"""

from __future__ import annotations

import json
import lzma
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.engine import Connection

from . import agenda as agendas
from . import appstore
from .appstore_tables import (
    MEETING_STATUSES,
    meeting,
    meeting_edition,
    meeting_position,
    meeting_step,
)

LANGS = agendas.LANGS
TITLE_MAX = agendas.TITLE_MAX
OTHERS_MAX = 500
BODIES_MAX = 60
FORMAT = 1   # the payload's layout version (dashboard/meetings/edition.py)
ID_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:-\d{1,2})?$")
BODY_RE = re.compile(r"^(concern|oblast):([A-Za-z0-9_-]{1,32})$")
SINCE_TITLES = {"ru": "С прошлого заседания", "en": "Since the last meeting",
                "de": "Seit der letzten Sitzung"}
INSTR_TITLES = {"ru": "Поручения: сроки, просрочено, исполнено",
                "en": "Instructions: due, overdue, done",
                "de": "Aufträge: fällig, überfällig, erledigt"}
MAX_SEARCH = agendas.SEARCH_MAX


class MeetingError(ValueError):
    """A refused change or an unknown meeting/step. ``key`` names the message."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class MeetingStep:
    position: int
    kind: str       # "view", "since" or "instr"
    title: str      # in the requested language
    path: str       # "" for the "since" step
    search: str


@dataclass(frozen=True)
class EditionInfo:
    frozen_at: datetime       # UTC, zone-aware
    frozen_by: str
    data_through: date | None
    loaded_at: datetime | None
    size: int                 # bytes stored (payload + facts)


@dataclass(frozen=True)
class Meeting:
    meeting_id: str
    held_on: date
    title: str
    status: str
    agenda_id: str | None
    agenda_title: str
    bodies: tuple[str, ...]   # "concern:<id>", "oblast:<id>"
    others: str
    steps: tuple[MeetingStep, ...]
    edition: EditionInfo | None
    created_by: str = ""


# -- input --------------------------------------------------------------------------------

def clean_title(title) -> str:
    try:
        return agendas.clean_title(title)
    except agendas.AgendaError as exc:
        raise MeetingError(exc.key, **exc.params) from None


def day_of(value) -> date | None:
    """A date as a form sends it (``2026-12-04``, or ``04.12.2026`` typed by hand),
    years 2000–2100; None when it is none (the instructions read dates the same way)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value if value is not None else "").strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            found = datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
        if 2000 <= found.year <= 2100:
            return found
    return None


def parse_date(value) -> date:
    found = day_of(value)
    if found is None:
        raise MeetingError("bad_date", value=agendas._shown(
            str(value if value is not None else "").strip(), 20))
    return found


def clean_bodies(bodies, known: set[str] | None = None) -> tuple[str, ...]:
    """``concern:<id>`` / ``oblast:<id>`` items, each once, in the given order;
    ``known``: the bodies the caller may name (its dimensions, within its scope)."""
    out: list[str] = []
    for item in bodies or ():
        item = str(item).strip()
        if not BODY_RE.match(item):
            raise MeetingError("bad_body", body=agendas._shown(item, 40))
        if known is not None and item not in known:
            raise MeetingError("unknown_body", body=agendas._shown(item, 40))
        if item not in out:
            out.append(item)
    if len(out) > BODIES_MAX:
        raise MeetingError("too_many_bodies", n=BODIES_MAX)
    return tuple(out)


def clean_others(value) -> str:
    raw = " ".join(str(value if value is not None else "").split())
    if len(raw) > OTHERS_MAX:
        raise MeetingError("others_long", n=OTHERS_MAX)
    return raw


def clean_status(value) -> str:
    if value not in MEETING_STATUSES:
        raise MeetingError("bad_status", value=agendas._shown(value, 12))
    return value


def check_id(meeting_id) -> str:
    if not isinstance(meeting_id, str) or not ID_RE.match(meeting_id):
        raise MeetingError("unknown", meeting=agendas._shown(meeting_id, 20))
    return meeting_id


# -- reading ------------------------------------------------------------------------------

def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _title(row, lang: str) -> str:
    return getattr(row, f"title_{lang if lang in LANGS else 'ru'}")


def _meetings(conn: Connection, lang: str, meeting_id: str | None = None) -> list[Meeting]:
    m_q = select(meeting).order_by(meeting.c.held_on.desc(), meeting.c.meeting_id.desc())
    s_q = select(meeting_step).order_by(meeting_step.c.meeting_id, meeting_step.c.position)
    e_q = select(meeting_edition.c.meeting_id, meeting_edition.c.frozen_at,
                 meeting_edition.c.frozen_by, meeting_edition.c.data_through,
                 meeting_edition.c.loaded_at, meeting_edition.c.size)
    if meeting_id is not None:
        m_q = m_q.where(meeting.c.meeting_id == meeting_id)
        s_q = s_q.where(meeting_step.c.meeting_id == meeting_id)
        e_q = e_q.where(meeting_edition.c.meeting_id == meeting_id)
    steps: dict[str, list[MeetingStep]] = {}
    for row in conn.execute(s_q):
        steps.setdefault(row.meeting_id, []).append(MeetingStep(
            row.position, row.kind, _title(row, lang), row.path, row.search))
    editions = {row.meeting_id: EditionInfo(_utc(row.frozen_at), row.frozen_by,
                                            row.data_through, _utc(row.loaded_at), row.size)
                for row in conn.execute(e_q)}
    lang = lang if lang in LANGS else "ru"
    return [Meeting(row.meeting_id, row.held_on, row.title, row.status, row.agenda_id,
                    getattr(row, f"agenda_title_{lang}"),
                    tuple(b for b in row.bodies.split() if b), row.others,
                    tuple(steps.get(row.meeting_id, ())), editions.get(row.meeting_id),
                    row.created_by)
            for row in conn.execute(m_q)]


def list_meetings(lang: str = "ru") -> list[Meeting]:
    """Every meeting, the newest date first, with its steps and edition."""
    with appstore.transaction(write=False) as conn:
        return _meetings(conn, lang)


def get_meeting(meeting_id, lang: str = "ru") -> Meeting:
    """One meeting; MeetingError("unknown") when there is none of that key."""
    meeting_id = check_id(meeting_id)
    with appstore.transaction(write=False) as conn:
        found = _meetings(conn, lang, meeting_id)
    if not found:
        raise MeetingError("unknown", meeting=meeting_id)
    return found[0]


def get_step(meeting_id, position: int, lang: str = "ru") -> tuple[Meeting, MeetingStep]:
    found = get_meeting(meeting_id, lang)
    if not 1 <= position <= len(found.steps):
        raise MeetingError("no_step", step=position, total=len(found.steps))
    return found, found.steps[position - 1]


def previous_held(current: Meeting, lang: str = "ru") -> Meeting | None:
    """The meeting the "since the last meeting" figures compare with: the latest
    *held* meeting before ``current``'s date (or the same date, created earlier) that
    has an edition. None when there is none."""
    for other in list_meetings(lang):
        if other.meeting_id == current.meeting_id or other.status != "held":
            continue
        if other.edition is None:
            continue
        if (other.held_on, other.meeting_id) < (current.held_on, current.meeting_id):
            return other
    return None


# -- writing ------------------------------------------------------------------------------

def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(74120732)"))


def _new_key(conn: Connection, held_on: date) -> str:
    base = held_on.isoformat()
    taken = {r[0] for r in conn.execute(
        select(meeting.c.meeting_id).where(meeting.c.meeting_id.like(base + "%")))}
    if base not in taken:
        return base
    for n in range(2, 100):
        if f"{base}-{n}" not in taken:
            return f"{base}-{n}"
    raise MeetingError("too_many_that_day", date=base)


def create_meeting(held_on, title, agenda_id: str, bodies=(), others: str = "",
                   actor: str = "", known_bodies: set[str] | None = None) -> Meeting:
    """A new planned meeting whose steps are "Since the last meeting", "Instructions:
    due, overdue, done" (kind ``instr``) and a copy of the agenda's. Raises
    MeetingError (nothing saved) on bad input."""
    day = parse_date(held_on)
    title = clean_title(title)
    bodies = clean_bodies(bodies, known_bodies)
    others = clean_others(others)
    source = {lang: agendas.get_agenda(str(agenda_id or ""), lang) for lang in LANGS}
    if source["ru"] is None:
        raise MeetingError("unknown_agenda", agenda=agendas._shown(agenda_id, 40))
    now = _now()
    with appstore.transaction(write=True) as conn:
        _lock(conn)
        key = _new_key(conn, day)
        conn.execute(insert(meeting).values(
            meeting_id=key, held_on=day, title=title, status="planned",
            agenda_id=source["ru"].agenda_id,
            **{f"agenda_title_{lang}": source[lang].title for lang in LANGS},
            bodies=" ".join(bodies), others=others, created_at=now,
            created_by=actor or "", updated_at=now))
        rows = [{"meeting_id": key, "position": 1, "kind": "since", "path": "",
                 "search": "", **{f"title_{lang}": SINCE_TITLES[lang] for lang in LANGS}},
                # the instructions due, overdue and done since the last meeting
                # (dashboard/meetings/instructions_step.py)
                {"meeting_id": key, "position": 2, "kind": "instr", "path": "",
                 "search": "", **{f"title_{lang}": INSTR_TITLES[lang] for lang in LANGS}}]
        for i, step in enumerate(source["ru"].steps):
            rows.append({"meeting_id": key, "position": i + 3, "kind": "view",
                         "path": step.path, "search": step.search,
                         **{f"title_{lang}": source[lang].steps[i].title for lang in LANGS}})
        conn.execute(insert(meeting_step), rows)
    return get_meeting(key)


def update_meeting(meeting_id, *, held_on=None, title=None, status=None, bodies=None,
                   others=None, known_bodies: set[str] | None = None) -> Meeting:
    """Change what is given (None: leave as it is). The key stays."""
    current = get_meeting(meeting_id)
    values = {}
    if held_on is not None:
        values["held_on"] = parse_date(held_on)
    if title is not None:
        values["title"] = clean_title(title)
    if status is not None:
        values["status"] = clean_status(status)
    if bodies is not None:
        values["bodies"] = " ".join(clean_bodies(bodies, known_bodies))
    if others is not None:
        values["others"] = clean_others(others)
    if values:
        with appstore.transaction(write=True) as conn:
            _lock(conn)
            conn.execute(update(meeting).where(meeting.c.meeting_id == current.meeting_id)
                         .values(**values, updated_at=_now()))
    return get_meeting(current.meeting_id)


# -- the edition --------------------------------------------------------------------------

def pack(value) -> bytes:
    """JSON, compact and with sorted keys (the same value always packs the same), then
    lzma."""
    raw = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return lzma.compress(raw.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME)


def unpack(blob: bytes):
    return json.loads(lzma.decompress(blob).decode("utf-8"))


def save_edition(meeting_id, payload: dict, facts: dict, data_through: date | None,
                 loaded_at: datetime | None, actor: str) -> EditionInfo:
    """Store the meeting's edition, replacing the one it had."""
    current = get_meeting(meeting_id)
    body, summary = pack(payload), pack(facts)
    now = _now()
    loaded = None if loaded_at is None else loaded_at.replace(tzinfo=None)
    with appstore.transaction(write=True) as conn:
        _lock(conn)
        conn.execute(delete(meeting_edition)
                     .where(meeting_edition.c.meeting_id == current.meeting_id))
        conn.execute(insert(meeting_edition).values(
            meeting_id=current.meeting_id, frozen_at=now, frozen_by=actor or "",
            data_through=data_through, loaded_at=loaded, format=FORMAT, payload=body,
            facts=summary, size=len(body) + len(summary)))
    _cache_clear()
    return get_meeting(current.meeting_id).edition


_decoded: OrderedDict = OrderedDict()
_decoded_lock = threading.Lock()
DECODED_KEEP = 8  # editions kept decoded per process (a few MB each at most)


def _cache_clear() -> None:
    with _decoded_lock:
        _decoded.clear()


def _edition_part(meeting_id: str, column) -> dict | None:
    meeting_id = check_id(meeting_id)
    with appstore.transaction(write=False) as conn:
        stamp = conn.execute(select(meeting_edition.c.frozen_at)
                             .where(meeting_edition.c.meeting_id == meeting_id)).scalar()
        if stamp is None:
            return None
        key = (appstore.store_url(), meeting_id, stamp, column.name)
        with _decoded_lock:
            if key in _decoded:
                _decoded.move_to_end(key)
                return _decoded[key]
        blob = conn.execute(select(column).where(
            meeting_edition.c.meeting_id == meeting_id)).scalar()
    value = unpack(blob)
    with _decoded_lock:
        _decoded[key] = value
        while len(_decoded) > DECODED_KEEP:
            _decoded.popitem(last=False)
    return value


def edition_payload(meeting_id) -> dict | None:
    """The edition's payload as it was saved (decoded once per process and edition;
    treat it as read-only), or None before the first freeze."""
    return _edition_part(meeting_id, meeting_edition.c.payload)


def edition_facts(meeting_id) -> dict | None:
    return _edition_part(meeting_id, meeting_edition.c.facts)


def edition_bytes(meeting_id) -> tuple[int, int] | None:
    """(payload bytes, facts bytes) as stored, or None."""
    with appstore.transaction(write=False) as conn:
        row = conn.execute(select(func.length(meeting_edition.c.payload),
                                  func.length(meeting_edition.c.facts))
                           .where(meeting_edition.c.meeting_id == check_id(meeting_id))).first()
    return None if row is None else (int(row[0]), int(row[1]))


# -- the presenter's position -------------------------------------------------------------

@dataclass(frozen=True)
class Position:
    seq: int
    step: int
    search: str     # the drill on top of the step's view ("?level=…"), "" for none
    presenter: str
    updated_at: datetime


def set_position(meeting_id, step: int, search: str, presenter: str) -> Position:
    """The presenter is at ``step`` with ``search`` on top; the sequence number grows
    only when the position changes (a redraw of the same view is no move)."""
    meeting_id = check_id(meeting_id)
    search = str(search or "")[:MAX_SEARCH]
    now = _now()
    with appstore.transaction(write=True) as conn:
        _lock(conn)
        row = conn.execute(select(meeting_position).where(
            meeting_position.c.meeting_id == meeting_id)).first()
        if row is None:
            conn.execute(insert(meeting_position).values(
                meeting_id=meeting_id, seq=1, step=int(step), search=search,
                presenter=presenter, updated_at=now))
        elif (row.step, row.search, row.presenter) != (int(step), search, presenter):
            conn.execute(update(meeting_position)
                         .where(meeting_position.c.meeting_id == meeting_id)
                         .values(seq=row.seq + 1, step=int(step), search=search,
                                 presenter=presenter, updated_at=now))
    return position(meeting_id)


def position(meeting_id) -> Position | None:
    """Where the presenter is, or None before the meeting was first presented."""
    with appstore.transaction(write=False) as conn:
        row = conn.execute(select(meeting_position).where(
            meeting_position.c.meeting_id == check_id(meeting_id))).first()
    return None if row is None else Position(row.seq, row.step, row.search, row.presenter,
                                             _utc(row.updated_at))

