"""The figures of a drawn page, for "since the last meeting" (``since.py``): what an
edition stores per step and language beside the drawn page (``queries.meetings``
``facts``), and what a page drawn now is compared with.

Read from the component tree, not from the queries, so that the figures are exactly the
ones the page showed: each KPI tile's label, its value as shown and its unrounded value
(``data-raw``, ``data-kind`` from ``components.kpi.kpi_tile``), and each ranked list
(an AG Grid): per row a stable key and the few fields the "new since" rules read
(``since.RULES``), plus the grid's total row. Small on purpose: stored for every step
in every language.

Take the facts of the analysts' tree (``present=0``): the shared screen keeps only the
first rows of a grid (``presentation._present_rows``), so its facts would miss the
rest of the list.
"""

from __future__ import annotations

import re

import dash_ag_grid as dag
from dash.development.base_component import Component

from .plain import walk

FORMAT = 1
# the lists whose rows are kept, and the fields of a row that the "new since" rules
# read (since.RULES); other grids keep their total row only. The stock table of
# subjects keeps its flagged rows only: a subject not among them was not flagged.
FIELDS = {
    "league-grid": ("status_key",),
    "trends-enterprises": (),
    "trends-runs": ("run",),
    "stock-subjects-grid": ("flag",),
    "stock-flag-grid": (),
    "receivables-grid": ("overdue",),
}
ONLY_FLAGGED = ("stock-subjects-grid",)
# a row's link names what it is: the enterprise card, or a subject's view
_CARD = re.compile(r"\(/enterprise/(\d+)[?)]")
_SUBJECT = re.compile(r"[?&]subject=([^&)\s]+)")
_MD_LINK = re.compile(r"^\[(.*)\]\(([^()\s]*)\)$", re.S)
# the text fields that name a row when it carries no key of its own
_NAME_FIELDS = ("name", "enterprise", "subject", "label")


def text_of(node) -> str:
    """The visible text of a component (its strings, in order)."""
    if node is None:
        return ""
    if isinstance(node, (str, int, float)):
        return str(node)
    if isinstance(node, (list, tuple)):
        return "".join(text_of(n) for n in node)
    if isinstance(node, Component):
        return text_of(getattr(node, "children", None))
    return ""


def _classes(node) -> set[str]:
    return set(str(getattr(node, "className", "") or "").split())


def _raw(node) -> float | None:
    value = getattr(node, "data-raw", None)
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if value == value else None


def is_tile(node) -> bool:
    tile_id = getattr(node, "id", None)
    return (isinstance(node, Component) and "kpi" in _classes(node)
            and isinstance(tile_id, str) and tile_id.startswith("kpi-"))


def tile_facts(node) -> dict:
    label = value = ""
    for child in getattr(node, "children", None) or []:
        classes = _classes(child)
        if "kpi-label" in classes:
            label = text_of(child)
        elif "kpi-value" in classes:
            value = " ".join(text_of(child).split())
    return {"label": label, "value": value, "raw": _raw(node),
            "kind": str(getattr(node, "data-kind", "") or "")}


def row_key(grid_id: str, row: dict) -> str | None:
    """A row's stable key: the page's own ``key`` field, else the enterprise or the
    subject its name links to, else its plain name. Positions of receivables are an
    enterprise in a debtor region: both make the key."""
    key = None
    if row.get("key") not in (None, ""):
        key = f"k:{row['key']}"
    for field in _NAME_FIELDS if key is None else ():
        text = row.get(field)
        if not isinstance(text, str):
            continue
        found = _CARD.search(text) or _SUBJECT.search(text)
        if found:
            key = f"{'e' if found.re is _CARD else 's'}:{found.group(1)}"
            break
    if key is None:
        # the unchanging name: ``label`` (the shared screen shows a short form in name)
        for field in ("label", *_NAME_FIELDS):
            text = row.get(field)
            if isinstance(text, str) and text:
                plain = _MD_LINK.match(text)
                key = f"n:{plain.group(1) if plain else text}"
                break
    # (the short form: the shared screen shows it in ``region`` too)
    region = row.get("region_short") or row.get("region")
    if key is not None and grid_id == "receivables-grid" and region:
        key += f"|{region}"
    return key


def _value(v):
    if isinstance(v, bool) or v is None or isinstance(v, (int, float, str)):
        return v
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)


def grid_facts(grid) -> dict:
    grid_id = str(grid.id)
    fields = FIELDS.get(grid_id)
    rows = [] if fields is not None else None
    # the whole list where the tree was drawn now (components.grid.data_grid), else the
    # rows the tree holds
    source = getattr(grid, "all_rows", None)
    for row in (source if source is not None else getattr(grid, "rowData", None)) or []:
        if rows is None:
            break
        if not isinstance(row, dict) or row.get("is_total"):
            continue
        if grid_id in ONLY_FLAGGED and not row.get("flag"):
            continue
        key = row_key(grid_id, row)
        if key is None:
            continue
        item = {"key": key}
        for field in fields:
            if field == "flag":  # the stock table's mark: a flagged subject or not
                item["flag"] = bool(row.get("flag"))
            elif field in row:
                item[field] = _value(row[field])
        rows.append(item)
    pinned = (getattr(grid, "dashGridOptions", None) or {}).get("pinnedBottomRowData") or []
    total = next((r for r in pinned if isinstance(r, dict) and r.get("is_total")), None)
    if total is not None:
        total = {k: _value(v) for k, v in total.items()
                 if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return {"rows": rows, "total": total}


def facts_of(tree) -> dict:
    """The KPI tiles by tile id (``{"label", "value", "raw", "kind"}``) and the grids
    by grid id (``{"rows": [{"key", …}] | None, "total": {field: value} | None}``;
    rows only of the lists in ``FIELDS``) of a drawn
    page; JSON-ready."""
    tiles, grids = {}, {}
    for node in walk(tree):
        if is_tile(node):
            tiles[node.id.removeprefix("kpi-")] = tile_facts(node)
        elif isinstance(node, dag.AgGrid) and isinstance(getattr(node, "id", None), str):
            grids[node.id] = grid_facts(node)
    return {"format": FORMAT, "tiles": tiles, "grids": grids}
