"""Security headers on every response, and the CSRF cookie the Dash renderer reads.

Content-Security-Policy — what the app really runs under (a browser test fails on any
violation in the console, tests/test_auth_browser.py):

* ``script-src 'self'`` plus the hashes of Dash's own inline scripts
  (``app.csp_hashes()``, taken at the first response, once Dash has set them up). No
  ``'unsafe-eval'``: dash-ag-grid evaluates the tables' ``{"function": "..."}`` settings
  with its own parser, and Plotly draws without ``eval`` — measured: every page and
  step draws its charts and formatted tables with no CSP report in the console.
  No script from another origin, no inline script but Dash's hashed ones.
* ``style-src 'self' 'unsafe-inline'``: Plotly, AG Grid's themes and React set styles
  at run time through ``<style>`` elements and style attributes; styles cannot run code.
* ``img-src 'self' data: blob:``: Plotly's image export and AG Grid's icons use data URLs.
* ``connect-src 'self'``, ``font-src 'self' data:``, ``object-src 'none'``,
  ``base-uri 'self'``, ``form-action 'self'``, ``frame-ancestors 'none'``.

Also ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin``,
``X-Frame-Options: DENY`` (older browsers), and in server mode ``Cache-Control:
no-store`` on everything but the versioned static bundles, so the back button after
signing out shows no data.

CSRF: Flask-WTF's ``CSRFProtect`` checks every POST (Dash callbacks included; the
renderer sends ``X-CSRFToken`` from the ``_csrf_token`` cookie set here, the sign-in
and sign-out forms a hidden field). Without a valid token: 400, nothing changed.
"""

from __future__ import annotations

from flask import Response, request
from flask_wtf.csrf import generate_csrf

from queries import settings

from . import mode

CSRF_COOKIE = "_csrf_token"


def content_security_policy(script_hashes: list[str]) -> str:
    hashes = " ".join(h if h.startswith("'") else f"'{h}'" for h in script_hashes)
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {hashes}".strip(),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def make_after_request(app):
    """``app``: the Dash app, whose inline scripts are hashed at its first response
    (Dash sets them up when it serves its first request)."""
    csp: dict = {}

    def add_headers(response: Response) -> Response:
        h = response.headers
        if "value" not in csp and getattr(app, "_got_first_request", {}).get("setup_server"):
            csp["value"] = content_security_policy(app.csp_hashes())
        h["Content-Security-Policy"] = csp.get("value") or content_security_policy(
            app.csp_hashes())
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "same-origin"
        h["X-Frame-Options"] = "DENY"
        static = request.path.startswith("/_dash-component-suites/")
        if not mode.is_local() and not static:
            h["Cache-Control"] = "no-store"
        if response.mimetype == "text/html" or request.path.endswith(
                "/_dash-update-component") or request.path == "/sign-in":
            response.set_cookie(CSRF_COOKIE, generate_csrf(), httponly=False,
                                samesite="Lax",
                                secure=bool(settings.get("EXPORT_MONITOR_SECURE_COOKIES")))
        return response
    return add_headers
