"""What every page does around its own content: read the URL, catch failures, and
wrap the content in the header, filter bar and messages."""

from __future__ import annotations

import functools
import logging

from dash import html

from queries.engine import QueryError

from ..components.agenda_add import agenda_control
from ..components.chrome import error_page, header, messages
from ..components.downloads import downloads_menu
from ..components.filter_bar import filter_bar
from ..i18n import t
from ..presentation import dress
from ..state import filter_params, lang_of, read_state, search_of, view_params

log = logging.getLogger(__name__)


def page_layout(path: str, industrial_default: bool = False):
    """Decorator for a page's ``layout(**params)``: parses the URL into a PageState,
    and turns any failure into a page with a clear message — never a 500.
    ``industrial_default``: whether this page shows only industrial enterprises
    unless the URL says ``industrial=0``."""

    def wrap(build):
        @functools.wraps(build)
        def layout(**params):
            lang = lang_of(params.get("lang"))
            try:
                state = read_state(params, industrial_default)
                content = dress(build(state), state.lang, state.present)
                # the navigation links carry the filter, not this page's defaults
                search = search_of({**filter_params(state.filter, state.dims),
                                    **view_params(state)})
                here = {**state.params}
                tools = (downloads_menu(path, state, content), agenda_control(path, state))
                bar = dress(filter_bar(state), state.lang)  # its dropdowns' own texts
                return html.Div([
                    header(path, search, state.dims, state.lang, here, state.present, tools),
                    bar,
                    messages(state.problems, state.lang),
                    content,
                ], className="page present" if state.present else "page",
                    id=f"page-{path.strip('/') or 'overview'}", lang=state.lang)
            except QueryError as exc:
                log.warning("page %s: %s", path, exc)
                reason = (t(f"msg.{exc.key}", lang, **exc.params)
                          if getattr(exc, "key", None) else str(exc))
                return error_page(path, reason, lang)
            except Exception:
                log.exception("page %s failed", path)
                return error_page(path, t("msg.unexpected", lang), lang)
        return layout

    return wrap
