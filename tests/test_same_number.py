"""The same number everywhere (issue 9): every table is computed from unrounded values
and rounded once; a table that lists a whole has a total row; the rows on screen add up
to it; it is the page's headline figure; and a bar prints the same number as the grid
cell of the same item.

Every check goes through the page router over HTTP (``tests/dash_client.py``) and
compares what the grid shows with an independent SQL sum over the raw generated rows
(DuckDB in memory over the generator's frames, not the application's queries), rounded
once."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_EVEN, Decimal

import duckdb
import pytest

from dashboard.formatting import round_to_total
from tests.dash_client import page_json

PERIOD = "year=2026&from=1&to=9"
MONTHS = ("2026-01-01", "2026-09-01")
MONTHS_LY = ("2025-01-01", "2025-09-01")
MONTH_END = "2026-09-01"


# --- helpers -------------------------------------------------------------------------

def _find(node, component_id: str):
    """The props of the component with this id in a layout JSON."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            props = item.get("props")
            if isinstance(props, dict) and props.get("id") == component_id:
                return props
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _grid(client, path: str, search: str, grid_id: str):
    layout = page_json(client.page(path, search))
    grid = _find(layout, grid_id)
    assert grid is not None, f"{grid_id} not on {path}{search}"
    return layout, grid


def _shown(v) -> str:
    """A cell as the English grid shows it: d3.format(',.1f') — only separators, as the
    values arrive rounded."""
    return "–" if v is None else f"{v:,.1f}".replace("-", "−")


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace("−", "-"))


def _once(usd) -> str:
    """An unrounded sum in USD, rounded once to 0.1 mn as the page rounds (half to even
    on the decimal text)."""
    value = (Decimal(str(float(usd))) / Decimal(1_000_000)).quantize(
        Decimal("0.1"), ROUND_HALF_EVEN)
    return _shown(float(value))


def _kpi(layout, tile: str) -> str:
    value = _find(layout, f"kpi-{tile}-value")
    assert value is not None, tile
    children = value["children"]
    return children[0] if isinstance(children, list) else children


def _total_row(grid) -> dict:
    pinned = grid["dashGridOptions"].get("pinnedBottomRowData") or []
    totals = [row for row in pinned if row.get("is_total")]
    assert len(totals) == 1, pinned
    return totals[0]


def _adds_up(rows, total: dict, field: str) -> str:
    """The rows as displayed add up to the total row as displayed; returns its text."""
    shown = sum((_dec(_shown(r[field])) for r in rows if r[field] is not None), Decimal(0))
    assert _shown(float(shown)) == _shown(total[field]), (field, shown, total[field])
    return _shown(total[field])


@pytest.fixture(scope="module")
def sql(frames):
    """Plain SQL over the generator's raw rows: exports with their enterprise's concern
    and the region's district, stock and receivables."""
    con = duckdb.connect()
    for name in ("exports", "enterprise", "ru_region", "hs_heading", "stock", "receivable",
                 "concern"):
        con.register(name, frames[name])
    con.execute("""
        CREATE VIEW x AS
        SELECT e.month::DATE AS month, e.value_usd, e.enterprise_id::VARCHAR AS enterprise,
               n.concern_id::VARCHAR AS concern, e.heading_id::VARCHAR AS heading,
               h.chapter_id::VARCHAR AS chapter, r.district_id::VARCHAR AS district,
               e.region_id::VARCHAR AS region
        FROM exports e JOIN enterprise n USING (enterprise_id)
        JOIN ru_region r USING (region_id) JOIN hs_heading h USING (heading_id)""")
    yield con
    con.close()


def _where(filters: dict) -> tuple[str, list]:
    clauses, args = [], []
    for column, value in filters.items():
        clauses.append(f"{column} = ?")
        args.append(str(value))
    return "".join(f" AND {c}" for c in clauses), args


def _exports_by(sql, group: str, filters: dict, months=MONTHS) -> dict[str, float]:
    where, args = _where(filters)
    rows = sql.execute(f"SELECT {group}, SUM(value_usd) FROM x WHERE month BETWEEN ? AND ?"
                       f"{where} GROUP BY 1", [*months, *args]).fetchall()
    return {str(k): float(v) for k, v in rows}


def _biggest(sql, group: str, filters: dict | None = None) -> str:
    values = _exports_by(sql, group, filters or {})
    return max(values, key=values.get)


# --- the rounding itself ---------------------------------------------------------------

def test_round_to_total_adds_up_and_moves_each_value_by_less_than_a_unit():
    assert round_to_total([12.25, 7.25]) == [12.3, 7.2]  # not 12.3 + 7.3 = 19.6 ≠ 19.5
    assert round_to_total([None, 1.04, 2.06]) == [None, 1.0, 2.1]
    assert round_to_total([]) == [] and round_to_total([None]) == [None]
    rng = random.Random(9)
    for _ in range(300):
        values = [rng.uniform(-500, 5000) for _ in range(rng.randint(1, 40))]
        decimals = rng.choice((0, 1, 2))
        got = round_to_total(values, decimals)
        unit = 10 ** -decimals
        assert round(sum(got), decimals) == round(sum(values), decimals)
        assert all(abs(g - v) < unit + 1e-9 for g, v in zip(got, values))


# --- Exports: every level, rows = SQL groups, total = SQL sum = the Overview's KPI ------

def _exports_cases(sql):
    concern = _biggest(sql, "concern")
    enterprise = _biggest(sql, "enterprise", {"concern": concern})
    return [
        ("", "concern", {}),
        (f"&concern={concern}", "enterprise", {"concern": concern}),
        (f"&concern={concern}&enterprise={enterprise}", "heading",
         {"concern": concern, "enterprise": enterprise}),
        ("&level=chapter", "chapter", {}),
        ("&district=CFD", "concern", {"district": "CFD"}),
        (f"&concern={concern}&district=CFD", "enterprise",
         {"concern": concern, "district": "CFD"}),
    ]


def test_exports_table_adds_up_to_its_total_row_and_the_sql_sum(any_client, sql):
    for extra, group, filters in _exports_cases(sql):
        search = f"?{PERIOD}{extra}"
        _, grid = _grid(any_client, "/exports", search, "exports-grid")
        rows, total = grid["rowData"], _total_row(grid)
        raw = _exports_by(sql, group, filters)
        raw_ly = _exports_by(sql, group, filters, MONTHS_LY)
        # the rows are the SQL groups of the level, each within half a unit and a rounding
        # step of its unrounded value
        keys = {r["key"] for r in rows}
        assert {k for k, v in raw.items() if v} <= keys <= set(raw) | set(raw_ly), search
        for r in rows:
            assert abs(r["value"] - raw.get(r["key"], 0) / 1e6) < 0.1 + 1e-9, (search, r)
        # shown rows add up to the total row, which is the SQL sum rounded once
        assert _adds_up(rows, total, "value") == _once(sum(raw.values())), search
        assert _adds_up(rows, total, "value_ly") == _once(sum(raw_ly.values())), search
        change = sum(raw.values()) - sum(raw_ly.values())
        assert _adds_up(rows, total, "change") == _once(change), search
        shares = sum(Decimal(str(r["share_pct"])) for r in rows if r["share_pct"] is not None)
        assert shares == Decimal(100) and total["share_pct"] == 100, search
        # the headline figure for the same filter is the same number
        overview = page_json(any_client.page("/", search))
        assert _kpi(overview, "exports") == _shown(total["value"]), search


def test_exports_bar_label_is_the_grid_cell_of_the_same_item(dash_client, sql):
    for extra, _, _ in _exports_cases(sql):
        search = f"?{PERIOD}{extra}"
        layout, grid = _grid(dash_client, "/exports", search, "exports-grid")
        cells = {r["key"]: _shown(r["value"]) for r in grid["rowData"]}
        bars = _find(layout, "product-bars")["figure"]["data"][0]
        assert len(bars["customdata"]) >= min(len(cells), 5), search
        for (key,), label in zip(bars["customdata"], bars["text"]):
            assert label.split("  (")[0] == cells[key], (search, key, label, cells[key])


def test_exports_table_in_the_presentation_theme_keeps_the_whole(dash_client, sql):
    for extra, group, filters in _exports_cases(sql)[:3]:
        search = f"?{PERIOD}{extra}&present=1"
        _, grid = _grid(dash_client, "/exports", search, "exports-grid")
        rows, pinned = grid["rowData"], grid["dashGridOptions"]["pinnedBottomRowData"]
        whole = _once(sum(_exports_by(sql, group, filters).values()))
        assert pinned[-1].get("is_total") and _shown(pinned[-1]["value"]) == whole, search
        shown = sum((_dec(_shown(r["value"])) for r in rows), Decimal(0))
        if len(pinned) == 2:  # "and K more, X mn USD" above the total
            more = pinned[0]
            assert not more.get("is_total") and "more" in str(more["name"]), more
            shown += _dec(_shown(more["value"]))
            assert len(rows) + len(pinned) == 6  # the panel's lines, as before
        assert _shown(float(shown)) == whole, search


# --- Overview: the league table's total is the KPI tile ----------------------------------

@pytest.mark.parametrize("extra", ["", "&district=CFD", "&oblast=minsk_city"])
def test_league_table_adds_up_to_the_exports_kpi(dash_client, sql, frames, extra):
    if "oblast" in extra:
        oblast = frames["enterprise"]["oblast_id"].astype(str).mode()[0]
        extra = f"&oblast={oblast}"
        ents = frames["enterprise"][frames["enterprise"]["oblast_id"].astype(str) == oblast]
        sql.register("picked", ents[["enterprise_id"]].astype(str))
        filters_sql = " AND enterprise IN (SELECT enterprise_id FROM picked)"
        args = []
    else:
        where, args = _where({"district": "CFD"} if extra else {})
        filters_sql = where
    search = f"?{PERIOD}{extra}"
    layout, grid = _grid(dash_client, "/", search, "league-grid")
    rows, total = grid["rowData"], _total_row(grid)
    raw = sql.execute("SELECT concern, SUM(value_usd) FROM x WHERE month BETWEEN ? AND ?"
                      + filters_sql + " GROUP BY 1", [*MONTHS, *args]).fetchall()
    by_concern = {str(k): float(v) for k, v in raw}
    for r in rows:
        assert abs(r["value"] - by_concern.get(r["key"], 0) / 1e6) < 0.1 + 1e-9, r
    text = _adds_up(rows, total, "value")
    assert text == _once(sum(by_concern.values())) == _kpi(layout, "exports"), search


# --- Stock and Receivables: the table of the whole is the KPI ----------------------------

def _stock_sum(sql, frames, concern: str | None = None) -> float:
    args = [MONTH_END]
    where = ""
    if concern:
        where = (" AND enterprise_id IN (SELECT enterprise_id FROM enterprise "
                 "WHERE concern_id::VARCHAR = ?)")
        args.append(concern)
    return float(sql.execute("SELECT COALESCE(SUM(value_usd), 0) FROM stock "
                             "WHERE month::DATE = ?" + where, args).fetchone()[0])


def test_stock_subjects_table_adds_up_to_the_stock_kpi(dash_client, sql, frames):
    concern = str(frames["stock"].merge(frames["enterprise"], on="enterprise_id")
                  .groupby("concern_id")["value_usd"].sum().idxmax())
    for extra, c in (("", None), (f"&concern={concern}", concern)):
        search = f"?{PERIOD}{extra}"
        layout, grid = _grid(dash_client, "/stock", search, "stock-subjects-grid")
        rows, total = grid["rowData"], _total_row(grid)
        text = _adds_up(rows, total, "stock")
        assert text == _once(_stock_sum(sql, frames, c)) == _kpi(layout, "stock-total"), search
        _adds_up(rows, total, "change")


def test_receivables_enterprise_table_adds_up_to_the_kpis(dash_client, sql, frames):
    concern = str(frames["receivable"].merge(frames["enterprise"], on="enterprise_id")
                  .groupby("concern_id")["overdue_usd"].sum().idxmax())
    for extra, c in (("", None), (f"&concern={concern}", concern)):
        search = f"?{PERIOD}&table=enterprise{extra}"
        layout, grid = _grid(dash_client, "/receivables", search, "receivables-grid")
        rows, total = grid["rowData"], _total_row(grid)
        where, args = "", [MONTH_END]
        if c:
            where = (" AND enterprise_id IN (SELECT enterprise_id FROM enterprise "
                     "WHERE concern_id::VARCHAR = ?)")
            args.append(c)
        overdue, whole = sql.execute(
            "SELECT SUM(overdue_usd), SUM(total_usd) FROM receivable WHERE month::DATE = ?"
            + where, args).fetchone()
        assert _adds_up(rows, total, "overdue") == _once(overdue), search
        assert _adds_up(rows, total, "total") == _once(whole), search
        _adds_up(rows, total, "change_month")
        assert _kpi(layout, "overdue") == _shown(total["overdue"]), search
        assert _kpi(layout, "total") == _shown(total["total"]), search


def _bars_equal_cells(layout, graph_id: str, cells: dict[str, str], search: str) -> int:
    """Each bar's printed value (its label's first number) is the grid cell's text of
    the same item (by key); returns how many bars were compared."""
    bars = _find(layout, graph_id)["figure"]["data"][0]
    compared = 0
    for (key,), label in zip(bars["customdata"], bars["text"]):
        if key in cells:
            printed = label.replace("  ", " ").split(" ")[0]
            assert printed == cells[key], (search, graph_id, key, label, cells[key])
            compared += 1
    return compared


def test_stock_bars_of_subjects_print_the_subjects_table(dash_client, frames):
    st = frames["stock"][frames["stock"]["month"] == MONTH_END]
    for enterprise in st.groupby("enterprise_id")["value_usd"].sum().nlargest(3).index:
        search = f"?{PERIOD}&enterprise={enterprise}"
        layout, grid = _grid(dash_client, "/stock", search, "stock-subjects-grid")
        keys = {str(k): r for k, r in zip(_subject_keys(frames, grid), grid["rowData"])}
        cells = {k: _shown(r["stock"]) for k, r in keys.items()}
        assert _bars_equal_cells(layout, "stock-product-bars", cells, search) >= 1, search


def _subject_keys(frames, grid) -> list[str]:
    """The grid's rows carry names; the subject's key is found by its (unique) name."""
    ids = frames["dist_subject"].set_index("name")["subject_id"]
    return [str(ids[r["name"]]) for r in grid["rowData"]]


def test_receivables_bars_of_enterprises_print_the_enterprise_table(dash_client, frames):
    rc = frames["receivable"].merge(frames["enterprise"], on="enterprise_id")
    rc = rc[rc["month"] == MONTH_END]
    for concern in rc.groupby("concern_id")["overdue_usd"].sum().nlargest(3).index:
        search = f"?{PERIOD}&table=enterprise&concern={concern}"
        layout, grid = _grid(dash_client, "/receivables", search, "receivables-grid")
        cells = {r["enterprise"].rsplit("/enterprise/", 1)[1].split(")")[0].split("?")[0]:
                 _shown(r["overdue"]) for r in grid["rowData"]}
        assert _bars_equal_cells(layout, "rcv-product-bars", cells, search) >= 1, search


def test_enterprise_card_subjects_add_up_to_the_stock_tile(dash_client, sql, frames):
    st = frames["stock"][frames["stock"]["month"] == MONTH_END]
    for enterprise in st.groupby("enterprise_id")["value_usd"].sum().nlargest(3).index:
        layout, grid = _grid(dash_client, f"/enterprise/{enterprise}", f"?{PERIOD}",
                             "enterprise-subjects")
        rows, total = grid["rowData"], _total_row(grid)
        whole = sql.execute("SELECT SUM(value_usd) FROM stock WHERE month::DATE = ? AND "
                            "enterprise_id = ?", [MONTH_END, int(enterprise)]).fetchone()[0]
        text = _adds_up(rows, total, "value")
        assert text == _once(whole) == _kpi(layout, "card-stock"), enterprise


@pytest.mark.parametrize("extra", ["", "&district=CFD"])
def test_league_and_exports_concern_table_show_the_same_numbers(dash_client, extra):
    search = f"?{PERIOD}{extra}"
    _, league = _grid(dash_client, "/", search, "league-grid")
    _, table = _grid(dash_client, "/exports", search, "exports-grid")
    in_league = {r["key"]: _shown(r["value"]) for r in league["rowData"] if r["value"]}
    in_table = {r["key"]: _shown(r["value"]) for r in table["rowData"] if r["value"]}
    assert in_league == in_table, search
    assert _shown(_total_row(league)["value"]) == _shown(_total_row(table)["value"])


def test_trends_bridge_of_enterprises_prints_the_enterprise_table(dash_client, sql):
    """Drilled to a concern, the bridge's bars are the enterprise table's rows: the
    printed change and contribution (pp, two places) are the table's cells."""
    concern = _biggest(sql, "concern")
    search = f"?{PERIOD}&concern={concern}&industrial=0"
    layout, grid = _grid(dash_client, "/trends", search, "trends-enterprises")
    cells = {r["name"].rsplit("/enterprise/", 1)[1].split(")")[0].split("?")[0]: r
             for r in grid["rowData"]}
    bars = _find(layout, "trends-bridge")["figure"]["data"][0]
    compared = 0
    for (key,), label in zip(bars["customdata"], bars["text"]):
        if key not in cells:
            continue
        change, pp = label.replace("  ", " ").split(" ", 1)
        assert change == _shown(cells[key]["change"]), (key, label, cells[key])
        printed = pp.strip("()").split(" ")[0]
        assert _dec(printed) == Decimal(f"{cells[key]['contribution']:.2f}"), (key, label)
        compared += 1
    assert compared >= 3, (search, compared)
