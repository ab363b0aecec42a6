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


def _number_text(text: str) -> str:
    """One cell with both ',' and '.': the last of them is the decimal mark."""
    if text.rfind(",") > text.rfind("."):
        return text.replace(".", "").replace(",", ".")
    return text.replace(",", "")


def parse_number(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers with a decimal comma or point and spaces (also non-breaking ones) or
    apostrophes as thousands separators. When both ``,`` and ``.`` occur, the last one
    is the decimal mark (1.234.567,89 and 1,234,567.89); a single comma alone is a
    decimal comma, as Russian-locale Excel writes it (12,5 is twelve and a half).
    Column-wise string operations only (a million cells take a fraction of a second);
    the rare cells with both marks are handled one by one."""
    text = s.astype(str).str.replace(_SPACES, "", regex=True)
    comma, dot = text.str.contains(",", regex=False), text.str.contains(".", regex=False)
    if comma.any():
        commas = text.str.count(",")
        only = comma & ~dot
        text = text.where(~(only & (commas == 1)), text.str.replace(",", ".", regex=False))
        text = text.where(~(only & (commas > 1)), text.str.replace(",", "", regex=False))
        both = comma & dot
        if both.any():
            text = text.copy()
            text[both] = [_number_text(v) for v in text[both]]
    elif dot.any():
        many = text.str.count(r"\.") > 1  # 1.234.567
        if many.any():
            text = text.where(~many, text.str.replace(".", "", regex=False))
    plain = text.str.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
    values = pd.to_numeric(text.where(plain, None), errors="coerce").astype(float)
    bad = (s != "") & (values.isna() | ~np.isfinite(values.fillna(0)))
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
