"""A database outage (issue 10): the PostgreSQL server not listening (127.0.0.1:1,
closed) and the DuckDB file missing. /health answers 503 with a short reason — no
host, port, path or driver words, those stay in the log — and every page answers 200
with the outage page ("the database cannot be reached … will recover by itself"), in
each language, never a 500 or "an unexpected error"."""

from __future__ import annotations

import json

import pytest

from queries import engine
from tests.dash_client import DashClient, page_texts

PAGES = ["/", "/exports", "/trends", "/stock", "/receivables", "/enterprise/1"]
REASONS = {"database unreachable", "database file missing", "database timeout"}


@pytest.fixture(params=["closed_port", "missing_file"])
def down(request, tmp_path, monkeypatch):
    if request.param == "closed_port":
        url = "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=3"
        secret = ["127.0.0.1", "port 1", "psycopg", "refused", "OperationalError"]
    else:
        missing = tmp_path / "gone" / "export_monitor.duckdb"
        url = f"duckdb:///{missing}"
        secret = [str(tmp_path), ".duckdb", "IOException", "No such file"]
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
    engine.reset()
    from dashboard.app import create_app
    client = create_app().server.test_client()
    yield request.param, client, secret, url
    engine.reset()
    if request.param == "missing_file":  # the app never creates the file it reads
        assert not missing.exists() and not missing.parent.exists()


def test_health_is_503_with_a_short_reason(down):
    kind, client, secret, _ = down
    resp = client.get("/health")
    assert resp.status_code == 503
    body = resp.get_json()
    assert body["status"] == "unavailable" and body["reason"] in REASONS
    assert body["reason"] == ("database unreachable" if kind == "closed_port"
                              else "database file missing")
    raw = json.dumps(body)
    for words in secret:
        assert words not in raw, words


@pytest.mark.parametrize("lang", ["en", "ru", "de"])
def test_every_page_shows_the_outage_page(down, lang):
    from dashboard.i18n import t

    _, client, secret, _ = down
    dc = DashClient(client)
    expected = t("outage.title", lang)
    if lang == "en":
        assert expected == "The database cannot be reached at the moment."
    for path in PAGES:
        resp = dc.page(path, f"?lang={lang}")
        assert resp.status_code == 200, (path, resp.data[:300])
        text = page_texts(resp)
        assert expected in text, (path, text[:500])
        assert "unexpected error" not in text.lower() and "Traceback" not in text
        for words in secret:
            assert words not in text, (path, words)


def test_direct_requests_do_not_fail(down):
    """The page itself (the first HTML) and a download link answer without a 500."""
    _, client, _, _ = down
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    resp = client.get("/download/exports-grid.csv?path=/exports")
    assert resp.status_code in (200, 404, 503), resp.status_code
