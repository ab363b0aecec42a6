"""What a view shows, in words: the filter by short names, so that a shared screen says
without hover "Белнефтехим · шины (4011) · январь–октябрь 2026 г.".

Short names (``Dimensions.short_name_of``) because the line sits beside breadcrumbs and
titles on one 1920-pixel row; products as "name (code)" so that the audience reads
the HS heading the step is about. Russian and English write product names in lower
case inside the line (German nouns keep their capital); a name that is an
abbreviation ("ПВХ") keeps its case.
"""

from __future__ import annotations

from queries.filters import ExportFilter

from ..i18n import t

SHOWN = 3  # names per dimension before "+N"

# (filter attribute, dimension level), in the order the line names them
_PARTS = (("concerns", "concern"), ("enterprises", "enterprise"), ("oblasts", "oblast"),
          ("districts", "district"), ("regions", "region"), ("chapters", "chapter"),
          ("headings", "heading"))


def _lower_first(text: str, lang: str) -> str:
    if lang == "de" or len(text) < 2 or not text[1].islower():
        return text
    return text[0].lower() + text[1:]


def product_words(code: str, name: str, lang: str) -> str:
    """"шины (4011)", "tyres (4011)", "Reifen (4011)"."""
    return f"{_lower_first(name, lang)} ({code})" if name and name != code else code


def filter_words(f: ExportFilter, dims, lang: str) -> str:
    """The filter as a short line ("Белнефтехим · шины (4011)"); "" without a filter."""
    parts = []
    for attr, level in _PARTS:
        values = getattr(f, attr)
        if not values:
            continue
        names = dims.short_name_of(level, lang)
        shown = []
        for v in values[:SHOWN]:
            name = str(names.get(v, v))
            shown.append(product_words(str(v), name, lang) if level in ("chapter", "heading")
                         else name)
        more = f" +{len(values) - SHOWN}" if len(values) > SHOWN else ""
        parts.append(", ".join(shown) + more)
    if f.industrial_only:
        parts.append(t("scope.industrial", lang))
    return " · ".join(parts)


def view_caption(f: ExportFilter, dims, lang: str, period: str) -> str:
    """Filter and period: "Белнефтехим · шины (4011) · январь–октябрь 2026 г."; without
    a filter "все концерны и ведомства · …"."""
    words = filter_words(f, dims, lang) or t("scope.all_concerns", lang)
    return " · ".join([words[:1].upper() + words[1:], period])


def with_filter(f: ExportFilter, dims, lang: str, text: str) -> str:
    """``text`` (a page's own scope line) after the filter's words, when there is a
    filter: "Белнефтехим · На конец окт 2026"."""
    words = filter_words(f, dims, lang)
    return f"{words} · {text}" if words else text
