"""Negative trends: who loses exports against the same months of last year, ranked by
contribution to the change of the total; the bridge from last year's total to this
year's through concerns (a click goes down to a concern's enterprises, then to an
enterprise's products); runs of decline. Industrial enterprises only unless the URL
says ``industrial=0``.

Page parameters besides the filter: ``run`` (1–12, default 3), the shortest run of
decline listed. The bridge's level follows the filter (``concern=`` one concern →
its enterprises; ``enterprise=`` one enterprise → its products), so a drill is a link.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from queries import trends as tr
from queries.engine import gather
from queries.filters import Problem

from .. import theme
from ..components.breadcrumbs import breadcrumbs
from ..components.caption import with_filter
from ..components.drill import clicked_key
from ..components.filter_bar import period_label
from ..components.grid import COLOR_BAR, NUMBER, data_grid
from ..components.links import Hierarchy, Links, Rung, drill_search, markdown_link
from ..components.page_title import page_title
from ..figures import empty_figure
from ..figures.trends import bridge_figure, loss_bars
from ..formatting import mn, pct, rounded
from ..i18n import month_name, t
from ..state import PageState
from .common import page_layout

PATH = "/trends"
GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
# The bridge's level follows the filter (no level parameter): a click on a concern
# chooses it, a click on an enterprise chooses that; "K others" shows the next items
# (``more``: how many of the largest are folded into one bar).
BRIDGE = Hierarchy(
    None, {"concern": (None, "concern"), "enterprise": (None, "enterprise")},
    root="trends.crumb.all", clears=("concern", "enterprise", "heading"),
    rungs=(Rung("concern", "enterprise"), Rung("enterprise", None)), link_current=False,
    more="more")
# The products' and regions' charts filter the page on a click (as the filter bar would)
PRODUCTS = Hierarchy(None, {"heading": (None, "heading")}, root="trends.crumb.all_products",
                     clears=("chapter", "heading"), rungs=(Rung("heading", None),))
REGIONS = Hierarchy(None, {"region": (None, "region")}, root="trends.crumb.all_regions",
                    clears=("district", "region"), rungs=(Rung("region", None),))
MORE_MAX = 9999
TOP_LOSSES = 8
# Table rows sent to the browser: the largest losses and longest runs. Beyond them the
# losses are tiny, and a thousand rows would triple the page's size and render time.
TABLE_ROWS = 250
# Layout sizes (px) that keep the page on one 1920×1080 screen under the header and
# filter bar; the shared stylesheet has no classes for this page's grid.
ROW1, ROW2 = 440, 400
MESSAGE_PX = 46  # one line in the messages bar; the rows give way so the page still fits


def row_heights(state: PageState) -> tuple[int, int]:
    """The two rows' heights, shrunk by the messages above them (beyond the first,
    which the spare space at the bottom absorbs)."""
    cut = MESSAGE_PX * max(0, len(state.problems) - 1)
    return ROW1 - cut // 2, ROW2 - (cut - cut // 2)


def run_param(state: PageState) -> int:
    """The shortest run listed (URL ``run``), validated to 1–12."""
    raw = state.params.get("run", "").strip()
    if not raw:
        return tr.RUN_DEFAULT
    if raw.isdigit() and len(raw) <= 2 and tr.RUN_MIN <= int(raw) <= tr.RUN_MAX:
        return int(raw)
    state.problems.append(Problem("trends_bad_run", {"value": _clip(raw),
                                                     "used": tr.RUN_DEFAULT}))
    return tr.RUN_DEFAULT


def _clip(text: str, n: int = 24) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= n else text[: n - 1] + "…"


def more_param(state: PageState) -> int:
    """How many of the bridge's largest items are folded away (URL ``more``; 0)."""
    raw = state.params.get("more", "").strip()
    if not raw:
        return 0
    if raw.isdigit() and len(raw) <= 4:
        return int(raw)
    state.problems.append(Problem("trends_bad_more", {"value": _clip(raw)}))
    return 0


def view_links(state: PageState, min_run: int) -> Links:
    """The page's links; ``more`` (the bridge's next items) is not carried: a link to
    another view shows its bridge from the largest items."""
    return Links(state, PATH, extra={"run": str(min_run) if min_run != tr.RUN_DEFAULT
                                     else None})


def _card_links(links: Links):
    """id, name → the markdown link of a table cell to the enterprise card."""
    search = links.card(0).removeprefix("/enterprise/0")  # hundreds of rows: build once
    return lambda enterprise_id, name: markdown_link(
        name, f"/enterprise/{int(enterprise_id)}{search}")


def filter_trails(links: Links) -> list:
    """Breadcrumbs back from a product or region chosen by a click on its bar."""
    f, out = links.state.filter, []
    for h, crumb_id, chosen in ((PRODUCTS, "crumbs-trends-product", f.headings or f.chapters),
                                (REGIONS, "crumbs-trends-region", f.regions or f.districts)):
        if chosen:
            trail = links.trail(h, "")
            if trail[-1][1] is not None:  # several chosen: the root only, then "…"
                trail = [trail[0], (", ".join(chosen[:3]) + ("…" if len(chosen) > 3 else ""),
                                    None)]
            out.append(breadcrumbs(trail, crumb_id))
    return out


def _r(v, scale: float = 1.0, digits: int = 1):
    """A cell rounded once, at the digits its column shows (money used to be rounded to
    two and shown with one), as the bars' labels round (``formatting.rounded``)."""
    return None if v is None or v != v else rounded(float(v) / scale, digits)


def _losers_grid(state: PageState, df, colors: dict, links: Links):
    lang = state.lang
    losers = df[df["change"] < 0]
    link = _card_links(links)
    concern_names = state.dims.name_of("concern", lang)
    short = _short_names(state)
    rows = [{"name": link(r.key, r.name), "label": str(r.name),
             "concern": concern_names.get(r.concern_id, r.concern_id),
             "name_short": short["enterprise"].get(r.key),
             "concern_short": short["concern"].get(r.concern_id),
             "change": _r(r.change, 1e6), "contribution": _r(r.contribution_pp, 1, 2),
             "change_pct": _r(r.change_pct),
             "color": colors.get(str(r.concern_id), theme.MUTED)}
            for r in losers.itertuples()]
    # the grid lists the first TABLE_ROWS; the whole list goes along beside it for "what
    # is new since the last meeting" (dashboard/meetings/facts.py), never to the browser
    every, rows = rows, rows[:TABLE_ROWS]
    columns = [
        _name_column(t("trends.col.enterprise", lang)),
        {"field": "concern", "headerName": t("trends.col.concern", lang), "flex": 1.5,
         "minWidth": 120, "filter": "agTextColumnFilter"},
        _number("change", t("trends.col.change", lang), 126, sort="asc"),
        {**_number("contribution", t("trends.col.contribution", lang), 152),
         "valueFormatter": {"function": "params.value == null ? '–' : "
                                        "d3.format('+.2f')(params.value).replace('-', '−')"}},
        _number("change_pct", t("trends.col.change_pct", lang), 106),
    ]
    title = t("trends.enterprises_title", lang, n=len(losers), total=len(df))
    if len(losers) > TABLE_ROWS:
        title += t("trends.rows_shown", lang, n=TABLE_ROWS)
    grid = data_grid("trends-enterprises", rows, columns, row_height=30,
                     present_rows=6, present_sum="change")
    grid.all_rows = every
    return title, grid


def _number(field: str, header: str, width: int, **extra) -> dict:
    return {"field": field, "headerName": header, **NUMBER, "width": width,
            "minWidth": width, **extra}


def _short_names(state: PageState) -> dict[str, dict]:
    """Enterprises' and concerns' short names, for the shared screen's tables."""
    return {level: state.dims.short_name_of(level, state.lang)
            for level in ("enterprise", "concern")}


def _name_column(header: str) -> dict:
    return {"field": "name", "headerName": header, "flex": 3, "minWidth": 200,
            "cellRenderer": "markdown", "cellStyle": COLOR_BAR,
            "filter": "agTextColumnFilter",
            "filterValueGetter": {"function": "params.data.label"},
            "comparator": {"function": "(a, b, na, nb) => na.data.label.localeCompare("
                                       "nb.data.label)"}}


def _runs_panel(state: PageState, runs, min_run: int, colors: dict, height: int,
                links: Links):
    f, lang = state.filter, state.lang
    link = _card_links(links)
    concern_names = state.dims.name_of("concern", lang)
    short = _short_names(state)
    rows = [{"name": link(r.enterprise_id, r.name), "label": str(r.name),
             "concern": concern_names.get(r.concern_id, r.concern_id),
             "name_short": short["enterprise"].get(r.enterprise_id),
             "concern_short": short["concern"].get(r.concern_id),
             "run": int(r.run), "loss": _r(r.loss, 1e6), "loss_pct": _r(r.loss_pct),
             "color": colors.get(str(r.concern_id), theme.MUTED)}
            for r in runs.itertuples()]
    every, rows = rows, rows[:TABLE_ROWS]  # the whole list for facts.py, as above
    columns = [
        _name_column(t("trends.col.enterprise", lang)),
        {"field": "concern", "headerName": t("trends.col.concern", lang), "flex": 1.4,
         "minWidth": 110, "filter": "agTextColumnFilter"},
        {"field": "run", "headerName": t("trends.col.run", lang), "width": 124, "minWidth": 124,
         "type": "rightAligned", "filter": "agNumberColumnFilter", "sort": "desc",
         "cellStyle": {"fontWeight": 700}},
        _number("loss", t("trends.col.loss", lang), 126),
        _number("loss_pct", t("trends.col.loss_pct", lang), 100),
    ]
    runs_range = range(tr.RUN_MIN, tr.RUN_MAX + 1)
    picks = links.toggles("run", runs_range, min_run, {n: str(n) for n in runs_range},
                          id_prefix="trends-run-", style={"padding": "2px 8px"})
    picks.children = [html.Span(t("trends.runs_pick", lang), style={"marginRight": "6px"}),
                      *picks.children]
    picks.style = {"alignItems": "center", "gap": "4px", "padding": "0 8px 6px",
                   "fontSize": "16px"}
    month = f"{month_name(f.month_to, lang, short=True, capital=lang != 'ru')} {f.year}"
    # on the shared screen the colour bar names the concern; its column would push the
    # losses out of the narrow panel
    body = (data_grid("trends-runs", rows, columns, row_height=30, present_rows=5,
                      present_hide=("concern",), fold=("concern",)) if rows else
            html.Div(t("trends.runs_none", lang, run=min_run), className="note",
                     style={"fontSize": "19px", "padding": "24px 8px"}))
    if rows:
        body.all_rows = every
    return html.Div([
        html.H2(t("trends.runs_title", lang, month=month, n=len(runs))
                + (t("trends.rows_shown", lang, n=TABLE_ROWS) if len(runs) > TABLE_ROWS else ""),
                className="panel-title"),
        picks,
        html.Div(body, style={"height": f"{height - 128}px"}),
        html.Div(t("trends.runs_note", lang), className="footnote"),
    ], className="panel", id="trends-runs-panel", style={"overflow": "hidden"})


def _contribution_base(state: PageState) -> str:
    """What "Contribution, pp" is a share of: last year's total of the filter — of the
    one concern or enterprise when the view is drilled into it (issue 9)."""
    f, lang = state.filter, state.lang
    other = f.oblasts or f.needs_region() or f.needs_product()  # then "the filter's"
    for level, codes in (("enterprise", f.enterprises), ("concern", f.concerns)):
        if len(codes) == 1 and not other:
            name = state.dims.short_name_of(level, lang).get(codes[0], str(codes[0]))
            return t("trends.base.named", lang, name=name)
    return t("trends.base.filter", lang)


@page_layout(PATH, industrial_default=True)
def layout(state: PageState):
    f, lang = state.filter, state.lang
    min_run, more = run_param(state), more_param(state)
    links = view_links(state, min_run)
    row1, row2 = row_heights(state)
    level = tr.bridge_level(f)
    colors = theme.concern_colors(state.dims.concerns["concern_id"])
    # four queries at once; the concerns' bridge is summed from the enterprises' rows
    enterprises, products, regions, runs = gather(
        lambda: tr.contributions(f, "enterprise", lang),
        lambda: tr.contributions(f, "heading", lang),
        lambda: tr.contributions(f, "region", lang),
        lambda: tr.decline_runs(f, min_run, lang))
    bridge_df = {"concern": lambda: tr.concerns_from_enterprises(enterprises, lang),
                 "enterprise": lambda: enterprises, "heading": lambda: products}[level]()

    period = period_label(f, lang)
    clickable = level in BRIDGE.drill
    title = t("trends.bridge_title", lang, year_ly=f.year - 1, year=f.year,
              level=t(f"trends.through.{level}", lang))
    if clickable:
        title += t("trends.bridge_click", lang)
    steps = tr.bridge_steps(bridge_df, skip=more)
    labels = {"start": t("trends.bridge_start", lang, year=f.year - 1),
              "end": t("trends.bridge_end", lang, year=f.year),
              "others": t("trends.bridge_others", lang),
              "first": t("trends.bridge_first", lang)}
    # drilled to enterprises, the bridge's items are the enterprise table's rows: their
    # contribution printed to the table's two places, so both say the same number
    bridge = (bridge_figure(steps, title, labels, colors, height=row1 - 46, lang=lang,
                            clickable=clickable, pp_decimals=2 if level == "enterprise" else 1)
              if len(bridge_df) else empty_figure(t("trends.empty", lang), row1 - 46))
    value, value_ly = float(bridge_df["value"].sum()), float(bridge_df["value_ly"].sum())
    scope = t("trends.scope", lang, period=period, year_ly=f.year - 1,
              value_ly=mn(value_ly, lang), value=mn(value, lang),
              change=mn(value - value_ly, lang, signed=True),
              change_pct=pct((value / value_ly - 1) * 100 if value_ly else None, lang,
                             signed=True))
    grid_title, grid = _losers_grid(state, enterprises, colors, links)
    no_losses = t("trends.no_losses", lang)
    product_fig = loss_bars(products, t("trends.products_title", lang), no_losses,
                            top=TOP_LOSSES, height=row2 - 10, lang=lang)
    region_fig = loss_bars(regions, t("trends.regions_title", lang), no_losses,
                           top=TOP_LOSSES, height=row2 - 10, lang=lang)
    extra = []
    if len(f.enterprises) == 1:
        extra.append(dcc.Link(t("trends.card_link", lang), id="trends-card-link",
                              href=links.card(f.enterprises[0]),
                              style={"fontSize": "19px", "fontWeight": 600,
                                     "whiteSpace": "nowrap"}))
    return html.Div([
        html.Div([breadcrumbs(links.trail(BRIDGE, level), "crumbs-trends"),
                  *filter_trails(links), *extra,
                  html.Div(with_filter(f, state.dims, lang, scope),
                           className="scope-line inline", id="trends-scope")],
                 className="crumb-row"),
        html.Div([
            html.Div([dcc.Graph(id="trends-bridge", figure=bridge, config=GRAPH_CONFIG),
                      html.Div(t("trends.bridge_note", lang, base=_contribution_base(state),
                                 value_ly=mn(value_ly, lang)), className="footnote",
                               id="trends-bridge-note")],
                     className="panel", style={"height": f"{row1}px"}),
            html.Div([html.H2(grid_title, className="panel-title"),
                      html.Div(grid, className="grid-box")],
                     className="panel table-panel", style={"height": f"{row1}px"}),
        ], style={"display": "grid", "gridTemplateColumns": "54fr 46fr", "gap": "12px",
                  "padding": "4px 20px 6px"}),
        html.Div([
            html.Div(dcc.Graph(id="trends-products", figure=product_fig, config=GRAPH_CONFIG),
                     className="panel", style={"height": f"{row2}px"}),
            html.Div(dcc.Graph(id="trends-regions", figure=region_fig, config=GRAPH_CONFIG),
                     className="panel", style={"height": f"{row2}px"}),
            html.Div(_runs_panel(state, runs, min_run, colors, row2, links),
                     style={"height": f"{row2}px"}),
        ], style={"display": "grid", "gridTemplateColumns": "29fr 29fr 42fr", "gap": "12px",
                  "padding": "6px 20px 8px"}),
        dcc.Store(id="trends-context", data={"level": level}),
    ])


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("trends-bridge", "clickData"),
    Input("trends-products", "clickData"),
    Input("trends-regions", "clickData"),
    State("trends-context", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def drill(click, product_click, region_click, context, search):
    """A click on a concern's (or an enterprise's) bar becomes a new URL one level
    down, on "K others" the next items, on a product or a region that filter; the
    totals carry no key and do nothing."""
    trigger = ctx.triggered_id
    key = clicked_key({"trends-bridge": click, "trends-products": product_click,
                       "trends-regions": region_click}.get(trigger))
    if key is None:
        return no_update
    if trigger == "trends-bridge":
        level = str((context if isinstance(context, dict) else {}).get("level", ""))
        new = drill_search(search, BRIDGE, level, key, more_step=tr.BRIDGE_TOP)
    elif trigger == "trends-products":  # a new filter: the bridge from its top
        new = drill_search(search, PRODUCTS, "heading", key, reset=("more",))
    else:
        new = drill_search(search, REGIONS, "region", key, reset=("more",))
    return no_update if new is None or new == search else new


dash.register_page(
    __name__, path=PATH, name=t("nav.trends"),
    order=2, nav_key="nav.trends",
    title=page_title("title.trends"), layout=layout,
)
