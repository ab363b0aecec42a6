"""The browser tab's title of a page, in the language of the request.

Dash takes a page's ``title`` when it registers the page. A string is then fixed in one
language: until 2026-12-07 every tab read "Монитор экспорта — …" in English and German
too (and the curators' page English in all three). A callable is asked at every page
change instead, with the path's variables only, while Dash serves either the page's
HTML (``GET /exports?lang=de``) or its router callback (the location's ``search`` is
among the callback's inputs). ``page_title(key)`` is such a callable: it reads
the language from there (``request_lang``). When the URL names none, it uses the
browser's choice, the same rule as the pages (``dashboard.state.lang_of``).

The HTML's own ``<title>`` stays the app's name (``app.title``, in Russian): Dash writes
it before any page is known. The page's title is in the HTML's ``og:title`` and becomes
the tab's title as soon as the router's first callback answers.
"""

from __future__ import annotations

from flask import has_request_context, request

from ..i18n import t
from ..state import lang_of, parse_search

LOCATION_ID = "_pages_location"  # Dash's own dcc.Location of the page router


def request_lang() -> str:
    """The language the current request asks for: the URL's ``lang``, or, in Dash's
    router callback, the ``lang`` of the location's search; else the browser's."""
    if not has_request_context():
        return lang_of(None)
    asked = request.args.get("lang")
    if asked is None and request.method == "POST":
        body = request.get_json(silent=True) or {}
        for item in body.get("inputs") or []:
            if isinstance(item, dict) and item.get("id") == LOCATION_ID \
                    and item.get("property") == "search":
                asked = parse_search(item.get("value") or "").get("lang")
                break
    return lang_of(asked)


def page_title(key: str):
    """A page's ``title`` for ``dash.register_page``: message ``key`` in the request's
    language."""
    def title(**_path_variables) -> str:
        return t(key, request_lang())
    return title
