"""Who may change which agenda (access/roles.py): a secretary every agenda; an analyst
the agendas they created (``Agenda.owner``); nobody else. Shared agendas (no owner:
the working group's default, and every agenda made in local mode) are the
secretaries'. In local mode the one user has every role."""

from __future__ import annotations

from flask import g

from access.roles import AGENDAS, OWN_AGENDAS, can


def may_edit(agenda) -> bool:
    user = g.get("user")
    if user is None:
        return False
    if can(user.roles, AGENDAS):
        return True
    return can(user.roles, OWN_AGENDAS) and getattr(agenda, "owner", None) == user.name


def owner_for_new() -> str | None:
    """The owner of an agenda this user creates: theirs unless they are a secretary
    (a secretary's agendas are the working group's)."""
    user = g.get("user")
    if user is None or can(user.roles, AGENDAS):
        return None
    return user.name
