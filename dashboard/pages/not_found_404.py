"""Any unknown path: a clear message and a way back, never a blank page."""

from __future__ import annotations

import dash
from dash import dcc, html

from queries.dimensions import dimensions

from ..components.chrome import header
from ..i18n import t


def layout(**_params):
    try:  # the freshness stamp, if the database answers; the message either way
        dims = dimensions()
    except Exception:
        dims = None
    return html.Div([
        header("", "", dims),
        html.Div([html.Div(t("msg.not_found"), className="message"),
                  dcc.Link(t("msg.go_home"), href="/", className="crumb")],
                 className="messages", id="messages", role="alert"),
    ], className="page")


dash.register_page(
    __name__, path="/404",
    title=t("title.not_found"), layout=layout,
)
