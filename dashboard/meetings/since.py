""""Since the last meeting" (issue 12): a meeting's step compared with the previous held
meeting's edition.

* ``mark`` adds to a drawn page, in place, under every KPI tile the figure at the
  previous meeting and the change ("Meeting of 06.11: −2.9 % · −0.6 p.p."),
  and marks the rows of the ranked lists that are new since then (``RULES``) with "●"
  before the name (a class of the name's cell, assets/since.css: the name itself stays
  as the page made it, a link its renderers recognise), a tinted row and a legend line
  under the list — nothing that needs hovering.
* ``since_content`` is the meeting's first step: per view step its headline figures
  now and then and the change, and how many entries of its lists are new.

Decisions:

* The change is computed from the tiles' unrounded values (``data-raw``) and rounded
  once, as the tile rounds. A table's total carries only its rounded value, so a total
  is compared as the tables show it (then and now both rounded once): its change is
  exactly the difference of the two printed numbers.
* A figure the previous edition lacks (a new view, a tile without a value, a list that
  was not there) says "Not at the meeting of …"; it is never compared with zero. A row
  missing from the previous list counts as new (it was not in that list — which is not
  the same as zero, and the legend says "or new in the list" where it matters).
* ``then_label`` None (no earlier held meeting): ``mark`` adds nothing. ``then`` None
  with a label: the previous meeting did not have this view, and the tiles say so.
"""

from __future__ import annotations

import dash_ag_grid as dag
from dash import html
from dash.development.base_component import Component

from ..formatting import number, rounded
from ..i18n import t
from .facts import facts_of, is_tile, row_key

MARK_RULE = "params.data && params.data.since_new"
# list → (rule, whether a row is new: (row now, the same row then or None) → bool)
RULES = {
    "league-grid": ("behind", lambda now, then: now.get("status_key") == "behind" and (
        then is None or then.get("status_key") != "behind")),
    "trends-runs": ("run", lambda now, then: then is None),
    "trends-enterprises": ("losing", lambda now, then: then is None),
    "receivables-grid": ("grew", lambda now, then: then is None or (
        now.get("overdue") is not None and then.get("overdue") is not None
        and now["overdue"] > then["overdue"])),
    "stock-flag-grid": ("flagged", lambda now, then: then is None),
    "stock-subjects-grid": ("flagged", lambda now, then: bool(now.get("flag")) and (
        then is None or not then.get("flag"))),
}
# the since step's headline figures: the first two tiles of this order that a view has
HEADLINE_TILES = ("exports", "target", "card-exports", "card-fulfilment", "stock-total",
                  "stock-flag", "overdue", "over90",
                  # the other subjects: retail chains, tenders, centres, export support
                  "stalled", "pipeline", "localisation", "win-rate", "centres-open",
                  "centres-sales", "falling", "support")
# views without tiles: their table's total, or the lengths of their lists
HEADLINE_GRIDS = (("exports-grid", "total", "since.fig.exports_total"),
                  ("trends-enterprises", "count", "since.fig.losing"),
                  ("trends-runs", "count", "since.fig.runs"))
NEW_KEYS = {"stock-subjects-grid": "since.new.flagged_subjects"}


# -- figures ----------------------------------------------------------------------------

def _num(v) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return v if v == v else None


def _signed(value: float, decimals: int, lang: str) -> str:
    # rounded first, so that a change that rounds to nothing reads ±0.0, not −0.0
    return number(rounded(value, decimals), decimals, lang, signed=True)


def change_text(kind: str, now: float, then: float, lang: str) -> str:
    """now − then, rounded once, as the tile's kind reads: p.p. for percentages, mn USD
    (and % of the earlier amount) for money, whole days or counts."""
    diff = now - then
    if kind in ("pct", "growth"):
        return t("since.pp", lang, value=_signed(diff, 1, lang))
    if kind in ("money", "money_change"):
        text = _signed(diff / 1e6, 1, lang)
        if kind == "money" and then > 0:  # an amount: its relative change too
            text += f" ({_signed(diff / then * 100, 1, lang)} %)"
        return text
    if kind == "days":
        return t("since.days", lang, value=_signed(diff, 0, lang))
    return _signed(diff, 0 if kind == "count" else 1, lang)


def value_text(kind: str, raw: float, lang: str) -> str:
    """A figure as its tile prints it."""
    if kind == "money":
        return number(raw / 1e6, 1, lang)
    if kind == "money_change":
        return number(raw / 1e6, 1, lang, signed=True)
    if kind == "pct":
        return number(raw, 1, lang) + " %"
    if kind == "growth":
        return number(raw, 1, lang, signed=True) + " %"
    if kind in ("days", "count"):
        return number(raw, 0, lang)
    return number(raw, 1, lang)


def tile_line(now: dict, then_tiles: dict | None, label: str, lang: str) -> str:
    """The line under a tile: the figure at the previous meeting and the change."""
    before = (then_tiles or {}).get(now.get("id"))
    then_raw = _num((before or {}).get("raw"))
    if then_raw is None:
        return t("since.not_at", lang, label=label)
    kind = now.get("kind") or (before or {}).get("kind") or ""
    shown = value_text(kind, then_raw, lang)
    now_raw = _num(now.get("raw"))
    if now_raw is None:
        return t("since.at_only", lang, label=label, value=shown)
    return t("since.at", lang, label=label, value=shown,
             change=change_text(kind, now_raw, then_raw, lang))


def new_keys(grid_id: str, now_grid: dict, then_grid: dict | None) -> list[str] | None:
    """The keys of the rows new since then by the list's rule; None when the list has
    no rule or was not there then (nothing to compare with)."""
    rule = RULES.get(grid_id)
    if rule is None or then_grid is None:
        return None
    before = {r["key"]: r for r in then_grid.get("rows") or [] if "key" in r}
    return [r["key"] for r in now_grid.get("rows") or []
            if "key" in r and rule[1](r, before.get(r["key"]))]


# -- marks on a drawn page ----------------------------------------------------------------

def _with_parents(node, parent=None):
    """(component, its parent component) for every component of a tree."""
    if isinstance(node, Component):
        yield node, parent
        children = getattr(node, "children", None)
        for child in children if isinstance(children, (list, tuple)) else [children]:
            yield from _with_parents(child, node)
    elif isinstance(node, (list, tuple)):
        for child in node:
            yield from _with_parents(child, parent)


def _with_mark(columns: list, done: list | None = None) -> list:
    """The columns with the mark's class on the name column (the first text column)."""
    done = [] if done is None else done
    out = []
    for column in columns or []:
        if done:
            out.append(column)
        elif "children" in column:
            out.append({**column, "children": _with_mark(column["children"], done)})
        elif column.get("field") and column.get("type") != "rightAligned":
            rules = {**(column.get("cellClassRules") or {}), "since-mark": MARK_RULE}
            out.append({**column, "cellClassRules": rules})
            done.append(column)
        else:
            out.append(column)
    return out


def _mark_grid(grid, parent, new: set[str], rule: str, label: str, lang: str) -> None:
    rows, marked = [], 0
    for row in getattr(grid, "rowData", None) or []:
        if isinstance(row, dict) and not row.get("is_total") and \
                row_key(str(grid.id), row) in new:
            row = dict(row, since_new=True)
            marked += 1
        rows.append(row)
    if not marked:
        return
    grid.rowData = rows
    grid.rowClassRules = {**(getattr(grid, "rowClassRules", None) or {}),
                          "since-new": MARK_RULE}
    grid.columnDefs = _with_mark(getattr(grid, "columnDefs", None) or [])
    legend = html.Div(t(f"since.legend.{rule}", lang, label=label), className="since-legend")
    box = html.Div([html.Div(grid, className="since-grid"), legend], className="since-wrap")
    if parent is None:
        return
    children = parent.children
    if isinstance(children, (list, tuple)):
        parent.children = [box if c is grid else c for c in children]
    elif children is grid:
        parent.children = box


def mark(tree, then: dict | None, then_label: str | None, lang: str) -> None:
    """Mark a drawn page (in place) against the previous held meeting's facts of the
    same view (``facts.facts_of``)."""
    if not then_label:
        return
    now = facts_of(tree)
    then_tiles = (then or {}).get("tiles") if then is not None else None
    then_grids = (then or {}).get("grids") or {}
    grids = []
    for node, parent in list(_with_parents(tree)):
        if is_tile(node):
            tile_id = node.id.removeprefix("kpi-")
            facts = {**now["tiles"].get(tile_id, {}), "id": tile_id}
            line = html.Div(tile_line(facts, then_tiles, then_label, lang),
                            className="kpi-since", id=f"{node.id}-since")
            node.children = [*(node.children or []), line]
        elif isinstance(node, dag.AgGrid) and node.id in now["grids"] and then is not None:
            grids.append((node, parent))
    for grid, parent in grids:
        keys = new_keys(grid.id, now["grids"][grid.id], then_grids.get(grid.id))
        if keys:
            _mark_grid(grid, parent, set(keys), RULES[grid.id][0], then_label, lang)


# -- the step "Since the last meeting" ----------------------------------------------------

def headline(now: dict, then: dict | None, lang: str, limit: int = 2) -> list[dict]:
    """The view's 1–2 (``limit``) headline figures: ``{"name", "now", "then",
    "change"}`` (texts; then and change None when the previous edition lacks the
    figure)."""
    out = []
    tiles = now.get("tiles") or {}
    then_tiles = (then or {}).get("tiles") or {}
    for tile_id in HEADLINE_TILES:
        tile = tiles.get(tile_id)
        if tile is None:
            continue
        before = then_tiles.get(tile_id)
        then_raw, now_raw = _num((before or {}).get("raw")), _num(tile.get("raw"))
        kind = tile.get("kind") or ""
        out.append({"id": tile_id, "name": tile.get("label", ""),
                    "now": tile.get("value", ""),
                    "then": before.get("value") if then_raw is not None else None,
                    "change": (change_text(kind, now_raw, then_raw, lang)
                               if then_raw is not None and now_raw is not None else
                               "–" if then_raw is not None else None)})
        if len(out) == limit:
            return out
    if out:
        return out
    grids = now.get("grids") or {}
    then_grids = (then or {}).get("grids") or {}
    for grid_id, how, name in HEADLINE_GRIDS:
        grid = grids.get(grid_id)
        if grid is None:
            continue
        before = then_grids.get(grid_id)
        if how == "total":
            v_now = _num((grid.get("total") or {}).get("value"))
            v_then = _num(((before or {}).get("total") or {}).get("value"))
            digits = 1
        else:
            v_now = float(len(grid.get("rows") or []))
            v_then = float(len(before.get("rows") or [])) if before is not None else None
            digits = 0  # whole lists: the trends page hands them beside its grids
        out.append({"id": grid_id, "name": t(name, lang),
                    "now": number(v_now, digits, lang) if v_now is not None else "–",
                    "then": number(v_then, digits, lang) if v_then is not None else None,
                    "change": (_signed(v_now - v_then, digits, lang)
                               if v_now is not None and v_then is not None else
                               "–" if v_then is not None else None)})
        if len(out) == limit:
            break
    return out


# An agenda of more views than this gets one headline figure per view, so that the
# step's table still fits the shared screen (13 views × 2 rows would not).
TWO_FIGURES_UP_TO = 8


def new_counts(now: dict, then: dict | None, lang: str) -> list[str]:
    """"3 newly behind target" per list with a rule that the previous edition had."""
    out = []
    then_grids = (then or {}).get("grids") or {}
    for grid_id, grid in (now.get("grids") or {}).items():
        keys = new_keys(grid_id, grid, then_grids.get(grid_id)) if then is not None else None
        if keys is None:
            continue
        key = NEW_KEYS.get(grid_id, f"since.new.{RULES[grid_id][0]}")
        out.append(t(key, lang, n=number(len(keys), 0, lang)))
    return out


def _cell(text, cell_id: str, **extra):
    return html.Td(text, id=cell_id, **extra)


def since_content(items, then_label: str | None, lang: str):
    """The step "Since the last meeting": ``items`` are ``(step title, facts now, facts
    then or None)`` of the view steps the viewer may see."""
    if not then_label:
        return html.Div(html.Div(t("since.none", lang), className="since-none",
                                 id="since-none"), className="since-step", id="since-step")
    head = html.Tr([html.Th(t("since.col.step", lang)), html.Th(t("since.col.figure", lang)),
                    html.Th(t("since.col.now", lang), className="num"),
                    html.Th(t("since.col.then", lang, label=then_label), className="num"),
                    html.Th(t("since.col.change", lang), className="num"),
                    html.Th(t("since.col.new", lang))])
    body = []
    limit = 2 if len(items) <= TWO_FIGURES_UP_TO else 1
    for i, (title, now, then) in enumerate(items, start=1):
        now = now or {}
        figures = headline(now, then, lang, limit)
        news = new_counts(now, then, lang) if then is not None else []
        new_text = ("; ".join(news) if news else
                    t("since.new.none", lang) if then is not None and any(
                        g in RULES for g in (now.get("grids") or {})) else "")
        span = max(len(figures), 1)
        first = [html.Td(title, rowSpan=span, className="since-title", id=f"since-{i}-title")]
        last = [html.Td(new_text, rowSpan=span, className="since-new", id=f"since-{i}-new")]
        if then is None:
            last = [html.Td(t("since.step_not_at", lang, label=then_label), rowSpan=span,
                            className="since-missing", id=f"since-{i}-new")]
        if not figures:
            body.append(html.Tr([*first, html.Td(t("since.nothing", lang), colSpan=4,
                                                 className="since-missing"), *last]))
            continue
        for j, fig in enumerate(figures, start=1):
            cells = [_cell(fig["name"], f"since-{i}-{j}-name", className="since-name"),
                     _cell(fig["now"], f"since-{i}-{j}-now", className="num")]
            if fig["then"] is None:
                cells.append(_cell(t("since.not_at", lang, label=then_label),
                                   f"since-{i}-{j}-then", className="since-missing",
                                   colSpan=2))
            else:
                cells += [_cell(fig["then"], f"since-{i}-{j}-then", className="num"),
                          _cell(fig["change"], f"since-{i}-{j}-change",
                                className="num since-change")]
            body.append(html.Tr([*(first if j == 1 else []), *cells,
                                 *(last if j == 1 else [])],
                                className="since-first" if j == 1 else ""))
    return html.Div([
        html.H2(t("since.title", lang, label=then_label), className="since-heading"),
        html.Table([html.Thead(head), html.Tbody(body)],
                   className="since-table" + (" since-many" if limit == 1 else ""),
                   id="since-table"),
        html.Div(t("since.note", lang), className="since-note", id="since-note"),
    ], className="since-step", id="since-step")

