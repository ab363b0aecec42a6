"""Overview: the headline figures, this year against last year and the target path,
and the league table of concerns."""

from __future__ import annotations

import dash
from dash import dcc, html

from queries import exports as q
from queries.engine import gather
from queries.positions import overdue_position, stock_position

from .. import figures, theme
from ..components.filter_bar import describe, period_label
from ..components.grid import COLOR_BAR, NUMBER, data_grid
from ..components.kpi import kpi_tile
from ..formatting import mn, pct
from ..i18n import month_name, t
from ..state import PageState
from .common import page_layout

GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}


def _kpis(state: PageState, k: dict, st: dict, od: dict):
    f, lang = state.filter, state.lang
    period = period_label(f, lang)
    usd = t("unit.mn_usd", lang)
    tone = "up" if (k["growth_pct"] or 0) >= 0 else "down"
    tiles = [
        kpi_tile("exports", t("kpi.exports", lang, period=period),
                 mn(k["value"], lang),
                 t("kpi.exports_sub", lang, value=f"{mn(k['value_ly'], lang)} {usd}"),
                 unit=usd),
        kpi_tile("growth", t("kpi.growth", lang), pct(k["growth_pct"], lang, signed=True),
                 t("kpi.growth_sub", lang, change=f"{mn(k['change'], lang, signed=True)} {usd}"),
                 tone),
    ]
    if k["target"] is not None:
        status = q.status_of(k["fulfilment_pro_rata_pct"])
        tiles.append(kpi_tile("target", t("kpi.target", lang),
                              pct(k["fulfilment_pro_rata_pct"], lang),
                              t("kpi.target_sub", lang, year=f.year,
                                value=f"{mn(k['target'], lang)} {usd}"), f"status-{status}"))
        fc_sub = t("kpi.forecast_sub", lang, pct=pct(k["forecast_vs_target_pct"], lang))
    else:
        tiles.append(kpi_tile("target", t("kpi.target", lang), "–", t("kpi.no_target", lang)))
        fc_sub = t("kpi.forecast_sub_no_target", lang,
                   value=f"{mn(k['value_ly_full'], lang)} {usd}")
    tiles.append(kpi_tile("forecast", t("kpi.forecast", lang),
                          mn(k["forecast"], lang), fc_sub, unit=usd))
    month = f"{month_name(f.month_to, lang, short=True, capital=lang != 'ru')} {f.year}"
    st_change = (st["value"] / st["value_ly"] - 1) * 100 if st["value_ly"] else float("nan")
    tiles.append(kpi_tile("stock", t("kpi.stock", lang, month=month),
                          mn(st["value"], lang),
                          unit=usd, sub=t("kpi.stock_sub", lang, change=pct(st_change, lang, signed=True))))
    share = od["overdue"] / od["total"] * 100 if od["total"] else float("nan")
    tiles.append(kpi_tile("overdue", t("kpi.overdue", lang, month=month),
                          mn(od["overdue"], lang),
                          unit=usd, sub=t("kpi.overdue_sub", lang, share=pct(share, lang))))
    return html.Div(tiles, className="kpi-row", id="kpi-row")


def _league_grid(state: PageState, df):
    f, lang = state.filter, state.lang
    colors = theme.concern_colors(state.dims.concerns["concern_id"])
    rows = [{
        "key": r.key, "name": r.name,
        "value": round(r.value / 1e6, 1), "growth": _r(r.change_pct),
        "fulfilment": _r(r.fulfilment_pro_rata_pct),
        "forecast": _r(r.forecast_vs_target_pct),
        "status": t(f"status.{r.status}", lang), "status_key": r.status,
        "color": colors.get(r.key),
    } for r in df.itertuples()]
    columns = [
        {"field": "name", "headerName": t("col.concern", lang), "flex": 1, "minWidth": 200,
         "filter": "agTextColumnFilter", "cellStyle": COLOR_BAR},
        {"field": "value", "headerName": t("col.value", lang), **NUMBER, "width": 122,
         "sort": "desc"},
        {"field": "growth", "headerName": t("col.growth", lang), **NUMBER, "width": 106},
        {"field": "fulfilment", "headerName": t("col.fulfilment", lang), **NUMBER,
         "width": 118},
        {"field": "forecast", "headerName": t("col.forecast", lang), **NUMBER, "width": 124},
        {"field": "status", "headerName": t("col.status", lang), "width": 136,
         "cellClassRules": {f"status-{s}": f"params.data.status_key == '{s}'"
                            for s in theme.STATUS}},
    ]
    grid = data_grid("league-grid", rows, columns, row_height=25)
    return html.Div([
        html.H2(t("league.title", lang, period=period_label(f, lang)), className="panel-title"),
        html.Div(grid, className="grid-box"),
    ], className="panel league-panel")


def _r(v):
    return None if v is None or v != v else round(float(v), 1)


@page_layout("/")
def layout(state: PageState):
    f, lang = state.filter, state.lang
    target = q.target_value(f)  # once, for the KPIs and the target path
    league, series, st, od = gather(lambda: q.league(f, lang), lambda: q.monthly(f, target),
                                    lambda: stock_position(f), lambda: overdue_position(f))
    kpi_row = _kpis(state, q.kpis(f, by_concern=league, target=target), st, od)
    target_label = t("series.target", lang, year=f.year)
    monthly = figures.monthly_figure(series, f.year, t("chart.monthly", lang), target_label,
                                     height=330, lang=lang)
    cumulative = figures.cumulative_figure(
        series, f.year, t("chart.cumulative", lang, month=month_name(f.month_from, lang)),
        target_label, height=305, lang=lang)
    return html.Div([
        html.Div(describe(f, state) + " · " + period_label(f, lang), className="scope-line",
                 id="scope-line"),
        kpi_row,
        html.Div([
            html.Div([
                html.Div(dcc.Graph(id="monthly-chart", figure=monthly, config=GRAPH_CONFIG),
                         className="panel"),
                html.Div([dcc.Graph(id="cumulative-chart", figure=cumulative,
                                    config=GRAPH_CONFIG),
                          html.Div(t("kpi.forecast_method", lang), className="footnote")],
                         className="panel"),
            ], className="col-main"),
            _league_grid(state, league),
        ], className="overview-grid"),
    ])


dash.register_page(
    __name__, path="/", name=t("nav.overview"),
    order=0, nav_key="nav.overview",
    title=t("title.overview"), layout=layout,
)
