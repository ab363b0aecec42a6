"""Pages and callbacks that need a permission (``access/roles.py``), declared once:

* a page registers with ``permission=`` (``dash.register_page(..., permission=IMPORT)``)
  and its layout goes through ``requires``: a user without the permission sees a page
  saying which role it takes; the header's navigation leaves the page out for them
  (``components/chrome.nav_pages``);
* its callbacks' output ids start with a prefix listed in ``CALLBACK_PERMISSIONS``, and
  ``guard.check_request`` refuses (403) a callback request whose outputs carry one, for
  a user without the permission — before Dash runs it.
"""

from __future__ import annotations

from access.roles import AUDIT, IMPORT, MEETINGS, OWN_AGENDAS, REPORT, USERS, can

# output component-id prefix → the permission its callbacks need (the agenda page's
# editing callback and "+ Agenda" write; reading an agenda's steps needs only "view")
CALLBACK_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("import-", IMPORT),
    ("agenda-add-message", OWN_AGENDAS),
    ("agenda-body", OWN_AGENDAS),
    ("admin-audit-", AUDIT),
    ("admin-", USERS),
    ("meeting-edit", MEETINGS),   # a meeting's page: edit, freeze
    ("meetings-new", MEETINGS),   # /meetings: a new meeting
    ("instrform-", MEETINGS),     # a meeting step: a new instruction (key I)
    ("instract-", REPORT),        # an instruction's report (MEETINGS: the decisions)
)



def callback_permission(output: str) -> str | None:
    """The permission a callback request needs, from its ``output`` string."""
    text = str(output or "")
    for prefix, permission in CALLBACK_PERMISSIONS:
        if text.startswith(prefix) or f"...{prefix}" in text or f'"{prefix}' in text \
                or f"..{prefix}" in text:
            return permission
    return None


def requires(permission: str, layout):
    """``layout`` for users with ``permission``; a refusal page for the others."""
    def guarded(*args, **kwargs):
        from flask import g

        user = g.get("user")
        if user is not None and can(user.roles, permission):
            return layout(*args, **kwargs)
        from ..components.chrome import error_page
        from ..i18n import t
        from ..state import lang_of
        from .session import current_user

        lang = lang_of(kwargs.get("lang"))
        roles = ", ".join(sorted(getattr(current_user(), "roles", ()))) or "–"
        role = {"import": "steward", "users": "admin", "audit": "admin",
                "download": "analyst", "agendas": "secretary",
                "meetings": "secretary"}.get(permission, permission)
        return error_page("", t("auth.not_permitted", lang, role=role, roles=roles), lang)
    return guarded


def visible(page: dict) -> bool:
    """Whether the navigation shows ``page`` (a dash.page_registry entry) to this user."""
    from flask import g, has_request_context

    from . import mode

    if page.get("server_only") and mode.is_local():
        return False  # accounts matter on a server; /admin still opens locally
    permission = page.get("permission")
    if not permission:
        return True
    if not has_request_context():
        return True
    user = g.get("user")
    return user is not None and can(user.roles, permission)
