"""What every page does around its own content: read the URL, catch failures, and
wrap the content in the header, filter bar and messages."""

from __future__ import annotations

import functools
import logging

from dash import ClientsideFunction, Input, Output, clientside_callback, dcc, html

from access.roles import DOWNLOAD, OWN_AGENDAS
from queries import engine, settings
from queries.engine import DatabaseUnavailable, QueryError

from ..auth.guard import allowed
from ..components.agenda_add import agenda_control
from ..components.chrome import error_page, header, messages
from ..components.downloads import downloads_menu
from ..components.filter_bar import filter_bar
from ..components.instruction_badge import with_badge
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
                # one data version for the whole page (see queries.engine)
                return engine.consistently(lambda: _page(params))
            except DatabaseUnavailable as exc:
                log.warning("page %s: database unavailable (%s)", path, exc.cause)
                return outage_page(path, exc.cause, lang)
            except QueryError as exc:
                log.warning("page %s: %s", path, exc)
                reason = (t(f"msg.{exc.key}", lang, **exc.params)
                          if getattr(exc, "key", None) else str(exc))
                return error_page(path, reason, lang)
            except settings.SettingError as exc:  # the message names the setting and why
                log.error("page %s: %s", path, exc)
                return error_page(path, str(exc), lang)
            except Exception:
                log.exception("page %s failed", path)
                return error_page(path, t("msg.unexpected", lang), lang)

        def _page(params):
            state = read_state(params, industrial_default)
            content = dress(build(state), state.lang, state.present)
            # open instructions for the filtered bodies: in the scope line, or a line
            content, badge = with_badge(content, state)
            # the navigation links carry the filter, not this page's defaults
            search = search_of({**filter_params(state.filter, state.dims),
                                **view_params(state)})
            here = {**state.params}
            # a path template's variable (/enterprise/<enterprise_id>) goes back into the
            # path of the language and theme switches, not into their query string
            view_path = path + (f"/{here.pop('enterprise_id')}" if "enterprise_id" in here
                                else "")
            # downloads for those who may take the data away, "+ Agenda" for those who
            # keep agendas (access/roles.py; the routes and callbacks check it again)
            tools = (downloads_menu(path, state, content) if allowed(DOWNLOAD) else None,
                     agenda_control(path, state) if allowed(OWN_AGENDAS) else None)
            bar = dress(filter_bar(state), state.lang)  # its dropdowns' own texts
            return html.Div([
                header(view_path, search, state.dims, state.lang, here, state.present, tools),
                bar,
                messages(state.problems, state.lang),
                badge,
                content,
            ], className="page present" if state.present else "page",
                id=f"page-{path.strip('/') or 'overview'}", lang=state.lang)
        return layout

    return wrap


# -- the database is down -------------------------------------------------------------------
OUTAGE_RETRY_MS = 15_000  # how often an outage page asks /health whether to reload


def outage_page(active_path: str, cause: str, lang: str = "ru"):
    """The page while the database cannot be reached: what happened in plain words (no
    host, port or driver text), and that the page comes back by itself — it asks
    /health every 15 s and reloads when the database answers again."""
    return html.Div([
        header(active_path, "", None, lang),
        html.Div([
            html.Div(t("outage.title", lang), className="message error"),
            html.Div(t(f"outage.cause.{cause}", lang) + " " + t("outage.recover", lang),
                     className="message"),
        ], id="messages", className="messages outage", role="alert"),
        dcc.Interval(id="outage-retry", interval=OUTAGE_RETRY_MS),
    ], className="page", id="page-outage", lang=lang)


clientside_callback(ClientsideFunction("outage", "retryAfterOutage"),
                    Output("outage-retry", "disabled"), Input("outage-retry", "n_intervals"),
                    prevent_initial_call=True)
