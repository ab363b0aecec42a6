"""Nothing is served in server mode without a signed-in user, and each route asks for
the permission it needs (``access/roles.py``).

Open to everyone: the sign-in page and its stylesheet, ``/health`` (which then says only
ok / not ok) and the favicon. Everything else — pages, Dash's layout, dependencies and
callbacks, its JavaScript bundles, ``/assets`` (the region polygons are data too),
downloads, handouts, the Import page — answers a request without a session with a
redirect to the sign-in page (a browser asking for a page) or 401 (anything else).

Per permission: downloads and handouts need ``download``; the Import page and its
callbacks ``import``; the administrators' pages ``users`` / ``audit``. A Dash page that
needs a permission wraps its layout in ``requires`` (``dashboard/auth/pages.py``): a user
without it sees a page saying which role it takes, and the page's callbacks check the
same permission before they do anything.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, g, redirect, request

from access.roles import AUDIT, DOWNLOAD, IMPORT, USERS, can

from ..i18n import t
from ..state import lang_of
from . import mode

PUBLIC = {"/sign-in", "/sign-in.css", "/health", "/favicon.ico"}

# (path prefix, permission) — the first match decides
# (Dash pages such as /import or /admin are one HTML shell for every path; their
# layouts and callbacks check their own permission, dashboard/auth/pages.py)
ROUTE_PERMISSIONS = (
    ("/download/", DOWNLOAD),
)


def _is_handout(path: str) -> bool:
    # (the meeting's protocol too: a file to take away, like the handout)
    return path.startswith(("/agenda/", "/meeting/")) and path.endswith(
        ("/handout.pdf", "/protocol.docx", "/protocol.pdf"))


def _wants_page() -> bool:
    if request.method != "GET":
        return False
    path = request.path
    if path.startswith(("/_dash", "/assets/", "/_reload", "/download/")) or _is_handout(path):
        return False
    if path.startswith("/meeting/") and path.endswith("/position"):
        return False  # the followers' poll (assets/follow.js) is no page: a 401, no redirect
    return "text/html" in request.headers.get("Accept", "") or "." not in path.rsplit("/", 1)[-1]


def _refused(status: int, text: str) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain",
                    headers={"Cache-Control": "no-store"})


def required_permission(path: str) -> str | None:
    if _is_handout(path):
        return DOWNLOAD
    for prefix, permission in ROUTE_PERMISSIONS:
        if path.startswith(prefix):
            return permission
    return None


def check_request():
    """Flask ``before_request`` (after ``session.load_user``)."""
    if request.path in PUBLIC:
        return None
    user = g.get("user")
    if user is None:
        if mode.is_local():  # cannot happen: local mode always has its user
            return None
        if _wants_page():
            target = request.full_path.rstrip("?")
            lang = request.args.get("lang", "")
            keep = f"lang={lang}&" if lang in ("ru", "en", "de") else ""  # the page's language
            return redirect(f"/sign-in?{keep}next=" + quote(target, safe=""), code=303)
        return _refused(401, t("auth.sign_in_first", lang_of(request.args.get("lang"))))
    permission = required_permission(request.path)
    if permission is None and request.path.endswith("/_dash-update-component"):
        from .pages import callback_permission
        body = request.get_json(silent=True)
        if isinstance(body, dict):
            permission = callback_permission(body.get("output"))
    if permission and not can(user.roles, permission):
        return _refused(403, t("auth.refused", lang_of(request.args.get("lang")),
                               roles=", ".join(sorted(user.roles)), permission=permission))
    return None


def allowed(permission: str) -> bool:
    """Whether the request's user has ``permission`` (for pages that hide a control)."""
    user = g.get("user")
    return user is not None and can(user.roles, permission)


__all__ = ["check_request", "allowed", "IMPORT", "DOWNLOAD", "USERS", "AUDIT"]
