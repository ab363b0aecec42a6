"""``/meeting/<meeting_id>``: one meeting — its details, participants and steps (links
to ``/meeting/<id>/<N>``), its edition's stamp, and the ways in: "Present ▶" for the
secretary who runs it (``?lead=1``), "Follow the presenter" for the participants, the
handout for those who may take files away. For the secretaries (``MEETINGS``): change
the title, date, status and participants, and freeze the edition (again: behind a
confirmation, as deleting an agenda is).

One callback does every change: the button's pattern-matching id says what (``op``) and
to which meeting; the fields come from the inputs with the same meeting. The store
validates, so a forged id or value gives a message and saves nothing; the page is then
drawn afresh from the store. The outputs start with ``meeting-edit``, which
``dashboard/auth/pages.py`` maps to ``MEETINGS``.

An unknown meeting id gives a message with a link back to the list, never an error.
"""

from __future__ import annotations

import logging

import dash
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from access.roles import DOWNLOAD, MEETINGS
from queries import meetings as store
from queries.dimensions import Dimensions

from ..auth import trail
from ..auth.guard import allowed
from ..components.chrome import header
from ..components.page_title import request_lang
from ..formatting import day
from ..i18n import t
from ..state import lang_of, parse_search, search_of
from .agenda_step import flat_params, view_params_of
from .meetings import (
    ONE,
    PATH,
    actor,
    body_options,
    meeting_href,
    month_text,
    participants_text,
    size_text,
    store_error,
    try_dimensions,
)

log = logging.getLogger(__name__)

OPS = ("save", "freeze")
FIELDS = ("title", "date", "status", "bodies", "others")


def _op(op: str, meeting_id: str) -> dict:
    return {"type": "meeting-edit-op", "op": op, "meeting": meeting_id}


def _input(field: str, meeting_id: str) -> dict:
    return {"type": "meeting-edit-field", "field": field, "meeting": meeting_id}


def _button(label: str, op: str, meeting_id: str, cls: str = "agenda-btn") -> html.Button:
    return html.Button(label, id=_op(op, meeting_id), n_clicks=0, className=cls)


# -- what the meeting is --------------------------------------------------------------------

def stamp(m: store.Meeting, lang: str) -> html.Div:
    """The edition's stamp (frozen at, by, data through, loaded, bytes), or that there
    is none yet."""
    e = m.edition
    if e is None:
        return html.Div(t("meeting.not_frozen_long", lang), className="meeting-stamp none",
                        id="meeting-stamp")
    parts = [t("meeting.stamp", lang, date=day(e.frozen_at, lang),
               time=e.frozen_at.strftime("%H:%M"), who=e.frozen_by or "–")]
    if e.data_through is not None:
        parts.append(t("meeting.stamp_data", lang, month=month_text(e.data_through, lang)))
    if e.loaded_at is not None:
        parts.append(t("meeting.stamp_loaded", lang, when=day(e.loaded_at, lang)))
    parts.append(t("meeting.stamp_size", lang, size=size_text(e.size, lang)))
    return html.Div(" · ".join(parts), className="meeting-stamp frozen", id="meeting-stamp")


def _steps(m: store.Meeting, lang: str, keep: dict) -> html.Ol:
    step_keep = {k: v for k, v in keep.items() if k == "lang"}
    return html.Ol([
        html.Li([
            html.Span(str(s.position), className="meeting-step-no"),
            dcc.Link(s.title, href=meeting_href(m.meeting_id, f"/{s.position}", step_keep),
                     className="meeting-step-link" + (" since" if s.kind == "since" else ""),
                     id=f"meeting-step-{s.position}"),
        ], className="meeting-step-row")
        for s in m.steps], className="meeting-steps", id="meeting-steps")


def _actions(m: store.Meeting, lang: str, keep: dict) -> html.Div:
    step_keep = {k: v for k, v in keep.items() if k == "lang"}
    links = []
    if allowed(MEETINGS) and m.steps:
        links.append(dcc.Link(t("meeting.present", lang),
                              href=meeting_href(m.meeting_id, "/1", {**step_keep, "lead": "1"}),
                              className="meeting-action primary", id="meeting-present",
                              title=t("meeting.present_hint", lang)))
    links.append(dcc.Link(t("meeting.follow_long", lang),
                          href=meeting_href(m.meeting_id, "/follow", step_keep),
                          className="meeting-action", id="meeting-follow"))
    if allowed(DOWNLOAD):
        links.append(html.A(t("meeting.handout", lang),
                            href=meeting_href(m.meeting_id, "/handout.pdf",
                                              {"lang": lang}),
                            className="meeting-action", id="meeting-handout"))
        for kind in ("docx", "pdf"):  # the protocol, in the page's language
            links.append(html.A(t(f"protocol.{kind}", lang),
                                href=meeting_href(m.meeting_id, f"/protocol.{kind}",
                                                  {"lang": lang}),
                                className="meeting-action", id=f"meeting-protocol-{kind}"))
    return html.Div(links, className="meeting-actions")


def _edit(m: store.Meeting, lang: str, dims: Dimensions | None) -> html.Section:
    """The secretary's controls: the meeting's fields and the freeze."""
    options = body_options(dims, lang)
    offered = {o["value"] for o in options}
    # a body the meeting names that this form does not offer (outside the editor's
    # scope, or gone from the data) stays chosen, under its key
    options += [{"label": b, "value": b} for b in m.bodies if b not in offered]
    when = m.held_on.isoformat() if lang == "en" else m.held_on.strftime("%d.%m.%Y")
    fields = html.Div([
        html.Label([html.Span(t("meeting.title", lang), className="meetings-label"),
                    dcc.Input(id=_input("title", m.meeting_id), value=m.title, type="text",
                              className="meetings-input title")],
                   className="meetings-field grow"),
        html.Label([html.Span(t("meeting.date", lang), className="meetings-label"),
                    dcc.Input(id=_input("date", m.meeting_id), value=when, type="text",
                              className="meetings-input date",
                              placeholder=t("meeting.date_placeholder", lang))],
                   className="meetings-field"),
        html.Div([html.Span(t("meeting.status", lang), className="meetings-label"),
                  dcc.RadioItems(id=_input("status", m.meeting_id), value=m.status,
                                 options=[{"label": t(f"meeting.status.{s}", lang),
                                           "value": s} for s in ("planned", "held")],
                                 inline=True, className="meeting-status-choice")],
                 className="meetings-field"),
    ], className="meetings-form-line")
    bodies = html.Div([
        html.Label([html.Span(t("meeting.bodies", lang), className="meetings-label"),
                    dcc.Dropdown(id=_input("bodies", m.meeting_id), options=options,
                                 value=list(m.bodies), multi=True,
                                 placeholder=t("meeting.bodies_placeholder", lang),
                                 className="meetings-dropdown bodies")],
                   className="meetings-field grow"),
        html.Label([html.Span(t("meeting.others", lang), className="meetings-label"),
                    dcc.Input(id=_input("others", m.meeting_id), value=m.others, type="text",
                              className="meetings-input others",
                              placeholder=t("meeting.others_placeholder", lang))],
                   className="meetings-field grow"),
        _button(t("meeting.save", lang), "save", m.meeting_id, cls="agenda-btn primary"),
    ], className="meetings-form-line")
    if m.edition is None:
        freeze = html.Div([_button(t("meeting.freeze", lang), "freeze", m.meeting_id,
                                   cls="agenda-btn primary"),
                           html.Span(t("meeting.freeze_hint", lang), className="meeting-hint")],
                          className="meeting-freeze")
    else:
        again = t("meeting.freeze_again_confirm", lang, date=day(m.edition.frozen_at, lang)
                  + " " + m.edition.frozen_at.strftime("%H:%M"))
        freeze = html.Div([
            html.Details([html.Summary(t("meeting.freeze_again", lang),
                                       className="agenda-btn"),
                          _button(again, "freeze", m.meeting_id, cls="agenda-btn danger")],
                         className="agenda-delete meeting-refreeze"),
            html.Span(t("meeting.freeze_hint", lang), className="meeting-hint"),
        ], className="meeting-freeze")
    return html.Section([html.H2(t("meeting.edit", lang), className="meetings-h2"),
                         fields, bodies, freeze],
                        className="meetings-new meeting-edit", id="meeting-edit")


def meeting_body(meeting_id, lang: str, keep: dict, present: bool,
                 dims: Dimensions | None) -> list:
    """The meeting drawn from the store (afresh after a change)."""
    back = dcc.Link(t("meeting.back", lang), href=PATH + search_of(keep),
                    className="meetings-aside", id="meeting-back")
    try:
        m = store.get_meeting(meeting_id, lang)
    except store.MeetingError as exc:
        return [html.Div(t(f"meeting.err.{exc.key}", lang, **exc.params), className="message",
                         id="meeting-unknown"), back]
    except Exception as exc:
        log.exception("meeting %r could not be read", meeting_id)
        return [store_error(lang, exc), back]
    head = html.Div([
        html.H1(m.title, className="meetings-h1 meeting-title", id="meeting-title"),
        html.Span(day(m.held_on, lang), className="meetings-date", id="meeting-date"),
        html.Span(t(f"meeting.status.{m.status}", lang),
                  className=f"meetings-status {m.status}", id="meeting-status"),
        back,
    ], className="meetings-head")
    about = html.Div([
        html.Div([
            html.Div([html.Span(t("meeting.participants", lang) + ":",
                                className="meeting-key"),
                      html.Span(participants_text(m, dims, lang), id="meeting-bodies")],
                     className="meeting-about-line"),
            html.Div(t("meeting.agenda_from", lang, title=m.agenda_title or m.agenda_id or "–"),
                     className="meeting-about-line", id="meeting-agenda"),
            stamp(m, lang),
            _actions(m, lang, keep),
        ], className="meeting-about"),
        html.Div([html.H2(t("meeting.steps", lang) + " · "
                          + t("meeting.steps_n", lang, n=len(m.steps)),
                          className="meetings-h2"),
                  _steps(m, lang, keep)], className="meeting-steps-panel"),
    ], className="meeting-columns")
    edit = [_edit(m, lang, dims)] if allowed(MEETINGS) and not present else []
    return [head, about, *edit]


def _fields_of(states) -> dict:
    """(meeting, field) → value from the pattern-matching inputs' states."""
    out = {}
    for spec in states or []:
        sid = spec.get("id") if isinstance(spec, dict) else None
        if isinstance(sid, dict) and isinstance(sid.get("meeting"), str) \
                and sid.get("field") in FIELDS:
            out[(sid["meeting"], sid["field"])] = spec.get("value")
    return out


def _save(meeting_id: str, fields: dict, lang: str, dims: Dimensions | None) -> str:
    current = store.get_meeting(meeting_id, lang)
    bodies = fields.get("bodies")
    if bodies is not None and not isinstance(bodies, list):
        bodies = [bodies]
    known = {o["value"] for o in body_options(dims, lang)} | set(current.bodies)
    others = fields.get("others")
    changed = store.update_meeting(
        meeting_id, held_on=fields.get("date"), title=fields.get("title"),
        status=fields.get("status"), bodies=bodies,
        others=None if others is None else str(others), known_bodies=known)
    differs = [name for name, before, after in (
        ("title", current.title, changed.title), ("date", current.held_on, changed.held_on),
        ("status", current.status, changed.status), ("bodies", current.bodies, changed.bodies),
        ("others", current.others, changed.others)) if before != after]
    if not differs:
        return t("meeting.done_unchanged", lang)
    detail = "update:" + ",".join(differs)
    if "status" in differs:
        detail += ";status=" + changed.status
    trail.note("meeting_change", f"{ONE}/{meeting_id}", detail=detail)
    return t("meeting.done_saved", lang)


def _freeze(meeting_id: str, lang: str) -> str:
    current = store.get_meeting(meeting_id, lang)  # an unknown id: its message
    try:  # the lead's module; imported here so the page works before it exists
        from ..meetings import edition
    except ImportError:
        raise store.MeetingError("no_freeze") from None
    info = edition.freeze(current.meeting_id, actor())
    return t("meeting.done_frozen", lang, n=len(current.steps),
             size=size_text(getattr(info, "size", None), lang))


@callback(
    Output("meeting-edit-body", "children"),
    Output("meeting-edit-message", "children"),
    Input({"type": "meeting-edit-op", "op": ALL, "meeting": ALL}, "n_clicks"),
    State({"type": "meeting-edit-field", "field": ALL, "meeting": ALL}, "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def act(_clicks, _values, search):
    """A button → the change → the meeting drawn afresh, with a message."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0]["value"]:
        return no_update, no_update  # the buttons of a freshly drawn page
    op, meeting_id = trigger.get("op"), trigger.get("meeting")
    if op not in OPS:
        return no_update, no_update
    url = parse_search(search)
    lang = lang_of(url.get("lang"))
    keep = view_params_of(url)
    dims = try_dimensions()
    fields = _fields_of(ctx.states_list[0] if ctx.states_list else [])
    mine = {f: fields[(meeting_id, f)] for f in FIELDS
            if isinstance(meeting_id, str) and (meeting_id, f) in fields}
    try:
        if op == "save":
            text = _save(meeting_id, mine, lang, dims)
        else:
            text = _freeze(meeting_id, lang)
        message = html.Div(text, className="message ok", id="meeting-result")
    except store.MeetingError as exc:
        message = html.Div(t(f"meeting.err.{exc.key}", lang, **exc.params),
                           className="message", id="meeting-result")
    except Exception as exc:
        log.exception("meeting change %s of %r failed", op, meeting_id)
        key = "meeting.err.freeze_failed" if op == "freeze" else "meeting.err.store"
        message = html.Div(t(key, lang, reason=type(exc).__name__),
                           className="message error", id="meeting-result")
    shown = meeting_id if isinstance(meeting_id, str) else ""
    return meeting_body(shown, lang, keep, False, dims), message


def title(meeting_id=None, **_params) -> str:
    return t("title.meeting", request_lang())


def layout(meeting_id=None, **params):
    url = flat_params(params)
    lang = lang_of(url.get("lang"))
    present = url.get("present") == "1"
    keep = view_params_of(url)
    dims = try_dimensions()
    here = f"{ONE}/{meeting_id}" if isinstance(meeting_id, str) else PATH
    return html.Div([
        header(here, search_of(keep), dims, lang, keep, present),
        html.Main([
            html.Div(id="meeting-edit-message", role="status", className="meetings-message"),
            html.Div(meeting_body(meeting_id, lang, keep, present, dims),
                     id="meeting-edit-body"),
        ], className="meetings-page meeting-page"),
    ], className="page present" if present else "page", id="page-meeting", lang=lang)


dash.register_page(__name__, path_template=f"{ONE}/<meeting_id>", title=title,
                   layout=layout)
