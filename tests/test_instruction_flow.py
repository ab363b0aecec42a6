"""Instructions given and carried through over real HTTP, in server mode (issue 13), on
the DuckDB test database and a private SQLite app store (tests/test_auth.py's fixture):
the form on a meeting step (key I; its callback), the controls for reports and
decisions, and the meeting step "Instructions: due, overdue, done".

* create without and with a target — the form prefilled from the step (bodies, view),
  the figures the instruction keeps are the edition's, the target's baseline is checked
  against the raw receivables rows;
* a progress report by a scoped analyst, not accepted, reported again, accepted;
  extended; cancelled — after each the status, the event history and the audit trail;
* refusals, each with its message and nothing saved (no instruction, no event, no audit
  row): a deadline in the past, a body outside a scoped secretary's scope, a target the
  data cannot compute; a viewer creating or reporting: 403 before the callback runs;
* the instructions step: the columns, frozen in the edition and cut to a scoped
  reader's instructions (counts included);
* in headless Chromium: on a meeting step press I, fill in, save — the step is still on
  screen, the address unchanged, and the instruction exists.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from tests.dash_client import DashClient, page_json, page_texts
from tests.test_auth import PASSWORD, server, signed_in  # noqa: F401 (the fixture)

BELLEGPROM = "bellegprom"
DEADLINE = "2027-03-31"


@pytest.fixture
def flow(server, duck_url):  # noqa: F811
    from flask import g

    from dashboard.auth.session import LocalUser
    from dashboard.meetings import edition
    from queries import accounts, meetings

    accounts.add_user("sec", PASSWORD, ["secretary"])
    accounts.add_user("bsec", PASSWORD, ["secretary"], concerns=[BELLEGPROM])
    accounts.add_user("belan", PASSWORD, ["analyst"], concerns=[BELLEGPROM])
    accounts.add_user("bel", PASSWORD, ["viewer"], concerns=[BELLEGPROM])
    m = meetings.create_meeting("2026-12-04", "Заседание", "working-group", actor="sec")
    with server["app"].server.test_request_context("/"):
        g.user = LocalUser(name="sec", display_name="sec")
        edition.freeze(m.meeting_id, "sec")
    m = meetings.get_meeting(m.meeting_id, "en")
    steps = {(s.path, s.search): s.position for s in m.steps}
    other = next(c for c in _concerns(duck_url) if c != BELLEGPROM)
    return {**server, "m": m, "url": duck_url, "other": other,
            "bellegprom": steps[("/exports", "?concern=bellegprom")],
            "overview": steps[("/", "")]}


def _concerns(url: str) -> list[str]:
    eng = sa.create_engine(url, connect_args={"read_only": True}, poolclass=sa.pool.NullPool)
    with eng.connect() as conn:
        found = [r[0] for r in conn.execute(sa.text(
            "SELECT DISTINCT concern_id FROM enterprise ORDER BY concern_id"))]
    eng.dispose()
    return found


def _client(app, name: str) -> DashClient:
    return DashClient(signed_in(app, name))


def _find(node, component_id):
    if isinstance(node, dict):
        props = node.get("props") if isinstance(node.get("props"), dict) else None
        if props is not None and props.get("id") == component_id:
            return node
        for value in node.values():
            found = _find(value, component_id)
            if found is not None:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _find(item, component_id)
            if found is not None:
                return found
    return None


def _form(dc: DashClient, m, n: int, search: str = "?lang=en") -> dict:
    """The step's form as the page draws it: its context and prefilled bodies."""
    layout = page_json(dc.page(f"/meeting/{m.meeting_id}/{n}", search))
    context = _find(layout, "instrform-context")
    assert context is not None, "no instruction form on the step"
    bodies = _find(layout, "instrform-bodies")["props"]["value"]
    return {"context": context["props"]["data"], "bodies": bodies}


def _save(dc: DashClient, context: dict, **values):
    fields = {"text": "", "bodies": [], "others": "", "person": "", "deadline": "",
              "metric": None, "target": "", "target-by": ""}
    fields.update(values)
    payload = {f"instrform-{k}.value": v for k, v in fields.items()}
    payload.update({"instrform-save.n_clicks": 1, "instrform-context.data": context,
                    "_pages_location.search": "?lang=en"})
    return dc.call("instrform-message.children", payload, ["instrform-save.n_clicks"])


def _answer(resp) -> tuple[str, str]:
    """(the refusal in the form, the confirmation) of the form's callback."""
    assert resp.status_code == 200, resp.data[:300]
    body = json.loads(resp.data)["response"]
    texts = {}
    for target in ("instrform-message", "instrform-confirm"):
        value = body.get(target, {}).get("children")
        texts[target] = " ".join(page_texts_of(value))
    return texts["instrform-message"], texts["instrform-confirm"]


def page_texts_of(node) -> list[str]:
    from tests.dash_client import texts
    return texts(node) if node is not None else []


def _act(dc: DashClient, key: str, op: str, **fields):
    """A button of the controls under instruction ``key``, with its inputs' values."""
    cb = dc.find('"type":"instract-box"')
    op_id = {"instruction": key, "op": op, "type": "instract-op"}
    names = ("report", "attachments", "note", "reject_reason", "deadline", "extend_reason",
             "cancel_reason", "text", "person")
    payload = {
        "output": cb["output"],  # as the renderer sends it: the MATCH id
        "outputs": {"id": {"instruction": key, "type": "instract-box"}, "property": "children"},
        "inputs": [[{"id": op_id, "property": "n_clicks", "value": 1}]],
        "state": [[{"id": {"field": f, "instruction": key, "type": "instract-input"},
                    "property": "value", "value": fields.get(f, "")} for f in names],
                  {"id": "_pages_location", "property": "search", "value": "?lang=en"}],
        "changedPropIds": [json.dumps(op_id, separators=(",", ":")) + ".n_clicks"],
    }
    return dc.client.post("/_dash-update-component", json=payload)


def _act_text(resp) -> str:
    assert resp.status_code == 200, resp.data[:300]
    body = json.loads(resp.data)["response"]
    return " ".join(page_texts_of(next(iter(body.values()))["children"]))


def _trail(action: str = "instruction_change") -> list[tuple[str, str, str]]:
    from queries import audit
    return [(e.actor, e.target, e.detail) for e in reversed(audit.entries(action=action))]


def _history(key: str) -> list[tuple[str, str, str]]:
    from queries import instructions
    return [(e.actor, e.kind, e.status)
            for e in instructions.get_instruction(key, scope=None).events]


def _all_keys() -> list[str]:
    from queries import instructions
    return [i.instruction_id for i in instructions.list_instructions(scope=None)]


def _overdue_raw(url: str, concern: str, month: date) -> float:
    """Overdue receivables of a concern's enterprises at a month's end, from the rows."""
    eng = sa.create_engine(url, connect_args={"read_only": True}, poolclass=sa.pool.NullPool)
    with eng.connect() as conn:
        value = conn.execute(sa.text(
            "SELECT SUM(r.overdue_usd) FROM receivable r JOIN enterprise e "
            "ON e.enterprise_id = r.enterprise_id WHERE e.concern_id = :c AND r.month = :m"),
            {"c": concern, "m": month}).scalar()
    eng.dispose()
    return float(value or 0.0) / 1e6


# -- creating -----------------------------------------------------------------------------

def test_an_instruction_given_on_a_step_without_and_with_a_target(flow):
    from dashboard.meetings import edition
    from queries import instructions

    m, n = flow["m"], flow["bellegprom"]
    dc = _client(flow["app"], "sec")
    form = _form(dc, m, n)
    assert form["bodies"] == [f"concern:{BELLEGPROM}"]  # the step's filter
    assert form["context"]["subject"]["concern"] == BELLEGPROM

    refusal, done = _answer(_save(dc, form["context"], text="  Conclude direct contracts  ",
                                  bodies=form["bodies"], person="I. Ivanov",
                                  deadline=DEADLINE))
    assert refusal == ""
    assert done == f"Instruction {m.meeting_id}-1 saved"
    made = instructions.get_instruction(f"{m.meeting_id}-1", scope=None)
    assert (made.text, made.bodies, made.person, made.deadline.isoformat()) == (
        "Conclude direct contracts", (f"concern:{BELLEGPROM}",), "I. Ivanov", DEADLINE)
    assert (made.meeting_id, made.step, made.view_path, made.view_search) == (
        m.meeting_id, n, "/exports", "?concern=bellegprom")
    assert made.status == "open" and made.target is None
    # the figures the meeting saw: the edition's, as frozen
    frozen = edition.facts_by_view(m.meeting_id, "ru")[("/exports", "?concern=bellegprom")]
    assert made.figures["source"] == "edition"
    assert made.figures["facts"] == frozen and (frozen["tiles"] or frozen["grids"])
    assert _history(made.instruction_id) == [("sec", "create", "open")]
    assert _trail() == [("sec", f"/instructions/{made.instruction_id}", "create")]

    refusal, done = _answer(_save(
        dc, form["context"], text="Bring the overdue receivables down",
        bodies=form["bodies"], deadline=DEADLINE, metric="overdue_concern",
        target="1,5", **{"target-by": "30.06.2027"}))
    assert refusal == "" and done == f"Instruction {m.meeting_id}-2 saved"
    made = instructions.get_instruction(f"{m.meeting_id}-2", scope=None)
    g = made.target
    assert (g.metric, g.subject, g.value, g.by) == (
        "overdue_concern", {"concern": BELLEGPROM}, 1.5, date(2027, 6, 30))
    assert g.baseline == pytest.approx(_overdue_raw(flow["url"], BELLEGPROM, g.since),
                                       abs=1e-9)
    assert g.baseline > 0
    assert _trail()[-1] == ("sec", f"/instructions/{made.instruction_id}",
                            "create target overdue_concern")
    assert _history(made.instruction_id) == [("sec", "create", "open")]


# -- reports and decisions ----------------------------------------------------------------

def _given(flow, **values) -> str:
    dc = _client(flow["app"], "sec")
    form = _form(dc, flow["m"], flow["bellegprom"])
    refusal, done = _answer(_save(dc, form["context"], text="Report on the contracts",
                                  bodies=form["bodies"], deadline=DEADLINE, **values))
    assert refusal == "", refusal
    return done.split()[1]


def test_reported_not_accepted_reported_again_accepted(flow):
    from queries import instructions

    key = _given(flow)
    ana, sec = _client(flow["app"], "belan"), _client(flow["app"], "sec")
    assert "The report is added." in _act_text(_act(
        ana, key, "report", report="Two contracts signed", attachments="contracts.pdf"))
    found = instructions.get_instruction(key, scope=None)
    assert found.status == "reported"
    assert (found.events[-1].text, found.events[-1].attachments) == (
        "Two contracts signed", "contracts.pdf")
    # the analyst may not decide
    assert "Only a secretary may do this." in _act_text(_act(ana, key, "accept"))
    assert instructions.get_instruction(key, scope=None).status == "reported"
    # not accepted without a reason: refused; with one: open again
    assert "Give the reason." in _act_text(_act(sec, key, "reject", reject_reason="  "))
    assert "Not accepted" in _act_text(_act(sec, key, "reject",
                                            reject_reason="Only two of five"))
    assert instructions.get_instruction(key, scope=None).status == "open"
    assert "The report is added." in _act_text(_act(ana, key, "report",
                                                    report="All five signed"))
    assert "Accepted: the instruction is done." in _act_text(_act(sec, key, "accept",
                                                                 note="Well done"))
    assert _history(key) == [("sec", "create", "open"), ("belan", "report", "reported"),
                             ("sec", "reject", "open"), ("belan", "report", "reported"),
                             ("sec", "accept", "done")]
    assert _trail() == [("sec", f"/instructions/{key}", d)
                        if d in ("create", "reject", "accept")
                        else ("belan", f"/instructions/{key}", d)
                        for d in ("create", "report", "reject", "report", "accept")]
    # done: nothing more to report on
    assert "cannot be changed" in _act_text(_act(ana, key, "report", report="more"))
    assert len(_history(key)) == 5


def test_extended_corrected_and_cancelled(flow):
    from queries import instructions

    key = _given(flow)
    sec = _client(flow["app"], "sec")
    assert "a date" in _act_text(_act(sec, key, "extend", deadline="soon",
                                      extend_reason="x")) or \
        "is no date" in _act_text(_act(sec, key, "extend", deadline="soon",
                                       extend_reason="x"))
    text = _act_text(_act(sec, key, "extend", deadline="30.04.2027",
                          extend_reason="The retail chains asked for time"))
    assert "Extended to 30 Apr 2027." in text
    found = instructions.get_instruction(key, scope=None)
    assert (found.status, found.deadline) == ("extended", date(2027, 4, 30))
    assert "The corrections are saved." in _act_text(_act(
        sec, key, "edit", text="Report on the direct contracts", person="P. Petrov"))
    found = instructions.get_instruction(key, scope=None)
    assert (found.text, found.person) == ("Report on the direct contracts", "P. Petrov")
    assert "The instruction is cancelled." in _act_text(_act(
        sec, key, "cancel", cancel_reason="Superseded by a government decree"))
    found = instructions.get_instruction(key, scope=None)
    assert found.status == "cancelled"
    assert _history(key) == [("sec", "create", "open"), ("sec", "extend", "extended"),
                             ("sec", "edit", "extended"), ("sec", "cancel", "cancelled")]
    assert [d for _, target, d in _trail() if target == f"/instructions/{key}"] == [
        "create", "extend to 2027-04-30", "edit", "cancel"]
    assert _all_keys() == [key]  # nothing deleted


# -- refusals -----------------------------------------------------------------------------

def _nothing_saved(before_keys, before_trail):
    assert _all_keys() == before_keys
    assert _trail() == before_trail


def test_refusals_save_nothing(flow):
    m, n = flow["m"], flow["bellegprom"]
    sec = _client(flow["app"], "sec")
    form = _form(sec, m, n)
    keys, trail = _all_keys(), _trail()

    refusal, done = _answer(_save(sec, form["context"], text="Late", bodies=form["bodies"],
                                  deadline="01.01.2026"))
    assert (refusal, done) == ("The deadline 01.01.2026 has passed: choose today or later.", "")
    _nothing_saved(keys, trail)

    # a target the data cannot compute: an enterprise-and-region metric on a concern's
    # step (no enterprise in its filter), an unknown metric, a value that is no number
    refusal, _ = _answer(_save(sec, form["context"], text="X", bodies=form["bodies"],
                               deadline=DEADLINE, metric="exports_enterprise_region",
                               target="3", **{"target-by": DEADLINE}))
    assert refusal == "The target needs its subject (exports_enterprise_region)."
    refusal, _ = _answer(_save(sec, form["context"], text="X", bodies=form["bodies"],
                               deadline=DEADLINE, metric="profit", target="3",
                               **{"target-by": DEADLINE}))
    assert refusal == "“profit” is no target metric."
    refusal, _ = _answer(_save(sec, form["context"], text="X", bodies=form["bodies"],
                               deadline=DEADLINE, metric="overdue_concern", target="lots",
                               **{"target-by": DEADLINE}))
    assert refusal == "The target value “lots” is no number."
    # the target's subject (the step's concern: no concern among the bodies) must be
    # one of the bodies
    refusal, _ = _answer(_save(sec, form["context"], text="X",
                               bodies=[f"oblast:{flow['oblast']}"], deadline=DEADLINE,
                               metric="overdue_concern", target="3",
                               **{"target-by": DEADLINE}))
    assert refusal.startswith("The target’s subject is none of the instruction’s bodies")
    _nothing_saved(keys, trail)

    # a scoped secretary naming a body outside the scope
    bsec = _client(flow["app"], "bsec")
    bform = _form(bsec, m, n)
    refusal, done = _answer(_save(bsec, bform["context"], text="X",
                                  bodies=[f"concern:{BELLEGPROM}", f"concern:{flow['other']}"],
                                  deadline=DEADLINE))
    assert (refusal, done) == (f"“concern:{flow['other']}” is outside your access.", "")
    _nothing_saved(keys, trail)

    # a viewer: the form is not drawn, and its callback is refused before it runs
    viewer = _client(flow["app"], "bel")
    layout = page_json(viewer.page(f"/meeting/{m.meeting_id}/{n}", "?lang=en"))
    assert _find(layout, "instrform-context") is None
    assert _save(viewer, form["context"], text="X", bodies=form["bodies"],
                 deadline=DEADLINE).status_code == 403
    _nothing_saved(keys, trail)


def test_a_viewer_may_not_report_and_an_outsider_sees_no_instruction(flow):
    key = _given(flow)
    keys, trail, history = _all_keys(), _trail(), _history(key)
    assert _act(_client(flow["app"], "bel"), key, "report", report="Done").status_code == 403
    # an analyst of another concern: the store does not show it to them at all
    from queries import accounts
    accounts.add_user("oan", PASSWORD, ["analyst"], concerns=[flow["other"]])
    text = _act_text(_act(_client(flow["app"], "oan"), key, "report", report="Done"))
    assert f"There is no instruction “{key}”." in text
    assert (_all_keys(), _trail(), _history(key)) == (keys, trail, history)


def test_the_actions_component_offers_what_the_reader_may_do(flow):
    from flask import g

    from dashboard.auth.session import LocalUser
    from dashboard.meetings.instruction_actions import actions
    from queries import instructions

    key = _given(flow)
    found = instructions.get_instruction(key, scope=None)

    def offered(roles) -> set[str]:
        with flow["app"].server.test_request_context("/"):
            g.user = LocalUser(name="x", display_name="x", roles=frozenset(roles))
            tree = actions(found, "en")
            if tree is None:
                return set()
            return {b.id["op"] for b in _walk(tree) if isinstance(getattr(b, "id", None), dict)
                    and b.id.get("type") == "instract-op"}
    assert offered({"viewer"}) == set()
    assert offered({"analyst"}) == {"report"}
    assert offered({"secretary"}) == {"report", "extend", "cancel", "edit"}


def _card_ids(node) -> list[str]:
    """The instructions' keys on a column of the step (its cards' ids)."""
    found = []
    if isinstance(node, dict):
        props = node.get("props") if isinstance(node.get("props"), dict) else {}
        pid = props.get("id")
        if isinstance(pid, str) and "instr-step-card" in str(props.get("className", "")):
            found.append(pid.removeprefix("instr-step-"))
        for value in node.values():
            found += _card_ids(value)
    elif isinstance(node, list):
        for item in node:
            found += _card_ids(item)
    return found


def _walk(node):
    from dashboard.meetings.plain import walk
    return walk(node)


# -- the meeting step ---------------------------------------------------------------------

def test_the_instructions_step_frozen_and_cut_to_the_scope(flow):
    from flask import g

    from dashboard.auth.session import LocalUser
    from dashboard.meetings import edition
    from queries import instructions

    m = flow["m"]
    ours = _given(flow, metric="overdue_concern", target="1.5",
                  **{"target-by": "30.06.2027"})
    theirs = instructions.create_instruction(
        text_="Another concern's instruction", bodies=(f"concern:{flow['other']}",),
        deadline=DEADLINE, actor="sec", scope=None).instruction_id
    late = instructions.create_instruction(
        text_="Overdue at the meeting", bodies=(f"concern:{BELLEGPROM}",),
        deadline="2026-12-02", actor="sec", scope=None,
        today=date(2026, 12, 1)).instruction_id
    closed = instructions.create_instruction(
        text_="Reported and accepted", bodies=(f"concern:{flow['other']}",),
        deadline=DEADLINE, actor="sec", scope=None).instruction_id
    instructions.report(closed, "Done", "", "sec", scope=None)
    instructions.accept(closed, "sec")
    with flow["app"].server.test_request_context("/"):
        g.user = LocalUser(name="sec", display_name="sec")
        edition.freeze(m.meeting_id, "sec")
    # given after the freeze: not in the edition, on today's data
    after = instructions.create_instruction(
        text_="Given after the freeze", bodies=(f"concern:{BELLEGPROM}",),
        deadline=DEADLINE, actor="sec", scope=None).instruction_id

    def step(name: str, search: str = "?lang=en") -> dict:
        layout = page_json(_client(flow["app"], name).page(f"/meeting/{m.meeting_id}/2", search))
        out = {}
        for col in ("overdue", "due", "done"):
            node = _find(layout, f"instr-step-{col}")
            assert node is not None
            ids = _card_ids(node)
            count = next(t for t in page_texts_of(node) if t.strip().isdigit())
            out[col] = (sorted(ids), int(count))
        return out

    everyone = step("sec")
    assert everyone["overdue"] == ([late], 1)
    assert everyone["due"] == (sorted([ours, theirs]), 2)  # the edition's: not `after`
    assert everyone["done"] == ([closed], 1)
    scoped = step("bel")
    assert scoped["overdue"] == ([late], 1)
    # the other concern's are neither shown nor counted
    assert scoped["due"] == ([ours], 1)
    assert scoped["done"] == ([], 0)
    live = step("bel", "?lang=en&mode=live")
    assert live["due"] == (sorted([ours, after]), 2)
    text = page_texts(_client(flow["app"], "bel").page(f"/meeting/{m.meeting_id}/2",
                                                      "?lang=en"))
    assert "Another concern's instruction" not in text
    assert "Overdue at the meeting" in text
    # the tracked target's figures: the value now from the raw rows, the target, the state
    since = instructions.get_instruction(ours, scope=None).target.since
    now = _overdue_raw(flow["url"], BELLEGPROM, since)
    assert f"Overdue receivables: {now:,.1f} mn USD now · target 1.5 mn USD by 30 Jun 2027" \
        in text
    layout = page_json(_client(flow["app"], "bel").page(f"/meeting/{m.meeting_id}/2",
                                                       "?lang=en"))
    # no month has passed since the baseline: the value is on its path
    assert page_texts_of(_find(layout, f"instr-step-track-{ours}")) == ["on track"]


# -- in the browser -----------------------------------------------------------------------

@pytest.mark.browser
def test_key_i_on_a_meeting_step_gives_an_instruction_and_the_step_stays(
        duck_db, tmp_path, monkeypatch):
    from tests.live import browser_page, chromium_available, live_server
    if not chromium_available():
        pytest.skip("no Chromium installed")
    from queries import appstore, instructions, meetings

    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    appstore.reset()
    m = meetings.create_meeting("2026-12-04", "Заседание", "working-group", actor="sec")
    n = next(s.position for s in m.steps if s.search == "?concern=bellegprom")
    with live_server() as base, browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        url = f"{base}/meeting/{m.meeting_id}/{n}?lang=en&lead=1"
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.locator("#agenda-step[data-meeting]").wait_for()
        assert not page.locator("#instrform-panel").is_visible()
        seq = meetings.position(m.meeting_id).seq
        page.keyboard.press("i")
        page.locator("#instrform-panel").wait_for(state="visible")
        # the text field has the focus: typing "i" and arrows stay in it
        page.keyboard.type("Sign direct contracts with the retail chains")
        page.keyboard.press("ArrowRight")
        assert page.locator("#instrform-text").input_value() == \
            "Sign direct contracts with the retail chains"
        assert "Bellegprom" in page.locator("#instrform-bodies").inner_text()  # prefilled
        page.fill("#instrform-person", "I. Ivanov")
        page.fill("#instrform-deadline", "31.03.2027")
        page.click("#instrform-save")
        page.locator("#instrform-ok").wait_for()
        assert page.locator("#instrform-ok").inner_text() == \
            f"Instruction {m.meeting_id}-1 saved"
        page.locator("#instrform-panel").wait_for(state="hidden")
        # the presenter is still on the step: same address, same step, no move published
        assert page.url == url
        assert page.locator("#agenda-step").get_attribute("data-step") == str(n)
        assert page.locator("#agenda-counter").inner_text().strip() == \
            f"{n} / {len(m.steps)}"
        assert meetings.position(m.meeting_id).seq == seq
        made = instructions.get_instruction(f"{m.meeting_id}-1", scope=None)
        assert (made.text, made.person, made.bodies, made.step) == (
            "Sign direct contracts with the retail chains", "I. Ivanov",
            ("concern:bellegprom",), n)
        # the step keys work again once it is closed
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => document.querySelector('#agenda-step')"
                               f".getAttribute('data-step') === '{n + 1}'")
        # Esc closes an open form without leaving the meeting
        page.keyboard.press("I")
        page.locator("#instrform-panel").wait_for(state="visible")
        page.locator("#instrform-save").focus()
        page.keyboard.press("Escape")
        page.locator("#instrform-panel").wait_for(state="hidden")
        assert f"/meeting/{m.meeting_id}/{n + 1}" in page.url
        assert not errors, errors


def test_the_instruction_page_offers_the_reader_s_own_actions(flow):
    """``/instructions/<id>`` carries the controls of ``actions``: the report form for
    the responsible body's analyst, the decisions for a secretary, nothing for a viewer
    and nothing on the shared screen."""
    import re

    key = _given(flow)

    def ops(name: str, search: str = "?lang=en") -> set[str]:
        resp = _client(flow["app"], name).page(f"/instructions/{key}", search)
        assert resp.status_code == 200
        text = resp.data.decode()
        return {op for op in ("report", "accept", "reject", "extend", "cancel", "edit")
                if re.search(f'"op": ?"{op}"', text) and '"instract-op"' in text}
    assert ops("bel") == set()
    assert ops("belan") == {"report"}
    assert {"extend", "cancel", "edit"} <= ops("sec")
    assert ops("sec", "?lang=en&present=1") == set()
