"""The sales-and-service centres section of the Warehouse stock page: the whole view at
``/stock?view=centres`` (so that an agenda step shows only it), reached from the stock
view by its tab. Centres planned vs opened by federal district → region (drill) and by
concern (drill), their sales and service against the region's machinery exports, the
centres themselves, and the regions without a centre where Belarusian machinery sells.

No ``register_page`` here: ``stock.py`` draws this view when ``view=centres``. The
definitions are in ``queries/centres.py`` and in the footnote.
"""

from __future__ import annotations

from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from queries import centres as q
from queries.filters import Problem

from .. import figures
from ..components.breadcrumbs import breadcrumbs
from ..components.caption import view_caption
from ..components.drill import clicked_key
from ..components.grid import COLOR_BAR, NUMBER, data_grid, money_columns, total_row
from ..components.kpi import kpi_tile
from ..components.links import Hierarchy, Links, Rung, drill_search, markdown_link
from ..figures.centres import STATUS_COLORS, sales_bars, status_bars
from ..formatting import mn, number, pct
from ..i18n import month_name, t
from ..state import PageState

PATH = "/stock"
VIEW = "centres"
GEO_LEVELS = ("district", "region")
GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
ROW_HEIGHT = 340
TOP_BARS = 8
GEO = Hierarchy(
    "geo", {"district": ("region", "district"), "region": (None, "region")},
    root="stock.crumb.russia", clears=("district", "region", "subject"),
    rungs=(Rung("district", "region"), Rung("region", None)),
    label="stock.level.{level}")
CONCERN = Hierarchy(None, {"concern": (None, "concern")}, root="centres.crumb.all",
                    clears=("concern",), rungs=(Rung("concern", None),),
                    label="stock.level.{level}")


def is_centres_view(state: PageState) -> bool:
    """Whether the URL asks for this view (``view=centres``); another value is a
    problem the page names, and the stock view is shown."""
    asked = state.params.get("view", "").strip()
    if asked and asked != VIEW:
        state.problems.append(Problem("bad_level", {"value": asked[:24]}))
    return asked == VIEW


def geo_level(state: PageState) -> str:
    asked = state.params.get("geo", "").strip()
    if asked:
        if asked in GEO_LEVELS:
            return asked
        state.problems.append(Problem("bad_level", {"value": asked[:24]}))
    f = state.filter
    return "region" if (len(f.districts) == 1 or f.regions) else "district"


def view_links(state: PageState) -> Links:
    return Links(state, PATH, carry={"geo": GEO_LEVELS}, extra={"view": VIEW})


def tabs(state: PageState, active: str) -> html.Div:
    """Stock | Centres: the two views of the page, the filter kept."""
    stock_link = Links(state, PATH, carry={}).view(clear=("view", "geo", "level", "base"))
    links = [dcc.Link(t("centres.tab_stock", state.lang), href=stock_link,
                      className="toggle active" if active == "stock" else "toggle",
                      id="stock-tab-stock"),
             dcc.Link(t("centres.tab_centres", state.lang),
                      href=view_links(state).view(clear=("level", "base")),
                      className="toggle active" if active == VIEW else "toggle",
                      id="stock-tab-centres")]
    return html.Div(links, className="toggles stock-tabs", id="stock-tabs")


def _month(f, lang: str) -> str:
    return f"{month_name(f.month_to, lang, short=True, capital=lang != 'ru')} {f.year}"


def _period(f, lang: str) -> str:
    capital = lang != "ru"
    if f.month_from == f.month_to:
        return _month(f, lang)
    return (f"{month_name(f.month_from, lang, short=True, capital=capital)}–"
            f"{month_name(f.month_to, lang, short=True, capital=capital)} {f.year}")


def _day(d, lang: str) -> str:
    if d is None:
        return "–"
    return d.strftime("%d.%m.%Y") if lang in ("ru", "de") else d.isoformat()


def _kpis(state: PageState, total, n_uncovered: int):
    f, lang = state.filter, state.lang
    row = total.iloc[0]
    usd, month, period = t("unit.mn_usd", lang), _month(f, lang), _period(f, lang)
    growth = ((row.sales_usd / row.sales_ly_usd - 1) * 100 if row.sales_ly_usd > 0
              else float("nan"))
    tiles = [
        kpi_tile("centres-open", t("centres.kpi_open", lang, month=month),
                 f"{int(row.open):,}",
                 t("centres.kpi_open_sub", lang, planned=int(row.planned_by_m),
                   later=int(row.planned)),
                 unit=t("centres.unit_of", lang, n=int(row.planned_by_m)),
                 raw=row.open, kind="count"),
        kpi_tile("centres-overdue", t("centres.kpi_overdue", lang), f"{int(row.overdue):,}",
                 t("centres.kpi_overdue_sub", lang), tone="down" if row.overdue else "",
                 raw=row.overdue, kind="count"),
        kpi_tile("centres-sales", t("centres.kpi_sales", lang, period=period),
                 mn(row.sales_usd, lang),
                 t("centres.kpi_sales_sub", lang, growth=pct(growth, lang, signed=True),
                   units=number(row.units_sold, 0, lang)),
                 unit=usd, raw=row.sales_usd, kind="money"),
        kpi_tile("centres-share", t("centres.kpi_share", lang), pct(row.sales_pct, lang),
                 t("centres.kpi_share_sub", lang, value=mn(row.exports_usd, lang)),
                 raw=row.sales_pct, kind="pct"),
        kpi_tile("centres-service", t("centres.kpi_service", lang, period=period),
                 mn(row.service_usd, lang),
                 t("centres.kpi_service_sub", lang, orders=number(row.service_orders, 0, lang)),
                 unit=usd, raw=row.service_usd, kind="money"),
        kpi_tile("centres-uncovered", t("centres.kpi_uncovered", lang), f"{n_uncovered:,}",
                 t("centres.kpi_uncovered_sub", lang,
                   value=mn(q.UNCOVERED_MIN_USD_PER_MONTH, lang)),
                 tone="down" if n_uncovered else "", raw=n_uncovered, kind="count"),
    ]
    return html.Div(tiles, className="kpi-row", id="centres-kpis",
                    style={"gridTemplateColumns": "repeat(6, 1fr)"})


def short_centre_name(name: str) -> str:
    """A centre's name without the words every centre's name starts with (the shared
    screen reads «Белтехника-Москва» № 7)."""
    for prefix in ("Торгово-сервисный центр ", "ООО «Торгово-сервисный центр "):
        if name.startswith(prefix) and len(name) > len(prefix) + 3:
            return name[len(prefix):]
    return name


def centres_grid(df, state: PageState):
    """Every centre of the filter: status, brands, opening, sales and service in the
    period. A centre's name narrows the page to it (``subject=``)."""
    lang = state.lang
    links = view_links(state)
    sales, sales_total = money_columns(df["sales_usd"])
    service, service_total = money_columns(df["service_usd"])
    regions = state.dims.short_name_of("region", lang)
    rows = []
    for r, s, sv in zip(df.itertuples(index=False), sales, service):
        opened = r.opened_on if r.status == "open" else r.planned_opening
        rows.append({
            "name": markdown_link(r.name, links.view({"subject": str(r.subject_id)})),
            "label": r.name, "name_short": short_centre_name(r.name), "region": r.region, "region_short": regions.get(r.region_id),
            "concern": r.concern, "brands": r.brands,
            "status": t(f"centres.status.{r.status}", lang),
            "date": _day(opened, lang), "sales": s, "service": sv,
            "color": STATUS_COLORS[r.status]})
    text = {"filter": "agTextColumnFilter"}
    columns = [
        {"field": "name", "headerName": t("centres.col_centre", lang), "flex": 2.2,
         "minWidth": 190, "cellRenderer": "markdown", **text, "cellStyle": COLOR_BAR,
         "filterValueGetter": {"function": "params.data.label"}},
        {"field": "region", "headerName": t("centres.col_region", lang), "flex": 1.2,
         "minWidth": 110, **text},
        {"field": "concern", "headerName": t("centres.col_concern", lang), "flex": 1.1,
         "minWidth": 100, **text},
        {"field": "brands", "headerName": t("centres.col_brands", lang), "flex": 1.8,
         "minWidth": 140, **text},
        {"field": "status", "headerName": t("centres.col_status", lang), "flex": 0.9,
         "minWidth": 100, **text},
        {"field": "date", "headerName": t("centres.col_date", lang), "flex": 0.9,
         "minWidth": 110, **text},
        {"field": "sales", "headerName": t("centres.col_sales", lang), "flex": 0.9,
         **NUMBER, "minWidth": 100, "sort": "desc"},
        {"field": "service", "headerName": t("centres.col_service", lang), "flex": 0.9,
         **NUMBER, "minWidth": 100},
    ]
    total = total_row("name", t("col.total", lang), sales=sales_total, service=service_total)
    return data_grid("centres-grid", rows, columns, row_height=28, present_rows=6,
                     present_sum="sales", present_hide=("concern", "brands", "service"),
                     total=total if len(df) else None, fold=("brands", "concern"))


def uncovered_grid(df, state: PageState):
    """The regions without an open centre where machinery sells, largest exports first;
    a region's name narrows the page to it."""
    lang = state.lang
    links = view_links(state)
    rows = []
    for r in df.itertuples(index=False):
        planned = (t("centres.planned_on", lang, date=_day(r.next_opening, lang))
                   if r.planned else t("centres.none_planned", lang))
        rows.append({"name": markdown_link(r.name, links.view({"region": r.key},
                                                              clear=("district",))),
                     "label": r.name, "name_short": r.short,
                     "exports": round(r.exports_usd / 1e6, 1), "planned": planned})
    columns = [
        {"field": "name", "headerName": t("centres.col_region", lang), "flex": 1.6,
         "minWidth": 150, "cellRenderer": "markdown", "filter": "agTextColumnFilter",
         "filterValueGetter": {"function": "params.data.label"}},
        {"field": "exports", "headerName": t("centres.col_exports", lang), "flex": 1,
         **NUMBER, "minWidth": 110, "sort": "desc"},
        {"field": "planned", "headerName": t("centres.col_planned", lang), "flex": 1.3,
         "minWidth": 130, "filter": "agTextColumnFilter"},
    ]
    return data_grid("centres-uncovered-grid", rows, columns, row_height=28, present_rows=5,
                     present_sum="exports")


def _panel(children, panel_id: str):
    return html.Div(children, className="panel", id=panel_id, style={"overflow": "hidden"})


def _row(columns: str, top: int = 4, height: int = ROW_HEIGHT) -> dict:
    return {"display": "grid", "gap": "12px", "padding": f"{top}px 20px 8px",
            "gridTemplateColumns": columns, "gridTemplateRows": f"{height}px"}


def centres_view(state: PageState):
    """The whole centres view (``view=centres``)."""
    f, lang = state.filter, state.lang
    geo = geo_level(state)
    by_level = q.view(f, (geo, "concern"), lang)
    gaps = by_level["uncovered"]
    statuses = {s: t(f"centres.status.{s}", lang) for s in q.STATUSES}
    legend = " · ".join(f"<span style='color:{STATUS_COLORS[s]}'>■</span> {statuses[s]}"
                        for s in q.STATUSES)
    hint = "<br>" + t("stock.click_hint", lang)

    def graph(fig_id, fig):
        return dcc.Graph(id=fig_id, figure=fig, config=GRAPH_CONFIG)

    def status_fig(df, level, drill):
        title = t("centres.status_title", lang, level=t(f"stock.level.{level}", lang))
        return status_bars(df, title, statuses, top=TOP_BARS, height=ROW_HEIGHT - 10,
                           clickable=drill,
                           subtitle=t("centres.status_sub", lang, legend=legend)
                           + (hint if drill else ""))

    geo_df, concern_df = by_level[geo], by_level["concern"]
    geo_drill = geo == "district" or not f.regions
    concern_drill = len(f.concerns) != 1
    sales_fig = sales_bars(geo_df, t("centres.sales_title", lang,
                                     level=t(f"stock.level.{geo}", lang),
                                     period=_period(f, lang)),
                           top=TOP_BARS, height=ROW_HEIGHT - 10, lang=lang,
                           clickable=geo_drill,
                           subtitle=t("centres.sales_sub", lang) + (hint if geo_drill else ""),
                           of_exports=t("centres.of_exports", lang))
    if geo_df.empty:
        sales_fig = figures.empty_figure(t("centres.empty", lang), ROW_HEIGHT - 10)
    listed = by_level["centres"]
    gaps_body = (html.Div(uncovered_grid(gaps, state), className="grid-box") if len(gaps)
                 else html.Div(t("centres.uncovered_none", lang), className="note"))
    crumbs = view_links(state).trail(GEO, geo)
    return html.Div([
        html.Div([
            tabs(state, VIEW),
            breadcrumbs(crumbs, "centres-crumbs-geo"),
            *([breadcrumbs(view_links(state).trail(CONCERN, "concern"),
                           "centres-crumbs-concern")] if len(f.concerns) == 1 else []),
            html.Div(view_caption(f, state.dims, lang,
                                  t("centres.caption", lang, period=_period(f, lang))),
                     className="scope-line inline", id="view-caption"),
        ], className="crumb-row"),
        _kpis(state, by_level["total"], len(gaps)),
        html.Div([
            _panel(graph("centres-geo-bars", status_fig(geo_df, geo, geo_drill)
                         if len(geo_df) else figures.empty_figure(
                             t("centres.empty", lang), ROW_HEIGHT - 10)),
                   "centres-geo-panel"),
            _panel(graph("centres-concern-bars", status_fig(concern_df, "concern",
                                                            concern_drill)
                         if len(concern_df) else figures.empty_figure(
                             t("centres.empty", lang), ROW_HEIGHT - 10)),
                   "centres-concern-panel"),
            _panel(graph("centres-sales-bars", sales_fig), "centres-sales-panel"),
        ], id="centres-panels-top", style=_row("1fr 1fr 1fr")),
        html.Div([
            _panel([html.H2(t("centres.table_title", lang, period=_period(f, lang)),
                            className="panel-title"),
                    html.Div(centres_grid(listed, state), className="grid-box")],
                   "centres-list-panel"),
            _panel([html.H2(t("centres.uncovered_title", lang, period=_period(f, lang)),
                            className="panel-title"), gaps_body],
                   "centres-uncovered-panel"),
        ], id="centres-panels-bottom", style=_row("62fr 38fr", top=0)),
        html.Div(t("centres.footnote", lang, month=_month(f, lang),
                   threshold=mn(q.UNCOVERED_MIN_USD_PER_MONTH, lang)),
                 className="footnote", id="centres-footnote", style={"padding": "0 24px"}),
        dcc.Store(id="centres-drill-context", data={"geo": geo}),
    ], className="centres-view", id="centres-view")


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("centres-geo-bars", "clickData"),
    Input("centres-concern-bars", "clickData"),
    Input("centres-sales-bars", "clickData"),
    State("centres-drill-context", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def drill(geo_click, concern_click, sales_click, context, search):
    """A click on a bar becomes a new URL one level down (``view=centres`` kept)."""
    trigger = ctx.triggered_id
    click = {"centres-geo-bars": geo_click, "centres-concern-bars": concern_click,
             "centres-sales-bars": sales_click}.get(trigger)
    key = clicked_key(click)
    if key is None:
        return no_update
    context = context if isinstance(context, dict) else {}
    if trigger == "centres-concern-bars":
        new = drill_search(search, CONCERN, "concern", key)
    else:
        level = str(context.get("geo", ""))
        new = drill_search(search, GEO, level if level in GEO_LEVELS else "district", key)
    return no_update if new is None or new == search else new
