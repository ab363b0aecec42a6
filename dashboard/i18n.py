"""Every user-facing string goes through ``t``.

Messages are keyed by an id; the English text is the reference catalogue. They live in
``dashboard/messages/``: ``core.py`` for the frame and the shared parts, one module per
page for its own strings (so that pages can grow side by side). Further languages add
catalogues of the same ids; a missing id falls back to English.
"""

from __future__ import annotations

from babel.dates import get_month_names

from .messages import collect

DEFAULT_LANG = "ru"  # where neither the URL nor the browser asks for another
LANGS = ("ru", "en", "de")
LOCALES = {"en": "en_GB", "ru": "ru_RU", "de": "de_DE"}

EN: dict[str, str] = collect("EN")

CATALOGUES: dict[str, dict[str, str]] = {"en": EN, "ru": collect("RU"), "de": collect("DE")}


def t(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    text = CATALOGUES.get(lang, EN).get(key) or EN.get(key) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def month_name(month: int, lang: str = DEFAULT_LANG, short: bool = False,
               capital: bool = True) -> str:
    """The month's name from Babel's locale data (stand-alone form: "январь", not
    "января"); ``capital`` for the start of a label, lower case inside a sentence."""
    names = get_month_names("abbreviated" if short else "wide", context="stand-alone",
                            locale=LOCALES.get(lang, LOCALES[DEFAULT_LANG]))
    name = names[month].rstrip(".") if short and lang == "de" else names[month]
    return name[:1].upper() + name[1:] if capital else name


def axis_month(month: int, lang: str = DEFAULT_LANG) -> str:
    """Three letters for a chart's month axis — "Sep", "Сен", "Okt" — where twelve
    ticks must fit a narrow panel without turning (Babel's abbreviations run to five
    characters in Russian: "сент.", "нояб.")."""
    return month_name(month, lang, short=True).rstrip(".")[:3]
