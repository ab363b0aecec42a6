"""Warehouse stock: finished goods in the distribution network at the month end, by
concern → enterprise → distribution subject and by federal district → region →
subject; days of cover; where stock grows while shipments fall; 24 months of stock
against shipments; the table of subjects.

The drill path is in the URL (filters plus ``level``, ``geo`` and ``base``), so every
view is a link. The definitions are in ``queries/stock.py`` and in the footnote.
"""

from __future__ import annotations

import math

import dash
import numpy as np
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from queries import stock as q
from queries.engine import gather
from queries.filters import Problem

from .. import figures, theme
from ..components.breadcrumbs import breadcrumbs
from ..components.caption import view_caption
from ..components.drill import clicked_key
from ..components.grid import COLOR_BAR, NUMBER, data_grid, money_columns, total_row
from ..components.kpi import kpi_tile
from ..components.links import Hierarchy, Links, Rung, drill_search, markdown_link
from ..components.page_title import page_title
from ..figures.stock import FLAG_MARK, stock_bars, stock_trend
from ..formatting import mn, number, pct, rounded
from ..geo import GEOJSON_URL, region_ids
from ..i18n import month_name, t
from ..state import PageState
from .common import page_layout
from .stock_centres import centres_view, is_centres_view
from .stock_centres import tabs as centres_tabs

PATH = "/stock"

GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
MAP_CONFIG = {**GRAPH_CONFIG, "topojsonURL": "/assets/topojson/"}
PRODUCT_LEVELS = ("concern", "enterprise", "subject")
GEO_LEVELS = ("district", "region", "subject")
# level shown → (level after a click, URL parameter the clicked key goes to)
PRODUCT = Hierarchy(
    "level", {"concern": ("enterprise", "concern"), "enterprise": ("subject", "enterprise"),
              "subject": ("subject", "subject")},
    root="stock.crumb.all", clears=("concern", "enterprise", "subject"),
    rungs=(Rung("concern", "enterprise"), Rung("enterprise", "subject"),
           Rung("subject", None)), label="stock.level.{level}")
GEO = Hierarchy(
    "geo", {"district": ("region", "district"), "region": ("subject", "region"),
            "subject": ("subject", "subject")},
    root="stock.crumb.russia", clears=("district", "region", "subject"),
    rungs=(Rung("district", "region"), Rung("region", "subject")),
    label="stock.level.{level}")
TOP_BARS = 10
MAP_LEADERS = 5  # regions named with their values beside the map on the shared screen
ROW_HEIGHT = 350  # two rows of panels below the KPI tiles fill a 1080-pixel screen


def product_level(state: PageState) -> str:
    asked = state.params.get("level", "")
    if asked:
        if asked in PRODUCT_LEVELS:
            return asked
        state.problems.append(Problem("bad_level", {"value": asked[:24]}))
    f = state.filter
    if len(f.enterprises) == 1:
        return "subject"
    return "enterprise" if len(f.concerns) == 1 else "concern"


def geo_level(state: PageState) -> str:
    asked = state.params.get("geo", "")
    if asked:
        if asked in GEO_LEVELS:
            return asked
        state.problems.append(Problem("bad_level", {"value": asked[:24]}))
    f = state.filter
    if len(f.regions) == 1:
        return "subject"
    return "region" if len(f.districts) == 1 else "district"


def base_months(state: PageState) -> int:
    asked = state.params.get("base", "").strip()
    if asked in ("3", "12"):
        return int(asked)
    if asked:
        state.problems.append(Problem("stock_bad_base", {"value": asked[:24]}))
    return 3


def view_links(state: PageState, base: int) -> Links:
    return Links(state, PATH, carry={"level": PRODUCT_LEVELS, "geo": GEO_LEVELS},
                 extra={"base": str(base) if base != 3 else None})


def _r(v, digits: int = 1):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), digits)


def _rounded(values, scale: float = 1.0, digits: int = 1) -> list:
    """Numbers for a grid: scaled, rounded, None for NaN (vectorised: 400 rows)."""
    arr = np.round(np.asarray(values, dtype=float) / scale, digits)
    return [None if math.isnan(v) else v for v in arr.tolist()]


def subjects_grid(df, state: PageState, colors: dict, whole=None):
    """Every subject of the filter (a click on its bar narrows the page to it), and
    their total (``whole``: the page's total row, for its days of cover). Stock and
    change are rounded once, together, so that the rows add up to the total row."""
    lang = state.lang
    kinds = {k: t(f"stock.kind.{k}", lang) for k in set(df["kind"])}
    stock, stock_total = (list(df["stock_shown"]), money_columns(df["stock"])[1]) \
        if "stock_shown" in df.columns else money_columns(df["stock"])
    change, change_total = money_columns(df["change"])
    rows = [dict(zip(("name", "kind", "region", "concern", "stock", "change", "cover",
                      "flag", "color"), values)) for values in zip(
        df["name"], [kinds[k] for k in df["kind"]], df["region"], df["subject_concern"],
        stock, change, _rounded(df["cover_days"], digits=0), [FLAG_MARK if f else "" for f in df["flag"]],
        [colors.get(str(c), theme.THIS_YEAR) for c in df["concern_id"]])]
    regions = state.dims.short_name_of("region", lang)
    for row, region_id in zip(rows, df["region_id"]):
        row["region_short"] = regions.get(region_id)
    columns = [
        {"field": "name", "headerName": t("stock.col_subject", lang), "flex": 2,
         "minWidth": 170, "cellStyle": COLOR_BAR, "filter": "agTextColumnFilter"},
        {"field": "kind", "headerName": t("stock.col_kind", lang), "flex": 1,
         "minWidth": 90, "filter": "agTextColumnFilter"},
        {"field": "region", "headerName": t("stock.col_region", lang), "flex": 1.2,
         "minWidth": 90, "filter": "agTextColumnFilter"},
        {"field": "concern", "headerName": t("stock.col_concern", lang), "flex": 1.1,
         "minWidth": 90, "filter": "agTextColumnFilter"},
        {"field": "stock", "headerName": t("stock.col_stock", lang), "flex": 1, **NUMBER,
         "minWidth": 110, "sort": "desc"},
        {"field": "change", "headerName": t("stock.col_change", lang), "flex": 1, **NUMBER,
         "minWidth": 100},
        {"field": "cover", "headerName": t("stock.col_cover", lang), "flex": 0.9, **NUMBER,
         "minWidth": 100, "valueFormatter": {"function": "params.value == null ? '–' : "
                                                        "d3.format(',.0f')(params.value)"}},
        {"field": "flag", "headerName": "⚠", "width": 46, "filter": False, "headerTooltip":
         t("stock.flag_mark", lang), "cellStyle": {"color": theme.GROWTH_DOWN}},
    ]
    # the shared screen reads subject, stock and cover; type, concern and the change
    # stay in the analysts' table
    cover = None if whole is None or whole.empty else rounded(whole["cover_days"].iloc[0], 0)
    total = total_row("name", t("col.total", lang), stock=stock_total, change=change_total,
                      cover=cover)
    return data_grid("stock-subjects-grid", rows, columns, row_height=28,
                     present_rows=4, present_sum="stock",
                     present_hide=("kind", "concern", "change"), total=total if len(df) else None,
                     fold=("kind", "concern", "region"))


def flagged_grid(df, level: str, state: PageState, base: int, colors: dict):
    """Stock grows while shipments fall, largest increase first. Enterprise names link
    to the enterprise card, subject names to the subject's view."""
    lang = state.lang
    links = view_links(state, base)
    shorts = state.dims.short_name_of("enterprise", lang)
    rows = []
    for r in df.itertuples():
        if level == "enterprise":
            url = links.card(r.key)
        else:
            url = links.view({"subject": str(r.key)})
        short = shorts.get(r.key) if level == "enterprise" else None
        rows.append({"name": markdown_link(r.name, url), "label": r.name,
                     "name_short": short,
                     "stock": _r(r.stock / 1e6), "change": _r(r.change / 1e6),
                     "ship": _r(r.ship_change_pct), "cover": _r(r.cover_days, 0),
                     "color": colors.get(str(r.concern_id), theme.THIS_YEAR)})
    days = {"valueFormatter": {"function": "params.value == null ? '–' : "
                                           "d3.format(',.0f')(params.value)"}}
    columns = [
        {"field": "name", "headerName": t(f"stock.col_{level}", lang), "flex": 2.4,
         "minWidth": 170, "cellRenderer": "markdown", "cellStyle": COLOR_BAR,
         "filter": "agTextColumnFilter",
         "filterValueGetter": {"function": "params.data.label"},
         "comparator": {"function": "(a, b, na, nb) => na.data.label.localeCompare("
                                    "nb.data.label)"}},
        {"field": "change", "headerName": t("stock.flag_col_change", lang), "flex": 1,
         **NUMBER, "minWidth": 96, "sort": "desc", "filter": False},
        {"field": "ship", "headerName": t("stock.col_ship_pct", lang), "flex": 1.1, **NUMBER,
         "minWidth": 110, "filter": False},
        {"field": "cover", "headerName": t("stock.col_cover", lang), "flex": 0.9, **NUMBER,
         "minWidth": 120, **days, "filter": False},
    ]
    return data_grid("stock-flag-grid", rows, columns, row_height=28, present_rows=5)


def _kpis(state: PageState, total, flagged, flag_level: str, base: int):
    f, lang = state.filter, state.lang
    usd, row = t("unit.mn_usd", lang), total.iloc[0]
    month = f"{month_name(f.month_to, lang, short=True, capital=lang != 'ru')} {f.year}"
    bm = q.shift(f.end, -base)
    window = _window(f, lang)
    tiles = [
        kpi_tile("stock-total", t("stock.kpi_stock", lang, month=month), mn(row.stock, lang),
                 t("stock.kpi_stock_sub", lang, change=mn(row.change, lang, signed=True),
                   pct=pct(row.change_pct, lang, signed=True),
                   base_month=f"{month_name(bm.month, lang, short=True, capital=lang != 'ru')}"
                              f" {bm.year}"),
                 unit=usd, raw=row.stock, kind="money"),
        kpi_tile("stock-cover", t("stock.kpi_cover", lang),
                 "–" if math.isnan(row.cover_days) else number(row.cover_days, 0, lang),
                 t("stock.kpi_cover_sub", lang, months=window, value=mn(row.ship_3m, lang)),
                 unit=t("stock.unit_days", lang), raw=row.cover_days, kind="days"),
        kpi_tile("stock-ship", t("stock.kpi_ship", lang, months=window),
                 pct(row.ship_change_pct, lang, signed=True),
                 t("stock.kpi_ship_sub", lang, value=mn(row.ship_3m, lang),
                   value_ly=mn(row.ship_3m_ly, lang)),
                 tone="down" if (row.ship_change_pct or 0) < 0 else "up",
                 raw=row.ship_change_pct, kind="growth"),
        kpi_tile("stock-flag", t("stock.kpi_flag", lang), f"{len(flagged):,}",
                 t("stock.kpi_flag_sub", lang,
                   change=mn(float(flagged["change"].sum()), lang, signed=True)),
                 tone="down" if len(flagged) else "",
                 unit=t(f"stock.unit_{flag_level}s", lang), raw=len(flagged), kind="count"),
    ]
    picks = view_links(state, base).toggles(
        "base", q.BASES, base, {b: t(f"stock.base_{b}", lang) for b in q.BASES}, default=3,
        id_prefix="stock-base-")
    picks.style = {"flexDirection": "column", "gap": "6px", "marginTop": "6px"}
    toggles = html.Div([html.Div(t("stock.base_label", lang), className="kpi-label"), picks],
                       className="kpi", id="stock-base")
    return html.Div([*tiles, toggles], className="kpi-row", id="stock-kpis",
                    style={"gridTemplateColumns": "repeat(4, 1fr) 0.8fr"})


def _window(f, lang: str) -> str:
    start = q.shift(f.end, 1 - q.COVER_MONTHS)
    capital = lang != "ru"  # Russian keeps month names in lower case inside a phrase
    return (f"{month_name(start.month, lang, short=True, capital=capital)}–"
            f"{month_name(f.end.month, lang, short=True, capital=capital)} {f.end.year}")


def _row(columns: str, top: int = 4) -> dict:
    return {"display": "grid", "gap": "12px", "padding": f"{top}px 20px 8px",
            "gridTemplateColumns": columns, "gridTemplateRows": f"{ROW_HEIGHT}px"}


def _panel(children, panel_id: str, **style):
    return html.Div(children, className="panel", id=panel_id,
                    style={"overflow": "hidden", **style})


@page_layout(PATH)
def layout(state: PageState):
    # -- the sales-and-service centres section (stock_centres.py): the whole view
    if is_centres_view(state):
        return centres_view(state)
    f, lang = state.filter, state.lang
    level, geo, base = product_level(state), geo_level(state), base_months(state)
    flag_level = "subject" if level == "subject" else "enterprise"
    wanted = {level: False, geo: False, "region": False, "subject": False, "total": False}
    if flag_level not in wanted:
        wanted[flag_level] = True  # only the flagged rows: they are all the page shows
    by_level, series = gather(lambda: q.levels(f, wanted, base, lang), lambda: q.trend(f))
    # the subjects' stock as their table rounds it (together, adding up to the total):
    # bars of subjects print the same numbers
    subjects = by_level["subject"]
    by_level = {**by_level, "subject": subjects.assign(
        stock_shown=money_columns(subjects["stock"])[0])}
    flagged = by_level[flag_level]
    if not wanted[flag_level]:
        flagged = flagged[flagged["flag"]].sort_values(["change", "key"],
                                                       ascending=[False, True])
    colors = theme.concern_colors(state.dims.concerns["concern_id"])
    month = f"{month_name(f.month_to, lang, short=True, capital=lang != 'ru')} {f.year}"
    days_unit = t("stock.days_short", lang, days="").strip()

    def bars(fig_id, df, lvl, drill):
        title = t("stock.bars_title", lang, level=t(f"stock.level.{lvl}", lang))
        fig = stock_bars(df, title, colors, top=TOP_BARS, height=ROW_HEIGHT - 10,
                         lang=lang, days_unit=days_unit, clickable=drill,
                         subtitle=t("stock.bars_sub", lang)
                         + ("<br>" + t("stock.click_hint", lang) if drill else ""))
        if df.empty:
            fig = figures.empty_figure(t("stock.empty", lang), ROW_HEIGHT - 10)
        return dcc.Graph(id=fig_id, figure=fig, config=GRAPH_CONFIG)

    regions = by_level["region"].rename(columns={"stock": "value"})
    map_fig = figures.region_map(regions, GEOJSON_URL, region_ids(), "", "value",
                                 height=ROW_HEIGHT - 50, colorbar_title=t("unit.mn_usd", lang),
                                 empty_message=t("stock.empty", lang),
                                 leaders=MAP_LEADERS if state.present else 0, lang=lang,
                                 panel_width=700)
    trend_fig = stock_trend(series, t("stock.trend_title", lang),
                            t("stock.series_stock", lang), t("stock.series_shipments", lang),
                            height=ROW_HEIGHT - 12, lang=lang,
                            empty_message=t("stock.empty", lang))
    base_text = t(f"stock.base_{base}", lang)
    flag_title = t(f"stock.flag_title_{flag_level}", lang, base=base_text)
    flag_body = (html.Div(flagged_grid(flagged, flag_level, state, base, colors),
                          className="grid-box")
                 if len(flagged) else html.Div(t("stock.flag_none", lang), className="note"))
    subjects = by_level["subject"]
    return html.Div([
        html.Div([
            centres_tabs(state, "stock"),
            breadcrumbs(view_links(state, base).trail(PRODUCT, level), "stock-crumbs-product"),
            breadcrumbs(view_links(state, base).trail(GEO, geo), "stock-crumbs-geo"),
            html.Div(view_caption(f, state.dims, lang, t("caption.month_end", lang, month=month)),
                     className="scope-line inline", id="view-caption"),
        ], className="crumb-row"),
        _kpis(state, by_level["total"], flagged, flag_level, base),
        html.Div([
            _panel(bars("stock-product-bars", by_level[level], level,
                        level != "subject" or len(f.subjects) != 1), "stock-product-panel"),
            _panel(bars("stock-geo-bars", by_level[geo], geo,
                        geo != "subject" or len(f.subjects) != 1), "stock-geo-panel"),
            _panel([html.H2(t("stock.map_title", lang, month=month), className="panel-title"),
                    dcc.Graph(id="stock-map", figure=map_fig, config=MAP_CONFIG)],
                   "stock-map-panel"),
        ], id="stock-panels-top", style=_row("31fr 31fr 38fr")),
        html.Div([
            _panel(dcc.Graph(id="stock-trend", figure=trend_fig, config=GRAPH_CONFIG),
                   "stock-trend-panel"),
            _panel([html.H2(t("stock.table_title", lang, month=month),
                            className="panel-title"),
                    html.Div(subjects_grid(subjects, state, colors, by_level["total"]),
                             className="grid-box")], "stock-subjects-panel"),
            _panel([html.H2(flag_title, className="panel-title"), flag_body],
                   "stock-flag-panel"),
        ], id="stock-panels-bottom", style=_row("25fr 42fr 33fr" if state.present else "22fr 43fr 35fr", top=0)),
        html.Div(t("stock.footnote", lang, months=_window(f, lang), base=base_text),
                 className="footnote", id="stock-footnote", style={"padding": "0 24px"}),
        dcc.Store(id="stock-drill-context", data={"level": level, "geo": geo}),
    ])


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("stock-product-bars", "clickData"),
    Input("stock-geo-bars", "clickData"),
    Input("stock-map", "clickData"),
    State("stock-drill-context", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def drill(product_click, geo_click, map_click, context, search):
    """A click on a bar or a region becomes a new URL one level down."""
    trigger = ctx.triggered_id
    click = {"stock-product-bars": product_click, "stock-geo-bars": geo_click,
             "stock-map": map_click}.get(trigger)
    key = clicked_key(click)
    if key is None:
        return no_update
    context = context if isinstance(context, dict) else {}
    if trigger == "stock-product-bars":
        new = drill_search(search, PRODUCT, str(context.get("level", "")), key)
    elif trigger == "stock-map":
        new = drill_search(search, GEO, "region", key)
    else:
        new = drill_search(search, GEO, str(context.get("geo", "")), key)
    return no_update if new is None or new == search else new


dash.register_page(
    __name__, path=PATH, name=t("nav.stock"),
    order=3, nav_key="nav.stock",
    title=page_title("title.stock"), layout=layout,
)
