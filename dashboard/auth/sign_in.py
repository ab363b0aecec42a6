"""The sign-in page (GET/POST ``/sign-in``) and sign-out (POST ``/sign-out``).

A plain server-rendered form in the product's look and the three languages (``lang=``
or the browser's Accept-Language), with no Dash and no data behind it, so that it is
the one page an anonymous visitor can open.

* Local accounts are checked first (Argon2id, ``queries.accounts.authenticate``); a name
  that is not a local account goes to the directory when ``EXPORT_MONITOR_LDAP_CONFIG``
  is set (``access.ldap_login``), and a directory user's roles and scope are copied into
  the app store at each sign-in (``sync_directory_user``).
* No account enumeration: an unknown name, a wrong password and a disabled account get
  the same words, the same status and the same work (an unknown name costs a dummy
  Argon2 verification).
* Attempts are limited per account name and per address (Flask-Limiter; the counts
  live in Redis when ``EXPORT_MONITOR_REDIS_URL`` is set, so every worker sees them);
  only failed attempts count. Over the limit: 429 and a message saying how long to wait.
* Success: a new server-side session (a fresh id: no session fixation), audited, and a
  redirect to the page the user asked for (``next``; only a path of this site).
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from flask import Response, g, redirect, request, session
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded

from queries import settings

from ..i18n import LANGS, t
from ..state import lang_of

log = logging.getLogger(__name__)

CSS = (Path(__file__).with_name("sign_in.css")).read_text(encoding="utf-8")

limiter = Limiter(key_func=lambda: request.remote_addr or "?", default_limits=[],
                  headers_enabled=False, swallow_errors=True,
                  key_prefix="em-sign-in")


def _account_key() -> str:
    return "account:" + str(request.form.get("name", ""))[:64].strip().lower()


def _address_key() -> str:
    return "address:" + (request.remote_addr or "?")


def _failed(response: Response) -> bool:
    return response.status_code != 303


def _safe_next(target: str | None) -> str:
    target = (target or "").strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target \
            or target.startswith("/sign-"):
        return "/"
    return target[:2000]


def page(lang: str, message: str = "", info: bool = False, status: int = 200,
         name: str = "") -> Response:
    from flask_wtf.csrf import generate_csrf

    nxt = _safe_next(request.values.get("next"))
    langs = "".join(
        f'<a href="/sign-in?lang={code}&amp;next={html.escape(nxt, quote=True)}"'
        f'{" class=on" if code == lang else ""}>{code.upper()}</a>' for code in LANGS)
    note = (f'<p class="msg{" info" if info else ""}" role="alert">{html.escape(message)}</p>'
            if message else "")
    body = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(t("auth.title", lang))} · {html.escape(t("app.title", lang))}</title>
<link rel="stylesheet" href="/sign-in.css"></head>
<body><header><span class="brand">{html.escape(t("app.title", lang))}</span>
<nav class="langs">{langs}</nav></header>
<main><h1>{html.escape(t("auth.title", lang))}</h1>
<p class="lead">{html.escape(t("auth.lead", lang))}</p>{note}
<form method="post" action="/sign-in">
<input type="hidden" name="csrf_token" value="{generate_csrf()}">
<input type="hidden" name="next" value="{html.escape(nxt, quote=True)}">
<input type="hidden" name="lang" value="{lang}">
<label for="name">{html.escape(t("auth.name", lang))}</label>
<input type="text" id="name" name="name" autocomplete="username" required autofocus
 maxlength="64" value="{html.escape(name, quote=True)}">
<label for="password">{html.escape(t("auth.password", lang))}</label>
<input type="password" id="password" name="password" autocomplete="current-password"
 required maxlength="1000">
<button type="submit">{html.escape(t("auth.submit", lang))}</button>
</form></main></body></html>"""
    return Response(body, status=status, mimetype="text/html",
                    headers={"Cache-Control": "no-store"})


def _authenticate(name: str, password: str):
    """(user or None, directory_down)."""
    from queries import accounts

    local = accounts.get_user(name)
    if local is not None and local.source == "local":
        return accounts.authenticate(name, password), False
    try:
        from access import ldap_login
        config = ldap_login.load_config()
    except Exception:
        log.exception("LDAP configuration cannot be read")
        config = None
    if config is None:
        accounts.authenticate(name, password)  # unknown: the same work as a wrong password
        return None, False
    try:
        found = ldap_login.directory_login(name, password, config)
    except ldap_login.DirectoryUnavailable as exc:
        log.warning("directory sign-in of %r failed: %s", name[:64], exc)
        return None, True
    if found is None:
        return None, False
    return accounts.sync_directory_user(found.name, found.display_name, found.roles,
                                        found.concerns, found.oblasts), False


def sign_in_get():
    lang = lang_of(request.args.get("lang"))
    if g.get("user") is not None and request.args.get("next"):
        return redirect(_safe_next(request.args.get("next")), code=303)
    if request.args.get("expired"):
        return page(lang, t("auth.expired", lang), info=True)
    if request.args.get("out"):
        return page(lang, t("auth.signed_out", lang), info=True)
    return page(lang)


def sign_in_post():
    from queries import accounts, audit

    lang = lang_of(request.form.get("lang"))
    name = str(request.form.get("name", ""))[:64].strip().lower()
    password = str(request.form.get("password", ""))[:1000]
    address = request.remote_addr or ""
    user, directory_down = (None, False)
    if name and password:
        user, directory_down = _authenticate(name, password)
    if user is None:
        audit.record(name or "-", "sign_in_failed", target="/sign-in", address=address)
        message = t("auth.directory_down" if directory_down else "auth.wrong", lang)
        return page(lang, message, status=401, name=name)
    # a new session id at every sign-in (no fixation); the old one, if any, ends
    old = session.pop("sid", None)
    if old:
        accounts.end_session(old)
    session.clear()
    session["sid"] = accounts.create_session(user.name, address)
    session["epoch"] = user.epoch
    session.permanent = True
    audit.record(user.name, "sign_in", target="/sign-in", address=address)
    return redirect(_safe_next(request.form.get("next")), code=303)


def sign_out():
    from queries import accounts, audit

    lang = lang_of(request.form.get("lang") or request.args.get("lang"))
    sid = session.get("sid")
    user = g.get("user")
    if sid:
        accounts.end_session(sid)
    session.clear()
    if user is not None and getattr(user, "source", "") != "local-mode":
        audit.record(user.name, "sign_out", target="/sign-out",
                     address=request.remote_addr or "")
    return redirect(f"/sign-in?out=1&lang={lang}", code=303)


def too_many(exc: RateLimitExceeded):
    lang = lang_of(request.form.get("lang") if request.method == "POST"
                   else request.args.get("lang"))
    limit = getattr(exc, "limit", None)
    seconds = None
    try:
        seconds = int(limit.limit.get_expiry())
    except Exception:  # noqa: BLE001 - only for the wording
        pass
    minutes = max(1, round((seconds or 60) / 60))
    return page(lang, t("auth.limited", lang, wait=t("auth.minutes", lang, n=minutes)),
                status=429,
                name=str(request.form.get("name", ""))[:64])


def register(server) -> None:
    server.config["RATELIMIT_STORAGE_URI"] = settings.get("EXPORT_MONITOR_REDIS_URL") \
        or "memory://"
    limiter.init_app(server)
    per_account = limiter.limit(lambda: settings.get("EXPORT_MONITOR_SIGN_IN_LIMIT_ACCOUNT"),
                                key_func=_account_key, methods=["POST"],
                                deduct_when=_failed, scope="sign-in-account")
    per_address = limiter.limit(lambda: settings.get("EXPORT_MONITOR_SIGN_IN_LIMIT_ADDRESS"),
                                key_func=_address_key, methods=["POST"],
                                deduct_when=_failed, scope="sign-in-address")

    server.add_url_rule("/sign-in", "sign_in_get", sign_in_get, methods=["GET"])
    server.add_url_rule("/sign-in", "sign_in_post",
                        per_address(per_account(sign_in_post)), methods=["POST"])
    server.add_url_rule("/sign-out", "sign_out", sign_out, methods=["POST"])
    server.add_url_rule("/sign-in.css", "sign_in_css",
                        lambda: Response(CSS, mimetype="text/css"), methods=["GET"])
    server.register_error_handler(RateLimitExceeded, too_many)
