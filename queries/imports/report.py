"""What an import found wrong, in words a ministry analyst can act on.

Every problem names the file, the row (as a spreadsheet shows it: the header row
counts), the column, the value and the reason. Identical problems (same file, column,
value and reason) are grouped with a count and their first rows; a report shows the
first ``SHOWN`` groups and always the total. Reasons are message ids with English text
in ``REASONS``; the dashboard translates the same ids (``imports.reason.<id>``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

SHOWN = 100
_KEPT_GROUPS = 2000    # groups kept per report beyond the shown ones (counts stay exact)
_ROWS_PER_GROUP = 5    # first rows listed for a group

REASONS: dict[str, str] = {
    # the file as a whole
    "file_missing": "The file does not exist or cannot be read.",
    "file_too_large": ("The file is {size_mb} MiB; the largest file an import accepts is "
                       "{max_mb} MiB. Split it by month."),
    "file_type": ("Only .csv, .xlsx and .xlsm files can be loaded (this one ends in "
                  "“{ext}”). Save the sheet as CSV or Excel workbook."),
    "file_empty": "The file has no data rows.",
    "not_readable": ("This is not a CSV/XLSX file we can read. Open it in Excel and save "
                     "it as “CSV UTF-8” or “Excel workbook (.xlsx)”, then try again."),
    "mixed_encoding": ("The file mixes encodings: it is UTF-8, but this line is not (it "
                       "was probably pasted from a Windows-1251 file). Save the whole file "
                       "again as “CSV UTF-8”."),
    "quote_unbalanced": ("A quotation mark in this row is not closed (or is followed by "
                         "more text), so the rest of the file would be read as one cell. "
                         "Remove the stray quotation mark."),
    "line_break_in_cell": ("A cell of this row runs over several lines (a quotation mark "
                           "opens it and closes it lines later), so the rows below it "
                           "would be lost. Remove the stray quotation mark."),
    "too_many_fields": ("This row has {found} cells, the header only {width}: a separator "
                        "too many, or a value with a separator that is not in quotes."),
    "xlsx_too_large": ("The workbook unpacks to {size_mb} MiB; the largest an import opens "
                       "is {max_mb} MiB. Split it, or save it as CSV."),
    "xlsx_too_many_cells": ("A sheet of the workbook has {cells} cells; the most an import "
                            "reads is {max_cells}. Delete the unused rows and columns, "
                            "split it, or save it as CSV."),
    "column_misspelt": ("The column “{value}” is not in the template: did you mean "
                        "{suggestion}? Rename it (nothing is loaded while a column could be "
                        "lost)."),
    "no_header": ("No header row was found in the first {n} rows. The header must hold "
                  "the column names of a template (export-monitor template KIND)."),
    "kind_unknown": ("The columns do not match any template. Found: {found}. Use a "
                     "template (export-monitor template KIND) or give --kind."),
    "kind_ambiguous": "The columns fit several templates ({kinds}); give --kind.",
    "sheet_missing": "The workbook has no sheet named “{sheet}”; it has: {sheets}.",
    "column_missing": "The required column “{column}” is missing.",
    "column_twice": "The column “{column}” appears more than once.",
    # a cell
    "value_missing": "A value is required here.",
    "not_a_number": "This is not a number.",
    "out_of_range": ("This is outside the plausible range of {column} ({low} to {high}"
                     "{unit}); check the unit and the digits."),
    "negative": "This cannot be negative.",
    "not_a_month": "This is not a month (write 2025-10, 10.2025 or a date).",
    "not_a_day": "This is not a date (write 2025-10-31 or 31.10.2025).",
    "future_day": "This date is in the future (today is {today}).",
    "not_allowed": "This is not one of the allowed values: {allowed}.",
    "future_month": "This month is in the future (the latest possible is {latest}).",
    "not_a_year": "This is not a year between {first} and {last}.",
    "growth_too_low": "A growth rate must be above −100 %.",
    "not_an_id": "This must be a whole positive number.",
    "bad_unp": "A УНП has exactly 9 digits.",
    "bad_flag": "Write yes or no.",
    "formula": ("Cells may not hold formulas or text starting with = + - @ (spreadsheet "
                "formula injection). Paste values only."),
    "text_too_long": "This text is longer than {max} characters.",
    "unknown_enterprise": ("No enterprise has this УНП or name. New enterprises come in "
                           "through an enterprises file."),
    "ambiguous_enterprise": "Several enterprises have this name; use the УНП.",
    "unknown_heading": "This is not an HS heading (4 digits, e.g. 8701).",
    "ambiguous_heading": ("This heading is ambiguous (84.1 could be 8401 or 8410); write "
                          "it with 4 digits."),
    "unknown_region": "This is not a Russian region (ISO code such as RU-MOW, or a name).",
    "unknown_concern": "This is not a known concern (code or exact name).",
    "unknown_oblast": "This is not a Belarusian oblast (BY-BR … BY-HM, or a name).",
    "unknown_subject": ("No distribution subject has this number or name. New subjects "
                        "come in through a subjects file."),
    "ambiguous_subject": "Several subjects have this name; use the number.",
    "unknown_kind": "This must be one of: {allowed}.",
    "unknown_cause": "This must be one of: {allowed}.",
    # a row
    "overdue_above_total": "Overdue ({overdue}) is more than the total ({total}).",
    "buckets_mismatch": ("The four age columns add up to {buckets}, not to the overdue "
                         "amount {overdue}."),
    "causes_mismatch": ("The cause columns add up to {causes}, not to the overdue amount "
                        "{overdue}."),
    "duplicate_key": "The same {what} appears on more than one row (first on row {first}).",
    "concern_or_oblast": "Fill exactly one of concern and oblast.",
    "id_taken": "Number {id} already belongs to “{other}”.",
    "id_mismatch": ("This entry already has number {id} (“{other}”); leave the number "
                    "empty or write {id}."),
    "batch_rejected": "Not loaded because another file of the same import has problems.",
    # a warning the steward may overrule
    "outlier": ("{enterprise}, {month}: the total is {total} USD, against {basis} USD in "
                "{basis_month} (a factor of {factor}). A unit mistake (thousands instead of "
                "USD)? If the figures are right, load with --accept-outliers (on the Import "
                "page: “Load anyway”)."),
}

# the other subjects' kinds bring their own reasons (``TopicKind.reasons``)
from .topics import TOPIC_KINDS  # noqa: E402

for _tk in TOPIC_KINDS.values():
    for _code, _text in _tk.reasons.items():
        if REASONS.setdefault(_code, _text) != _text:
            raise ValueError(f"import reason {_code!r} is defined twice")

# Reasons that are warnings: the import stops for them, and loads when the steward
# confirms (``import_files(accept_outliers=True)``).
WARNINGS = frozenset({"outlier"})

NOTES: dict[str, str] = {
    "columns_ignored": "Columns not in the template, ignored: {columns}.",
}


def reason_text(code: str, params: dict | None = None) -> str:
    text = REASONS.get(code, code)
    try:
        return text.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return text


def clip(value, n: int = 60) -> str:
    text = "" if value is None else str(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass
class Group:
    """Identical problems: same column, value and reason, on ``count`` rows."""

    file: str
    column: str
    value: str
    code: str
    params: dict
    rows: list[int]      # the first few rows (0: the file as a whole)
    count: int

    @property
    def reason(self) -> str:
        return reason_text(self.code, {"value": self.value, "column": self.column,
                                       **self.params})

    def where(self) -> str:
        if not self.rows or self.rows == [0]:
            return "whole file"
        shown = ", ".join(str(r) for r in self.rows)
        more = f" … ({self.count:,} rows)" if self.count > len(self.rows) else ""
        return ("row " if self.count == 1 else "rows ") + shown + more

    def as_dict(self) -> dict:
        return {"file": self.file, "where": self.where(), "column": self.column,
                "value": self.value, "reason": self.reason, "code": self.code,
                "params": self.params, "rows": self.rows, "count": self.count}


@dataclass
class Report:
    groups: list[Group] = field(default_factory=list)
    total: int = 0          # every problem, one per row and check
    total_groups: int = 0
    files: set[str] = field(default_factory=set)        # files with a problem
    codes: set[str] = field(default_factory=set)        # every reason found
    headers: dict[str, dict] = field(default_factory=dict)  # file → column → (letter,
    #                                                         header as the file has it)
    notes: list[tuple[str, str, dict]] = field(default_factory=list)  # (file, code, params)

    @property
    def only_warnings(self) -> bool:
        """Problems were found, and all of them are warnings the steward may overrule."""
        return not self.ok and self.codes <= WARNINGS

    def note(self, file: str, code: str, **params) -> None:
        """Something the steward should know that does not stop the import (columns the
        file has and the template has not, ignored)."""
        self.notes.append((file, code, params))

    def note_lines(self) -> list[str]:
        return [f"{file}: {NOTES[code].format(**params)}" for file, code, params in self.notes]

    def column_label(self, file: str, column: str) -> str:
        """A column as the spreadsheet shows it: its letter and its header as written,
        with the template's name when the file calls it otherwise."""
        letter, raw = self.headers.get(file, {}).get(column, ("", ""))
        if not letter:
            return column
        same = raw.strip().lower() == column
        return f"{letter} “{raw}”" + ("" if same else f" ({column})")

    @property
    def ok(self) -> bool:
        return self.total == 0

    def add(self, file: str, code: str, *, column: str = "", value="", rows: Iterable[int] =
            (0,), count: int | None = None, **params) -> None:
        rows = list(rows)
        n = len(rows) if count is None else count
        self.total += max(n, 1)
        self.total_groups += 1
        self.files.add(file)
        self.codes.add(code)
        if len(self.groups) < SHOWN + _KEPT_GROUPS:
            self.groups.append(Group(file, column, clip(value), code, params,
                                     rows[:_ROWS_PER_GROUP], max(n, 1)))

    def add_rows(self, file: str, code: str, column: str, values, rows, **params) -> None:
        """One group per distinct value among ``values`` (aligned with ``rows``)."""
        by_value: dict[str, list[int]] = {}
        counts: dict[str, int] = {}
        for v, r in zip(values, rows):
            key = clip(v)
            counts[key] = counts.get(key, 0) + 1
            lst = by_value.setdefault(key, [])
            if len(lst) < _ROWS_PER_GROUP:
                lst.append(int(r))
        for key, lst in by_value.items():
            self.add(file, code, column=column, value=key, rows=lst, count=counts[key],
                     **params)

    def extend(self, other: Report) -> None:
        self.total += other.total
        self.total_groups += other.total_groups
        self.files |= other.files
        self.codes |= other.codes
        self.headers.update(other.headers)
        self.notes.extend(other.notes)
        room = SHOWN + _KEPT_GROUPS - len(self.groups)
        self.groups.extend(other.groups[:max(room, 0)])

    def shown(self) -> list[Group]:
        ordered = sorted(self.groups, key=lambda g: (g.file, g.rows[0] if g.rows else 0,
                                                     g.column))
        return ordered[:SHOWN]

    def text(self) -> str:
        """The report as plain text (the command line prints this)."""
        if self.ok:
            return "No problems found."
        lines = [f"{self.total:,} problem(s) in {self.total_groups:,} group(s)"
                 + (f"; the first {SHOWN} groups:" if self.total_groups > SHOWN else ":")]
        for g in self.shown():
            col = f", column {self.column_label(g.file, g.column)}" if g.column else ""
            val = f", value “{g.value}”" if g.value != "" else ""
            lines.append(f"  {g.file}: {g.where()}{col}{val}: {g.reason}")
        if self.total_groups > SHOWN:
            lines.append(f"  … and {self.total_groups - SHOWN:,} more group(s); "
                         f"{self.total:,} problems in all.")
        return "\n".join(lines)
