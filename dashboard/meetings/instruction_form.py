"""Giving an instruction during the meeting, without leaving the presentation.

On a meeting step a secretary (``MEETINGS``) presses **I** (``assets/instruction_form.js``)
and a small panel opens over the step, prefilled from it: the meeting and step, the
step's view (its path and query, drill included), the responsible bodies its filter
names (a filtered enterprise brings its concern), and the target's subject from the
same filter. Saving goes through one callback; the step underneath is never redrawn and
the location never changes, so the presenter stays where they are and the followers'
position (``queries.meetings.position``) does not move. A refusal shows its message in
the panel and saves nothing; a saved instruction closes the panel and says "Instruction
2026-12-04-3 saved".

What is trusted from the browser: nothing. The meeting and step are read again from the
store, the bodies checked against the dimensions and the secretary's scope
(``queries.instructions``), the target against the data (``instruction_metrics.
check_target``, which also gives its baseline). The figures recorded with the
instruction are the step's figures in the meeting's edition
(``edition.facts_by_view``, Russian: the protocol's language) when the step was shown
from the edition; a drill or today's data is drawn again here and its figures taken
(``facts.facts_of``), marked ``"source": "live"``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from flask import g

from queries import instruction_metrics as metrics
from queries import instructions
from queries import meetings as store
from queries import scope as access
from queries.dimensions import dimensions
from queries.filters import parse_filter

from ..auth import trail
from ..i18n import t
from ..pages.meetings import body_options
from ..state import lang_of, parse_search, search_of
from . import (
    draw,
    edition,
    instruction_actions,  # noqa: F401 (its callback registers with the app)
)

log = logging.getLogger(__name__)

PREFIX = "instrform-"  # dashboard/auth/pages.py: these outputs need MEETINGS
FACTS_LANG = "ru"      # the figures an instruction keeps: those of the protocol
SUBJECT_KEYS = ("concern", "oblast", "enterprise", "heading", "region")


def _id(name: str) -> str:
    return PREFIX + name


# -- what the step gives the form ---------------------------------------------------------

def _view_filter(mstep: store.MeetingStep, search: str):
    """The step's view filter (unscoped: the filter as the view names it)."""
    params = draw.view_params(mstep, parse_search(search))
    with access.using(None):
        dims = dimensions()
        flt, _ = parse_filter(params, dims, None)
    enterprises = list(flt.enterprises)
    raw = str(draw.path_vars_of(mstep).get("enterprise_id", ""))
    if raw.isdigit():
        enterprises.insert(0, int(raw))
    return flt, enterprises, dims


def prefill(mstep: store.MeetingStep, search: str) -> tuple[list[str], dict]:
    """(the bodies the step's filter names — concerns, oblasts, each filtered
    enterprise's concern —, the target's subject candidates: the first concern, oblast,
    enterprise, heading and region of the filter)."""
    if mstep.kind != "view":
        return [], {}
    flt, enterprises, dims = _view_filter(mstep, search)
    bodies = [f"concern:{c}" for c in flt.concerns] + [f"oblast:{o}" for o in flt.oblasts]
    table = dims.enterprises.set_index("enterprise_id")
    subject: dict = {}
    for e in enterprises:
        if e in table.index:
            bodies.append(f"concern:{table.at[e, 'concern_id']}")
            subject.setdefault("enterprise", int(e))
            subject.setdefault("concern", str(table.at[e, "concern_id"]))
            subject.setdefault("oblast", str(table.at[e, "oblast_id"]))
    for key, values in (("concern", flt.concerns), ("oblast", flt.oblasts),
                        ("heading", flt.headings), ("region", flt.regions)):
        if values:
            subject[key] = str(values[0])
    return list(dict.fromkeys(bodies)), subject


def subject_for(metric: str, candidates: dict, bodies: list[str]) -> dict:
    """The target's subject: the step's filter for the metric's keys; a concern or
    oblast metric takes the filter's body when it is among the chosen bodies, else the
    first chosen body of that kind (the presenter changed them)."""
    keys = metrics.METRICS[metric][0]
    out = {}
    for key in keys:
        value = candidates.get(key)
        if key in ("concern", "oblast"):
            chosen = [b.partition(":")[2] for b in bodies if b.startswith(key + ":")]
            if chosen and str(value) not in chosen:
                value = chosen[0]
        if value not in (None, ""):
            out[key] = value
    return out


def _subject_names(candidates: dict, lang: str) -> str:
    try:
        dims = dimensions()
    except Exception:
        return ""
    parts = []
    for level in SUBJECT_KEYS:
        if level in candidates:
            names = dims.short_name_of(level, lang)
            key = candidates[level]
            parts.append(str(names.get(key, names.get(str(key), key))))
    return " · ".join(parts)


# -- the panel ----------------------------------------------------------------------------

def _field(label: str, control, cls: str = "") -> html.Label:
    return html.Label([html.Span(label, className="instrform-label"), control],
                      className=("instrform-field " + cls).strip())


def instruction_form(m: store.Meeting, n: int, drill: dict, mode: str, lang: str):
    """The panel (closed until the key opens it) for step ``n`` of meeting ``m`` as it
    is shown (``drill`` on top of the saved view, ``mode`` edition or live)."""
    mstep = m.steps[n - 1]
    search = search_of({k: v for k, v in drill.items() if v not in (None, "")})
    try:
        bodies, candidates = prefill(mstep, search)
        dims = dimensions()
        options = body_options(dims, lang)
    except Exception:  # the database away: the form still opens, with no lists
        log.exception("instruction form: the step's filter could not be read")
        bodies, candidates, options = [], {}, []
    offered = {o["value"] for o in options}
    context = {"meeting": m.meeting_id, "step": n, "search": search, "mode": mode,
               "drilled": bool(drill), "subject": candidates, "lang": lang}
    metric_options = [{"label": t(f"instr.metric.{k}", lang), "value": k}
                      for k in metrics.METRICS]
    names = _subject_names(candidates, lang) if candidates else ""
    return html.Div([
        html.Div([
            html.Div([html.H2(t("instrform.title", lang, n=n), className="instrform-h2"),
                      html.Span(t("instrform.view", lang, title=mstep.title),
                                className="instrform-view", id=_id("view"))],
                     className="instrform-head"),
            dcc.Textarea(id=_id("text"), value="", className="instrform-text",
                         placeholder=t("instrform.text_placeholder", lang),
                         title=t("instrform.text", lang)),
            html.Div([
                _field(t("instrform.bodies", lang), dcc.Dropdown(
                    id=_id("bodies"), options=options, multi=True,
                    value=[b for b in bodies if b in offered],
                    placeholder=t("instrform.bodies_placeholder", lang),
                    className="instrform-dropdown"), "grow"),
                _field(t("instrform.others", lang), dcc.Input(
                    id=_id("others"), type="text", value="", className="instrform-input",
                    placeholder=t("instrform.others_placeholder", lang))),
            ], className="instrform-line"),
            html.Div([
                _field(t("instrform.person", lang), dcc.Input(
                    id=_id("person"), type="text", value="",
                    className="instrform-input"), "grow"),
                _field(t("instrform.deadline", lang), dcc.Input(
                    id=_id("deadline"), type="text", value="", className="instrform-input date",
                    placeholder=t("instrform.date_placeholder", lang))),
            ], className="instrform-line"),
            html.Div([
                _field(t("instrform.target", lang), dcc.Dropdown(
                    id=_id("metric"), options=metric_options, value=None, clearable=True,
                    placeholder=t("instrform.metric_placeholder", lang),
                    className="instrform-dropdown"), "grow"),
                _field(t("instrform.target_value", lang), dcc.Input(
                    id=_id("target"), type="text", value="", className="instrform-input num")),
                _field(t("instrform.target_by", lang), dcc.Input(
                    id=_id("target-by"), type="text", value="",
                    className="instrform-input date",
                    placeholder=t("instrform.date_placeholder", lang))),
            ], className="instrform-line"),
            html.Div(t("instrform.subject", lang, names=names) if names
                     else t("instrform.subject_none", lang), className="instrform-subject",
                     id=_id("subject")),
            html.Div(id=_id("message"), className="instrform-message", role="alert"),
            html.Div([
                html.Button(t("instrform.save", lang), id=_id("save"), n_clicks=0,
                            className="agenda-btn primary instrform-save"),
                html.Button(t("instrform.close", lang), id=_id("close"), n_clicks=0,
                            className="agenda-btn instrform-close", type="button"),
                html.Span(t("instrform.keys", lang), className="instrform-keys"),
            ], className="instrform-buttons"),
            dcc.Store(id=_id("context"), data=context),
        ], className="instrform-panel", role="dialog", id=_id("panel"),
            **{"aria-label": t("instrform.title", lang, n=n)}),
        html.Div(id=_id("confirm"), className="instrform-confirm", role="status"),
    ], id="instr-form", className="instrform-root")


# -- saving -------------------------------------------------------------------------------

def _actor() -> str:
    user = g.get("user")
    return getattr(user, "name", "") or "local"


def _number(value) -> float:
    raw = str(value if value is not None else "").strip().replace("\u00a0", "").replace(" ", "")
    try:
        found = float(raw.replace(",", "."))
    except ValueError:
        raise _FormError("target_value", value=raw[:20]) from None
    if found != found or found in (float("inf"), float("-inf")):
        raise _FormError("target_value", value=raw[:20])
    return found


class _FormError(ValueError):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def step_figures(m: store.Meeting, mstep: store.MeetingStep, context: dict) -> dict:
    """The step's figures as the meeting saw them: the edition's, or (a drill, today's
    data, no edition) the view drawn now."""
    if mstep.kind != "view":
        return {}
    if context.get("mode") == "edition" and not context.get("drilled") and m.edition:
        found = edition.facts_by_view(m.meeting_id, FACTS_LANG).get((mstep.path, mstep.search))
        if found is not None:
            return {"source": "edition", "frozen_at": m.edition.frozen_at.isoformat(),
                    "lang": FACTS_LANG, "facts": found}
    from .facts import facts_of

    params = draw.view_params(mstep, {**parse_search(context.get("search") or ""),
                                      "lang": FACTS_LANG, "present": "1"})
    tree = draw.draw(m.meeting_id, mstep, params)
    return {"source": "live", "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "lang": FACTS_LANG, "facts": facts_of(tree) if tree is not None else {}}


def known_bodies() -> set[str]:
    """Every body of the dimensions: a body outside a scoped secretary's access is then
    refused as such by the store ("outside your access"), not as unknown."""
    with access.using(None):
        return {o["value"] for o in body_options(dimensions(), "ru")}


def save(context: dict, values: dict) -> instructions.Instruction:
    """The instruction from the form's values; raises the stores' errors (nothing saved)."""
    if not isinstance(context, dict):
        raise store.MeetingError("unknown", meeting="")
    step = context.get("step")
    if isinstance(step, bool) or not isinstance(step, int):
        raise store.MeetingError("no_step", step=str(step)[:12], total="?")
    m, mstep = store.get_step(context.get("meeting"), step, "ru")
    bodies = values.get("bodies") or []
    if not isinstance(bodies, list):
        bodies = [bodies]
    bodies = [str(b) for b in bodies]
    target = None
    metric = values.get("metric")
    if metric not in (None, ""):
        if metric not in metrics.METRICS:
            raise metrics.MetricError("bad_metric", metric=str(metric)[:40])
        goal = _number(values.get("target"))
        by = instructions.parse_date(values.get("target_by"))
        candidates = context.get("subject") if isinstance(context.get("subject"), dict) else {}
        subject = subject_for(metric, candidates, bodies)
        clean = instructions.clean_bodies(bodies, known_bodies())
        baseline, month = metrics.check_target(metric, subject, clean)
        target = instructions.Target(metric, subject, goal, by, baseline, month)
    made = instructions.create_instruction(
        text_=values.get("text"), bodies=bodies, others=values.get("others") or "",
        person=values.get("person") or "", deadline=values.get("deadline"),
        actor=_actor(), meeting_id=m.meeting_id, step=mstep.position,
        view_path=mstep.path, view_search=_view_search(mstep, context),
        figures=step_figures(m, mstep, context), target=target,
        known_bodies=known_bodies())
    trail.note("instruction_change", f"/instructions/{made.instruction_id}",
               detail=" ".join(["create", *(["target", target.metric] if target else [])]))
    return made


def _view_search(mstep: store.MeetingStep, context: dict) -> str:
    """The saved view's query with the drill shown on top."""
    params = {**parse_search(mstep.search), **parse_search(context.get("search") or "")}
    return search_of({k: v for k, v in params.items()
                      if k not in ("lang", "present", *draw.MEETING_KEYS)})


def refusal(exc: Exception, lang: str) -> str:
    if isinstance(exc, (instructions.InstructionError, metrics.MetricError)):
        return t(f"instr.err.{exc.key}", lang, **exc.params)
    if isinstance(exc, store.MeetingError):
        return t(f"meeting.err.{exc.key}", lang, **exc.params)
    if isinstance(exc, _FormError):
        return t(f"instrform.err.{exc.key}", lang, **exc.params)
    return t("instrform.err.store", lang, reason=type(exc).__name__)


@callback(
    Output(_id("message"), "children"),
    Output(_id("confirm"), "children"),
    Output(_id("text"), "value"),
    Input(_id("save"), "n_clicks"),
    State(_id("context"), "data"),
    State(_id("text"), "value"),
    State(_id("bodies"), "value"),
    State(_id("others"), "value"),
    State(_id("person"), "value"),
    State(_id("deadline"), "value"),
    State(_id("metric"), "value"),
    State(_id("target"), "value"),
    State(_id("target-by"), "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def on_save(clicks, context, text_, bodies, others, person, deadline, metric, goal, goal_by,
            search):
    """Save → the instruction (the panel closes: assets/instruction_form.js sees the
    confirmation) or the refusal in the panel. Nothing else on the page changes."""
    if not clicks or ctx.triggered_id != _id("save"):
        return no_update, no_update, no_update
    lang = lang_of(parse_search(search).get("lang")
                   or (context.get("lang") if isinstance(context, dict) else None))
    values = {"text": text_, "bodies": bodies, "others": others, "person": person,
              "deadline": deadline, "metric": metric, "target": goal, "target_by": goal_by}
    try:
        made = save(context, values)
    except (instructions.InstructionError, metrics.MetricError, store.MeetingError,
            _FormError) as exc:
        return html.Div(refusal(exc, lang), className="message", id=_id("refusal")), \
            no_update, no_update
    except Exception as exc:
        log.exception("instruction could not be saved")
        return html.Div(refusal(exc, lang), className="message error",
                        id=_id("refusal")), no_update, no_update
    done = html.Div(t("instrform.saved", lang, instruction=made.instruction_id),
                    className="message ok", id=_id("ok"),
                    **{"data-key": made.instruction_id})
    return None, done, ""
