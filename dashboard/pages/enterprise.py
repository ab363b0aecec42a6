"""The enterprise card, ``/enterprise/<id>``: one enterprise on one screen, because the
meeting discusses enterprises one at a time — who it is, its monthly exports against
last year and its target share, its products and Russian regions, its stock in the
distribution network and its receivables.

Any page links here with its filter (``/enterprise/<id>?<filter>``); of the filter only
the period applies (see ``queries.enterprise_card``), the rest rides along so that the
navigation leads back to the same view. A bad or unknown id gives a message and a link
to the Overview, never an error.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from queries import enterprise_card as card
from queries.engine import gather
from queries.filters import Problem

from .. import figures, theme
from ..components.filter_bar import period_label
from ..components.grid import COLOR_BAR, NUMBER, data_grid, money_columns, total_row
from ..components.instruction_badge import card_section
from ..components.kpi import kpi_tile
from ..components.links import Links
from ..components.page_title import page_title
from ..figures.stock import stock_trend
from ..figures.trends import receivables_figure, value_bars
from ..formatting import mn, pct, rounded
from ..i18n import month_name, t
from ..state import PageState
from .common import page_layout

PATH = "/enterprise"
GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
ROW1, ROW2 = 352, 356   # panel heights (px) that keep the card on one 1920×1080 screen
MESSAGE_PX = 46  # one line in the messages bar; the rows give way so the card still fits
AGES = (("upto_30", "overdue_upto_30_usd"), ("31_90", "overdue_31_90_usd"),
        ("91_180", "overdue_91_180_usd"), ("over_180", "overdue_over_180_usd"))


def enterprise_id(state: PageState) -> int | None:
    """The path's enterprise number, or None (with a message) when it is not one."""
    raw = str(state.params.get("enterprise_id", "")).strip()
    if raw.isdigit() and len(raw) <= 9:
        return int(raw)
    shown = "".join(ch if ch.isprintable() else "?" for ch in raw)
    shown = shown if len(shown) <= 24 else shown[:23] + "…"
    state.problems.append(Problem("enterprise_bad_id", {"value": shown}))
    return None


def _go_home(state: PageState):
    return html.Div(dcc.Link(t("msg.go_home", state.lang), id="enterprise-home",
                             href=Links(state, PATH).to("/")),
                    style={"padding": "16px 20px", "fontSize": "20px"})


def _header(state: PageState, facts: dict, colors: dict):
    lang = state.lang
    name = facts["name_ru" if lang == "ru" else "name_en"]
    concern = facts["concern_name_ru" if lang == "ru" else "concern_name_en"]
    oblast = facts["oblast_name_ru" if lang == "ru" else "oblast_name_en"]
    links = Links(state, PATH)  # the filter as the other pages read it, lang, present
    flag = t("enterprise.industrial" if facts["is_industrial"] else "enterprise.not_industrial",
             lang)
    links = [
        dcc.Link(t("enterprise.to_exports", lang), id="enterprise-to-exports",
                 href=links.to("/exports", {"enterprise": facts["enterprise_id"],
                                            "level": "heading"})),
        dcc.Link(t("enterprise.to_trends", lang), id="enterprise-to-trends",
                 href=links.to("/trends", {"concern": facts["concern_id"]})),
    ]
    return html.Div([
        html.H1(name, id="enterprise-name", title=name,
                style={"fontSize": "27px", "margin": "0", "whiteSpace": "nowrap",
                       "overflow": "hidden", "textOverflow": "ellipsis", "borderLeft":
                       f"10px solid {colors.get(facts['concern_id'], theme.MUTED)}",
                       "paddingLeft": "10px", "flex": "0 1 auto", "minWidth": "200px"}),
        html.Div([t("enterprise.facts", lang, concern=concern, oblast=oblast,
                    unp=facts["unp"]), " · ",
                  html.B(flag, id="enterprise-industrial")],
                 id="enterprise-facts", style={"fontSize": "19px", "whiteSpace": "nowrap",
                                               "flex": "0 0 auto"}),
        html.Div(links, style={"display": "flex", "gap": "18px", "fontSize": "17px",
                               "marginLeft": "auto", "whiteSpace": "nowrap"}),
    ], style={"display": "flex", "alignItems": "baseline", "gap": "18px",
              "padding": "8px 20px 0"})


def _kpis(state: PageState, series, share: dict, facts: dict, hist, rec: dict):
    f, lang = state.filter, state.lang
    usd = t("unit.mn_usd", lang)
    period = period_label(f, lang)
    chosen = series[(series["month"] >= f.month_from) & (series["month"] <= f.month_to)]
    value, value_ly = float(chosen["value"].sum()), float(chosen["value_ly"].sum())
    growth = (value / value_ly - 1) * 100 if value_ly else None
    month = f"{month_name(f.month_to, lang, short=True, capital=lang != 'ru')} {f.year}"
    tiles = [
        kpi_tile("card-exports", t("enterprise.kpi.exports", lang, period=period),
                 mn(value, lang), t("enterprise.kpi.exports_sub", lang,
                                    value=f"{mn(value_ly, lang)} {usd}"), unit=usd,
                 raw=value, kind="money"),
        kpi_tile("card-growth", t("enterprise.kpi.growth", lang),
                 pct(growth, lang, signed=True),
                 f"{mn(value - value_ly, lang, signed=True)} {usd}",
                 "up" if (growth or 0) >= 0 else "down", raw=growth, kind="growth"),
    ]
    concern = facts["concern_name_ru" if lang == "ru" else "concern_name_en"]
    if share["target"] is not None:
        due = float(chosen["target"].sum())
        fulfil = value / due * 100 if due > 0 else None
        status = ("on_track" if (fulfil or 0) >= 100 else
                  "at_risk" if (fulfil or 0) >= 95 else "behind")
        tiles += [
            kpi_tile("card-target", t("enterprise.kpi.target", lang, year=f.year),
                     mn(share["target"], lang),
                     t("enterprise.kpi.target_sub", lang, share=pct(share["share_pct"], lang),
                       concern=concern), unit=usd, raw=share["target"], kind="money"),
            kpi_tile("card-fulfilment", t("enterprise.kpi.fulfilment", lang),
                     pct(fulfil, lang), t("enterprise.kpi.fulfilment_sub", lang,
                                          value=f"{mn(due, lang)} {usd}"),
                     f"status-{status}" if fulfil is not None else "", raw=fulfil,
                     kind="pct"),
        ]
    else:
        tiles += [kpi_tile("card-target", t("enterprise.kpi.target", lang, year=f.year), "–",
                           t("enterprise.kpi.no_target", lang), kind="money"),
                  kpi_tile("card-fulfilment", t("enterprise.kpi.fulfilment", lang), "–", "",
                           kind="pct")]
    stock_now, stock_ly = float(hist["stock"].iloc[-1]), float(hist["stock"].iloc[-13])
    stock_change = (stock_now / stock_ly - 1) * 100 if stock_ly else None
    tiles.append(kpi_tile("card-stock", t("enterprise.kpi.stock", lang, month=month),
                          mn(stock_now, lang), t("enterprise.kpi.stock_sub", lang,
                                                 change=pct(stock_change, lang, signed=True)),
                          unit=usd, raw=stock_now, kind="money"))
    od_share = rec["overdue"] / rec["total"] * 100 if rec["total"] else None
    tiles.append(kpi_tile("card-overdue", t("enterprise.kpi.overdue", lang, month=month),
                          mn(rec["overdue"], lang),
                          t("enterprise.kpi.overdue_sub", lang, share=pct(od_share, lang),
                            total=f"{mn(rec['total'], lang)} {usd}"),
                          "down" if rec["overdue"] > 0 else "", unit=usd,
                          raw=rec["overdue"], kind="money"))
    return html.Div(tiles, className="kpi-row", id="enterprise-kpis",
                    style={"padding": "6px 20px"})


def _subjects_grid(state: PageState, df):
    lang = state.lang
    region_names = state.dims.name_of("region", lang)
    region_short = state.dims.short_name_of("region", lang)
    held = df[df["value"] > 0]
    values, value_total = money_columns(held["value"])
    rows = [{"subject": r.subject, "kind": t(f"enterprise.kind.{r.kind}", lang),
             "region": region_names.get(r.region_id, r.region_id),
             "region_short": region_short.get(r.region_id),
             # stock rounded once, together: the rows add up to the total row (the stock
             # tile); the change on its own, at the grid's one decimal
             "value": value, "change": rounded(r.change / 1e6),
             "color": theme.THIS_YEAR}
            for r, value in zip(held.itertuples(), values)]
    # the change has no total here: subjects that sold out are not listed
    total = total_row("subject", t("col.total", lang), value=value_total) if len(held) else None
    columns = [
        {"field": "subject", "headerName": t("enterprise.col.subject", lang), "flex": 2.4,
         "minWidth": 170, "filter": "agTextColumnFilter", "cellStyle": COLOR_BAR,
         "tooltipField": "subject"},
        {"field": "kind", "headerName": t("enterprise.col.kind", lang), "flex": 1.2,
         "minWidth": 80, "filter": "agTextColumnFilter"},
        {"field": "region", "headerName": t("enterprise.col.region", lang), "flex": 1.3,
         "minWidth": 100, "filter": "agTextColumnFilter"},
        {"field": "value", "headerName": t("enterprise.col.stock", lang), **NUMBER,
         "width": 120, "minWidth": 120, "sort": "desc"},
        {"field": "change", "headerName": t("enterprise.col.stock_change", lang), **NUMBER,
         "width": 124, "minWidth": 124},
    ]
    # the shared screen reads subject, region and stock; the type stays in the table
    return data_grid("enterprise-subjects", rows, columns, row_height=28,
                     present_rows=4, present_sum="value", present_hide=("kind",),
                     total=total)


def _panel(children, height: int, **extra):
    return html.Div(children, className="panel",
                    style={"height": f"{height}px", "overflow": "hidden"}, **extra)


@page_layout(PATH)
def layout(state: PageState):
    f, lang = state.filter, state.lang
    eid = enterprise_id(state)
    facts = card.facts(f, eid) if eid is not None else None
    if facts is None:
        if eid is not None:
            state.problems.append(Problem("enterprise_unknown", {"value": eid}))
        return _go_home(state)
    months, prods, regs, stock_months, rec, causes = gather(
        lambda: card.exports_by_month(f, eid, facts["concern_id"]),
        lambda: card.products(f, eid, lang), lambda: card.regions(f, eid, lang),
        lambda: card.stock_by_month(f, eid),
        lambda: card.receivables(f, eid), lambda: card.overdue_causes(f, eid))
    share = card.target_share(months, f)
    series = card.monthly(months, f, share["target"])
    subjects = card.stock_by_subject(stock_months, f)
    hist = card.stock_history(stock_months, months, f)
    colors = theme.concern_colors(state.dims.concerns["concern_id"])
    # the instructions of its concern and oblast, under the panels, which give way
    instructions, instructions_px = card_section(state, facts["concern_id"], facts["oblast_id"])
    cut = MESSAGE_PX * max(0, len(state.problems) - 1) + instructions_px
    row1, row2 = ROW1 - cut // 2, ROW2 - (cut - cut // 2)
    color = colors.get(facts["concern_id"], theme.THIS_YEAR)
    period = period_label(f, lang)
    month = f"{month_name(f.month_to, lang, capital=lang != 'ru')} {f.year}"

    monthly = figures.monthly_figure(series, f.year, t("enterprise.monthly_title", lang),
                                     t("enterprise.target_series", lang, year=f.year),
                                     height=row1 - 10, lang=lang)
    # a narrow panel: the legend goes under the months rather than into the title's line
    monthly["layout"]["legend"] = {**monthly["layout"].get("legend", {}), "x": 0,
                                   "xanchor": "left", "y": -0.12, "yanchor": "top"}
    if series["value"].max() < 10e6:  # whole millions would print 2, 3, 2 … for a small firm
        monthly["data"][0]["text"] = ["" if v != v else mn(v, lang) for v in series["value"]]
    empty = t("enterprise.empty", lang)
    prod_fig = value_bars(prods, t("enterprise.products_title", lang, period=period), color,
                          empty, top=7, height=row1 - 10, lang=lang)
    reg_fig = value_bars(regs, t("enterprise.regions_title", lang, period=period), color,
                         empty, top=7, height=row1 - 10, lang=lang)
    # drawn as on the Stock page (stock line, shipment bars), so both read the same way
    stock_fig = stock_trend(hist, t("enterprise.stock_title", lang),
                            t("enterprise.stock_series", lang),
                            t("enterprise.shipments_series", lang), height=row2 - 10,
                            lang=lang, empty_message=t("enterprise.stock_empty", lang))
    ages = [(t(f"enterprise.age.{k}", lang), rec[col]) for k, col in AGES]
    cause_pairs = [(t(f"receivables.cause.{c}", lang), v)  # same words as the Receivables page
                   for c, v in zip(causes["cause"], causes["overdue"])]
    rec_fig = receivables_figure(ages, cause_pairs, t("enterprise.receivables_title", lang,
                                                      month=month),
                                 {"ages": t("enterprise.ages", lang),
                                  "causes": t("enterprise.causes", lang),
                                  "empty": t("enterprise.no_overdue", lang)},
                                 height=row2 - 10, lang=lang)
    share_text = pct(share["share_pct"], lang) if share["share_pct"] is not None else "–"
    note = t("enterprise.target_note", lang, year=f.year, year_ly=f.year - 1, share=share_text)
    grid_row = {"display": "grid", "gap": "12px", "padding": "4px 20px 6px"}
    return html.Div([
        _header(state, facts, colors),
        _kpis(state, series, share, facts, hist, rec),
        html.Div([
            _panel(dcc.Graph(id="enterprise-monthly", figure=monthly, config=GRAPH_CONFIG),
                   row1),
            _panel(dcc.Graph(id="enterprise-products", figure=prod_fig, config=GRAPH_CONFIG),
                   row1),
            _panel(dcc.Graph(id="enterprise-regions", figure=reg_fig, config=GRAPH_CONFIG),
                   row1),
        ], style={**grid_row, "gridTemplateColumns": "38fr 31fr 31fr"}),
        html.Div([
            _panel(dcc.Graph(id="enterprise-stock", figure=stock_fig, config=GRAPH_CONFIG),
                   row2),
            _panel([html.H2(t("enterprise.subjects_title", lang, month=month),
                            className="panel-title"),
                    # no stock anywhere: a sentence, not an empty table's "No rows"
                    html.Div(_subjects_grid(state, subjects), className="grid-box")
                    if (subjects["value"] > 0).any() else
                    html.Div(t("enterprise.stock_empty", lang), className="note",
                             style={"padding": "16px 8px"})], row2),
            _panel(dcc.Graph(id="enterprise-receivables", figure=rec_fig,
                             config=GRAPH_CONFIG), row2),
        ], style={**grid_row, "gridTemplateColumns": "32fr 38fr 30fr"}),
        instructions,
        # below the panels, where the page has room for it in every language and theme
        # (inside the monthly chart's panel it was cut on the shared screen)
        html.Div(note, className="footnote", id="enterprise-target-note",
                 style={"padding": "0 20px"}),
    ])


dash.register_page(
    __name__, path_template="/enterprise/<enterprise_id>", name=t("title.enterprise"),
    order=90, title=page_title("title.enterprise"), layout=layout,
)
