"""Overview: the headline figures, this year against last year and the target path,
and the league table of concerns."""

from __future__ import annotations

import dash
from dash import dcc, html

from queries import expectations as qe
from queries import exports as q
from queries import forecast
from queries.engine import gather
from queries.positions import overdue_position, stock_position

from .. import figures, theme
from ..components.filter_bar import describe, period_label
from ..components.grid import COLOR_BAR, NUMBER, data_grid, money_columns, total_row
from ..components.kpi import kpi_tile
from ..components.page_title import page_title
from ..figures.expectations import history_figure
from ..formatting import mn, number, pct, rounded
from ..i18n import month_name, t
from ..state import PageState
from .common import page_layout

GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}


def _target_tile(state: PageState, k: dict):
    """Fulfilment to date, and which target applies to the filter (one national target,
    split by concern and by oblast), or why none does."""
    f, lang = state.filter, state.lang
    usd = t("unit.mn_usd", lang)
    basis = k["target_basis"]
    if k["target"] is None:
        reason = "kpi.no_target" if basis == "finer" else "kpi.no_target_missing"
        return kpi_tile("target", t("kpi.target", lang), t("kpi.no_target_value", lang),
                        t(reason, lang, year=f.year), kind="pct")
    value = f"{mn(k['target'], lang)} {usd}"
    if basis in ("concerns", "oblasts"):
        codes = f.concerns if basis == "concerns" else f.oblasts
        level = basis[:-1]
        names = state.dims.short_name_of(level, lang)
        who = (names.get(codes[0], codes[0]) if len(codes) == 1
               else t(f"kpi.target_of_n_{basis}", lang, n=len(codes)))
        sub = t(f"kpi.target_sub_{level}", lang, who=who, year=f.year, value=value)
    else:
        sub = t(f"kpi.target_sub_{basis}", lang, year=f.year, value=value)
    status = q.status_of(k["fulfilment_pro_rata_pct"])
    return kpi_tile("target", t("kpi.target", lang), pct(k["fulfilment_pro_rata_pct"], lang),
                    sub, f"status-{status}", raw=k["fulfilment_pro_rata_pct"], kind="pct")


def _forecast_tile(state: PageState, k: dict, ex: dict | None = None):
    """The full-year forecast; where a target applies, its share of the target and the
    bodies' own expectation beside it (``queries.expectations.total``)."""
    lang = state.lang
    ex = ex or {}
    usd = t("unit.mn_usd", lang)
    how = k["forecast_method"]
    if how == forecast.NO_MONTHS:
        return kpi_tile("forecast", t("kpi.forecast", lang), "–",
                        t("kpi.forecast_none", lang), kind="money")
    if k["target"] is not None and ex.get("expected") is not None:
        mark = "▲ " if ex["expectation_flag"] else ""
        sub = t("expect.kpi_sub", lang, forecast=pct(k["forecast_vs_target_pct"], lang),
                expected=mark + pct(ex["expected_vs_target_pct"], lang))
    elif k["target"] is not None and ex.get("missing"):
        sub = t("expect.kpi_sub_missing", lang,
                forecast=pct(k["forecast_vs_target_pct"], lang),
                n=ex["bodies"] - ex["missing"], total=ex["bodies"])
    elif k["target"] is not None:
        sub = t("kpi.forecast_sub", lang, pct=pct(k["forecast_vs_target_pct"], lang))
    elif k["value_ly_full"] > 0:
        sub = t("kpi.forecast_sub_no_target", lang,
                value=f"{mn(k['value_ly_full'], lang)} {usd}")
    else:
        sub = t("kpi.forecast_sub_no_ly", lang)
    label = t("kpi.forecast_actual" if how == forecast.ACTUAL else "kpi.forecast", lang)
    return kpi_tile("forecast", label, mn(k["forecast"], lang), sub, unit=usd,
                    raw=k["forecast"], kind="money")


def forecast_note(state: PageState, k: dict) -> str:
    """The footnote: what fulfilment and the forecast are, and the forecast's backtest
    error on this data at the month it was made (``queries.exports.backtest_tables``)."""
    f, lang = state.filter, state.lang
    how, m = k["forecast_method"], k["as_of"]
    fulfil = t("kpi.fulfilment_method", lang)
    if how == forecast.ACTUAL:
        return fulfil + " " + t("kpi.forecast_method_actual", lang, year=f.year)
    if how == forecast.NO_MONTHS:
        return fulfil
    months = period_label(f.with_(month_from=1, month_to=m), lang)
    if how == forecast.RUN_RATE:
        return fulfil + " " + t("kpi.forecast_method_run_rate", lang, months=months)
    text = fulfil + " " + t("kpi.forecast_method", lang, months=months,
                            n=forecast.MOMENTUM_MONTHS)
    tables = q.backtest_tables(f.scope)
    new_total, new_conc = (tables[u]["new"].set_index("as_of") for u in ("total", "concerns"))
    old_total, old_conc = (tables[u]["old"].set_index("as_of") for u in ("total", "concerns"))
    if m not in new_total.index or not new_total.loc[m, "cases"]:
        return text + " " + t("kpi.backtest_none", lang)
    return text + " " + t(
        "kpi.backtest", lang, years=new_total.loc[m, "years"],
        month=month_name(m, lang, capital=lang != "ru"),
        total=pct(new_total.loc[m, "mape_pct"], lang),
        concerns=pct(new_conc.loc[m, "mape_pct"], lang),
        old_total=pct(old_total.loc[m, "mape_pct"], lang),
        old_concerns=pct(old_conc.loc[m, "mape_pct"], lang))


def _kpis(state: PageState, k: dict, st: dict, od: dict, ex: dict | None = None):
    f, lang = state.filter, state.lang
    period = period_label(f, lang)
    usd = t("unit.mn_usd", lang)
    tone = "up" if (k["growth_pct"] or 0) >= 0 else "down"
    tiles = [
        kpi_tile("exports", t("kpi.exports", lang, period=period),
                 mn(k["value"], lang),
                 t("kpi.exports_sub", lang, value=f"{mn(k['value_ly'], lang)} {usd}"),
                 unit=usd, raw=k["value"], kind="money"),
        kpi_tile("growth", t("kpi.growth", lang), pct(k["growth_pct"], lang, signed=True),
                 t("kpi.growth_sub", lang, change=f"{mn(k['change'], lang, signed=True)} {usd}"),
                 tone, raw=k["growth_pct"], kind="growth"),
        _target_tile(state, k),
        _forecast_tile(state, k, ex),
    ]
    month = f"{month_name(f.month_to, lang, short=True, capital=lang != 'ru')} {f.year}"
    st_change = (st["value"] / st["value_ly"] - 1) * 100 if st["value_ly"] else float("nan")
    tiles.append(kpi_tile("stock", t("kpi.stock", lang, month=month),
                          mn(st["value"], lang),
                          unit=usd, sub=t("kpi.stock_sub", lang, change=pct(st_change, lang, signed=True)),
                          raw=st["value"], kind="money"))
    share = od["overdue"] / od["total"] * 100 if od["total"] else float("nan")
    # receivables are by enterprise and debtor region: a product filter does not apply
    # to them, and the tile says so rather than pass all products off as the filter's
    od_sub = (t("kpi.not_applied_product", lang) if f.needs_product()
              else t("kpi.overdue_sub", lang, share=pct(share, lang)))
    tiles.append(kpi_tile("overdue", t("kpi.overdue", lang, month=month),
                          mn(od["overdue"], lang), unit=usd, sub=od_sub,
                          raw=od["overdue"], kind="money"))
    return html.Div(tiles, className="kpi-row", id="kpi-row")


# the expectation cell: bold vermillion with ▲ where it is above the forecast by more
# than EXPORT_MONITOR_EXPECTATION_GAP_PCT points (a mark, not only a colour)
EXPECTED = {
    **NUMBER,
    "valueFormatter": {"function": "params.value == null ? "
                                   "(params.node && params.node.rowPinned ? '' : '–') : "
                                   "(params.data && params.data.expectation_flag ? '▲ ' : '')"
                                   " + d3.format(',.1f')(params.value)"},
    "cellStyle": {"styleConditions": [{"condition": "params.data.expectation_flag",
                                       "style": {"color": theme.STATUS["behind"],
                                                 "fontWeight": 700}}]},
}


def _points(x: float, lang: str) -> str:
    return number(x, 0 if float(x).is_integer() else 1, lang)


def _league_grid(state: PageState, df, k: dict, ex: dict | None = None):
    f, lang = state.filter, state.lang
    colors = theme.concern_colors(state.dims.concerns["concern_id"])
    # values rounded once, together: the rows add up to the total row, the KPI tile
    values, _ = money_columns(df["value"])
    rows = [{
        "key": r.key, "name": r.name, "name_short": getattr(r, "short", None),
        "value": value, "growth": rounded(r.change_pct),
        "fulfilment": rounded(r.fulfilment_pro_rata_pct),
        "expected": rounded(r.expected_vs_target_pct),
        "expectation_flag": bool(r.expectation_flag),
        "forecast": rounded(r.forecast_vs_target_pct),
        "status": t(f"status.{r.status}", lang), "status_key": r.status,
        "color": colors.get(r.key),
    } for r, value in zip(df.itertuples(), values)]
    has_target = k["target"] is not None
    total = total_row("name", t("col.total", lang), value=money_columns([k["value"]])[1],
                      growth=rounded(k["growth_pct"]),
                      fulfilment=rounded(k["fulfilment_pro_rata_pct"]) if has_target else None,
                      expected=(rounded((ex or {}).get("expected_vs_target_pct"))
                                if has_target and (ex or {}).get("expected") is not None
                                else None),
                      expectation_flag=bool((ex or {}).get("expectation_flag")),
                      forecast=rounded(k["forecast_vs_target_pct"]) if has_target else None)
    columns = [
        {"field": "name", "headerName": t("col.concern", lang), "flex": 1, "minWidth": 160,
         "filter": "agTextColumnFilter", "cellStyle": COLOR_BAR},
        {"field": "value", "headerName": t("col.value", lang), **NUMBER, "width": 122,
         "sort": "desc"},
        {"field": "growth", "headerName": t("col.growth", lang), **NUMBER, "width": 92},
        {"field": "fulfilment", "headerName": t("col.fulfilment", lang), **NUMBER,
         "width": 112},
        {"field": "expected", "headerName": t("expect.col.expected", lang), **EXPECTED,
         "width": 110},
        {"field": "forecast", "headerName": t("col.forecast", lang), **NUMBER, "width": 116},
        # (the browser widens it to its bold words: assets/grid_words.js)
        {"field": "status", "headerName": t("col.status", lang), "width": 136,
         "cellClassRules": {f"status-{s}": f"params.data.status_key == '{s}'"
                            for s in theme.STATUS}},
    ]
    # the shared screen reads target, expectation and forecast side by side; growth is
    # the KPI tile's (and every other page's), so the league leaves it out there
    grid = data_grid("league-grid", rows, columns, row_height=25,
                     present_rows=11, present_sum="value", total=total,
                     present_hide=("growth",))
    return html.Div([
        html.H2(t("league.title", lang, period=period_label(f, lang)), className="panel-title"),
        html.Div(grid, className="grid-box"),
        html.Div(t("expect.legend", lang, gap=_points(qe.gap_threshold(), lang)),
                 className="note", id="expect-legend"),
    ], className="panel league-panel")


def _body_name(state: PageState, body: tuple[str, str]) -> str:
    return state.dims.short_name_of(body[0], state.lang).get(body[1], body[1])


def _history_chart(state: PageState, body_name: str, height: int):
    """An oblast's view: its expectations' history as a chart in the cumulative curve's
    place (the league of the oblast's concerns stays); the table is in the downloads of
    the concern's view and the Import page's export."""
    f, lang = state.filter, state.lang
    df = qe.history(f)
    title = f"{body_name}: " + t("expect.history_title", lang, year=f.year)
    if df.empty or df["target"].isna().all():
        key = "expect.none" if df.empty else "expect.no_target"
        month = f"{month_name(f.month_to, lang)} {f.year}"
        return html.Div([html.H2(title, className="panel-title"),
                         html.Div(t(key, lang, year=f.year, month=month), className="note",
                                  id="expect-history-none")])
    names = {"expected": t("expect.series_expected", lang),
             "forecast": t("expect.series_forecast", lang),
             "target": t("expect.series_target", lang)}
    return dcc.Graph(id="expect-history-chart",
                     figure=history_figure(df, title, names, height=height, lang=lang),
                     config=GRAPH_CONFIG)


def _history_panel(state: PageState, body_name: str):
    """A body's view (one concern or one oblast, ``queries.expectations.body_of``): in
    the league's place (which would hold one row), the body's expected full-year exports
    as submitted month by month against its target and the model's forecast — a chart
    and, newest first, the submissions' table (the download has them all)."""
    f, lang = state.filter, state.lang
    df = qe.history(f)
    title = html.H2(f"{body_name}: " + t("expect.history_title", lang, year=f.year),
                    className="panel-title")
    if df.empty or df["target"].isna().all():
        key = "expect.none" if df.empty else "expect.no_target"
        month = f"{month_name(f.month_to, lang)} {f.year}"
        return html.Div([title, html.Div(t(key, lang, year=f.year, month=month),
                                         className="note", id="expect-history-none")],
                        className="panel league-panel expect-panel")
    names = {"expected": t("expect.series_expected", lang),
             "forecast": t("expect.series_forecast", lang),
             "target": t("expect.series_target", lang)}
    # the panel's title says what it is; the legend and the axis say the rest
    fig = history_figure(df, "", names, height=330, lang=lang)
    expected, _ = money_columns(df["expected"])
    rows = [{"month": f"{month_name(m.month, lang, capital=lang != 'ru')}",
             "month_no": int(m.month), "expected_mn": e,
             "expected": rounded(r.expected_vs_target_pct),
             "expectation_flag": bool(r.expectation_flag),
             "forecast": rounded(r.forecast_vs_target_pct),
             "gap": rounded(r.expectation_gap_pts)}
            for m, e, r in zip(df["month"], expected, df.itertuples())][::-1]
    columns = [
        {"field": "month", "headerName": t("expect.col.month", lang), "flex": 1.2,
         "minWidth": 120},
        {"field": "expected_mn", "headerName": t("expect.col.expected_mn", lang), **NUMBER,
         "flex": 1},
        {"field": "expected", "headerName": t("expect.col.expected_pct", lang), **EXPECTED,
         "flex": 1},
        {"field": "forecast", "headerName": t("expect.col.forecast_pct", lang), **NUMBER,
         "flex": 1},
        {"field": "gap", "headerName": t("expect.col.gap", lang), **NUMBER, "flex": 0.9},
    ]
    # the newest submissions first; on the shared screen the older ones fold into one
    # line (a sum of expectations would mean nothing, so the line has none)
    grid = data_grid("expect-history-grid", rows, columns, row_height=25, present_rows=7)
    return html.Div([
        title,
        dcc.Graph(id="expect-history-chart", figure=fig, config=GRAPH_CONFIG),
        html.Div(grid, className="grid-box expect-history"),
        html.Div(t("expect.legend", lang, gap=_points(qe.gap_threshold(), lang)),
                 className="note", id="expect-legend"),
    ], className="panel league-panel expect-panel")


@page_layout("/")
def layout(state: PageState):
    f, lang = state.filter, state.lang
    target = q.target_value(f)  # once, for the KPIs and the target path
    level = qe.total_level(f)
    league, series, st, od, expected = gather(
        lambda: q.league(f, lang), lambda: q.monthly(f, target),
        lambda: stock_position(f), lambda: overdue_position(f),
        lambda: qe.latest(f, level) if level else None)
    k = q.kpis(f, by_concern=league, target=target, series=series)
    ex = qe.total(f, k["target"], k["forecast_vs_target_pct"], latest_rows=expected)
    body = qe.body_of(f)  # one concern or one oblast: its expectations' history
    kpi_row = _kpis(state, k, st, od, ex)
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
                html.Div([(dcc.Graph(id="cumulative-chart", figure=cumulative,
                                     config=GRAPH_CONFIG)
                           if not (body and body[0] == "oblast")
                           else _history_chart(state, _body_name(state, body), 305)),
                          html.Div(forecast_note(state, k), className="footnote", id="forecast-note")],
                         className="panel"),
            ], className="col-main"),
            # one concern: its history in the league's place (the league would hold that
            # one row); an oblast keeps the league of its concerns, and its history
            # takes the cumulative curve's place
            (_history_panel(state, _body_name(state, body)) if body and body[0] == "concern"
             else _league_grid(state, league, k, ex)),
        ], className="overview-grid"),
    ])


dash.register_page(
    __name__, path="/", name=t("nav.overview"),
    order=0, nav_key="nav.overview",
    title=page_title("title.overview"), layout=layout,
)
