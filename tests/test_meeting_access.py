"""Who sees which step of a meeting, and who moves the followers (issue 12), in server
mode over real HTTP, on the DuckDB test database.

A scoped participant sees a step only when the step's own filter lies within the scope
(dashboard/meetings/access.py): the Bellegprom step for a Bellegprom user — its figures
checked against the raw rows — and "not in your access" with no figure for the national
overview, in the edition and in today's data, on the follower's page and in the
downloads. Only a secretary on a ``lead=1`` link moves the position.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.dash_client import DashClient, page_json, page_texts
from tests.test_auth import PASSWORD, server, signed_in  # noqa: F401 (the fixture)

BELLEGPROM = "bellegprom"


@pytest.fixture
def meeting(server, duck_url):  # noqa: F811
    from flask import g

    from dashboard.auth.session import LocalUser
    from dashboard.meetings import edition
    from queries import accounts, meetings

    accounts.add_user("sec", PASSWORD, ["secretary"])
    accounts.add_user("bel", PASSWORD, ["viewer"], concerns=[BELLEGPROM])
    accounts.add_user("belan", PASSWORD, ["analyst"], concerns=[BELLEGPROM])
    before = meetings.create_meeting("2026-11-06", "Заседание", "working-group", actor="sec")
    m = meetings.create_meeting("2026-12-04", "Заседание", "working-group", actor="sec")
    with server["app"].server.test_request_context("/"):
        g.user = LocalUser(name="sec", display_name="sec")
        edition.freeze(before.meeting_id, "sec")
        meetings.update_meeting(before.meeting_id, status="held")
        edition.freeze(m.meeting_id, "sec")
    m = meetings.get_meeting(m.meeting_id, "en")
    steps = {(s.path, s.search): s.position for s in m.steps}
    return {**server, "m": m, "overview": steps[("/", "")],
            "bellegprom": steps[("/exports", "?concern=bellegprom")], "url": duck_url}


def _client(app, name: str) -> DashClient:
    return DashClient(signed_in(app, name))


def _bellegprom_total(url: str) -> str:
    eng = sa.create_engine(url, connect_args={"read_only": True}, poolclass=sa.pool.NullPool)
    with eng.connect() as conn:
        value = conn.execute(sa.text(
            "SELECT SUM(x.value_usd) FROM exports x JOIN enterprise e "
            "ON e.enterprise_id = x.enterprise_id WHERE e.concern_id = :c "
            "AND x.month BETWEEN DATE '2026-01-01' AND DATE '2026-10-01'"),
            {"c": BELLEGPROM}).scalar()
    eng.dispose()
    return f"{float(value) / 1e6:,.1f}"


def _grid_total(layout) -> str:
    """The total row of the Exports page's table (``exports-grid``), as it prints."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props") if isinstance(node.get("props"), dict) else {}
            if props.get("id") == "exports-grid":
                found.extend(props["dashGridOptions"]["pinnedBottomRowData"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(layout)
    totals = [row for row in found if row.get("is_total")]
    assert totals, f"no exports-grid total row: {found}"
    return f"{totals[-1]['value']:,.1f}"


NATIONAL = re.compile(r"Exports, January–October 2026 \| ([\d,]+\.\d)")


def test_a_scoped_participant_sees_only_steps_within_the_scope(meeting):
    app, m = meeting["app"], meeting["m"]
    dc = _client(app, "bel")
    for mode in ("", "&mode=live"):
        refused = dc.page(f"/meeting/{m.meeting_id}/{meeting['overview']}", "?lang=en" + mode)
        text = page_texts(refused)
        assert "meeting-refused" in refused.data.decode()
        assert "not in your access" in text
        assert not NATIONAL.search(text), "the national figures leak"
        resp = dc.page(f"/meeting/{m.meeting_id}/{meeting['bellegprom']}", "?lang=en" + mode)
        seen, seen_json = page_texts(resp), page_json(resp)
        assert "Bellegprom · January–October 2026" in seen
        assert _grid_total(seen_json) == _bellegprom_total(meeting["url"])

    # the since step lists only the steps within the scope
    since = page_texts(dc.page(f"/meeting/{m.meeting_id}/1", "?lang=en"))
    assert "Bellegprom" in since
    assert "Exports against the target, full-year forecast" not in since


def test_a_download_of_a_step_outside_the_scope_gives_nothing(meeting):
    app, m = meeting["app"], meeting["m"]
    client = signed_in(app, "belan")
    resp = client.get(f"/download/league-grid.csv?path=/meeting/{m.meeting_id}/"
                      f"{meeting['overview']}&lang=en")
    assert resp.status_code in (404, 503)
    assert b"Bellegprom" not in resp.data and b"league" not in resp.data.lower()[:0]
    ok = client.get(f"/download/kpi-row.csv?path=/meeting/{m.meeting_id}/"
                    f"{meeting['bellegprom']}&lang=en&present=0")
    assert ok.status_code in (200, 404)  # the step's own items only; never another's


def test_the_follower_sees_the_refusal_for_a_step_outside_the_scope(meeting):
    from queries import meetings

    app, m = meeting["app"], meeting["m"]
    sec, bel = _client(app, "sec"), _client(app, "bel")
    sec.page(f"/meeting/{m.meeting_id}/{meeting['overview']}", "?lang=en&lead=1")
    assert meetings.position(m.meeting_id).step == meeting["overview"]
    follow = bel.page(f"/meeting/{m.meeting_id}/follow", "?lang=en")
    assert "meeting-refused" in follow.data.decode()
    assert not NATIONAL.search(page_texts(follow))
    sec.page(f"/meeting/{m.meeting_id}/{meeting['bellegprom']}", "?lang=en&lead=1")
    resp = bel.page(f"/meeting/{m.meeting_id}/follow", "?lang=en")
    follow = page_texts(resp)
    assert _grid_total(page_json(resp)) == _bellegprom_total(meeting["url"])
    assert "Following the presenter" in follow


def test_only_the_secretary_on_a_lead_link_moves_the_position(meeting):
    from queries import meetings

    app, m = meeting["app"], meeting["m"]
    sec, bel = _client(app, "sec"), _client(app, "bel")
    assert meetings.position(m.meeting_id) is None
    sec.page(f"/meeting/{m.meeting_id}/3", "?lang=en")  # no lead=1: just looking
    assert meetings.position(m.meeting_id) is None
    sec.page(f"/meeting/{m.meeting_id}/3", "?lang=en&lead=1")
    first = meetings.position(m.meeting_id)
    assert (first.step, first.presenter) == (3, "sec")
    sec.page(f"/meeting/{m.meeting_id}/3", "?lang=en&lead=1")  # a redraw is no move
    assert meetings.position(m.meeting_id).seq == first.seq
    bel.page(f"/meeting/{m.meeting_id}/5", "?lang=en&lead=1")  # a viewer cannot lead
    assert meetings.position(m.meeting_id).step == 3
    sec.page(f"/meeting/{m.meeting_id}/3", "?lang=en&lead=1&level=enterprise")  # a drill
    moved = meetings.position(m.meeting_id)
    assert moved.seq == first.seq + 1 and "level=enterprise" in moved.search


def test_a_frozen_step_counts_today_s_open_instructions_in_the_reader_s_scope(meeting):
    """Instructions are no figures of the edition: a frozen step shows today's badge,
    counted within the reader's scope — one given after the freezing is counted."""
    from datetime import date, timedelta

    from queries import instructions

    app, m = meeting["app"], meeting["m"]
    path = f"/meeting/{m.meeting_id}/{meeting['bellegprom']}"
    before = _client(app, "bel").page(path, "?lang=en").data.decode()
    assert "instruction-badge" not in before
    instructions.create_instruction(
        text_="Conclude direct contracts with the federal retail chains",
        bodies=["concern:bellegprom"], person="P. Petrov",
        deadline=date.today() + timedelta(days=60), actor="sec", meeting_id=m.meeting_id,
        scope=None)
    instructions.create_instruction(
        text_="Another body's instruction", bodies=["concern:belneftekhim"],
        deadline=date.today() + timedelta(days=60), actor="sec", scope=None)
    after = _client(app, "bel").page(path, "?lang=en").data.decode()
    assert "instruction-badge" in after
    assert '"data-count": "1"' in after or '"data-count":"1"' in after
