"""A meeting's edition (issue 12): frozen "as of" the freezing, on each engine.

The meeting is made from the default agenda and frozen; then an import changes the
live figures (MAZ's October 2026 exports doubled). Every step of the edition — the
page the router sends, in two languages and both themes — and every download of it
(CSV and XLSX of each chart and table) must stay byte for byte what it was, while
today's data (``mode=live``) shows the new figures; the figures are checked against
the engine's own sums read by the test's SQL. Freezing again takes the new figures,
and the audit log names who froze, both times.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime

import pandas as pd
import pytest
import sqlalchemy as sa

from queries import appstore, audit, engine, meetings
from queries.imports import dump_url, import_files, write_rows
from tests.dash_client import DashClient, page_json, page_texts, texts
from tests.import_files.make_corpus import MAZ
from tests.import_files.support import demo_database


def _sql(url: str, sql: str, **params):
    # DuckDB hands a process's connections to one open instance of a file: the app's
    # engines let go of the file first, so that this reads the file there is now
    engine.reset()
    args = {"read_only": True} if url.startswith("duckdb") else {}
    eng = sa.create_engine(url, connect_args=args, poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as conn:
            return conn.execute(sa.text(sql), params).all()
    finally:
        eng.dispose()


def _total_mn(url: str) -> str:
    """January–October 2026 exports, mn USD to one decimal, as the KPI prints it."""
    value = _sql(url, "SELECT SUM(value_usd) FROM exports WHERE month BETWEEN "
                      "DATE '2026-01-01' AND DATE '2026-10-01'")[0][0]
    return f"{float(value) / 1e6:,.1f}"


@pytest.fixture(params=["duckdb", "postgresql"])
def meeting_app(request, tmp_path, monkeypatch):
    url, cleanup = demo_database(request, tmp_path, request.param)
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
    engine.reset()
    appstore.reset()
    if request.param == "postgresql":
        appstore.upgrade()  # a PostgreSQL store is upgraded by command, never by itself
    from dashboard.app import create_app
    app = create_app()
    yield app, DashClient(app.server.test_client()), url
    engine.reset()
    appstore.reset()
    cleanup()


def _freeze(app, meeting_id: str, actor: str):
    """Freeze as the secretary ``actor`` would, in a request of theirs."""
    from flask import g

    from dashboard.auth.session import LocalUser
    from dashboard.meetings import edition
    with app.server.test_request_context("/"):
        g.user = LocalUser(name=actor, display_name=actor)
        return edition.freeze(meeting_id, actor)


DOWNLOAD_LINK = re.compile(r"^/download/([A-Za-z0-9_-]+)\.(csv|xlsx)\?")


def _links(layout) -> list[str]:
    out = []

    def walk(node):
        if isinstance(node, dict):
            href = (node.get("props") or {}).get("href") if "props" in node else None
            if isinstance(href, str) and DOWNLOAD_LINK.match(href):
                out.append(href)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(layout)
    return out


def _snapshot(dc: DashClient, m: meetings.Meeting) -> dict[str, bytes]:
    """Every view step's page (en and ru, both themes) and every download it offers."""
    out = {}
    for step in m.steps:
        if step.kind != "view":
            continue
        for lang in ("en", "ru"):
            for present in ("1", "0"):
                search = f"?lang={lang}&present={present}"
                resp = dc.page(f"/meeting/{m.meeting_id}/{step.position}", search)
                assert resp.status_code == 200
                out[f"{step.position}{search}"] = resp.data
                if present == "0" and lang == "en":
                    links = _links(page_json(resp))
                    assert links, f"step {step.position} offers no download"
                    for link in links:
                        assert f"path=%2Fmeeting%2F{m.meeting_id}%2F{step.position}" in link \
                            or f"path=/meeting/{m.meeting_id}/{step.position}" in link, link
                        file = dc.client.get(link)
                        assert file.status_code == 200, (link, file.data[:300])
                        out[link] = file.data
    return out


def _import_doubled_maz_october(url: str, tmp_path) -> None:
    october = dump_url(url, "exports", (date(2026, 10, 1), date(2026, 10, 1)))
    october = october[october["enterprise"].astype(str) == MAZ]
    assert len(october) > 0
    path = write_rows("exports", october.assign(value_usd=october["value_usd"] * 2),
                      tmp_path / "maz_october.csv")
    result = import_files([path], url=url, loaded_by="test")
    assert result.loaded, result.report.text()


def _kpi_total(resp) -> str:
    found = re.search(r"Exports, January–October 2026 \| ([\d,]+\.\d)", page_texts(resp))
    assert found, page_texts(resp)[:1500]
    return found.group(1)


def test_an_edition_stays_as_frozen_after_an_import(meeting_app, tmp_path):
    app, dc, url = meeting_app
    started = datetime.now(UTC)
    m = meetings.create_meeting("2026-12-04", "Заседание рабочей группы", "working-group",
                                actor="sec")
    info = _freeze(app, m.meeting_id, "sec")
    assert 0 < info.size < 1_000_000
    m = meetings.get_meeting(m.meeting_id)
    overview = next(s.position for s in m.steps if s.kind == "view" and s.path == "/"
                    and s.search == "")
    before_total = _total_mn(url)
    frozen_page = dc.page(f"/meeting/{m.meeting_id}/{overview}", "?lang=en")
    assert _kpi_total(frozen_page) == before_total
    assert "Edition of" in page_texts(frozen_page)
    before = _snapshot(dc, m)

    _import_doubled_maz_october(url, tmp_path)
    after_total = _total_mn(url)
    assert after_total != before_total

    # today's data for the same step: the new figure, and says it is not the edition
    live = dc.page(f"/meeting/{m.meeting_id}/{overview}", "?lang=en&mode=live")
    assert _kpi_total(live) == after_total
    assert "Today's data" in page_texts(live)
    # the edition: every page and every file as it was, byte for byte
    after = _snapshot(dc, m)
    assert after.keys() == before.keys()
    changed = [k for k in before if before[k] != after[k]]
    assert not changed, changed[:5]

    # freezing again takes today's data, and the audit log says who froze, twice
    _freeze(app, m.meeting_id, "sec2")
    again = dc.page(f"/meeting/{m.meeting_id}/{overview}", "?lang=en")
    assert _kpi_total(again) == after_total
    assert _snapshot(dc, meetings.get_meeting(m.meeting_id)) != before
    # (the PostgreSQL store outlives a test run: this meeting's rows of this run only)
    entries = [e for e in audit.entries(action="meeting_freeze", since=started)
               if e.target == f"/meeting/{m.meeting_id}"]
    assert sorted(e.actor for e in entries) == ["sec", "sec2"]
    assert all(e.target == f"/meeting/{m.meeting_id}" for e in entries)
    assert [("replaces the edition" in e.detail) for e in entries] == [True, False]


def test_a_drill_inside_a_frozen_step_says_it_shows_todays_data(meeting_app):
    app, dc, url = meeting_app
    m = meetings.create_meeting("2026-12-05", "Заседание", "working-group", actor="sec")
    _freeze(app, m.meeting_id, "sec")
    trends = next(s.position for s in meetings.get_meeting(m.meeting_id).steps
                  if s.path == "/trends")
    concern = _sql(url, "SELECT concern_id FROM enterprise WHERE unp = :u", u=MAZ)[0][0]
    drilled = page_texts(dc.page(f"/meeting/{m.meeting_id}/{trends}",
                                 f"?lang=en&concern={concern}"))
    assert "this drill-down is not in the edition" in drilled
    plain = page_texts(dc.page(f"/meeting/{m.meeting_id}/{trends}", "?lang=en"))
    assert "Edition of" in plain and "not in the edition" not in plain


def test_a_frozen_page_opens_after_an_upgrade_that_dropped_a_component_or_prop():
    """An edition is plain JSON: a type or property this version no longer has is left
    out (the rest of the page stays), never an error."""
    from dash import html

    from dashboard.meetings.plain import from_plain, to_plain

    tree = to_plain(html.Div([html.Span("a", id="x"), html.P("b")], id="root"))
    tree["props"]["children"][0]["props"]["gone_prop"] = 1
    tree["props"]["children"][1]["type"] = "RemovedComponent"
    back = to_plain(from_plain(tree))
    assert back["props"]["id"] == "root"
    assert "gone_prop" not in back["props"]["children"][0]["props"]
    assert texts(back) == ["a", "b"]
    assert json.dumps(back)  # still JSON


def test_an_unknown_meeting_or_step_gives_a_message(meeting_app):
    _, dc, _ = meeting_app
    for path in ("/meeting/2099-01-01/2", "/meeting/nonsense/1", "/meeting/2026-12-04/x"):
        resp = dc.page(path, "?lang=en")
        assert resp.status_code == 200
        assert "meeting-error" in resp.data.decode()
    m = meetings.create_meeting("2026-12-06", "Заседание", "working-group", actor="sec")
    resp = dc.page(f"/meeting/{m.meeting_id}/99", "?lang=en")
    assert "meeting-error" in resp.data.decode()
    assert pd.notna(m.held_on)


@pytest.mark.browser
def test_the_meeting_handout_prints_the_edition_after_an_import(tmp_path, request,
                                                                 monkeypatch):
    """The handout of a frozen meeting is its steps as the meeting shows them: after an
    import its overview page still carries the frozen total, not today's."""
    from pypdf import PdfReader

    from tests.live import chromium_available, live_server
    if not chromium_available():
        pytest.skip("no Chromium installed (apt-get install chromium)")
    url, cleanup = demo_database(request, tmp_path, "duckdb")
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
    engine.reset()
    appstore.reset()
    from dashboard.app import create_app
    app = create_app()
    m = meetings.create_meeting("2026-12-04", "Заседание", "working-group", actor="sec")
    _freeze(app, m.meeting_id, "sec")
    frozen_total = _total_mn(url)
    _import_doubled_maz_october(url, tmp_path)
    today_total = _total_mn(url)
    with live_server() as base:
        import urllib.request
        with urllib.request.urlopen(f"{base}/meeting/{m.meeting_id}/handout.pdf?lang=en",
                                    timeout=300) as resp:
            assert resp.headers["Content-Type"] == "application/pdf"
            data = resp.read()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(m.steps)
    overview = next(s.position for s in m.steps if s.path == "/" and s.search == "")
    text = " ".join(reader.pages[overview - 1].extract_text().split())
    assert "Edition of" in text
    assert frozen_total in text and today_total not in text
    engine.reset()
    cleanup()
