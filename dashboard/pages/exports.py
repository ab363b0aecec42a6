"""Exports: drill concern → enterprise → product heading and federal district →
region, with breadcrumbs, a map of Russia's regions and a sortable table.

The drill path is part of the URL (filters plus ``level``, ``geo`` and ``map``), so a
click on a bar becomes a new link and every view can be bookmarked.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from queries import exports as q
from queries.engine import gather
from queries.filters import Problem

from .. import figures, theme
from ..components.breadcrumbs import breadcrumbs
from ..components.caption import view_caption
from ..components.drill import clicked_key
from ..components.filter_bar import period_label
from ..components.grid import COLOR_BAR, NUMBER, data_grid, money_columns, total_row
from ..components.links import Hierarchy, Links, Rung, drill_search, markdown_link
from ..components.page_title import page_title
from ..formatting import round_shares, rounded
from ..geo import GEOJSON_URL, region_ids
from ..i18n import t
from ..state import PageState
from .common import page_layout

PATH = "/exports"

GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
# Plotly's geo traces fetch a base map first; serve it locally (see assets/topojson).
MAP_CONFIG = {**GRAPH_CONFIG, "topojsonURL": "/assets/topojson/"}
# level shown → (level after a click, URL parameter the clicked key goes to)
PRODUCT = Hierarchy(
    "level", {"concern": ("enterprise", "concern"), "enterprise": ("heading", "enterprise"),
              "chapter": ("heading", "chapter")},
    root="crumb.all_concerns", clears=("concern", "enterprise", "heading"),
    rungs=(Rung("concern", "enterprise"), Rung("enterprise", "heading")))
GEO = Hierarchy("geo", {"district": ("region", "district"), "region": (None, "region")},
                root="crumb.russia", clears=("district", "region"),
                rungs=(Rung("district", "region"), Rung("region", None)))
MAP_METRICS = ("value", "growth")
TOP_BARS = 12
MAP_LEADERS = 5  # regions named with their values beside the map on the shared screen


def product_level(state: PageState) -> str:
    f = state.filter
    asked = state.params.get("level", "")
    if asked:
        if asked in q.PRODUCT_LEVELS:
            return asked
        state.problems.append(Problem("bad_level", {"value": asked[:24]}))
    if len(f.enterprises) == 1:
        return "heading"
    if len(f.concerns) == 1:
        return "enterprise"
    return "concern"


def geo_level(state: PageState) -> str:
    asked = state.params.get("geo", "")
    if asked:
        if asked in q.GEO_LEVELS:
            return asked
        state.problems.append(Problem("bad_level", {"value": asked[:24]}))
    return "region" if len(state.filter.districts) == 1 else "district"


def view_links(state: PageState) -> Links:
    return Links(state, PATH, carry={"level": q.PRODUCT_LEVELS, "geo": q.GEO_LEVELS,
                                     "map": MAP_METRICS})


def _grid(df, level: str, state: PageState, colors: dict):
    """The current level as a table. Where the level drills further, each name is a link
    one level down: the keyboard's way in, and the way to rows beyond the chart's top."""
    lang = state.lang
    links = view_links(state)
    drill = level in PRODUCT.drill
    rows = []
    # rounded once, together, so that the rows add up to the total row
    value_ly, total_ly = money_columns(df["value_ly"])
    change, total_change = money_columns(df["change"])
    shares = round_shares(df["share_pct"], 1)
    for r, ly, ch, share in zip(df.itertuples(), value_ly, change, shares):
        name = str(r.name)
        if drill:
            name = markdown_link(name, links.drill(PRODUCT, level, r.key))
        rows.append({
            "key": str(r.key), "name": name, "label": str(r.name),
            "name_short": str(getattr(r, "short", "") or "") or None,
            "value": r.value_shown, "value_ly": ly, "change": ch,
            "change_pct": rounded(r.change_pct), "share_pct": share,
            "color": colors.get(str(getattr(r, "concern_id", "")), theme.THIS_YEAR)})
    ly_usd = float(df["value_ly"].sum())
    total = total_row(
        "name", t("col.total", lang), value=money_columns(df["value"])[1], value_ly=total_ly,
        change=total_change,
        change_pct=rounded(float(df["change"].sum()) / ly_usd * 100) if ly_usd else None,
        share_pct=100.0 if len(df) else None)
    name_col = {"field": "name", "headerName": t(f"level.{level}", lang), "flex": 3,
                "filter": "agTextColumnFilter", "cellStyle": COLOR_BAR,
                "filterValueGetter": {"function": "params.data.label"},
                "comparator": {"function": "(a, b, na, nb) => na.data.label.localeCompare("
                                           "nb.data.label)"}}
    if drill:
        name_col["cellRenderer"] = "markdown"
    columns = [
        name_col,
        {"field": "value", "headerName": t("col.value", lang), "flex": 1.4, **NUMBER,
         "sort": "desc"},
        {"field": "value_ly", "headerName": t("col.value_ly", lang), "flex": 1.4, **NUMBER},
        {"field": "change", "headerName": t("col.change", lang), "flex": 1.3, **NUMBER},
        {"field": "change_pct", "headerName": t("col.change_pct", lang), "flex": 1.2,
         **NUMBER},
        {"field": "share_pct", "headerName": t("col.share_pct", lang), "flex": 1.1, **NUMBER},
    ]
    return data_grid("exports-grid", rows, columns, present_rows=6, present_sum="value",
                     total=total)


def with_shown_values(df):
    """``value_shown``: the table's value column (mn USD), rounded once over the whole
    level, which the bars print too (the same number in bar and cell)."""
    return df.assign(value_shown=money_columns(df["value"])[0])


@page_layout(PATH)
def layout(state: PageState):
    f, lang = state.filter, state.lang
    level, geo = product_level(state), geo_level(state)
    metric = state.params.get("map", "value")
    if metric not in MAP_METRICS:
        state.problems.append(Problem("bad_level", {"value": metric[:24]}))
        metric = "value"
    period = period_label(f, lang)
    colors = theme.concern_colors(state.dims.concerns["concern_id"])

    prod, geo_df, regions = gather(
        lambda: q.breakdown(f, level, lang), lambda: q.breakdown(f, geo, lang),
        lambda: q.breakdown(f, "region", lang) if geo != "region" else None)
    if regions is None:
        regions = geo_df
    prod = with_shown_values(prod)

    can_drill = level in PRODUCT.drill
    title_key = "exports.product_title" if can_drill else "exports.product_title_last"
    prod_fig = figures.breakdown_bars(
        prod, t(title_key, lang, level=t(f"level.{level}", lang), period=period), colors,
        top=TOP_BARS, height=425, lang=lang, clickable=can_drill)
    if prod.empty:
        prod_fig = figures.empty_figure(t("exports.empty", lang), 425)
    geo_key = "exports.geo_title" if geo == "district" else "exports.geo_title_last"
    geo_fig = figures.breakdown_bars(
        geo_df, t(geo_key, lang, level=t(f"level.{geo}", lang), period=period), colors,
        top=10, height=400, lang=lang)
    map_title = t("exports.map_title" if metric == "value" else "exports.map_growth_title",
                  lang, period=period)
    map_fig = figures.region_map(regions, GEOJSON_URL, region_ids(), "", metric, height=400,
                                 colorbar_title=t("unit.mn_usd", lang) if metric == "value"
                                 else "%", empty_message=t("exports.empty", lang),
                                 leaders=MAP_LEADERS if state.present else 0, lang=lang,
                                 panel_width=930)
    links = view_links(state)
    map_links = links.toggles("map", MAP_METRICS, metric,
                              {m: t(f"exports.map_{m}", lang) for m in MAP_METRICS},
                              id_prefix="map-")
    note = ""
    if len(prod) > TOP_BARS:
        note = t("exports.more", lang, n=TOP_BARS, total=len(prod))
    return html.Div([
        html.Div([
            breadcrumbs(links.trail(PRODUCT, level), "crumbs-product"),
            breadcrumbs(links.trail(GEO, geo), "crumbs-geo"),
            html.Div(view_caption(f, state.dims, lang, period), className="scope-line inline",
                     id="view-caption"),
        ], className="crumb-row"),
        html.Div([
            html.Div([dcc.Graph(id="product-bars", figure=prod_fig, config=GRAPH_CONFIG),
                      html.Div(note, className="note")], className="panel"),
            html.Div([html.Div([html.H2(map_title, className="panel-title"), map_links],
                               className="panel-head"),
                      dcc.Graph(id="region-map", figure=map_fig, config=MAP_CONFIG)],
                     className="panel"),
            html.Div([html.H2(t("exports.table_title", lang, level=t(f"level.{level}", lang)),
                              className="panel-title"),
                      html.Div(_grid(prod, level, state, colors), className="grid-box")],
                     className="panel table-panel"),
            html.Div(dcc.Graph(id="geo-bars", figure=geo_fig, config=GRAPH_CONFIG),
                     className="panel"),
        ], className="exports-grid"),
        html.Div(f"{level}|{geo}|{metric}", id="drill-state", hidden=True),
        dcc.Store(id="drill-context", data={"level": level, "geo": geo}),
    ])


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("product-bars", "clickData"),
    Input("geo-bars", "clickData"),
    Input("region-map", "clickData"),
    State("drill-context", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def drill(product_click, geo_click, map_click, context, search):
    """A click on a bar or a region becomes a new URL one level down."""
    trigger = ctx.triggered_id
    click = {"product-bars": product_click, "geo-bars": geo_click,
             "region-map": map_click}.get(trigger)
    key = clicked_key(click)
    if key is None:
        return no_update
    context = context if isinstance(context, dict) else {}
    if trigger == "product-bars":
        new = drill_search(search, PRODUCT, str(context.get("level", "")), key)
    elif trigger == "region-map":
        new = drill_search(search, GEO, "region", key)
    else:
        new = drill_search(search, GEO, str(context.get("geo", "")), key)
    return no_update if new is None or new == search else new


dash.register_page(
    __name__, path=PATH, name=t("nav.exports"),
    order=1, nav_key="nav.exports",
    title=page_title("title.exports"), layout=layout,
)
