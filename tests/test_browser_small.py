"""The small things a user hit (issue 9), in real headless Chromium: the concern filter
closes after a choice and on Escape; on Negative trends a click on "K others" in the
bridge shows the next concerns (``more=N``), and a click on a product's or a region's
bar filters the page (``heading=`` / ``region=``) — its figures then agree with our own
SQL over the raw rows. In Russian and a second language, in both themes."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import create_engine, text

from tests.live import browser_page, chromium_available, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(),
                       reason="no Chromium at /usr/bin/chromium (apt-get install chromium): "
                              "browser tests skipped"),
]

OPEN_LIST = ".dash-dropdown-content"  # the open list of a dcc.Dropdown (Dash 4)
PERIOD = "year=2026&from=1&to=10"    # Jan–Oct 2026 against Jan–Oct 2025, said explicitly
OTHERS, FIRST = "…others", "…first"  # the keys the bridge's folded bars carry


def _settled(page):
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def _watch_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 500 else None)
    return errors


# --- the concern filter ----------------------------------------------------------------

def _concern_trigger(page):
    return page.locator('.filter-item:has(label[for="filter-concern"]) button.dash-dropdown')


def _list_is_closed(page):
    page.wait_for_function(
        "sel => !document.querySelector(sel)", arg=OPEN_LIST, timeout=5000)
    assert page.locator(OPEN_LIST).count() == 0
    assert _concern_trigger(page).get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize("lang", ["ru", "de"])
def test_concern_filter_closes_after_a_choice_and_on_escape(duck_db, frames, lang):
    concerns = frames["concern"].set_index("concern_id")
    enterprise_concern = frames["enterprise"].set_index("enterprise_id")["concern_id"]
    with live_server() as base, browser_page() as page:
        errors = _watch_errors(page)
        page.goto(f"{base}/exports?lang={lang}")
        _settled(page)
        trigger = _concern_trigger(page)

        # a choice: the list closes, the URL and the page follow
        trigger.click()
        options = page.locator(f"{OPEN_LIST} [role=option]")
        options.first.wait_for()
        assert options.count() == len(concerns)  # every concern is offered
        option = options.nth(1)
        label = option.inner_text().strip()
        option.click()
        page.wait_for_url(re.compile(r"[?&]concern="))
        chosen = _query(page.url)["concern"]
        assert _query(page.url)["lang"] == lang
        names = {str(concerns.loc[chosen, c]) for c in concerns.columns
                 if c.startswith(("name_", "short_name_"))}
        assert label in names, (label, names)
        _settled(page)
        _list_is_closed(page)
        assert label in _concern_trigger(page).inner_text()  # the control shows it
        # the page shows the concern's enterprises now (from the raw rows)
        keys = page.evaluate(
            "() => document.querySelector('#product-bars .js-plotly-plot')"
            "._fullData[0].customdata.map(c => c[0])")
        assert keys, "no bars after the choice"
        assert {enterprise_concern[int(k)] for k in keys} == {chosen}

        # Escape closes an open list, with the focus in its search box …
        url = page.url
        trigger.click()
        page.locator(OPEN_LIST).wait_for()
        assert trigger.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Escape")
        _list_is_closed(page)
        # … after typing into it, too; and Escape changes neither filter nor URL
        trigger.click()
        search = page.locator(f"{OPEN_LIST} input[type=search]")
        search.wait_for()
        search.type(label[:2])
        page.keyboard.press("Escape")
        _list_is_closed(page)
        page.wait_for_timeout(300)  # a filter change would have started by now
        _settled(page)
        assert page.url == url
        # … and when the list was opened from the keyboard
        trigger.focus()
        page.keyboard.press("Enter")
        page.locator(OPEN_LIST).wait_for()
        page.keyboard.press("Escape")
        _list_is_closed(page)
        assert page.url == url
        assert errors == []


# --- Negative trends: "K others", products and regions ---------------------------------

def _sql(duck_url: str, sql: str, **params) -> list[tuple]:
    """Our own SQL over the raw rows (exports × enterprise), outside the query layer."""
    eng = create_engine(duck_url)
    try:
        with eng.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        eng.dispose()


def _changes(duck_url: str, by: str, where: str = "", **params) -> list[tuple[str, float, float]]:
    """(key, Jan–Oct 2026, Jan–Oct 2025) of industrial enterprises' exports by ``by``,
    for the items with either value."""
    rows = _sql(duck_url, f"""
        SELECT CAST({by} AS VARCHAR) AS k,
               SUM(CASE WHEN year(x.month) = 2026 THEN x.value_usd ELSE 0 END) AS v,
               SUM(CASE WHEN year(x.month) = 2025 THEN x.value_usd ELSE 0 END) AS ly
        FROM exports x JOIN enterprise e ON e.enterprise_id = x.enterprise_id
        WHERE e.is_industrial AND month(x.month) <= 10 AND year(x.month) IN (2025, 2026)
              {where}
        GROUP BY 1""", **params)
    return [(k, float(v), float(ly)) for k, v, ly in rows if v or ly]


def _trace(page, graph: str) -> dict:
    page.locator(f"#{graph} .bars .point path").first.wait_for()
    return page.evaluate(
        "g => { const d = document.querySelector('#' + g + ' .js-plotly-plot')._fullData[0];"
        " return {keys: d.customdata.map(c => String(c[0])), y: d.y.map(String),"
        " x: Array.from(d.x), base: d.base ? Array.from(d.base) : null}; }", graph)


def _click_point(page, graph: str, index: int):
    page.locator(f"#{graph} .bars .point path").nth(index).click(force=True)


def _totals(page) -> tuple[float, float]:
    """The bridge's two total bars (last year's, this year's), in mn USD as drawn."""
    tr = _trace(page, "trends-bridge")
    assert tr["keys"][0] == "" and tr["keys"][-1] == ""
    return tr["x"][0], tr["x"][-1]


THEMES = [("ru", "0"), ("ru", "1"), ("de", "1"), ("en", "0")]


@pytest.mark.parametrize("lang,present", THEMES)
def test_trends_bridge_others_opens_the_next_concerns(duck_db, lang, present):
    concerns = _sql(duck_db, "SELECT concern_id FROM concern")
    by_concern = _changes(duck_db, "e.concern_id")
    assert len(by_concern) > 12 and len(concerns) >= len(by_concern)
    # largest change first, as the bridge takes them
    ranked = [k for k, v, ly in sorted(by_concern, key=lambda r: -abs(r[1] - r[2]))]
    start = f"/trends?lang={lang}&present={present}&{PERIOD}"
    with live_server() as base, browser_page() as page:
        errors = _watch_errors(page)
        page.goto(base + start)
        _settled(page)
        first = _trace(page, "trends-bridge")
        assert first["keys"].count(OTHERS) == 1, first["keys"]
        shown = [k for k in first["keys"] if k not in ("", OTHERS, FIRST)]
        n = len(shown)
        assert set(shown) == set(ranked[:n])
        others = first["keys"].index(OTHERS)
        assert re.search(rf"\b{len(ranked) - n}\b", first["y"][others]), first["y"][others]

        _click_point(page, "trends-bridge", others)
        page.wait_for_url(re.compile(r"[?&]more=\d+"))
        q = _query(page.url)
        assert q["more"] == str(n)  # the next ones after those just shown
        assert (q["lang"], q["present"], q["year"], q["to"]) == (lang, present, "2026", "10")
        _settled(page)
        page.wait_for_function(
            "() => { const d = document.querySelector('#trends-bridge .js-plotly-plot');"
            " return d && d._fullData && d._fullData[0].customdata.some(c => c[0] === '…first'); }")
        nxt = _trace(page, "trends-bridge")
        step_keys = [k for k in nxt["keys"] if k not in ("", OTHERS, FIRST)]
        assert step_keys and not set(step_keys) & set(shown)  # other concerns now
        assert set(step_keys) == set(ranked[n:n + len(step_keys)])
        assert nxt["keys"].count(FIRST) == 1
        # the totals stay those of the whole filter
        assert nxt["x"][0] == pytest.approx(first["x"][0]) and \
            nxt["x"][-1] == pytest.approx(first["x"][-1])
        assert errors == []


def _losses(changes) -> list[str]:
    """The losing items' keys, largest loss first (ties: the larger last year first)."""
    return [k for k, v, ly in sorted((r for r in changes if r[1] < r[2]),
                                     key=lambda r: (r[1] - r[2], -r[2]))]


@pytest.mark.parametrize("lang,present", THEMES)
def test_trends_products_and_regions_filter_on_click(duck_db, lang, present):
    # everything from the raw rows first (the server then holds the database file)
    heading = _losses(_changes(duck_db, "x.heading_id"))[0]
    region = _losses(_changes(duck_db, "x.region_id"))[0]
    _, total, total_ly = _changes(duck_db, "'all'")[0]
    _, h_total, h_total_ly = _changes(duck_db, "'all'", "AND x.heading_id = :h", h=heading)[0]
    h_regions = _losses(_changes(duck_db, "x.region_id", "AND x.heading_id = :h", h=heading))
    _, r_total, r_total_ly = _changes(duck_db, "'all'", "AND x.region_id = :r", r=region)[0]
    r_products = _losses(_changes(duck_db, "x.heading_id", "AND x.region_id = :r", r=region))
    start = f"/trends?lang={lang}&present={present}&{PERIOD}"
    with live_server() as base, browser_page() as page:
        errors = _watch_errors(page)
        page.goto(base + start)
        _settled(page)
        assert _totals(page) == pytest.approx((total_ly / 1e6, total / 1e6))

        # the top product bar is the largest loss: a click filters the page on it
        products = _trace(page, "trends-products")
        assert products["keys"][-1] == heading
        _click_point(page, "trends-products", len(products["keys"]) - 1)
        page.wait_for_url(re.compile(r"[?&]heading=" + re.escape(heading)))
        q = _query(page.url)
        assert (q["lang"], q["present"], q["year"], q["to"]) == (lang, present, "2026", "10")
        _settled(page)
        _bridge_changed(page, total_ly / 1e6)
        # the figures are the heading's now
        assert _totals(page) == pytest.approx((h_total_ly / 1e6, h_total / 1e6))
        regions = _trace(page, "trends-regions")["keys"][::-1]  # largest loss first
        assert regions and regions == h_regions[:len(regions)]

        # the same for a region, from the page without a filter
        page.goto(base + start)
        _settled(page)
        regions = _trace(page, "trends-regions")
        assert regions["keys"][-1] == region
        _click_point(page, "trends-regions", len(regions["keys"]) - 1)
        page.wait_for_url(re.compile(r"[?&]region=" + re.escape(region)))
        q = _query(page.url)
        assert (q["lang"], q["present"]) == (lang, present) and "heading" not in q
        _settled(page)
        _bridge_changed(page, total_ly / 1e6)
        assert _totals(page) == pytest.approx((r_total_ly / 1e6, r_total / 1e6))
        products = _trace(page, "trends-products")["keys"][::-1]
        assert products and products == r_products[:len(products)]
        assert errors == []


def _bridge_changed(page, total_ly_mn: float):
    """Wait until the bridge is redrawn for the new filter (its first total moved)."""
    page.wait_for_function(
        "t => { const d = document.querySelector('#trends-bridge .js-plotly-plot');"
        " return d && d._fullData && Math.abs(d._fullData[0].x[0] - t) > 1e-6; }",
        arg=total_ly_mn)
