"""The agenda's PDF handout: one page per step, each with the data's freshness stamp and
its step's title, printed by headless Chromium from a live server; clear answers when
the agenda does not exist or Chromium is missing."""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request

import pytest

from dashboard.handout import step_url
from dashboard.i18n import t
from tests.dash_client import page_json
from tests.live import chromium_available, live_server


def squash(text: str) -> str:
    """Text without any whitespace: PDF text extraction breaks lines where it likes."""
    return re.sub(r"\s+", "", text)


def freshness_text(dash_client, lang: str) -> str:
    from tests.test_downloads import find_component
    page = page_json(dash_client.page("/", f"?lang={lang}&present=1"))
    return find_component(page, "freshness")["children"]


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="Chromium is not installed")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_default_agenda_handout_has_one_page_per_step(dash_client, frames, lang):
    from pypdf import PdfReader

    from queries import agenda

    steps = agenda.get_agenda(agenda.DEFAULT_ID, lang).steps
    assert len(steps) >= 5
    stamp = freshness_text(dash_client, lang)
    assert stamp and stamp != t("fresh.none", lang)
    with live_server() as base:
        url = f"{base}/agenda/{agenda.DEFAULT_ID}/handout.pdf?lang={lang}"
        with urllib.request.urlopen(url, timeout=600) as resp:
            assert resp.status == 200
            assert resp.headers["Content-Type"] == "application/pdf"
            data = resp.read()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(steps)
    for page, step in zip(reader.pages, steps):
        # 1920×1080 px printed at 96 dpi: 1440×810 pt
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (1440, 810)
        text = squash(page.extract_text())
        assert squash(stamp) in text, (step.title, text[:300])
        assert squash(f"{step.position} / {len(steps)} · {step.title}") in text
    # each page shows its own view: the Exports steps show their concerns' names
    # (the bars show a concern's short name where it has one, from the raw rows)
    concern = frames["concern"].set_index("concern_id")
    full = concern["name_en" if lang == "en" else "name_ru"]
    short = concern.get(f"short_name_{lang}")
    names = full if short is None else short.where(
        short.map(lambda v: isinstance(v, str) and v != ""), full)
    exports_pages = [(p, s) for p, s in zip(reader.pages, steps) if s.path == "/exports"]
    assert exports_pages
    for page, step in exports_pages:
        concerns = re.search(r"concern=([a-z,]+)", step.search).group(1).split(",")
        text = squash(page.extract_text())
        for concern in concerns:
            # (long names are shortened on the bars)
            assert squash(names[concern][:20]) in text, (concern, text[:300])


def test_unknown_agenda_is_404_with_a_message(dash_client):
    resp = dash_client.client.get("/agenda/no-such-agenda/handout.pdf?lang=en")
    assert resp.status_code == 404
    assert resp.data.decode().strip() == t("handout.err.agenda", "en", id="no-such-agenda")
    resp = dash_client.client.get("/agenda/%3Cscript%3E/handout.pdf?lang=de")
    assert resp.status_code == 404 and "<script>" in resp.data.decode()  # plain text
    assert resp.mimetype == "text/plain"


def test_no_chromium_is_503_saying_so(dash_client, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_CHROMIUM", "/nonexistent/chromium")
    resp = dash_client.client.get("/agenda/working-group/handout.pdf?lang=ru")
    assert resp.status_code == 503
    text = resp.data.decode()
    assert "/nonexistent/chromium" in text and "EXPORT_MONITOR_CHROMIUM" in text
    assert text.strip() == t("handout.err.chromium", "ru", path="/nonexistent/chromium")


def test_step_urls_keep_the_saved_language_and_add_the_presentation_theme():
    assert step_url("http://h:1/", "/exports", "?concern=bellegprom", "de") == \
        "http://h:1/exports?concern=bellegprom&present=1&lang=de"
    assert step_url("http://h:1", "/", "?lang=en&present=0", "ru") == \
        "http://h:1/?lang=en&present=1"
    assert step_url("http://h:1", "/trends", "", "ru") == "http://h:1/trends?present=1&lang=ru"


def test_live_server_refuses_unknown_agenda_over_http(duck_db):
    with live_server() as base:
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{base}/agenda/nope/handout.pdf?lang=en", timeout=30)
    assert err.value.code == 404
