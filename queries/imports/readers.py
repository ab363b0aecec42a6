"""Reading CSV and XLSX files as they really arrive.

CSV: UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1251; separated by
semicolons, commas or tabs (whichever makes the header row match a template). XLSX:
the sheet asked for, else one named after a kind, else the first. In both the header
row is searched in the first ``HEADER_SEARCH_ROWS`` rows, so a title block above it is
fine, and empty rows at the end are ignored. Every cell comes back as stripped text;
typing it is ``validate.py``'s job, so that each bad cell can be reported.

Row numbers are the ones a spreadsheet shows (the first line of the file is row 1).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from queries import settings

from .kinds import ALL_HEADERS, KINDS, guess_kind, header_map, norm_header
from .report import Report, clip

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
    try:
        if path.suffix.lower() in XLSX_EXTENSIONS:
            grid, details = _xlsx_grid(blob, name, sheet, report)
            if grid is None:
                return None
            head, body_rows, first_row = _split_header(grid, kind)
            if head is None:
                report.add(name, "no_header", n=HEADER_SEARCH_ROWS)
                return None
            width = len(head)
            body = pd.DataFrame([(r + [""] * width)[:width] for r in body_rows], dtype=object)
            numbers = np.arange(first_row + 1, first_row + 1 + len(body))
        else:
            text, encoding = _decode(blob)
            found = _csv_header(text, kind)
            if found is None:
                report.add(name, "no_header", n=HEADER_SEARCH_ROWS)
                return None
            head, delimiter, first_row = found
            body = _csv_body(text, delimiter, first_row, len(head), name, progress)
            numbers = np.arange(first_row + 1, first_row + 1 + len(body))
            details = f"{encoding}, separated by “{delimiter}”"
    except _Unreadable as exc:
        report.add(name, "file_unreadable", detail=str(exc))
        return None
    return _as_table(name, digest, head, body, numbers, kind, details, report)


class _Unreadable(Exception):
    pass


def _decode(blob: bytes) -> tuple[str, str]:
    if blob.startswith(b"\xef\xbb\xbf"):
        return blob[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if blob.startswith((b"\xff\xfe", b"\xfe\xff")):
        return blob.decode("utf-16"), "UTF-16"
    try:
        return blob.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # Russian-locale Excel's "CSV" is Windows-1251; every byte decodes, so it is
        # the last resort rather than a guess
        return blob.decode("cp1251", errors="replace"), "Windows-1251"


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
              progress: Progress | None) -> pd.DataFrame:
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
    except (pd.errors.ParserError, ValueError) as exc:
        raise _Unreadable(clip(str(exc).strip(), 200)) from None
    if not parts:
        return pd.DataFrame(columns=names, dtype=object)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


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


def _xlsx_grid(blob: bytes, name: str, sheet: str | None, report: Report):
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula cell reads as its formula text, which the checks
        # reject, instead of a cached value nobody can see
        wb = load_workbook(io.BytesIO(blob), read_only=True, data_only=False)
    except Exception as exc:  # a damaged or disguised file: say so, never crash
        raise _Unreadable(f"not a valid Excel workbook ({type(exc).__name__})") from None
    try:
        names = wb.sheetnames
        if sheet:
            if sheet not in names:
                report.add(name, "sheet_missing", sheet=clip(sheet, 40),
                           sheets=", ".join(names[:10]))
                return None, ""
            chosen = sheet
        else:
            chosen = next((s for s in names if s.strip().lower() in KINDS), names[0])
        grid = [[_cell_text(v) for v in row]
                for row in wb[chosen].iter_rows(values_only=True)]
    finally:
        wb.close()
    return grid, f"sheet “{chosen}”"


def _split_header(grid: list[list[str]], kind: str | None):
    idx, _ = _best_header([[str(c) for c in r] for r in grid], kind)
    if idx < 0:
        return None, [], 0
    head = [str(c).strip() for c in grid[idx]]
    return head, grid[idx + 1:], idx + 1


def _as_table(name: str, digest: str, head: list[str], body: pd.DataFrame,
              numbers: np.ndarray, kind: str | None, details: str,
              report: Report) -> RawTable | None:
    body = body.fillna("").astype(str)
    for col in body.columns:
        body[col] = body[col].str.strip()
    filled = (body != "").any(axis=1).to_numpy()
    # rows after the last filled one are the sheet's empty tail, not data
    last = int(np.nonzero(filled)[0].max()) + 1 if filled.any() else 0
    keep = filled[:last]
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
    columns, ignored, seen = {}, [], set()
    for i, (raw, key) in enumerate(zip(head, normalised)):
        canon = hm.get(key)
        if canon is None:
            if raw:
                ignored.append(raw)
            continue
        if canon in seen:
            report.add(name, "column_twice", column=canon)
            continue
        seen.add(canon)
        columns[i] = canon
    for col in KINDS[kind].required:
        if col not in seen:
            report.add(name, "column_missing", column=col)
    if len(body) == 0:
        report.add(name, "file_empty")
    data = body[list(columns)].rename(columns=columns).reset_index(drop=True)
    return RawTable(name, digest, kind, data, numbers, ignored, details)
