"""The presenter's position over real HTTP (Flask's test client, server mode, a private
SQLite app store): ``GET /meeting/<id>/position`` (dashboard/meetings/follow.py)."""

from __future__ import annotations

import pytest

from queries.agenda import DEFAULT_STEPS
from tests.test_auth import PASSWORD, SECRET, signed_in


@pytest.fixture
def store(duck_db, tmp_path, monkeypatch):
    from dashboard.app import create_app
    from dashboard.auth import mode, sign_in
    from queries import accounts, appstore, engine, meetings

    monkeypatch.setenv("EXPORT_MONITOR_SECRET_KEY", SECRET)
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path}/app.sqlite")
    monkeypatch.delenv("EXPORT_MONITOR_REDIS_URL", raising=False)
    engine.reset()
    appstore.upgrade()
    app = create_app()
    app.server.secret_key = SECRET
    sign_in.limiter.reset()
    accounts.add_user("admin", PASSWORD, ["admin"])
    accounts.add_user("vera", PASSWORD, ["viewer"])
    found = meetings.create_meeting("2026-12-04", "December", "working-group", actor="admin")
    mode.set_mode("server")
    yield {"app": app, "meeting": found}
    mode.set_mode("local")
    engine.reset()


def test_the_position_grows_only_on_a_move(store):
    from queries import meetings

    meeting = store["meeting"]
    client = signed_in(store["app"], "vera")
    url = f"/meeting/{meeting.meeting_id}/position"
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp.headers["Cache-Control"] == "no-store"
    assert resp.get_json() == {"seq": 0, "step": None, "count": len(meeting.steps),
                               "search": ""}
    assert len(meeting.steps) == 2 + len(DEFAULT_STEPS)  # "since", "instructions" + the views

    meetings.set_position(meeting.meeting_id, 2, "", "admin")
    first = client.get(url).get_json()
    assert first["step"] == 2 and first["search"] == "" and first["seq"] >= 1

    meetings.set_position(meeting.meeting_id, 2, "", "admin")  # a redraw, no move
    assert client.get(url).get_json() == first

    meetings.set_position(meeting.meeting_id, 3, "?level=concern", "admin")
    moved = client.get(url).get_json()
    assert moved == {"seq": first["seq"] + 1, "step": 3, "count": 2 + len(DEFAULT_STEPS),
                     "search": "?level=concern"}
    meetings.set_position(meeting.meeting_id, 3, "", "admin")  # the drill undone: a move
    assert client.get(url).get_json()["seq"] == first["seq"] + 2


def test_an_unknown_meeting_is_404_with_a_message(store):
    client = signed_in(store["app"], "vera")
    for key in ("2031-01-01", "not-a-meeting", "2026-12-04-7"):
        resp = client.get(f"/meeting/{key}/position?lang=en")
        assert resp.status_code == 404, key
        message = resp.get_json()["error"]
        assert message and "meeting.err" not in message and "Traceback" not in message
        assert resp.headers["Cache-Control"] == "no-store"


def test_without_a_session_nothing_is_told(store):
    from queries import meetings

    meeting = store["meeting"]
    meetings.set_position(meeting.meeting_id, 5, "?level=enterprise", "admin")
    client = store["app"].server.test_client()
    for accept in ("application/json", "*/*", "text/html"):
        resp = client.get(f"/meeting/{meeting.meeting_id}/position",
                          headers={"Accept": accept})
        body = resp.get_data(as_text=True)
        # the guard refuses with a 401 (the poll is no page: no sign-in redirect,
        # assets/follow.js sends the browser to the sign-in page itself)
        assert resp.status_code == 401, (accept, resp.status_code)
        assert "enterprise" not in body and '"seq"' not in body
