""""Since the last meeting" (issue 12): the figures of a drawn page (``facts_of``), the
marks of a page against the previous meeting's figures (``mark``) and the meeting's
first step (``since_content``).

Every figure is checked against an independent computation: the raw tables read with
plain SQL and summed with pandas here, formatted here. Two data states are two demo
databases of the same seed, one ending a month earlier (the meeting before), as the
working group sees them month by month."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal

import pandas as pd
import pytest
from sqlalchemy import text

from queries import demo, engine
from queries.agenda import DEFAULT_STEPS
from tests.conftest import TEST_END, TEST_SCALE, TEST_SEED

THEN_END = "2026-09"  # the previous meeting saw the data through September
LABEL = "06.11"


# -- drawing pages ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def app():
    from dashboard.app import create_app
    return create_app()


def _draw(app, path: str, search: str = "", lang: str = "en", present: str = "0"):
    from dashboard.pages.agenda_step import page_for
    from dashboard.state import parse_search
    layout, extra = page_for(path)
    with app.server.test_request_context("/"):
        return layout(**parse_search(search), **extra, lang=lang, present=present)


def _use(monkeypatch, url: str) -> None:
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
    engine.reset()


@pytest.fixture(scope="module")
def then_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("since") / "then.duckdb"
    url = f"duckdb:///{path}"
    demo.build_database(url, scale=TEST_SCALE, seed=TEST_SEED, end_month=THEN_END)
    return url


def _find(tree, component_id: str):
    from dashboard.meetings.plain import walk
    return next((n for n in walk(tree) if getattr(n, "id", None) == component_id), None)


def _text(node) -> str:
    from dashboard.meetings.facts import text_of
    return " ".join(text_of(node).split())


# -- the independent computation ---------------------------------------------------------

def _raw(sql: str, **params) -> pd.DataFrame:
    with engine.get_engine().connect() as conn:
        return pd.read_sql(text(sql), conn, params=params)


def _month(end: str, back: int = 0) -> pd.Timestamp:
    return pd.Timestamp(end + "-01") - pd.DateOffset(months=back)


def _exports(end: str, concern: str | None = None) -> tuple[float, float]:
    """This year's exports January → the end month, and the same months a year
    earlier (USD)."""
    df = _raw("SELECT e.month, e.value_usd, n.concern_id FROM exports e "
              "JOIN enterprise n ON n.enterprise_id = e.enterprise_id")
    df["month"] = pd.to_datetime(df["month"])
    if concern:
        df = df[df["concern_id"] == concern]
    stop = _month(end)
    now = df[(df["month"] >= f"{stop.year}-01-01") & (df["month"] <= stop)]["value_usd"].sum()
    ly = stop - pd.DateOffset(years=1)
    before = df[(df["month"] >= f"{ly.year}-01-01") & (df["month"] <= ly)]["value_usd"].sum()
    return float(now), float(before)


def _at(table: str, end: str) -> pd.DataFrame:
    df = _raw(f"SELECT * FROM {table}")
    df["month"] = pd.to_datetime(df["month"])
    return df[df["month"] == _month(end)]


def _positions(end: str, n: int = 15) -> pd.DataFrame:
    """The largest overdue positions (enterprise × debtor region), largest first."""
    df = _at("receivable", end)
    df = df[df["overdue_usd"] > 0].sort_values(["overdue_usd", "enterprise_id", "region_id"],
                                               ascending=[False, True, True])
    return df.head(n)


def _dec(x: float, digits: int) -> Decimal:
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_EVEN)


def fmt(x: float, digits: int = 1, signed: bool = False) -> str:
    """A number as the English pages print it."""
    d = _dec(x, digits)
    body = f"{abs(d):,.{digits}f}" if signed else f"{d:,.{digits}f}"
    if signed:
        body = ("+" if d > 0 else "−" if d < 0 else "±") + body
    return body.replace("-", "−")


def _mn(usd: float, signed: bool = False) -> str:
    return fmt(usd / 1e6, 1, signed)


def _money_change(now: float, then: float) -> str:
    return f"{_mn(now - then, True)} ({fmt((now - then) / then * 100, 1, True)} %)"


# -- (a) the figures of real pages, on both engines ------------------------------------

def test_facts_hold_the_unrounded_figures_of_the_raw_rows(db, app):
    from dashboard.meetings.facts import facts_of
    overview = facts_of(_draw(app, "/"))
    value, value_ly = _exports(TEST_END)
    tiles = overview["tiles"]
    assert tiles["exports"]["raw"] == pytest.approx(value, rel=1e-9)
    assert tiles["exports"]["kind"] == "money"
    assert tiles["exports"]["value"] == f"{_mn(value)} mn USD"
    assert tiles["growth"]["raw"] == pytest.approx((value / value_ly - 1) * 100, rel=1e-9)
    assert tiles["growth"]["kind"] == "growth"
    stock = _at("stock", TEST_END)["value_usd"].sum()
    assert tiles["stock"]["raw"] == pytest.approx(stock, rel=1e-9)
    rec = _at("receivable", TEST_END)
    assert tiles["overdue"]["raw"] == pytest.approx(rec["overdue_usd"].sum(), rel=1e-9)
    assert "October 2026" in tiles["exports"]["label"]

    receivables = facts_of(_draw(app, "/receivables"))
    tiles = receivables["tiles"]
    prev = _at("receivable", "2026-09")
    assert tiles["total"]["raw"] == pytest.approx(rec["total_usd"].sum(), rel=1e-9)
    assert tiles["over180"]["raw"] == pytest.approx(rec["overdue_over_180_usd"].sum(), rel=1e-9)
    assert tiles["over90"]["raw"] == pytest.approx(
        rec["overdue_91_180_usd"].sum() + rec["overdue_over_180_usd"].sum(), rel=1e-9)
    assert tiles["change-month"]["raw"] == pytest.approx(
        rec["overdue_usd"].sum() - prev["overdue_usd"].sum(), rel=1e-6)
    assert tiles["change-month"]["kind"] == "money_change"
    # the list of the largest positions: each row's key names its enterprise, and its
    # overdue amount is the raw row's, rounded once
    rows = receivables["grids"]["receivables-grid"]["rows"]
    want = sorted((int(r.enterprise_id), float(_dec(r.overdue_usd / 1e6, 1)))
                  for r in _positions(TEST_END).itertuples())
    got = sorted((int(re.match(r"e:(\d+)\|", r["key"]).group(1)), r["overdue"]) for r in rows)
    assert got == want
    assert len({r["key"] for r in rows}) == len(rows)

    stock_facts = facts_of(_draw(app, "/stock"))
    assert stock_facts["tiles"]["stock-total"]["raw"] == pytest.approx(stock, rel=1e-9)
    assert stock_facts["tiles"]["stock-total"]["kind"] == "money"

    bellegprom = facts_of(_draw(app, "/exports", "?concern=bellegprom"))
    total = bellegprom["grids"]["exports-grid"]["total"]
    assert total["value"] == float(_dec(_exports(TEST_END, "bellegprom")[0] / 1e6, 1))
    assert bellegprom["grids"]["exports-grid"]["rows"] is None  # no rule reads them


def test_facts_survive_the_edition_and_stay_small(duck_db, app):
    """A frozen page (plain JSON and back) gives the same tiles; the facts of a whole
    agenda stay a few tens of kB before compression."""
    import json

    from dashboard.meetings.facts import facts_of
    from dashboard.meetings.plain import from_plain, to_plain
    tree = _draw(app, "/receivables")
    assert facts_of(from_plain(to_plain(tree)))["tiles"] == facts_of(tree)["tiles"]
    size = sum(len(json.dumps(facts_of(_draw(app, p, s)))) for p, s, _ in DEFAULT_STEPS)
    assert size < 60_000, size


def test_facts_of_the_shared_screen_keep_the_whole_list(duck_db, app):
    """The shared screen shows the first rows of a list; its facts hold every row."""
    from dashboard.meetings.facts import facts_of
    present = _draw(app, "/receivables", present="1")
    grid = _find(present, "receivables-grid")
    assert len(grid.rowData) < 15
    assert len(facts_of(present)["grids"]["receivables-grid"]["rows"]) == len(_positions(TEST_END))


# -- (b) two data states ------------------------------------------------------------------

@pytest.fixture(scope="module")
def states(app, then_url, duck_url):
    """Facts of the default agenda's views at the earlier state and now, and the raw
    figures of both (computed here)."""
    mp = pytest.MonkeyPatch()
    from dashboard.meetings.facts import facts_of
    out = {}
    try:
        for name, url, end in (("then", then_url, THEN_END), ("now", duck_url, TEST_END)):
            _use(mp, url)
            out[name] = {
                "facts": [facts_of(_draw(app, p, s)) for p, s, _ in DEFAULT_STEPS],
                "exports": _exports(end), "bellegprom": _exports(end, "bellegprom")[0],
                "overdue": float(_at("receivable", end)["overdue_usd"].sum()),
                "overdue_prev": float(_at("receivable", _month(end, 1).strftime("%Y-%m"))
                                      ["overdue_usd"].sum()),
                "positions": _positions(end)}
    finally:
        mp.undo()
        engine.reset()
    return out


def _since_line(tree, tile: str) -> str:
    node = _find(tree, f"kpi-{tile}-since")
    assert node is not None, tile
    return _text(node)


def test_tiles_say_the_figure_at_the_last_meeting_and_the_change(states, app, duck_db):
    from dashboard.meetings import since
    then, now = states["then"], states["now"]
    tree = _draw(app, "/")
    since.mark(tree, then["facts"][0], LABEL, "en")
    t_now, t_then = now["exports"][0], then["exports"][0]
    assert _since_line(tree, "exports") == (
        f"Meeting of {LABEL}: {_mn(t_then)} · {_money_change(t_now, t_then)}")
    g_now = (now["exports"][0] / now["exports"][1] - 1) * 100
    g_then = (then["exports"][0] / then["exports"][1] - 1) * 100
    assert _since_line(tree, "growth") == (
        f"Meeting of {LABEL}: {fmt(g_then, 1, True)} % · {fmt(g_now - g_then, 1, True)} p.p.")
    assert _since_line(tree, "overdue") == (
        f"Meeting of {LABEL}: {_mn(then['overdue'])} · "
        f"{_money_change(now['overdue'], then['overdue'])}")

    rec = _draw(app, "/receivables")
    since.mark(rec, then["facts"][6], LABEL, "en")
    c_now = now["overdue"] - now["overdue_prev"]
    c_then = then["overdue"] - then["overdue_prev"]
    # a change of a change: mn USD only, no percentage of it
    assert _since_line(rec, "change-month") == (
        f"Meeting of {LABEL}: {_mn(c_then, True)} · {_mn(c_now - c_then, True)}")


def _expected_grown(states) -> list[tuple[int, float]]:
    """Positions now that were not among the largest then, or whose overdue grew."""
    def table(df):
        return {(int(r.enterprise_id), r.region_id): float(_dec(r.overdue_usd / 1e6, 1))
                for r in df.itertuples()}
    now, then = table(states["now"]["positions"]), table(states["then"]["positions"])
    return sorted((e, v) for (e, g), v in now.items() if (e, g) not in then or v > then[(e, g)])


def test_rows_new_since_the_last_meeting_are_marked(states, app, duck_db):
    from dashboard.meetings import since
    expected = _expected_grown(states)
    assert expected, "the two states should differ in the largest overdue positions"
    tree = _draw(app, "/receivables")
    since.mark(tree, states["then"]["facts"][6], LABEL, "en")
    grid = _find(tree, "receivables-grid")
    marked = [r for r in grid.rowData if r.get("since_new")]
    got = sorted((int(re.search(r"/enterprise/(\d+)", r["enterprise"]).group(1)), r["overdue"])
                 for r in marked)
    assert got == expected
    # the name column carries the mark's class for the marked rows; the names stay links
    name = next(c for c in grid.columnDefs if c.get("field") == "enterprise")
    assert name["cellClassRules"]["since-mark"] == "params.data && params.data.since_new"
    assert all(r["enterprise"].startswith("[") for r in grid.rowData)
    assert "since-new" in grid.rowClassRules
    legends = [n for n in _walk(tree) if "since-legend" in str(getattr(n, "className", ""))]
    assert [_text(n) for n in legends] == [
        f"● overdue grew (or new in the list) since the meeting of {LABEL}"]


def _walk(tree):
    from dashboard.meetings.plain import walk
    return walk(tree)


def test_since_step_shows_now_then_and_the_change(states):
    from dashboard.meetings import since
    titles = [titles["en"] for _, _, titles in DEFAULT_STEPS]
    items = list(zip(titles, states["now"]["facts"], states["then"]["facts"]))
    # the whole default agenda (more than eight views): one headline figure per view
    whole = since.since_content(items, LABEL, "en")
    assert len(items) > since.TWO_FIGURES_UP_TO
    for i in range(1, len(items) + 1):
        assert _find(whole, f"since-{i}-title") is not None
        assert _find(whole, f"since-{i}-2-name") is None
    assert _text(_find(whole, "since-1-1-name")) == _text(
        _find(since.since_content(items[:1], LABEL, "en"), "since-1-1-name"))
    # an agenda of up to eight views: two figures where a view has them
    items = items[:7]
    content = since.since_content(items, LABEL, "en")
    cell = lambda i: _text(_find(content, i))  # noqa: E731
    now, then = states["now"], states["then"]
    # step 1, the overview: exports, then fulfilment
    assert cell("since-1-1-now") == f"{_mn(now['exports'][0])} mn USD"
    assert cell("since-1-1-then") == f"{_mn(then['exports'][0])} mn USD"
    assert cell("since-1-1-change") == _money_change(now["exports"][0], then["exports"][0])
    assert cell("since-1-2-name") == "Target fulfilment to date"
    # step 3, Bellegprom's exports: the table's total as the tables show it
    b_now, b_then = _dec(now["bellegprom"] / 1e6, 1), _dec(then["bellegprom"] / 1e6, 1)
    assert cell("since-3-1-now") == fmt(float(b_now))
    assert cell("since-3-1-then") == fmt(float(b_then))
    assert cell("since-3-1-change") == fmt(float(b_now - b_then), 1, True)
    # step 7, receivables: overdue, and the positions whose overdue grew
    assert cell("since-7-1-now") == f"{_mn(now['overdue'])} mn USD"
    assert cell("since-7-1-change") == _money_change(now["overdue"], then["overdue"])
    assert cell("since-7-new") == f"{len(_expected_grown(states))} with overdue grown"
    # the step title and a count of new entries on the trends step
    assert cell("since-2-title") == titles[1]
    assert "new runs of decline" in cell("since-2-new")


# -- (c) what the previous edition lacks ---------------------------------------------------

def test_a_figure_the_last_meeting_lacked_says_so_and_is_never_compared_with_zero(
        states, app, duck_db):
    import copy

    from dashboard.meetings import since
    then = copy.deepcopy(states["then"]["facts"][0])
    del then["tiles"]["exports"]           # a tile the previous page did not have
    then["tiles"]["stock"]["raw"] = None   # a tile without a figure then
    then["tiles"]["overdue"]["raw"] = 0.0  # a real zero: a change, but no percentage
    del then["grids"]["league-grid"]       # a list that was not there
    tree = _draw(app, "/")
    since.mark(tree, then, LABEL, "en")
    assert _since_line(tree, "exports") == f"Not at the meeting of {LABEL}"
    assert _since_line(tree, "stock") == f"Not at the meeting of {LABEL}"
    overdue = states["now"]["overdue"]
    assert _since_line(tree, "overdue") == (
        f"Meeting of {LABEL}: 0.0 · {_mn(overdue, True)}")
    grid = _find(tree, "league-grid")
    assert not any(r.get("since_new") for r in grid.rowData)

    # a view the previous meeting did not have: its tiles say so, nothing is marked
    tree = _draw(app, "/receivables")
    since.mark(tree, None, LABEL, "en")
    assert _since_line(tree, "overdue") == f"Not at the meeting of {LABEL}"
    assert not any(r.get("since_new") for r in _find(tree, "receivables-grid").rowData)

    # no earlier held meeting: nothing is added
    tree = _draw(app, "/")
    since.mark(tree, None, None, "en")
    assert _find(tree, "kpi-exports-since") is None

    # the since step: the missing figure and the missing view say so
    items = [("Overview", states["now"]["facts"][0], then),
             ("Receivables", states["now"]["facts"][6], None)]
    content = since.since_content(items, LABEL, "en")
    assert _text(_find(content, "since-1-1-then")) == f"Not at the meeting of {LABEL}"
    assert _find(content, "since-1-1-change") is None
    assert _text(_find(content, "since-2-new")) == f"This view was not at the meeting of {LABEL}"
    assert _find(content, "since-2-1-change") is None
    none = since.since_content(items, None, "en")
    assert _text(_find(none, "since-none")) == (
        "No earlier held meeting has an edition: nothing to compare with.")


def test_a_row_missing_from_the_last_list_is_new_not_grown_from_zero(states, app, duck_db):
    import copy

    from dashboard.meetings import since
    then = copy.deepcopy(states["then"]["facts"][6])
    now_rows = states["now"]["facts"][6]["grids"]["receivables-grid"]["rows"]
    # the previous list: exactly today's rows, the first one missing
    then["grids"]["receivables-grid"]["rows"] = copy.deepcopy(now_rows[1:])
    tree = _draw(app, "/receivables")
    since.mark(tree, then, LABEL, "en")
    marked = [r for r in _find(tree, "receivables-grid").rowData if r.get("since_new")]
    assert len(marked) == 1 and marked[0]["overdue"] == now_rows[0]["overdue"]


@pytest.mark.parametrize("lang", ["ru", "de"])
def test_lines_in_every_language(states, app, duck_db, lang):
    from dashboard.meetings import since
    tree = _draw(app, "/", lang=lang)
    since.mark(tree, states["then"]["facts"][0], LABEL, lang)
    line = _since_line(tree, "growth")
    assert LABEL in line and ("п. п." if lang == "ru" else "Pp.") in line
    assert "meeting" not in line
