"""Roles and what each may do. A user has one or more roles; a permission is granted
when any of them grants it. Scope (which concerns and oblasts) is separate: every role
sees only its scope (queries/scope.py).

| role      | may                                                               |
|-----------|-------------------------------------------------------------------|
| viewer    | the pages, agenda steps and enterprise cards within the scope     |
| analyst   | + downloads (CSV, XLSX, handouts), agendas of their own, progress reports on their bodies' instructions |
| secretary | + every agenda; meetings: create, edit, freeze editions, present; instructions: give, edit, accept or not, extend, cancel |
| steward   | + imports: the Import page and its load                           |
| admin     | + users and their scopes, the audit log                           |

Every role may view; the others add to viewing. An administrator manages accounts, and
is not by that alone a data steward or a secretary: give those roles too where one
person does both.
"""

from __future__ import annotations

ROLES = ("viewer", "analyst", "secretary", "steward", "admin")

VIEW, DOWNLOAD, OWN_AGENDAS, AGENDAS, IMPORT, USERS, AUDIT, MEETINGS, REPORT = (
    "view", "download", "own_agendas", "agendas", "import", "users", "audit", "meetings",
    "report")

GRANTS: dict[str, frozenset[str]] = {
    "viewer": frozenset({VIEW}),
    "analyst": frozenset({VIEW, DOWNLOAD, OWN_AGENDAS, REPORT}),
    "secretary": frozenset({VIEW, DOWNLOAD, OWN_AGENDAS, AGENDAS, MEETINGS, REPORT}),
    "steward": frozenset({VIEW, IMPORT}),
    "admin": frozenset({VIEW, USERS, AUDIT}),
}

EVERYTHING = frozenset().union(*GRANTS.values())


def permissions(roles) -> frozenset[str]:
    return frozenset().union(*(GRANTS.get(r, frozenset()) for r in roles))


def can(roles, permission: str) -> bool:
    return permission in permissions(roles)
