"""Curators of Russian regions: each official's regions with their exports against last
year and against the regions' share of the target path, the trend, the stock in the
distribution network there and the overdue receivables of debtors there.

Three levels, all in the URL (definitions: ``queries/curators.py`` and the footnote):

* ``/curators`` — the ranking of every curator with regions in the period (``rank=``
  ``growth``, the default, or ``target``); a click on a curator's bar or name opens
* ``/curators?curator=<id>`` — the curator's card: who, their regions' figures, the
  monthly curve against last year and the target path, the regions and the history
  of assignments; a click on a region opens
* ``/curators?curator=<id>&region=<code>`` — that region: its figures and the concerns
  exporting there (links to the Exports page for the region).

``curator=`` is the filter every page reads (``queries.filters.with_curators``); here
one curator is the card, several are a ranking of those. Breadcrumbs lead back up.
"""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from queries import curators as q
from queries import exports as xq
from queries.filters import Problem

from .. import figures, theme
from ..components.breadcrumbs import breadcrumbs
from ..components.caption import with_filter
from ..components.drill import clicked_key
from ..components.filter_bar import period_label
from ..components.grid import NUMBER, data_grid
from ..components.kpi import kpi_tile
from ..components.links import Links, markdown_link, search_with_blanks
from ..components.page_title import page_title
from ..figures import curators as fig
from ..formatting import day, mn, pct, rounded
from ..i18n import month_name, t
from ..state import PageState, parse_search
from .common import page_layout

PATH = "/curators"
GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
MAIN_HEIGHT = 700      # the ranking's chart and table on a 1080-pixel screen
CARD_TOP, CARD_BOTTOM = 400, 270
MESSAGE_PX = 46        # a message line above the content takes about this much
TREND_MARK = {"up": "▲", "down": "▼", "flat": "▶"}
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!<>|"})


def _r(v, scale: float = 1e6, digits: int = 1):
    return None if v is None or v != v else rounded(float(v) / scale, digits)


def view_links(state: PageState) -> Links:
    return Links(state, PATH, carry={"rank": q.SORTS})


def rank_choice(state: PageState) -> str:
    asked = state.params.get("rank", "").strip()
    if not asked:
        return "growth"
    if asked in q.SORTS:
        return asked
    state.problems.append(Problem("bad_level", {"value": asked[:24]}))
    return "growth"


def view_level(state: PageState) -> str:
    """ranking (no curator or several), card (one curator), region (one curator and
    one region)."""
    f = state.filter
    if len(f.curators) != 1:
        return "ranking"
    return "region" if len(f.named_regions) == 1 else "card"


def _squeeze(state: PageState) -> int:
    return MESSAGE_PX * min(len(state.problems), 4)


def _body_short(body: str, concern_id, state: PageState) -> str:
    """The body for a chart: the concern's short name, or the initials of a body that is
    none ("Министерство иностранных дел" → "МИД")."""
    if isinstance(concern_id, str) and concern_id:
        return state.dims.short_name_of("concern", state.lang).get(concern_id, body)
    words = str(body).split()
    return "".join(w[0].upper() for w in words) if len(str(body)) > 20 else str(body)


def _trend_text(trend, trend_pct, lang: str) -> str:
    if trend is None or trend_pct is None or trend_pct != trend_pct:
        return "–"
    return f"{TREND_MARK[trend]} {pct(trend_pct, lang, signed=True)}"


def _tone(v) -> str:
    if v is None or v != v or v == 0:
        return ""
    return "up" if v > 0 else "down"


def crumbs(state: PageState, level: str, who: dict | None = None) -> list:
    lang, links = state.lang, view_links(state)
    if level == "ranking":
        label = t("curators.crumb.all", lang)
        if state.filter.curators:  # several chosen: the root shows them all
            return [(label, links.view(clear=("curator", "region"))),
                    (t("curators.crumb.chosen", lang, n=len(state.filter.curators)), None)]
        return [(label, None)]
    trail = [(t("curators.crumb.all", lang), links.view(clear=("curator", "region")))]
    name = who["name"] if who else str(state.filter.curators[0])
    if level == "card":
        return trail + [(name, None)]
    region = state.filter.named_regions[0]
    return trail + [(name, links.view(clear=("region",))),
                    (state.dims.name_of("region", lang).get(region, region), None)]


def kpis_ranking(df: pd.DataFrame, union: dict, state: PageState) -> html.Div:
    lang = state.lang
    usd = t("unit.mn_usd", lang)
    n = len(df)
    growing = int((df["growth_pct"] > 0).sum()) if n else 0
    with_path = int(df["fulfilment_pro_rata_pct"].notna().sum()) if n else 0
    on_path = int((df["fulfilment_pro_rata_pct"] >= 100).sum()) if n else 0
    month = _month(state)
    tiles = [
        kpi_tile("curators", t("curators.kpi_curators", lang), str(n),
                 t("curators.kpi_curators_sub", lang, regions=union["n_regions"],
                    all=len(state.dims.regions)), raw=n, kind="count"),
        kpi_tile("exports", t("curators.kpi_exports", lang), mn(union["value"], lang),
                 t("curators.kpi_exports_sub", lang,
                    growth=pct(union["growth_pct"], lang, signed=True),
                    ly=mn(union["value_ly"], lang)), _tone(union["growth_pct"]), usd,
                 raw=union["value"], kind="money"),
        kpi_tile("growing", t("curators.kpi_growing", lang), f"{growing} / {n}",
                 t("curators.kpi_growing_sub", lang), raw=growing, kind="count"),
        kpi_tile("on-path", t("curators.kpi_on_path", lang),
                 f"{on_path} / {with_path}" if with_path else "–",
                 t("curators.kpi_on_path_sub", lang), raw=on_path if with_path else None,
                 kind="count"),
        kpi_tile("stock", t("curators.kpi_stock", lang, month=month),
                 mn(union["stock"], lang), t("curators.kpi_union_sub", lang), unit=usd,
                 raw=union["stock"], kind="money"),
        kpi_tile("overdue", t("curators.kpi_overdue", lang, month=month),
                 mn(union["overdue"], lang), t("curators.kpi_union_sub", lang), unit=usd,
                 raw=union["overdue"], kind="money"),
    ]
    return html.Div(tiles, className="kpi-row", id="kpi-row",
                    style={"padding": "4px 20px 6px",
                           "gridTemplateColumns": "repeat(6, minmax(0, 1fr))"})


def kpis_card(total: dict, state: PageState) -> html.Div:
    lang = state.lang
    usd = t("unit.mn_usd", lang)
    month = _month(state)
    due = total["target_due"]
    tiles = [
        kpi_tile("exports", t("curators.kpi_exports", lang), mn(total["value"], lang),
                 t("curators.kpi_exports_sub", lang,
                    growth=pct(total["growth_pct"], lang, signed=True),
                    ly=mn(total["value_ly"], lang)), _tone(total["growth_pct"]), usd,
                 raw=total["value"], kind="money"),
        kpi_tile("path", t("curators.kpi_path", lang),
                 pct(total["fulfilment_pro_rata_pct"], lang) if due == due else "–",
                 t("curators.kpi_path_sub", lang, due=mn(due, lang),
                    gap=mn(total["gap_to_path"], lang, signed=True))
                 if due == due else t("curators.no_target", lang),
                 _tone((total["fulfilment_pro_rata_pct"] or 0) - 100
                       if due == due else None), raw=total["fulfilment_pro_rata_pct"],
                 kind="pct"),
        kpi_tile("trend", t("curators.kpi_trend", lang),
                 _trend_text(total["trend"], total["trend_pct"], lang),
                 t("curators.kpi_trend_sub", lang, value=mn(total["value_3m"], lang),
                    ly=mn(total["value_3m_ly"], lang)), _tone(total["trend_pct"]),
                 raw=total["trend_pct"], kind="growth"),
        kpi_tile("stock", t("curators.kpi_stock", lang, month=month),
                 mn(total["stock"], lang), t("curators.kpi_stock_sub", lang), unit=usd,
                 raw=total["stock"], kind="money"),
        kpi_tile("overdue", t("curators.kpi_overdue", lang, month=month),
                 mn(total["overdue"], lang),
                 t("curators.kpi_overdue_sub", lang,
                    share=pct(total["overdue"] / total["receivable_total"] * 100, lang)
                    if total["receivable_total"] else "–"), unit=usd,
                 raw=total["overdue"], kind="money"),
        kpi_tile("regions", t("curators.kpi_regions", lang), str(total["n_regions"]),
                 _shorten_list(total["region_names"], 60), raw=total["n_regions"],
                 kind="count"),
    ]
    return html.Div(tiles, className="kpi-row", id="kpi-row",
                    style={"padding": "4px 20px 6px",
                           "gridTemplateColumns": "repeat(6, minmax(0, 1fr))"})


def _shorten_list(text: str, n: int) -> str:
    if len(text) <= n:
        return text
    cut = text.rfind(",", 0, n)
    rest = text[cut + 1:].count(",") + 1 if cut > 0 else 0
    return (text[:cut] + f" +{rest}") if cut > 0 else text[:n]


def _month(state: PageState) -> str:
    d = state.filter.end
    return f"{month_name(d.month, state.lang, short=True, capital=state.lang != 'ru')} {d.year}"


def _num(field: str, header: str, flex: float = 1, **extra) -> dict:
    return {"field": field, "headerName": header, "flex": flex, **NUMBER, "minWidth": 80,
            "filter": False, **extra}


def ranking_grid(df: pd.DataFrame, state: PageState):
    lang, links = state.lang, view_links(state)
    rows = [{
        "rank": int(r.rank),
        "curator": markdown_link(r.name, links.view({"curator": r.curator_id},
                                                     clear=("region",)))
        + "  \n" + _body_short(r.body, r.concern_id, state).translate(_MD_SPECIAL),
        "label": str(r.name), "curator_short": fig.short_person(r.name),
        "body": str(r.body), "body_short": _body_short(r.body, r.concern_id, state),
        "regions": str(r.region_names),
        "value": _r(r.value), "growth": _r(r.growth_pct, 1),
        "path": _r(r.fulfilment_pro_rata_pct, 1),
        "trend": _trend_text(r.trend, r.trend_pct, lang),
        "stock": _r(r.stock), "overdue": _r(r.overdue),
        "color": theme.GROWTH_UP if (r.growth_pct == r.growth_pct and r.growth_pct > 0)
        else theme.GROWTH_DOWN} for r in df.itertuples()]
    columns = [
        {"field": "rank", "headerName": "#", "width": 64, "maxWidth": 70, **NUMBER,
         "minWidth": 56, "filter": False,
         "valueFormatter": {"function": "params.value"}},
        {"field": "curator", "headerName": t("curators.col_curator", lang), "flex": 2,
         "minWidth": 170, "cellRenderer": "markdown", "filter": "agTextColumnFilter",
         "wrapText": True, "autoHeight": True,
         "filterValueGetter": {"function": "params.data.label"},
         "comparator": {"function": "(a, b, na, nb) => na.data.label.localeCompare("
                                    "nb.data.label)"}},
        {"field": "regions", "headerName": t("curators.col_regions", lang), "flex": 1.8,
         "minWidth": 150, "filter": "agTextColumnFilter", "wrapText": True,
         "autoHeight": True},
        _num("value", t("curators.col_value", lang)),
        _num("growth", t("curators.col_growth", lang)),
        _num("path", t("curators.col_path", lang)),
        # (the shared screen's larger type needs more; it leaves out body and stock)
        {"field": "trend", "headerName": t("curators.col_trend", lang), "flex": 1.2,
         "minWidth": 150 if state.present else 124, "type": "rightAligned",
         "filter": False},
        _num("stock", t("curators.col_stock", lang)),
        _num("overdue", t("curators.col_overdue", lang)),
    ]
    # the shared screen reads one line per curator: the regions (several lines each
    # there) are on the card and in the analysts' table and downloads
    return data_grid("curators-grid", rows, columns, row_height=30, present_rows=15,
                     present_sum="value", present_hide=("stock", "regions"))


def regions_grid(df: pd.DataFrame, state: PageState):
    lang, links = state.lang, view_links(state)
    rows = [{
        "region": markdown_link(r.name, links.view({"region": r.region_id})),
        "label": str(r.name), "region_short": str(r.short),
        "since": day(r.assigned_from, lang) if r.assigned_from else "",
        "until": day(r.assigned_to, lang) if r.assigned_to else "",
        "value": _r(r.value), "growth": _r(r.growth_pct, 1),
        "path": _r(r.fulfilment_pro_rata_pct, 1),
        "trend": _trend_text(r.trend, r.trend_pct, lang),
        "stock": _r(r.stock), "overdue": _r(r.overdue)} for r in df.itertuples()]
    columns = [
        {"field": "region", "headerName": t("curators.col_region", lang), "flex": 2,
         "minWidth": 180, "cellRenderer": "markdown", "filter": "agTextColumnFilter",
         "filterValueGetter": {"function": "params.data.label"}},
        {"field": "since", "headerName": t("curators.col_since", lang), "flex": 1,
         "minWidth": 110},
        {"field": "until", "headerName": t("curators.col_until", lang), "flex": 1,
         "minWidth": 110},
        _num("value", t("curators.col_value", lang), sort="desc"),
        _num("growth", t("curators.col_growth", lang)),
        _num("path", t("curators.col_path", lang)),
        {"field": "trend", "headerName": t("curators.col_trend", lang), "flex": 1,
         "minWidth": 132, "type": "rightAligned", "filter": False},
        _num("stock", t("curators.col_stock", lang)),
        _num("overdue", t("curators.col_overdue", lang)),
    ]
    return data_grid("curators-regions-grid", rows, columns, row_height=30,
                     present_rows=5, present_sum="value",
                     present_hide=("since", "until", "trend"))


def history_grid(df: pd.DataFrame, state: PageState):
    lang = state.lang
    rows = [{"region": str(r.name), "since": day(r.date_from, lang),
             "until": day(r.date_to, lang) if r.date_to else t("curators.still", lang),
             "in_period": t("curators.yes", lang) if r.in_period else ""}
            for r in df.itertuples()]
    columns = [
        {"field": "region", "headerName": t("curators.col_region", lang), "flex": 2,
         "minWidth": 180, "filter": "agTextColumnFilter"},
        {"field": "since", "headerName": t("curators.col_since", lang), "flex": 1,
         "minWidth": 110},
        {"field": "until", "headerName": t("curators.col_until", lang), "flex": 1,
         "minWidth": 110},
        {"field": "in_period", "headerName": t("curators.col_in_period", lang), "flex": 1,
         "minWidth": 110},
    ]
    return data_grid("curators-history-grid", rows, columns, row_height=30, present_rows=4)


def _panel(children, area: str, **style) -> html.Div:
    return html.Div(children, className="panel curators-panel",
                    style={"gridArea": area, "overflow": "hidden", **style})


def _graph(graph_id: str, figure: dict) -> dcc.Graph:
    return dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG)


def _titled(title: str, grid, extra=None) -> list:
    head = [html.H2(title, className="panel-title", style={"fontSize": "18px"})]
    if extra is not None:
        head.append(extra)
    return [html.Div(head, className="panel-head"), html.Div(grid, className="grid-box")]


def ranking_view(state: PageState):
    f, lang = state.filter, state.lang
    sort = rank_choice(state)
    # the regions' figures and the curators' holdings once for the ranking and the KPIs
    figs, held = q.region_figures(f), q.holdings(f)
    df = q.ranking(f, lang, sort, figs=figs, held=held)
    union = q.summary(f, figs=figs, held=held)
    df = df.assign(body_short=[_body_short(b, c, state)
                               for b, c in zip(df["body"], df["concern_id"])])
    period = period_label(f, lang)
    h = MAIN_HEIGHT - _squeeze(state)
    metric = "growth_pct" if sort == "growth" else "fulfilment_pro_rata_pct"
    bars = fig.ranking_bars(
        df, t(f"curators.bars_title_{sort}", lang), metric=metric,
        subtitle=t("curators.bars_sub", lang), height=h - 10, lang=lang,
        empty_message=t("curators.none", lang), label_room=2.0 if state.present else 2.8)
    links = view_links(state)
    toggles = links.toggles("rank", q.SORTS, sort,
                            {s: t(f"curators.rank_{s}", lang) for s in q.SORTS},
                            default="growth", id_prefix="cur-rank-")
    layout = {"display": "grid", "gap": "10px", "padding": "2px 20px 4px",
              # the analysts' table has more columns than the shared screen's
              "gridTemplateColumns": "1.05fr 1.35fr" if state.present else "0.8fr 1.6fr", "gridTemplateRows": f"{h}px",
              "gridTemplateAreas": '"bars table"'}
    return [
        html.Div([breadcrumbs(crumbs(state, "ranking"), "cur-crumbs"), toggles,
                  html.Div(with_filter(f, state.dims, lang, period),
                           className="scope-line inline", id="scope-line")],
                 className="crumb-row", style={"padding": "6px 20px 2px"}),
        kpis_ranking(df, union, state),
        html.Div([
            _panel(_graph("cur-ranking-bars", bars), "bars"),
            _panel(_titled(t("curators.table_title", lang, period=period),
                           ranking_grid(df, state)), "table"),
        ], style=layout, id="curators-layout"),
        dcc.Store(id="cur-drill-context", data={"level": "ranking"}),
    ]


def card_view(state: PageState, level: str):
    f, lang = state.filter, state.lang
    cid = f.curators[0]
    c = q.card(f, cid, lang)
    if c is None:  # (the filter checked the id: only a curator deleted meanwhile)
        state.problems.append(Problem("unknown_codes", {"field": "curator",
                                                        "values": str(cid), "n": 1}))
        return ranking_view(state)
    who, total = c["curator"], c["total"]
    period = period_label(f, lang)
    links = view_links(state)
    # the scope line names the URL's own filter, not the curator's regions again
    head = html.Div([
        html.Div([breadcrumbs(crumbs(state, level, who), "cur-crumbs"),
                  html.Div(with_filter(q.open_filter(f), state.dims, lang, period),
                           className="scope-line inline", id="scope-line")],
                 className="crumb-row", style={"padding": "6px 20px 0"}),
        html.Div(f"{who['post']} · {who['body']}", className="curator-post",
                 id="curator-post"),
    ])
    if total is None:
        return [head, html.Div(t("curators.no_regions", lang, period=period),
                               className="message", id="curator-no-regions"),
                html.Div(_titled(t("curators.history_title", lang),
                                 history_grid(c["history"], state)),
                         className="panel", style={"height": "420px", "margin": "10px 20px"}),
                dcc.Store(id="cur-drill-context", data={"level": level})]
    squeeze = _squeeze(state) // 2
    top_h, bottom_h = CARD_TOP - squeeze, CARD_BOTTOM - squeeze
    regions = c["regions"]
    target_label = t("curators.series_path", lang)
    monthly = c["monthly"]
    curve = figures.cumulative_figure(monthly, f.year, t("curators.monthly_title", lang),
                                      target_label, height=top_h - 10, lang=lang) \
        if monthly is not None else figures.empty_figure("", top_h - 10)
    if level == "card":
        bars = fig.region_bars(regions, t("curators.regions_bars_title", lang),
                               subtitle=t("curators.regions_bars_sub", lang),
                               height=top_h - 10, lang=lang)
        left = _panel(_graph("cur-region-bars", bars), "bars")
    else:
        by_concern = xq.breakdown(f, "concern", lang)
        colors = theme.concern_colors(state.dims.concerns["concern_id"])
        bars = figures.breakdown_bars(by_concern, t("curators.concern_bars_title", lang),
                                      colors, top=8, height=top_h - 10, lang=lang,
                                      clickable=False)
        region = f.named_regions[0]
        left = _panel([_graph("cur-concern-bars", bars),
                       dcc.Link(t("curators.open_exports", lang),
                                href=links.to("/exports", {"region": region, "geo": "region"},
                                              clear=("curator",)),
                                className="toggle", id="cur-exports-link")], "bars")
    layout = {"display": "grid", "gap": "10px", "padding": "2px 20px 4px",
              "gridTemplateColumns": "1fr 1.1fr 1fr",
              "gridTemplateRows": f"{top_h}px {bottom_h}px",
              "gridTemplateAreas": '"bars curve history" "table table table"'}
    return [
        head,
        kpis_card(total, state),
        html.Div([
            left,
            _panel(_graph("cur-monthly", curve), "curve"),
            _panel(_titled(t("curators.history_title", lang),
                           history_grid(c["history"], state)), "history"),
            _panel(_titled(t("curators.regions_title", lang, period=period),
                           regions_grid(regions, state)), "table"),
        ], style=layout, id="curators-layout"),
        dcc.Store(id="cur-drill-context", data={"level": level}),
    ]


@page_layout(PATH)
def layout(state: PageState):
    level = view_level(state)
    # the filter bar (built after this) offers curators on a card; the ranking lists them
    # all already, and one more control would cut the bar's labels at 1920 px
    state.curator_control = level != "ranking"
    body = ranking_view(state) if level == "ranking" else card_view(state, level)
    return html.Div([*body,
                     html.Div(t("curators.definitions", state.lang), className="footnote",
                              style={"padding": "0 20px"})],
                    className="curators-page", id="curators-page")


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("cur-ranking-bars", "clickData"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def drill_curator(click, search):
    """A click on a curator's bar opens the curator's card."""
    key = clicked_key(click)
    if key is None or not key.isdigit():
        return no_update
    params = parse_search(search)
    params["curator"] = key
    params.pop("region", None)
    new = search_with_blanks(params)
    return no_update if new == search else new


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("cur-region-bars", "clickData"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def drill_region(click, search):
    """A click on a region's bar on the card opens that region."""
    key = clicked_key(click)
    if key is None or ctx.triggered_id != "cur-region-bars":
        return no_update
    params = parse_search(search)
    params["region"] = key
    new = search_with_blanks(params)
    return no_update if new == search else new


dash.register_page(
    # one link in the header for all the working group's subjects (/topics lights it)
    __name__, path=PATH, name=t("nav.curators", "en"), order=5, nav_group="nav.topics",
    title=page_title("title.curators"), layout=layout,
)
