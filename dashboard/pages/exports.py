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
from ..components.drill import clicked_key
from ..components.filter_bar import period_label
from ..components.grid import COLOR_BAR, NUMBER, data_grid
from ..geo import GEOJSON_URL, region_ids
from ..i18n import t
from ..state import PageState, filter_params, href, parse_search, search_of, view_params
from .common import page_layout

PATH = "/exports"

GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
# Plotly's geo traces fetch a base map first; serve it locally (see assets/topojson).
MAP_CONFIG = {**GRAPH_CONFIG, "topojsonURL": "/assets/topojson/"}
PRODUCT_DRILL = {"concern": ("enterprise", "concern"), "enterprise": ("heading", "enterprise"),
                 "chapter": ("heading", "chapter")}
GEO_DRILL = {"district": ("region", "district"), "region": (None, "region")}
MAP_METRICS = ("value", "growth")
TOP_BARS = 12


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


def _base_params(state: PageState) -> dict[str, str]:
    params = {**filter_params(state.filter, state.dims, state.industrial_default),
              **view_params(state)}
    if state.params.get("map") in MAP_METRICS:
        params["map"] = state.params["map"]
    return params


def _without(params: dict, *keys) -> dict:
    return {k: v for k, v in params.items() if k not in keys}


def product_crumbs(state: PageState, level: str) -> list[tuple[str, str | None]]:
    f, dims, lang = state.filter, state.dims, state.lang
    params = _base_params(state)
    geo = {k: v for k, v in state.params.items() if k == "geo"}
    crumbs = [(t("crumb.all_concerns", lang),
               href(PATH, {**_without(params, "concern", "enterprise", "heading"), **geo}))]
    concern_names = dims.name_of("concern", lang)
    ent_names = dims.name_of("enterprise", lang)
    concern_of = dims.concern_of_enterprise()
    concerns = list(f.concerns)
    if not concerns and len(f.enterprises) == 1:
        concerns = [concern_of.get(f.enterprises[0])]
    if len(concerns) == 1 and concerns[0]:
        c = concerns[0]
        crumbs.append((concern_names.get(c, c), href(PATH, {
            **_without(params, "enterprise", "heading"), "concern": c,
            "level": "enterprise", **geo})))
    if len(f.enterprises) == 1:
        e = f.enterprises[0]
        crumbs.append((ent_names.get(e, str(e)), href(PATH, {
            **_without(params, "heading"), "level": "heading", **geo})))
    crumbs.append((t(f"level.{level}", lang), None))
    return crumbs


def geo_crumbs(state: PageState, level: str) -> list[tuple[str, str | None]]:
    f, dims, lang = state.filter, state.dims, state.lang
    params = _base_params(state)
    lvl = {k: v for k, v in state.params.items() if k == "level"}
    crumbs = [(t("crumb.russia", lang),
               href(PATH, {**_without(params, "district", "region"), **lvl}))]
    if len(f.districts) == 1:
        d = f.districts[0]
        crumbs.append((dims.name_of("district", lang).get(d, d), href(PATH, {
            **_without(params, "region"), "geo": "region", **lvl})))
    if len(f.regions) == 1:
        r = f.regions[0]
        crumbs.append((dims.name_of("region", lang).get(r, r), None))
    else:
        crumbs.append((t(f"level.{level}", lang), None))
    return crumbs


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!<>|"})


def _grid(df, level: str, state: PageState, colors: dict):
    """The current level as a table. Where the level drills further, each name is a link
    one level down: the keyboard's way in, and the way to rows beyond the chart's top."""
    lang = state.lang
    drill = PRODUCT_DRILL.get(level)
    base = {**_base_params(state), **{k: v for k, v in state.params.items() if k == "geo"}}
    rows = []
    for r in df.itertuples():
        name = str(r.name)
        if drill:
            link = href(PATH, {**base, drill[1]: str(r.key), "level": drill[0]})
            name = f"[{name.translate(_MARKDOWN_SPECIAL)}]({link})"
        rows.append({
            "key": str(r.key), "name": name, "label": str(r.name),
            "value": round(r.value / 1e6, 2), "value_ly": round(r.value_ly / 1e6, 2),
            "change": round(r.change / 1e6, 2),
            "change_pct": None if r.change_pct != r.change_pct else round(r.change_pct, 1),
            "share_pct": None if r.share_pct != r.share_pct else round(r.share_pct, 1),
            "color": colors.get(str(getattr(r, "concern_id", "")), theme.THIS_YEAR)})
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
    return data_grid("exports-grid", rows, columns)


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

    can_drill = level in PRODUCT_DRILL
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
                                 else "%", empty_message=t("exports.empty", lang))
    base = _base_params(state)
    keep_drill = {k: v for k, v in state.params.items() if k in ("level", "geo")}
    map_links = html.Div([
        dcc.Link(t(f"exports.map_{m}", lang),
                 href=href(PATH, {**base, **keep_drill, "map": m}),
                 className="toggle active" if m == metric else "toggle", id=f"map-{m}")
        for m in MAP_METRICS], className="toggles")
    note = ""
    if len(prod) > TOP_BARS:
        note = t("exports.more", lang, n=TOP_BARS, total=len(prod))
    return html.Div([
        html.Div([
            breadcrumbs(product_crumbs(state, level), "crumbs-product"),
            breadcrumbs(geo_crumbs(state, geo), "crumbs-geo"),
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


def drill_search(search: str, kind: str, level: str, key: str) -> str | None:
    """The URL after a click on ``key`` in the ``kind`` ('product' or 'geo') chart
    currently at ``level``; None when that level has nothing below it."""
    params = parse_search(search)
    if kind == "product":
        if level not in PRODUCT_DRILL:
            return None
        next_level, param = PRODUCT_DRILL[level]
        params[param] = key
        params["level"] = next_level
    else:
        next_level, param = GEO_DRILL[level]
        params[param] = key
        if next_level:
            params["geo"] = next_level
    return search_of(params)


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
    context = context or {}
    if trigger == "product-bars":
        new = drill_search(search, "product", context.get("level", ""), key)
    elif trigger == "region-map":
        new = drill_search(search, "geo", "region", key)
    else:
        new = drill_search(search, "geo", context.get("geo", ""), key)
    return no_update if new is None or new == search else new


dash.register_page(
    __name__, path=PATH, name=t("nav.exports"),
    order=1, nav_key="nav.exports",
    title=t("title.exports"), layout=layout,
)
