"""Overdue receivables: the position at the latest month end, its changes since last
month and since the start of the year, the trend, ageing and causes, and the overdue
amount drilled concern → enterprise, by Belarusian oblast, and federal district →
region of the Russian debtor; the largest positions in a table.

The view is the URL: the filter, plus ``level`` (concern|enterprise), ``geo``
(district|region) and ``table`` (positions|enterprise). A click on a bar or a region
becomes a new URL one level down; breadcrumbs lead back up.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from queries import receivables as q
from queries.engine import gather
from queries.filters import Problem

from .. import figures, theme
from ..components.breadcrumbs import breadcrumbs
from ..components.caption import with_filter
from ..components.drill import clicked_key
from ..components.grid import COLOR_BAR, NUMBER, data_grid, money_columns, total_row
from ..components.kpi import kpi_tile
from ..components.links import Hierarchy, Links, Rung, drill_search, markdown_link
from ..components.page_title import page_title
from ..figures import receivables as fig
from ..formatting import mn, pct, rounded
from ..geo import GEOJSON_URL, region_ids
from ..i18n import month_name, t
from ..state import PageState
from .common import page_layout

PATH = "/receivables"
MAP_LEADERS = 3  # regions named with their values under the (narrow) map on the shared screen
GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
MAP_CONFIG = {**GRAPH_CONFIG, "topojsonURL": "/assets/topojson/"}
# level shown → (level after a click, URL parameter the clicked key goes to)
PRODUCT = Hierarchy(
    "level", {"concern": ("enterprise", "concern"), "enterprise": ("enterprise", "enterprise")},
    root="crumb.all_concerns", clears=("concern", "enterprise"),
    rungs=(Rung("concern", "enterprise"), Rung("enterprise", None)))
GEO = Hierarchy("geo", {"district": ("region", "district"), "region": (None, "region")},
                root="crumb.russia", clears=("district", "region"),
                rungs=(Rung("district", "region"), Rung("region", None)))
OBLAST = Hierarchy(None, {"": (None, "oblast")})
TABLES = ("positions", "enterprise")
TOP_BARS = 10
DISTRICT_SUFFIX = {"en": (" Federal District", " FD"), "ru": (" федеральный округ", " ФО"),
                   "de": ("er Föderationskreis", " FK")}
# Pixel budget of the two chart rows on a 1080-pixel screen; each message line above the
# content takes about 46 px, so the rows give that back and the page still fits.
ROW_TOP, ROW_BOTTOM, MESSAGE_PX = 394, 332, 46


def product_level(state: PageState) -> str:
    f = state.filter
    default = "enterprise" if (len(f.concerns) == 1 or f.enterprises) else "concern"
    return state.choice("level", q.PRODUCT_LEVELS, default)


def geo_level(state: PageState) -> str:
    default = "region" if (len(state.filter.districts) == 1 or state.filter.regions) \
        else "district"
    return state.choice("geo", q.GEO_LEVELS, default)


def view_links(state: PageState) -> Links:
    return Links(state, PATH, carry={"level": q.PRODUCT_LEVELS, "geo": q.GEO_LEVELS,
                                     "table": TABLES})


def oblast_crumbs(state: PageState) -> list[tuple[str, str | None]]:
    f, lang = state.filter, state.lang
    if not f.oblasts:
        return [(t("receivables.level.oblast", lang), None)]
    names = state.dims.name_of("oblast", lang)
    label = ", ".join(names.get(o, o) for o in f.oblasts)
    return [(t("receivables.crumb_oblasts", lang), view_links(state).view(clear=("oblast",))),
            (label, None)]


def _month(d, lang: str) -> str:
    """"Oct 2026"; Russian keeps month names in lower case inside a phrase."""
    return f"{month_name(d.month, lang, short=True, capital=lang != 'ru')} {d.year}"


def _tone(change: float) -> str:
    """More overdue debt is bad news (orange), less is good (teal)."""
    if change is None or change != change or change == 0:
        return ""
    return "down" if change > 0 else "up"


def kpi_row(pos: dict, lang: str) -> html.Div:
    usd = t("unit.mn_usd", lang)
    latest, prev, ystart = (_month(pos[k], lang)
                            for k in ("month", "month_prev", "month_ystart"))
    prev_short, ystart_short = (month_name(pos[k].month, lang, short=True,
                                           capital=lang != "ru")
                                for k in ("month_prev", "month_ystart"))
    over_90 = pos["d91_180"] + pos["over_180"]
    share = (lambda v: v / pos["overdue"] * 100) if pos["overdue"] else (lambda v: None)
    tiles = [
        kpi_tile("total", t("receivables.kpi_total", lang, month=latest),
                 mn(pos["total"], lang), t("receivables.kpi_total_sub", lang,
                                           prev=prev_short, ystart=ystart_short,
                                           change_prev=mn(pos["total"] - pos["total_prev"],
                                                          lang, signed=True),
                                           change_ystart=mn(pos["total"] - pos["total_ystart"],
                                                            lang, signed=True)), unit=usd,
                 raw=pos["total"], kind="money"),
        kpi_tile("overdue", t("receivables.kpi_overdue", lang, month=latest),
                 mn(pos["overdue"], lang),
                 t("receivables.kpi_overdue_sub", lang,
                   share=pct(pos["overdue_share_pct"], lang)), unit=usd,
                 raw=pos["overdue"], kind="money"),
        kpi_tile("change-month", t("receivables.kpi_change_month", lang, month=prev),
                 mn(pos["change_month"], lang, signed=True),
                 t("receivables.kpi_change_sub", lang,
                   pct=pct(pos["change_month_pct"], lang, signed=True),
                   value=mn(pos["overdue_prev"], lang)), _tone(pos["change_month"]), usd,
                 raw=pos["change_month"], kind="money_change"),
        kpi_tile("change-ytd", t("receivables.kpi_change_ytd", lang, month=ystart),
                 mn(pos["change_ytd"], lang, signed=True),
                 t("receivables.kpi_change_sub", lang,
                   pct=pct(pos["change_ytd_pct"], lang, signed=True),
                   value=mn(pos["overdue_ystart"], lang)), _tone(pos["change_ytd"]), usd,
                 raw=pos["change_ytd"], kind="money_change"),
        kpi_tile("over90", t("receivables.kpi_over_90", lang), mn(over_90, lang),
                 t("receivables.kpi_age_sub", lang, share=pct(share(over_90), lang)),
                 unit=usd, raw=over_90, kind="money"),
        kpi_tile("over180", t("receivables.kpi_over_180", lang), mn(pos["over_180"], lang),
                 t("receivables.kpi_age_sub", lang, share=pct(share(pos["over_180"]), lang)),
                 unit=usd, raw=pos["over_180"], kind="money"),
    ]
    # equal columns whatever the language: a long label wraps instead of widening a tile
    return html.Div(tiles, className="kpi-row", id="kpi-row",
                    style={"padding": "4px 20px 6px",
                           "gridTemplateColumns": "repeat(6, minmax(0, 1fr))"})


def _r(v, scale: float = 1e6, digits: int = 1):
    """A cell rounded once, at the grid's one decimal (it used to be rounded to two and
    then shown with one)."""
    return None if v is None or v != v else rounded(float(v) / scale, digits)


def _name_column(field: str, header: str, flex: float = 2.4) -> dict:
    """A name column whose cells are markdown links, sorted and filtered by the plain
    name (the link text would sort by its escape characters)."""
    return {"field": field, "headerName": header, "flex": flex, "minWidth": 180,
            "cellRenderer": "markdown", "filter": "agTextColumnFilter",
            "cellStyle": COLOR_BAR,
            "filterValueGetter": {"function": "params.data.label"},
            "comparator": {"function": "(a, b, na, nb) => na.data.label.localeCompare("
                                       "nb.data.label)"}}


def _num(field: str, header: str, flex: float = 1, **extra) -> dict:
    return {"field": field, "headerName": header, "flex": flex, **NUMBER, "minWidth": 70,
            **extra}


def positions_grid(df, state: PageState, colors: dict, cause_labels: dict):
    lang, links = state.lang, view_links(state)
    shorts = state.dims.short_name_of("enterprise", lang)
    regions = state.dims.short_name_of("region", lang)
    rows = [{
        "enterprise": markdown_link(r.enterprise, links.card(r.enterprise_id)),
        "label": str(r.enterprise), "region": r.region,
        "overdue": _r(r.overdue),
        "upto_30": _r(r.upto_30), "d31_90": _r(r.d31_90), "d91_180": _r(r.d91_180),
        "over_180": _r(r.over_180), "over_90_pct": _r(r.over_90_pct, 1, 1),
        "cause": cause_labels.get(r.main_cause, t("receivables.cause.none", lang)),
        "enterprise_short": shorts.get(r.enterprise_id),
        "region_short": regions.get(r.region_id),
        "color": colors.get(str(r.concern_id), theme.THIS_YEAR)} for r in df.itertuples()]
    columns = [
        _name_column("enterprise", t("receivables.col_enterprise", lang), 2.4),
        {"field": "region", "headerName": t("receivables.col_region", lang), "flex": 1.4,
         "minWidth": 150, "filter": "agTextColumnFilter"},
        # 15 rows need no number filters; the headers keep their width for the text
        _num("overdue", t("receivables.col_overdue", lang), 1, sort="desc", filter=False,
             minWidth=126),
        _num("upto_30", t("receivables.col_upto_30", lang), 0.9, filter=False),
        _num("d31_90", t("receivables.col_d31_90", lang), 0.9, filter=False),
        _num("d91_180", t("receivables.col_d91_180", lang), 0.9, filter=False),
        _num("over_180", t("receivables.col_over_180", lang), 0.9, filter=False),
        {"field": "cause", "headerName": t("receivables.col_cause", lang), "flex": 1.7,
         "minWidth": 150, "filter": "agTextColumnFilter"},
    ]
    # the shared screen reads overdue, the oldest part and the cause
    return data_grid("receivables-grid", rows, columns, row_height=28,
                     present_rows=4, present_sum="overdue",
                     present_hide=("upto_30", "d31_90", "d91_180"), fold=("cause", "region"))


def enterprise_grid(df, state: PageState, colors: dict):
    lang, links = state.lang, view_links(state)
    concern_names = state.dims.name_of("concern", lang)
    shorts = state.dims.short_name_of("enterprise", lang)
    # every enterprise of the filter: the money columns are rounded once, together, so
    # that the rows add up to the total row (the page's KPIs)
    money = {c: (list(df[f"{c}_shown"]) if f"{c}_shown" in df.columns
                 else money_columns(df[c])[0], money_columns(df[c])[1])
             for c in ("total", "overdue", "change_month", "change_ytd")}
    rows = [{
        "enterprise": markdown_link(r.name, links.card(r.key)), "label": str(r.name),
        "concern": concern_names.get(r.concern_id, r.concern_id),
        "total": money["total"][0][i], "overdue": money["overdue"][0][i],
        "share": _r(r.overdue_share_pct, 1, 1), "change_month": money["change_month"][0][i],
        "change_ytd": money["change_ytd"][0][i], "over_90_pct": _r(r.over_90_pct, 1, 1),
        "enterprise_short": shorts.get(r.key),
        "color": colors.get(str(r.concern_id), theme.THIS_YEAR)}
        for i, r in enumerate(df.itertuples())]
    sums = df[["total", "overdue", "d91_180", "over_180"]].sum()
    total = total_row(
        "enterprise", t("col.total", lang),
        **{c: money[c][1] for c in money},
        share=_r(sums["overdue"] / sums["total"] * 100, 1, 1) if sums["total"] > 0 else None,
        over_90_pct=_r((sums["d91_180"] + sums["over_180"]) / sums["overdue"] * 100, 1, 1)
        if sums["overdue"] > 0 else None)
    columns = [
        _name_column("enterprise", t("receivables.col_enterprise", lang), 2.4),
        {"field": "concern", "headerName": t("receivables.col_concern", lang), "flex": 1.5,
         "minWidth": 120, "filter": "agTextColumnFilter"},
        _num("total", t("receivables.col_total", lang), filter=False),
        _num("overdue", t("receivables.col_overdue", lang), sort="desc", filter=False),
        _num("share", t("receivables.col_share", lang), filter=False),
        _num("change_month", t("receivables.col_change_month", lang), filter=False),
        _num("change_ytd", t("receivables.col_change_ytd", lang), filter=False),
        _num("over_90_pct", t("receivables.col_over_90", lang), filter=False),
    ]
    return data_grid("receivables-grid", rows, columns, row_height=28,
                     present_rows=4, present_sum="overdue",
                     present_hide=("concern", "change_ytd"), total=total if len(df) else None,
                     fold=("concern",))


def _narrow_map(figure: dict) -> None:
    """The shared map puts its colour bar on the right; in this page's narrow panel it
    goes underneath, so that Russia gets the whole width."""
    for trace in figure["data"]:
        if "colorbar" in trace:
            trace["colorbar"] = {**trace["colorbar"], "orientation": "h", "y": -0.02,
                                 "yanchor": "top", "len": 0.7, "thickness": 12,
                                 "title": {**trace["colorbar"]["title"], "side": "right"}}
    figure["layout"]["margin"] = {"l": 0, "r": 0, "t": 40, "b": 40}
    figure["layout"]["title"]["font"] = {"size": 18}


def _panel(children, area: str, **style) -> html.Div:
    return html.Div(children, className="panel",
                    style={"gridArea": area, "overflow": "hidden", **style})


def _graph(graph_id: str, figure: dict, config: dict = GRAPH_CONFIG) -> dcc.Graph:
    return dcc.Graph(id=graph_id, figure=figure, config=config)


def _product_filter_note(state: PageState) -> None:
    f = state.filter
    if f.needs_product():
        codes = ", ".join([*f.chapters, *f.headings][:6])
        state.problems.append(Problem("receivables_product_filter", {"codes": codes}))


@page_layout(PATH)
def layout(state: PageState):
    f, lang, dims = state.filter, state.lang, state.dims
    level, geo = product_level(state), geo_level(state)
    table = state.choice("table", TABLES, "positions")
    _product_filter_note(state)
    colors = theme.concern_colors(dims.concerns["concern_id"])

    levels = (level, geo, "region", "oblast") + (("enterprise",) if table == "enterprise"
                                                  else ())
    parts, series, causes, top = gather(
        lambda: q.breakdowns(f, levels, lang), lambda: q.trend(f), lambda: q.by_cause(f),
        lambda: q.largest_positions(f, lang=lang) if table == "positions" else None)
    prod, geo_df, regions, oblasts = (parts[k] for k in (level, geo, "region", "oblast"))
    ents = parts.get("enterprise")
    if ents is not None:  # the table's rounding, which the bars of enterprises print too
        ents = ents.assign(**{f"{c}_shown": money_columns(ents[c])[0]
                              for c in ("total", "overdue", "change_month", "change_ytd")})
        if level == "enterprise":
            shown = ents.set_index("key")
            prod = prod.assign(**{f"{c}_shown": prod["key"].map(shown[f"{c}_shown"])
                                  .fillna(prod[c] / 1e6) for c in ("overdue", "change_ytd")})
    pos = q.position(f, by=prod)

    latest = _month(f.end, lang)
    ystart = _month(q.month_ends(f)["ystart"], lang)
    cause_labels = {c: t(f"receivables.cause.{c}", lang) for c in q.CAUSES}
    age_labels = {a: t(f"receivables.age.{a}", lang) for a in q.AGES}
    squeeze = MESSAGE_PX * min(len(state.problems), 4) // 2
    top_h, bottom_h = ROW_TOP - squeeze, ROW_BOTTOM - squeeze

    def bars_titles(lvl: str, clickable: bool) -> dict:
        sub = "receivables.bars_sub_click" if clickable else "receivables.bars_sub"
        return {"title": t("receivables.bars_title", lang,
                           level=t(f"receivables.of_{lvl}", lang)),
                "subtitle": t(sub, lang, month=ystart)}

    can_drill = level == "concern" or len(f.enterprises) != 1
    prod_fig = fig.overdue_bars(prod, colors=colors, **bars_titles(level, can_drill),
                                top=TOP_BARS,
                                height=top_h - 10, lang=lang, clickable=can_drill)
    if geo == "district":  # "Central FD": the full names would crowd out the values
        long, short = DISTRICT_SUFFIX.get(lang, DISTRICT_SUFFIX["en"])
        geo_df = geo_df.assign(name=[n.replace(long, short) for n in geo_df["name"]])
    geo_click = geo == "district" or len(f.regions) != 1
    geo_fig = fig.overdue_bars(geo_df, colors=colors, **bars_titles(geo, geo_click),
                               top=TOP_BARS,
                               height=bottom_h - 10, lang=lang, clickable=geo_click)
    oblast_fig = fig.overdue_bars(oblasts, colors=colors,
                                  **bars_titles("oblast", len(f.oblasts) != 1),
                                  top=7, height=top_h - 10, lang=lang,
                                  clickable=len(f.oblasts) != 1)
    map_df = regions.assign(value=regions["overdue"], change_pct=regions["change_ytd_pct"])
    map_df = map_df[map_df["overdue"] > 0]
    map_fig = figures.region_map(
        map_df, GEOJSON_URL, region_ids(), t("receivables.map_title", lang),
        "value", height=bottom_h - 10, colorbar_title=t("unit.mn_usd", lang),
        empty_message=t("receivables.no_overdue", lang),
        leaders=MAP_LEADERS if state.present else 0, lang=lang, leaders_at="bottom")
    _narrow_map(map_fig)
    trend_fig = fig.trend_figure(series, t("receivables.trend_title", lang),
                                 t("receivables.series_total", lang),
                                 t("receivables.series_overdue", lang),
                                 height=top_h - 10, lang=lang)
    age_h = (top_h - 14) * 2 // 5
    ageing = fig.ageing_figure(pos, q.AGES, age_labels, t("receivables.ageing_title", lang),
                               height=age_h, lang=lang)
    cause_fig = fig.cause_figure(causes, cause_labels, t("receivables.causes_title", lang),
                                 height=top_h - 14 - age_h, lang=lang)

    links = view_links(state)
    table_links = links.toggles("table", TABLES, table,
                                {n: t(f"receivables.table_{n}", lang) for n in TABLES},
                                id_prefix="rcv-table-")
    if table == "positions":
        grid = positions_grid(top, state, colors, cause_labels)
        table_title = t("receivables.table_positions_title", lang, month=latest)
    else:
        grid = enterprise_grid(ents, state, colors)
        table_title = t("receivables.table_enterprise_title", lang, month=latest)

    crumb_row = [breadcrumbs(links.trail(PRODUCT, level), "rcv-crumbs-product"),
                 breadcrumbs(links.trail(GEO, geo), "rcv-crumbs-geo"),
                 breadcrumbs(oblast_crumbs(state), "rcv-crumbs-oblast")]
    if len(f.enterprises) == 1:
        crumb_row.append(dcc.Link(t("receivables.card_link", lang),
                                  href=links.card(f.enterprises[0]),
                                  id="rcv-card-link", className="toggle"))
    crumb_row.append(html.Div(with_filter(f, state.dims, lang,
                                          t("receivables.position_at", lang, month=latest)),
                              className="scope-line inline", id="scope-line"))

    grid_style = {"display": "grid", "gap": "10px", "padding": "2px 20px 4px",
                  "gridTemplateColumns": "1.05fr 0.95fr 1.05fr 0.95fr",
                  "gridTemplateRows": f"{top_h}px {bottom_h}px",
                  "gridTemplateAreas": '"trend causes product oblast" "table table map geo"'}
    return html.Div([
        html.Div(crumb_row, className="crumb-row", style={"padding": "6px 20px 2px"}),
        kpi_row(pos, lang),
        html.Div([
            _panel(_graph("rcv-trend", trend_fig), "trend"),
            _panel([_graph("rcv-ageing", ageing), _graph("rcv-causes", cause_fig)], "causes"),
            _panel(_graph("rcv-product-bars", prod_fig), "product"),
            _panel(_graph("rcv-map", map_fig, MAP_CONFIG), "map"),
            _panel([html.Div([html.H2(table_title, className="panel-title",
                                      style={"fontSize": "18px"}), table_links],
                             className="panel-head"),
                    html.Div(grid, className="grid-box")], "table"),
            _panel(_graph("rcv-oblast-bars", oblast_fig), "oblast"),
            _panel(_graph("rcv-geo-bars", geo_fig), "geo"),
        ], style=grid_style, id="receivables-grid-layout"),
        html.Div(t("receivables.definitions", lang), className="footnote",
                 style={"padding": "0 20px"}),
        dcc.Store(id="rcv-drill-context", data={"level": level, "geo": geo}),
    ])


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("rcv-product-bars", "clickData"),
    Input("rcv-geo-bars", "clickData"),
    Input("rcv-map", "clickData"),
    Input("rcv-oblast-bars", "clickData"),
    State("rcv-drill-context", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def drill(product_click, geo_click, map_click, oblast_click, context, search):
    """A click on a bar or a region becomes a new URL one level down."""
    trigger = ctx.triggered_id
    click = {"rcv-product-bars": product_click, "rcv-geo-bars": geo_click,
             "rcv-map": map_click, "rcv-oblast-bars": oblast_click}.get(trigger)
    key = clicked_key(click)
    if key is None:
        return no_update
    context = context if isinstance(context, dict) else {}
    if trigger == "rcv-product-bars":
        new = drill_search(search, PRODUCT, str(context.get("level", "")), key)
    elif trigger == "rcv-map":
        new = drill_search(search, GEO, "region", key)
    elif trigger == "rcv-oblast-bars":
        new = drill_search(search, OBLAST, "", key)
    else:
        new = drill_search(search, GEO, str(context.get("geo", "")), key)
    return no_update if new is None or new == search else new


dash.register_page(
    __name__, path=PATH, name=t("nav.receivables"),
    order=4, nav_key="nav.receivables",
    title=page_title("title.receivables"), layout=layout,
)
