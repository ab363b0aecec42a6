"""Instructions (поручения) given at the working group's meetings, with their history.

An instruction: its text; the responsible bodies (``concern:<id>`` — concerns, which
include the ministries and holdings — and ``oblast:<id>`` — the oblast executive
committees — from the dimensions, plus others as free text); a responsible person; a
deadline; where it was given (the meeting and step, the view — page path and query —
and that view's figures in the meeting's edition at that moment, ``figures``); its
status; optionally a measurable **target** (``Target``: a metric from the fixed list
``queries.instruction_metrics.METRICS``, its subject, a target value and date, and the
baseline — the metric's value when the instruction was given).

Statuses: ``open`` → ``reported`` (a responsible body's user reported progress) →
``done`` (a secretary accepted) or back to ``open`` (not accepted); ``extended`` (a new
deadline, with the reason; counts as open); ``cancelled``. Nothing is ever deleted or
overwritten without trace: every change is an event (``instruction_event``: who, when,
what, the status and deadline after it, the text — a report, a reason), and the
database refuses UPDATE and DELETE on events (triggers, like the audit log).

Visibility follows the access scope (``queries.scope``): a scoped user sees an
instruction when one of its responsible bodies is within the scope (a scope concern,
or a scope oblast); an instruction naming only free-text bodies is seen by unscoped
users only. ``list_instructions`` applies it, counts included.

Keys: ``<meeting>-<n>`` (``2026-12-04-3``: the third instruction of that meeting) or
``<date>-<n>`` for one given between meetings; readable in a link and in a protocol.

Input is validated here: texts trimmed, lengths limited, kept as typed; a deadline in
the past, an unknown body, a body outside the secretary's scope, a target the data
cannot compute for the chosen subject: refused with ``InstructionError`` (message id
``instr.err.<key>``), nothing saved.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import insert, select, text, update

from . import appstore
from . import scope as access
from .appstore_tables import INSTRUCTION_STATUSES, instruction, instruction_event
from .meetings import day_of

TEXT_MAX = 2000
PERSON_MAX = 200
OTHERS_MAX = 500
REASON_MAX = 1000
REPORT_MAX = 4000
ATTACH_MAX = 1000
BODIES_MAX = 20
BODY_RE = re.compile(r"^(concern|oblast):([A-Za-z0-9_-]{1,32})$")
ID_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:-\d{1,2})?-\d{1,3}$")
OPEN = ("open", "reported", "extended")   # still to be met


class InstructionError(ValueError):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


@dataclass(frozen=True)
class Target:
    metric: str                  # a key of instruction_metrics.METRICS
    subject: dict                # {"concern": "bellegprom"} / {"enterprise": 12, "region": "RU-MOW"}
    value: float                 # the target value (the metric's unit)
    by: date                     # the target date
    baseline: float | None = None  # the metric when the instruction was given
    since: date | None = None      # the month the baseline is of


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: str
    kind: str          # create, edit, report, accept, reject, extend, cancel
    status: str        # the status after the event
    deadline: date     # the deadline after the event
    text: str = ""     # report, reason, what changed
    attachments: str = ""  # descriptions of attachments (a report's)


@dataclass(frozen=True)
class Instruction:
    instruction_id: str
    text: str
    bodies: tuple[str, ...]
    others: str
    person: str
    deadline: date
    status: str
    meeting_id: str | None
    step: int | None
    view_path: str
    view_search: str
    figures: dict = field(default_factory=dict)
    target: Target | None = None
    created_at: datetime | None = None
    created_by: str = ""
    events: tuple[Event, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def overdue(self, today: date) -> bool:
        return self.is_open and self.deadline < today


# -- input --------------------------------------------------------------------------------

def _shown(value, limit: int = 40) -> str:
    text_ = str(value if value is not None else "")
    return text_ if len(text_) <= limit else text_[: limit - 1] + "…"


def clean_text(value, limit: int, key: str, required: bool = True) -> str:
    """Trimmed (inner runs of spaces kept as typed, line breaks kept), at most
    ``limit`` characters; empty refused when ``required``."""
    raw = str(value if value is not None else "").strip()
    raw = "\n".join(line.rstrip() for line in raw.splitlines())
    if required and not raw:
        raise InstructionError(f"{key}_empty")
    if len(raw) > limit:
        raise InstructionError(f"{key}_long", n=limit)
    return raw


def parse_date(value, key: str = "bad_deadline") -> date:
    found = day_of(value)  # the meetings' reading of a typed date
    if found is None:
        raise InstructionError(key, value=_shown(
            str(value if value is not None else "").strip(), 20))
    return found


def clean_bodies(bodies, known: set[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for item in bodies or ():
        item = str(item).strip()
        if not BODY_RE.match(item):
            raise InstructionError("bad_body", body=_shown(item))
        if known is not None and item not in known:
            raise InstructionError("unknown_body", body=_shown(item))
        if item not in out:
            out.append(item)
    if len(out) > BODIES_MAX:
        raise InstructionError("too_many_bodies", n=BODIES_MAX)
    return tuple(out)


def _in_scope(bodies: tuple[str, ...], scope) -> bool:
    if scope is None:
        return True
    for body in bodies:
        kind, _, value = body.partition(":")
        if (kind == "concern" and value in scope.concerns) or \
                (kind == "oblast" and value in scope.oblasts):
            return True
    return False


def check_id(instruction_id) -> str:
    if not isinstance(instruction_id, str) or not ID_RE.match(instruction_id):
        raise InstructionError("unknown", instruction=_shown(instruction_id, 30))
    return instruction_id


# -- reading ------------------------------------------------------------------------------

def _utc(value):
    return None if value is None else value.replace(tzinfo=UTC)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _target(row) -> Target | None:
    if not row.target_metric:
        return None
    return Target(row.target_metric, json.loads(row.target_subject or "{}"),
                  float(row.target_value), row.target_by,
                  None if row.target_baseline is None else float(row.target_baseline),
                  row.target_since)


def _build(rows, events) -> list[Instruction]:
    by_id: dict[str, list[Event]] = {}
    for e in events:
        by_id.setdefault(e.instruction_id, []).append(Event(
            _utc(e.at), e.actor, e.kind, e.status, e.deadline, e.text, e.attachments))
    return [Instruction(
        r.instruction_id, r.text, tuple(b for b in r.bodies.split() if b), r.others,
        r.person, r.deadline, r.status, r.meeting_id, r.step, r.view_path, r.view_search,
        json.loads(r.figures or "{}"), _target(r), _utc(r.created_at), r.created_by,
        tuple(by_id.get(r.instruction_id, ()))) for r in rows]


def list_instructions(meeting_id: str | None = None, scope=access.current) -> list[Instruction]:
    """The instructions the scope may see (default: the request's), deadline first,
    with their history. ``meeting_id``: only those given at that meeting."""
    scope = scope() if callable(scope) else scope
    q = select(instruction).order_by(instruction.c.deadline, instruction.c.instruction_id)
    e = select(instruction_event).order_by(instruction_event.c.at,
                                           instruction_event.c.event_id)
    if meeting_id is not None:
        q = q.where(instruction.c.meeting_id == meeting_id)
    with appstore.transaction(write=False) as conn:
        rows = list(conn.execute(q))
        events = list(conn.execute(e)) if rows else []
    found = _build(rows, events)
    return [i for i in found if _in_scope(i.bodies, scope) and (scope is None or i.bodies)]


def get_instruction(instruction_id, scope=access.current) -> Instruction:
    """One instruction; "unknown" also when the scope may not see it (no hint that it
    exists)."""
    instruction_id = check_id(instruction_id)
    scope = scope() if callable(scope) else scope
    with appstore.transaction(write=False) as conn:
        rows = list(conn.execute(select(instruction).where(
            instruction.c.instruction_id == instruction_id)))
        events = list(conn.execute(select(instruction_event).where(
            instruction_event.c.instruction_id == instruction_id).order_by(
            instruction_event.c.at, instruction_event.c.event_id)))
    found = _build(rows, events)
    if not found or not (_in_scope(found[0].bodies, scope) and (scope is None or found[0].bodies)):
        raise InstructionError("unknown", instruction=instruction_id)
    return found[0]


def for_bodies(concerns=(), oblasts=(), enterprise_concern: str | None = None,
               enterprise_oblast: str | None = None) -> list[Instruction]:
    """Open instructions (within the request's scope) whose responsible bodies include
    one of ``concerns`` / ``oblasts`` — for the badge on every page and the card."""
    wanted = {f"concern:{c}" for c in concerns} | {f"oblast:{o}" for o in oblasts}
    if enterprise_concern:
        wanted.add(f"concern:{enterprise_concern}")
    if enterprise_oblast:
        wanted.add(f"oblast:{enterprise_oblast}")
    return [i for i in list_instructions() if i.is_open and wanted & set(i.bodies)]


# -- writing ------------------------------------------------------------------------------

def _lock(conn) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(74120733)"))


def _new_key(conn, prefix: str) -> str:
    taken = {r[0] for r in conn.execute(select(instruction.c.instruction_id).where(
        instruction.c.instruction_id.like(prefix + "-%")))}
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"


def _event(conn, instruction_id: str, actor: str, kind: str, status: str,
           deadline: date, text_: str = "", attachments: str = "") -> None:
    conn.execute(insert(instruction_event).values(
        event_id=f"{int(datetime.now(UTC).timestamp() * 1000):013d}{secrets.token_hex(4)}",
        instruction_id=instruction_id, at=_now(), actor=actor or "-", kind=kind,
        status=status, deadline=deadline, text=text_, attachments=attachments))


def create_instruction(*, text_, bodies=(), others="", person="", deadline, actor: str,
                       today: date | None = None, meeting_id: str | None = None,
                       step: int | None = None, view_path: str = "", view_search: str = "",
                       figures: dict | None = None, target: Target | None = None,
                       known_bodies: set[str] | None = None, scope=access.current
                       ) -> Instruction:
    """A new open instruction. ``target``: already checked by the caller against the
    data (``instruction_metrics.check_target``, which also gives its baseline)."""
    scope = scope() if callable(scope) else scope
    today = today or date.today()
    body_text = clean_text(text_, TEXT_MAX, "text")
    bodies = clean_bodies(bodies, known_bodies)
    others = clean_text(others, OTHERS_MAX, "others", required=False)
    person = clean_text(person, PERSON_MAX, "person", required=False)
    day = parse_date(deadline)
    if day < today:
        raise InstructionError("deadline_past", day=day.strftime("%d.%m.%Y"))
    if not bodies and not others:
        raise InstructionError("no_body")
    if scope is not None:
        outside = [b for b in bodies if not _in_scope((b,), scope)]
        if outside or not bodies:
            raise InstructionError("body_outside", body=_shown(outside[0] if outside
                                                               else others))
    if target is not None and target.by < today:
        raise InstructionError("target_past", day=target.by.strftime("%d.%m.%Y"))
    prefix = meeting_id or today.isoformat()
    with appstore.transaction(write=True) as conn:
        _lock(conn)
        key = _new_key(conn, prefix)
        now = _now()
        conn.execute(insert(instruction).values(
            instruction_id=key, text=body_text, bodies=" ".join(bodies), others=others,
            person=person, deadline=day, status="open", meeting_id=meeting_id,
            step=step, view_path=str(view_path or "")[:200],
            view_search=str(view_search or "")[:2000],
            figures=json.dumps(figures or {}, ensure_ascii=False, sort_keys=True),
            target_metric=target.metric if target else None,
            target_subject=json.dumps(target.subject, sort_keys=True) if target else None,
            target_value=target.value if target else None,
            target_by=target.by if target else None,
            target_baseline=target.baseline if target else None,
            target_since=target.since if target else None,
            created_at=now, created_by=actor or "-", updated_at=now))
        _event(conn, key, actor, "create", "open", day)
    return get_instruction(key, scope=None)


def _change(instruction_id: str, actor: str, kind: str, *, allowed_from: tuple[str, ...],
            status: str | None = None, deadline: date | None = None, text_: str = "",
            attachments: str = "", values: dict | None = None) -> Instruction:
    current = get_instruction(instruction_id, scope=None)
    if current.status not in allowed_from:
        raise InstructionError("bad_transition", status=current.status, kind=kind)
    new_status = status or current.status
    new_deadline = deadline or current.deadline
    with appstore.transaction(write=True) as conn:
        _lock(conn)
        again = conn.execute(select(instruction.c.status).where(
            instruction.c.instruction_id == current.instruction_id)).scalar()
        if again != current.status:  # changed meanwhile: refuse rather than overwrite
            raise InstructionError("changed_meanwhile")
        conn.execute(update(instruction)
                     .where(instruction.c.instruction_id == current.instruction_id)
                     .values(status=new_status, deadline=new_deadline, updated_at=_now(),
                             **(values or {})))
        _event(conn, current.instruction_id, actor, kind, new_status, new_deadline,
               text_, attachments)
    return get_instruction(current.instruction_id, scope=None)


def report(instruction_id, report_text, attachments: str, actor: str,
           scope=access.current) -> Instruction:
    """A responsible body's progress report (its user, within the scope)."""
    scope = scope() if callable(scope) else scope
    found = get_instruction(instruction_id, scope=scope)  # unknown when not theirs
    body = clean_text(report_text, REPORT_MAX, "report")
    files = clean_text(attachments, ATTACH_MAX, "attachments", required=False)
    return _change(found.instruction_id, actor, "report", allowed_from=OPEN,
                   status="reported", text_=body, attachments=files)


def accept(instruction_id, actor: str, note: str = "") -> Instruction:
    """A secretary accepts the report: done."""
    return _change(instruction_id, actor, "accept", allowed_from=("reported",),
                   status="done", text_=clean_text(note, REASON_MAX, "reason", False))


def reject(instruction_id, actor: str, reason: str) -> Instruction:
    """A secretary does not accept the report: open again, with the reason."""
    return _change(instruction_id, actor, "reject", allowed_from=("reported",),
                   status="open", text_=clean_text(reason, REASON_MAX, "reason"))


def extend(instruction_id, new_deadline, reason: str, actor: str,
           today: date | None = None) -> Instruction:
    day = parse_date(new_deadline)
    if day < (today or date.today()):
        raise InstructionError("deadline_past", day=day.strftime("%d.%m.%Y"))
    return _change(instruction_id, actor, "extend", allowed_from=OPEN, status="extended",
                   deadline=day, text_=clean_text(reason, REASON_MAX, "reason"))


def cancel(instruction_id, reason: str, actor: str) -> Instruction:
    return _change(instruction_id, actor, "cancel", allowed_from=OPEN, status="cancelled",
                   text_=clean_text(reason, REASON_MAX, "reason"))


def edit(instruction_id, actor: str, *, text_=None, person=None, others=None) -> Instruction:
    """A secretary corrects the wording, the person or the free-text bodies; the event
    keeps what it was."""
    current = get_instruction(instruction_id, scope=None)
    values, was = {}, []
    if text_ is not None and clean_text(text_, TEXT_MAX, "text") != current.text:
        values["text"] = clean_text(text_, TEXT_MAX, "text")
        was.append(f"text: {current.text}")
    if person is not None and clean_text(person, PERSON_MAX, "person", False) != current.person:
        values["person"] = clean_text(person, PERSON_MAX, "person", False)
        was.append(f"person: {current.person}")
    if others is not None and clean_text(others, OTHERS_MAX, "others", False) != current.others:
        values["others"] = clean_text(others, OTHERS_MAX, "others", False)
        was.append(f"others: {current.others}")
    if not values:
        raise InstructionError("nothing_changed")
    return _change(current.instruction_id, actor, "edit",
                   allowed_from=INSTRUCTION_STATUSES, text_="\n".join(was)[:REASON_MAX],
                   values=values)
