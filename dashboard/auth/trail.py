"""One call for the web layer's audit rows (``queries.audit``): who (the signed-in user,
"local" in local mode), from where (the client address), what (the view's URL)."""

from __future__ import annotations

import logging

from flask import g, has_request_context, request

log = logging.getLogger(__name__)


def note(action: str, target: str | None = None, detail: str = "") -> None:
    user = g.get("user") if has_request_context() else None
    actor = getattr(user, "name", None) or "-"
    address = (request.remote_addr or "") if has_request_context() else ""
    if target is None and has_request_context():
        target = request.full_path.rstrip("?")
    try:
        from queries import audit
        audit.record(actor, action, target=(target or "")[:2000], address=address,
                     detail=detail[:2000])
    except Exception:  # the trail must not take the user's file away; the log says so
        log.exception("audit: could not record %s of %s", action, actor)
