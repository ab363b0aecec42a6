"""The language a page speaks (URL ``lang``, else the browser's Accept-Language, else
Russian), numbers in the language's format, the switches in the header, and the
presentation theme (``present=1``), through HTTP and in headless Chromium."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from tests.dash_client import DashClient, page_json, page_texts
from tests.live import browser_page, chromium_available, live_server

PAGES = ("/", "/exports", "/trends", "/stock", "/receivables")
# Okabe & Ito's colour-blind-safe set, with black, white and greys.
COLOUR_BLIND_SAFE = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
                     "#cc79a7", "#000000", "#ffffff", "#7a7a7a", "#111827", "#6b7280"}


def _client(header: str | None) -> DashClient:
    from dashboard.app import create_app
    client = create_app().server.test_client()
    client.environ_base.pop("HTTP_ACCEPT_LANGUAGE", None)
    return DashClient(client, accept_language=header)


def _find(node, pred):
    """Every component dict of a layout JSON for which ``pred`` holds."""
    out = []
    if isinstance(node, list):
        for item in node:
            out.extend(_find(item, pred))
    elif isinstance(node, dict):
        if "props" in node and pred(node):
            out.append(node)
        for value in node.values():
            if isinstance(value, (dict, list)):
                out.extend(_find(value, pred))
    return out


def _by_id(layout, component_id):
    found = _find(layout, lambda n: n["props"].get("id") == component_id)
    assert found, f"no component {component_id!r}"
    return found[0]


def _kpi_text(layout, tile="exports") -> str:
    node = _by_id(layout, f"kpi-{tile}-value")["props"]["children"]
    return node[0] if isinstance(node, list) else node


def _exports_ytd(frames) -> float:
    ex = frames["exports"].copy()
    ex["month"] = pd.to_datetime(ex["month"])
    latest = ex["month"].max()
    cur = ex[(ex["month"].dt.year == latest.year) & (ex["month"].dt.month <= latest.month)]
    return cur["value_usd"].sum() / 1e6


@pytest.mark.parametrize("header, nav_text", [
    (None, "Обзор"),                              # the browser asks for nothing: Russian
    ("", "Обзор"),
    ("fr-FR,fr;q=0.9", "Обзор"),                  # none of ours: Russian
    ("de-DE,de;q=0.9,en;q=0.8", "Überblick"),
    ("en-GB,en;q=0.9", "Overview"),
    ("pl, en;q=0.5, ru;q=0.7", "Обзор"),          # the best of ours by weight
])
def test_language_follows_the_browser_when_the_url_names_none(duck_db, header, nav_text):
    layout = page_json(_client(header).page("/", ""))
    assert _by_id(layout, "nav-overview")["props"]["children"] == nav_text


def test_the_url_language_wins_over_the_browser(duck_db):
    client = _client("de-DE,de;q=0.9")
    layout = page_json(client.page("/", "?lang=en"))
    assert _by_id(layout, "nav-overview")["props"]["children"] == "Overview"
    text = page_texts(client.page("/", "?lang=xx"))
    assert "There is no language" not in text  # the message comes in the browser's language
    assert "Die Sprache „xx“ gibt es nicht" in text


def test_numbers_follow_the_language(duck_db, frames):
    value = _exports_ytd(frames)
    en = f"{value:,.1f}"
    expected = {"en": en, "ru": en.replace(",", "\xa0").replace(".", ","),
                "de": en.replace(",", "_").replace(".", ",").replace("_", ".")}
    client = _client(None)
    for lang, text in expected.items():
        layout = page_json(client.page("/", f"?lang={lang}"))
        assert _kpi_text(layout) == text, lang
        chart = _by_id(layout, "monthly-chart")["props"]["figure"]
        assert chart["layout"]["separators"] == {"en": ".,", "ru": ",\xa0", "de": ",."}[lang]
        grid = _by_id(layout, "league-grid")["props"]
        number_locale = grid["dashGridOptions"]["context"]["numberLocale"]
        assert number_locale["decimal"] == ("." if lang == "en" else ",")
        formatters = [c["valueFormatter"]["function"] for c in grid["columnDefs"]
                      if "valueFormatter" in c]
        assert formatters and all("d3.format(" not in f for f in formatters)
        assert all("formatLocale(params.context.numberLocale)" in f for f in formatters)


def test_grid_texts_are_translated(duck_db):
    from dashboard.presentation import LOCALE_TEXT
    client = _client(None)
    for lang in ("ru", "de"):
        grid = _by_id(page_json(client.page("/", f"?lang={lang}")), "league-grid")["props"]
        if not LOCALE_TEXT:
            pytest.fail("dashboard/grid_locale.py has no AG Grid texts")
        text = grid["dashGridOptions"]["localeText"]
        assert text.get("noRowsToShow") and text["noRowsToShow"] != "No Rows To Show", lang
        assert text.get("contains") and text["contains"] != "Contains", lang


def _switch_params(layout, component_id) -> dict:
    href = _by_id(layout, component_id)["props"]["href"]
    parsed = urlparse(href)
    return {"path": parsed.path, **{k: v[0] for k, v in parse_qs(parsed.query).items()}}


def test_switches_keep_the_view(duck_db):
    client = _client(None)
    search = "?concern=mtz&level=enterprise&geo=region&district=CFD"
    layout = page_json(client.page("/exports", search))
    de = _switch_params(layout, "lang-de")
    assert de == {"path": "/exports", "concern": "mtz", "level": "enterprise", "geo": "region",
                  "district": "CFD", "lang": "de"}
    present = _switch_params(layout, "present-toggle")
    assert present["present"] == "1" and present["concern"] == "mtz"
    # leaving the presentation keeps the rest of the view
    layout = page_json(client.page("/exports", search + "&lang=de&present=1"))
    back = _switch_params(layout, "present-toggle")
    assert "present" not in back and back["lang"] == "de" and back["level"] == "enterprise"
    # navigation keeps language and theme
    nav = _switch_params(layout, "nav-trends")
    assert nav["lang"] == "de" and nav["present"] == "1"


def test_presentation_theme(duck_db):
    client = _client("en")
    for path in PAGES:
        layout = page_json(client.page(path, "?present=1"))
        roots = _find(layout, lambda n: "page" in str(n["props"].get("className", "")).split())
        assert roots and "present" in roots[0]["props"]["className"].split(), path
        for graph in _find(layout, lambda n: n.get("type") == "Graph"):
            figure = graph["props"]["figure"]
            colours = set()
            for trace in figure.get("data", []):
                for part in ("marker", "line"):
                    colour = (trace.get(part) or {}).get("color")
                    values = colour if isinstance(colour, list) else [colour]
                    colours |= {c.lower() for c in values if isinstance(c, str)
                                and c.startswith("#")}
                if trace.get("type") == "bar":  # every bar says its value
                    assert trace.get("text") is not None or trace.get("texttemplate"), path
            assert colours <= COLOUR_BLIND_SAFE | _fixed_scales(), (path, colours - COLOUR_BLIND_SAFE)
            assert figure["layout"].get("transition", {}).get("duration") == 0
    plain = page_json(client.page("/", ""))
    assert not _find(plain, lambda n: "present" in str(n["props"].get("className", "")).split())


def _fixed_scales() -> set[str]:
    """Colours that encode an order rather than a category (debt age from light to dark,
    'others' in grey); they stay as they are in the presentation theme."""
    from dashboard.figures import receivables, trends
    return {c.lower() for c in (*trends.AGE_COLORS, trends.OTHERS_COLOR,
                                *getattr(receivables, "AGE_COLORS", ()))}


def test_bad_present_value_is_explained(duck_db):
    text = page_texts(_client("en").page("/", "?present=yes"))
    assert "is not a valid value for “present”" in text


# --- in the browser ---------------------------------------------------------------

browser = pytest.mark.skipif(not chromium_available(),
                             reason="no Chromium installed (apt-get install chromium)")


def _wait_drawn(page):
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
    page.locator(".js-plotly-plot .main-svg").first.wait_for()


@browser
@pytest.mark.browser
def test_every_page_fits_one_screen_in_every_language_and_theme(duck_db, frames):
    """1920×1080 without scrolling; in the presentation theme the controls are tucked
    away and the KPI figures are large."""
    from queries.dimensions import dimensions
    enterprise = int(dimensions().enterprises["enterprise_id"].iloc[0])
    with live_server() as base, browser_page() as page:
        for path in (*PAGES, f"/enterprise/{enterprise}"):
            for lang, present in [(lang, present) for lang in ("ru", "en", "de")
                                  for present in (False, True)]:
                page.goto(f"{base}{path}?lang={lang}" + ("&present=1" if present else ""))
                _wait_drawn(page)
                size = page.evaluate("() => [document.documentElement.scrollWidth, "
                                     "document.documentElement.scrollHeight]")
                assert size[0] <= 1920 and size[1] <= 1080, (path, lang, present, size)
                if not present:
                    continue
                assert not page.locator(".filter-bar").is_visible(), path
                kpi = page.locator(".kpi-value").first
                if kpi.count():
                    px = float(kpi.evaluate("e => getComputedStyle(e).fontSize")[:-2])
                    assert px >= 36, (path, px)


@browser
@pytest.mark.browser
def test_language_switch_in_the_browser(duck_db, frames):
    value = _exports_ytd(frames)
    with live_server() as base, browser_page() as page:
        page.goto(base + "/?concern=")
        _wait_drawn(page)
        assert page.locator("#nav-overview").inner_text() == "Overview"  # Chromium asks for en-US
        page.click("#lang-de")
        page.wait_for_url(re.compile(r"lang=de"))
        _wait_drawn(page)
        page.locator("#nav-overview", has_text="Überblick").wait_for()
        de = f"{value:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
        assert page.locator("#kpi-exports-value").inner_text().startswith(de)
        page.click("#lang-ru")
        page.wait_for_url(re.compile(r"lang=ru"))
        page.locator("#nav-overview", has_text="Обзор").wait_for()
        # the grid's numbers in the Russian format, drawn by AG Grid in the browser
        page.locator("#league-grid .ag-cell[col-id='value']").first.wait_for()
        cell = page.locator("#league-grid .ag-cell[col-id='value']").first.inner_text()
        assert re.fullmatch(r"\d{1,3}(\u00a0\d{3})*,\d", cell), cell
        page.click("#present-toggle")
        page.wait_for_url(re.compile(r"present=1"))
        page.locator(".page.present").wait_for()
        assert json.loads(json.dumps(page.url)).count("lang=ru") == 1
