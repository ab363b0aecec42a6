"""``/admin``: users, their roles and scopes (administrators only, the ``users``
permission). ``/admin/audit`` is ``admin_audit.py``.

One callback does every change: the button says what (create, save roles and scope,
set password, disable, enable), the form says to whom. ``queries.accounts`` validates
everything (names, roles, concern and oblast ids, passwords) and a refusal shows its
message; every change is audited with the administrator's name and ends the user's
sessions (their epoch changes). A row chosen in the table fills the form.
"""

from __future__ import annotations

import logging

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from access.roles import ROLES, USERS
from queries.dimensions import dimensions

from ..auth import trail
from ..auth.pages import requires
from ..components.chrome import header
from ..components.grid import data_grid
from ..components.page_title import page_title
from ..i18n import t
from ..state import lang_of

log = logging.getLogger(__name__)

PATH = "/admin"
ACTIONS = ("create", "save", "passwd", "disable", "enable")


def _rows(lang: str) -> list[dict]:
    from queries import accounts

    dims = dimensions()
    concerns, oblasts = dims.name_of("concern", lang), dims.name_of("oblast", lang)
    return [{
        "name": u.name, "display": u.display_name,
        "roles": ", ".join(t(f"role.{r}", lang) for r in ROLES if r in u.roles),
        "role_ids": sorted(u.roles), "concern_ids": list(u.concerns),
        "oblast_ids": list(u.oblasts),
        "concerns": ", ".join(concerns.get(c, c) for c in u.concerns)
        or (t("admin.all", lang) if not u.oblasts else ""),
        "oblasts": ", ".join(oblasts.get(o, o) for o in u.oblasts),
        "source": t(f"admin.source.{u.source}", lang),
        "status": t("admin.status.off" if u.disabled else "admin.status.on", lang),
    } for u in accounts.list_users()]


def _grid(lang: str):
    columns = [{"field": f, "headerName": t(f"admin.col.{f}", lang), "flex": w,
                "filter": "agTextColumnFilter",
                "wrapText": True, "autoHeight": True}
               for f, w in (("name", 1), ("display", 1.4), ("roles", 1.6), ("concerns", 1.6),
                            ("oblasts", 1.2), ("source", 0.8), ("status", 0.8))]
    grid = data_grid("admin-users-grid", _rows(lang), columns, fold=("source", "status"))
    grid.dashGridOptions = {**grid.dashGridOptions, "rowSelection": {"mode": "singleRow"}}
    return grid


def _field(label: str, control) -> html.Div:
    return html.Div([html.Label(label, className="filter-label"), control],
                    className="admin-field")


def _form(lang: str):
    dims = dimensions()
    concerns = [{"label": n, "value": c} for c, n in dims.name_of("concern", lang).items()]
    oblasts = [{"label": n, "value": o} for o, n in dims.name_of("oblast", lang).items()]
    return html.Div([
        _field(t("admin.f.name", lang), dcc.Input(id="admin-name", type="text", maxLength=64)),
        _field(t("admin.f.display", lang), dcc.Input(id="admin-display", type="text",
                                                     maxLength=120)),
        _field(t("admin.f.password", lang), dcc.Input(id="admin-password", type="password",
                                                      maxLength=1000)),
        _field(t("admin.f.roles", lang), dcc.Checklist(
            id="admin-roles", inline=True, value=["viewer"],
            options=[{"label": t(f"role.{r}", lang), "value": r} for r in ROLES])),
        _field(t("admin.f.concerns", lang), dcc.Dropdown(id="admin-concerns", multi=True,
                                                         options=concerns)),
        _field(t("admin.f.oblasts", lang), dcc.Dropdown(id="admin-oblasts", multi=True,
                                                        options=oblasts)),
        html.Div([html.Button(t(f"admin.b.{a}", lang), id=f"admin-{a}", className="toggle")
                  for a in ACTIONS], className="admin-buttons"),
        html.Div(id="admin-message", role="status", className="agenda-message"),
    ], className="admin-form")


def _layout(**params):
    lang = lang_of(params.get("lang"))
    try:
        dims = dimensions()
    except Exception:
        dims = None
    return html.Div([
        header(PATH, "", dims, lang, {"lang": lang} if params.get("lang") else {}),
        html.Main([
            html.H1(t("admin.heading", lang), className="agenda-h1"),
            html.P([t("admin.intro", lang), " ",
                    dcc.Link(t("title.admin_audit", lang), href=f"/admin/audit?lang={lang}")],
                   className="agenda-intro"),
            html.Div([html.Div(_grid(lang), className="grid-box admin-grid"), _form(lang)],
                     className="admin-body"),
            dcc.Store(id="admin-lang", data=lang),
        ], className="agenda-page"),
    ], className="page", id="page-admin", lang=lang)


layout = requires(USERS, _layout)


@callback(Output("admin-name", "value"), Output("admin-display", "value"),
          Output("admin-roles", "value"), Output("admin-concerns", "value"),
          Output("admin-oblasts", "value"),
          Input("admin-users-grid", "selectedRows"), prevent_initial_call=True)
def choose(rows):
    if not isinstance(rows, list) or not rows or not isinstance(rows[0], dict):
        return (no_update,) * 5
    r = rows[0]
    return (str(r.get("name", "")), str(r.get("display", "")), r.get("role_ids") or [],
            r.get("concern_ids") or [], r.get("oblast_ids") or [])


def _strings(value) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


@callback(Output("admin-message", "children"), Output("admin-users-grid", "rowData"),
          *[Input(f"admin-{a}", "n_clicks") for a in ACTIONS],
          State("admin-name", "value"), State("admin-display", "value"),
          State("admin-password", "value"), State("admin-roles", "value"),
          State("admin-concerns", "value"), State("admin-oblasts", "value"),
          State("admin-lang", "data"), prevent_initial_call=True)
def change(*args):
    from queries import accounts

    name, display, password, roles, concerns, oblasts, lang = args[len(ACTIONS):]
    lang = lang_of(lang)
    action = str(ctx.triggered_id or "").removeprefix("admin-")
    if action not in ACTIONS:
        return no_update, no_update
    name = str(name or "").strip().lower()
    if not name:
        return html.Div(t("admin.err.name", lang), className="message error"), no_update
    roles, concerns, oblasts = _strings(roles), _strings(concerns), _strings(oblasts)
    try:
        if action == "create":
            accounts.add_user(name, str(password or ""), roles, display_name=str(display or ""),
                              concerns=concerns, oblasts=oblasts)
        elif action == "save":
            accounts.set_roles(name, roles)
            accounts.set_scope(name, concerns=concerns, oblasts=oblasts)
        elif action == "passwd":
            accounts.set_password(name, str(password or ""))
        else:
            accounts.set_disabled(name, action == "disable")
    except (accounts.AccountError, ValueError) as exc:
        return html.Div(str(exc), className="message error"), no_update
    trail.note("scope_change" if action == "save" else "user_change", PATH,
               detail=f"{action} {name}: roles={','.join(roles)} concerns={','.join(concerns)} "
                      f"oblasts={','.join(oblasts)}" if action in ("create", "save")
               else f"{action} {name}")
    return (html.Div(t(f"admin.done.{action}", lang, name=name), className="message"),
            _rows(lang))


dash.register_page(__name__, path=PATH, title=page_title("title.admin"), layout=layout,
                   permission=USERS, nav_key="nav.admin", order=95, server_only=True)
