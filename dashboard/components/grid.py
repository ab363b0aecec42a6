"""AG Grid tables with the shared-screen look: large type, sortable and filterable
columns, numbers right-aligned with one decimal."""

from __future__ import annotations

import dash_ag_grid as dag

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
          "valueFormatter": {"function": "params.value == null ? '–' : "
                                         "d3.format(',.1f')(params.value)"}}

COLOR_BAR = {"function": "({'borderLeft': '8px solid ' + params.data.color})"}


def data_grid(grid_id: str, rows: list[dict], columns: list[dict], row_height: int = 30,
              present_rows: int | None = None, present_sum: str | None = None):
    """A grid. ``present_rows``: how many rows its panel shows on the shared screen
    (``dashboard/presentation.py`` keeps the first rows in the grid's sort and sums the
    rest in one line, "and K more, X mn USD", over the ``present_sum`` column)."""
    grid = dag.AgGrid(
        id=grid_id, rowData=rows, columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "wrapHeaderText": True,
                       "autoHeaderHeight": True},
        dashGridOptions={"theme": GRID_THEME, "rowHeight": row_height, "animateRows": False},
        style={"height": "100%", "width": "100%"},
    )
    # plain attributes, not props: they never reach the browser
    grid.present_rows, grid.present_sum = present_rows, present_sum
    return grid
