"""The frame around every page: header with navigation and the data's freshness,
the messages bar, and the error panel."""

from __future__ import annotations

import math

import dash
from dash import dcc, html

from queries.dimensions import Dimensions
from queries.filters import Problem

from ..formatting import pct
from ..i18n import LANGS, month_name, t
from ..state import search_of


def nav_pages() -> list[tuple[str, str]]:
    """(path, message id) of every page registered with ``nav_key``, by ``order``."""
    from ..auth.pages import visible

    pages = [p for p in dash.page_registry.values() if p.get("nav_key") and visible(p)]
    return [(p["path"], p["nav_key"]) for p in sorted(pages, key=lambda p: p["order"])]


def nav_group_paths(key: str) -> set[str]:
    """Paths of the pages registered with ``nav_group=key``: the navigation shows one
    link for all of them (the group's own page, e.g. ``/topics``), lit on each. Ten
    links would not fit the shared screen's header in German."""
    return {p["path"] for p in dash.page_registry.values() if p.get("nav_group") == key}


def _active(path: str, key: str, active_path: str) -> bool:
    return path == active_path or active_path in nav_group_paths(key)


def freshness(dims: Dimensions | None, lang: str = "ru") -> html.Div:
    if dims is None or dims.latest_month is None:
        return html.Div(t("fresh.none", lang), className="freshness", id="freshness")
    # "data to" names the last complete month; the later, partly reported months say
    # how much of them is in (queries.dimensions.reporting)
    complete = dims.complete_month or dims.latest_month
    month = (f"{month_name(complete.month, lang, capital=lang != 'ru')} "
             f"{complete.year}")
    parts = [t("fresh.data_to", lang, month=month)]
    for partial, share in dims.partial_months:
        # floored: 89.6 % is not yet the 90 % a complete month needs
        parts.append(t("fresh.partial", lang, share=pct(math.floor(share), lang, decimals=0),
                       month=month_name(partial.month, lang, capital=True)))
    if dims.loaded_at is not None:
        parts.append(t("fresh.loaded", lang,
                       when=dims.loaded_at.strftime("%d.%m.%Y %H:%M UTC")))
    return html.Div(" · ".join(parts), className="freshness", id="freshness")


def view_switches(path: str, params: dict[str, str], lang: str, present: bool) -> html.Div:
    """The language switcher (RU · EN · DE) and the presentation-theme toggle: links to
    this very view with ``lang`` or ``present`` changed, so a switch is a link too."""
    def link(**changes) -> str:
        new = {**params, **changes}
        return path + search_of({k: v for k, v in new.items() if v not in ("", None)})

    langs = [dcc.Link(code.upper(), href=link(lang=code), id=f"lang-{code}",
                      className="lang-link active" if code == lang else "lang-link",
                      title=t(f"lang.{code}", code))
             for code in LANGS]
    toggle = dcc.Link(t("present.off" if present else "present.on", lang),
                      href=link(present="" if present else "1"), id="present-toggle",
                      className="present-toggle", title=t("present.hint", lang))
    return html.Div([html.Div(langs, className="lang-switch", id="lang-switch"), toggle],
                    className="view-switches")


def header(active_path: str, search: str, dims: Dimensions | None, lang: str = "ru",
           params: dict[str, str] | None = None, present: bool = False, tools=()):
    """``params``: this view's URL parameters (for the language and theme switches);
    ``tools``: further controls on the right (downloads, add to agenda)."""
    links = [
        dcc.Link(t(key, lang), href=path + search,
                 className="nav-link active" if _active(path, key, active_path)
                 else "nav-link",
                 id=f"nav-{key.split('.')[1]}")
        for path, key in nav_pages()
    ]
    return html.Header([
        html.Div([html.Span(t("app.title", lang), className="brand"),
                  html.Span(t("app.subtitle", lang), className="brand-sub"),
                  account(lang, present)],
                 className="brand-block"),
        html.Nav(links, className="nav"),
        freshness(dims, lang),
        *[tool for tool in tools if tool is not None],
        view_switches(active_path, params or {}, lang, present),
    ], className="app-header")


def account(lang: str, present: bool = False):
    """Who is using the app: "local mode" (no sign-in; dashboard/auth/mode.py), or the
    signed-in user's name and a sign-out button (a POST form with its CSRF token).
    The shared screen shows neither: the meeting reads figures, not the presenter's
    account."""
    from flask import has_request_context
    from flask_wtf.csrf import generate_csrf

    from ..auth import mode
    from ..auth.session import current_user

    if present or not has_request_context():
        return None
    if mode.is_local():
        return html.Span(t("auth.local_mode", lang), className="account local-mode",
                         id="account", title=t("auth.local_mode_hint", lang))
    user = current_user()
    if user is None:
        return None
    return html.Form([
        html.Span(user.display_name or user.name, className="account-name"),
        dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
        dcc.Input(type="hidden", name="lang", value=lang),
        html.Button(t("auth.sign_out", lang), type="submit", className="sign-out",
                    id="sign-out"),
    ], method="POST", action="/sign-out", className="account", id="account")


def messages(problems: list[Problem], lang: str = "ru"):
    if not problems:
        return html.Div(id="messages", className="messages empty")
    return html.Div([html.Div(t(f"msg.{p.key}", lang, **_named(p.params, lang)),
                              className="message")
                     for p in problems], id="messages", className="messages", role="alert")


def _named(params: dict, lang: str) -> dict:
    """A problem's ``field`` (the URL parameter, e.g. ``concern``) by its label in the
    filter bar in Russian and German; English messages name the parameter itself, which
    reads as plain English ("Unknown concern ignored")."""
    field = params.get("field")
    label = t(f"filter.{field}", lang) if field and lang != "en" else ""
    if label and label != f"filter.{field}":
        return {**params, "field": label}
    return params


def error_page(active_path: str, reason: str, lang: str = "ru"):
    return html.Div([
        header(active_path, "", None, lang),
        html.Div(html.Div(t("msg.db_error", lang, reason=reason), className="message error"),
                 id="messages", className="messages", role="alert"),
    ], className="page")
