"""The last step of every page: dress its component tree for the language and, with
``present=1``, for the meeting's shared screen.

Pages and figure functions stay as they are; ``dress`` walks the finished tree once:

* every chart gets the language's separators (``1 234,5`` / ``1,234.5`` / ``1.234,5``
  in axis ticks and hovers);
* every AG Grid gets the language's number format (its ``d3.format`` value formatters
  run through ``d3.formatLocale``) and AG Grid's own texts (filter menus, "no rows") in
  the language;
* in the presentation theme: larger values printed on the marks (readable when a
  1920×1080 stream is scaled to 1280×720; tick labels stay at 17 px, fitted to the
  panels), a colour-blind-safe high-contrast palette (Okabe & Ito:
  blue against vermillion, black, grey; concerns in one strong blue, as each bar carries
  its name), values printed on marks that had none, no transitions; the stylesheet does
  the rest (``.present``: controls tucked away, larger KPI type, no CSS transitions).

One walk costs well under a millisecond for the largest page.
"""

from __future__ import annotations

import copy
import re

import dash_ag_grid as dag
from dash import dcc

from queries import settings

from . import theme
from .components.grid import MORE_ROW, PRESENT_GRID_THEME
from .components.links import markdown_link
from .i18n import t

try:  # AG Grid's own texts in Russian and German (English is AG Grid's default)
    from .grid_locale import LOCALE_TEXT
except ImportError:  # pragma: no cover - until the catalogue exists
    LOCALE_TEXT: dict = {}

# Plotly's ``separators``: decimal point, then thousands separator.
SEPARATORS = {"en": ".,", "ru": ",\u00a0", "de": ",."}

# d3.formatLocale definitions for the grids.
NUMBER_LOCALE = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", ""],
           "minus": "\u2212"},
    "ru": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", ""],
           "minus": "\u2212"},
    "de": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", ""],
           "minus": "\u2212"},
}

# Presentation palette (Okabe & Ito), by the colour the normal theme uses.
PRESENT_BLUE = "#0072B2"
PRESENT_VERMILLION = "#D55E00"
PRESENT_GREY = "#7A7A7A"
PRESENT_FONT = 18
PRESENT_TITLE = 20  # the titles were fitted to their panels at 20 px
# The smallest type of a chart on the shared screen: 16 px is the floor (10.7 px at
# 720p); 17 leaves a margin for Plotly's rounding.
PRESENT_MIN = 17
# A title longer than this (characters at 20 px) is broken at its last separator before
# the limit: Plotly never wraps a title, and the narrowest panels take about 44.
TITLE_CHARS = 52
# Vertical bars and lines with more points than this print their values only at the
# labelled ticks and the last point: 24 values side by side shrink or collide.
DENSE = 12
_FONT_PX = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)px")
_SWAP = {
    theme.THIS_YEAR.lower(): PRESENT_BLUE,
    theme.LAST_YEAR.lower(): PRESENT_GREY,
    theme.GROWTH_UP.lower(): PRESENT_BLUE,
    theme.GROWTH_DOWN.lower(): PRESENT_VERMILLION,
    **{c.lower(): PRESENT_BLUE for c in theme.concern_palette()},
}
_D3_FORMAT = re.compile(r"\bd3\.format\(")


def walk(node):
    """Every component of a tree (depth first)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if item is None or isinstance(item, (str, int, float)):
            continue
        if isinstance(item, (list, tuple)):
            stack.extend(item)
            continue
        yield item
        children = getattr(item, "children", None)
        if children is not None:
            stack.append(children)

# a grid cell's markdown link: [label](url), the label possibly with escaped brackets
_MD_LINK = re.compile(r"\[(.*)\]\(([^()\s]*)\)", re.S)


def dress(tree, lang: str, present: bool = False):
    """Apply the language (and the presentation theme) to every chart, grid and
    dropdown of ``tree`` in place; returns the tree."""
    labels = dropdown_labels(lang)
    for item in walk(tree):
        if isinstance(item, dcc.Graph) and isinstance(getattr(item, "figure", None), dict):
            item.figure = dress_figure(item.figure, lang, present)
        elif isinstance(item, dag.AgGrid):
            dress_grid(item, lang, present)
        elif isinstance(item, dcc.Dropdown):
            item.labels = labels
    return tree


def dropdown_labels(lang: str) -> dict[str, str]:
    """Dash 4's dropdown texts (select all, search, nothing found) in the language;
    ``{num_selected}`` is filled in by the dropdown itself."""
    keys = ("select_all", "deselect_all", "selected_count", "search", "clear_search",
            "clear_selection", "no_options_found")
    return {k: t(f"dropdown.{k}", lang) for k in keys}  # t fills nothing without params


def dress_figure(figure: dict, lang: str, present: bool = False) -> dict:
    layout = dict(figure.get("layout") or {})
    layout["separators"] = SEPARATORS.get(lang, SEPARATORS["en"])
    figure = {**figure, "layout": layout}
    if present:
        figure = present_figure(figure)
    title = figure["layout"].get("title")
    if isinstance(title, dict) and isinstance(title.get("text"), str):
        _wrap_title(figure["layout"], title)  # in both themes: a title never runs past its chart
    _second_line_as_subtitle(figure["layout"])
    return figure


def _second_line_as_subtitle(layout: dict) -> None:
    """A title's lines after the first become its subtitle: Plotly anchors a title by
    its first line, so a title broken with ``<br>`` pushed its first line off the top of
    the chart; a subtitle is laid out below the title, and ``automargin`` (the theme's
    title) makes room for both."""
    title = layout.get("title")
    if not isinstance(title, dict) or not isinstance(title.get("text"), str):
        return
    first, sep, rest = title["text"].partition("<br>")
    if not sep:
        return
    title = {**title, "text": first}
    sub = dict(title.get("subtitle") or {})
    rest = rest.replace("<br>", " ")
    sub["text"] = rest + ("<br>" + sub["text"] if sub.get("text") else "")
    size = ((title.get("font") or {}).get("size") or theme.TITLE_SIZE) - 2
    sub["font"] = {"size": max(size, PRESENT_MIN), **(sub.get("font") or {})}
    title["subtitle"] = sub
    layout["title"] = title


def dress_grid(grid, lang: str, present: bool = False) -> None:
    options = dict(getattr(grid, "dashGridOptions", None) or {})
    options["context"] = {**(options.get("context") or {}),
                          "numberLocale": NUMBER_LOCALE.get(lang, NUMBER_LOCALE["en"])}
    if LOCALE_TEXT.get(lang):
        options["localeText"] = LOCALE_TEXT[lang]
    if present:
        # the shared screen leaves secondary columns out (present_hide) rather than fold
        # them under the names (assets/grid_words.js)
        options["context"].pop("fold", None)
        options["rowHeight"] = max(int(options.get("rowHeight") or 30), 34)
        options["theme"] = PRESENT_GRID_THEME
    grid.dashGridOptions = options
    grid.columnDefs = [_localized_column(c) for c in (getattr(grid, "columnDefs", None) or [])]
    # names wrap onto a second line rather than being cut, in both themes
    grid.columnDefs = [_wrapped_column(c) for c in grid.columnDefs]
    if present:
        _present_names(grid)
        hide = set(getattr(grid, "present_hide", None) or ())
        if hide:
            grid.columnDefs = _without(grid.columnDefs, hide)
        _present_rows(grid, lang)
    else:
        _analyst_rows(grid, lang)
    if present:  # (the analysts' tables: see _room_for_words)
        grid.columnDefs = _room_for_words(grid.columnDefs, grid.rowData or [],
                                          _PRESENT_CELL_CHAR)


# Average advance of a character, px, in the grids' fonts (DejaVu Sans / Segoe UI):
# headers 16 px bold, cells 18 px on the shared screen
_HEADER_CHAR, _PRESENT_CELL_CHAR = 9.8, 10.6
_WORD = re.compile(r"[^\s/]+")


def _longest_word(text) -> int:
    text = _MD_LINK.sub(lambda m: m.group(1), str(text or "")).replace("\u00ad", "")
    return max((len(w) for w in _WORD.findall(text)), default=0)


def _room_for_words(columns, rows: list[dict], cell_char: float) -> list[dict]:
    """Every column at least as wide as its longest word, in the header and in the
    cells (``cell_char``: px a character at the cells' size): headers and names wrap
    between words, so a column narrower than one word would cut it with "…"
    ("Дни покры…", "Минстройархит…"). A table whose columns then need more than its
    panel leaves columns out on the shared screen (``present_hide``) or gets a wider
    panel. Applied on the shared screen only, from estimated character widths, so that
    its columns are right before the first frame; in both themes the browser then
    measures the real words (assets/grid_words.js), and in the analysts' tables folds
    secondary columns under the names where they do not fit beside them."""
    out = []
    for c in columns:
        if "children" in c:
            out.append({**c, "children": _room_for_words(c["children"], rows, cell_char)})
            continue
        words = _longest_word(c.get("headerName")) * _HEADER_CHAR
        field = c.get("field")
        if c.get("type") == "rightAligned":
            # no filter button in a number header (components/grid.NUMBER); the numbers
            # themselves are at most seven characters ("−12 345")
            need = max(words + 34 + (20 if c.get("sort") else 0), 7 * cell_char + 24)
            c = {**c, "minWidth": int(need + 0.5)}
            if c.get("width") and c["width"] < c["minWidth"]:
                c["width"] = c["minWidth"]
            out.append(c)
            continue
        need = words + 44 + (20 if c.get("sort") else 0)
        if field:
            chars = max((_longest_word(r.get(field)) for r in rows[:400]), default=0)
            need = max(need, chars * cell_char + 34)
        need = int(need + 0.5)
        if need > (c.get("minWidth") or 0):
            c = {**c, "minWidth": need}
            if c.get("width") and c["width"] < need:
                c["width"] = need
        out.append(c)
    return out


def _present_names(grid) -> None:
    """On the shared screen a row's name is its short form: a row that carries
    ``<field>_short`` beside ``<field>`` shows it there (a markdown link keeps its
    target and gets the short text; ``dashboard/figures/core.display_names`` does the
    same for charts)."""
    rows = getattr(grid, "rowData", None) or []
    fields = {k[:-6] for r in rows[:1] for k in r if k.endswith("_short")}
    if not fields:
        return
    out = []
    for row in rows:
        row = dict(row)
        for f in fields:
            short = row.get(f + "_short")
            if short:
                link = _MD_LINK.fullmatch(str(row.get(f) or ""))
                row[f] = markdown_link(short, link.group(2)) if link else short
        out.append(row)
    grid.rowData = out


def _without(columns, hide: set) -> list[dict]:
    out = []
    for c in columns:
        if "children" in c:
            kids = _without(c["children"], hide)
            if kids:
                out.append({**c, "children": kids})
        elif c.get("field") not in hide:
            out.append(c)
    return out


def _wrapped_column(column: dict) -> dict:
    """A text column wraps its names onto further lines rather than cutting them, and
    headers wrap between words only (assets/app.css)."""
    if "children" in column:
        return {**column, "children": [_wrapped_column(c) for c in column["children"]]}
    if column.get("type") == "rightAligned" or column.get("wrapText") is False:
        return column
    return {**column, "wrapText": True, "autoHeight": True}


def _present_rows(grid, lang: str) -> None:
    """The first ``grid.present_rows`` rows in the grid's own sort, the rest summed in
    one pinned line ("and 12 more: 345.6 mn USD"): the panel never scrolls and the type
    never shrinks."""
    limit = getattr(grid, "present_rows", None)
    # a pinned total row takes one of the panel's lines and stays the whole
    pinned = list((getattr(grid, "dashGridOptions", None) or {}).get("pinnedBottomRowData")
                  or [])
    if limit:
        _cut_rows(grid, lang, max(limit - 1 - len(pinned), 1), "present.more_rows",
                  room=limit - len(pinned))


def _analyst_rows(grid, lang: str) -> None:
    """An analyst's table sends at most EXPORT_MONITOR_GRID_ROWS rows (in its own sort)
    and sums the rest in one pinned line, "and 645 more (all rows in the download)":
    a table of every enterprise kept a page's response over 300 KB. The download reads
    ``grid.uncut_rows``, every row."""
    limit = settings.get("EXPORT_MONITOR_GRID_ROWS")  # at least 1: settings refuses less
    rows = list(getattr(grid, "rowData", None) or [])
    if _cut_rows(grid, lang, limit,
                 "grid.more_rows_download"):
        grid.uncut_rows = rows


def _cut_rows(grid, lang: str, keep: int, message: str, room: int | None = None) -> bool:
    """The first ``keep`` rows of ``grid`` in its initial sort; the others summed in one
    line pinned above the grid's pinned rows (``message`` with their count, and the sum
    of the ``present_sum`` column). Nothing changes while the rows fit ``room`` (rows
    the grid may show; ``keep`` when not given). Returns whether it cut."""
    rows = list(getattr(grid, "rowData", None) or [])
    pinned = list((getattr(grid, "dashGridOptions", None) or {}).get("pinnedBottomRowData")
                  or [])
    room = keep if room is None else room
    if len(rows) <= room:
        return False
    columns = _leaf_columns(grid.columnDefs)
    # the grid's initial sort decides which rows come first
    field, order = next(((c["field"], c["sort"]) for c in columns
                         if c.get("sort") in ("asc", "desc") and c.get("field")), (None, None))
    if field:
        valued = sorted((r for r in rows if r.get(field) is not None),
                        key=lambda r: r[field], reverse=order == "desc")
        rows = valued + [r for r in rows if r.get(field) is None]
    label_field = next((c["field"] for c in columns
                        if c.get("type") != "rightAligned" and c.get("field")), None)
    if label_field is None:
        return False
    shown, rest = rows[:keep], rows[keep:]
    more = {label_field: t(message, lang, k=len(rest)), MORE_ROW: True}
    total_field = getattr(grid, "present_sum", None)
    if total_field:  # summed from the rows' own values, formatted as the column is
        more[total_field] = sum(float(r.get(total_field) or 0) for r in rest)
    grid.rowData = shown
    options = dict(grid.dashGridOptions)
    options["pinnedBottomRowData"] = [more, *pinned]
    grid.dashGridOptions = options
    # the line's empty number cells stay empty rather than show "–"
    grid.columnDefs = [_blank_when_pinned(c) for c in grid.columnDefs]
    return True


def _blank_when_pinned(column: dict) -> dict:
    if "children" in column:
        return {**column, "children": [_blank_when_pinned(c) for c in column["children"]]}
    formatter = column.get("valueFormatter")
    if isinstance(formatter, dict) and isinstance(formatter.get("function"), str):
        text = ("params.node && params.node.rowPinned && params.value == null ? '' : ("
                + formatter["function"] + ")")
        column = {**column, "valueFormatter": {**formatter, "function": text}}
    return column


def _leaf_columns(columns) -> list[dict]:
    out = []
    for column in columns or []:
        out.extend(_leaf_columns(column["children"]) if "children" in column else [column])
    return out


def _localized_column(column: dict) -> dict:
    formatter = column.get("valueFormatter")
    if isinstance(formatter, dict) and isinstance(formatter.get("function"), str):
        text = _D3_FORMAT.sub("d3.formatLocale(params.context.numberLocale).format(",
                              formatter["function"])
        column = {**column, "valueFormatter": {**formatter, "function": text}}
    if "children" in column:  # column groups
        column = {**column, "children": [_localized_column(c) for c in column["children"]]}
    return column


def present_figure(figure: dict) -> dict:
    """The presentation form of a figure: larger type, the high-contrast palette, values
    on the marks, no transitions."""
    figure = copy.deepcopy(figure)
    layout = figure.setdefault("layout", {})
    title = layout.get("title")
    if isinstance(title, dict):
        title["font"] = {**(title.get("font") or {}), "size": PRESENT_TITLE}
    layout["transition"] = {"duration": 0}
    # Tick labels and legends keep their size (17 px, already large): the charts' category
    # labels were fitted to their panels, and larger ones turn or collide.
    for ann in layout.get("annotations") or []:
        if isinstance(ann, dict):
            ann["font"] = {**(ann.get("font") or {}),
                           "size": max((ann.get("font") or {}).get("size") or 0, PRESENT_FONT)}
    for trace in figure.get("data") or []:
        _present_trace(trace)
    _room_for_labels(figure)
    _sparse_labels(figure)
    _floor_fonts(figure)
    # never a label shrunk below the floor: one that does not fit at 16 px is hidden
    # (the dense series above print fewer labels so that the rest fit)
    layout["uniformtext"] = {"minsize": 16, "mode": "hide"}
    for name, axis in layout.items():
        if re.fullmatch(r"[xy]axis\d*", name) and isinstance(axis, dict):
            axis.setdefault("automargin", True)  # two-line month ticks keep their year
    return figure


def _floor_fonts(node) -> None:
    """Every font of the figure (titles, ticks, legends, colour bars, printed values)
    at least ``PRESENT_MIN`` px, and so are sizes written into HTML labels."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict):
                if isinstance(value.get("size"), (int, float)):
                    value["size"] = max(value["size"], PRESENT_MIN)
            elif key in ("text", "ticktext") and isinstance(value, (str, list)):
                node[key] = _floor_html(value)
            elif isinstance(value, dict) or (isinstance(value, list) and value
                                             and isinstance(value[0], dict)):
                _floor_fonts(value)
    elif isinstance(node, list):
        for item in node:
            _floor_fonts(item)


def _floor_html(value):
    if isinstance(value, list):
        return [_floor_html(v) if isinstance(v, str) else v for v in value]
    return _FONT_PX.sub(lambda m: f"font-size:{max(float(m.group(1)), PRESENT_MIN):g}px",
                        value)


def _wrap_title(layout: dict, title: dict) -> None:
    """Break a long title at its last separator (" · ", " — ", ": ", ", ") before
    ``TITLE_CHARS``; the second line becomes the subtitle (``dress_figure``)."""
    text = title["text"]
    first = text.split("<br>", 1)[0]
    plain = re.sub(r"<[^>]+>", "", first)
    if len(plain) <= TITLE_CHARS:
        return
    cut = rest = -1
    for sep in (" · ", " — ", ": ", ", ", " "):
        at = first.rfind(sep, 0, TITLE_CHARS + len(first) - len(plain))
        if at > len(first) // 3:
            # a dash or dot between the parts is the line break's job; a colon or comma
            # stays at the end of the first line
            cut = at if sep in (" · ", " — ", " ") else at + len(sep.rstrip())
            rest = at + len(sep)
            break
    if cut < 0:
        return
    title["text"] = first[:cut].rstrip() + "<br>" + first[rest:].lstrip() + text[len(first):]
    # the title is anchored at the top with automargin (theme.base_layout): the plot
    # moves down by the second line


def _sparse_labels(figure: dict) -> None:
    """Dense month series (more than ``DENSE`` points) print their values at the
    labelled ticks and the last point only, horizontally and never shrunk."""
    ticks = set((figure["layout"].get("xaxis") or {}).get("tickvals") or [])
    for trace in figure.get("data") or []:
        x, text = trace.get("x"), trace.get("text")
        if (not isinstance(x, list) or len(x) <= DENSE or not isinstance(text, list)
                or trace.get("orientation") == "h"):
            continue
        keep = ticks or {x[i] for i in range(len(x) - 1, -1, -3)}
        keep = keep | {x[-1]}
        trace["text"] = [v if xv in keep else "" for xv, v in zip(x, text)]
        if trace.get("type") == "bar":
            trace["textangle"] = 0
            trace["constraintext"] = "none"


def _room_for_labels(figure: dict) -> None:
    """Horizontal bars whose values are printed beyond their ends on a hidden value axis
    get 30 % more room, as the larger labels would otherwise be cut at the edge."""
    xaxis = figure["layout"].get("xaxis")
    if not isinstance(xaxis, dict) or xaxis.get("visible", True) or "range" not in xaxis:
        return
    if any(t.get("type") == "bar" and t.get("orientation") == "h"
           and t.get("textposition") == "outside" for t in figure.get("data") or []):
        lo, hi = xaxis["range"]
        xaxis["range"] = [lo, lo + (hi - lo) * 1.3]


def _swap(color):
    if isinstance(color, str):
        return _SWAP.get(color.lower(), color)
    if isinstance(color, (list, tuple)):
        return [_swap(c) for c in color]
    return color


def _present_trace(trace: dict) -> None:
    for part in ("marker", "line"):
        if isinstance(trace.get(part), dict) and "color" in trace[part]:
            trace[part]["color"] = _swap(trace[part]["color"])
    if isinstance(trace.get("colorscale"), list):
        trace["colorscale"] = [[stop, _swap(colour)] for stop, colour in trace["colorscale"]]
    kind = trace.get("type", "scatter")
    for part in ("textfont", "outsidetextfont"):
        font = trace.get(part)
        if isinstance(font, dict):
            font["size"] = (font.get("size") or theme.FONT_SIZE) + 1
    if kind == "bar":
        trace["textangle"] = 0  # a label too wide for its bar is hidden, never turned
    has_text = trace.get("text") is not None or trace.get("texttemplate") is not None
    if kind == "bar" and not has_text:
        axis = "x" if trace.get("orientation") == "h" else "y"
        trace["texttemplate"] = "%{" + axis + ":,.0f}"
        trace["textposition"] = "outside"
        trace["cliponaxis"] = False
        trace["textfont"] = {"size": PRESENT_FONT}
    # Lines keep the labels their figure gives them (this year's values, the end of a
    # cumulative line): labelling every point of every line buries the bars under them.
