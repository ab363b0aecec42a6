"""Any unknown path: a clear message and a way back, never a blank page."""

from __future__ import annotations

import dash
from dash import dcc, html

from queries.dimensions import dimensions

from ..components.chrome import header
from ..components.page_title import page_title
from ..i18n import LANGS, t
from ..state import lang_of


def layout(**params):
    lang = lang_of(params.get("lang"))
    try:  # the freshness stamp, if the database answers; the message either way
        dims = dimensions()
    except Exception:
        dims = None
    home = "/" + (f"?lang={lang}" if params.get("lang") in LANGS else "")
    return html.Div([
        header("", "", dims, lang),
        html.Div([html.Div(t("msg.not_found", lang), className="message"),
                  dcc.Link(t("msg.go_home", lang), href=home, className="crumb")],
                 className="messages", id="messages", role="alert"),
    ], className="page", lang=lang)


dash.register_page(
    __name__, path="/404",
    title=page_title("title.not_found"), layout=layout,
)
