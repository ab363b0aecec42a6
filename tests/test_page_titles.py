"""The browser tab's title of every page in the request's language (the URL's ``lang``,
else the browser's), on the page's HTML and after the router's page change; and one
brand per language in every title."""

from __future__ import annotations

import html
import re

import dash
import pytest

from dashboard.i18n import CATALOGUES
from tests.dash_client import DashClient

BRAND = {"ru": "Монитор экспорта — ", "en": "Export Monitor — ", "de": "Exportmonitor — "}
# pages whose titles are the section's name alone (the administrator's screens)
PLAIN = {"title.admin", "title.admin_audit"}


def _title_of(html_text: str) -> str:
    """The page's title in its HTML (Dash's og:title, from the page's ``title``; the
    tab shows it once the router's first callback has answered)."""
    found = re.search(r'<meta property="og:title" content="(.*?)"', html_text, re.S)
    assert found, html_text[:300]
    return html.unescape(found.group(1)).strip()


def _router_title(dc: DashClient, path: str, search: str) -> str:
    resp = dc.call("_pages_store.data", {
        "_pages_location.pathname": path, "_pages_location.search": search,
        "_pages_location.hash": "", "_pages_location.href": "http://x" + path + search})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    return resp.get_json()["response"]["_pages_store"]["data"]["title"]


def test_every_title_carries_its_languages_brand():
    for lang, brand in BRAND.items():
        titles = {k: v for k, v in CATALOGUES[lang].items() if k.startswith("title.")}
        assert len(titles) >= 20
        for key, text in titles.items():
            if key not in PLAIN:
                assert text.startswith(brand), (lang, key, text)


@pytest.mark.parametrize("path,key", [("/", "title.overview"), ("/exports", "title.exports"),
                                      ("/curators", "title.curators"),
                                      ("/tenders", "title.tenders"),
                                      ("/support", "title.support"),
                                      ("/meetings", "title.meetings")])
def test_a_pages_tab_title_is_in_the_requests_language(duck_db, path, key):
    from dashboard.app import create_app

    app = create_app()
    client = app.server.test_client()
    for lang in BRAND:
        want = CATALOGUES[lang][key]
        resp = client.get(f"{path}?lang={lang}", headers={"Accept": "text/html"})
        assert resp.status_code == 200
        assert _title_of(resp.get_data(as_text=True)) == want
        # navigating inside the app: the router's callback gives the new page's title
        dc = DashClient(app.server.test_client(), accept_language="ru" if lang != "ru" else "de")
        assert _router_title(dc, path, f"?lang={lang}") == want, lang
    # no lang in the URL: the browser's choice, as the pages follow it
    de = DashClient(app.server.test_client(), accept_language="de")
    assert _router_title(de, path, "") == CATALOGUES["de"][key]
    resp = client.get(path, headers={"Accept": "text/html", "Accept-Language": "en"})
    assert _title_of(resp.get_data(as_text=True)) == CATALOGUES["en"][key]


def test_titles_with_path_variables_follow_the_language(duck_db):
    from dashboard.app import create_app

    dc = DashClient(create_app().server.test_client())
    for path, key in (("/enterprise/3", "title.enterprise"),
                      ("/agenda/working-group/1", "title.agenda_step"),
                      ("/meeting/nope", "title.meeting")):
        for lang in BRAND:
            assert _router_title(dc, path, f"?lang={lang}") == CATALOGUES[lang][key]
    assert all(callable(p["title"]) for p in dash.page_registry.values())


def test_an_unknown_meetings_handout_says_there_is_no_such_meeting(dash_client):
    from dashboard.i18n import t

    resp = dash_client.client.get("/meeting/99999/handout.pdf?lang=en")
    assert resp.status_code == 404
    assert resp.get_data(as_text=True).strip() == t("meeting.err.unknown", "en",
                                                     meeting="99999")
