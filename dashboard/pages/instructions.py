"""``/instructions``: every instruction the reader may see, grouped by responsible body
(a body's name from the dimensions; free-text bodies as typed) or by deadline, overdue
first; ``/instructions/<id>``: one instruction with its whole history; and
``/instructions/download.<csv|xlsx>?<filters>``: the list as a file.

The view lives in the URL: ``status`` (statuses, comma-separated), ``body``
(``concern:<id>`` / ``oblast:<id>``, comma-separated; the badge on every page links here
with it), ``meeting`` (a meeting id), ``overdue=1``, ``by=body|deadline``, ``page``;
a bad value gives a message and is ignored, never an error.

Per instruction: key, text (as typed: plain children, never markdown), bodies, person,
deadline (overdue in the warning colour), status, where it was given (a link to the
meeting's step), the tracked target (``queries.instruction_metrics.track``) and the
history. Visibility is the store's (``list_instructions`` / ``get_instruction`` filter
by the request's scope): a scoped reader never sees another body's instructions, here,
in the counts, by id, or in the file. A body of a visible instruction that lies outside
the reader's access is counted, not named (as on the meetings' pages).

The list pages, so that a page fits the 1920×1080 screen in both themes (nothing
scrolls); the file holds the whole selection. The download needs the download
permission (checked here: the route is not under ``/download/``) and is audited.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

import dash
import pandas as pd
from dash import dcc, html
from flask import Response, request

from access.roles import DOWNLOAD
from queries import instruction_metrics as metrics
from queries import instructions as store
from queries import meetings as meetings_store
from queries.appstore_tables import INSTRUCTION_STATUSES

from ..auth import trail
from ..auth.guard import allowed
from ..components.chrome import header
from ..components.instruction_badge import body_name
from ..components.page_title import page_title
from ..download_routes import MIME
from ..downloads import files
from ..formatting import day, number, pct
from ..i18n import month_name, t
from ..state import lang_of, search_of
from .agenda_step import flat_params, view_params_of
from .meetings import KIND_ORDER, try_dimensions

log = logging.getLogger(__name__)

PATH = "/instructions"
GROUPINGS = ("body", "deadline")
PAGE_ROWS = {False: 5, True: 4}   # instructions per page: normal theme, shared screen
HISTORY_SHOWN = 2                 # the latest events in the list; the page has them all
FILTER_KEYS = ("status", "body", "meeting", "overdue", "by")
CLOSED = ("done", "cancelled")
MAX_ITEMS = 20  # values of one list parameter read (the store allows 20 bodies)


# -- the selection --------------------------------------------------------------------------

@dataclass
class Selection:
    statuses: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    meeting: str = ""
    overdue: bool = False
    by: str = "body"
    page: int = 1
    problems: list = field(default_factory=list)  # (message id, params)

    def params(self) -> dict[str, str]:
        """The URL parameters of this selection (page left out)."""
        out = {"status": ",".join(self.statuses), "body": ",".join(self.bodies),
               "meeting": self.meeting, "overdue": "1" if self.overdue else "",
               "by": "" if self.by == "body" else self.by}
        return {k: v for k, v in out.items() if v}


def _shown(value, limit: int = 40) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _items(text: str) -> list[str]:
    """A comma-separated parameter's distinct values, at most ``MAX_ITEMS`` (a longer
    list is no link the app makes: one message per value, not thousands)."""
    return list(dict.fromkeys(filter(None, (s.strip() for s in text.split(",")))))[:MAX_ITEMS]


def parse_selection(url: dict[str, str], dims) -> Selection:
    """The URL's filters; each bad value noted (message id, params) and ignored."""
    sel = Selection()
    for raw in _items(url.get("status", "")):
        if raw in INSTRUCTION_STATUSES:
            sel.statuses += (raw,) if raw not in sel.statuses else ()
        else:
            sel.problems.append(("instr.bad_status", {"value": _shown(raw, 20)}))
    for raw in _items(url.get("body", "")):
        # a body the reader's dimensions lack (unknown, or outside the scope): the same
        if body_name(raw, dims, "en") is None:
            sel.problems.append(("instr.bad_body", {"value": _shown(raw)}))
        elif raw not in sel.bodies:
            sel.bodies += (raw,)
    meeting = url.get("meeting", "").strip()
    if meeting:
        try:
            sel.meeting = meetings_store.check_id(meeting)
        except meetings_store.MeetingError:
            sel.problems.append(("instr.bad_meeting", {"value": _shown(meeting, 24)}))
    overdue = url.get("overdue", "").strip()
    if overdue not in ("", "0", "1"):
        sel.problems.append(("instr.bad_flag", {"value": _shown(overdue, 12),
                                                "field": "overdue"}))
    sel.overdue = overdue == "1"
    by = url.get("by", "").strip()
    if by and by not in GROUPINGS:
        sel.problems.append(("instr.bad_by", {"value": _shown(by, 20)}))
    sel.by = by if by in GROUPINGS else "body"
    page = url.get("page", "").strip()
    if page and not (page.isdigit() and 0 < int(page) < 10_000):
        sel.problems.append(("instr.bad_page", {"value": _shown(page, 12)}))
    sel.page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    return sel


def select(found: list[store.Instruction], sel: Selection, today: date):
    """The instructions of the selection, overdue first, then open by deadline, then
    done and cancelled."""
    out = [i for i in found
           if (not sel.statuses or i.status in sel.statuses)
           and (not sel.bodies or set(sel.bodies) & set(i.bodies))
           and (not sel.meeting or i.meeting_id == sel.meeting)
           and (not sel.overdue or i.overdue(today))]
    return sorted(out, key=lambda i: (i.status in CLOSED, not i.overdue(today), i.deadline,
                                      i.instruction_id))


def counts(found, today: date) -> dict[str, int]:
    return {"n": len(found), "open": sum(i.is_open for i in found),
            "overdue": sum(i.overdue(today) for i in found),
            "done": sum(i.status == "done" for i in found),
            "cancelled": sum(i.status == "cancelled" for i in found)}


def groups(found, sel: Selection, dims, lang: str, today: date) -> list[tuple[str, list]]:
    """(heading, instructions) in order. By body: one group per body the reader can
    name (an instruction with two bodies is under both), the free-text bodies as typed;
    groups with overdue instructions first. By deadline: overdue, then each month of
    the deadlines, then done or cancelled."""
    if sel.by == "deadline":
        out: dict[str, list] = {}
        for i in found:
            if i.status in CLOSED:
                key = t("instr.group.closed", lang)
            elif i.overdue(today):
                key = t("instr.group.overdue", lang)
            else:
                key = t("instr.group.month", lang, month=_month(i.deadline, lang))
            out.setdefault(key, []).append(i)
        return list(out.items())
    kinds = {}
    if dims is not None:
        kinds = dict(zip(dims.concerns["concern_id"].astype(str), dims.concerns["kind"]))
    by_body: dict[tuple, list] = {}
    for i in found:
        keys = []
        for b in i.bodies:
            if sel.bodies and b not in sel.bodies:
                continue
            name = body_name(b, dims, lang, short=False)
            if name is not None:
                level, _, key = b.partition(":")
                rank = KIND_ORDER.get(kinds.get(key), 9) if level == "concern" else 5
                keys.append((rank, name))
        if i.others and not sel.bodies:
            keys.append((8, t("instr.group.others", lang, name=i.others)))
        for key in keys or [(10, t("instr.group.none", lang))]:
            by_body.setdefault(key, []).append(i)
    order = sorted(by_body, key=lambda k: (not any(i.overdue(today) for i in by_body[k]),
                                           k[0], k[1]))
    return [(k[1], by_body[k]) for k in order]


def _month(d: date, lang: str) -> str:
    return f"{month_name(d.month, lang, capital=lang != 'ru')} {d.year}"


# -- what an instruction says -------------------------------------------------------------

def bodies_text(i: store.Instruction, dims, lang: str) -> str:
    shown, hidden = [], 0
    for b in i.bodies:
        name = body_name(b, dims, lang, short=False)
        if name is None:
            hidden += 1
        else:
            shown.append(name)
    parts = shown + ([i.others] if i.others else [])
    if hidden:
        parts.append(t("instr.outside_scope", lang, n=hidden))
    return "; ".join(parts) if parts else t("instr.no_body", lang)


class Meetings:
    """The meetings the instructions were given at, read once per page."""

    def __init__(self, lang: str):
        self.lang, self.found = lang, {}

    def get(self, meeting_id: str | None):
        if not meeting_id:
            return None
        if meeting_id not in self.found:
            try:
                self.found[meeting_id] = meetings_store.get_meeting(meeting_id, self.lang)
            except Exception:  # deleted or unreadable: the instruction still shows
                self.found[meeting_id] = None
        return self.found[meeting_id]


def step_title(m, step: int | None) -> str:
    return next((s.title for s in m.steps if s.position == step), "") if m else ""


def where_given(i: store.Instruction, meetings: Meetings, lang: str, keep: dict):
    m = meetings.get(i.meeting_id)
    if m is None:
        return t("instr.given_on", lang, date=day(i.created_at, lang))
    when = day(m.held_on, lang)
    if i.step:
        text = t("instr.given_at", lang, date=when, step=i.step, title=step_title(m, i.step))
        return dcc.Link(text, href=f"/meeting/{m.meeting_id}/{i.step}" + search_of(keep),
                        className="instr-where", id=f"instr-where-{i.instruction_id}")
    return dcc.Link(t("instr.given_at_meeting", lang, date=when),
                    href=f"/meeting/{m.meeting_id}" + search_of(keep), className="instr-where")


def _value(v: float | None, unit: str, lang: str) -> str:
    if v is None:
        return "–"
    return pct(v, lang) if unit == "pct" else f"{number(v, 1, lang)} {t('unit.mn_usd', lang)}"


def subject_text(target: store.Target, dims, lang: str) -> str:
    s, parts = target.subject, []
    for level in ("concern", "oblast", "enterprise", "heading", "region"):
        if level in s and dims is not None:
            key = s[level]
            names = dims.short_name_of(level, lang)
            parts.append(str(names.get(int(key) if level == "enterprise" and str(key).isdigit()
                                       else key, key)))
    return " → ".join(parts)


@dataclass
class Tracked:
    metric: str
    subject: str
    target: str
    by: date
    tracking: metrics.Tracking | None
    unit: str


def tracked(i: store.Instruction, dims, lang: str) -> Tracked | None:
    g = i.target
    if g is None:
        return None
    unit = metrics.METRICS.get(g.metric, ((), 0, "mn"))[2]
    try:
        since = g.since or (i.created_at.date() if i.created_at else g.by)
        tracking = metrics.track(g.metric, g.subject, g.value, g.by, g.baseline, since)
    except Exception:
        log.exception("target of %s could not be tracked", i.instruction_id)
        tracking = None
    return Tracked(t(f"instr.metric.{g.metric}", lang), subject_text(g, dims, lang),
                   _value(g.value, unit, lang), g.by, tracking, unit)


def target_line(i: store.Instruction, dims, lang: str):
    tr = tracked(i, dims, lang)
    if tr is None:
        return None
    parts = [html.Span(t("instr.target", lang, metric=tr.metric, subject=tr.subject,
                         value=tr.target, day=day(tr.by, lang)), className="instr-target-what")]
    k = tr.tracking
    if k is None:
        parts.append(html.Span(t("instr.target_error", lang), className="instr-track no_data"))
    else:
        parts.append(html.Span(t("instr.target_now", lang, value=_value(k.current, tr.unit, lang),
                                 month=_month(k.month, lang))))
        if k.progress_pct is not None:
            parts.append(html.Span(t("instr.target_progress", lang,
                                     pct=pct(k.progress_pct or 0.0, lang, decimals=0))))
        if k.at_deadline is not None:
            parts.append(html.Span(t("instr.target_at_deadline", lang,
                                     value=_value(k.at_deadline, tr.unit, lang))))
        parts.append(html.Span(t(f"instr.track.{k.state}", lang),
                               className=f"instr-track {k.state}",
                               id=f"instr-track-{i.instruction_id}"))
    joined = []
    for p in parts:
        joined += [p, " · "]
    return html.Div(joined[:-1], className="instr-target")


def event_what(e: store.Event, lang: str) -> str:
    return t(f"instr.event.{e.kind}", lang, day=day(e.deadline, lang))


def event_line(e: store.Event, lang: str) -> html.Li:
    when = f"{day(e.at, lang)} {e.at.strftime('%H:%M')}" if e.at else "–"
    parts = [html.Span(when, className="instr-ev-when"), " ",
             html.Span(e.actor, className="instr-ev-who"), " ",
             html.Span(event_what(e, lang), className="instr-ev-what")]
    if e.text:
        parts += [" — ", html.Span(e.text, className="instr-ev-text")]  # as typed
    if e.attachments:
        parts += [" · ", html.Span(t("instr.attachments", lang, text=e.attachments),
                                   className="instr-ev-text")]
    return html.Li(parts, className="instr-ev")


def instruction_row(i: store.Instruction, dims, lang: str, today: date, meetings: Meetings,
                    keep: dict, history: int | None = HISTORY_SHOWN) -> html.Li:
    late = i.overdue(today)
    deadline = t("instr.overdue" if late else "instr.deadline", lang, day=day(i.deadline, lang))
    events = list(i.events)
    shown = events if history is None else events[-history:]
    hist = [html.Span(t("instr.history", lang) + ":", className="instr-hist-label"),
            html.Ul([event_line(e, lang) for e in shown], className="instr-hist")]
    if history is not None and len(events) > len(shown):
        hist.append(dcc.Link(t("instr.history_all", lang, n=len(events)),
                             href=f"{PATH}/{i.instruction_id}" + search_of(keep),
                             className="instr-hist-all"))
    line = [dcc.Link(i.instruction_id, href=f"{PATH}/{i.instruction_id}" + search_of(keep),
                     className="instr-key", id=f"instr-key-{i.instruction_id}"),
            html.Span(t(f"instr.status.{i.status}", lang), className=f"instr-status {i.status}"),
            html.Span(deadline, className="instr-deadline" + (" overdue" if late else "")),
            html.Span(bodies_text(i, dims, lang), className="instr-bodies")]
    if i.person:
        line.append(html.Span(t("instr.person", lang, person=i.person), className="instr-person"))
    return html.Li([
        html.Div(line, className="instr-line"),
        html.Div(i.text, className="instr-text"),  # as typed (CSS keeps its line breaks)
        html.Div([where_given(i, meetings, lang, keep)], className="instr-meta"),
        target_line(i, dims, lang),
        html.Div(hist, className="instr-history"),
    ], className="instr-row" + (" overdue" if late else "") + (" closed" if i.status in CLOSED
                                                               else ""),
        id=f"instr-row-{i.instruction_id}")


# -- the list page ------------------------------------------------------------------------

def _link(url_keep: dict, sel_params: dict, **changes) -> str:
    params = {**sel_params, **changes}
    return PATH + search_of({**{k: v for k, v in params.items() if v}, **url_keep})


def _controls(sel: Selection, found_all, dims, lang: str, keep: dict, present: bool):
    """The grouping toggle, and (not on the shared screen) the status, overdue, body and
    meeting filters as links and a GET form: every choice is a URL."""
    params = sel.params()
    by = [dcc.Link(t(f"instr.by.{g}", lang), href=_link(keep, params, by=g, page=""),
                   className="instr-chip" + (" on" if sel.by == g else ""), id=f"instr-by-{g}")
          for g in GROUPINGS]
    items = [html.Span(t("instr.by", lang) + ":", className="instr-ctl-label"), *by]
    if present:
        return html.Div(items, className="instr-controls")
    statuses = []
    for s in INSTRUCTION_STATUSES:
        chosen = s in sel.statuses
        new = [x for x in sel.statuses if x != s] if chosen else [*sel.statuses, s]
        statuses.append(dcc.Link(t(f"instr.status.{s}", lang),
                                 href=_link(keep, params, status=",".join(new), page=""),
                                 className="instr-chip" + (" on" if chosen else ""),
                                 id=f"instr-status-{s}"))
    overdue = dcc.Link(t("instr.filter.overdue", lang),
                       href=_link(keep, params, overdue="" if sel.overdue else "1", page=""),
                       className="instr-chip" + (" on" if sel.overdue else ""),
                       id="instr-overdue")
    bodies = sorted({b for i in found_all for b in i.bodies if body_name(b, dims, lang)},
                    key=lambda b: body_name(b, dims, lang, short=False))
    meetings = sorted({i.meeting_id for i in found_all if i.meeting_id}, reverse=True)
    any_ = t("instr.filter.any", lang)
    hidden = [dcc.Input(type="hidden", name=k, value=v)
              for k, v in {**{k: v for k, v in params.items() if k not in ("body", "meeting")},
                           **keep}.items()]
    form = html.Form([
        *hidden,
        html.Label([t("instr.filter.body", lang), html.Select(
            [html.Option(any_, value="")] +
            [html.Option(body_name(b, dims, lang, short=False), value=b,
                         selected=b in sel.bodies) for b in bodies],
            name="body", id="instr-filter-body", className="instr-select")]),
        html.Label([t("instr.filter.meeting", lang), html.Select(
            [html.Option(any_, value="")] +
            [html.Option(m, value=m, selected=m == sel.meeting) for m in meetings],
            name="meeting", id="instr-filter-meeting", className="instr-select")]),
        html.Button(t("instr.filter.apply", lang), type="submit", className="agenda-btn",
                    id="instr-filter-apply"),
    ], method="GET", action=PATH, className="instr-form")
    clear = dcc.Link(t("instr.filter.clear", lang), href=PATH + search_of(keep),
                     className="instr-clear", id="instr-clear")
    return html.Div([
        html.Div([html.Span(t("instr.filter.status", lang) + ":", className="instr-ctl-label"),
                  *statuses, overdue, *items, clear], className="instr-controls"),
        form,
    ], className="instr-filters")


def _downloads(sel: Selection, lang: str):
    if not allowed(DOWNLOAD):
        return None
    query = "?" + urlencode({**sel.params(), "lang": lang}, safe=",:")
    return html.Span([t("instr.download", lang), " ",
                      html.A("CSV", href=f"{PATH}/download.csv{query}", id="instr-dl-csv",
                             className="dl-link"), " · ",
                      html.A("XLSX", href=f"{PATH}/download.xlsx{query}", id="instr-dl-xlsx",
                             className="dl-link")], className="instr-downloads")


def _filter_words(sel: Selection, dims, lang: str) -> str:
    words = [t(f"instr.status.{s}", lang) for s in sel.statuses]
    words += [body_name(b, dims, lang, short=False) or b for b in sel.bodies]
    if sel.meeting:
        words.append(t("instr.filtered_meeting", lang, date=sel.meeting))
    if sel.overdue:
        words.append(t("instr.filtered_overdue", lang))
    return t("instr.filtered", lang, what=", ".join(words)) if words else ""


def _pager(sel: Selection, pages: int, lang: str, keep: dict):
    if pages <= 1:
        return None
    params = sel.params()
    parts = []
    if sel.page > 1:
        parts.append(dcc.Link(t("instr.prev", lang), id="instr-prev", className="instr-chip",
                              href=_link(keep, params, page=str(sel.page - 1))))
    parts.append(html.Span(t("instr.page", lang, n=sel.page, pages=pages), id="instr-page"))
    if sel.page < pages:
        parts.append(dcc.Link(t("instr.next", lang), id="instr-next", className="instr-chip",
                              href=_link(keep, params, page=str(sel.page + 1))))
    return html.Div(parts, className="instr-pager")


def _messages(problems, lang: str):
    if not problems:
        return html.Div(id="messages", className="messages empty")
    return html.Div([html.Div(t(key, lang, **params), className="message")
                     for key, params in problems], id="messages", className="messages",
                    role="alert")


def _frame(lang: str, present: bool, dims, keep: dict, body, page_id: str):
    return html.Div([header(PATH, search_of(keep), dims, lang, keep, present), body],
                    className="page present" if present else "page", id=page_id, lang=lang)


def guarded(build):
    """Any failure of a page is a message in the reader's language, never a 500."""
    @functools.wraps(build)
    def page(**params):
        try:
            return build(**params)
        except Exception as exc:
            log.exception("instructions page failed")
            url = flat_params(params)
            lang = lang_of(url.get("lang"))
            keep = view_params_of(url)
            body = html.Main([_messages([("instr.store_error", {"reason": type(exc).__name__})],
                                        lang)], className="instr-page")
            return _frame(lang, url.get("present") == "1", None, keep, body, "page-instructions")
    return page


@guarded
def layout(**params):
    url = flat_params(params)
    lang = lang_of(url.get("lang"))
    present = url.get("present") == "1"
    keep = view_params_of(url)
    dims = try_dimensions()
    today = date.today()
    sel = parse_selection(url, dims)
    try:
        visible = store.list_instructions()
    except Exception as exc:
        log.exception("instructions could not be read")
        body = html.Main([_messages([("instr.store_error", {"reason": type(exc).__name__})],
                                    lang)], className="instr-page")
        return _frame(lang, present, dims, keep, body, "page-instructions")
    chosen = select(visible, sel, today)
    c = counts(chosen, today)
    rows = [(heading, i) for heading, members in groups(chosen, sel, dims, lang, today)
            for i in members]
    size = PAGE_ROWS[present]
    pages = max(1, -(-len(rows) // size))
    if sel.page > pages:
        sel.page = pages
    shown = rows[(sel.page - 1) * size: sel.page * size]
    meetings = Meetings(lang)
    blocks, current = [], None
    for heading, i in shown:
        if heading != current:
            members = [x for h, x in rows if h == heading]
            blocks.append(html.H2([heading, html.Span(
                t("instr.group.counts", lang, open=sum(x.is_open for x in members),
                  overdue=sum(x.overdue(today) for x in members)),
                className="instr-group-counts")], className="instr-group"))
            current = heading
        blocks.append(html.Ul(instruction_row(i, dims, lang, today, meetings, keep),
                              className="instr-list"))
    words = _filter_words(sel, dims, lang)
    body = html.Main([
        html.Div([html.H1(t("instr.heading", lang), className="instr-h1"),
                  html.Span(t("instr.counts", lang, **c), className="instr-counts",
                            id="instr-counts", **{"data-n": str(c["n"])}),
                  None if present else _downloads(sel, lang)], className="instr-head"),
        _messages(sel.problems, lang),
        _controls(sel, visible, dims, lang, keep, present),
        html.Div(words, className="instr-filtered", id="instr-filtered") if words else None,
        html.Div(blocks or [html.P(t("instr.none", lang), className="instr-empty")],
                 id="instr-groups"),
        _pager(sel, pages, lang, keep),
    ], className="instr-page")
    return _frame(lang, present, dims, keep, body, "page-instructions")


dash.register_page(__name__, path=PATH, title=page_title("title.instructions"), layout=layout)


# -- one instruction ------------------------------------------------------------------------

@guarded
def layout_one(instruction_id=None, **params):
    url = flat_params(params)
    lang = lang_of(url.get("lang"))
    present = url.get("present") == "1"
    keep = view_params_of(url)
    dims = try_dimensions()
    back = dcc.Link(t("instr.go_list", lang), href=PATH + search_of(keep), id="instr-back",
                    className="instr-back")
    try:
        found = store.get_instruction(instruction_id)
    except store.InstructionError as exc:
        body = html.Main([_messages([(f"instr.err.{exc.key}", exc.params)], lang), back],
                         className="instr-page")
        return _frame(lang, present, dims, keep, body, "page-instruction")
    except Exception as exc:
        log.exception("instruction %r could not be read", instruction_id)
        body = html.Main([_messages([("instr.store_error", {"reason": type(exc).__name__})],
                                    lang), back], className="instr-page")
        return _frame(lang, present, dims, keep, body, "page-instruction")
    row = instruction_row(found, dims, lang, date.today(), Meetings(lang), keep, history=None)
    # the responsible body's report, the secretary's decisions (dashboard/meetings/
    # instruction_actions.py: only what the reader may do; not on the shared screen)
    from ..meetings.instruction_actions import actions
    controls = None if present else actions(found, lang)
    body = html.Main([
        html.Div([html.H1(t("instr.heading_one", lang, number=found.instruction_id),
                          className="instr-h1"), back], className="instr-head"),
        html.Ul(row, className="instr-list one"),
        *([controls] if controls is not None else []),
    ], className="instr-page")
    return _frame(lang, present, dims, keep, body, "page-instruction")


dash.register_page(__name__ + "_one", path_template=PATH + "/<instruction_id>",
                   title=page_title("title.instruction"), layout=layout_one)


# -- the file -------------------------------------------------------------------------------

def table(found, dims, lang: str, today: date) -> pd.DataFrame:
    """One row per instruction, the columns as the page reads them; numbers as numbers
    (rounded once: mn USD and % to one decimal), texts as typed (the writer neutralises
    a leading =, +, -, @)."""
    meetings = Meetings(lang)
    rows = []
    for i in found:
        m = meetings.get(i.meeting_id)
        tr = tracked(i, dims, lang)
        k = tr.tracking if tr else None
        history = "\n".join(
            f"{day(e.at, lang)} {e.at.strftime('%H:%M')} {e.actor}: {event_what(e, lang)}"
            + (f" — {e.text}" if e.text else "") for e in i.events)
        rows.append({
            t("instr.col.key", lang): i.instruction_id,
            t("instr.col.text", lang): i.text,
            t("instr.col.bodies", lang): bodies_text(i, dims, lang),
            t("instr.col.person", lang): i.person,
            t("instr.col.deadline", lang): day(i.deadline, lang),
            t("instr.col.status", lang): t(f"instr.status.{i.status}", lang),
            t("instr.col.overdue", lang): t("instr.yes" if i.overdue(today) else "instr.no",
                                            lang),
            t("instr.col.meeting", lang): day(m.held_on, lang) if m else "",
            t("instr.col.step", lang): (f"{i.step}: {step_title(m, i.step)}"
                                        if m and i.step else ""),
            t("instr.col.metric", lang): f"{tr.metric} — {tr.subject}" if tr else "",
            t("instr.col.target", lang): round(i.target.value, 1) if i.target else None,
            t("instr.col.target_by", lang): day(i.target.by, lang) if i.target else "",
            t("instr.col.current", lang): (round(k.current, 1) if k and k.current is not None
                                           else None),
            t("instr.col.progress", lang): (round(k.progress_pct, 1)
                                            if k and k.progress_pct is not None else None),
            t("instr.col.state", lang): t(f"instr.track.{k.state}", lang) if k else "",
            t("instr.col.history", lang): history,
        })
    frame = pd.DataFrame(rows, columns=[
        t(f"instr.col.{c}", lang) for c in ("key", "text", "bodies", "person", "deadline",
                                            "status", "overdue", "meeting", "step", "metric",
                                            "target", "target_by", "current", "progress",
                                            "state", "history")])
    frame.attrs["decimals"] = {t(f"instr.col.{c}", lang): 1
                               for c in ("target", "current", "progress")}
    return frame


def _plain(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain",
                    headers={"Cache-Control": "no-store"})


def download(fmt: str) -> Response:
    """``/instructions/download.<csv|xlsx>?<the list's filters>``: the whole selection."""
    url = {k: ",".join(v) for k, v in request.args.lists()}
    lang = lang_of(url.get("lang"))
    if fmt not in MIME:
        return _plain(400, t("instr.download_format", lang, fmt=_shown(fmt, 12)))
    if not allowed(DOWNLOAD):
        return _plain(403, t("instr.download_refused", lang))
    try:
        dims = try_dimensions()
        today = date.today()
        sel = parse_selection(url, dims)
        chosen = select(store.list_instructions(), sel, today)
        frame = table(chosen, dims, lang, today)
        link = request.host_url.rstrip("/") + PATH + search_of({**sel.params(), "lang": lang})
        head = [("", t("instr.file_title", lang)),
                ("", t("instr.counts", lang, **counts(chosen, today)))]
        words = _filter_words(sel, dims, lang)
        if words:
            head.append(("", words))
        head.append((t("downloads.head.link", lang), link))
        head += [(t("downloads.head.notes", lang), t(k, lang, **p)) for k, p in sel.problems]
        body = (files.to_csv(head, frame, lang) if fmt == "csv"
                else files.to_xlsx(head, frame, t("instr.file_title", lang), "instructions"))
    except Exception as exc:
        log.exception("instructions download failed")
        return _plain(503, t("instr.store_error", lang, reason=type(exc).__name__))
    trail.note("download", PATH + search_of(sel.params()), detail=f"instructions.{fmt}")
    resp = Response(body, content_type=MIME[fmt], headers={"Cache-Control": "no-store"})
    resp.headers.set("Content-Disposition", "attachment",
                     filename=files.file_name(PATH, "list", fmt))
    return resp


def register(server) -> None:
    """The file's route (called by ``download_routes.register``)."""
    server.add_url_rule(f"{PATH}/download.<fmt>", "instructions_download", download,
                        methods=["GET"])
