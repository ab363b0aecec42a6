"""``/meetings``: every meeting of the working group, newest first — date, title,
status, its edition, participants, and links to open it, start it and follow the
presenter; for the secretaries (``MEETINGS``) the form for a new meeting.

As on the agenda page, one callback does the change: the store
(``queries.meetings``) validates everything, so a forged agenda id, an unknown body or a
bad date gives a message and saves nothing; the list is then drawn afresh from the
store. Its outputs start with ``meetings-new``, which ``dashboard/auth/pages.py`` maps
to ``MEETINGS``: anyone else's request is refused (403) before it runs.

The helpers at the top (dates, sizes, participants' names, the bodies a form offers)
serve the meeting's own page (``meeting.py``) too.
"""

from __future__ import annotations

import logging
from datetime import date

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from access.roles import MEETINGS
from queries import agenda as agendas
from queries import meetings as store
from queries.dimensions import Dimensions, dimensions

from ..auth import trail
from ..auth.guard import allowed
from ..components.chrome import header
from ..components.page_title import page_title
from ..formatting import day, number
from ..i18n import month_name, t
from ..state import lang_of, parse_search, search_of
from .agenda_step import flat_params, view_params_of

log = logging.getLogger(__name__)

PATH = "/meetings"
ONE = "/meeting"
# the order a form lists the bodies in: ministries, then concerns and holdings, then
# the oblast executive committees; the oblasts themselves after them
KIND_ORDER = {"ministry": 0, "concern": 1, "holding": 2, "oblast_committee": 3}


# -- shared with meeting.py ---------------------------------------------------------------

def size_text(size: int | None, lang: str) -> str:
    kb = max(1, round((size or 0) / 1024))
    return t("meeting.kb", lang, n=number(kb, 0, lang))


def month_text(value: date | None, lang: str) -> str:
    if value is None:
        return "–"
    return f"{month_name(value.month, lang, capital=lang != 'ru')} {value.year}"


def meeting_href(meeting_id: str, tail: str = "", keep: dict | None = None) -> str:
    return f"{ONE}/{meeting_id}{tail}" + search_of(keep or {})


def try_dimensions() -> Dimensions | None:
    try:  # the freshness stamp and the bodies' names, when the database answers
        return dimensions()
    except Exception:
        log.exception("dimensions could not be read")
        return None


def body_options(dims: Dimensions | None, lang: str) -> list[dict]:
    """The bodies a form offers (within the user's scope): every concern of every kind
    — ministries, concerns, holdings, the oblast executive committees — then the
    oblasts. Values ``concern:<id>`` / ``oblast:<id>`` as the store keeps them."""
    if dims is None:
        return []
    names = dims.name_of("concern", lang)
    kinds = dict(zip(dims.concerns["concern_id"].astype(str), dims.concerns["kind"]))
    concerns = sorted(names.items(), key=lambda kv: (KIND_ORDER.get(kinds.get(str(kv[0])), 9),
                                                     str(kv[1])))
    oblasts = sorted(dims.name_of("oblast", lang).items(), key=lambda kv: str(kv[1]))
    return ([{"label": str(name), "value": f"concern:{key}"} for key, name in concerns]
            + [{"label": str(name), "value": f"oblast:{key}"} for key, name in oblasts])


def body_names(bodies, dims: Dimensions | None, lang: str) -> tuple[list[str], int]:
    """The participants' names the reader's dimensions hold, and how many others there
    are (a body outside a scoped reader's access is counted, not named)."""
    if dims is None:
        return [], len(tuple(bodies))
    names = {"concern": dims.name_of("concern", lang), "oblast": dims.name_of("oblast", lang)}
    shown, hidden = [], 0
    for body in bodies:
        level, _, key = body.partition(":")
        name = names.get(level, {}).get(key)
        if name is None:
            hidden += 1
        else:
            shown.append(str(name))
    return shown, hidden


def participants_text(m: store.Meeting, dims: Dimensions | None, lang: str) -> str:
    shown, hidden = body_names(m.bodies, dims, lang)
    parts = shown + ([m.others] if m.others else [])
    if hidden:
        parts.append(t("meeting.outside_scope", lang, n=hidden))
    return "; ".join(parts) if parts else t("meeting.no_participants", lang)


def edition_short(m: store.Meeting, lang: str) -> str:
    if m.edition is None:
        return t("meeting.not_frozen", lang)
    return t("meeting.edition_short", lang, date=day(m.edition.frozen_at, lang),
             size=size_text(m.edition.size, lang))


def actor() -> str:
    from flask import g
    user = g.get("user")
    return getattr(user, "name", "") or ""


def store_error(lang: str, exc: Exception) -> html.Div:
    return html.Div(t("meeting.err.store", lang, reason=type(exc).__name__),
                    className="message error")


# -- the list -------------------------------------------------------------------------------

def _row(m: store.Meeting, dims: Dimensions | None, lang: str, keep: dict) -> html.Li:
    step_keep = {k: v for k, v in keep.items() if k == "lang"}
    return html.Li([
        html.Div([
            html.Span(day(m.held_on, lang), className="meetings-date"),
            dcc.Link(m.title, href=meeting_href(m.meeting_id, keep=keep),
                     className="meetings-title", id=f"meetings-open-{m.meeting_id}"),
            html.Span(t(f"meeting.status.{m.status}", lang),
                      className=f"meetings-status {m.status}"),
            html.Span(edition_short(m, lang),
                      className="meetings-edition" + (" frozen" if m.edition else "")),
        ], className="meetings-line"),
        html.Div([
            html.Span(participants_text(m, dims, lang), className="meetings-bodies"),
            html.Span([
                dcc.Link(t("meeting.open", lang), href=meeting_href(m.meeting_id, keep=keep),
                         className="meetings-link"),
                dcc.Link(t("meeting.start", lang),
                         href=meeting_href(m.meeting_id, "/1", step_keep),
                         className="meetings-link start", id=f"meetings-start-{m.meeting_id}"),
                dcc.Link(t("meeting.follow", lang),
                         href=meeting_href(m.meeting_id, "/follow", step_keep),
                         className="meetings-link", id=f"meetings-follow-{m.meeting_id}"),
            ], className="meetings-links"),
        ], className="meetings-line second"),
    ], className="meetings-row", id=f"meetings-row-{m.meeting_id}")


def meeting_list(lang: str, keep: dict, dims: Dimensions | None) -> list:
    try:
        found = store.list_meetings(lang)
    except Exception as exc:
        log.exception("meetings could not be read")
        return [store_error(lang, exc)]
    if not found:
        return [html.P(t("meeting.none", lang), className="meetings-empty")]
    return [html.Ol([_row(m, dims, lang, keep) for m in found], className="meetings-list")]


# -- the new-meeting form -------------------------------------------------------------------

def _field(name: str) -> str:
    return f"meetings-new-{name}"


def _labelled(label: str, control, cls: str = "") -> html.Label:
    return html.Label([html.Span(label, className="meetings-label"), control],
                      className=("meetings-field " + cls).strip())


def _new_form(lang: str, dims: Dimensions | None) -> html.Section:
    try:
        options = [{"label": a.title, "value": a.agenda_id} for a in agendas.list_agendas(lang)]
    except Exception:
        log.exception("agendas could not be read")
        options = []
    today = date.today()
    return html.Section([
        html.H2(t("meeting.new", lang), className="meetings-h2"),
        html.Div([
            _labelled(t("meeting.date", lang), dcc.Input(
                id=_field("date"), type="text", className="meetings-input date",
                value=today.isoformat() if lang == "en" else today.strftime("%d.%m.%Y"),
                placeholder=t("meeting.date_placeholder", lang))),
            _labelled(t("meeting.title", lang), dcc.Input(
                id=_field("title"), type="text", className="meetings-input title",
                value=t("meeting.default_title", lang)), "grow"),
            _labelled(t("meeting.agenda", lang), dcc.Dropdown(
                id=_field("agenda"), options=options, clearable=False,
                value=options[0]["value"] if options else None,
                className="meetings-dropdown agenda"), "grow"),
        ], className="meetings-form-line"),
        html.Div([
            _labelled(t("meeting.bodies", lang), dcc.Dropdown(
                id=_field("bodies"), options=body_options(dims, lang), multi=True, value=[],
                placeholder=t("meeting.bodies_placeholder", lang),
                className="meetings-dropdown bodies"), "grow"),
            _labelled(t("meeting.others", lang), dcc.Input(
                id=_field("others"), type="text", className="meetings-input others",
                value="", placeholder=t("meeting.others_placeholder", lang)), "grow"),
            html.Button(t("meeting.create", lang), id=_field("create"), n_clicks=0,
                        className="agenda-btn primary meetings-create"),
        ], className="meetings-form-line"),
    ], className="meetings-new", id="meetings-new")


def _known(dims: Dimensions | None, lang: str) -> set[str]:
    return {o["value"] for o in body_options(dims, lang)}


@callback(
    Output("meetings-new-list", "children"),
    Output("meetings-new-message", "children"),
    Input(_field("create"), "n_clicks"),
    State(_field("date"), "value"),
    State(_field("title"), "value"),
    State(_field("agenda"), "value"),
    State(_field("bodies"), "value"),
    State(_field("others"), "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def create(clicks, held_on, title, agenda_id, bodies, others, search):
    """Create → the meeting saved (or the refusal) → the list drawn afresh."""
    if not clicks or ctx.triggered_id != _field("create"):
        return no_update, no_update
    url = parse_search(search)
    lang = lang_of(url.get("lang"))
    keep = view_params_of(url)
    dims = try_dimensions()
    if not isinstance(bodies, list):
        bodies = [] if bodies in (None, "") else [bodies]
    try:
        made = store.create_meeting(held_on, title, agenda_id, bodies=bodies,
                                    others=others if isinstance(others, str) else "",
                                    actor=actor(), known_bodies=_known(dims, lang))
        trail.note("meeting_change", f"{ONE}/{made.meeting_id}", detail="create")
        message = html.Div([
            t("meeting.done_created", lang, date=day(made.held_on, lang), title=made.title),
            " ", dcc.Link(t("meeting.open", lang) + " →",
                          href=meeting_href(made.meeting_id, keep=keep),
                          id="meetings-new-link"),
        ], className="message ok", id="meetings-result")
    except store.MeetingError as exc:
        message = html.Div(t(f"meeting.err.{exc.key}", lang, **exc.params),
                           className="message", id="meetings-result")
    except Exception as exc:
        log.exception("meeting could not be created")
        message = store_error(lang, exc)
    return meeting_list(lang, keep, dims), message


def layout(**params):
    url = flat_params(params)
    lang = lang_of(url.get("lang"))
    present = url.get("present") == "1"
    keep = view_params_of(url)
    dims = try_dimensions()
    # editing is for the normal theme: the shared screen shows what the meetings are
    form = [_new_form(lang, dims)] if allowed(MEETINGS) and not present else []
    return html.Div([
        header(PATH, search_of(keep), dims, lang, keep, present),
        html.Main([
            html.Div([
                html.H1(t("meeting.heading", lang), className="meetings-h1"),
                dcc.Link(t("meeting.agendas", lang), href="/agenda" + search_of(keep),
                         className="meetings-aside", id="meetings-agendas"),
            ], className="meetings-head"),
            html.P(t("meeting.intro", lang), className="meetings-intro"),
            html.Div(id="meetings-new-message", role="status", className="meetings-message"),
            html.Div(meeting_list(lang, keep, dims), id="meetings-new-list"),
            *form,
        ], className="meetings-page"),
    ], className="page present" if present else "page", id="page-meetings", lang=lang)


dash.register_page(__name__, path=PATH, title=page_title("title.meetings"), layout=layout)
