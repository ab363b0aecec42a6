"""Public procurement (tenders): the Belarusian enterprises' participation in Russian
44-FZ / 223-FZ procurement, win rate and value won drilled concern → enterprise,
federal district → region of the customer and by subject; losses for localisation
(the national regime) as their own line with their quarterly trend; the bids table.

The view is the URL: the filter (year and months select notices by notice date), plus
``level`` (concern|enterprise), ``geo`` (district|region) and ``what`` (a tender
subject, e.g. ``buses``). A click on a bar becomes a new URL one level down;
breadcrumbs lead back up. The definitions are in ``queries/tenders.py`` and in the
footnote.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from queries import tenders as q
from queries.engine import gather
from queries.filters import Problem

from .. import theme
from ..components.breadcrumbs import breadcrumbs
from ..components.caption import view_caption
from ..components.drill import clicked_key
from ..components.filter_bar import period_label
from ..components.grid import COLOR_BAR, NUMBER, data_grid, money_columns
from ..components.kpi import kpi_tile
from ..components.links import Hierarchy, Links, Rung, drill_search
from ..components.page_title import page_title
from ..figures import tenders as fig
from ..formatting import mn, number, pct, rounded
from ..i18n import t
from ..state import PageState, parse_search
from .common import page_layout

PATH = "/tenders"
GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
PRODUCT_LEVELS = ("concern", "enterprise")
GEO_LEVELS = ("district", "region")
SUBJECT_PARAM = "what"  # ``subject`` is the distribution subjects' filter parameter
PRODUCT = Hierarchy(
    "level", {"concern": ("enterprise", "concern"), "enterprise": (None, "enterprise")},
    root="tenders.crumb.all", clears=("concern", "enterprise"),
    rungs=(Rung("concern", "enterprise"), Rung("enterprise", None)),
    label="tenders.level.{level}")
GEO = Hierarchy("geo", {"district": ("region", "district"), "region": (None, "region")},
                root="tenders.crumb.russia", clears=("district", "region"),
                rungs=(Rung("district", "region"), Rung("region", None)),
                label="tenders.level.{level}")
WHAT = Hierarchy(None, {"": (None, SUBJECT_PARAM)})
TOP_BARS = 8
ROW_TOP, ROW_BOTTOM, MESSAGE_PX = 372, 344, 46


def product_level(state: PageState) -> str:
    f = state.filter
    default = "enterprise" if (len(f.concerns) == 1 or f.enterprises) else "concern"
    return state.choice("level", PRODUCT_LEVELS, default)


def geo_level(state: PageState) -> str:
    default = "region" if (len(state.filter.districts) == 1 or state.filter.regions) \
        else "district"
    return state.choice("geo", GEO_LEVELS, default)


def tender_subject(state: PageState) -> str | None:
    asked = state.params.get(SUBJECT_PARAM, "").strip()
    if not asked:
        return None
    if asked in q.SUBJECTS:
        return asked
    state.problems.append(Problem("tenders_bad_subject", {"value": asked[:24]}))
    return None


def view_links(state: PageState) -> Links:
    return Links(state, PATH, carry={"level": PRODUCT_LEVELS, "geo": GEO_LEVELS,
                                     SUBJECT_PARAM: q.SUBJECTS})


def subject_crumbs(state: PageState, subject: str | None) -> list[tuple[str, str | None]]:
    lang = state.lang
    if subject is None:
        return [(t("tenders.crumb.subjects", lang), None)]
    return [(t("tenders.crumb.subjects", lang),
             view_links(state).view(clear=(SUBJECT_PARAM,))),
            (t(f"tenders.subject.{subject}", lang), None)]


def kpi_row(s: dict, lang: str) -> html.Div:
    usd = t("unit.mn_usd", lang)
    tiles = [
        kpi_tile("bids", t("tenders.kpi_bids", lang), number(s["bids"], 0, lang),
                 t("tenders.kpi_bids_sub", lang, procurements=s["procurements"],
                   pending=s["pending"]), raw=s["bids"], kind="count"),
        kpi_tile("win-rate", t("tenders.kpi_win_rate", lang), pct(s["win_rate_pct"], lang),
                 t("tenders.kpi_win_rate_sub", lang, won=s["won"], decided=s["decided"]),
                 raw=s["win_rate_pct"], kind="pct"),
        kpi_tile("value-won", t("tenders.kpi_value_won", lang), mn(s["value_won"], lang),
                 t("tenders.kpi_value_won_sub", lang), unit=usd, raw=s["value_won"],
                 kind="money"),
        kpi_tile("localisation", t("tenders.kpi_localisation", lang),
                 number(s["localisation"], 0, lang),
                 t("tenders.kpi_localisation_sub", lang,
                   share=pct(s["localisation_pct"], lang),
                   value=mn(s["localisation_usd"], lang)),
                 "down" if s["localisation"] else "", raw=s["localisation"], kind="count"),
    ]
    return html.Div(tiles, className="kpi-row", id="kpi-row",
                    style={"padding": "4px 20px 6px",
                           "gridTemplateColumns": "repeat(4, minmax(0, 1fr))"})


def _r(v, scale: float = 1e6, digits: int = 1):
    return None if v is None or v != v else rounded(float(v) / scale, digits)


def bids_grid(df, state: PageState, colors: dict):
    lang = state.lang
    shorts = state.dims.short_name_of("enterprise", lang)
    regions = state.dims.short_name_of("region", lang)
    won_cells, won_total = money_columns(df["bid_usd"].where(df["outcome"] == "won"))
    rows = [{
        "date": r.notice_date.isoformat(), "notice": f"{r.notice_no} ({r.law})", "customer": r.customer,
        "region": regions.get(r.region_id, r.region),
        "subject": t(f"tenders.subject.{r.subject}", lang), "law": r.law,
        "initial": _r(r.initial_usd), "enterprise": shorts.get(r.enterprise_id, r.enterprise),
        "label": str(r.enterprise), "bid": _r(r.bid_usd),
        "outcome": t(f"tenders.outcome.{r.outcome}", lang),
        "reason": (t(f"tenders.reason.{r.loss_reason}", lang)
                   if isinstance(r.loss_reason, str) else ""),
        "color": (theme.GROWTH_DOWN if r.loss_reason == "localisation"
                  else colors.get(str(r.concern_id), theme.THIS_YEAR)),
        "won": won_cells[i]}
        for i, r in enumerate(df.itertuples())]
    num = {**NUMBER, "filter": False, "minWidth": 84}
    columns = [
        {"field": "date", "headerName": t("tenders.col_date", lang), "flex": 0.9,
         "minWidth": 110, "sort": "desc", "cellStyle": COLOR_BAR},
        {"field": "customer", "headerName": t("tenders.col_customer", lang), "flex": 2.4,
         "minWidth": 180, "filter": "agTextColumnFilter"},
        {"field": "enterprise", "headerName": t("tenders.col_enterprise", lang), "flex": 0.9,
         "minWidth": 100, "filter": "agTextColumnFilter"},
        {"field": "outcome", "headerName": t("tenders.col_outcome", lang), "flex": 0.9,
         "minWidth": 110, "filter": "agTextColumnFilter"},
        {"field": "reason", "headerName": t("tenders.col_reason", lang), "flex": 1.3,
         "minWidth": 120, "filter": "agTextColumnFilter"},
        {"field": "bid", "headerName": t("tenders.col_bid", lang), "flex": 0.7, **num},
        {"field": "initial", "headerName": t("tenders.col_initial", lang), "flex": 0.7, **num},
        {"field": "region", "headerName": t("tenders.col_region", lang), "flex": 1.1,
         "minWidth": 120, "filter": "agTextColumnFilter"},
        {"field": "subject", "headerName": t("tenders.col_subject", lang), "flex": 1.1,
         "minWidth": 120, "filter": "agTextColumnFilter"},
        {"field": "notice", "headerName": t("tenders.col_notice", lang), "flex": 1.2,
         "minWidth": 140, "filter": "agTextColumnFilter"},
    ]
    return data_grid("tenders-grid", rows, columns, row_height=28, present_rows=4,
                     present_sum="won",
                     present_hide=("notice", "initial", "region", "subject"),
                     fold=("notice", "subject", "region", "customer"))


def _panel(children, area: str, **style) -> html.Div:
    return html.Div(children, className="panel",
                    style={"gridArea": area, "overflow": "hidden", **style})


def _graph(graph_id: str, figure: dict) -> dcc.Graph:
    return dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG)


def _not_applying(state: PageState) -> None:
    f = state.filter
    if q.no_filter_applies(f):
        codes = ", ".join([*f.chapters, *f.headings, *map(str, f.subjects)][:6])
        state.problems.append(Problem("tenders_product_filter", {"codes": codes}))


@page_layout(PATH)
def layout(state: PageState):
    f, lang, dims = state.filter, state.lang, state.dims
    level, geo = product_level(state), geo_level(state)
    subject = tender_subject(state)
    _not_applying(state)
    colors = theme.concern_colors(dims.concerns["concern_id"])

    # one read of the bids at the page's grain; every aggregate is summed from it
    grain, procurements, bids = gather(
        lambda: q.grain(f, subject), lambda: q.procurement_count(f, subject),
        lambda: q.bid_list(f, subject, lang))
    summary = q.summary_of(grain, procurements)
    prod, geo_df = q.breakdown_of(grain, level, lang), q.breakdown_of(grain, geo, lang)
    subjects = q.breakdown_of(grain, "subject", lang)
    reasons, trend = q.loss_reasons_of(grain), q.localisation_trend_of(grain, f)
    squeeze = MESSAGE_PX * min(len(state.problems), 4) // 2
    top_h, bottom_h = ROW_TOP - squeeze, ROW_BOTTOM - squeeze

    def titles(lvl: str, clickable: bool) -> dict:
        return {"title": t("tenders.bars_title", lang, level=t(f"tenders.of_{lvl}", lang)),
                "subtitle": t("tenders.bars_sub_click" if clickable else "tenders.bars_sub",
                              lang)}

    can_drill = level == "concern"
    prod_fig = fig.win_bars(prod, colors=colors, **titles(level, can_drill), top=TOP_BARS,
                            height=top_h - 10, lang=lang, clickable=can_drill)
    geo_click = geo == "district"
    geo_fig = fig.win_bars(geo_df, colors=colors, **titles(geo, geo_click), top=TOP_BARS,
                           height=top_h - 10, lang=lang, clickable=geo_click)
    subject_names = {s: t(f"tenders.subject.{s}", lang) for s in q.SUBJECTS}
    what_click = subject is None
    what_fig = fig.win_bars(subjects, colors={}, **titles("subject", what_click),
                            top=TOP_BARS, height=top_h - 10, lang=lang,
                            clickable=what_click, names=subject_names)
    trend = trend.assign(label=[t("tenders.quarter", lang, year=d.year, q=(d.month + 2) // 3)
                                for d in trend["quarter"]])
    trend_fig = fig.localisation_trend(
        trend, t("tenders.trend_title", lang),
        {"localisation": t("tenders.series_localisation", lang),
         "other": t("tenders.series_other", lang), "won": t("tenders.series_won", lang)},
        subtitle=t("tenders.trend_sub", lang), height=bottom_h - 10, lang=lang)
    reason_fig = fig.reason_bars(reasons, {r: t(f"tenders.reason.{r}", lang)
                                           for r in q.REASONS},
                                 t("tenders.reasons_title", lang), height=bottom_h - 10,
                                 lang=lang)
    grid = bids_grid(bids, state, colors)

    links = view_links(state)
    crumb_row = [breadcrumbs(links.trail(PRODUCT, level), "tnd-crumbs-product"),
                 breadcrumbs(links.trail(GEO, geo), "tnd-crumbs-geo"),
                 breadcrumbs(subject_crumbs(state, subject), "tnd-crumbs-subject"),
                 html.Div(view_caption(f, dims, lang, t("tenders.period", lang,
                                                         period=period_label(f, lang))),
                          className="scope-line inline", id="scope-line")]
    grid_style = {"display": "grid", "gap": "10px", "padding": "2px 20px 4px",
                  "gridTemplateColumns": "1fr 1fr 1fr 1.1fr",
                  "gridTemplateRows": f"{top_h}px {bottom_h}px",
                  "gridTemplateAreas": '"product geo what reasons" "trend trend table table"'}
    return html.Div([
        html.Div(crumb_row, className="crumb-row", style={"padding": "6px 20px 2px"}),
        kpi_row(summary, lang),
        html.Div([
            _panel(_graph("tnd-product-bars", prod_fig), "product"),
            _panel(_graph("tnd-geo-bars", geo_fig), "geo"),
            _panel(_graph("tnd-subject-bars", what_fig), "what"),
            _panel(_graph("tnd-reasons", reason_fig), "reasons"),
            _panel(_graph("tnd-trend", trend_fig), "trend"),
            _panel([html.Div([html.H2(t("tenders.table_title", lang), className="panel-title",
                                      style={"fontSize": "18px"})], className="panel-head"),
                    html.Div(grid, className="grid-box")], "table"),
        ], style=grid_style, id="tenders-grid-layout"),
        html.Div(t("tenders.definitions", lang), className="footnote",
                 style={"padding": "0 20px"}),
        dcc.Store(id="tnd-drill-context", data={"level": level, "geo": geo}),
    ], className="tenders-page")


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("tnd-product-bars", "clickData"),
    Input("tnd-geo-bars", "clickData"),
    Input("tnd-subject-bars", "clickData"),
    State("tnd-drill-context", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def drill(product_click, geo_click, subject_click, context, search):
    """A click on a bar becomes a new URL one level down."""
    trigger = ctx.triggered_id
    click = {"tnd-product-bars": product_click, "tnd-geo-bars": geo_click,
             "tnd-subject-bars": subject_click}.get(trigger)
    key = clicked_key(click)
    if key is None:
        return no_update
    context = context if isinstance(context, dict) else {}
    if trigger == "tnd-product-bars":
        new = drill_search(search, PRODUCT, str(context.get("level", "")), key)
    elif trigger == "tnd-subject-bars":
        if key not in q.SUBJECTS or parse_search(search).get(SUBJECT_PARAM):
            return no_update
        new = drill_search(search, WHAT, "", key)
    else:
        new = drill_search(search, GEO, str(context.get("geo", "")), key)
    return no_update if new is None or new == search else new


dash.register_page(
    __name__, path=PATH, name=t("nav.tenders"),
    order=7, nav_group="nav.topics",
    title=page_title("title.tenders"), layout=layout,
)
