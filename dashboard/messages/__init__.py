"""The message catalogues, one module per page plus ``core``. Each module defines
``EN`` (and, later, other languages by their upper-case code); ``collect`` merges them
and refuses an id defined twice, so two pages can never silently overwrite each
other's text."""

from __future__ import annotations

import importlib
import pkgutil


def collect(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, text in getattr(module, lang, {}).items():
            if key in merged:
                raise ValueError(f"message id {key!r} is defined twice ({info.name})")
            merged[key] = text
    return merged
