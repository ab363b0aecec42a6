"""Loading real data: templates, readers, validation, all-or-nothing loads, load log.

The pieces, in the order a file meets them:

* ``kinds.py`` — the six kinds of file (exports, targets, stock, receivables,
  enterprises, subjects), column by column; ``templates.py`` writes their templates.
* ``readers.py`` — CSV (UTF-8 with or without BOM, Windows-1251; ``;``, ``,`` or tab)
  and XLSX (named or first sheet, header found below a title block) into text cells.
* ``values.py`` / ``lookups.py`` — cells to numbers, months and codes as people type
  them (decimal commas, thousands spaces, 04.01, RU-MOW or "Москва", УНП or name).
* ``validate.py`` — every check; a file with any problem loads nothing.
  ``report.py`` — problems grouped, first 100 shown, total always given.
* ``load.py`` — one transaction per import (all its files together), replacing
  exactly the months × enterprises in each file, rollups rebuilt in the same
  transaction, every import logged in ``load_log`` (loaded or rejected).
* ``service.py`` — ``import_files``: the whole sequence, for the CLI and the page.

The embedded DuckDB file has one writer and the web workers keep it open read-only,
so an import takes ``<db>.import.lock`` (fcntl; two imports never run at once),
copies the file to ``<db>.loading``, loads and CHECKPOINTs the copy and
``os.replace``s it over the original: readers see the old file or the new one, never
half a load, and a failed import leaves no trace but its log entry. The app notices
the new file (its inode) and its cache keys carry the load log's size and latest
time, so the next request shows the new data without a restart. PostgreSQL loads in
one transaction under an advisory lock; the load log moves the data version the same
way.
"""

from .dump import dump, dump_url
from .kinds import KINDS, LOAD_ORDER
from .load import ImportBusy
from .log import recent_loads
from .reference import create_empty_database
from .report import Report
from .service import FileResult, ImportResult, import_files
from .templates import write_rows, write_template

__all__ = ["KINDS", "LOAD_ORDER", "FileResult", "ImportBusy", "ImportResult", "Report",
           "create_empty_database", "dump", "dump_url", "import_files", "recent_loads",
           "write_rows", "write_template"]
