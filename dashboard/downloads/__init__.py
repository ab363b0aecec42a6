"""Downloads of what a page shows: each chart and table as CSV and XLSX (and each chart
as PNG in the browser, ``assets/downloads.js``), and an agenda as a PDF handout
(``dashboard/handout.py``).

Decisions (also in the README, section "Exports"):

- Generic, no per-page code. The server rebuilds the page's component tree for the
  requested URL by calling the page's registered layout function with the URL's
  parameters (``dash.page_registry[module]["layout"](**params)``), walks the tree and
  finds the ``dcc.Graph`` or ``dash_ag_grid.AgGrid`` with the requested id
  (``tables.py``). So a file holds exactly what the page shows for that link, and a
  new page or chart needs no download code.
- A grid becomes its visible columns (``columnDefs`` with a ``headerName``, not
  hidden), rows in the grid's initial sort order, markdown links reduced to their
  text. A chart becomes one table: a category column and one value column per trace
  (``tables.figure_table`` lists the rules).
- The header block above the data (title, the filter as the page states it, the
  freshness stamp, the view's link, the page's notices) is taken from the same tree,
  so it cannot disagree with the page.
- File formats (``files.py``): CSV is UTF-8 with a byte-order mark (Excel opens it
  with the right letters); English uses ``,`` between fields and ``.`` for decimals,
  Russian and German ``;`` and a decimal comma, as their Excel expects. XLSX keeps
  numbers as numbers with a number format; the header row is bold and frozen.
"""
