"""Who is asking: the signed-in user of a request, and the request's access scope.

The browser holds one cookie, Flask's session signed with ``EXPORT_MONITOR_SECRET_KEY``
(HttpOnly, SameSite=Lax, Secure behind HTTPS), carrying only a random session id and the
CSRF secret. The session itself is kept on the server (``queries.accounts``: Redis when
``EXPORT_MONITOR_REDIS_URL`` is set, else the app store), so signing out, disabling a
user or changing their password ends it at once, in every worker. Each request checks
the idle timeout and the absolute lifetime, and that the user still exists, is enabled
and has the epoch the session was made with (a password, role or scope change bumps it).

The handout prints the server's own pages in a headless browser; those requests carry
a short-lived print token (``print_token``) bound to the user who asked for the
handout and to that user's scope — re-checked against the user's record, never a
bypass.

``load_user`` (before every request) sets ``flask.g.user`` and the scope of the request
(``queries.scope``); ``forget_scope`` (teardown) resets it, so a worker thread never
carries one request's scope into the next.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import g, request, session
from itsdangerous import BadSignature, URLSafeTimedSerializer

from access.roles import ROLES
from queries import scope as access
from queries import settings

from . import mode

log = logging.getLogger(__name__)

PRINT_HEADER = "X-Export-Monitor-Print"
PRINT_SECONDS = 300
TOUCH_SECONDS = 60  # a session's last_seen is written at most once a minute


@dataclass(frozen=True)
class LocalUser:
    """The one user of local mode: every role, no scope."""
    name: str = "local"
    display_name: str = "local"
    roles: frozenset = frozenset(ROLES)
    concerns: tuple = ()
    oblasts: tuple = ()
    disabled: bool = False
    source: str = "local"
    epoch: int = 0

    @property
    def scoped(self) -> bool:
        return False


LOCAL_USER = LocalUser()


def scope_of(user) -> access.Scope | None:
    if user is None or not (user.concerns or user.oblasts):
        return None
    return access.Scope(concerns=tuple(user.concerns), oblasts=tuple(user.oblasts))


def current_user():
    """The request's user (``LOCAL_USER`` in local mode), or None when not signed in."""
    return g.get("user")


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# The followers' poll (``/meeting/<id>/position``, twice a second per participant —
# assets/follow.js) tells nothing but a step number: its session is checked in full at
# most every POLL_RECHECK_SECONDS per process, and between checks the user found then is
# taken (a user disabled or signed out stops getting positions within that time; every
# page, callback and file is checked in full, always). The full check is five reads of
# the app store, 2.5 of the poll's 2.8 ms (README Benchmark, "Follow the presenter").
POLL_RECHECK_SECONDS = 5.0
_polls: dict[str, tuple[float, object]] = {}
_polls_lock = threading.Lock()


def _is_poll() -> bool:
    return request.path.startswith("/meeting/") and request.path.endswith("/position")


def _from_session():
    sid = session.get("sid")
    if sid and _is_poll():
        with _polls_lock:
            found = _polls.get(sid)
        if found is not None and time.monotonic() - found[0] < POLL_RECHECK_SECONDS:
            return found[1]
    user = _checked_session()
    if sid and _is_poll():
        with _polls_lock:
            if len(_polls) > 10_000:  # a bound, whatever happens
                _polls.clear()
            if user is None:
                _polls.pop(sid, None)
            else:
                _polls[sid] = (time.monotonic(), user)
    return user


def _checked_session():
    from queries import accounts

    sid = session.get("sid")
    if not sid:
        return None
    record = accounts.get_session(sid)
    if record is None:
        session.pop("sid", None)
        return None
    now = _now()
    idle = timedelta(minutes=settings.get("EXPORT_MONITOR_SESSION_IDLE_MINUTES"))
    lifetime = timedelta(hours=settings.get("EXPORT_MONITOR_SESSION_MAX_HOURS"))
    if now - _aware(record.last_seen) > idle or now - _aware(record.created_at) > lifetime:
        accounts.end_session(sid)
        session.pop("sid", None)
        g.session_expired = True
        return None
    user = accounts.get_user(record.name)
    if user is None or user.disabled or session.get("epoch") != user.epoch:
        accounts.end_session(sid)
        session.pop("sid", None)
        return None
    if (now - _aware(record.last_seen)).total_seconds() > TOUCH_SECONDS:
        accounts.touch_session(sid)
    g.sid = sid
    return user


def _serializer() -> URLSafeTimedSerializer:
    from flask import current_app
    return URLSafeTimedSerializer(current_app.secret_key, salt="export-monitor-print")


def print_token(user) -> str:
    """A token for the handout's own page prints: this user, this scope, 5 minutes."""
    scope = scope_of(user)
    return _serializer().dumps({"u": user.name, "e": user.epoch,
                                "s": "all" if scope is None else scope.key()})


def _from_print_token(token: str):
    from queries import accounts

    try:
        data = _serializer().loads(token, max_age=PRINT_SECONDS)
    except BadSignature:
        return None
    user = accounts.get_user(str(data.get("u", "")))
    if user is None or user.disabled or user.epoch != data.get("e"):
        return None
    scope = scope_of(user)
    if ("all" if scope is None else scope.key()) != data.get("s"):
        return None
    return user


def load_user() -> None:
    """Flask ``before_request``: ``g.user`` and the request's scope."""
    if mode.is_local():
        user = LOCAL_USER
    else:
        token = request.headers.get(PRINT_HEADER)
        try:
            user = _from_print_token(token) if token else _from_session()
        except Exception:  # the session store does not answer: nobody is signed in
            log.exception("session store failed")
            user = None
    g.user = user
    g.scope_token = access.set_current(scope_of(user))


def forget_scope(_exc=None) -> None:
    """Flask ``teardown_request``."""
    token = g.pop("scope_token", None)
    if token is not None:
        try:
            access.reset(token)
        except ValueError:  # another context (should not happen): clear it instead
            access.set_current(None)
