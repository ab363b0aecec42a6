"""The meeting step "Instructions: due, overdue, done since the last meeting" (kind
``instr``, step 2 of every new meeting), on one screen.

Three columns, as of the **meeting's date** D (the day the working group looks at it):

* **Overdue** — still open (open, extended) with the deadline before D;
* **Due** — the other instructions still to be met (open, extended, reported and
  waiting for the secretary), the nearest deadline first;
* **Done since** the previous held meeting — accepted after that meeting's date (every
  done one when there is none before).

Each instruction: its key (a link to it), the deadline, the text, the bodies, the
person, and a tracked target's figures — the value now, the target and the state (met,
on track, at risk, missed: ``instruction_metrics.track``). A column shows its first
``ROWS`` and says how many more there are (a link to ``/instructions``).

**Frozen like a view** (decision, README "Meetings"): ``edition.freeze`` stores this
step's tree too (``content``, drawn unscoped), so the edition shows the instructions and
their figures as they stood at freezing, whatever happens later. A frozen tree holds
every instruction; it is cut down to the viewer's scope when shown (``finish``: each
card carries its bodies, ``data-bodies``, and the rule is ``queries.instructions``'
own — one of the bodies within the scope; free-text-only instructions for unscoped
readers only), and the counts and "more" lines are computed then. Today's data
(``mode=live``) draws it now, in the viewer's scope, through the same ``finish``.
"""

from __future__ import annotations

import logging
from datetime import date

from dash import dcc, html

from queries import instruction_metrics as metrics
from queries import instructions as store
from queries import meetings
from queries import scope as access

from ..formatting import day, number, pct
from ..i18n import t
from .plain import walk

log = logging.getLogger(__name__)

ROWS = 4          # instructions per column on the screen
TEXT_SHOWN = 150  # characters of an instruction's text on the step (its page has all)
COLUMNS = ("overdue", "due", "done")
LIST_PATH = "/instructions"


# -- which instructions -------------------------------------------------------------------

def accepted_on(i: store.Instruction) -> date | None:
    found = [e.at.date() for e in i.events if e.kind == "accept" and e.at is not None]
    return found[-1] if found else None


def columns(found: list[store.Instruction], held_on: date, since: date | None
            ) -> dict[str, list[store.Instruction]]:
    """The three lists (see the module's docstring)."""
    overdue = [i for i in found if i.status in ("open", "extended") and i.deadline < held_on]
    late = {i.instruction_id for i in overdue}
    due = [i for i in found if i.is_open and i.instruction_id not in late]
    done = [i for i in found if i.status == "done" and (
        since is None or (accepted_on(i) or date.min) > since)]
    done.sort(key=lambda i: accepted_on(i) or date.min, reverse=True)
    return {"overdue": overdue, "due": due, "done": done}


# -- drawing ------------------------------------------------------------------------------

def _value(v: float | None, unit: str, lang: str) -> str:
    if v is None:
        return t("instrform.step.no_target_value", lang)
    return pct(v, lang) if unit == "pct" else f"{number(v, 1, lang)} {t('unit.mn_usd', lang)}"


def _shortened(text_: str) -> tuple[str, bool]:
    """The first words of a long text, cut at a word (the card's link opens it whole)."""
    if len(text_) <= TEXT_SHOWN:
        return text_, False
    cut = text_[:TEXT_SHOWN].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return cut, True


def _bodies(i: store.Instruction, names: dict, lang: str) -> str:
    shown = []
    for b in i.bodies:
        level, _, key = b.partition(":")
        shown.append(str(names.get(level, {}).get(key, key)))
    return "; ".join(shown + ([i.others] if i.others else []))


def _target(i: store.Instruction, lang: str):
    g = i.target
    if g is None:
        return None
    unit = metrics.METRICS.get(g.metric, ((), 0, "mn"))[2]
    try:
        since = g.since or (i.created_at.date() if i.created_at else g.by)
        k = metrics.track(g.metric, g.subject, g.value, g.by, g.baseline, since)
        current, state = k.current, k.state
    except Exception:  # the data away: the target is still named, its figure not
        log.exception("target of %s could not be tracked", i.instruction_id)
        current, state = None, "no_data"
    line = t("instrform.step.target", lang, metric=t(f"instr.metric.{g.metric}", lang),
             current=_value(current, unit, lang), target=_value(g.value, unit, lang),
             day=day(g.by, lang))
    return html.Div([html.Span(line, className="instr-step-target-what"), " · ",
                     html.Span(t(f"instr.track.{state}", lang),
                               className=f"instr-step-track {state}",
                               id=f"instr-step-track-{i.instruction_id}")],
                    className="instr-step-target")


def _card(i: store.Instruction, column: str, names: dict, lang: str) -> html.Li:
    text_, cut = _shortened(i.text)
    when = (t("instrform.step.done_on", lang, day=day(accepted_on(i), lang))
            if column == "done" else t("instrform.step.due_on", lang, day=day(i.deadline, lang)))
    head = [dcc.Link(i.instruction_id, href=f"{LIST_PATH}/{i.instruction_id}?lang={lang}",
                     className="instr-step-key"),
            html.Span(when, className="instr-step-when")]
    if i.status in ("reported", "extended"):
        head.append(html.Span(t(f"instr.status.{i.status}", lang),
                              className=f"instr-step-status {i.status}"))
    who = _bodies(i, names, lang)
    if i.person:
        who = f"{who} · {i.person}" if who else i.person
    parts = [html.Div(head, className="instr-step-head"),
             html.Div([text_, *([" ", dcc.Link("→", href=f"{LIST_PATH}/{i.instruction_id}"
                                               f"?lang={lang}", className="instr-step-on")]
                                if cut else [])], className="instr-step-text"),
             html.Div(who, className="instr-step-who")]
    target = _target(i, lang)
    if target is not None:
        parts.append(target)
    return html.Li(parts, className="instr-step-card", id=f"instr-step-{i.instruction_id}",
                   **{"data-bodies": " ".join(i.bodies)})


def _names(lang: str) -> dict:
    try:
        from queries.dimensions import dimensions
        dims = dimensions()
        return {"concern": dims.short_name_of("concern", lang),
                "oblast": dims.short_name_of("oblast", lang)}
    except Exception:
        log.exception("dimensions could not be read")
        return {}


def instructions_content(meeting: meetings.Meeting, lang: str):
    """The step's content for the current request's scope (unscoped when freezing),
    every instruction of each column (``finish`` cuts them to the screen)."""
    before = meetings.previous_held(meeting, lang)
    since = before.held_on if before is not None else None
    found = columns(store.list_instructions(), meeting.held_on, since)
    names = _names(lang)
    titles = {"overdue": t("instrform.step.overdue", lang),
              "due": t("instrform.step.due", lang),
              "done": (t("instrform.step.done", lang, date=day(since, lang)) if since
                       else t("instrform.step.done_all", lang))}
    cols = []
    for name in COLUMNS:
        cols.append(html.Section([
            html.H2([html.Span(titles[name], className="instr-step-title"), " ",
                     html.Span(str(len(found[name])), className="instr-step-n")],
                    className="instr-step-h2"),
            html.Ul([_card(i, name, names, lang) for i in found[name]],
                    className="instr-step-list"),
        ], className=f"instr-step-col {name}", id=f"instr-step-{name}"))
    return html.Main([
        html.Div(t("instrform.step.reference", lang, date=day(meeting.held_on, lang)),
                 className="instr-step-ref"),
        html.Div(cols, className="instr-step-cols"),
        dcc.Link(t("instrform.step.all", lang), href=f"{LIST_PATH}?lang={lang}",
                 className="instr-step-all", id="instr-step-all"),
    ], className="instr-step", id="instr-step")


# -- showing ------------------------------------------------------------------------------

def _visible(bodies: str, scope) -> bool:
    if scope is None:
        return True
    for body in str(bodies or "").split():
        kind, _, value = body.partition(":")
        if (kind == "concern" and value in scope.concerns) or \
                (kind == "oblast" and value in scope.oblasts):
            return True
    return False


def finish(tree, scope, lang: str):
    """The content as this reader sees it: the cards their scope covers, the first
    ``ROWS`` of each column, the counts and "n more" computed from what remains."""
    for node in list(walk(tree)):
        if "instr-step-col" not in str(getattr(node, "className", "") or "").split():
            continue
        lists = [c for c in walk(node) if "instr-step-list" in str(
            getattr(c, "className", "") or "")]
        counts = [c for c in walk(node) if getattr(c, "className", "") == "instr-step-n"]
        if not lists:
            continue
        cards = [c for c in (lists[0].children or [])
                 if "instr-step-card" in str(getattr(c, "className", "") or "")
                 and _visible(getattr(c, "data-bodies", ""), scope)]
        shown = cards[:ROWS]
        rest = len(cards) - len(shown)
        column = str(node.id).removeprefix("instr-step-")
        if rest > 0:
            shown.append(html.Li(dcc.Link(
                t("instrform.step.more", lang, n=rest),
                href=f"{LIST_PATH}?lang={lang}" + ("&overdue=1" if column == "overdue" else ""),
                className="instr-step-more"), className="instr-step-more-row"))
        if not cards:
            shown.append(html.Li(t("instrform.step.none", lang), className="instr-step-none"))
        lists[0].children = shown
        for c in counts:
            c.children = str(len(cards))
    return tree


def step_content(meeting: meetings.Meeting, n: int, lang: str, mode: str):
    """(the step's content for the signed-in reader, whether it is the edition's)."""
    from . import edition

    tree = edition.frozen_tree(meeting.meeting_id, n, lang, True) if mode == "edition" else None
    frozen = tree is not None
    if tree is None:
        tree = instructions_content(meeting, lang)
    return finish(tree, access.current(), lang), frozen
