"""Every user-facing string goes through ``t``.

Messages are keyed by an id; the English text is the reference catalogue. They live in
``dashboard/messages/``: ``core.py`` for the frame and the shared parts, one module per
page for its own strings (so that pages can grow side by side). Further languages add
catalogues of the same ids; a missing id falls back to English.
"""

from __future__ import annotations

from .messages import collect

DEFAULT_LANG = "en"

EN: dict[str, str] = collect("EN")

CATALOGUES: dict[str, dict[str, str]] = {"en": EN}


def t(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    text = CATALOGUES.get(lang, EN).get(key) or EN.get(key) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def month_name(month: int, lang: str = DEFAULT_LANG, short: bool = False) -> str:
    return t(f"{'mon' if short else 'month'}.{month}", lang)
