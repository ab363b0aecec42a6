"""Numbers as people read them on a shared screen: millions of USD with one decimal,
signed changes, percentages. Babel does the locale's separators."""

from __future__ import annotations

import decimal
import functools
import math

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from .i18n import DEFAULT_LANG
from .i18n import LOCALES as _LOCALES


def _is_missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


@functools.cache
def _formatter(decimals: int, lang: str) -> tuple[NumberPattern, Locale]:
    """Babel's parsed pattern and locale, built once: parsing them on every number
    cost ~35 µs a call, a few milliseconds per page."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return parse_pattern(pattern), Locale.parse(_LOCALES.get(lang, "en_GB"))


def number(x: float, decimals: int = 1, lang: str = DEFAULT_LANG, signed: bool = False) -> str:
    if _is_missing(x):
        return "–"
    pattern, locale = _formatter(decimals, lang)
    text = pattern.apply(abs(x) if signed else x, locale)
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


def round_to_total(values, decimals: int = 1) -> list[float | None]:
    """Values rounded to ``decimals`` so that the rounded values add up to the rounded
    sum of the unrounded ones, by the largest-remainder method: each value is cut down
    to the precision, and the units still missing go to the values that lost most (the
    earlier one on a tie). Each value moves by less than one unit of the last digit.
    Rounding each on its own can make a table's rows 0.1 or 0.2 away from its total
    (12.25 + 7.25 → 12.3 + 7.3 = 19.6, total 19.5). This is the one rounding of every
    table column that adds up to a total row (``dashboard/components/grid.py``).
    Missing values stay missing."""
    scale = 10 ** decimals
    units = [None if _is_missing(v) else float(v) * scale for v in values]
    present = [u for u in units if u is not None]
    if not present:
        return [None] * len(units)
    # (a tolerance, so that a share of exactly 17.4 % is 174 units, not 173.999…)
    floors = [None if u is None else math.floor(u + 1e-9) for u in units]
    missing = round(sum(present)) - sum(f for f in floors if f is not None)
    order = sorted((i for i, u in enumerate(units) if u is not None),
                   key=lambda i: -(units[i] - floors[i]))
    for i in order[:max(missing, 0)]:
        floors[i] += 1
    return [None if f is None else round(f / scale, decimals) for f in floors]


def rounded(x, decimals: int = 1):
    """One value rounded for display (None for a missing one): what a grid cell or a
    total row carries when its column does not add up to a total. Rounded as Babel
    rounds the labels (half to even on the decimal text), so that a cell and a label
    of the same number agree."""
    if _is_missing(x):
        return None
    step = decimal.Decimal(1).scaleb(-decimals)
    return float(decimal.Decimal(str(float(x))).quantize(step, decimal.ROUND_HALF_EVEN))


def round_shares(values, decimals: int = 0) -> list[float | None]:
    """Shares (percentages of one whole) rounded to ``decimals`` so that the rounded
    shares add up to the rounded sum of the unrounded ones — 100 for a whole — by the
    largest-remainder method (``round_to_total``): rounding each share on its own can
    make 29 + 20 + 17 + 35 = 101 %. Missing values stay missing."""
    return round_to_total(values, decimals)


def day(value, lang: str = DEFAULT_LANG, short: bool = False) -> str:
    """A date as the working group writes it: 04.12.2026 in Russian and German; the
    locale's own form in English (4 Dec 2026), which no reader can take for 12 April.
    ``short``: without the year (04.12, 4 Dec) — a meeting of this season."""
    import datetime as _dt

    from babel.dates import format_date

    if value is None:
        return "–"
    if isinstance(value, _dt.datetime):
        value = value.date()
    if lang == "en":
        return format_date(value, "d MMM" if short else "medium", locale=_LOCALES["en"])
    return value.strftime("%d.%m" if short else "%d.%m.%Y")
