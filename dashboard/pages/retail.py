"""Direct contracts with Russian federal retail chains: the pipeline by stage drilled
concern → enterprise and by chain, the conversion from talks to supplying, the
negotiations that stalled, and the deliveries through the chains in the period
against what the contracts expected.

The view is the URL: the filter, plus ``level`` (concern|enterprise), ``chain`` (chain
codes, comma-separated), ``days`` (the stalled threshold for this view; default the
setting EXPORT_MONITOR_RETAIL_STALLED_DAYS) and ``table`` (stalled|contracts). A click
on a bar becomes a new URL one level down (a concern's enterprises, a chain's
contracts); breadcrumbs lead back up.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from queries import retail as q
from queries.filters import Problem

from .. import theme
from ..components.breadcrumbs import breadcrumbs
from ..components.caption import with_filter
from ..components.drill import clicked_key
from ..components.grid import COLOR_BAR, NUMBER, data_grid
from ..components.kpi import kpi_tile
from ..components.links import Hierarchy, Links, Rung, drill_search, markdown_link
from ..components.page_title import page_title
from ..figures import retail as fig
from ..formatting import day, mn, pct, rounded
from ..i18n import month_name, t
from ..state import PageState
from .common import page_layout

PATH = "/retail"
GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
PRODUCT = Hierarchy(
    "level", {"concern": ("enterprise", "concern"), "enterprise": ("enterprise", "enterprise")},
    root="crumb.all_concerns", clears=("concern", "enterprise"),
    rungs=(Rung("concern", "enterprise"), Rung("enterprise", None)))
CHAIN = Hierarchy(None, {"": (None, "chain")})
LEVELS = ("concern", "enterprise")
TABLES = ("stalled", "contracts")
MAX_CHAINS = 20
MAX_DAYS = 3650
# the product groups the page names in every language (others are shown as written)
GROUPS = ("knitwear", "clothing", "footwear", "leather_goods", "home_textiles",
          "confectionery", "sugar", "beverages", "fish", "meat", "dairy", "groceries",
          "appliances")
# (a meeting step's header line costs a few pixels more than an agenda step's: 4 px kept
# spare, measured in Russian)
ROW_TOP, ROW_BOTTOM, MESSAGE_PX = 390, 328, 46
KEY_PX = 60  # the stages' colour key under the funnel: two lines


def product_level(state: PageState) -> str:
    f = state.filter
    default = "enterprise" if (len(f.concerns) == 1 or f.enterprises) else "concern"
    return state.choice("level", LEVELS, default)


def chosen_chains(state: PageState, known: list[str]) -> tuple[str, ...]:
    """The URL's ``chain`` codes that exist (at most MAX_CHAINS read); each unknown one
    is named in a message and left out."""
    raw = state.params.get("chain", "").strip()
    if not raw:
        return ()
    out, unknown = [], []
    for code in dict.fromkeys(x.strip() for x in raw.split(",") if x.strip()):
        if len(out) + len(unknown) >= MAX_CHAINS:
            break
        (out if code in known else unknown).append(code)
    for code in unknown:
        state.problems.append(Problem("retail_bad_chain", {"value": code[:24]}))
    return tuple(sorted(out))


def stalled_threshold(state: PageState) -> tuple[int, bool]:
    """(days, whether the URL set them): the URL's ``days`` when a whole number from 1
    to MAX_DAYS, else the setting (a message says why)."""
    raw = state.params.get("days", "").strip()
    if raw:
        if raw.isdigit() and 1 <= int(raw) <= MAX_DAYS:
            return int(raw), True
        state.problems.append(Problem("retail_bad_days", {"value": raw[:12],
                                                          "max": MAX_DAYS}))
    return q.stalled_days(), False


def view_links(state: PageState, chain_ids, days: int | None) -> Links:
    return Links(state, PATH, carry={"level": LEVELS, "table": TABLES},
                 extra={"chain": ",".join(chain_ids), "days": str(days) if days else ""})


def group_label(group: str, lang: str) -> str:
    return t(f"retail.group.{group}", lang) if group in GROUPS else group


def _not_applied(state: PageState) -> None:
    names = q.no_filter_applies(state.filter)
    if names:
        state.problems.append(Problem("retail_filter_na", {
            "fields": ", ".join(t(f"filter.{n[:-1] if n.endswith('s') else n}", state.lang)
                                for n in names)}))


def chain_crumbs(state: PageState, chain_ids, links: Links, names: dict):
    lang = state.lang
    if not chain_ids:
        return [(t("retail.crumb_all_chains", lang), None)]
    label = ", ".join(names.get(c, c) for c in chain_ids)
    return [(t("retail.crumb_all_chains", lang), links.view(clear=("chain",))), (label, None)]


def _period(f, lang: str) -> str:
    first = month_name(f.month_from, lang, short=True, capital=True)
    last = month_name(f.month_to, lang, short=True, capital=lang != "ru")
    return (f"{last} {f.year}" if f.month_from == f.month_to
            else f"{first}–{last} {f.year}")


def kpi_row(total: dict, funnel, deliveries: dict, n_stalled: int, days: int, f,
            lang: str) -> html.Div:
    usd = t("unit.mn_usd", lang)
    n = total["contracts"]
    negotiating = total["talks"] + total["draft_sent"]
    supplying_pct = funnel["pct"].iloc[-1] if len(funnel) else None
    reached = int(funnel["reached"].iloc[-1]) if len(funnel) else 0
    share = (deliveries["delivered_usd"] / deliveries["expected_reported_usd"] * 100
             if deliveries["expected_reported_usd"] > 0 else None)
    tiles = [
        kpi_tile("contracts", t("retail.kpi_contracts", lang, day=day(q.as_of(f), lang)),
                 str(n), t("retail.kpi_contracts_sub", lang, negotiating=negotiating,
                           signed=total["signed"]), raw=n, kind="count"),
        kpi_tile("supplying", t("retail.kpi_supplying", lang), str(total["supplying"]),
                 t("retail.kpi_supplying_sub", lang, value=mn(total["supplying_usd"], lang)),
                 raw=total["supplying"], kind="count"),
        kpi_tile("pipeline", t("retail.kpi_pipeline", lang), mn(total["pipeline_usd"], lang),
                 t("retail.kpi_pipeline_sub", lang,
                   n=negotiating + total["signed"]), unit=usd,
                 raw=total["pipeline_usd"], kind="money"),
        kpi_tile("conversion", t("retail.kpi_conversion", lang), pct(supplying_pct, lang),
                 t("retail.kpi_conversion_sub", lang, reached=reached, n=n),
                 raw=supplying_pct, kind="pct"),
        kpi_tile("stalled", t("retail.kpi_stalled", lang), str(n_stalled),
                 t("retail.kpi_stalled_sub", lang, days=days),
                 "down" if n_stalled else "", raw=n_stalled, kind="count"),
        kpi_tile("deliveries", t("retail.kpi_deliveries", lang, period=_period(f, lang)),
                 mn(deliveries["delivered_usd"], lang),
                 t("retail.kpi_deliveries_sub", lang, pct=pct(share, lang, decimals=0),
                   expected=mn(deliveries["expected_reported_usd"], lang)),
                 unit=usd, raw=deliveries["delivered_usd"], kind="money"),
    ]
    return html.Div(tiles, className="kpi-row", id="kpi-row",
                    style={"padding": "4px 20px 6px",
                           "gridTemplateColumns": "repeat(6, minmax(0, 1fr))"})


def _r(v, scale: float = 1e6, digits: int = 1):
    return None if v is None or v != v else rounded(float(v) / scale, digits)


def _num(field: str, header: str, flex: float = 1, **extra) -> dict:
    return {"field": field, "headerName": header, "flex": flex, **NUMBER, "minWidth": 70,
            "filter": False, **extra}


def contracts_grid(df, state: PageState, links: Links, colors: dict, stage_labels: dict,
                   table: str):
    lang = state.lang
    shorts = state.dims.short_name_of("enterprise", lang)
    rows = [{
        "enterprise": markdown_link(r.enterprise, links.card(r.enterprise_id)),
        "label": str(r.enterprise), "enterprise_short": shorts.get(r.enterprise_id),
        "chain": r.chain, "group": group_label(r.product_group, lang),
        "stage": stage_labels.get(r.stage, r.stage), "since": day(r.since, lang),
        "days": int(r.days), "expected": _r(r.expected_usd),
        "delivered": _r(r.delivered_usd), "contract": int(r.contract_id),
        "color": colors.get(str(r.concern_id), theme.THIS_YEAR)} for r in df.itertuples()]
    columns = [
        {"field": "enterprise", "headerName": t("retail.col_enterprise", lang), "flex": 2.3,
         "minWidth": 170, "cellRenderer": "markdown", "filter": "agTextColumnFilter",
         "cellStyle": COLOR_BAR, "filterValueGetter": {"function": "params.data.label"},
         "comparator": {"function": "(a, b, na, nb) => na.data.label.localeCompare("
                                    "nb.data.label)"}},
        {"field": "chain", "headerName": t("retail.col_chain", lang), "flex": 1.3,
         "minWidth": 110, "filter": "agTextColumnFilter"},
        {"field": "group", "headerName": t("retail.col_group", lang), "flex": 1.2,
         "minWidth": 110, "filter": "agTextColumnFilter"},
        {"field": "stage", "headerName": t("retail.col_stage", lang), "flex": 1.2,
         "minWidth": 110, "filter": "agTextColumnFilter"},
        {"field": "since", "headerName": t("retail.col_since", lang), "flex": 1,
         "minWidth": 118, "sortable": False},
        _num("days", t("retail.col_days", lang), 0.8,
             **({"sort": "desc"} if table == "stalled" else {}),
             valueFormatter={"function": "String(params.value)"}),
        _num("expected", t("retail.col_expected", lang), 1),
        *([] if table == "stalled" else [
            _num("delivered", t("retail.col_delivered", lang,
                                period=_period(state.filter, lang)), 1)]),
        _num("contract", t("retail.col_contract", lang), 0.7,
             valueFormatter={"function": "String(params.value)"}),
    ]
    return data_grid("retail-grid", rows, columns, row_height=28, present_rows=6,
                     present_hide=("group", "since", "delivered", "contract"),
                     fold=("group", "chain"))


def stage_key(stage_labels: dict) -> html.Div:
    """The colours of the stages, once for the page's three stage charts, under the
    funnel (a legend in each pipeline chart took a third of its height on the shared
    screen, and in the crumb row it pushed out the scope line)."""
    return html.Div([html.Span([html.Span(className="retail-swatch",
                                          style={"background": fig.STAGE_COLORS[s]}), label],
                               className="retail-key-item")
                     for s, label in stage_labels.items()],
                    className="retail-key", id="retail-stage-key")


def _panel(children, area: str, **style) -> html.Div:
    return html.Div(children, className="panel",
                    style={"gridArea": area, "overflow": "hidden", **style})


def _graph(graph_id: str, figure: dict) -> dcc.Graph:
    return dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG)


@page_layout(PATH)
def layout(state: PageState):
    f, lang, dims = state.filter, state.lang, state.dims
    level = product_level(state)
    table = state.choice("table", TABLES, "stalled")
    chain_list = q.chains(lang)
    chain_names = dict(zip(chain_list["chain_id"], chain_list["name"]))
    chain_ids = chosen_chains(state, list(chain_names))
    days, days_given = stalled_threshold(state)
    _not_applied(state)
    colors = theme.concern_colors(dims.concerns["concern_id"])

    # one query reads the view's contracts; the charts and tables are pandas steps on it
    contract_rows = q.contract_rows(f, chain_ids)
    prod, by_chain, total = (q.pipeline(f, lvl, chain_ids, lang, rows=contract_rows)
                             for lvl in (level, "chain", "total"))
    funnel = q.funnel(f, chain_ids, rows=contract_rows)
    stalled = q.stalled(f, days, chain_ids, lang, rows=contract_rows)
    dlv, dlv_total = (q.deliveries(f, lvl, chain_ids, lang, rows=contract_rows)
                      for lvl in (level, "total"))
    every = q.contracts(f, chain_ids, lang, rows=contract_rows) if table == "contracts" else None
    total_row = total.iloc[0].to_dict()
    links = view_links(state, chain_ids, days if days_given else None)
    stage_labels = {s: t(f"retail.stage.{s}", lang) for s in q.STAGES}
    squeeze = MESSAGE_PX * min(len(state.problems), 4) // 2
    top_h, bottom_h = ROW_TOP - squeeze, ROW_BOTTOM - squeeze
    asof = day(q.as_of(f), lang)

    bars = 7 if state.present else 9  # rows of a pipeline chart
    can_drill = level == "concern" or len(f.enterprises) != 1
    sub = "retail.bars_sub_click" if can_drill else "retail.bars_sub"
    prod_fig = fig.pipeline_bars(
        prod, t("retail.pipeline_title", lang, level=t(f"retail.of_{level}", lang)),
        stage_labels, subtitle=t(sub, lang, day=asof), height=top_h - 10, lang=lang,
        clickable=can_drill, top=bars)
    chain_click = len(chain_ids) != 1
    chain_fig = fig.pipeline_bars(
        by_chain, t("retail.pipeline_title", lang, level=t("retail.of_chain", lang)),
        stage_labels, subtitle=t("retail.bars_sub_click" if chain_click else "retail.bars_sub",
                                 lang, day=asof),
        height=top_h - 10, lang=lang, clickable=chain_click, top=bars)
    funnel_fig = fig.funnel_figure(
        funnel, {s: stage_labels[s] for s in q.PIPELINE}, t("retail.funnel_title", lang),
        subtitle=t("retail.funnel_sub", lang), height=top_h - 10 - KEY_PX, lang=lang)
    dlv_fig = fig.delivery_bars(
        dlv, t("retail.deliveries_title", lang, level=t(f"retail.of_{level}", lang),
               period=_period(f, lang)),
        t("retail.series_delivered", lang), t("retail.series_expected", lang),
        subtitle=t("retail.deliveries_sub", lang), height=bottom_h - 10, lang=lang,
        clickable=can_drill)

    table_links = links.toggles("table", TABLES, table,
                                {n: t(f"retail.table_{n}", lang) for n in TABLES},
                                default="stalled", id_prefix="retail-table-")
    rows = stalled if table == "stalled" else every
    grid = contracts_grid(rows, state, links, colors, stage_labels, table)
    title = (t("retail.table_stalled_title", lang, days=days) if table == "stalled"
             else t("retail.table_contracts_title", lang, day=asof))

    crumb_row = [breadcrumbs(links.trail(PRODUCT, level), "retail-crumbs-product"),
                 breadcrumbs(chain_crumbs(state, chain_ids, links, chain_names),
                             "retail-crumbs-chain")]
    if len(f.enterprises) == 1:
        crumb_row.append(dcc.Link(t("retail.card_link", lang), href=links.card(f.enterprises[0]),
                                  id="retail-card-link", className="toggle"))
    crumb_row.append(html.Div(with_filter(f, dims, lang, t("retail.as_of", lang, day=asof)),
                              className="scope-line inline", id="scope-line"))
    grid_style = {"display": "grid", "gap": "10px", "padding": "2px 20px 4px",
                  "gridTemplateColumns": "1.05fr 1fr 0.95fr",
                  "gridTemplateRows": f"{top_h}px {bottom_h}px",
                  "gridTemplateAreas": '"product chain funnel" "table table deliveries"'}
    return html.Div([
        html.Div(crumb_row, className="crumb-row", style={"padding": "6px 20px 2px"}),
        kpi_row(total_row, funnel, dlv_total.iloc[0].to_dict(), len(stalled), days, f, lang),
        html.Div([
            _panel(_graph("retail-product-bars", prod_fig), "product"),
            _panel(_graph("retail-chain-bars", chain_fig), "chain"),
            _panel([_graph("retail-funnel", funnel_fig), stage_key(stage_labels)], "funnel"),
            _panel([html.Div([html.H2(title, className="panel-title",
                                      style={"fontSize": "18px"}), table_links],
                             className="panel-head"),
                    html.Div(grid, className="grid-box")], "table"),
            _panel(_graph("retail-delivery-bars", dlv_fig), "deliveries"),
        ], style=grid_style, id="retail-grid-layout", className="retail-layout"),
        html.Div(t("retail.definitions", lang, days=days), className="footnote",
                 style={"padding": "0 20px"}),
        dcc.Store(id="retail-drill-context", data={"level": level}),
    ])


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("retail-product-bars", "clickData"),
    Input("retail-chain-bars", "clickData"),
    Input("retail-delivery-bars", "clickData"),
    State("retail-drill-context", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def drill(product_click, chain_click, delivery_click, context, search):
    """A click on a bar becomes a new URL one level down."""
    trigger = ctx.triggered_id
    click = {"retail-product-bars": product_click, "retail-chain-bars": chain_click,
             "retail-delivery-bars": delivery_click}.get(trigger)
    key = clicked_key(click)
    if key is None:
        return no_update
    context = context if isinstance(context, dict) else {}
    if trigger == "retail-chain-bars":
        new = drill_search(search, CHAIN, "", key)
    else:
        new = drill_search(search, PRODUCT, str(context.get("level", "")), key)
    return no_update if new is None or new == search else new


dash.register_page(
    __name__, path=PATH, name=t("nav.retail"), order=6, nav_group="nav.topics",
    title=page_title("title.retail"), layout=layout,
)
