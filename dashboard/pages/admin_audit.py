"""``/admin/audit``: the audit log, newest first, filtered by user and action
(administrators only, the ``audit`` permission; also ``export-monitor audit``)."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, dcc, html

from access.roles import AUDIT

from ..auth.pages import requires
from ..components.chrome import header
from ..components.grid import data_grid
from ..components.page_title import page_title
from ..i18n import t
from ..state import lang_of

PATH = "/admin/audit"
LIMIT = 500


def _rows(actor: str | None = None, action: str | None = None) -> list[dict]:
    from queries import audit

    return [{"at": e.at.strftime("%Y-%m-%d %H:%M:%S"), "actor": e.actor, "action": e.action,
             "target": e.target, "address": e.address, "detail": e.detail}
            for e in audit.entries(limit=LIMIT, actor=actor or None, action=action or None)]


def _layout(**params):
    lang = lang_of(params.get("lang"))
    columns = [{"field": f, "headerName": t(f"admin.audit.col.{f}", lang), "flex": w,
                "filter": "agTextColumnFilter",
                "wrapText": True, "autoHeight": True}
               for f, w in (("at", 1.1), ("actor", 0.8), ("action", 0.9), ("target", 2.4),
                            ("address", 0.8), ("detail", 1.6))]
    return html.Div([
        header(PATH, "", None, lang, {"lang": lang} if params.get("lang") else {}),
        html.Main([
            html.H1(t("admin.audit.heading", lang), className="agenda-h1"),
            html.P(t("admin.audit.intro", lang), className="agenda-intro"),
            html.Div([
                html.Label(t("admin.audit.actor", lang), className="filter-label"),
                dcc.Input(id="admin-audit-actor", type="text", maxLength=64, debounce=True),
                html.Label(t("admin.audit.action", lang), className="filter-label"),
                dcc.Input(id="admin-audit-action", type="text", maxLength=40, debounce=True),
            ], className="admin-buttons"),
            html.Div(data_grid("admin-audit-grid", _rows(), columns),
                     className="grid-box admin-grid"),
        ], className="agenda-page"),
    ], className="page", id="page-admin-audit", lang=lang)


layout = requires(AUDIT, _layout)


@callback(Output("admin-audit-grid", "rowData"), Input("admin-audit-actor", "value"),
          Input("admin-audit-action", "value"), prevent_initial_call=True)
def refilter(actor, action):
    actor = actor.strip().lower()[:64] if isinstance(actor, str) else None
    action = action.strip().lower()[:40] if isinstance(action, str) else None
    return _rows(actor, action)


dash.register_page(__name__, path=PATH, title=page_title("title.admin_audit"), layout=layout,
                   permission=AUDIT)
