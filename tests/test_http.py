"""The pages and callbacks through the Flask server's HTTP interface, including
malformed and hostile URLs: always a page with a message, never a 500."""

from __future__ import annotations

import json

import pytest

from tests.dash_client import DashClient, page_texts


@pytest.fixture
def app(duck_db):
    from dashboard.app import create_app
    return create_app()


def test_index_and_health(app):
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/exports?concern=x").status_code == 200
    health = client.get("/health")
    assert health.status_code == 200
    assert health.get_json()["latest_month"] == "2026-10-01"


def test_health_503_when_database_missing(monkeypatch, tmp_path):
    from dashboard.app import create_app
    from queries import engine
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", f"duckdb:///{tmp_path}/missing.duckdb")
    engine.reset()
    client = create_app().server.test_client()
    resp = client.get("/health")
    assert resp.status_code == 503
    assert resp.get_json()["reason"] == "database file missing"  # the path stays in the log
    page = DashClient(client).page("/", "")
    assert page.status_code == 200
    assert "The database cannot be reached at the moment." in page_texts(page)


def test_overview_shows_kpis_and_league(any_client, frames):
    text = page_texts(any_client.page("/", ""))
    assert "Exports, January–October 2026" in text
    assert "Target fulfilment to date" in text
    top = frames["concern"].set_index("concern_id")
    # the league lists every concern that exported
    exported = set(frames["enterprise"].set_index("enterprise_id").loc[
        frames["exports"]["enterprise_id"].unique(), "concern_id"])
    for cid in exported:
        assert top.loc[cid, "name_en"] in text


def test_exports_drill_levels(any_client, frames):
    concern = frames["concern"]["concern_id"].iloc[0]
    text = page_texts(any_client.page("/exports", f"?concern={concern}"))
    assert "Enterprises, January–October 2026" in text
    assert "All concerns" in text  # breadcrumb back up
    name = frames["concern"].set_index("concern_id").loc[concern, "name_en"]
    assert name in text


def test_drill_callback_builds_the_next_url(dash_client):
    resp = dash_client.call("_pages_location.search", {
        "product-bars.clickData": {"points": [{"customdata": ["bellegprom"]}]},
        "drill-context.data": {"level": "concern", "geo": "district"},
        "_pages_location.search": "?year=2025",
    }, changed=["product-bars.clickData"], input_id="product-bars")
    assert resp.status_code == 200
    body = json.loads(resp.data)
    search = json.dumps(body)
    assert "concern=bellegprom" in search and "level=enterprise" in search
    assert "year=2025" in search


FILTER_IDS = [{"type": "filter", "field": f} for f in (
    "year", "from", "to", "concern", "enterprise", "oblast", "district", "region", "chapter",
    "heading", "industrial")]


RENDERED_2025 = {"year": "2025", "from": "1", "to": "12", "concern": "", "enterprise": "",
                 "oblast": "", "district": "", "region": "", "chapter": "", "heading": "",
                 "subject": "", "industrial": "0"}


def test_filter_bar_writes_the_url_and_resets_the_drill(dash_client):
    resp = dash_client.filter_change(FILTER_IDS, "concern", ["bellegprom", "mtz"],
                                     "?year=2025&level=heading&map=growth",
                                     rendered=RENDERED_2025)
    assert resp.status_code == 200
    search = json.loads(resp.data)["response"]["_pages_location"]["search"]
    assert search == "?year=2025&concern=bellegprom,mtz&map=growth"


def test_filter_bar_ignores_a_re_render(dash_client):
    """Dash fires the callback when the page is rendered with new controls; the URL
    (and its drill path) must stay as it is."""
    resp = dash_client.filter_change(FILTER_IDS, "year", 2025, "?year=2025&level=heading",
                                     rendered=RENDERED_2025)
    assert resp.status_code == 200
    assert json.loads(resp.data)["response"] == {}  # Dash's "no update"


def test_clearing_a_control_removes_its_parameter(dash_client):
    rendered = {**RENDERED_2025, "concern": "bellegprom", "district": "CFD"}
    resp = dash_client.filter_change(FILTER_IDS, "district", [],
                                     "?year=2025&concern=bellegprom&district=CFD&geo=region",
                                     rendered=rendered)
    search = json.loads(resp.data)["response"]["_pages_location"]["search"]
    assert search == "?year=2025&concern=bellegprom"


@pytest.mark.parametrize("search,message", [
    ("?to=13", "must be a number from 1 to 12"),
    ("?from=9&to=3", "were swapped"),
    ("?year=2026%27%3B%20DROP%20TABLE%20exports%3B--", "has no data"),
    ("?concern=%27%20OR%201%3D1%20--", "Unknown concern ignored"),
    ("?region=" + "A" * 5000, "was too long"),
    ("?level=../../etc", "does not exist"),
    ("?geo=<script>alert(1)</script>", "does not exist"),
    ("?map=nope", "does not exist"),
    ("?enterprise=-5", "Unknown enterprise ignored"),
    ("?year=&from=&to=", None),
    ("?%ZZ=1&&&=", None),
])
@pytest.mark.parametrize("path", ["/", "/exports"])
def test_bad_input_gives_page_with_message(any_client, path, search, message):
    if path == "/" and any(p in search for p in ("level=", "geo=", "map=")):
        message = None  # the Overview has no drill parameters: they are ignored
    text = page_texts(any_client.page(path, search))
    assert "Traceback" not in text
    assert "Export Monitor" in text
    if message:
        assert message in text


def test_unknown_path_is_a_page(dash_client):
    text = page_texts(dash_client.page("/no/such/page", ""))
    assert "There is no page" in text
