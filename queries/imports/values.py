"""Turning cell text into typed values, the way people type them.

Each parser takes a Series of stripped text and returns the parsed Series and a mask
of cells that are filled but cannot be read. Numbers are parsed column-wise (files
have a million of them); codes and months, which repeat, are parsed once per distinct
value.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

_SPACES = r"[\s\u00a0\u202f\u2009'’]"  # thousands separators Excel and people use
_EXP = r"(?:[eE][+-]?\d{1,3})?"


def _pattern(decimal: str, groups: str) -> re.Pattern:
    """A number whose integer part is plain digits or groups of three after a first group
    of one to three (separated by any of ``groups``), then optionally ``decimal`` and
    digits, then optionally an exponent."""
    g = f"[{groups}]" if groups else None
    integer = rf"(?:\d{{1,3}}(?:{g}\d{{3}})+|\d+)" if g else r"\d+"
    return re.compile(rf"[+-]?(?:{integer}(?:\{decimal}\d*)?|\{decimal}\d+){_EXP}")


_SP = _SPACES[1:-1]
# the three conventions a file can use: decimal comma (Russian and German Excel; spaces
# or dots group thousands), decimal point (spaces or commas group thousands), and
# "not told" (no cell says which): then one comma or point is a decimal mark, as
# Russian-locale Excel writes it, and two or more of them group thousands.
DECIMAL_COMMA, DECIMAL_POINT = "comma", "point"
_BY_CONVENTION = {
    DECIMAL_COMMA: (_pattern(",", _SP + "."), ",", "."),
    DECIMAL_POINT: (_pattern(".", _SP + ","), ".", ","),
}
_UNTOLD = (re.compile(rf"[+-]?(?:\d{{1,3}}(?:[{_SP}]\d{{3}})+|\d+)(?:[.,]\d*)?{_EXP}"
                      rf"|[+-]?[.,]\d+{_EXP}"),
           re.compile(r"[+-]?\d{1,3}(?:,\d{3}){2,}|[+-]?\d{1,3}(?:\.\d{3}){2,}"))
# cells only one convention can read: a decimal comma (12,5 — not three digits after
# it, or after dot groups) or a decimal point (12.5, or after comma groups)
_SAYS_COMMA = re.compile(rf"[+-]?(?:\d{{1,3}}(?:[{_SP}.]\d{{3}})+|\d+),(?:\d{{1,2}}|\d{{4,}})"
                         rf"{_EXP}|[+-]?\d{{1,3}}(?:\.\d{{3}})+,\d+{_EXP}")
_SAYS_POINT = re.compile(rf"[+-]?(?:\d{{1,3}}(?:[{_SP},]\d{{3}})+|\d+)\.(?:\d{{1,2}}|\d{{4,}})"
                         rf"{_EXP}|[+-]?\d{{1,3}}(?:,\d{{3}})+\.\d+{_EXP}")


def decimal_convention(cells: pd.Series) -> str | None:
    """The decimal mark a file's number cells use, from the cells only one convention can
    read (the majority, if the file has both); None when no cell tells."""
    cells = cells[cells != ""]
    if cells.empty:
        return None
    comma = int(cells.str.fullmatch(_SAYS_COMMA).sum())
    point = int(cells.str.fullmatch(_SAYS_POINT).sum())
    if not comma and not point:
        return None
    return DECIMAL_COMMA if comma >= point else DECIMAL_POINT


def parse_number(s: pd.Series, convention: str | None = None,
                 native: np.ndarray | None = None) -> tuple[pd.Series, pd.Series]:
    """Numbers as people type them, in the file's decimal ``convention``
    (``decimal_convention``): a decimal comma or point, and spaces (also non-breaking
    ones), apostrophes or the other mark as thousands separators — only between groups
    of three digits (1 234 567,89; 1.234.567,89; 1,234,567.89). "1,2,3", "0,5,0" or
    "12,345,6" are not numbers, nor is a decimal point in a file of decimal commas.
    ``native``: cells that were numbers in the workbook (their text is Python's own
    float form, read as it is). Column-wise string operations only (a million cells take
    a fraction of a second). Infinite and NaN values are not numbers."""
    s = s.astype(str)
    if convention in _BY_CONVENTION:
        pattern, decimal, group = _BY_CONVENTION[convention]
        ok = s.str.fullmatch(pattern)
        text = s.str.replace(_SPACES, "", regex=True).str.replace(group, "", regex=False)
        if decimal == ",":
            text = text.str.replace(",", ".", regex=False)
    else:
        single, grouped = _UNTOLD
        ok1, ok2 = s.str.fullmatch(single), s.str.fullmatch(grouped)
        ok = ok1 | ok2
        text = s.str.replace(_SPACES, "", regex=True)
        text = text.where(~ok2, text.str.replace(r"[.,]", "", regex=True))
        text = text.where(~ok1, text.str.replace(",", ".", regex=False))
    if native is not None and len(native):
        native = pd.Series(np.asarray(native, dtype=bool), index=s.index)
        ok = ok | native
        text = text.where(~native, s)
    values = pd.to_numeric(text.where(ok, None), errors="coerce").astype(float)
    finite = np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
    values = values.where(finite)
    bad = (s != "") & values.isna()
    return values, bad


_MONTH_PATTERNS = (
    (re.compile(r"(\d{4})[-./](\d{1,2})"), (1, 2)),                     # 2025-10, 2025.10
    (re.compile(r"(\d{1,2})[-./](\d{4})"), (2, 1)),                     # 10.2025, 10/2025
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?"), (1, 2)),    # 2025-10-31
    (re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})(?: .*)?"), (3, 2)),  # 31.10.2025
    (re.compile(r"(\d{4})(\d{2})"), (1, 2)),                            # 202510
)


def month_of(text: str) -> date | None:
    text = text.strip()
    for pattern, (yi, mi) in _MONTH_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            year, month = int(m.group(yi)), int(m.group(mi))
            if 1900 <= year <= 2200 and 1 <= month <= 12:
                if len(m.groups()) == 3:  # a full date must be a real one
                    day = int(m.group(3 if yi == 1 else 1))
                    try:
                        date(year, month, day)
                    except ValueError:
                        return None
                return date(year, month, 1)
            return None
    return None


_DAY_PATTERNS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?"), (1, 2, 3)),   # 2025-10-31
    (re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})(?: .*)?"), (3, 2, 1)),  # 31.10.2025
)


def day_of(text: str) -> date | None:
    """A calendar date as people write it (2025-10-31, 31.10.2025, 31/10/2025); None
    when it is not one (a month alone is not a day)."""
    text = text.strip()
    for pattern, (yi, mi, di) in _DAY_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            year, month, day = int(m.group(yi)), int(m.group(mi)), int(m.group(di))
            if not 1900 <= year <= 2200:
                return None
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def parse_day(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Calendar dates as datetime64 (NaT where empty or unreadable) and the unreadable
    cells."""
    mapping = {u: day_of(u) for u in s.unique() if u != ""}
    parsed = s.map(mapping)
    bad = (s != "") & parsed.isna()
    return pd.to_datetime(parsed), bad


def parse_month(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First of the month, as datetime64; a date stands for its month."""
    mapping = {u: month_of(u) for u in s.unique() if u != ""}
    parsed = s.map(mapping)
    bad = (s != "") & parsed.isna()
    return pd.to_datetime(parsed), bad


def parse_int(s: pd.Series, lo: int = 1, hi: int = 2**31 - 1) -> tuple[pd.Series, pd.Series]:
    num, bad = parse_number(s)
    ok = num.notna() & (num == num.round()) & (num >= lo) & (num <= hi)
    bad = bad | ((s != "") & ~ok)
    return num.where(ok).astype("Int64"), bad


_FLAGS = {"yes": True, "y": True, "1": True, "true": True, "да": True, "д": True,
          "x": True, "no": False, "n": False, "0": False, "false": False, "нет": False,
          "н": False}


def parse_flag(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    parsed = s.str.lower().map(_FLAGS)
    return parsed, (s != "") & parsed.isna()


def heading_of(text: str) -> str | None:
    """'0401', '401', '04.01', '4.01', '0401.00' → '0401'; '84.1' is ambiguous
    (returns '?'); anything else None."""
    text = text.strip().replace(" ", "")
    if re.fullmatch(r"\d{3,4}", text):
        return text.zfill(4)
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})(?:\.\d+)?", text)
    if m:
        return "?" if len(m.group(2)) == 1 else m.group(1).zfill(2) + m.group(2)
    m = re.fullmatch(r"(\d{4})\.0+", text)  # a number cell 401.0 or 0401.00
    if m:
        return m.group(1)
    m = re.fullmatch(r"(\d{3})\.0+", text)
    return m.group(1).zfill(4) if m else None


def name_key(text: str) -> str:
    """A name as a lookup key: case, runs of spaces, ё/е and the kind of quotes do not
    matter; every letter does."""
    text = re.sub(r"\s+", " ", str(text)).strip().casefold().replace("ё", "е")
    return re.sub(r"[«»“”„\"']", '"', text)


FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def formula_mask(s: pd.Series, text_field: bool) -> pd.Series:
    """Cells a spreadsheet would run as a formula. '=' anywhere; '+', '-' and '@' only
    in text fields (a number may be negative, which another check reports)."""
    if text_field:
        return s.str.match(FORMULA_START)
    return s.str.startswith("=")
