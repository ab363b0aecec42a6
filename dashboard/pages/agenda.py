"""``/agenda``: the agendas — each with its steps, a Start link to step 1 and the PDF
handout; create, rename and delete an agenda; rename, move up or down and remove a
step. Views are added from any page with “+ Agenda” in the header
(``dashboard/components/agenda_add.py``); a step is shown by ``agenda_step.py``.

All changes go through one callback: the button's pattern-matching id says what to do
(``op``) and to which agenda and step; the title comes from the input with the same
agenda and step. The store (``queries.agenda``) validates everything, so a forged id
or title gives a message and changes nothing; the list is then drawn afresh from the
store, so two people editing at once see each other's changes on their next action.
"""

from __future__ import annotations

import logging

import dash
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from access.roles import DOWNLOAD, OWN_AGENDAS
from queries import agenda as store
from queries.dimensions import dimensions

from ..auth import trail
from ..auth.agendas import may_edit, owner_for_new
from ..auth.guard import allowed
from ..components.chrome import header
from ..components.page_title import page_title
from ..i18n import t
from ..state import lang_of, parse_search, search_of
from .agenda_step import LIST_PATH, flat_params, step_href, view_params_of

log = logging.getLogger(__name__)

OPS = ("create", "rename_agenda", "delete", "rename_step", "up", "down", "remove")


def _op(op: str, agenda_id: str, n: int = 0) -> dict:
    return {"type": "agenda-op", "op": op, "agenda": agenda_id, "step": n}


def _input(agenda_id: str, n: int = 0) -> dict:
    return {"type": "agenda-input", "agenda": agenda_id, "step": n}


def _button(label: str, op: str, agenda_id: str, n: int = 0, hint: str | None = None,
            disabled: bool = False, cls: str = "agenda-btn") -> html.Button:
    return html.Button(label, id=_op(op, agenda_id, n), n_clicks=0, title=hint,
                       disabled=disabled, className=cls)


def _step_row(a: store.Agenda, s: store.Step, keep: dict, lang: str,
              editable: bool = True) -> html.Li:
    last = len(a.steps)
    if not editable:  # read only: the step's number (a link), title and view
        return html.Li([
            dcc.Link(str(s.position), href=step_href(a.agenda_id, s.position, keep),
                     className="agenda-step-no", title=s.title),
            html.Span(s.title, className="agenda-step-title"),
            html.Span(t("agenda.link", lang, path=s.path + s.search), className="agenda-view"),
        ], className="agenda-step-row", id=f"agenda-{a.agenda_id}-step-{s.position}")
    return html.Li([
        dcc.Link(str(s.position), href=step_href(a.agenda_id, s.position, keep),
                 className="agenda-step-no", title=s.title),
        dcc.Input(id=_input(a.agenda_id, s.position), value=s.title, type="text",
                  className="agenda-title-input", debounce=False),
        _button(t("agenda.rename", lang), "rename_step", a.agenda_id, s.position),
        _button("↑", "up", a.agenda_id, s.position, t("agenda.up", lang), s.position == 1),
        _button("↓", "down", a.agenda_id, s.position, t("agenda.down", lang),
                s.position == last),
        _button(t("agenda.remove", lang), "remove", a.agenda_id, s.position,
                cls="agenda-btn danger"),
        html.Span(t("agenda.link", lang, path=s.path + s.search), className="agenda-view"),
    ], className="agenda-step-row", id=f"agenda-{a.agenda_id}-step-{s.position}")


def _panel(a: store.Agenda, keep: dict, lang: str) -> html.Section:
    """An agenda with its steps; its editing controls only for whom may change it
    (dashboard/auth/agendas.py), its handout only for whom may take files away."""
    n = len(a.steps)
    editable = may_edit(a)
    head = [html.H2(a.title, className="agenda-name"),
            html.Span(a.agenda_id, className="agenda-slug"),
            html.Span(t("agenda.steps_n", lang, n=n), className="agenda-count")]
    if n:
        head.append(dcc.Link(t("agenda.start", lang), href=step_href(a.agenda_id, 1, keep),
                             className="agenda-start", id=f"agenda-start-{a.agenda_id}"))
    if allowed(DOWNLOAD):
        head.append(html.A(t("agenda.handout", lang), className="agenda-handout",
                           href=f"{LIST_PATH}/{a.agenda_id}/handout.pdf" + search_of(
                               {"lang": lang}), id=f"agenda-handout-{a.agenda_id}"))
    steps = (html.Ol([_step_row(a, s, keep, lang, editable) for s in a.steps],
                     className="agenda-steps")
             if n else html.P(t("agenda.no_steps", lang), className="agenda-empty"))
    edit = html.Div([
        dcc.Input(id=_input(a.agenda_id), value=a.title, type="text",
                  className="agenda-title-input"),
        _button(t("agenda.rename", lang), "rename_agenda", a.agenda_id),
        html.Details([html.Summary(t("agenda.delete", lang), className="agenda-btn danger"),
                      _button(t("agenda.delete_confirm", lang, title=a.title, n=n), "delete",
                              a.agenda_id, cls="agenda-btn danger")],
                     className="agenda-delete"),
    ], className="agenda-edit")
    return html.Section([html.Div(head, className="agenda-head"), steps,
                         *([edit] if editable else [])],
                        className="agenda-panel", id=f"agenda-{a.agenda_id}")


def agenda_body(lang: str, keep: dict) -> list:
    """Every agenda's panel and the form for a new one (drawn afresh after a change)."""
    try:
        agendas = store.list_agendas(lang)
        panels = [_panel(a, keep, lang) for a in agendas] or [
            html.P(t("agenda.no_agendas", lang))]
    except Exception as exc:
        log.exception("agendas could not be read")
        panels = [html.Div(t("agenda.err.store", lang, reason=type(exc).__name__),
                           className="message error")]
    create = html.Div([
        html.Label(t("agenda.new", lang), className="agenda-new-label"),
        dcc.Input(id=_input(""), value="", type="text", className="agenda-title-input",
                  placeholder=t("agenda.title_placeholder", lang)),
        _button(t("agenda.create", lang), "create", ""),
    ], className="agenda-new")
    return [*panels, *([create] if allowed(OWN_AGENDAS) else [])]


def _lang_of(search: str | None) -> str:
    return lang_of(parse_search(search).get("lang"))


def apply(op: str, agenda_id, n, title, lang: str) -> str:
    """Carry out one change; the confirmation to show. AgendaError when refused."""
    if op != "create" and not isinstance(agenda_id, str):
        raise store.AgendaError("unknown_agenda", agenda=store._shown(agenda_id))
    if op in ("rename_step", "up", "down", "remove") and (
            isinstance(n, bool) or not isinstance(n, int)):
        raise store.AgendaError("bad_step", step=store._shown(n, 12))
    if op == "create":
        created = store.create_agenda(title, lang, owner=owner_for_new())
        trail.note("agenda_change", f"/agenda/{created.agenda_id}", detail="create")
        return t("agenda.done_created", lang, title=created.title)
    found = store.get_agenda(agenda_id, lang)
    if found is not None and not may_edit(found):
        raise store.AgendaError("not_yours", title=found.title)
    trail.note("agenda_change", f"/agenda/{agenda_id}", detail=f"{op} {n}")
    if op == "rename_agenda":
        store.rename_agenda(agenda_id, title)
        return t("agenda.done_renamed", lang, title=store.clean_title(title))
    if op == "delete":
        store.delete_agenda(agenda_id)
        return t("agenda.done_deleted", lang)
    if op == "rename_step":
        store.rename_step(agenda_id, n, title)
        return t("agenda.done_renamed", lang, title=store.clean_title(title))
    if op in ("up", "down"):
        store.move_step(agenda_id, n, n - 1 if op == "up" else n + 1)
        return t("agenda.done_moved", lang, n=n)
    store.remove_step(agenda_id, n)
    return t("agenda.done_removed", lang, n=n)


@callback(
    Output("agenda-body", "children"),
    Output("agenda-message", "children"),
    Input({"type": "agenda-op", "op": ALL, "agenda": ALL, "step": ALL}, "n_clicks"),
    State({"type": "agenda-input", "agenda": ALL, "step": ALL}, "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def act(_clicks, _titles, search):
    """A button → the change → the list drawn afresh, with a message."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0]["value"]:
        return no_update, no_update  # the buttons of a freshly drawn list
    op = trigger.get("op")
    if op not in OPS:
        return no_update, no_update
    lang = _lang_of(search)
    keep = view_params_of(parse_search(search))
    agenda_id, n = trigger.get("agenda"), trigger.get("step")
    titles = {}
    for spec in (ctx.states_list[0] if ctx.states_list else []):
        sid = spec.get("id") if isinstance(spec, dict) and isinstance(spec.get("id"), dict) \
            else {}
        if isinstance(sid.get("agenda"), str) and isinstance(sid.get("step"), (int, str)):
            titles[(sid["agenda"], sid["step"])] = spec.get("value")
    hashable = isinstance(agenda_id, str) and isinstance(n, (int, str))
    title = titles.get((agenda_id, n)) if hashable else None
    try:
        text, cls = apply(op, agenda_id, n, title, lang), "message ok"
    except store.AgendaError as exc:
        text, cls = t(f"agenda.err.{exc.key}", lang, **exc.params), "message"
    except Exception as exc:
        log.exception("agenda change %s failed", op)
        text, cls = t("agenda.err.store", lang, reason=type(exc).__name__), "message error"
    return agenda_body(lang, keep), html.Div(text, className=cls, id="agenda-result")


def layout(**params):
    url = flat_params(params)
    lang = lang_of(url.get("lang"))
    present = url.get("present") == "1"
    keep = view_params_of(url)
    try:  # the freshness stamp when the database answers
        dims = dimensions()
    except Exception:
        dims = None
    return html.Div([
        header(LIST_PATH, search_of(keep), dims, lang, keep, present),
        html.Main([
            html.H1(t("agenda.heading", lang), className="agenda-h1"),
            html.P(t("agenda.intro", lang), className="agenda-intro"),
            dcc.Link(t("meeting.from_agenda", lang), href="/meetings" + search_of(keep),
                     className="agenda-meetings", id="agenda-meetings"),  # pages/meetings.py
            html.Div(id="agenda-message", role="status", className="agenda-message"),
            html.Div(agenda_body(lang, keep), id="agenda-body"),
        ], className="agenda-page"),
    ], className="page present" if present else "page", id="page-agenda", lang=lang)


dash.register_page(
    __name__, path=LIST_PATH,
    title=page_title("title.agenda"), layout=layout,
)
