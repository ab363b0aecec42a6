"""The view state lives in the URL. This module turns URL parameters into a typed
filter (through ``queries.filters``) and builds links back from state."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from queries.dimensions import Dimensions, dimensions
from queries.filters import LIST_PARAMS, ExportFilter, Problem, default_month_to, parse_filter

from .i18n import DEFAULT_LANG, LANGS

FILTER_PARAMS = ("year", "from", "to", *LIST_PARAMS, "industrial")


@dataclass
class PageState:
    dims: Dimensions
    filter: ExportFilter
    params: dict[str, str]              # the raw (string) parameters of the URL
    problems: list[Problem] = field(default_factory=list)
    lang: str = "ru"
    industrial_default: bool = False  # what an absent ``industrial`` means on this page
    present: bool = False             # presentation theme (URL ``present=1``)
    # the filter bar's curator control: on the Curators page (its layout sets it) and
    # wherever the URL has ``curator=``; other pages keep their bar as it was
    curator_control: bool = False

    def choice(self, param: str, allowed, default: str) -> str:
        """The view parameter ``param`` (a drill level, a table) if it is one of
        ``allowed``; else ``default``, with a message when the URL asked for another."""
        asked = self.params.get(param, "").strip()
        if not asked:
            return default
        if asked in allowed:
            return asked
        self.problems.append(Problem("bad_level", {"value": asked[:24]}))
        return default


def access_scope():
    """What the current user may see (``queries.scope``), set for the request by the
    sign-in layer (dashboard/auth); None: everything."""
    from queries.scope import current
    return current()


def read_state(params: dict, industrial_default: bool = False) -> PageState:
    clean = {str(k): ("" if v is None else v if isinstance(v, str) else ",".join(map(str, v)))
             for k, v in params.items()}
    dims = dimensions()
    flt, problems = parse_filter(clean, dims, access_scope(), industrial_default)
    lang = clean.get("lang", "").strip()
    if lang and lang not in LANGS:
        problems.append(Problem("bad_lang", {"value": lang[:12], "langs": ", ".join(LANGS)}))
    present = clean.get("present", "").strip()
    if present not in ("", "0", "1"):
        problems.append(Problem("bad_flag", {"value": present[:12], "field": "present"}))
    return PageState(dims=dims, filter=flt, params=clean, problems=problems,
                     lang=lang_of(lang),
                     industrial_default=industrial_default, present=present == "1")


def lang_of(asked) -> str:
    """The language of a request: ``asked`` (the URL's ``lang``) when it is one of ours,
    else the browser's choice (``browser_lang``)."""
    return asked if isinstance(asked, str) and asked in LANGS else browser_lang()


def browser_lang() -> str:
    """The language when the URL names none: the first of ours the browser asks for
    (Accept-Language), else Russian, the working group's language."""
    try:
        from flask import has_request_context, request
        if has_request_context():
            return request.accept_languages.best_match(LANGS) or DEFAULT_LANG
    except Exception:  # outside a request (tests, exports): the default
        pass
    return DEFAULT_LANG


def view_params(state: PageState) -> dict[str, str]:
    """Parameters every link keeps across pages: the language, when one was chosen, and
    the presentation theme."""
    out = {}
    lang = state.params.get("lang", "")
    if lang in LANGS:
        out["lang"] = lang
    if state.present:
        out["present"] = "1"
    return out


def parse_search(search: str | None) -> dict[str, str]:
    if not isinstance(search, str) or not search.startswith("?"):  # (callbacks get anything)
        return {}
    parsed = parse_qs(search[1:], keep_blank_values=True)
    return {k: ",".join(v) for k, v in parsed.items()}


PARAM_ORDER = (*FILTER_PARAMS, "level", "geo", "map", "lang", "present")


def search_of(params: dict[str, str]) -> str:
    """``?a=1&b=2`` in one canonical order, so that one view has one link."""
    rank = {name: i for i, name in enumerate(PARAM_ORDER)}
    kept = {k: params[k] for k in sorted(params, key=lambda k: (rank.get(k, len(rank)), k))
            if params[k] not in ("", None)}
    return "?" + urlencode(kept, safe=",") if kept else ""


def href(path: str, params: dict[str, str]) -> str:
    return path + search_of(params)


def filter_params(flt: ExportFilter, dims: Dimensions,
                  industrial_default: bool = False) -> dict[str, str]:
    """URL parameters of a filter, leaving out the defaults to keep links short."""
    out = flt.to_params()
    if flt.industrial_only == industrial_default:
        out.pop("industrial")
    default = dims.complete_month or dims.latest_month  # the default year (filters.py)
    if default and flt.year == default.year:
        out.pop("year")
    if flt.month_from == 1:
        out.pop("from")
    if flt.month_to == default_month_to(dims, flt.year):
        out.pop("to")
    return out
