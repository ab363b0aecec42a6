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

from . import theme
from .components.grid import PRESENT_GRID_THEME
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
    return figure


def dress_grid(grid, lang: str, present: bool = False) -> None:
    options = dict(getattr(grid, "dashGridOptions", None) or {})
    options["context"] = {**(options.get("context") or {}),
                          "numberLocale": NUMBER_LOCALE.get(lang, NUMBER_LOCALE["en"])}
    if LOCALE_TEXT.get(lang):
        options["localeText"] = LOCALE_TEXT[lang]
    if present:
        options["rowHeight"] = max(int(options.get("rowHeight") or 30), 34)
        options["theme"] = PRESENT_GRID_THEME
    grid.dashGridOptions = options
    grid.columnDefs = [_localized_column(c) for c in (getattr(grid, "columnDefs", None) or [])]


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
    return figure


def _room_for_labels(figure: dict) -> None:
    """Horizontal bars whose values are printed beyond their ends on a hidden value axis
    get 15 % more room, as the larger labels would otherwise be cut at the edge."""
    xaxis = figure["layout"].get("xaxis")
    if not isinstance(xaxis, dict) or xaxis.get("visible", True) or "range" not in xaxis:
        return
    if any(t.get("type") == "bar" and t.get("orientation") == "h"
           and t.get("textposition") == "outside" for t in figure.get("data") or []):
        lo, hi = xaxis["range"]
        xaxis["range"] = [lo, lo + (hi - lo) * 1.15]


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
        trace.setdefault("textangle", 0)  # a label too wide for its bar shrinks, never turns
    has_text = trace.get("text") is not None or trace.get("texttemplate") is not None
    if kind == "bar" and not has_text:
        axis = "x" if trace.get("orientation") == "h" else "y"
        trace["texttemplate"] = "%{" + axis + ":,.0f}"
        trace["textposition"] = "outside"
        trace["cliponaxis"] = False
        trace["textfont"] = {"size": PRESENT_FONT}
    # Lines keep the labels their figure gives them (this year's values, the end of a
    # cumulative line): labelling every point of every line buries the bars under them.
