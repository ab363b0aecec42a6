"""A table with its header block → CSV or XLSX bytes, and the file's name.

CSV: UTF-8 with a byte-order mark, so that Excel reads Cyrillic and umlauts right.
English files use ``,`` between fields and ``.`` for decimals; Russian and German use
``;`` and the decimal comma, which is what their Excel expects (a comma-separated file
with decimal commas would split every number). Numbers are written plainly (no
thousands separators), to 15 significant digits (all the value has).

XLSX (openpyxl): the header block on top (title bold and larger), a blank row, then
the table's header row in bold with the panes frozen under it; numbers are numeric
cells with a number format with the places the column's values have (``#,##0`` for
whole numbers, ``#,##0.0`` for tenths, ``#,##0.00######`` for cents of millions: Excel
shows them with the reader's own separators); a grid's total row last and in bold;
columns sized to their contents; the sheet is named after the title (at
most 31 characters, without ``[]:*?/\\``).

The numbers come rounded once by ``tables`` (money in millions of USD to the cent,
percentages to the screen's precision); here they are only written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
import zipfile

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

SEPARATORS = {"en": (",", "."), "ru": (";", ","), "de": (";", ",")}
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _places(v: float) -> int:
    text = _plain_number(float(v), ".")
    return len(text.split(".")[1]) if "." in text else 0


def number_format(numbers: list, decimals: int | None) -> str:
    """The XLSX format of a number column: as many places as its values have (at most
    ``decimals``, the column's rounding): "#,##0" for whole numbers, "#,##0.0" for a
    column in tenths, and for cents of millions "#,##0.00######" (two places always,
    the rest where the value has them), so that a cell shows what it holds."""
    places = max((_places(v) for v in numbers), default=0)
    if decimals is not None:
        places = min(places, decimals)
    if places == 0:
        return "#,##0"
    return "#,##0." + "0" * min(places, 2) + "#" * max(places - 2, 0)


def _plain_number(v: float, decimal: str) -> str:
    if float(v).is_integer() and abs(v) < 1e15:
        text = str(int(v))
    else:
        # 15 significant digits: every digit the value has, without binary noise
        text = f"{v:.15g}"
        if "e" in text:
            text = f"{v:.12f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not (
        isinstance(v, float) and math.isnan(v))


# A text cell that a spreadsheet would read as a formula (typed text: an instruction,
# a report, a name) is neutralised with a leading apostrophe — shown as typed, never run
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell_text(v, decimal: str) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if _is_number(v):
        return _plain_number(float(v), decimal)
    return formula_safe(str(v))


def to_csv(head: list[tuple[str, str]], table: pd.DataFrame, lang: str) -> bytes:
    """``head``: (label, text) lines above the data; the first is the title alone."""
    sep, decimal = SEPARATORS.get(lang, SEPARATORS["en"])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    for label, text in head:
        writer.writerow([text] if not label else [f"{label}: {text}"])
    writer.writerow([])
    writer.writerow(list(table.columns))
    for row in table.itertuples(index=False):
        writer.writerow([_cell_text(v, decimal) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sheet_name(title: str, fallback: str = "1") -> str:
    """``title`` as Excel allows a sheet name; ``fallback`` (the component id) when
    nothing of it is left."""
    for text in (title, fallback):
        name = " ".join(SHEET_FORBIDDEN.sub(" ", text).strip().strip("'").split())[:31].strip()
        if name:
            return name
    return "1"


def to_xlsx(head: list[tuple[str, str]], table: pd.DataFrame, title: str,
            fallback: str = "1") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name(title, fallback)
    bold = Font(bold=True)
    for i, (label, text) in enumerate(head, start=1):
        cell = ws.cell(row=i, column=1, value=text if not label else f"{label}: {text}")
        cell.font = Font(bold=True, size=13) if i == 1 else bold
    header_row = len(head) + 2
    for j, name in enumerate(table.columns, start=1):
        ws.cell(row=header_row, column=j, value=str(name)).font = bold
    widths = [len(str(c)) for c in table.columns]
    decimals = table.attrs.get("decimals") or {}
    for j, col in enumerate(table.columns, start=1):
        values = list(table[col].to_list()) if len(table) else []
        numbers = [v for v in values if _is_number(v)]
        whole = all(float(v).is_integer() for v in numbers)
        fmt = number_format(numbers, decimals.get(col))
        for i, v in enumerate(values, start=header_row + 1):
            if _is_number(v):
                c = ws.cell(row=i, column=j, value=float(v) if not whole else int(v))
                c.number_format = fmt
                widths[j - 1] = max(widths[j - 1], len(f"{float(v):,.2f}"))
            elif v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            else:
                # a string cell never holds a formula (openpyxl would write "=…" as one)
                c = ws.cell(row=i, column=j, value=formula_safe(str(v)))
                c.data_type = "s"
                widths[j - 1] = max(widths[j - 1], len(str(v)))
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 8), 60)
    totals = int(table.attrs.get("total_rows") or 0)  # the grid's total row, in bold
    for i in range(header_row + len(table) - totals + 1, header_row + len(table) + 1):
        for j in range(1, len(table.columns) + 1):
            ws.cell(row=i, column=j).font = bold
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buf = io.BytesIO()
    wb.save(buf)
    return same_bytes(buf.getvalue())


# The same table gives the same file, byte for byte (a meeting's edition promises
# that of its downloads): openpyxl stamps the workbook's properties and the zip's
# entries with the time of writing, which here are set to one fixed time. The file's
# header block says when the data was loaded, which is the time that matters.
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def same_bytes(xlsx: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _STAMPS.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, data)
    return out.getvalue()


def slug(text: str) -> str:
    """ASCII letters, digits and hyphens only."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower() or "x"


def file_name(path: str, component_id: str, fmt: str, today: dt.date | None = None) -> str:
    page = slug(path.strip("/").replace("/", "-") or "overview")
    day = (today or dt.datetime.now(dt.UTC).date()).isoformat()
    return f"{page}_{slug(component_id)}_{day}.{fmt}"
