"""A page's component tree → the charts and tables it shows → one DataFrame each.

Pure functions of Dash components and Plotly figure dicts: no queries, no Flask.

Items: every ``dcc.Graph`` and ``dash_ag_grid.AgGrid`` with a string id, in document
order. Title: the figure's ``layout.title.text``; for a grid (or a chart without a
title) the text of the nearest preceding ``html.H2``/``html.H3`` in the tree.

Grid → table: columns from ``columnDefs`` (``headerName`` is already translated;
columns without one or ``hide``-den are left out, and so are row fields that no column
shows, such as key, color, status_key or label); rows from ``rowData`` in the grid's
initial sort order (columns with ``sort``, by ``sortIndex``; missing values first when
ascending, last when descending, as AG Grid sorts); markdown links ``[name](/x)`` in
markdown cells become ``name``.

Chart → table (``figure_table``):
- bar, scatter (lines), waterfall: the category is the bar's name (y of horizontal
  bars, x otherwise), shown through the axis' ``ticktext`` where the axis maps keys to
  names; one value column per trace, named by the trace's legend name, else the value
  axis' title, else "Value, mn USD" — every bar and line in ``dashboard/figures`` plots
  USD in millions; a different unit must be named by the trace or the axis. Rows run
  as the chart shows them: horizontal bars from the top (Plotly draws the first point
  at the bottom unless the axis is reversed).
- Horizontal bars also get their printed labels as a column (they carry what the bar
  does not: the change on last year, the contribution, days of cover); vertical bars
  and lines print only their own value, so their labels are left out.
- choropleth: region name (``text``/``hovertext``), code (``locations``) and the value
  (named by the colour bar's title); the grey base layer (``hoverinfo: skip``) is left
  out. pie: labels and values.
- Traces whose value columns share a name and not their categories (one chart of two
  panels, such as overdue by age above overdue by cause) fill one column.
- Labels lose their HTML (``<b>``, colour swatches). An empty chart gives an empty
  table whose note is the chart's message.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

import pandas as pd

from ..components.grid import MORE_ROW
from ..i18n import axis_month, t

GRID_TYPES = ("AgGrid",)
GRAPH_TYPES = ("Graph",)
HEADING_TYPES = ("H2", "H3")

_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:[^()\s]|\([^()]*\))*\)")
_ESCAPE = re.compile(r"\\(.)")
_SWATCH = "■"


@dataclass
class Item:
    """One chart or table of a page."""
    id: str
    kind: str              # "graph" | "grid"
    title: str
    component: object = field(repr=False)


def walk(node):
    """Every component of a tree, depth first in document order."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current is None or isinstance(current, (str, int, float, bool)):
            continue
        if isinstance(current, (list, tuple)):
            stack.extend(reversed(current))
            continue
        yield current
        children = getattr(current, "children", None)
        if children is not None:
            stack.append(children)


def text_of(node) -> str:
    """The visible text of a component (its strings, joined)."""
    if node is None:
        return ""
    if isinstance(node, (str, int, float)) and not isinstance(node, bool):
        return str(node)
    if isinstance(node, (list, tuple)):
        return "".join(text_of(n) for n in node)
    return text_of(getattr(node, "children", None))


def clean_label(value) -> str:
    """A chart label as text: no HTML tags or entities, no colour swatch."""
    # a line break is a space ("Jan<br>25" is "Jan 25", not "Jan25")
    text = html_lib.unescape(_TAG.sub("", _BREAK.sub(" ", str(value))))
    return text.replace(_SWATCH, "").strip()


def strip_markdown(value: str) -> str:
    """``[name](/link)`` → ``name``; backslash escapes removed."""
    text = _LINK.sub(lambda m: m.group(1), value)
    return _ESCAPE.sub(r"\1", text)


def _type(component) -> str:
    return type(component).__name__


def find_items(tree) -> list[Item]:
    """The page's charts and tables with their titles, in document order."""
    items, heading = [], ""
    for comp in walk(tree):
        kind = _type(comp)
        if kind in HEADING_TYPES:
            heading = " ".join(text_of(comp).split())
            continue
        cid = getattr(comp, "id", None)
        if not isinstance(cid, str) or not cid:
            continue
        if kind in GRAPH_TYPES:
            fig = getattr(comp, "figure", None) or {}
            title = figure_title(fig) or _annotation_text(fig) or heading or cid
            items.append(Item(cid, "graph", title, comp))
        elif kind in GRID_TYPES:
            items.append(Item(cid, "grid", heading or cid, comp))
    return items


def find_by_id(tree, component_id: str):
    """The component with this id anywhere in the tree (string ids only), or None."""
    for comp in walk(tree):
        if getattr(comp, "id", None) == component_id:
            return comp
    return None


def figure_title(fig: dict) -> str:
    """The chart's title with its subtitle (a dressed figure carries a long title's
    second line, often its unit, as the subtitle: ``presentation._second_line_as_subtitle``)."""
    title = (fig.get("layout") or {}).get("title")
    sub = ""
    if isinstance(title, dict):
        sub = str((title.get("subtitle") or {}).get("text") or "")
        title = title.get("text")
    text = " ".join(clean_label(title).split()) if title else ""
    sub = " ".join(clean_label(sub.replace("<br>", " · ")).split()) if sub else ""
    if text and sub:
        return text + (" " if text[-1] in ",:;" else " · ") + sub
    return text or sub


def _annotation_text(fig: dict) -> str:
    """The message an empty chart shows instead of data."""
    if (fig.get("data") or []):
        return ""
    notes = [clean_label(a.get("text", "")) for a in (fig.get("layout") or {}).get(
        "annotations") or [] if isinstance(a, dict) and a.get("text")]
    return " ".join(" ".join(notes).split())


# ---------------------------------------------------------------- numbers and labels

MONEY_DECIMALS = 8        # millions of USD to the cent
_D3_DECIMALS = re.compile(r"\.format\('[^']*?\.(\d+)[f%]'\)")
_MONTH = re.compile(r"^(\S+) (\d\d)$")


def decimals_for(header: str, lang: str, stated: int | None = None) -> int:
    """How many decimals a number column keeps in a file, from the unit its header
    names: millions of USD to the cent (8), billions likewise (11), plain USD 2;
    percentages and percentage points at their stated precision (the screen's, 1 unless
    the column says otherwise); anything else 8, which only removes binary noise."""
    if t("unit.mn_usd", lang) in header:
        return MONEY_DECIMALS
    if t("unit.bn_usd", lang) in header:
        return MONEY_DECIMALS + 3
    if "%" in header or t("unit.pp", lang) in header:
        return 1 if stated is None else stated
    if re.search(r"\bUSD\b|долл\.", header):
        return 2
    return MONEY_DECIMALS


def _rounded(v, decimals: int):
    if v is None or isinstance(v, bool) or not isinstance(v, (int, float)):
        return v
    if v != v:  # NaN
        return None
    r = round(float(v), decimals)
    return 0.0 if r == 0 else r  # no "-0"


def round_columns(frame: pd.DataFrame, decimals: dict[str, int]) -> pd.DataFrame:
    """Each listed number column rounded once, from the unrounded values, to its
    decimals; the decimals are kept in ``frame.attrs["decimals"]`` for the XLSX number
    format."""
    out = frame.copy()
    for col, n in decimals.items():
        if col in out.columns:
            out[col] = pd.Series([_rounded(v, n) for v in out[col].tolist()],
                                 index=out.index, dtype=object)
    out.attrs = {**frame.attrs,
                 "decimals": {c: n for c, n in decimals.items() if c in out.columns}}
    return out


def with_unit(name: str, unit: str, lang: str) -> str:
    """A value column's name with its unit ("2026, mn USD"), unless it names one."""
    unit = unit or t("unit.mn_usd", lang)
    if unit in name or "%" in name or t("unit.pp", lang) in name:
        return name
    return f"{name}, {unit}"


def month_labels(labels: list[str], lang: str) -> list[str]:
    """A chart's month axis ("Jan 25", the year in two digits to fit the ticks) as a
    file says a month: "Jan 2025", "янв 2025", "Okt 2025"; an axis of the months of a
    year (one column per year) keeps the month alone, in the same form ("янв").
    Labels that are not all months are returned as they are."""
    months = {axis_month(m, lang).casefold(): m for m in range(1, 13)}
    out = []
    for label in labels:
        m = _MONTH.match(label or "")
        word, year = (m.group(1), f" 20{m.group(2)}") if m else (label or "", "")
        if word.casefold() not in months:
            return labels
        name = axis_month(months[word.casefold()], lang)
        out.append((name.lower() if lang == "ru" else name) + year)
    return out


def _drawn_negated(trace: dict, val_letter: str) -> bool:
    """True when the trace draws the magnitude of negative numbers: its hover puts a
    minus before the value (``"%{y}: −%{x:,.1f}"``)."""
    hover = trace.get("hovertemplate")
    return isinstance(hover, str) and bool(
        re.search(r"[−-]%\{" + val_letter + r"[:}]", hover))


def _signed(v, sign: float):
    return None if v is None else (v * sign if v else 0.0)


def grid_decimals(grid, table: pd.DataFrame, lang: str) -> dict[str, int]:
    """The decimals of each number column of a grid's table: by the unit of its header,
    percentages at the precision its value formatter states."""
    stated = {}
    for col in _leaf_columns(getattr(grid, "columnDefs", None)):
        fmt = (col.get("valueFormatter") or {}) if isinstance(col.get("valueFormatter"),
                                                               dict) else {}
        m = _D3_DECIMALS.search(str(fmt.get("function", "")))
        stated[" ".join(str(col["headerName"]).replace("\u00ad", "").split())] = (
            int(m.group(1)) if m else None)
    out = {}
    for col in table.columns:
        values = [v for v in table[col].tolist() if v is not None and v == v]
        if values and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                          for v in values):
            out[col] = decimals_for(str(col), lang, stated.get(col))
    return out


def round_grid(grid, table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A grid's numbers rounded once; a share column that lists a whole (its unrounded
    shares add up to 100) rounded so that the rounded shares add up to 100 too."""
    from ..formatting import round_shares

    decimals = grid_decimals(grid, table, lang)
    share_header = t("col.share_pct", lang)
    out = table.copy()
    body = len(out) - int(table.attrs.get("total_rows") or 0)  # rows above the total
    for col, n in decimals.items():
        values = out[col].tolist()
        numbers = [float(v) for v in values[:body] if v is not None and v == v]
        if col == share_header and numbers and abs(sum(numbers) - 100) < 1e-6:
            out[col] = pd.Series(round_shares(values[:body], n) + values[body:],
                                 index=out.index, dtype=object)
    return round_columns(out, decimals)


# ---------------------------------------------------------------- grids

def _leaf_columns(defs) -> list[dict]:
    out = []
    for col in defs or []:
        if not isinstance(col, dict):
            continue
        if col.get("children"):
            out.extend(_leaf_columns(col["children"]))
        elif col.get("headerName") and col.get("field") and not col.get("hide"):
            out.append(col)
    return out


def _sort_key(value):
    """AG Grid's default order: missing values smallest; numbers by value, text by
    letters regardless of case."""
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return (0, 0, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, value, "")
    return (2, 0, str(value).casefold())


def grid_table(grid) -> pd.DataFrame:
    columns = _leaf_columns(getattr(grid, "columnDefs", None))
    # every row the table has: the page sends an analyst at most EXPORT_MONITOR_GRID_ROWS
    # of them (``uncut_rows``: dashboard/presentation.py)
    rows = [r for r in (getattr(grid, "uncut_rows", None) or getattr(grid, "rowData", None)
                        or []) if isinstance(r, dict)]
    sorted_cols = sorted((c for c in columns if c.get("sort") in ("asc", "desc")),
                         key=lambda c: c.get("sortIndex", 0))
    markdown = {c["field"] for c in columns if c.get("cellRenderer") == "markdown"}

    def cell(row, col):
        value = row.get(col["field"])
        if isinstance(value, str) and col["field"] in markdown:
            return strip_markdown(value)
        return value

    # stable sorts, least significant column first
    for col in reversed(sorted_cols):
        rows = sorted(rows, key=lambda r, c=col: _sort_key(cell(r, c)),
                      reverse=col["sort"] == "desc")
    # the whole's row pinned below the rows (``components.grid.total_row``) comes last
    options = getattr(grid, "dashGridOptions", None) or {}
    pinned = [r for r in (options.get("pinnedBottomRowData") or [])
              if isinstance(r, dict) and not r.get(MORE_ROW)] if isinstance(options, dict) else []
    data = [[cell(r, c) for c in columns] for r in rows + pinned]
    # (soft hyphens let a long word break in a narrow header; files need none)
    headers = _unique([" ".join(str(c["headerName"]).replace("\u00ad", "").split())
                       for c in columns])
    frame = pd.DataFrame(data, columns=headers)
    frame.attrs["total_rows"] = len(pinned)
    return frame


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


# ---------------------------------------------------------------- figures

def _axis(layout: dict, ref: str | None, letter: str) -> dict:
    """The layout axis a trace refers to (``x``, ``x2`` …)."""
    ref = ref or letter
    return layout.get(f"{letter}axis{ref[1:]}") or {}


def _axis_title(axis: dict) -> str:
    title = axis.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return clean_label(title) if title else ""


def _tick_names(axis: dict) -> dict:
    vals, text = axis.get("tickvals"), axis.get("ticktext")
    if isinstance(vals, list) and isinstance(text, list) and len(vals) == len(text):
        return {str(v): clean_label(s) for v, s in zip(vals, text)}
    return {}


def _number(v):
    if v is None or isinstance(v, bool):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


class _Table:
    """Rows keyed by category, in first-seen order; value columns by name."""

    def __init__(self):
        self.order: list[str] = []
        self.labels: dict[str, str] = {}
        self.codes: dict[str, str] = {}
        self.columns: dict[str, dict[str, object]] = {}
        self.units: dict[str, str] = {}

    def add(self, name: str, pairs: list[tuple[str, str, object]]):
        """``pairs``: (key, label, value). A column of this name whose categories
        overlap is a different series: it gets a numbered name."""
        base, n = name, 1
        while name in self.columns and any(k in self.columns[name] for k, _, _ in pairs):
            n += 1
            name = f"{base} ({n})"
        col = self.columns.setdefault(name, {})
        for key, label, value in pairs:
            if key not in self.labels:
                self.order.append(key)
                self.labels[key] = label
            col[key] = value
        return name


def figure_table(fig: dict, lang: str) -> tuple[pd.DataFrame, str]:
    """The chart's data as a table, and a note (the chart's message when it is
    empty, else "")."""
    layout = fig.get("layout") or {}
    table = _Table()
    default_value = t("downloads.col.value_in", lang, unit=t("unit.mn_usd", lang))
    category_title = ""
    has_codes = False
    for trace in fig.get("data") or []:
        if not isinstance(trace, dict):
            continue
        kind = trace.get("type") or "scatter"
        name = clean_label(trace.get("name") or "")
        if kind == "choropleth":
            if trace.get("hoverinfo") == "skip":
                continue
            locations = [str(v) for v in trace.get("locations") or []]
            names = trace.get("text") or trace.get("hovertext") or locations
            if isinstance(names, str):
                names = [names] * len(locations)
            unit = _axis_title(trace.get("colorbar") or {})
            column = name or (t("downloads.col.value_in", lang, unit=unit) if unit
                              else default_value)
            table.units[table.add(column, [(loc, clean_label(n), _number(z)) for loc, n, z
                                           in zip(locations, names, trace.get("z") or [])])] = \
                unit or t("unit.mn_usd", lang)
            table.codes.update({loc: loc for loc in locations})
            has_codes = True
            continue
        if kind == "pie":
            labels = [str(v) for v in trace.get("labels") or []]
            column = table.add(with_unit(name, "", lang) if name else default_value,
                               [(lab, clean_label(lab), _number(v)) for lab, v
                                in zip(labels, trace.get("values") or [])])
            table.units[column] = t("unit.mn_usd", lang)
            continue
        if kind not in ("bar", "scatter", "scattergl", "waterfall"):
            continue
        horizontal = trace.get("orientation") == "h"
        cat_letter, val_letter = ("y", "x") if horizontal else ("x", "y")
        cat_axis = _axis(layout, trace.get(f"{cat_letter}axis"), cat_letter)
        val_axis = _axis(layout, trace.get(f"{val_letter}axis"), val_letter)
        cats = trace.get(cat_letter) or []
        values = trace.get(val_letter) or []
        ticks = _tick_names(cat_axis)
        keys = [str(c) for c in cats]
        labels = month_labels([ticks.get(k) or clean_label(k) for k in keys], lang)
        # a chart that draws losses as lengths prints them signed ("−147.7", and the
        # hover "−%{x}"): the file gives the signed number, as the screen says it
        sign = -1.0 if _drawn_negated(trace, val_letter) else 1.0
        texts = trace.get("text")
        texts = texts if isinstance(texts, list) else [None] * len(keys)
        rows = list(zip(keys, labels, values, texts + [None] * (len(keys) - len(texts))))
        if horizontal and cat_axis.get("autorange") != "reversed":
            rows.reverse()  # the first point is drawn at the bottom
        category_title = category_title or _axis_title(cat_axis)
        unit = _axis_title(val_axis)
        column = with_unit(name, unit, lang) if name else (unit or default_value)
        column = table.add(column, [(k, lab, _signed(_number(v), sign))
                                    for k, lab, v, _ in rows])
        table.units[column] = unit or t("unit.mn_usd", lang)
        if horizontal and any(isinstance(x, str) and x.strip() for _, _, _, x in rows):
            label_col = t("downloads.col.label", lang)
            if name:
                label_col = f"{name} — {label_col}"
            table.add(label_col, [(k, lab, clean_label(x) if x is not None else None)
                                  for k, lab, _, x in rows])

    first = category_title or t("downloads.col.item", lang)
    data: dict[str, list] = {first: [table.labels[k] for k in table.order]}
    if has_codes:
        data[t("downloads.col.code", lang)] = [table.codes.get(k, "") for k in table.order]
    for col_name, values in table.columns.items():
        data[col_name] = [values.get(k) for k in table.order]
    frame = pd.DataFrame(data, columns=_unique(list(data)))
    frame = round_columns(frame, {c: decimals_for(u, lang) for c, u in table.units.items()})
    note = " ".join(clean_label(a.get("text", "")) for a in layout.get("annotations") or []
                    if isinstance(a, dict) and a.get("text")) if not table.order else ""
    return frame, " ".join(note.split())


def item_table(item: Item, lang: str) -> tuple[pd.DataFrame, str]:
    """The table of one item and its note."""
    if item.kind == "grid":
        return round_grid(item.component, grid_table(item.component), lang), ""
    return figure_table(getattr(item.component, "figure", None) or {}, lang)
