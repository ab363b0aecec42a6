"""One step of a meeting, ``/meeting/<id>/<N>``, and the follower's page,
``/meeting/<id>/follow``.

Decisions (the README's "Meetings" section repeats them):

* **Edition or today's data.** A step shows the meeting's edition — the page as it was
  drawn at freezing (``dashboard/meetings/edition.py``), never re-queried — once one
  exists; ``mode=live`` (the badge in the bar, or the key L) shows today's data for the
  same step. The header's data stamp says which: "Edition of 04.12.2026 · data to
  October 2026 · loaded …" or "Today's data · …". A **drill** inside a frozen step (a
  chart click, a breadcrumb, a toggle: ``/meeting/<id>/<N>?level=…``) is not part of
  the edition: it is drawn from today's data, and the stamp says so in the same
  words ("Today's data: this drill-down is not in the edition").
* **Since the last meeting.** Every KPI of a view step shows its value at the previous
  held meeting's edition and the change; new entries of ranked lists are marked
  (``meetings/since.py``); step 1 of every meeting is the headline changes of all its
  views in one screen. Compared are the same saved views (path and query), in the
  viewer's language. A drill has no counterpart in the earlier edition: no marks.
* **Access.** A step whose filter the viewer's scope does not cover shows "not in your
  access" and nothing of its data (``meetings/access.py``), in both modes.
* **The presenter** is a user with the meetings permission on a step link with
  ``lead=1`` ("Present ▶" on the meeting's page); every view they draw — step changes
  and drills — is published as the meeting's position (``queries.meetings``).
  **Followers** open ``/meeting/<id>/follow``: the step where the presenter is, in
  their own language, theme and scope; ``assets/follow.js`` redraws it when the
  position moves. A follower who clicks into the step (a drill, an arrow) is on the
  step's own link: the follow pauses and "Back to the presenter" brings them back.
* The agenda bar, keys and links work as on an agenda step (``agenda_step.py``;
  ``assets/agenda.js`` reads the bar's ``data-base``).
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urlencode

import dash
from dash import dcc, html

from access.roles import DOWNLOAD, MEETINGS
from queries import meetings as store
from queries.dimensions import dimensions

from ..auth.guard import allowed
from ..auth.session import current_user
from ..components.chrome import header
from ..components.links import search_with_blanks
from ..components.page_title import request_lang
from ..downloads import views as download_views
from ..formatting import day
from ..i18n import LANGS, month_name, t
from ..meetings import access, draw, edition, instruction_form, instructions_step
from ..meetings.plain import walk
from ..state import browser_lang, search_of
from .agenda_step import flat_params, parse_step

log = logging.getLogger(__name__)

LIST_PATH = "/meetings"
FOLLOW = "follow"


# -- small things ------------------------------------------------------------------------

def _qs(params: dict[str, str]) -> str:
    return ("?" + urlencode(params, safe=",")) if params else ""


def _parse(search: str) -> dict[str, str]:
    return dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=True))


def keep_of(url: dict[str, str], lead: bool) -> dict[str, str]:
    """What step links keep: language, theme, live mode, the presenter's flag."""
    out = {}
    if url.get("lang") in LANGS:
        out["lang"] = url["lang"]
    if url.get("present") in ("0", "1"):
        out["present"] = url["present"]
    if url.get("mode") == "live":
        out["mode"] = "live"
    if lead:
        out["lead"] = "1"
    return out


def step_href(meeting_id: str, n: int | str, keep: dict[str, str]) -> str:
    return f"/meeting/{meeting_id}/{n}" + _qs(keep)


def _user_name() -> str:
    user = current_user()
    return getattr(user, "name", "") or "local"


# -- the bar -----------------------------------------------------------------------------

def meeting_bar(m: store.Meeting, n: int, keep: dict, leave: str, lang: str, *,
                follow: bool, lead: bool, position: store.Position | None) -> html.Div:
    total = len(m.steps)
    step = m.steps[n - 1]
    arrow_keep = {k: v for k, v in keep.items()}

    def arrow(label: str, k: int, el_id: str, hint: str):
        if 1 <= k <= total:
            return dcc.Link(label, href=step_href(m.meeting_id, k, arrow_keep), id=el_id,
                            className="agenda-arrow", title=t(hint, lang))
        return html.Span(label, id=el_id, className="agenda-arrow disabled")

    if follow:  # the follower sees whom they follow where the meeting's date is
        items = [html.Span(t("mstep.following", lang), id="follow-status",
                           className="follow-status")]
    else:
        items = [dcc.Link(day(m.held_on, lang), href=f"/meeting/{m.meeting_id}" + _qs(
                     {k: v for k, v in keep.items() if k in ("lang", "present")}),
                          id="agenda-bar-title", className="agenda-bar-title",
                          title=m.title)]
    items += [arrow("‹", n - 1, "agenda-prev", "agenda.prev"),
              html.Span(t("agenda.counter", lang, n=n, total=total), id="agenda-counter",
                        className="agenda-counter"),
              arrow("›", n + 1, "agenda-next", "agenda.next"),
              html.Span(step.title, id="agenda-step-title", className="agenda-step-title")]
    if not follow and not lead and position is not None:
        back = {k: v for k, v in keep.items() if k in ("lang", "present")}
        # assets/follow.js keeps the presenter's n / total up to date from the box's
        # template (dcc.Link takes no data-* attributes)
        items.append(html.Span(dcc.Link(
            t("mstep.back", lang, n=position.step, total=total), id="follow-back",
            className="follow-back", href=f"/meeting/{m.meeting_id}/{FOLLOW}" + _qs(back)),
            id="follow-back-box",
            **{"data-follow-label": t("mstep.back", lang, n="{n}", total="{total}")}))
    if lead:
        items.append(html.Span(t("mstep.presenting", lang), id="meeting-presenting",
                               className="meeting-presenting"))
    items.append(dcc.Link(t("agenda.leave", lang), href=leave, id="agenda-leave",
                          className="agenda-leave", title=t("agenda.leave_hint", lang)))
    return html.Div(items, className="agenda-bar meeting-bar", id="agenda-bar")


def message_page(text: str, lang: str, target: str = LIST_PATH):
    try:
        dims = dimensions()
    except Exception:
        dims = None
    return html.Div([
        header(LIST_PATH, "", dims, lang),
        html.Div([html.Div(text, className="message", id="meeting-error"),
                  dcc.Link(t("mstep.to_list", lang), href=target + f"?lang={lang}",
                           className="crumb", id="meeting-back")],
                 className="messages", id="messages", role="alert"),
    ], className="page", lang=lang)


# -- the content -------------------------------------------------------------------------

def _frame(lang: str, present: bool, dims, body, page_id: str):
    """A page of our own (the since step, a refusal) in the frame of the others."""
    return html.Div([header(LIST_PATH, "", dims, lang, {}, present), body],
                    className="page present" if present else "page", id=page_id, lang=lang)


def _then(m: store.Meeting, lang: str):
    """(label, facts by view) of the previous held meeting's edition, or (None, {})."""
    before = store.previous_held(m, lang)
    if before is None:
        return None, {}
    return day(before.held_on, lang, short=True), edition.facts_by_view(before.meeting_id, lang)


def _since_step(m: store.Meeting, lang: str, present: bool, mode: str, dims):
    from ..meetings import since
    from ..meetings.facts import facts_of

    label, then = _then(m, lang)
    now = edition.facts_by_view(m.meeting_id, lang) if mode == "edition" else {}
    items = []
    for step in m.steps:
        if step.kind != "view":
            continue
        params = draw.view_params(step, {"lang": lang, "present": "1"})
        if not access.covers(step.path, params, draw.path_vars_of(step)):
            continue
        found = now.get((step.path, step.search))
        if found is None:  # today's data (or a view the edition lacks): drawn now
            tree = draw.draw(m.meeting_id, step, params)
            found = facts_of(tree) if tree is not None else {}
        items.append((step.title, found, then.get((step.path, step.search))))
    return _frame(lang, present, dims, since.since_content(items, label, lang),
                  "page-meeting-since")


def _refused(lang: str, present: bool, dims):
    body = html.Div(html.Div(t("mstep.refused", lang), className="message",
                             id="meeting-refused"),
                    className="messages", role="alert")
    return _frame(lang, present, dims, body, "page-meeting-refused")


def _waiting(lang: str, present: bool, dims):
    body = html.Div(html.Div(t("mstep.waiting", lang), className="message",
                             id="meeting-waiting"), className="messages", role="status")
    return _frame(lang, present, dims, body, "page-meeting-waiting")


# -- dressing a drawn page for the meeting -----------------------------------------------

def _dress(tree, m: store.Meeting, n: int, bar, *, self_href, keep: dict, stamp: str,
           download_params: dict):
    """The bar for the navigation, the switches and in-step links on this meeting step,
    the data stamp saying edition or today, the downloads from this step."""
    base = draw.step_path(m.meeting_id, n)
    extra = {k: v for k, v in keep.items() if k in ("mode", "lead")}
    for node in list(walk(tree)):
        children = getattr(node, "children", None)
        if isinstance(node, html.Header) and isinstance(children, list):
            # no "+ Agenda" (a meeting step is no page to save); the downloads menu of
            # an edition only for whom may take files away (it was drawn for everyone)
            node.children = [bar if isinstance(c, html.Nav) else c for c in children
                             if getattr(c, "id", None) != "agenda-add" and not (
                                 getattr(c, "id", None) == "downloads-menu"
                                 and not allowed(DOWNLOAD))]
        node_id = getattr(node, "id", None)
        href = getattr(node, "href", None)
        if node_id == "filter-bar":
            _no_options(node)
        if isinstance(node, dcc.Link) and isinstance(node_id, str) and (
                node_id.startswith("lang-") and node_id[5:] in LANGS):
            node.href = self_href({"lang": node_id[5:]})
        elif isinstance(node, dcc.Link) and node_id == "present-toggle":
            node.href = self_href({"present": "0" if keep.get("present", "1") != "0"
                                   else "1"})
        elif node_id == "freshness":  # what the step shows: edition or today, and when
            node.children = stamp
            node.className = "freshness meeting-fresh"
        elif isinstance(node_id, str) and node_id.startswith("dl-") and \
                node_id.rsplit("-", 1)[-1] in download_views.FORMATS:
            item, fmt = node_id[3:].rsplit("-", 1)
            node.href = download_views.download_href(base, download_params, item, fmt)
        elif isinstance(href, str) and extra and (href == base or href.startswith(base + "?")):
            params = _parse(href[len(base):])
            params.update({k: v for k, v in extra.items() if k not in params})
            node.href = base + search_with_blanks(params)
    return tree


def _live_badge(tree, view: dict[str, str]):
    """A frozen page without the badge and the card's list of instructions it was drawn
    with (counted at freezing, unscoped), and with today's badge for this reader's
    scope instead (``components.instruction_badge``: instructions are no figures of the
    edition — they change after the meeting, and who sees which depends on the scope)."""
    from ..components.instruction_badge import with_badge
    from ..state import read_state

    for node in list(walk(tree)):
        children = getattr(node, "children", None)
        if isinstance(children, list):
            node.children = [c for c in children if getattr(c, "id", None) not in (
                "instruction-badge", "card-instructions")]
    try:
        tree, _ = with_badge(tree, read_state(view))
    except Exception:  # a page never fails for its badge
        log.exception("meeting step: the badge could not be drawn")
    return tree


def _no_options(bar) -> None:
    """The filter bar is hidden on a step (assets/agenda.css), and an edition's was drawn
    unscoped: its lists of concerns and enterprises are not for every participant."""
    for node in walk(bar):
        if isinstance(node, (dcc.Dropdown, dcc.Checklist, dcc.RadioItems)):
            node.options = []


# -- the page ----------------------------------------------------------------------------

def layout(meeting_id=None, step=None, **params):
    url = flat_params(params)
    lang = url.get("lang") if url.get("lang") in LANGS else browser_lang()
    try:
        m = store.get_meeting(meeting_id, lang)
    except store.MeetingError as exc:
        return message_page(t(f"meeting.err.{exc.key}", lang, **exc.params), lang)
    except Exception as exc:
        log.exception("meeting %r", meeting_id)
        return message_page(t("mstep.err_store", lang, reason=type(exc).__name__), lang)
    try:
        return _layout(m, step, url, lang)
    except store.MeetingError as exc:
        return message_page(t(f"meeting.err.{exc.key}", lang, **exc.params), lang,
                            f"/meeting/{m.meeting_id}")
    except Exception as exc:
        log.exception("meeting %s step %r", m.meeting_id, step)
        return message_page(t("mstep.err_store", lang, reason=type(exc).__name__), lang,
                            f"/meeting/{m.meeting_id}")


def _layout(m: store.Meeting, step, url: dict[str, str], lang: str):
    follow = step == FOLLOW
    position = store.position(m.meeting_id)
    present = url.get("present", "1") != "0"
    try:
        dims = dimensions()
    except Exception:
        dims = None
    if follow:
        if position is None or not 1 <= position.step <= len(m.steps):
            n = None
        else:
            n = position.step
            url = {**{k: v for k, v in url.items() if k in ("lang", "present", "seq")},
                   **_parse(position.search)}
    else:
        n = parse_step(step)
        if n is None or not 1 <= n <= len(m.steps):
            raise store.MeetingError("no_step", step=str(step)[:12], total=len(m.steps))
    lead = (not follow) and url.get("lead") == "1" and allowed(MEETINGS)
    keep = keep_of(url, lead)
    view_keep = {k: v for k, v in keep.items() if k in ("lang", "present")}
    if n is None:  # following, and the presenter has not started
        tree = _waiting(lang, present, dims)
        return html.Div(tree, id="agenda-step", className="agenda-step meeting-step",
                        lang=lang, **_data(m, 0, keep, f"/meeting/{m.meeting_id}", True,
                                           False, "edition", position))
    mstep = m.steps[n - 1]
    drill = draw.drill_of(mstep, url)
    mode = "live" if url.get("mode") == "live" or m.edition is None else "edition"
    if lead:  # the presenter's move, for the followers
        published = {**drill, **({"mode": "live"} if mode == "live" else {})}
        position = store.set_position(m.meeting_id, n, search_with_blanks(published),
                                      _user_name())

    view = draw.view_params(mstep, url) if mstep.kind == "view" else {}
    leave = (mstep.path + search_of({k: v for k, v in view.items()
                                      if not (k == "present" and v != "1")})
             if mstep.kind == "view" else f"/meeting/{m.meeting_id}" + _qs(view_keep))
    here = {**keep, **drill}

    def self_href(change: dict) -> str:
        target = FOLLOW if follow else str(n)
        params = {**(view_keep if follow else here), **change}
        params = {k: v for k, v in params.items() if v is not None}
        return f"/meeting/{m.meeting_id}/{target}" + _qs(params)

    drilled = bool(drill)
    if mstep.kind == "since":
        tree = _since_step(m, lang, present, mode, dims)
        stamp = _shown(m, mode == "edition", False)
    elif mstep.kind == "instr":  # everyone's step: its content is cut to the scope
        content, frozen = instructions_step.step_content(m, n, lang, mode)
        tree = _frame(lang, present, dims, content, "page-meeting-instr")
        stamp = _shown(m, frozen, False)
    elif not access.covers(mstep.path, view, draw.path_vars_of(mstep)):
        tree = _refused(lang, present, dims)
        stamp = _shown(m, mode == "edition", False)
    else:
        tree = None
        if mode == "edition" and not drilled:
            tree = edition.frozen_tree(m.meeting_id, n, lang, present)
        frozen = tree is not None
        if tree is None:
            tree = draw.draw(m.meeting_id, mstep, view)
            if tree is None:
                return message_page(t("mstep.bad_path", lang, path=mstep.path), lang,
                                    f"/meeting/{m.meeting_id}")
        if frozen:  # the edition's badge was counted then, for everyone: today's, theirs
            tree = _live_badge(tree, view)
        if not drilled:
            label, then = _then(m, lang)
            if label is not None:
                from ..meetings import since

                # a view the earlier edition lacks: {} ("not at the meeting of …")
                since.mark(tree, then.get((mstep.path, mstep.search), {}), label, lang)
        stamp = _shown(m, frozen, drilled and mode == "edition")
    bar = meeting_bar(m, n, keep, leave, lang, follow=follow, lead=lead, position=position)
    # the badge switches edition ↔ today for this step; on the follower's page it opens
    # the step on one's own (the follow pauses), as any click into the step does
    switch = {"mode": "live"} if mode == "edition" else {"mode": None}
    toggle = (step_href(m.meeting_id, n, {k: v for k, v in {**view_keep, **drill,
                                                             **switch}.items()
                                          if v is not None})
              if follow else self_href(switch))
    stamp = meeting_stamp(m, lang, shown=stamp, toggle=toggle, dims=dims)
    download = {**view_keep, **drill, **({"mode": "live"} if mode == "live" else {})}
    tree = _dress(tree, m, n, bar, self_href=self_href, keep=keep, stamp=stamp,
                  download_params=download)
    if not any(node is bar for node in walk(tree)):
        tree = html.Div([bar, tree])
    if not follow and allowed(MEETINGS):  # key I: an instruction given on this step
        tree = [tree, instruction_form.instruction_form(m, n, drill, mode, lang)]
    return html.Div(tree, id="agenda-step", className="agenda-step meeting-step", lang=lang,
                    **_data(m, n, keep, leave, follow, lead, mode, position))


def _data(m, n, keep, leave, follow, lead, mode, position) -> dict:
    return {"data-agenda": m.meeting_id, "data-base": f"/meeting/{m.meeting_id}",
            "data-step": str(n), "data-count": str(len(m.steps)),
            "data-keep": _qs(keep), "data-leave": leave, "data-meeting": m.meeting_id,
            "data-follow": "1" if follow else "0",
            "data-seq": str(position.seq if position else 0),
            "data-lead": "1" if lead else "0", "data-mode": mode}


def _shown(m: store.Meeting, frozen: bool, drill_live: bool) -> str:
    """What the step shows: "edition", "drill" (today's data under a frozen step),
    "live" (today's data by choice) or "none" (no edition yet)."""
    if frozen and m.edition is not None:
        return "edition"
    if drill_live:
        return "drill"
    return "none" if m.edition is None else "live"


def meeting_stamp(m: store.Meeting, lang: str, *, shown: str, toggle: str, dims) -> list:
    """The header's data stamp on a meeting step, two short lines: the badge (the
    edition of … / today's data — a link switching the two, key L) and the data's
    month and load date (the edition's own, or today's)."""
    label = {"edition": t("mstep.stamp_edition", lang, day=day(
                 m.edition.frozen_at, lang) if m.edition else ""),
             "drill": t("mstep.stamp_drill_live", lang),
             "live": t("mstep.stamp_live", lang),
             "none": t("mstep.stamp_no_edition", lang)}[shown]
    kind = "edition" if shown == "edition" else "live"
    if m.edition is None:
        badge = html.Span(label, id="meeting-badge", className=f"meeting-badge {kind}")
    else:
        badge = dcc.Link(label, id="meeting-badge", href=toggle,
                         className=f"meeting-badge {kind}")
    if shown == "edition":
        month, loaded = m.edition.data_through, m.edition.loaded_at
    else:
        month = (dims.complete_month or dims.latest_month) if dims is not None else None
        loaded = dims.loaded_at if dims is not None else None
    when = (t("mstep.data", lang, month=f"{month_name(month.month, lang, capital=lang != 'ru')} "
                                         f"{month.year}",
              loaded=day(loaded, lang)) if month is not None and loaded is not None
            else "")
    return [html.Div(badge, className="meeting-stamp-line"),
            html.Div(when, className="meeting-data", id="meeting-data")]


def title(meeting_id=None, step=None, **_):
    return t("title.meeting_step", request_lang())


# order=-1: Dash takes the first page whose template matches, and its templates match
# across "/" (fnmatch), so "/meeting/<meeting_id>" (the meeting's own page) would also
# take "/meeting/<id>/3"; ordered first, this one is tried first (it has no nav entry)
dash.register_page(
    __name__, path_template="/meeting/<meeting_id>/<step>",
    title=title, layout=layout, order=-1,
)
