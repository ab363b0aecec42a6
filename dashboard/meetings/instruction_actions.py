"""The controls under one instruction: a progress report, and the secretary's decisions.

``actions(instruction, lang)`` is what ``/instructions/<id>`` (and any page showing an
instruction) puts under it, or None when the reader may do nothing with it:

* users with the report permission (``REPORT``: analysts, secretaries) whose scope
  covers the instruction add a **progress report** — its text and the attachments'
  descriptions (text only) — while it is open, extended or reported;
* secretaries (``MEETINGS``) **accept** a reported one (done, with an optional note) or
  **do not accept** it (the reason; open again), **extend** an open one (new deadline
  and the reason), **cancel** it (the reason), and **correct** its text or person.

All of it goes through one callback; the button's pattern-matching id names the change
(``op``) and the instruction, the inputs of the same instruction give the texts. The
store (``queries.instructions``) validates every change — a forged id, a transition
the status does not allow, a reason left empty, a report by someone whose scope does
not cover the instruction: its message, nothing saved. The callback's outputs start
with ``instract-``: a request from a user without ``REPORT`` is refused (403) before it
runs (``dashboard/auth/pages.py``); a secretary's change by someone without
``MEETINGS`` is refused here. Every change is audited (``instruction_change``).
After a change the controls are drawn afresh for the new status, with the message.
"""

from __future__ import annotations

import logging

from dash import ALL, MATCH, Input, Output, State, callback, ctx, dcc, html, no_update
from flask import g

from access.roles import MEETINGS, REPORT
from queries import instructions as store

from ..auth import trail
from ..auth.guard import allowed
from ..formatting import day
from ..i18n import t
from ..state import lang_of, parse_search

log = logging.getLogger(__name__)

PREFIX = "instract-"   # dashboard/auth/pages.py: these outputs need REPORT
SECRETARY_OPS = ("accept", "reject", "extend", "cancel", "edit")
OPS = ("report", *SECRETARY_OPS)


def _op(op: str, key: str) -> dict:
    return {"type": PREFIX + "op", "op": op, "instruction": key}


def _input(field: str, key: str) -> dict:
    return {"type": PREFIX + "input", "field": field, "instruction": key}


def _box(key: str) -> dict:
    return {"type": PREFIX + "box", "instruction": key}


def _may_report(i: store.Instruction) -> bool:
    if not allowed(REPORT):
        return False
    try:  # the reader's scope covers it (the store decides, as report() will)
        store.get_instruction(i.instruction_id)
    except store.InstructionError:
        return False
    return True


def _text(field: str, key: str, label: str, value: str = "", area: bool = False):
    control = (dcc.Textarea(id=_input(field, key), value=value, className="instract-text")
               if area else dcc.Input(id=_input(field, key), type="text", value=value,
                                      className="instract-input"))
    return html.Label([html.Span(label, className="instract-label"), control],
                      className="instract-field")


def _button(label: str, op: str, key: str, danger: bool = False) -> html.Button:
    return html.Button(label, id=_op(op, key), n_clicks=0,
                       className="agenda-btn" + (" danger" if danger else " primary"))


def _group(name: str, children: list) -> html.Div:
    return html.Div(children, className=f"instract-group {name}")


def _controls(i: store.Instruction, lang: str) -> list:
    key, out = i.instruction_id, []
    if i.is_open and _may_report(i):
        out.append(_group("report", [
            _text("report", key, t("instrform.act.report_text", lang), area=True),
            _text("attachments", key, t("instrform.act.attachments", lang)),
            _button(t("instrform.act.report", lang), "report", key)]))
    if not allowed(MEETINGS):
        return out
    if i.status == "reported":
        out.append(_group("decide", [
            _text("note", key, t("instrform.act.accept_note", lang)),
            _button(t("instrform.act.accept", lang), "accept", key),
            _text("reject_reason", key, t("instrform.act.reason", lang)),
            _button(t("instrform.act.reject", lang), "reject", key, danger=True)]))
    if i.is_open:
        out.append(_group("extend", [
            _text("deadline", key, t("instrform.act.new_deadline", lang)),
            _text("extend_reason", key, t("instrform.act.reason", lang)),
            _button(t("instrform.act.extend", lang), "extend", key)]))
        out.append(_group("cancel", [
            _text("cancel_reason", key, t("instrform.act.reason", lang)),
            _button(t("instrform.act.cancel", lang), "cancel", key, danger=True)]))
    out.append(_group("edit", [
        _text("text", key, t("instrform.act.text", lang), i.text, area=True),
        _text("person", key, t("instrform.act.person", lang), i.person),
        _button(t("instrform.act.edit", lang), "edit", key)]))
    return out


def _body(i: store.Instruction, lang: str, message=None) -> list:
    now = html.Div(t("instrform.act.now", lang, status=t(f"instr.status.{i.status}", lang),
                     day=day(i.deadline, lang)), className="instract-now",
                   id=f"instract-now-{i.instruction_id}")
    return [html.H3(t("instrform.act.heading", lang), className="instract-h3"), now,
            html.Div(message, className="instract-message", role="status",
                     id=f"instract-message-{i.instruction_id}"),
            *_controls(i, lang)]


def actions(instruction: store.Instruction, lang: str):
    """The controls for ``instruction`` for the signed-in reader, or None (a viewer, or
    nothing left to do)."""
    if not (allowed(REPORT) or allowed(MEETINGS)):
        return None
    body = _body(instruction, lang)
    if len(body) == 3:  # heading, status and message only: nothing to do
        return None
    return html.Section(body, id=_box(instruction.instruction_id), className="instract")


# -- changing -----------------------------------------------------------------------------

def _actor() -> str:
    user = g.get("user")
    return getattr(user, "name", "") or "local"


class _NotPermitted(Exception):
    pass


def apply(op: str, key, texts: dict, lang: str) -> str:
    """Carry out one change; the confirmation to show. The stores' errors when refused."""
    if op not in OPS:
        raise store.InstructionError("bad_transition", status="?", kind=str(op)[:12])
    if op in SECRETARY_OPS and not allowed(MEETINGS):
        raise _NotPermitted()
    key = store.check_id(key)
    actor = _actor()
    if op == "report":
        done = store.report(key, texts.get("report"), texts.get("attachments") or "", actor)
    elif op == "accept":
        done = store.accept(key, actor, texts.get("note") or "")
    elif op == "reject":
        done = store.reject(key, actor, texts.get("reject_reason"))
    elif op == "extend":
        done = store.extend(key, texts.get("deadline"), texts.get("extend_reason"), actor)
    elif op == "cancel":
        done = store.cancel(key, texts.get("cancel_reason"), actor)
    else:
        current = store.get_instruction(key, scope=None)
        text_, person = texts.get("text"), texts.get("person")
        done = store.edit(key, actor, text_=None if text_ == current.text else text_,
                          person=None if person == current.person else person)
    detail = [op, *(["to", done.deadline.isoformat()] if op == "extend" else [])]
    trail.note("instruction_change", f"/instructions/{done.instruction_id}",
               detail=" ".join(detail))
    return t(f"instrform.act.done.{op}", lang, day=day(done.deadline, lang))


@callback(
    Output({"type": PREFIX + "box", "instruction": MATCH}, "children"),
    Input({"type": PREFIX + "op", "op": ALL, "instruction": MATCH}, "n_clicks"),
    State({"type": PREFIX + "input", "field": ALL, "instruction": MATCH}, "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def act(_clicks, _values, search):
    """A button → the change (or the refusal) → the controls drawn afresh."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0]["value"]:
        return no_update  # the buttons of freshly drawn controls
    op, key = trigger.get("op"), trigger.get("instruction")
    lang = lang_of(parse_search(search).get("lang"))
    texts = {}
    for spec in (ctx.states_list[0] if ctx.states_list else []):
        sid = spec.get("id") if isinstance(spec, dict) else None
        if isinstance(sid, dict) and isinstance(sid.get("field"), str):
            value = spec.get("value")
            texts[sid["field"]] = value if isinstance(value, str) else None
    ok = False
    try:
        text_, ok = apply(op, key, texts, lang), True
    except _NotPermitted:
        text_ = t("instrform.act.not_permitted", lang)
    except store.InstructionError as exc:
        text_ = t(f"instr.err.{exc.key}", lang, **exc.params)
    except Exception as exc:
        log.exception("instruction change %s of %s failed", op, key)
        text_ = t("instrform.err.store", lang, reason=type(exc).__name__)
    message = html.Div(text_, className="message ok" if ok else "message",
                       id="instract-result")
    try:
        found = store.get_instruction(key)
    except Exception:  # a forged key, or no longer visible: the message alone
        return [message]
    body = _body(found, lang, message)
    if ok:
        body.insert(3, html.Div(t("instrform.act.reload", lang), className="instract-reload"))
    return body
