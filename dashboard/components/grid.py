"""AG Grid tables with the shared-screen look: large type, sortable and filterable
columns, numbers right-aligned with one decimal.

Numbers are rounded once. A table that lists a whole (every concern, enterprise,
heading, subject… of the filter) carries a total row pinned at the bottom, and its
money columns come from ``money_columns``: the unrounded values rounded together
(``formatting.round_to_total``) so that the rows on screen add up to the total row,
which is the rounded sum of the unrounded values — the page's headline figure. Other
columns (percentages, days) are rounded on their own by ``formatting.rounded``. The
grid's ``valueFormatter`` only adds the language's separators to numbers already at
their decimals (it never rounds again); a chart bar of the same item prints the same
rounded number (``figures.breakdown_bars`` reads ``value_shown``)."""

from __future__ import annotations

import dash_ag_grid as dag

from ..formatting import round_to_total

GRID_THEME = {"function": (
    "themeQuartz.withParams({fontSize: 16, headerFontSize: 15, spacing: 5, "
    "foregroundColor: '#111827', headerFontWeight: 700, "
    "fontFamily: ['Segoe UI', 'DejaVu Sans', 'Liberation Sans', 'Arial', 'sans-serif']})")}

# The presentation theme: larger type and strong contrast (dashboard/presentation.py).
PRESENT_GRID_THEME = {"function": (
    "themeQuartz.withParams({fontSize: 18, headerFontSize: 16, spacing: 4, "
    "foregroundColor: '#000000', headerFontWeight: 700, oddRowBackgroundColor: '#f3f4f6', "
    "fontFamily: ['Segoe UI', 'DejaVu Sans', 'Liberation Sans', 'Arial', 'sans-serif']})")}

# Number columns keep their filter in the column menu but show no filter button in the
# header: the button took a fifth of a narrow header, and Russian and German headers
# then broke inside words.
NUMBER = {"type": "rightAligned", "filter": "agNumberColumnFilter", "minWidth": 104,
          "suppressHeaderFilterButton": True,
          "valueFormatter": {"function": "params.value == null ? "
                                         "(params.node && params.node.rowPinned ? '' : '–') : "
                                         "d3.format(',.1f')(params.value)"}}

COLOR_BAR = {"function": "({'borderLeft': '8px solid ' + params.data.color})"}

# the pinned total row (and the shared screen's "and K more" line) in bold
PINNED_BOLD = {"function": "params.node.rowPinned ? {fontWeight: 700} : undefined"}


def money_columns(values, scale: float = 1e6, decimals: int = 1) -> tuple[list, float | None]:
    """A money column of a table with a total row: the values (USD) in millions,
    rounded together so that they add up to the returned total (the rounded sum of the
    unrounded values). Missing values stay None."""
    values = [None if v is None or v != v else float(v) / scale for v in values]
    cells = round_to_total(values, decimals)
    present = [v for v in values if v is not None]
    total = round(sum(present), decimals) if present else None
    return cells, total


def total_row(label_field: str, label: str, **values) -> dict:
    """The pinned row of a table's whole: its label in ``label_field`` and the totals
    (already rounded) by field."""
    return {label_field: label, "label": label, "color": "transparent", "is_total": True,
            **values}


# the key of the pinned line "and K more" that stands for rows the grid does not send
# (dashboard/presentation.py); a download leaves that line out and has the rows
MORE_ROW = "_more"


def data_grid(grid_id: str, rows: list[dict], columns: list[dict], row_height: int = 30,
              present_rows: int | None = None, present_sum: str | None = None,
              present_hide: tuple[str, ...] = (), total: dict | None = None,
              fold: tuple[str, ...] = ()):
    """A grid. ``present_rows``: how many rows its panel shows on the shared screen
    (``dashboard/presentation.py`` keeps the first rows in the grid's sort and sums the
    rest in one line, "and K more, X mn USD", over the ``present_sum`` column);
    ``present_hide``: the fields of columns the shared screen leaves out (details an
    analyst filters by, not what the meeting reads). A row that carries ``<field>_short``
    shows that short name on the shared screen. ``total``: the whole's row
    (``total_row``), pinned below the rows in both themes; on the shared screen the "and
    K more" line comes above it and the total stays the whole. ``fold``: the analysts'
    secondary text columns, in the order they move into a second line under the row's
    name when the table's words need more than its panel (assets/grid_words.js; the
    normal theme only, the files keep the columns)."""
    grid = dag.AgGrid(
        id=grid_id, rowData=rows, columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "wrapHeaderText": True,
                       "autoHeaderHeight": True},
        dashGridOptions={"theme": GRID_THEME, "rowHeight": row_height, "animateRows": False,
                         **({"pinnedBottomRowData": [total], "getRowStyle": PINNED_BOLD}
                            if total else {}),
                         **({"context": {"fold": list(fold)}} if fold else {})},
        style={"height": "100%", "width": "100%"},
    )
    # plain attributes, not props: they never reach the browser
    grid.present_rows, grid.present_sum = present_rows, present_sum
    grid.present_hide = present_hide
    # every row, kept when the shared screen cuts rowData to its first rows: the
    # "since the last meeting" facts (dashboard/meetings/facts.py) read the whole list
    grid.all_rows = rows
    return grid
