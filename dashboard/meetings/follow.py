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

**Short polling every 0.5 s, by measurement** (``bench/follow.py``, README "Benchmark →
Follow the presenter"; 50 followers, the production command line: gunicorn gthread,
2 workers × 4 threads). Short polling every 0.5 s: 98 requests/s, 21 CPU s per minute
of gunicorn (a sixth of the 2-core machine), the move seen p50 273 / p95 494 ms, any
other request answered in 7 / 17 ms. Every 1 s: 13 CPU s/min but p95 957 ms — too late
for a page that must be drawn within a second. Long polling (``?after=<seq>``, a
waiting request woken by one watcher thread per worker) is cheaper and quicker — 6.7
CPU s/min, seen p95 175 ms — but each waiting follower holds one of the 8 threads, so
every other request (the presenter's own page, each follower's redraw) queued for
1.4 / 2.0 s (p50 / p95): with this command line it breaks what it serves. With 64
threads per worker it did not (7 / 50 ms, 8.1 CPU s/min): long polling is the better
choice once the deployment runs that many threads, a change of deploy/Dockerfile's
command line, not made here. Server-sent events hold a thread for the whole
connection, worse than long polling on the same workers. So this route answers at
once and has no ``after``/wait parameter; follow.js asks every 0.5 s (and every 5 s
from a hidden tab).

Cost per poll: one SELECT of ``meeting_position``; the number of steps is read once per
process and meeting (a meeting's steps are copied when it is created and never
change afterwards), so the steady poll does not read the steps again. That read is
0.23 ms of the 2.9 ms CPU a poll costs in-process (Flask's test client); most of the
rest is the guard's session check that every request makes.
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
