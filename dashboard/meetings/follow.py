"""Follow the presenter: ``GET /meeting/<meeting_id>/position`` tells a participant's
browser where the presenter is; ``assets/follow.js`` asks it and redraws the follow
page (``/meeting/<id>/follow``) when the position has moved.

The answer is ``{"seq", "step", "count", "search"}``: ``seq`` grows with every move of
the presenter (``queries.meetings.set_position``), ``step`` and ``search`` are the step
and the drill on top of it (``null`` and ``""`` before the meeting is first presented,
with ``seq`` 0), ``count`` the meeting's number of steps (for "3 / 7"). Never cached
(``no-store``). An unknown meeting: 404 with a message in the request's language. Not
signed in: the guard's refusal (dashboard/auth/guard.py; the route is not public) —
for this path, which looks like a page to it, a redirect to the sign-in page; follow.js
goes to the sign-in page on that as on a 401.

The position lives in the app store, so every gunicorn worker answers the same
whichever one the presenter's move reached.

**Short polling every 0.3 s, by measurement** (``bench/follow.py``, README "Benchmark →
Follow the presenter"; 50 followers, the production command line: gunicorn gthread,
2 workers × 4 threads; 2026-12-03 08:05 UTC, load 0.8). Every 0.3 s: 162 requests/s,
30 CPU s per minute of gunicorn (a quarter of the 2-core machine), the move seen p50
164 / p95 291 ms, any other request answered in 7 / 18 ms; one real follower page in
Chromium drawn p50 641 / p95 870 ms after the presenter's move (with the 50 simulated
followers' clients on the same two cores: 1,083 / 1,285 ms). Every 0.5 s: 17 CPU s/min,
but the page p95 1,092 ms alone — over the second. Long polling (``?after=<seq>``, a
waiting request woken by one watcher thread per worker) is cheaper and quicker — 8
CPU s/min, seen p95 203 ms — but each waiting follower holds one of the 8 threads, so
every other request (the presenter's own page, each follower's redraw) queued for
1.4 / 2.1 s (p50 / p95): with this command line it breaks what it serves. With 64
threads per worker it did not (5 / 9 ms, 7.9 CPU s/min): long polling is the better
choice once the deployment runs that many threads, a change of deploy/Dockerfile's
command line, not made here. Server-sent events hold a thread for the whole
connection, worse than long polling on the same workers. So this route answers at
once and has no ``after``/wait parameter; follow.js asks every 0.3 s (and every 5 s
from a hidden tab).

Cost per poll: one SELECT of ``meeting_position``; the number of steps is read once per
process and meeting (a meeting's steps are copied when it is created and never
change afterwards), so the steady poll does not read the steps again. That read is
0.23 ms of the 1.1 ms CPU a poll costs in-process (Flask's test client); the rest is
mostly the guard, whose full session check the poll makes at most every 5 s
(``auth/session.POLL_RECHECK_SECONDS``; 2.8 ms a poll before).
"""

from __future__ import annotations

import threading

from flask import Flask, jsonify, request

from queries import meetings

from ..i18n import t
from ..state import lang_of

_counts: dict[str, int] = {}
_counts_lock = threading.Lock()


def _count(meeting_id: str) -> int:
    """The meeting's number of steps (MeetingError when there is no such meeting)."""
    with _counts_lock:
        if meeting_id in _counts:
            return _counts[meeting_id]
    found = len(meetings.get_meeting(meeting_id).steps)
    with _counts_lock:
        _counts[meeting_id] = found
    return found


def answer(meeting_id: str) -> dict:
    """The position as the route sends it; MeetingError for an unknown meeting."""
    where = meetings.position(meeting_id)
    count = _count(meeting_id)
    if where is None:
        return {"seq": 0, "step": None, "count": count, "search": ""}
    return {"seq": where.seq, "step": where.step, "count": count, "search": where.search}


def register(server: Flask) -> None:
    @server.get("/meeting/<meeting_id>/position")
    def meeting_position(meeting_id: str):
        try:
            body, status = answer(meeting_id), 200
        except meetings.MeetingError as exc:
            lang = lang_of(request.args.get("lang"))
            body = {"error": t(f"meeting.err.{exc.key}", lang, **exc.params)}
            status = 404
        response = jsonify(body)
        response.status_code = status
        response.headers["Cache-Control"] = "no-store"
        return response
