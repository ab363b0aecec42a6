"""Reading CSV and XLSX files as they really arrive.

CSV: UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1251; separated by
semicolons, commas or tabs (whichever makes the header row match a template). XLSX:
the sheet asked for, else one named after a kind, else the first. In both the header
row is searched in the first ``HEADER_SEARCH_ROWS`` rows, so a title block above it is
fine, and empty rows at the end are ignored. Every cell comes back as stripped text;
typing it is ``validate.py``'s job, so that each bad cell can be reported.

Row numbers are the ones a spreadsheet shows (the first line of the file is row 1, a
title block above the header counts), columns are named by their letter and header.

What is refused before any check of the data, each with its own plain message: a file
that is no CSV or workbook at all (binary bytes, a damaged or disguised workbook —
always the same "not_readable"); a CSV that mixes encodings (the first bad line named);
an unbalanced quotation mark (its row); a row with more cells than the header (its
row); a workbook whose unpacked size or cell count is beyond the limits
(``EXPORT_MONITOR_IMPORT_MAX_UNPACKED_MB``, ``EXPORT_MONITOR_IMPORT_MAX_CELLS``), checked
from the zip directory and the sheet's dimension before anything is unpacked; a header
cell that looks like a misspelt template column ("did you mean …?"). Any other extra
column is listed as ignored, never dropped without a word.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from queries import settings

from .kinds import ALL_HEADERS, KINDS, guess_kind, header_map, norm_header
from .report import Report, clip

log = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 30
CSV_EXTENSIONS = (".csv", ".txt")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
_CHUNK_ROWS = 250_000

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class RawTable:
    """One file's data rows as text, columns renamed to the kind's column names."""

    file: str                      # the name shown in reports and the load log
    sha256: str
    kind: str | None
    data: pd.DataFrame             # one column per recognised column, all text
    rows: np.ndarray               # the spreadsheet row number of each data row
    ignored_columns: list[str] = field(default_factory=list)
    details: str = ""              # encoding and separator, or sheet
    native: dict[str, np.ndarray] = field(default_factory=dict)  # column → number cells
    headers: dict[str, tuple[str, str]] = field(default_factory=dict)  # column → (letter,
    #                                                                    header as written)


def file_problems(path: Path, name: str, report: Report) -> bool:
    """Checks before reading: exists, size, type. False if the file cannot be read."""
    try:
        size = path.stat().st_size
    except OSError:
        report.add(name, "file_missing")
        return False
    max_mb = settings.get("EXPORT_MONITOR_IMPORT_MAX_MB")
    if size > max_mb * 2**20:
        report.add(name, "file_too_large", size_mb=f"{size / 2**20:,.1f}", max_mb=max_mb)
        return False
    ext = path.suffix.lower()
    if ext not in CSV_EXTENSIONS + XLSX_EXTENSIONS:
        report.add(name, "file_type", ext=clip(ext or "(none)", 12))
        return False
    if size == 0:
        report.add(name, "file_empty")
        return False
    return True


def read_file(path: str | Path, report: Report, *, kind: str | None = None,
              sheet: str | None = None, name: str | None = None,
              progress: Progress | None = None) -> RawTable | None:
    """The file's rows, or None (with the reasons in ``report``) when it cannot be read
    as one of the templates."""
    path = Path(path)
    name = name or path.name
    if not file_problems(path, name, report):
        return None
    blob = path.read_bytes()
    digest = hashlib.sha256(blob).hexdigest()
    before = report.total
    try:
        native_grid = None
        if path.suffix.lower() in XLSX_EXTENSIONS:
            grid, native_grid, details = _xlsx_grid(blob, name, sheet, report)
            if grid is None:
                return None
            head, body_rows, first_row = _split_header(grid, kind)
            if head is None:
                report.add(name, "no_header", n=HEADER_SEARCH_ROWS)
                return None
            width = len(head)
            body = pd.DataFrame([(r + [""] * width)[:width] for r in body_rows], dtype=object)
            native_grid = [(r + [False] * width)[:width] for r in native_grid[first_row:]]
            numbers = np.arange(first_row + 1, first_row + 1 + len(body))
        else:
            text, encoding = _decode(blob, name, report)
            if text is None:
                return None
            found = _csv_header(text, kind)
            if found is None:
                report.add(name, "no_header", n=HEADER_SEARCH_ROWS)
                return None
            head, delimiter, first_row = found
            body, numbers = _csv_body(text, delimiter, first_row, len(head), name, report,
                                      progress)
            if report.total > before:
                return None
            details = f"{encoding}, separated by “{delimiter}”"
    except _Unreadable:
        report.add(name, "not_readable")
        return None
    except Exception as exc:
        # whatever else a damaged file makes a parser raise: the same plain message
        log.info("%s: unreadable (%s: %s)", name, type(exc).__name__, exc)
        report.add(name, "not_readable")
        return None
    return _as_table(name, digest, head, body, numbers, kind, details, report, native_grid)


class _Unreadable(Exception):
    pass


_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _decode(blob: bytes, name: str, report: Report) -> tuple[str | None, str]:
    """The text and its encoding; None (reported) for bytes that are not text or a
    UTF-8 file with lines in another encoding."""
    if blob.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = blob.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise _Unreadable from None
    else:
        bom = blob.startswith(b"\xef\xbb\xbf")
        body = blob[3:] if bom else blob
        try:
            text, encoding = body.decode("utf-8"), ("UTF-8 with BOM" if bom else "UTF-8")
        except UnicodeDecodeError:
            bad = _mixed_line(body) if not _BINARY.search(body[:65536].decode("latin-1")) \
                else None
            if bom or bad:
                if bad is None:
                    raise _Unreadable from None
                report.add(name, "mixed_encoding", rows=[bad])
                return None, ""
            # Russian-locale Excel's "CSV" is Windows-1251; every byte decodes, so it is
            # the last resort rather than a guess
            text, encoding = body.decode("cp1251"), "Windows-1251"
    # control characters (NUL above all) are in binary files, never in a spreadsheet's
    # text: a workbook, a PDF or an archive renamed .csv
    if _BINARY.search(text[:65536]):
        raise _Unreadable
    return text, encoding


def _mixed_line(blob: bytes) -> int | None:
    """The first line that is not UTF-8 in a file whose other lines are UTF-8 with
    letters beyond ASCII (a Windows-1251 line pasted into a UTF-8 file); None when no
    line is UTF-8 beyond ASCII (a file in one other encoding)."""
    first_bad, utf8_text = None, False
    for i, line in enumerate(blob.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            first_bad = first_bad or i
            continue
        utf8_text = utf8_text or any(b > 127 for b in line)
        if first_bad and utf8_text:
            break
    return first_bad if utf8_text else None


def _score(cells: list[str], kind: str | None) -> int:
    known = set(header_map(KINDS[kind])) if kind in KINDS else ALL_HEADERS
    return sum(1 for c in cells if norm_header(c) in known)


def _best_header(rows: list[list[str]], kind: str | None) -> tuple[int, int]:
    """(index, score) of the row that looks most like a header (ties: the first)."""
    best, best_score = -1, 1  # a header matches at least two column names
    for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = _score(cells, kind)
        if score > best_score:
            best, best_score = i, score
    return best, best_score


def _csv_header(text: str, kind: str | None):
    head_lines = text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]
    best = None
    for delimiter in (";", ",", "\t"):
        rows = [next(csv.reader([line.rstrip("\r")], delimiter=delimiter), [])
                for line in head_lines]
        idx, score = _best_header(rows, kind)
        if idx >= 0 and (best is None or score > best[0]):
            best = (score, [c.strip() for c in rows[idx]], delimiter, idx + 1)
    return None if best is None else best[1:]


def _csv_body(text: str, delimiter: str, header_row: int, width: int, name: str,
              report: Report, progress: Progress | None) -> tuple[pd.DataFrame, np.ndarray]:
    """The data rows, and the spreadsheet row of each. pandas' C reader first (fast);
    where it gives up (a stray quote, a row too long), the csv module reads the file
    again to find the row and say what is wrong with it."""
    total = max(text.count("\n") - header_row, 1)
    names = list(range(width))
    try:
        reader = pd.read_csv(
            io.StringIO(text), sep=delimiter, header=None, names=names, dtype=str,
            keep_default_na=False, na_filter=False, skiprows=header_row,
            skip_blank_lines=False, quotechar='"', engine="c", chunksize=_CHUNK_ROWS,
            index_col=False)
        parts = []
        for chunk in reader:
            parts.append(chunk)
            if progress:
                progress(f"reading {name}", min(sum(map(len, parts)), total), total)
    except (pd.errors.ParserError, ValueError, csv.Error):
        return _csv_body_slow(text, delimiter, header_row, width, name, report)
    if not parts:
        body = pd.DataFrame(columns=names, dtype=object)
    else:
        body = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    lines = text.count("\n") + (0 if text.endswith("\n") else 1) - header_row
    if len(body) != lines:
        # fewer rows than lines: a quoted cell runs over several lines (a stray quote
        # that closes rows later), and the rows below it are not the lines below
        return _csv_body_slow(text, delimiter, header_row, width, name, report)
    return body, np.arange(header_row + 1, header_row + 1 + len(body))


def _csv_body_slow(text: str, delimiter: str, header_row: int, width: int, name: str,
                   report: Report) -> tuple[pd.DataFrame, np.ndarray]:
    rows, numbers = [], []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', strict=True)
    record = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # an opening quote without its closing one (the rest of the file would be
            # one cell), or text after a closing quote
            report.add(name, "quote_unbalanced", rows=[record + 1], line=start)
            break
        record += 1
        if record <= header_row:
            continue
        if reader.line_num > start and any("\n" in c for c in cells):
            report.add(name, "line_break_in_cell", rows=[record])
        surplus = [c for c in cells[width:] if c.strip()]
        if surplus:
            report.add(name, "too_many_fields", rows=[record], found=len(cells),
                       width=width)
        rows.append((cells + [""] * width)[:width])
        numbers.append(record)
    body = pd.DataFrame(rows, columns=list(range(width)), dtype=object) if rows else \
        pd.DataFrame(columns=list(range(width)), dtype=object)
    return body, np.array(numbers, dtype=int)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _column_letter(i: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _xlsx_limits(blob: bytes, name: str, report: Report) -> bool:
    """The workbook's unpacked size (from the zip directory) and each sheet's cell count
    (from its dimension element, the first bytes of the sheet) within the limits — known
    before anything is unpacked, so a zip bomb costs nothing."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(blob))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _Unreadable from None
    with zf:
        infos = zf.infolist()
        unpacked = sum(i.file_size for i in infos)
        max_mb = settings.get("EXPORT_MONITOR_IMPORT_MAX_UNPACKED_MB")
        if unpacked > max_mb * 2**20:
            report.add(name, "xlsx_too_large", size_mb=f"{unpacked / 2**20:,.0f}",
                       max_mb=max_mb)
            return False
        max_cells = settings.get("EXPORT_MONITOR_IMPORT_MAX_CELLS")
        for info in infos:
            if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                continue
            with zf.open(info) as fh:
                head = fh.read(4096)
            m = _DIMENSION.search(head)
            if not m or not m.group(3):
                continue
            rows = int(m.group(4)) - int(m.group(2)) + 1
            cols = _column_number(m.group(3).decode()) - _column_number(m.group(1).decode()) + 1
            if rows * cols > max_cells:
                report.add(name, "xlsx_too_many_cells", cells=f"{rows * cols:,}",
                           max_cells=f"{max_cells:,}")
                return False
    return True


def _xlsx_grid(blob: bytes, name: str, sheet: str | None, report: Report):
    from openpyxl import load_workbook

    if not _xlsx_limits(blob, name, report):
        return None, None, ""
    try:
        # data_only=False: a formula cell reads as its formula text, which the checks
        # reject, instead of a cached value nobody can see
        wb = load_workbook(io.BytesIO(blob), read_only=True, data_only=False)
    except Exception:  # a damaged or disguised file: say so, never crash
        raise _Unreadable from None
    max_cells = settings.get("EXPORT_MONITOR_IMPORT_MAX_CELLS")
    try:
        names = wb.sheetnames
        if sheet:
            if sheet not in names:
                report.add(name, "sheet_missing", sheet=clip(sheet, 40),
                           sheets=", ".join(names[:10]))
                return None, None, ""
            chosen = sheet
        else:
            chosen = next((s for s in names if s.strip().lower() in KINDS), names[0])
        grid, native, cells = [], [], 0
        for row in wb[chosen].iter_rows(values_only=True):
            cells += len(row)
            if cells > max_cells:  # a sheet without a (true) dimension element
                report.add(name, "xlsx_too_many_cells", cells=f"> {max_cells:,}",
                           max_cells=f"{max_cells:,}")
                return None, None, ""
            grid.append([_cell_text(v) for v in row])
            native.append([isinstance(v, (int, float)) and not isinstance(v, bool)
                           for v in row])
    finally:
        wb.close()
    return grid, native, f"sheet “{chosen}”"


def _split_header(grid: list[list[str]], kind: str | None):
    idx, _ = _best_header([[str(c) for c in r] for r in grid], kind)
    if idx < 0:
        return None, [], 0
    head = [str(c).strip() for c in grid[idx]]
    return head, grid[idx + 1:], idx + 1


def _as_table(name: str, digest: str, head: list[str], body: pd.DataFrame,
              numbers: np.ndarray, kind: str | None, details: str,
              report: Report, native_grid=None) -> RawTable | None:
    body = body.fillna("").astype(str)
    for col in body.columns:
        body[col] = body[col].str.strip()
    filled = (body != "").any(axis=1).to_numpy()
    # rows after the last filled one are the sheet's empty tail, not data
    last = int(np.nonzero(filled)[0].max()) + 1 if filled.any() else 0
    keep = filled[:last]
    positions = np.nonzero(keep)[0]
    body, numbers = body.iloc[:last][keep], numbers[:last][keep]
    normalised = [norm_header(h) for h in head]
    if kind is None:
        kind, candidates = guess_kind(normalised)
        if kind is None:
            if candidates:
                report.add(name, "kind_ambiguous", kinds=", ".join(candidates))
            else:
                report.add(name, "kind_unknown",
                           found=clip(", ".join(h for h in head if h), 120))
            return None
    hm = header_map(KINDS[kind])
    columns, ignored, seen, unknown = {}, [], set(), []
    headers = {}
    for i, (raw, key) in enumerate(zip(head, normalised)):
        canon = hm.get(key)
        if canon is None:
            if raw:
                unknown.append((i, raw, key))
            continue
        if canon in seen:
            report.add(name, "column_twice", column=canon)
            continue
        seen.add(canon)
        columns[i] = canon
        headers[canon] = (_column_letter(i), raw)
    for i, raw, key in unknown:
        near = difflib.get_close_matches(key, list(hm), n=1, cutoff=0.8)
        if near and hm[near[0]] not in seen:
            # a misspelt column would be dropped and its data lost: refuse the file
            report.add(name, "column_misspelt", column=raw, value=raw,
                       letter=_column_letter(i), suggestion=hm[near[0]])
        else:
            ignored.append(raw)
    report.headers[name] = headers
    if ignored:
        report.note(name, "columns_ignored", columns=", ".join(f"“{clip(c, 40)}”"
                                                               for c in ignored))
    for col in KINDS[kind].required:
        if col not in seen:
            report.add(name, "column_missing", column=col)
    if len(body) == 0:
        report.add(name, "file_empty")
    data = body[list(columns)].rename(columns=columns).reset_index(drop=True)
    native = {}
    if native_grid is not None and len(positions):
        flags = np.array(native_grid, dtype=bool).reshape(len(native_grid), len(head))
        flags = flags[positions]
        native = {canon: flags[:, i] for i, canon in columns.items() if flags[:, i].any()}
    return RawTable(name, digest, kind, data, numbers, ignored, details, native, headers)
