"""The audit log, in the app store (table ``audit_log``), append-only: this module
writes rows and reads them, and has no way to change or remove one. The store refuses
too: on PostgreSQL and SQLite a trigger (migration 0001) rejects UPDATE and DELETE
(and TRUNCATE on PostgreSQL).

A row says who (``actor``: a user name, ``cli:<login>`` for the command line, ``-``
for a sign-in without a name), when (``at``, UTC), from where (``address``), what
(``action``, a short word such as sign_in, sign_in_failed, sign_out, download, handout,
import, agenda_change, user_change, scope_change) on what (``target``: the view's URL,
the file …) and ``detail``. Free texts are clipped to their limits, never refused: a
long URL must not cost its audit row.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select

from . import appstore
from .appstore_tables import audit_log

ACTIONS = ("sign_in", "sign_in_failed", "sign_out", "download", "handout", "import",
           "agenda_change", "user_change", "scope_change")
ACTION_RE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
LIMITS = {"actor": 80, "target": 2000, "address": 64, "detail": 4000}
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class AuditEntry:
    id: str
    at: datetime  # UTC, aware
    actor: str
    action: str
    target: str
    address: str
    detail: str


def _clip(value, limit: int) -> str:
    s = "".join(ch if ch.isprintable() else " " for ch in str(value or ""))
    return s if len(s) <= limit else s[:limit - 1] + "…"


def _new_id() -> str:
    """Time-ordered: milliseconds since 1970 (13 hex digits) and 64 random bits."""
    return f"{int(time.time() * 1000):013x}{secrets.token_hex(8)}"


def record(actor, action, target="", address="", detail="") -> str:
    """Append one row; returns its id. ``action`` must be a short lower-case word
    (ValueError otherwise: that is a mistake in the code, not in the input)."""
    if not isinstance(action, str) or not ACTION_RE.match(action):
        raise ValueError(f"audit action {action!r}: a short lower-case word "
                         "(letters, digits, _), 2-40 characters, e.g. sign_in")
    row = {"id": _new_id(), "at": datetime.now(UTC).replace(tzinfo=None),
           "actor": _clip(actor, LIMITS["actor"]) or "-", "action": action,
           "target": _clip(target, LIMITS["target"]),
           "address": _clip(address, LIMITS["address"]),
           "detail": _clip(detail, LIMITS["detail"])}
    with appstore.transaction() as conn:
        conn.execute(insert(audit_log).values(**row))
    return row["id"]


def entries(limit: int = 200, actor: str | None = None, action: str | None = None,
            since: datetime | None = None) -> list[AuditEntry]:
    """The newest rows first (at most ``limit``, itself at most 10,000), optionally of
    one actor, of one action, at or after ``since`` (aware or naive UTC)."""
    limit = max(1, min(int(limit), MAX_ENTRIES))
    q = select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.id.desc()).limit(limit)
    if actor:
        q = q.where(audit_log.c.actor == str(actor)[:LIMITS["actor"]])
    if action:
        q = q.where(audit_log.c.action == str(action)[:40])
    if since is not None:
        if since.tzinfo is not None:
            since = since.astimezone(UTC).replace(tzinfo=None)
        q = q.where(audit_log.c.at >= since)
    with appstore.transaction(write=False) as conn:
        rows = list(conn.execute(q))
    return [AuditEntry(r.id, r.at.replace(tzinfo=UTC), r.actor, r.action, r.target,
                       r.address, r.detail) for r in rows]
