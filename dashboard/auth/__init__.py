"""Access control of the web app: modes (``mode``), who is asking (``session``), what
they may reach (``guard``), the sign-in page (``sign_in``), security headers and CSRF
(``headers``). ``register(app)`` installs it all on the Flask server; the order of the
request hooks matters and is fixed here:

1. ``session.load_user`` — the user and the request's access scope;
2. ``guard.check_request`` — refuse what the user may not reach (401/403, or a redirect
   to the sign-in page);
3. Flask-WTF's CSRF check of every POST (registered after, so that a request without a
   session is told to sign in, not that its token is missing);
4. after the response, ``headers``: CSP, nosniff, Referrer-Policy, no-store, the CSRF
   cookie; at teardown the scope is forgotten.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Response, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from queries import settings

from . import guard, headers, mode, session, sign_in

csrf = CSRFProtect()


def register(app) -> None:
    server = app.server
    hops = settings.get("EXPORT_MONITOR_PROXY_HOPS")
    if hops > 0:  # behind a TLS proxy: the client's address and scheme from its headers
        from werkzeug.middleware.proxy_fix import ProxyFix
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    server.secret_key = settings.get("EXPORT_MONITOR_SECRET_KEY") or secrets.token_hex(32)
    server.config.update(
        SESSION_COOKIE_NAME="em_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(settings.get("EXPORT_MONITOR_SECURE_COOKIES")),
        PERMANENT_SESSION_LIFETIME=timedelta(
            hours=settings.get("EXPORT_MONITOR_SESSION_MAX_HOURS")),
        WTF_CSRF_TIME_LIMIT=None,  # bound to the session, which has its own lifetimes
        WTF_CSRF_HEADERS=["X-CSRFToken", "X-CSRF-Token"],
    )
    server.before_request(session.load_user)
    server.before_request(guard.check_request)
    csrf.init_app(server)
    server.after_request(headers.make_after_request(app))
    server.teardown_request(session.forget_scope)
    sign_in.register(server)

    @server.errorhandler(CSRFError)
    def refused_csrf(_exc):
        from ..i18n import t
        from ..state import lang_of
        lang = lang_of(request.args.get("lang"))
        if request.path == "/sign-in":
            return sign_in.page(lang, t("auth.csrf", lang), status=400)
        return Response(t("auth.csrf", lang) + "\n", status=400, mimetype="text/plain",
                        headers={"Cache-Control": "no-store"})


__all__ = ["register", "mode", "session", "guard"]
