"""Export-support instruments: the support Belarusian exporters received for the Russian
market, the exports it backed against all exports, by instrument, concern → enterprise
and federal district → region, by month; and the working group's question — which
enterprises with falling exports use no instrument at all. The reference list of the
instruments (what each is, who provides it) is one of the table's views, to be read,
not hovered.

The view is the URL: the filter, plus ``instrument`` (one instrument's support only),
``level`` (concern|enterprise), ``geo`` (district|region) and ``table``
(falling|instruments|enterprises). A click on a bar becomes a new URL one level down;
breadcrumbs lead back up.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from queries import support as q
from queries.filters import Problem

from .. import theme
from ..components.breadcrumbs import breadcrumbs
from ..components.caption import with_filter
from ..components.drill import clicked_key
from ..components.filter_bar import period_label
from ..components.grid import COLOR_BAR, NUMBER, data_grid, money_columns, total_row
from ..components.kpi import kpi_tile
from ..components.links import (
    Hierarchy,
    Links,
    Rung,
    drill_search,
    markdown_link,
    search_with_blanks,
)
from ..components.page_title import page_title
from ..figures import support as fig
from ..formatting import mn, number, pct, rounded
from ..i18n import month_name, t
from ..state import PageState, parse_search
from .common import page_layout

PATH = "/support"
GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
PRODUCT = Hierarchy(
    "level", {"concern": ("enterprise", "concern"), "enterprise": ("enterprise", "enterprise")},
    root="crumb.all_concerns", clears=("concern", "enterprise"),
    rungs=(Rung("concern", "enterprise"), Rung("enterprise", None)))
GEO = Hierarchy("geo", {"district": ("region", "district"), "region": (None, "region")},
                root="crumb.russia", clears=("district", "region"),
                rungs=(Rung("district", "region"), Rung("region", None)))
TABLES = ("falling", "instruments", "enterprises")
TOP_BARS = 8
# Pixel budget of the two rows on a 1080-pixel screen (as on Receivables); each message
# line above the content takes about 46 px, which the rows give back.
ROW_TOP, ROW_BOTTOM, MESSAGE_PX = 400, 340, 46
INSTRUMENT_CRUMB_PX = 36  # the instrument panel's crumb line, when one is chosen
INSTRUMENTS_ROOM = 60  # px the top row gives the reference list (table=instruments)


def product_level(state: PageState) -> str:
    f = state.filter
    default = "enterprise" if (len(f.concerns) == 1 or f.enterprises) else "concern"
    return state.choice("level", q.PRODUCT_LEVELS, default)


def geo_level(state: PageState) -> str:
    f = state.filter
    default = "region" if (len(f.districts) == 1 or f.regions) else "district"
    return state.choice("geo", q.GEO_LEVELS, default)


def instrument_of(state: PageState, known: tuple[str, ...]) -> str | None:
    """The URL's ``instrument`` when it is one of the list; a message otherwise."""
    asked = state.params.get("instrument", "").strip()
    if not asked:
        return None
    if asked in known:
        return asked
    state.problems.append(Problem("support_bad_instrument", {"value": asked[:24]}))
    return None


def view_links(state: PageState, known: tuple[str, ...]) -> Links:
    return Links(state, PATH, carry={"level": q.PRODUCT_LEVELS, "geo": q.GEO_LEVELS,
                                     "table": TABLES, "instrument": known})


def instrument_crumbs(links: Links, names: dict, instrument: str | None, lang: str):
    if instrument is None:
        return [(t("support.level.instrument", lang), None)]
    return [(t("support.crumb_instruments", lang), links.view(clear=("instrument",))),
            (names.get(instrument, instrument), None)]


def _r(v, scale: float = 1e6, digits: int = 1):
    return None if v is None or v != v else rounded(float(v) / scale, digits)


def kpi_row(k: dict, f, lang: str) -> html.Div:
    usd = t("unit.mn_usd", lang)
    change = (k["support"] / k["support_ly"] - 1) * 100 if k["support_ly"] > 0 else None
    tiles = [
        kpi_tile("support", t("support.kpi_support", lang), mn(k["support"], lang),
                 t("support.kpi_support_sub", lang, year_ly=f.year - 1,
                   value_ly=mn(k["support_ly"], lang), change=pct(change, lang, signed=True)),
                 unit=usd, raw=k["support"], kind="money"),
        kpi_tile("backed", t("support.kpi_backed", lang), mn(k["backed"], lang),
                 t("support.kpi_backed_sub", lang, year_ly=f.year - 1,
                   value_ly=mn(k["backed_ly"], lang)), unit=usd, raw=k["backed"],
                 kind="money"),
        kpi_tile("share", t("support.kpi_share", lang), pct(k["backed_share_pct"], lang),
                 t("support.kpi_share_sub", lang, exports=mn(k["exports"], lang)),
                 raw=k["backed_share_pct"], kind="pct"),
        kpi_tile("enterprises", t("support.kpi_enterprises", lang),
                 number(k["enterprises"], 0, lang),
                 t("support.kpi_enterprises_sub", lang,
                   exporters=number(k["exporters"], 0, lang)),
                 raw=k["enterprises"], kind="count"),
        kpi_tile("falling", t("support.kpi_falling", lang),
                 number(k["falling_unsupported"], 0, lang),
                 t("support.kpi_falling_sub", lang, falling=number(k["falling"], 0, lang),
                   loss=mn(k["falling_unsupported_loss"], lang, signed=True)),
                 "down" if k["falling_unsupported"] else "", raw=k["falling_unsupported"],
                 kind="count"),
    ]
    return html.Div(tiles, className="kpi-row", id="kpi-row",
                    style={"padding": "4px 20px 6px",
                           "gridTemplateColumns": "repeat(5, minmax(0, 1fr))"})


def _name_column(field: str, header: str, flex: float = 2.4) -> dict:
    return {"field": field, "headerName": header, "flex": flex, "minWidth": 180,
            "cellRenderer": "markdown", "filter": "agTextColumnFilter",
            "cellStyle": COLOR_BAR,
            "filterValueGetter": {"function": "params.data.label"},
            "comparator": {"function": "(a, b, na, nb) => na.data.label.localeCompare("
                                       "nb.data.label)"}}


def _num(field: str, header: str, flex: float = 1, **extra) -> dict:
    return {"field": field, "headerName": header, "flex": flex, **NUMBER, "minWidth": 70,
            "filter": False, **extra}


def _month(d, lang: str) -> str:
    return f"{month_name(d.month, lang, short=True, capital=lang != 'ru')} {d.year}"


def falling_grid(df, state: PageState, links: Links, colors: dict, names: dict):
    lang = state.lang
    concern_names = state.dims.name_of("concern", lang)
    money = {c: money_columns(df[c]) for c in ("value", "value_ly", "change")}
    never = t("support.never", lang)
    seen: dict = {}  # "Mar 2026, Leasing" once per month and instrument

    def last_support(month, instrument) -> str:
        if month is None:
            return never
        key = (month, instrument)
        if key not in seen:
            seen[key] = f"{_month(month, lang)}, {names.get(instrument, instrument)}"
        return seen[key]

    # the columns as lists, zipped: a thousand rows through itertuples cost ~2.5 ms
    rows = [{
        "enterprise": markdown_link(name, links.card(e)), "label": str(name),
        "enterprise_short": str(short),
        "concern": concern_names.get(c, c),
        "value": v, "value_ly": ly, "change": ch, "change_pct": _r(pct, 1, 1),
        "last_support": last_support(month, instrument),
        "color": colors.get(str(c), theme.THIS_YEAR)}
        for e, name, short, c, pct, month, instrument, v, ly, ch in zip(
            df["enterprise_id"].tolist(), df["name"].tolist(), df["short"].tolist(),
            df["concern_id"].tolist(), df["change_pct"].tolist(),
            df["last_support"].tolist(), df["last_instrument"].tolist(),
            money["value"][0], money["value_ly"][0], money["change"][0])]
    total = total_row("enterprise", t("col.total", lang),
                      **{c: money[c][1] for c in money})
    columns = [
        _name_column("enterprise", t("support.col_enterprise", lang), 2.2),
        {"field": "concern", "headerName": t("support.col_concern", lang), "flex": 1.3,
         "minWidth": 120, "filter": "agTextColumnFilter"},
        _num("value", t("support.col_value", lang)),
        _num("value_ly", t("support.col_value_ly", lang)),
        _num("change", t("support.col_change", lang), sort="asc"),
        _num("change_pct", t("support.col_change_pct", lang), 0.9),
        {"field": "last_support", "headerName": t("support.col_last_support", lang),
         "flex": 1.5, "minWidth": 130, "filter": "agTextColumnFilter"},
    ]
    return data_grid("support-grid", rows, columns, row_height=28, present_rows=6,
                     present_sum="change", present_hide=("concern", "value_ly", "change_pct"),
                     total=total if len(df) else None, fold=("concern", "last_support"))


def enterprises_grid(df, state: PageState, links: Links, colors: dict):
    lang = state.lang
    concern_names = state.dims.name_of("concern", lang)
    money = {c: money_columns(df[c]) for c in ("support", "backed")}
    rows = [{
        "enterprise": markdown_link(r.name, links.card(r.key)), "label": str(r.name),
        "enterprise_short": str(r.short),
        "concern": concern_names.get(r.concern_id, r.concern_id),
        "support": money["support"][0][i], "backed": money["backed"][0][i],
        "share": _r(r.backed_share_pct, 1, 1), "change_pct": _r(r.change_pct, 1, 1),
        "instruments": r.instrument_names,
        "color": colors.get(str(r.concern_id), theme.THIS_YEAR)}
        for i, r in enumerate(df.itertuples())]
    total = total_row("enterprise", t("col.total", lang), **{c: money[c][1] for c in money})
    columns = [
        _name_column("enterprise", t("support.col_enterprise", lang), 2.0),
        {"field": "concern", "headerName": t("support.col_concern", lang), "flex": 1.2,
         "minWidth": 110, "filter": "agTextColumnFilter"},
        _num("support", t("support.col_support", lang), sort="desc"),
        _num("backed", t("support.col_backed", lang)),
        _num("share", t("support.col_share", lang)),
        _num("change_pct", t("support.col_change_pct", lang), 0.9),
        {"field": "instruments", "headerName": t("support.col_instruments", lang),
         "flex": 2.2, "minWidth": 160, "filter": "agTextColumnFilter"},
    ]
    return data_grid("support-grid", rows, columns, row_height=28, present_rows=6,
                     present_sum="support",
                     present_hide=("concern", "change_pct", "instruments"),
                     total=total if len(df) else None, fold=("concern", "instruments"))


def instrument_cards(ref, by_instrument, lang: str, links: Links, current: str | None):
    """The reference list, one card per instrument: its name (a link to its support
    only), what it is and who provides it, and this view's figures."""
    figures = by_instrument.set_index("key") if len(by_instrument) else None
    cards = []
    for r in ref.itertuples():
        row = (figures.loc[r.instrument_id] if figures is not None
               and r.instrument_id in figures.index else None)
        line = (t("support.card_figures", lang, support=mn(row["support"], lang),
                  backed=mn(row["backed"], lang), share=pct(row["backed_share_pct"], lang),
                  n=number(row["enterprises"], 0, lang))
                if row is not None and row["support"] > 0 else t("support.card_none", lang))
        cards.append(html.Div([
            html.Div(dcc.Link(r.name, href=links.view({"instrument": r.instrument_id})),
                     className="support-card-name"),
            html.Div(r.description, className="support-card-text"),
            html.Div(line, className="support-card-figures"),
        ], className="support-card active" if r.instrument_id == current else "support-card",
            id=f"support-card-{r.instrument_id}"))
    return html.Div(cards, className="support-cards", id="support-instruments")


def _panel(children, area: str, **style) -> html.Div:
    return html.Div(children, className="panel",
                    style={"gridArea": area, "overflow": "hidden", **style})


def _graph(graph_id: str, figure: dict) -> dcc.Graph:
    return dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG)


def _product_filter_note(state: PageState) -> None:
    f = state.filter
    if f.needs_product():
        codes = ", ".join([*f.chapters, *f.headings][:6])
        state.problems.append(Problem("support_product_filter", {"codes": codes}))


@page_layout(PATH)
def layout(state: PageState):
    f, lang, dims = state.filter, state.lang, state.dims
    ref = q.instruments(lang)
    known = tuple(ref["instrument_id"])
    names = dict(zip(ref["instrument_id"], ref["name"]))
    instrument = instrument_of(state, known)
    level, geo = product_level(state), geo_level(state)
    table = state.choice("table", TABLES, "falling")
    _product_filter_note(state)
    colors = theme.concern_colors(dims.concerns["concern_id"])
    links = view_links(state, known)

    view = q.page_view(f, level, geo, lang, instrument,
                       with_enterprises=table == "enterprises")
    by_inst, prod, geo_df, total, months, falling, ents, k = (
        view[n] for n in ("by_instrument", "product", "geo", "total", "monthly", "falling",
                          "enterprises", "kpis"))

    period = period_label(f, lang)
    squeeze = MESSAGE_PX * min(len(state.problems), 4) // 2
    top_h, bottom_h = ROW_TOP - squeeze, ROW_BOTTOM - squeeze
    if table == "instruments":  # the reference list's text needs the room, the bars less
        top_h, bottom_h = top_h - INSTRUMENTS_ROOM, bottom_h + INSTRUMENTS_ROOM
    backed_label = t("support.backed_label", lang)

    def titles(lvl: str, clickable: bool) -> dict:
        return {"title": t("support.bars_title", lang, level=t(f"support.of_{lvl}", lang)),
                "subtitle": t("support.bars_sub_click" if clickable else "support.bars_sub",
                              lang)}

    # one instrument chosen: its crumb heads the instrument panel (the crumb row above
    # the KPIs has no room for a third trail beside the concerns' and the regions')
    inst_h = top_h - 10 - (INSTRUMENT_CRUMB_PX if instrument else 0)
    inst_fig = fig.support_bars(by_inst, **titles("instrument", instrument is None),
                                top=len(known), height=inst_h, lang=lang,
                                clickable=instrument is None, backed_label=backed_label,
                                label_chars=30, room=3.2, highlight=instrument)  # long names leave less plot
    can_drill = level == "concern" or len(f.enterprises) != 1
    prod_fig = fig.support_bars(prod, colors=colors, **titles(level, can_drill),
                                top=TOP_BARS, height=top_h - 10, lang=lang,
                                clickable=can_drill, backed_label=backed_label)
    geo_click = geo == "district" or len(f.regions) != 1
    geo_fig = fig.support_bars(geo_df, **titles(geo, geo_click), top=TOP_BARS,
                               height=top_h - 10, lang=lang, clickable=geo_click,
                               backed_label=backed_label)
    month_fig = fig.monthly_figure(months, t("support.monthly_title", lang),
                                   t("support.series_this", lang, year=f.year),
                                   t("support.series_ly", lang, year=f.year - 1),
                                   height=bottom_h - 10, lang=lang)

    table_links = links.toggles("table", TABLES, table,
                                {n: t(f"support.table_{n}", lang) for n in TABLES},
                                default="falling", id_prefix="sup-table-")
    if table == "falling":
        body = falling_grid(falling, state, links, colors, names)
        title = t("support.table_falling_title", lang, period=period, year_ly=f.year - 1)
        if falling.empty:
            body = html.Div(t("support.no_falling", lang), className="message")
    elif table == "instruments":
        body = instrument_cards(ref, by_inst, lang, links, instrument)
        title = t("support.table_instruments_title", lang, period=period)
    else:
        body = enterprises_grid(ents, state, links, colors)
        title = t("support.table_enterprises_title", lang, period=period)
    wide = table == "instruments"  # the reference list takes the whole row

    crumb_row = [breadcrumbs(links.trail(PRODUCT, level), "sup-crumbs-product"),
                 breadcrumbs(links.trail(GEO, geo), "sup-crumbs-geo")]
    if len(f.enterprises) == 1:
        crumb_row.append(dcc.Link(t("support.card_link", lang),
                                  href=links.card(f.enterprises[0]),
                                  id="sup-card-link", className="toggle"))
    crumb_row.append(html.Div(with_filter(f, dims, lang, t("support.scope", lang,
                                                           period=period)),
                              className="scope-line inline", id="scope-line"))
    grid_style = {"display": "grid", "gap": "10px", "padding": "2px 20px 4px",
                  "gridTemplateColumns": "1fr 1fr 1fr",
                  "gridTemplateRows": f"{top_h}px {bottom_h}px",
                  "gridTemplateAreas": ('"instrument product geo" "table table table"' if wide
                                        else '"instrument product geo" "table table monthly"')}
    panels = [
        _panel(([breadcrumbs(instrument_crumbs(links, names, instrument, lang),
                             "sup-crumbs-instrument")] if instrument else [])
               + [_graph("sup-instrument-bars", inst_fig)], "instrument"),
        _panel(_graph("sup-product-bars", prod_fig), "product"),
        _panel(_graph("sup-geo-bars", geo_fig), "geo"),
        _panel([html.Div([html.H2(title, className="panel-title",
                                  style={"fontSize": "18px"}), table_links],
                         className="panel-head"),
                html.Div(body, className="grid-box")], "table"),
    ]
    if not wide:
        panels.append(_panel(_graph("sup-monthly", month_fig), "monthly"))
    return html.Div([
        html.Div(crumb_row, className="crumb-row", style={"padding": "6px 20px 2px"}),
        kpi_row(k, f, lang),
        html.Div(panels, style=grid_style, id="support-grid-layout"),
        html.Div(t("support.definitions", lang), className="footnote",
                 style={"padding": "0 20px"}),
        dcc.Store(id="sup-drill-context", data={"level": level, "geo": geo,
                                                "instruments": list(known)}),
    ], className="support-page")


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("sup-instrument-bars", "clickData"),
    Input("sup-product-bars", "clickData"),
    Input("sup-geo-bars", "clickData"),
    State("sup-drill-context", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def drill(instrument_click, product_click, geo_click, context, search):
    """A click on a bar becomes a new URL one level down (an instrument's bar: that
    instrument's support only)."""
    trigger = ctx.triggered_id
    click = {"sup-instrument-bars": instrument_click, "sup-product-bars": product_click,
             "sup-geo-bars": geo_click}.get(trigger)
    key = clicked_key(click)
    if key is None:
        return no_update
    context = context if isinstance(context, dict) else {}
    if trigger == "sup-instrument-bars":
        known = context.get("instruments")
        if not isinstance(known, list) or key not in known:
            return no_update
        params = parse_search(search)
        params["instrument"] = key
        new = search_with_blanks(params)
    elif trigger == "sup-product-bars":
        new = drill_search(search, PRODUCT, str(context.get("level", "")), key)
    else:
        new = drill_search(search, GEO, str(context.get("geo", "")), key)
    return no_update if new is None or new == search else new


dash.register_page(
    __name__, path=PATH, name=t("nav.support"),
    order=8, nav_group="nav.topics",
    title=page_title("title.support"), layout=layout,
)
