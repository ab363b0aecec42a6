"""Numbers as people read them on a shared screen: millions of USD with one decimal,
signed changes, percentages. Babel does the locale's separators."""

from __future__ import annotations

import math

from babel.numbers import format_decimal

from .i18n import DEFAULT_LANG
from .i18n import LOCALES as _LOCALES


def _is_missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def number(x: float, decimals: int = 1, lang: str = DEFAULT_LANG, signed: bool = False) -> str:
    if _is_missing(x):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(abs(x) if signed else x, format=pattern,
                          locale=_LOCALES.get(lang, "en_GB"))
    if signed:
        text = ("+" if x > 0 else "−" if x < 0 else "±") + text
    return text.replace("-", "−")


def mn(x: float, lang: str = DEFAULT_LANG, signed: bool = False, decimals: int = 1) -> str:
    """USD → millions of USD, e.g. 1234567890 → '1,234.6'."""
    return number(None if _is_missing(x) else x / 1e6, decimals, lang, signed)


def pct(x: float, lang: str = DEFAULT_LANG, signed: bool = False, decimals: int = 1) -> str:
    if _is_missing(x):
        return "–"
    return number(x, decimals, lang, signed) + " %"
