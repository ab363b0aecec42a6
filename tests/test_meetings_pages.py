"""The meetings' own pages over real HTTP: a live server in server mode (tests/live.py)
on the DuckDB test data and a private SQLite app store, driven by DashClient over a
``requests`` session per signed-in user.

What is proved here:
* a secretary creates a meeting on /meetings (steps: "Since the last meeting" and a copy
  of the agenda's), changes its title, date, participants and marks it held on its page,
  and freezes its edition (when the lead's ``dashboard.meetings.edition`` exists);
* a viewer and an analyst see the meetings but no form, and their change requests are
  refused (403) before anything runs;
* bad input (a bad date, a title too long, an unknown or malformed body, a forged agenda
  or meeting id, a forged status) gives the message in the user's language and saves
  nothing; every change is in the audit log (``queries.audit``);
* an unknown meeting id is a message with a way back, never an error;
* in headless Chromium, the forms work as clicked (dropdown, Create, held, Save).
"""

from __future__ import annotations

import json
import re

import pytest
import requests

from queries.agenda import DEFAULT_STEPS
from tests.dash_client import DashClient, page_json, texts
from tests.live import live_server

SECRET = "m" * 48
PASSWORD = "correct horse battery staple"
DAY = "2026-12-04"


class Http:
    """What DashClient needs of a client (``get``/``post`` answering ``status_code`` and
    ``data``), over a real socket. Sends the ``_csrf_token`` cookie back as the Dash
    renderer does."""

    def __init__(self, base: str, lang: str = "en"):
        self.base = base
        self.session = requests.Session()
        self.session.headers["Accept-Language"] = lang

    def _answer(self, resp):
        resp.data = resp.content
        return resp

    def get(self, path: str, headers=None, **_):
        return self._answer(self.session.get(self.base + path, headers=headers,
                                             allow_redirects=False, timeout=120))

    def post(self, path: str, json=None, data=None, **_):
        token = self.session.cookies.get("_csrf_token") or ""
        return self._answer(self.session.post(
            self.base + path, json=json, data=data, headers={"X-CSRFToken": token},
            allow_redirects=False, timeout=600))


def signed_in(base: str, name: str, lang: str = "en") -> DashClient:
    http = Http(base, lang)
    form = http.get(f"/sign-in?lang={lang}").content.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    resp = http.post("/sign-in", data={"name": name, "password": PASSWORD, "csrf_token": token,
                                       "lang": lang, "next": "/"})
    assert resp.status_code == 303, resp.content[:300]
    return DashClient(http)


@pytest.fixture
def srv(duck_db, tmp_path, monkeypatch):
    """A live server in server mode with a secretary, an analyst, a viewer and a viewer
    whose scope is the Brest oblast."""
    from dashboard.auth import sign_in
    from queries import accounts, appstore, engine

    monkeypatch.setenv("EXPORT_MONITOR_SECRET_KEY", SECRET)
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path}/app.sqlite")
    monkeypatch.delenv("EXPORT_MONITOR_REDIS_URL", raising=False)
    engine.reset()
    appstore.upgrade()
    accounts.add_user("sec", PASSWORD, ["secretary"])
    accounts.add_user("ana", PASSWORD, ["analyst"])
    accounts.add_user("vic", PASSWORD, ["viewer"])
    accounts.add_user("brest", PASSWORD, ["viewer"], oblasts=["BY-BR"])
    with live_server(mode="server") as base:
        sign_in.limiter.reset()  # (after the app exists: the limiter is bound to it)
        yield base
    engine.reset()


# -- helpers ---------------------------------------------------------------------------------

def find(node, node_id):
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


def joined(node) -> str:
    return " | ".join(texts(node))


def page(client: DashClient, path: str, search: str = "?lang=en"):
    return page_json(client.page(path, search))


def new_meeting(client: DashClient, *, held_on=DAY, title="December meeting",
                agenda="working-group", bodies=(), others="", lang="en"):
    """The /meetings page's Create, as the browser sends it."""
    return client.call("meetings-new-list", {
        "meetings-new-create.n_clicks": 1, "meetings-new-date.value": held_on,
        "meetings-new-title.value": title, "meetings-new-agenda.value": agenda,
        "meetings-new-bodies.value": list(bodies), "meetings-new-others.value": others,
        "_pages_location.search": f"?lang={lang}"}, changed=["meetings-new-create.n_clicks"])


def meeting_op(client: DashClient, op: str, meeting_id: str, fields: dict | None = None,
               lang: str = "en"):
    """A meeting page's button {op, meeting} with the fields of the same meeting."""
    cb = client.find("meeting-edit-body.children")
    button = {"type": "meeting-edit-op", "op": op, "meeting": meeting_id}
    states = [{"id": {"type": "meeting-edit-field", "field": k, "meeting": meeting_id},
               "property": "value", "value": v} for k, v in (fields or {}).items()]
    key = json.dumps(dict(sorted(button.items())), separators=(",", ":"))
    return client.client.post("/_dash-update-component", json={
        "output": cb["output"],
        "outputs": [{"id": "meeting-edit-body", "property": "children"},
                    {"id": "meeting-edit-message", "property": "children"}],
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "state": [states, {"id": "_pages_location", "property": "search",
                           "value": f"?lang={lang}"}],
        "changedPropIds": [key + ".n_clicks"],
    })


def answer(resp):
    """(the message shown, the response's outputs) of a change callback."""
    assert resp.status_code == 200, resp.data[:500]
    body = json.loads(resp.data)["response"]
    message = body[next(k for k in body if k.endswith("-message"))]["children"]
    return joined(message), body


def snapshot():
    from queries import meetings
    return [(m.meeting_id, m.held_on, m.title, m.status, m.bodies, m.others,
             tuple((s.kind, s.title, s.path, s.search) for s in m.steps))
            for m in meetings.list_meetings("en")]


def changes():
    from queries import audit
    return [(e.actor, e.target, e.detail) for e in audit.entries(action="meeting_change")]


def edit_fields(m, **over):
    base = {"title": m.title, "date": m.held_on.isoformat(), "status": m.status,
            "bodies": list(m.bodies), "others": m.others}
    return {**base, **over}


# -- the secretary ---------------------------------------------------------------------------

def test_a_secretary_creates_a_meeting_over_a_copy_of_the_agenda(srv, frames):
    from queries import agenda, meetings

    sec = signed_in(srv, "sec")
    listing = page(sec, "/meetings")
    assert find(listing, "meetings-new") is not None
    assert "There are no meetings yet." in joined(listing)
    # what the form offers: every concern of every kind (ministries, holdings, oblast
    # committees) and every oblast, as in the generated rows
    offered = {o["value"] for o in find(listing, "meetings-new-bodies")["props"]["options"]}
    assert offered == ({f"concern:{c}" for c in frames["concern"]["concern_id"]}
                       | {f"oblast:{o}" for o in frames["by_oblast"]["oblast_id"]})

    text, body = answer(new_meeting(sec, held_on="04.12.2026", bodies=[
        "concern:minprom", "oblast:BY-BR"], others="Ministry of Economy"))
    assert text.startswith("Meeting of 4 Dec 2026 created: “December meeting”.")
    made = meetings.get_meeting(DAY, "en")
    source = agenda.get_agenda("working-group", "en")
    assert made.status == "planned" and made.created_by == "sec"
    assert made.bodies == ("concern:minprom", "oblast:BY-BR")
    assert [(s.kind, s.path, s.search) for s in made.steps] == \
        [("since", "", ""), ("instr", "", "")] + [("view", s.path, s.search)
                                                  for s in source.steps]
    assert made.steps[0].title == "Since the last meeting"
    # the list, drawn afresh: the row and its links
    row = find(body["meetings-new-list"]["children"], f"meetings-row-{DAY}")
    shown = joined(row)
    concern = frames["concern"].set_index("concern_id")
    oblast = frames["by_oblast"].set_index("oblast_id")
    for part in ("4 Dec 2026", "December meeting", "planned", "not frozen yet",
                 concern.loc["minprom", "name_en"], oblast.loc["BY-BR", "name_en"],
                 "Ministry of Economy"):
        assert part in shown, part
    assert find(row, f"meetings-start-{DAY}")["props"]["href"] == f"/meeting/{DAY}/1?lang=en"
    assert find(row, f"meetings-follow-{DAY}")["props"]["href"] == \
        f"/meeting/{DAY}/follow?lang=en"
    # a second meeting that day gets the next key; the list is newest first
    text, _ = answer(new_meeting(sec, held_on=DAY, title="Second"))
    assert "created" in text
    assert [m.meeting_id for m in meetings.list_meetings("en")] == [f"{DAY}-2", DAY]
    assert changes() == [("sec", f"/meeting/{DAY}-2", "create"),
                         ("sec", f"/meeting/{DAY}", "create")]

    # in Russian: the date as dd.mm.yyyy, the status and the bodies' Russian names
    ru = joined(page(sec, "/meetings", "?lang=ru"))
    for part in ("04.12.2026", "запланировано", "выпуск не зафиксирован",
                 concern.loc["minprom", "name_ru"], "Заседания рабочей группы"):
        assert part in ru, part
    # the agenda page links here
    assert find(page(sec, "/agenda"), "agenda-meetings")["props"]["href"] == "/meetings?lang=en"


def test_a_secretary_edits_the_meeting_and_marks_it_held(srv, frames):
    from queries import meetings

    meetings.create_meeting(DAY, "Draft", "working-group", actor="sec")
    sec = signed_in(srv, "sec")
    shown = page(sec, f"/meeting/{DAY}")
    text = joined(shown)
    for part in ("Draft", "4 Dec 2026", "planned", "Not frozen", f"Steps · {2 + len(DEFAULT_STEPS)} steps",
                 "Since the last meeting", "Agenda copied from: Working group"):
        assert part in text, part
    assert find(shown, "meeting-present")["props"]["href"] == f"/meeting/{DAY}/1?lang=en&lead=1"
    assert find(shown, "meeting-follow")["props"]["href"] == f"/meeting/{DAY}/follow?lang=en"
    assert find(shown, "meeting-handout")["props"]["href"] == \
        f"/meeting/{DAY}/handout.pdf?lang=en"
    assert find(shown, "meeting-step-3")["props"]["href"] == f"/meeting/{DAY}/3?lang=en"
    assert find(shown, "meeting-edit") is not None
    # on the shared screen the page shows the meeting, not the forms
    assert find(page(sec, f"/meeting/{DAY}", "?lang=en&present=1"), "meeting-edit") is None

    m = meetings.get_meeting(DAY, "en")
    text, body = answer(meeting_op(sec, "save", DAY, edit_fields(
        m, title="  The December   meeting ", date="05.12.2026", status="held",
        bodies=["concern:minagro", "oblast:BY-HM"], others="guests")))
    assert text == "Saved."
    after = meetings.get_meeting(DAY, "en")
    assert (after.title, after.held_on.isoformat(), after.status, after.bodies, after.others) \
        == ("The December meeting", "2026-12-05", "held",
            ("concern:minagro", "oblast:BY-HM"), "guests")
    assert after.meeting_id == DAY  # the key stays when the date is corrected
    redrawn = joined(body["meeting-edit-body"]["children"])
    assert "held" in redrawn and "5 Dec 2026" in redrawn
    assert frames["concern"].set_index("concern_id").loc["minagro", "name_en"] in redrawn
    # the same values again change nothing and write no audit row
    text, _ = answer(meeting_op(sec, "save", DAY, edit_fields(after)))
    assert text == "Nothing to change."
    assert changes() == [("sec", f"/meeting/{DAY}",
                          "update:title,date,status,bodies,others;status=held")]
    # back to planned, in German: the confirmation in German
    text, _ = answer(meeting_op(sec, "save", DAY, edit_fields(after, status="planned"),
                                lang="de"))
    assert text == "Gespeichert."
    assert meetings.get_meeting(DAY).status == "planned"
    assert changes()[0] == ("sec", f"/meeting/{DAY}", "update:status;status=planned")


def test_a_secretary_freezes_the_edition(srv):
    try:
        from dashboard.meetings import edition  # noqa: F401
    except ImportError:
        pytest.skip("dashboard.meetings.edition (the lead's freeze) does not exist yet")
    from queries import audit, meetings

    meetings.create_meeting(DAY, "Frozen", "working-group", actor="sec")
    sec = signed_in(srv, "sec")
    shown = page(sec, f"/meeting/{DAY}")
    assert find(shown, {"type": "meeting-edit-op", "op": "freeze", "meeting": DAY}) is not None
    text, body = answer(meeting_op(sec, "freeze", DAY))
    info = meetings.get_meeting(DAY).edition
    assert info is not None and info.frozen_by == "sec"
    kb = max(1, round(info.size / 1024))
    assert text == f"Edition frozen: {2 + len(DEFAULT_STEPS)} steps, {kb:,} KB."
    redrawn = joined(body["meeting-edit-body"]["children"])
    assert "frozen by sec" in redrawn and "Freeze again" in redrawn
    assert any(e.actor == "sec" for e in audit.entries(action="meeting_freeze"))
    # freezing again replaces the edition
    first = info.frozen_at
    text, _ = answer(meeting_op(sec, "freeze", DAY))
    assert text.startswith("Edition frozen")
    assert meetings.get_meeting(DAY).edition.frozen_at >= first
    assert "Edition of" in joined(page(sec, "/meetings"))


# -- who may not ----------------------------------------------------------------------------

@pytest.mark.parametrize("name,handout", [("vic", False), ("ana", True)])
def test_viewers_and_analysts_read_but_change_nothing(srv, name, handout):
    from queries import meetings

    meetings.create_meeting(DAY, "Read only", "working-group", actor="sec")
    before = snapshot()
    user = signed_in(srv, name)
    listing = page(user, "/meetings")
    assert "Read only" in joined(listing) and find(listing, "meetings-new") is None
    assert find(listing, "meetings-new-create") is None
    shown = page(user, f"/meeting/{DAY}")
    assert "Read only" in joined(shown)
    assert find(shown, "meeting-edit") is None and find(shown, "meeting-present") is None
    assert find(shown, "meeting-follow") is not None
    assert (find(shown, "meeting-handout") is not None) is handout
    # their requests are refused before the callback runs
    assert new_meeting(user, title="Mine").status_code == 403
    m = meetings.get_meeting(DAY, "en")
    assert meeting_op(user, "save", DAY, edit_fields(m, status="held")).status_code == 403
    assert meeting_op(user, "freeze", DAY).status_code == 403
    assert snapshot() == before and changes() == []


def test_a_scoped_reader_sees_no_name_outside_the_scope(srv, frames):
    from queries import meetings

    meetings.create_meeting(DAY, "Oblasts", "working-group", actor="sec",
                            bodies=["oblast:BY-BR", "oblast:BY-VI", "concern:minprom"])
    oblast = frames["by_oblast"].set_index("oblast_id")
    ent = frames["enterprise"]
    # the concern is within the scope when one of its enterprises is in the oblast
    minprom_in = bool(((ent["concern_id"] == "minprom") & (ent["oblast_id"] == "BY-BR")).any())
    hidden = 1 + (not minprom_in)
    for path in ("/meetings", f"/meeting/{DAY}"):
        text = joined(page(signed_in(srv, "brest"), path))
        assert oblast.loc["BY-BR", "name_en"] in text
        assert oblast.loc["BY-VI", "name_en"] not in text
        assert f"{hidden} more outside your access" in text
    full = joined(page(signed_in(srv, "vic"), f"/meeting/{DAY}"))
    assert oblast.loc["BY-VI", "name_en"] in full and "outside your access" not in full


# -- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("over,expected", [
    ({"held_on": "31.02.2026"}, "“31.02.2026” is not a date"),
    ({"held_on": "next Friday"}, "is not a date"),
    ({"held_on": None}, "is not a date"),
    ({"title": "x" * 121}, "The title has 121 characters; at most 120 are allowed."),
    ({"title": "   "}, "Enter a title."),
    ({"bodies": ["concern:no-such-body"]}, "“concern:no-such-body” is not among the bodies"),
    ({"bodies": ["<script>alert(1)</script>"]}, "is not a participant this app knows"),
    ({"agenda": "no-such-agenda"}, "There is no agenda “no-such-agenda”"),
    ({"agenda": "../../etc/passwd"}, "There is no agenda"),
    ({"others": "y" * 501}, "more than 500 characters"),
])
def test_bad_input_for_a_new_meeting_gives_the_message_and_saves_nothing(srv, over,
                                                                        expected):
    sec = signed_in(srv, "sec")
    before = snapshot()
    text, _ = answer(new_meeting(sec, **over))
    assert expected in text
    assert snapshot() == before and changes() == []


def test_bad_input_for_a_meeting_is_refused_in_the_users_language(srv):
    from queries import meetings

    meetings.create_meeting(DAY, "Kept", "working-group", actor="sec")
    sec = signed_in(srv, "sec")
    m = meetings.get_meeting(DAY, "en")
    before = snapshot()
    for fields, lang, expected in (
            (edit_fields(m, status="cancelled"), "en", "“cancelled” is not a status"),
            (edit_fields(m, date="2026-13-01"), "ru", "«2026-13-01» — не дата"),
            (edit_fields(m, title="z" * 130), "de", "Der Titel hat 130 Zeichen"),
            (edit_fields(m, bodies=["oblast:XX-XX"]), "en", "is not among the bodies"),
            (edit_fields(m, bodies="concern:minprom;drop"), "en", "is not a participant")):
        text, _ = answer(meeting_op(sec, "save", DAY, fields, lang=lang))
        assert expected in text, (fields, text)
    # a forged meeting id in the button: the message, and the page says so too
    for forged in ("2099-01-01", "../x", "<b>"):
        text, body = answer(meeting_op(sec, "save", forged, edit_fields(m, title="New")))
        assert "There is no meeting" in text
        assert find(body["meeting-edit-body"]["children"], "meeting-back") is not None
    assert answer(meeting_op(sec, "freeze", "2099-01-01"))[0].startswith(
        "There is no meeting")
    assert snapshot() == before and changes() == []


@pytest.mark.parametrize("path", ["/meeting/nope", "/meeting/2030-01-01",
                                  "/meeting/%3Cscript%3E", "/meeting/2026-12-04-999"])
def test_an_unknown_meeting_is_a_message_with_a_way_back(srv, path):
    user = signed_in(srv, "vic", "ru")
    shown = page(user, path, "?lang=ru")
    assert "Заседания «" in joined(find(shown, "meeting-unknown")) \
        and "» нет." in joined(find(shown, "meeting-unknown"))
    assert find(shown, "meeting-back")["props"]["href"] == "/meetings?lang=ru"
    # the whole page, as a browser asks for it, is no error either
    assert user.client.get(path + "?lang=ru", headers={"Accept": "text/html"}).status_code == 200


# -- in the browser --------------------------------------------------------------------------

@pytest.mark.browser
def test_the_forms_work_in_the_browser(duck_db, tmp_path, monkeypatch):
    """The same journey as a secretary clicks it (local mode: every role): the form's
    fields, the participants' dropdown, Create, the link to the new meeting, held, Save."""
    from tests.live import browser_page, chromium_available
    if not chromium_available():
        pytest.skip("no Chromium installed (apt-get install chromium)")
    from queries import appstore, engine, meetings

    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path}/app.sqlite")
    engine.reset()
    appstore.upgrade()
    errors: list[str] = []
    with live_server() as base, browser_page() as page:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{base}/meetings?lang=ru")
        page.wait_for_load_state("networkidle")
        page.fill("#meetings-new-date", "11.12.2026")
        page.fill("#meetings-new-title", "Декабрьское заседание")
        page.click("#meetings-new-bodies")
        page.get_by_role("option", name="Министерство промышленности").click()
        page.keyboard.press("Escape")
        page.fill("#meetings-new-others", "гости")
        page.click("#meetings-new-create")
        page.wait_for_selector("#meetings-result")
        assert page.inner_text("#meetings-result").startswith(
            "Заседание 11.12.2026 создано: «Декабрьское заседание».")
        assert page.locator("#meetings-row-2026-12-11").count() == 1
        page.click("#meetings-new-link")
        page.wait_for_selector("#meeting-title")
        page.get_by_label("проведено").check()
        page.get_by_text("Сохранить", exact=True).click()
        page.wait_for_selector("#meeting-result")
        assert page.inner_text("#meeting-result") == "Сохранено."
        assert page.inner_text("#meeting-status") == "проведено"
    m = meetings.get_meeting("2026-12-11")
    assert (m.title, m.status, m.bodies, m.others) == (
        "Декабрьское заседание", "held", ("concern:minprom",), "гости")
    assert changes() == [("local", "/meeting/2026-12-11", "update:status;status=held"),
                         ("local", "/meeting/2026-12-11", "create")]
    assert errors == []
