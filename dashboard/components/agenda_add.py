"""“+ Agenda” in the header: add the view on screen to an agenda as its last step.

A ``<details>`` popover, so it costs the header one short word: opening it loads the
agendas (nothing is read while a page is drawn); the step title is prefilled with the
page's name and the filter's description. Kept unchanged, the title is stored in all
three languages (so a Russian and a German viewer each read it in theirs); edited, it is
stored as typed. The view saved is the one in the address bar — ``_pages_location``'s
path and query string, canonicalised; on an agenda step it is the step's view (saved
view plus any drill). Hidden in the presentation theme (assets/agenda.css).
"""

from __future__ import annotations

import dataclasses
import logging

from dash import Input, Output, State, callback, dcc, html, no_update

from queries import agenda as store

from ..auth import trail
from ..auth.agendas import may_edit
from ..i18n import LANGS, t
from ..state import lang_of, parse_search, search_of, view_params
from .filter_bar import describe

log = logging.getLogger(__name__)

PAGE_NAMES = {"/": "nav.overview", "/exports": "nav.exports", "/trends": "nav.trends",
              "/stock": "nav.stock", "/receivables": "nav.receivables"}


def prefill_title(path: str, state, lang: str) -> str:
    """“Exports · Bellegprom Concern”: the page's name and what the filter shows."""
    st = dataclasses.replace(state, lang=lang, problems=[])
    if path.startswith("/enterprise"):
        raw = str(state.params.get("enterprise_id", ""))
        names = state.dims.name_of("enterprise", lang)
        name = names.get(int(raw)) if raw.isdigit() else None
        page = name or t("title.enterprise", lang).split(" — ")[-1]
        return page[:store.TITLE_MAX]
    page = t(PAGE_NAMES[path], lang) if path in PAGE_NAMES else path
    try:
        scope = describe(state.filter, st)
    except Exception:  # a description is a nicety; the page name will do
        scope = ""
    title = f"{page} · {scope}" if scope and scope != t("scope.all_concerns", lang) else page
    return title[:store.TITLE_MAX]


def agenda_control(path: str, state):
    """The control for the header (see the module docstring)."""
    lang = state.lang
    try:
        prefill = {code: prefill_title(path, state, code) for code in LANGS}
    except Exception:
        log.exception("agenda title for %s", path)
        prefill = dict.fromkeys(LANGS, path)
    return html.Details([
        html.Summary(t("agenda.add_button", lang), id="agenda-add-open",
                     title=t("agenda.add_hint", lang), className="agenda-add-summary"),
        html.Div([
            html.Div(t("agenda.add_hint", lang), className="agenda-add-head"),
            html.Label(t("agenda.add_to", lang), className="agenda-add-label"),
            dcc.Dropdown(id="agenda-add-agenda", options=[], value=None, clearable=False,
                         searchable=False, className="agenda-add-select"),
            html.Label(t("agenda.add_title", lang), className="agenda-add-label"),
            dcc.Input(id="agenda-add-title", value=prefill[lang], type="text",
                      className="agenda-add-input"),
            html.Div([
                html.Button(t("agenda.add_submit", lang), id="agenda-add-submit", n_clicks=0,
                            className="agenda-btn primary"),
                dcc.Link(t("agenda.manage", lang), href="/agenda" + search_of(
                    view_params(state)), className="agenda-add-manage",
                    id="agenda-add-manage"),
            ], className="agenda-add-actions"),
            html.Div(id="agenda-add-message", role="status", className="agenda-add-message"),
            dcc.Store(id="agenda-add-prefill", data=prefill),
        ], className="agenda-add-panel"),
    ], className="agenda-add", id="agenda-add")


def _lang(search: str | None) -> str:
    return lang_of(parse_search(search).get("lang"))


@callback(
    Output("agenda-add-agenda", "options"),
    Output("agenda-add-agenda", "value"),
    Input("agenda-add-open", "n_clicks"),
    State("agenda-add-agenda", "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def load_agendas(_opened, current, search):
    """The agendas, read when the popover is opened (and so always current)."""
    try:
        agendas = store.list_agendas(_lang(search))
    except Exception:
        log.exception("agendas could not be read")
        return [], None
    agendas = [a for a in agendas if may_edit(a)]  # only those this user may change
    options = [{"label": a.title, "value": a.agenda_id} for a in agendas]
    ids = [a.agenda_id for a in agendas]
    return options, current if current in ids else (ids[0] if ids else None)


@callback(
    Output("agenda-add-message", "children"),
    Input("agenda-add-submit", "n_clicks"),
    State("agenda-add-agenda", "value"),
    State("agenda-add-title", "value"),
    State("agenda-add-prefill", "data"),
    State("_pages_location", "pathname"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def add_view(clicks, agenda_id, title, prefill, pathname, search):
    """The view in the address bar → a new last step of the chosen agenda."""
    if not clicks:
        return no_update
    from ..pages.agenda_step import view_of_location  # (pages import this module)
    lang = _lang(search)
    # The browser sends strings; a forged request may send anything (numbers, lists,
    # objects): each such input is treated as missing, and the analyst reads why.
    pathname = pathname if isinstance(pathname, str) else "/"
    search = search if isinstance(search, str) else ""
    title = title if isinstance(title, str) else ""
    try:
        if not agenda_id or not isinstance(agenda_id, str):
            raise store.AgendaError("no_agenda_chosen")
        path, query = view_of_location(pathname, search, lang)
        titles = title
        if isinstance(prefill, dict) and isinstance(title, str) \
                and title.strip() == str(prefill.get(lang, "")).strip() \
                and all(isinstance(prefill.get(code), str) for code in LANGS):
            titles = {code: prefill[code] for code in LANGS}  # untouched: all languages
        chosen = store.get_agenda(agenda_id, lang)
        if chosen is not None and not may_edit(chosen):
            raise store.AgendaError("not_yours", title=chosen.title)
        step = store.add_step(agenda_id, path, query, titles, lang)
        trail.note("agenda_change", f"/agenda/{agenda_id}", detail=f"add {path}{query}")
        agenda = store.get_agenda(agenda_id, lang)
        return html.Span(t("agenda.done_added", lang, agenda=agenda.title if agenda else
                           agenda_id, n=step.position), className="ok")
    except store.AgendaError as exc:
        return html.Span(t(f"agenda.err.{exc.key}", lang, **exc.params), className="error")
    except Exception as exc:
        log.exception("adding a view to agenda %r failed", agenda_id)
        return html.Span(t("agenda.err.store", lang, reason=type(exc).__name__),
                         className="error")
