"""A meeting's protocol: ``/meeting/<id>/protocol.docx`` and ``/meeting/<id>/protocol.pdf``.

The protocol in the layout a ministry expects: the working group, "ПРОТОКОЛ заседания",
the meeting's title, date, number and format (a videoconference); the participants
(the bodies by their names from the dimensions, then the free text); then one item per
agenda item — each view step, in order — with its title, its key figures and the
instructions given at that step (text, responsible bodies, person, deadline, target
with its value and date); the instructions given at the meeting without a step at the
end. Russian by default, English or German with ``?lang=``.

The figures are the **edition's** (``edition.facts_by_view``: the KPI tiles as the
meeting's screen showed them, their label and value as printed; a view without tiles
gives its table's total or list's length from the same facts), never re-queried, so
the protocol says what the meeting saw whatever was imported since. A meeting without
an edition has no figures of its own: its protocol draws the views now and says so
(the figures are today's, and why).

One content (``build``), two renderings of it: DOCX with python-docx (ministries edit
it in Word), and PDF from a small HTML document of the same layout printed by the
handout's warm Chromium (``handout.print_document``: no second browser in the
process). Every text is escaped: an instruction's text is shown as typed.

Scope: a scoped reader's protocol holds the items whose view the scope covers (the
rule of the steps, ``access.covers``) and the instructions the scope may see
(``queries.instructions.list_instructions``); an item outside the scope appears only to
carry an instruction of the reader's own body, without its figures. Participants
outside the scope are counted, not named, as on the meeting's page.
"""

from __future__ import annotations

import functools
import html as html_
import io
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import Response, request

from queries import instruction_metrics as metrics
from queries import instructions, meetings
from queries.dimensions import Dimensions, dimensions

from ..formatting import day, number
from ..i18n import month_name, t
from ..state import lang_of
from . import access, draw, edition
from .facts import facts_of
from .plain import walk

log = logging.getLogger(__name__)

KINDS = ("docx", "pdf")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# the paper's look in Word: the type of Russian official documents, tables with rules
DOCX_LOOK = {"fontFamily": "Times New Roman", "style": "Table Grid"}


@dataclass(frozen=True)
class Order:
    """One instruction as the protocol words it."""
    key: str
    text: str
    lines: tuple[tuple[str, str], ...]  # (label, value): bodies, person, deadline, target


@dataclass(frozen=True)
class Item:
    number: int
    title: str
    figures: tuple[tuple[str, str], ...]  # (label, value as shown)
    note: str                             # why there are no figures, when there are none
    orders: tuple[Order, ...]


@dataclass(frozen=True)
class Protocol:
    lang: str
    meeting_id: str
    group: str
    heading: str
    title: str
    held_on: str
    number: str
    place: str
    participants: tuple[str, ...]
    basis: str
    items: tuple[Item, ...]
    other: tuple[Order, ...]
    labels: dict


# -- the content ------------------------------------------------------------------------

def _names(bodies, dims: Dimensions | None, lang: str) -> tuple[list[str], int]:
    """The bodies' names the reader's dimensions hold, and how many others there are."""
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


def _bodies_text(i: instructions.Instruction, dims, lang: str) -> str:
    shown, hidden = _names(i.bodies, dims, lang)
    parts = shown + ([i.others] if i.others else [])
    if hidden:
        parts.append(t("meeting.outside_scope", lang, n=hidden))
    return "; ".join(parts) or "–"


def _month(value: date | None, lang: str) -> str:
    if value is None:
        return "–"
    return f"{month_name(value.month, lang, capital=lang != 'ru')} {value.year}"


def _amount(value: float | None, metric: str, lang: str) -> str:
    unit = metrics.METRICS[metric][2]
    if value is None:
        return "–"
    if unit == "pct":
        return number(value, 1, lang) + " %"
    return f"{number(value, 1, lang)} {t('unit.mn_usd', lang)}"


def _subject_text(target: instructions.Target, dims: Dimensions | None, lang: str) -> str:
    if dims is None:
        return ", ".join(str(v) for v in target.subject.values())
    out = []
    for level in metrics.METRICS[target.metric][0]:
        key = target.subject.get(level)
        names = dims.name_of(level, lang)
        found = names.get(int(key) if level == "enterprise" and str(key).isdigit() else key)
        out.append(str(found if found is not None else key))
    return ", ".join(out)


def target_text(target: instructions.Target, dims: Dimensions | None, lang: str) -> str:
    """"Overdue receivables (Bellegprom): at most 12.3 mn USD by 31.03.2027 (when
    given: 15.2 mn USD, October 2026)"."""
    direction = metrics.METRICS.get(target.metric, ((), 1, "mn"))[1]
    text = t("protocol.target", lang, metric=t(f"instr.metric.{target.metric}", lang),
             subject=_subject_text(target, dims, lang),
             bound=t("protocol.at_most" if direction < 0 else "protocol.at_least", lang),
             value=_amount(target.value, target.metric, lang), day=day(target.by, lang))
    if target.baseline is not None:
        text += " " + t("protocol.baseline", lang,
                        value=_amount(target.baseline, target.metric, lang),
                        month=_month(target.since, lang))
    return text


def order_of(i: instructions.Instruction, dims: Dimensions | None, lang: str) -> Order:
    given = i.events[0].deadline if i.events else i.deadline  # the deadline set then
    deadline = day(given, lang)
    if i.deadline != given:
        deadline += " " + t("protocol.extended_to", lang, day=day(i.deadline, lang))
    lines = [(t("protocol.bodies", lang), _bodies_text(i, dims, lang))]
    if i.person:
        lines.append((t("protocol.person", lang), i.person))
    lines.append((t("protocol.deadline", lang), deadline))
    if i.target is not None:
        lines.append((t("protocol.target_label", lang), target_text(i.target, dims, lang)))
    if i.status not in ("open", "extended"):
        lines.append((t("protocol.status", lang), t(f"instr.status.{i.status}", lang)))
    return Order(i.instruction_id, i.text, tuple(lines))


def _serial(i: instructions.Instruction) -> tuple:
    head, _, n = i.instruction_id.rpartition("-")
    return (head, int(n) if n.isdigit() else 0)


def _tile_order(tree) -> list[str]:
    """The KPI tiles' ids in the order the page shows them (the facts keep them by id)."""
    return [node.id.removeprefix("kpi-") for node in walk(tree)
            if isinstance(getattr(node, "id", None), str) and node.id.startswith("kpi-")]


def figures_of(facts: dict, order: list[str], lang: str) -> tuple[tuple[str, str], ...]:
    """A step's key figures from its facts: every KPI tile (label, value as shown), in
    the page's order; a page without tiles gives its table's total (exports) or the
    length of its list of losers (trends), from the same facts."""
    tiles = facts.get("tiles") or {}
    if tiles:
        ids = [k for k in order if k in tiles] + sorted(k for k in tiles if k not in order)
        return tuple((tiles[k]["label"], tiles[k]["value"]) for k in ids)
    grids = facts.get("grids") or {}
    out = []
    total = (grids.get("exports-grid") or {}).get("total") or {}
    for field, label, unit in (("value", "col.value", ""), ("value_ly", "col.value_ly", ""),
                               ("change_pct", "col.change_pct", "")):
        if isinstance(total.get(field), (int, float)):
            out.append((t(label, lang), number(total[field], 1, lang) + unit))
    losers = (grids.get("trends-enterprises") or {}).get("rows")
    if isinstance(losers, list):
        out.append((t("protocol.fig.losers", lang), number(len(losers), 0, lang)))
    return tuple(out)


def _step_figures(m: meetings.Meeting, step: meetings.MeetingStep, frozen: dict,
                  lang: str) -> tuple[tuple[str, str], ...]:
    params = draw.view_params(step, {"lang": lang, "present": "1"})
    facts = frozen.get((step.path, step.search))
    tree = edition.frozen_tree(m.meeting_id, step.position, lang, True) \
        if facts is not None else None
    if facts is None:  # no edition (or a view it lacks): drawn now, and the basis says so
        tree = draw.draw(m.meeting_id, step, params)
        facts = facts_of(tree) if tree is not None else {}
    return figures_of(facts, _tile_order(tree) if tree is not None else [], lang)


def _basis(m: meetings.Meeting, dims: Dimensions | None, lang: str) -> str:
    e = m.edition
    if e is not None:
        return t("protocol.basis_edition", lang, date=day(e.frozen_at, lang),
                 time=e.frozen_at.strftime("%H:%M"), month=_month(e.data_through, lang),
                 loaded=day(e.loaded_at, lang))
    through = None if dims is None else (dims.complete_month or dims.latest_month)
    loaded = None if dims is None or dims.loaded_at is None else dims.loaded_at
    return t("protocol.basis_today", lang, month=_month(through, lang),
             loaded=day(loaded, lang) if loaded is not None else "–")


def build(meeting_id, lang: str = "ru") -> Protocol:
    """The protocol's content for the request's user (their scope). Raises
    ``MeetingError`` for an unknown meeting."""
    m = meetings.get_meeting(meeting_id, lang)
    try:
        dims = dimensions()
    except Exception:  # names then stay keys; the figures still come from the edition
        log.exception("protocol %s: dimensions could not be read", m.meeting_id)
        dims = None
    given = sorted(instructions.list_instructions(m.meeting_id), key=_serial)
    by_step: dict[int | None, list] = {}
    for i in given:
        by_step.setdefault(i.step, []).append(i)
    frozen = edition.facts_by_view(m.meeting_id, lang) if m.edition is not None else {}
    items: list[Item] = []
    for step in m.steps:
        orders = tuple(order_of(i, dims, lang) for i in by_step.pop(step.position, []))
        covered = step.kind == "view" and access.covers(
            step.path, draw.view_params(step, {"lang": lang, "present": "1"}),
            draw.path_vars_of(step))
        if not covered and not orders:
            continue
        figures, note = (), ""
        if covered:
            figures = _step_figures(m, step, frozen, lang)
        elif step.kind == "view":
            note = t("protocol.outside", lang)
        items.append(Item(len(items) + 1, step.title, figures, note, orders))
    rest = [i for step in sorted(by_step, key=lambda s: (s is not None, s or 0))
            for i in by_step[step]]
    shown, hidden = _names(m.bodies, dims, lang)
    participants = shown + ([m.others] if m.others else [])
    if hidden:
        participants.append(t("meeting.outside_scope", lang, n=hidden))
    labels = {k: t(f"protocol.{k}", lang) for k in (
        "participants", "figures", "orders", "no_orders", "no_figures", "other", "date",
        "number", "none", "basis", "key")}
    return Protocol(
        lang, m.meeting_id, t("protocol.group", lang), t("protocol.heading", lang), m.title,
        day(m.held_on, lang), m.meeting_id, t("protocol.place", lang),
        tuple(participants), _basis(m, dims, lang), tuple(items),
        tuple(order_of(i, dims, lang) for i in rest), labels)


def order_number(item: int | None, n: int) -> str:
    return f"{item}.{n}." if item is not None else f"{n}."


# -- DOCX -------------------------------------------------------------------------------

def docx_bytes(p: Protocol) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = DOCX_LOOK["fontFamily"], Pt(13)
    normal.paragraph_format.space_after = Pt(3)
    doc.core_properties.title = f"{p.heading} {p.title} {p.held_on}"
    doc.core_properties.language = p.lang

    def para(text="", bold=False, size=None, align=None, italic=False, after=None):
        par = doc.add_paragraph()
        if text:
            run = par.add_run(text)
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        if align is not None:
            par.alignment = align
        if after is not None:
            par.paragraph_format.space_after = Pt(after)
        return par

    center = WD_ALIGN_PARAGRAPH.CENTER
    para(p.group, align=center)
    para(p.heading, bold=True, size=16, align=center, after=0)
    para(p.title, align=center, after=12)
    when = doc.add_table(rows=1, cols=2)
    when.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = when.rows[0].cells
    left.text = p.held_on
    right.text = f"{p.labels['number']} {p.number}"
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para(p.place, align=center, italic=True, after=12)

    para(p.labels["participants"], bold=True, after=2)
    for name in p.participants or (p.labels["none"],):
        para(name, after=0).paragraph_format.left_indent = Cm(1)
    para(p.basis, italic=True, size=11).paragraph_format.space_before = Pt(10)

    def orders(found: tuple[Order, ...], item: int | None):
        for n, order in enumerate(found, start=1):
            par = para(after=2)
            par.add_run(order_number(item, n) + " ").bold = True
            par.add_run(order.text)
            par.paragraph_format.space_before = Pt(4)
            for label, value in (*order.lines, (p.labels["key"], order.key)):
                line = para(after=0, size=12)
                line.paragraph_format.left_indent = Cm(1)
                line.add_run(label + ": ").italic = True
                line.add_run(value)

    for item in p.items:
        head = para(f"{item.number}. {item.title}", bold=True, after=4)
        head.paragraph_format.space_before = Pt(14)
        head.paragraph_format.keep_with_next = True
        if item.figures:
            para(p.labels["figures"], italic=True, after=2).paragraph_format.keep_with_next = True
            table = doc.add_table(rows=0, cols=2)
            table.style = DOCX_LOOK["style"]
            for label, value in item.figures:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, value
                cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                cells[0].width, cells[1].width = Cm(11), Cm(5)
        else:
            para(item.note or p.labels["no_figures"], italic=True, size=12)
        if item.orders:
            para(p.labels["orders"], bold=True, after=2).paragraph_format.space_before = Pt(8)
            orders(item.orders, item.number)
        else:
            para(p.labels["no_orders"], italic=True, size=12)
    if p.other:
        head = para(p.labels["other"], bold=True, after=4)
        head.paragraph_format.space_before = Pt(14)
        orders(p.other, None)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# -- PDF: the same layout as a small HTML document ------------------------------------------

@functools.cache
def _style() -> str:
    """The printed protocol's stylesheet (protocol.css beside this module)."""
    return (Path(__file__).with_name("protocol.css")).read_text(encoding="utf-8")


def html_document(p: Protocol) -> str:
    e = html_.escape
    out = [f'<!doctype html><html lang="{e(p.lang)}"><head><meta charset="utf-8">',
           f"<title>{e(p.heading)} {e(p.held_on)}</title><style>{_style()}</style></head><body>",
           f'<p class="c">{e(p.group)}</p><h1>{e(p.heading)}</h1>',
           f'<p class="c">{e(p.title)}</p>',
           f'<div class="when"><span>{e(p.held_on)}</span>'
           f'<span>{e(p.labels["number"])} {e(p.number)}</span></div>',
           f'<p class="place">{e(p.place)}</p>',
           f'<p class="label">{e(p.labels["participants"])}</p>']
    out += [f'<p class="indent">{e(n)}</p>' for n in p.participants or (p.labels["none"],)]
    out.append(f'<p class="basis">{e(p.basis)}</p>')

    def orders(found: tuple[Order, ...], item: int | None):
        for n, order in enumerate(found, start=1):
            out.append(f'<p class="order"><b>{e(order_number(item, n))}</b> '
                       f'<span class="text">{e(order.text)}</span></p>')
            out.extend(f'<p class="line"><i>{e(label)}:</i> {e(value)}</p>'
                       for label, value in (*order.lines, (p.labels["key"], order.key)))

    for item in p.items:
        out.append(f"<h2>{item.number}. {e(item.title)}</h2>")
        if item.figures:
            out.append(f'<div class="figures"><p class="note">{e(p.labels["figures"])}</p>'
                       '<table>')
            out += [f'<tr><td>{e(label)}</td><td class="v">{e(value)}</td></tr>'
                    for label, value in item.figures]
            out.append("</table></div>")
        else:
            out.append(f'<p class="note">{e(item.note or p.labels["no_figures"])}</p>')
        if item.orders:
            out.append(f'<p class="label">{e(p.labels["orders"])}</p>')
            orders(item.orders, item.number)
        else:
            out.append(f'<p class="note">{e(p.labels["no_orders"])}</p>')
    if p.other:
        out.append(f"<h2>{e(p.labels['other'])}</h2>")
        orders(p.other, None)
    out.append("</body></html>")
    return "\n".join(out)


# -- the routes --------------------------------------------------------------------------

def _refuse(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain",
                    headers={"Cache-Control": "no-store"})


def serve(meeting_id: str, kind: str) -> Response:
    lang = lang_of(request.args.get("lang") or "ru")
    try:
        p = build(meeting_id, lang)
    except meetings.MeetingError as exc:
        return _refuse(404, t(f"meeting.err.{exc.key}", lang, **exc.params))
    except Exception as exc:  # the store or the database does not answer
        log.exception("protocol of meeting %s failed", meeting_id)
        return _refuse(503, t("protocol.err.failed", lang, reason=type(exc).__name__))
    if kind == "docx":
        body, mimetype = docx_bytes(p), DOCX_TYPE
    else:
        from ..handout import HandoutError, print_document
        try:
            body, mimetype = print_document(html_document(p), lang), "application/pdf"
        except HandoutError as exc:
            return _refuse(exc.status, str(exc))
    from ..auth import trail
    count = sum(len(i.orders) for i in p.items) + len(p.other)
    trail.note("protocol", f"/meeting/{p.meeting_id}",
               detail=f"{kind};lang={lang};items={len(p.items)};instructions={count}")
    safe = "".join(c if c.isalnum() or c == "-" else "-" for c in p.meeting_id)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": "; ".join(("attachment",
                                           f'filename="protocol-{safe}-{lang}.{kind}"')),
        "Cache-Control": "no-store"})


def protocol_docx(meeting_id: str) -> Response:
    return serve(meeting_id, "docx")


def protocol_pdf(meeting_id: str) -> Response:
    return serve(meeting_id, "pdf")


def register(server) -> None:
    server.add_url_rule("/meeting/<meeting_id>/protocol.docx", "meeting_protocol_docx",
                        protocol_docx, methods=["GET"])
    server.add_url_rule("/meeting/<meeting_id>/protocol.pdf", "meeting_protocol_pdf",
                        protocol_pdf, methods=["GET"])
