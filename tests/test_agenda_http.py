"""Agendas over HTTP: the /agenda page, every step of the default agenda (the same
figures as the page proper, checked against the generated rows), the list's change
callback and the header's “+ Agenda”, and hostile input — always a clear message,
never a 500, and nothing changed."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from queries import agenda as ag
from queries.agenda import DEFAULT_STEPS
from tests.dash_client import page_json, page_texts

WG = "working-group"


@pytest.fixture
def client(dash_client, tmp_path, monkeypatch):
    """The app on the DuckDB test data, with an empty agenda store of its own."""
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    ag.reset()
    return dash_client


def find(node, node_id):
    """The component with ``id`` in a layout JSON, or None."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and props.get("id") == node_id:
            return node
        for value in node.values():
            hit = find(value, node_id)
            if hit is not None:
                return hit
    elif isinstance(node, list):
        for item in node:
            hit = find(item, node_id)
            if hit is not None:
                return hit
    return None


def text_of(node) -> str:
    from tests.dash_client import texts
    return "".join(texts(node.get("props", {}).get("children"))) if node else ""


def step_page(client, n, search="", agenda=WG):
    body = page_json(client.page(f"/agenda/{agenda}/{n}", search))
    return body["response"]["_pages_content"]["children"]


def snapshot():
    return [ag.get_agenda(a.agenda_id, "en") for a in ag.list_agendas("en")]


# -- pages ---------------------------------------------------------------------------------

def test_agenda_list_shows_the_default_agenda(client):
    layout = page_json(client.page("/agenda"))
    text = page_texts(client.page("/agenda"))
    assert "Agendas" in text and "Working group" in text and f"{len(DEFAULT_STEPS)} steps" in text
    assert find(layout, f"agenda-start-{WG}")["props"]["href"] == f"/agenda/{WG}/1"
    assert find(layout, f"agenda-handout-{WG}")["props"]["href"] == \
        f"/agenda/{WG}/handout.pdf?lang=en"
    for title in ("Negative trends of industrial exporters", "Overdue receivables by oblast"):
        assert title in text
    ru = page_texts(client.page("/agenda", "?lang=ru"))
    assert "Повестки" in ru and "Рабочая группа" in ru and "Беллегпром" in ru


@pytest.mark.parametrize("n,title,element", [
    (1, "Exports against the target, full-year forecast", "kpi-forecast-value"),
    (2, "Negative trends of industrial exporters", "trends-bridge"),
    (3, "Bellegprom", "product-bars"),
    (4, "Belneftekhim: tyres", "product-bars"),
    (5, "Belgospishcheprom and the Ministry of Agriculture and Food", "product-bars"),
    (6, "Warehouse stock in the distribution network", "stock-map"),
    (7, "Overdue receivables by oblast", "rcv-oblast-bars"),
    # the working group's other subjects
    (8, "MTZ: expected full-year exports and the forecast", "expect-history-chart"),
    (9, "Curators of Russian regions", "curators-grid"),
    (10, "Direct contracts with federal retail chains", "kpi-row"),
    (11, "Public procurement: Stavropol and Rostov, localisation losses", "kpi-row"),
    (12, "Sales-and-service centres: planned, opened, sales", "centres-geo-bars"),
    (13, "Export support: does it reach those who need it?", "sup-instrument-bars"),
])
def test_every_default_step_draws_its_view(client, n, title, element):
    page = step_page(client, n)
    assert page["props"]["id"] == "agenda-step"
    assert page["props"]["data-step"] == str(n) and page["props"]["data-count"] == str(len(DEFAULT_STEPS))
    assert text_of(find(page, "agenda-counter")) == f"{n} / {len(DEFAULT_STEPS)}"
    assert text_of(find(page, "agenda-step-title")) == title
    assert find(page, element) is not None
    # presentation theme, navigation replaced by the agenda bar, filter bar hidden by CSS
    assert '"className": "page present"' in json.dumps(page)
    assert find(page, "nav-overview") is None and find(page, "agenda-bar") is not None
    prev, nxt = find(page, "agenda-prev"), find(page, "agenda-next")
    assert (prev["props"].get("href") == f"/agenda/{WG}/{n - 1}") == (n > 1)
    assert (nxt["props"].get("href") == f"/agenda/{WG}/{n + 1}") == (n < len(DEFAULT_STEPS))


def test_a_step_draws_the_same_figures_as_the_page_and_the_raw_rows(client, frames):
    step = step_page(client, 1)
    page = page_json(client.page("/", "?present=1"))
    for kpi in ("exports", "growth", "target", "forecast", "stock", "overdue"):
        assert find(step, f"kpi-{kpi}-value") == find(page, f"kpi-{kpi}-value")
    ex = frames["exports"].assign(month=lambda d: pd.to_datetime(d["month"]))
    this_year = ex[(ex["month"].dt.year == 2026) & (ex["month"].dt.month <= 10)]
    assert text_of(find(step, "kpi-exports-value")).startswith(
        f"{this_year['value_usd'].sum() / 1e6:,.1f}")

    # step 4: Belneftekhim's tyres (HS 4011), by enterprise
    step4 = step_page(client, 4)
    own = page_json(client.page("/exports", "?concern=belneftekhim&heading=4011&present=1"))
    assert find(step4, "product-bars")["props"]["figure"] == \
        find(own, "product-bars")["props"]["figure"]
    ent = frames["enterprise"].set_index("enterprise_id")
    tyres = this_year[(this_year["heading_id"].astype(str).str.zfill(4) == "4011")
                      & (this_year["enterprise_id"].map(ent["concern_id"]) == "belneftekhim")]
    expected = tyres.groupby("enterprise_id")["value_usd"].sum()
    assert len(expected) > 0
    drawn = json.dumps(find(step4, "product-bars")["props"]["figure"])
    for eid, value in expected.items():
        assert ent.loc[eid, "name_en"] in drawn
        assert f"{value / 1e6:,.1f}" in drawn


def test_step_language_theme_and_drill(client):
    ru = step_page(client, 3, "?lang=ru")
    assert text_of(find(ru, "agenda-step-title")) == "Беллегпром"
    assert text_of(find(ru, "agenda-bar-title")) == "Рабочая группа"
    assert find(ru, "agenda-next")["props"]["href"] == f"/agenda/{WG}/4?lang=ru"
    # language and theme switches stay on the step
    assert find(ru, "lang-de")["props"]["href"] == f"/agenda/{WG}/3?lang=de"
    assert find(ru, "present-toggle")["props"]["href"] == f"/agenda/{WG}/3?lang=ru&present=0"
    plain = step_page(client, 3, "?present=0")
    assert '"page present"' not in json.dumps(plain) and '"page"' in json.dumps(plain)
    # a drill click writes its parameters into the step's URL: the step shows them
    # over the saved view, and Leave opens the page proper with the same view
    drilled = step_page(client, 3, "?level=heading")
    assert find(drilled, "agenda-counter") is not None
    assert drilled["props"]["data-leave"] == "/exports?concern=bellegprom&level=heading&present=1"
    assert step_page(client, 3)["props"]["data-leave"] == "/exports?concern=bellegprom&present=1"


@pytest.mark.parametrize("path,expected", [
    (f"/agenda/{WG}/0", f"There is no step 0: this agenda has {len(DEFAULT_STEPS)} steps."),
    (f"/agenda/{WG}/{len(DEFAULT_STEPS) + 1}", f"There is no step {len(DEFAULT_STEPS) + 1}"),
    (f"/agenda/{WG}/999", "There is no step 999"),
    (f"/agenda/{WG}/abc", "“abc” is not a step number"),
    (f"/agenda/{WG}/-1", "is not a step number"),
    (f"/agenda/{WG}/%3Cscript%3E", "is not a step number"),
    ("/agenda/no-such-agenda/1", "There is no agenda “no-such-agenda”."),
    ("/agenda/..%2F..%2Fetc/1", "There is no agenda"),
    ("/agenda/" + "x" * 300 + "/1", "There is no agenda"),
])
def test_bad_step_links_give_a_message(client, path, expected):
    before = snapshot()
    resp = client.page(path)
    text = page_texts(resp)
    assert expected in text and "All agendas" in text
    assert snapshot() == before


def test_a_path_climbing_out_gives_a_message(client):
    before = snapshot()
    text = page_texts(client.page("/agenda/../../etc/passwd"))
    assert "“passwd” is not a step number" in text and "All agendas" in text
    assert snapshot() == before


def test_a_saved_step_whose_page_is_gone_gives_a_message(client):
    a = ag.create_agenda("Old")
    ag.add_step(a.agenda_id, "/import", "", "The import page")  # not a view of the app
    text = page_texts(client.page(f"/agenda/{a.agenda_id}/1"))
    assert "“/import” is not a page of this app" in text


# -- the list's changes ----------------------------------------------------------------------

def _key(id_: dict) -> str:
    return "{" + ",".join(f"{json.dumps(k)}:{json.dumps(id_[k])}" for k in sorted(id_)) + "}"


def act(client, op, agenda="", step=0, title=None, search="?lang=en"):
    """The /agenda page's change callback, as the browser sends it after a click on the
    button {op, agenda, step} with the title input of the same agenda and step."""
    cb = client.find("agenda-body.children")
    button = {"type": "agenda-op", "op": op, "agenda": agenda, "step": step}
    inputs = [{"id": {"type": "agenda-input", "agenda": agenda, "step": step},
               "property": "value", "value": title}]
    payload = {
        "output": cb["output"],
        "outputs": [{"id": "agenda-body", "property": "children"},
                    {"id": "agenda-message", "property": "children"}],
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "state": [inputs, {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": [_key(button) + ".n_clicks"],
    }
    resp = client.client.post("/_dash-update-component", json=payload)
    assert resp.status_code == 200, resp.data[:500]
    body = json.loads(resp.data)["response"]
    return text_of(body["agenda-message"]["children"]), body["agenda-body"]["children"]


def test_create_rename_reorder_remove_delete_through_http(client):
    ag.list_agendas()
    message, body = act(client, "create", title="  Board <b>meeting</b> ")
    assert message == "Agenda “Board <b>meeting</b>” created."
    a = ag.list_agendas("en")[-1]
    assert a.agenda_id == "board-b-meeting-b" and a.title == "Board <b>meeting</b>"
    # the title is text in the page, never markup
    panel = find(body, f"agenda-{a.agenda_id}")
    assert "Board <b>meeting</b>" in json.dumps(panel, ensure_ascii=False)
    assert '"type": "B"' not in json.dumps(panel)

    assert act(client, "rename_agenda", a.agenda_id, 0, "Board")[0] == "Renamed to “Board”."
    assert ag.get_agenda(a.agenda_id, "ru").title == "Board"

    for path, title in (("/", "One"), ("/trends", "Two"), ("/stock", "Three")):
        ag.add_step(a.agenda_id, path, "", title)
    assert act(client, "down", a.agenda_id, 1)[0] == "Step 1 moved."
    assert act(client, "up", a.agenda_id, 3)[0] == "Step 3 moved."
    assert [s.title for s in ag.get_agenda(a.agenda_id, "en").steps] == ["Two", "Three", "One"]
    assert act(client, "rename_step", a.agenda_id, 2, "Stock, again")[0] == \
        "Renamed to “Stock, again”."
    assert act(client, "remove", a.agenda_id, 1)[0] == "Step 1 removed."
    assert [(s.position, s.title) for s in ag.get_agenda(a.agenda_id, "en").steps] == [
        (1, "Stock, again"), (2, "One")]
    message, body = act(client, "delete", a.agenda_id)
    assert message == "Agenda deleted." and ag.get_agenda(a.agenda_id) is None
    assert find(body, f"agenda-{a.agenda_id}") is None and find(body, f"agenda-{WG}")


@pytest.mark.parametrize("op,agenda,step,title,expected", [
    ("rename_step", WG, 1, "x" * 10_000, "The title has 10000 characters; at most 120"),
    ("rename_agenda", WG, 0, "x" * 121, "at most 120 are allowed"),
    ("rename_step", WG, 1, "   ", "Enter a title."),
    ("rename_step", WG, 1, None, "Enter a title."),
    ("rename_step", WG, 1, ["a list"], "Enter a title."),
    ("create", "", 0, "", "Enter a title."),
    ("rename_step", WG, 0, "t", "There is no step 0"),
    ("up", WG, 1, None, "There is no step 0"),
    ("down", WG, len(DEFAULT_STEPS), None, f"There is no step {len(DEFAULT_STEPS) + 1}"),
    ("remove", WG, 999, None, "There is no step 999"),
    ("remove", WG, "abc", None, "“abc” is not a step number"),
    ("remove", WG, True, None, "is not a step number"),
    ("remove", WG, 1.5, None, "is not a step number"),
    ("remove", "no-such-agenda", 1, None, "There is no agenda “no-such-agenda”."),
    ("delete", "../../etc", 0, None, "There is no agenda “../../etc”."),
    ("delete", {"$ne": 1}, 0, None, "There is no agenda"),
    ("rename_agenda", "<script>alert(1)</script>", 0, "t", "There is no agenda"),
])
def test_hostile_changes_give_a_message_and_change_nothing(client, op, agenda, step, title,
                                                          expected):
    before = snapshot()
    message, _ = act(client, op, agenda, step, title)
    assert expected in message
    assert snapshot() == before


def test_an_unknown_op_does_nothing(client):
    before = snapshot()
    cb = client.find("agenda-body.children")
    button = {"type": "agenda-op", "op": "drop_table", "agenda": WG, "step": 1}
    resp = client.client.post("/_dash-update-component", json={
        "output": cb["output"],
        "outputs": [{"id": "agenda-body", "property": "children"},
                    {"id": "agenda-message", "property": "children"}],
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "state": [[], {"id": "_pages_location", "property": "search", "value": ""}],
        "changedPropIds": [_key(button) + ".n_clicks"]})
    assert resp.status_code == 200 and json.loads(resp.data)["response"] == {}  # no update
    assert snapshot() == before


def test_script_in_a_title_is_kept_as_text_and_shown_as_text(client):
    act(client, "rename_step", WG, 2, "<script>alert(1)</script>")
    assert ag.get_agenda(WG, "en").steps[1].title == "<script>alert(1)</script>"
    page = step_page(client, 2)
    title = find(page, "agenda-step-title")
    assert title["type"] == "Span" and title["props"]["children"] == "<script>alert(1)</script>"


# -- “+ Agenda” in the header ----------------------------------------------------------------

def add(client, agenda, title, pathname, search, prefill=None):
    resp = client.call("agenda-add-message.children", {
        "agenda-add-submit.n_clicks": 1, "agenda-add-agenda.value": agenda,
        "agenda-add-title.value": title, "agenda-add-prefill.data": prefill,
        "_pages_location.pathname": pathname, "_pages_location.search": search,
    }, changed=["agenda-add-submit.n_clicks"])
    assert resp.status_code == 200, resp.data[:500]
    return text_of(json.loads(resp.data)["response"]["agenda-add-message"]["children"])


def test_the_header_control_is_on_every_page(client):
    layout = page_json(client.page("/exports", "?concern=bellegprom"))
    control = find(layout, "agenda-add")
    assert control is not None
    assert find(layout, "agenda-add-title")["props"]["value"] == "Exports · Bellegprom"  # the short name, as on the screens
    prefill = find(layout, "agenda-add-prefill")["props"]["data"]
    assert prefill["ru"].startswith("Экспорт · ") and prefill["de"].startswith("Exporte · ")
    opened = client.call("agenda-add-agenda.options", {
        "agenda-add-open.n_clicks": 1, "agenda-add-agenda.value": None,
        "_pages_location.search": "?lang=de"}, changed=["agenda-add-open.n_clicks"])
    response = json.loads(opened.data)["response"]
    assert response["agenda-add-agenda"]["options"] == [
        {"label": "Arbeitsgruppe", "value": WG}]
    assert response["agenda-add-agenda"]["value"] == WG


def test_adding_the_view_on_screen(client):
    prefill = {"ru": "Экспорт · Беллегпром", "en": "Exports · Bellegprom",
               "de": "Exporte · Bellegprom"}
    message = add(client, WG, "Exports · Bellegprom", "/exports",
                  "?level=enterprise&concern=bellegprom&lang=en", prefill)
    assert message == f"Added to “Working group” as step {len(DEFAULT_STEPS) + 1}."
    step = ag.get_agenda(WG, "en").steps[-1]
    assert (step.path, step.search) == ("/exports", "?concern=bellegprom&level=enterprise&lang=en")
    assert ag.get_agenda(WG, "de").steps[-1].title == "Exporte · Bellegprom"  # untouched
    # an edited title is kept as typed, in every language
    add(client, WG, "Tyres again", "/trends", "", prefill)
    assert ag.get_agenda(WG, "ru").steps[-1].title == "Tyres again"
    # from a step (with a drill): the view the step shows
    add(client, WG, "Drilled", f"/agenda/{WG}/3", "?level=heading")
    step = ag.get_agenda(WG, "en").steps[-1]
    assert (step.path, step.search) == ("/exports",
                                        "?concern=bellegprom&level=heading&present=1")
    # the enterprise card is a page too
    add(client, WG, "Card", "/enterprise/3", "?year=2025")
    assert ag.get_agenda(WG, "en").steps[-1].path == "/enterprise/3"


@pytest.mark.parametrize("agenda,title,pathname,search,expected", [
    (None, "t", "/trends", "", "Choose an agenda first."),
    ("no-such", "t", "/trends", "", "There is no agenda “no-such”."),
    (WG, "t", "https://evil.example/", "", "is not a page of this app"),
    (WG, "t", "/../../etc/passwd", "", "is not a page of this app"),
    (WG, "t", "/agenda", "", "is not a page of this app"),
    (WG, "t", "/404", "", "is not a page of this app"),
    (WG, "t", "/nonexistent", "", "is not a page of this app"),
    (WG, "t", f"/agenda/{WG}/99", "", "There is no step 99"),
    (WG, "x" * 10_000, "/trends", "", "The title has 10000 characters"),
    (WG, "", "/trends", "", "Enter a title."),
    (WG, "t", "/trends", "?x=" + "y" * 3000, "too long or malformed"),
])
def test_hostile_adds_give_a_message_and_add_nothing(client, agenda, title, pathname,
                                                     search, expected):
    before = snapshot()
    assert expected in add(client, agenda, title, pathname, search)
    assert snapshot() == before
