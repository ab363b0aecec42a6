"""Accounts and sessions, in the app store (``queries/appstore.py``).

Users
-----
A user has a name (1–64 characters: letters, digits and ``. _ - @``; case-insensitive,
stored in lower case), a display name, one or more roles (``ROLES``, see
``access/roles.py``), an optional scope (concern ids and/or Belarusian oblast ids —
``queries.dimensions`` — the union of both; none: unscoped), a source (``local``: an
Argon2id password hash here; ``ldap``: the directory checks the password and
``sync_directory_user`` copies roles and scope in at each sign-in), a disabled flag and
an ``epoch``. The epoch goes up with every change of password, roles or scope and with
disabling or enabling: the web layer ends a session made under another epoch, so such a
change takes effect at the user's next request. Disabling also ends their sessions at
once, and so does a new password.

A refusal raises :class:`AccountError`: ``key`` and ``params`` for a translation,
an English sentence in ``str()`` (the command line prints it). Nothing is changed then.

Sessions
--------
``create_session`` makes a random id (``secrets.token_urlsafe(32)``). With
``EXPORT_MONITOR_REDIS_URL`` set the sessions live in Redis — a hash per session that
expires after the absolute lifetime (``EXPORT_MONITOR_SESSION_MAX_HOURS``) and a set per
user, so ``end_sessions_of`` reaches every worker at once; otherwise in the table
``app_session``. The caller checks the idle timeout and the lifetime against the
UTC-aware ``created_at`` and ``last_seen`` it gets back.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, insert, or_, select, update

from access import passwords
from access.roles import ROLES

from . import appstore, settings
from .appstore_tables import NAME_MAX, app_session, app_user, app_user_role, app_user_scope

__all__ = ["ROLES", "AccountError", "Session", "User", "add_user", "any_administrator",
           "authenticate", "create_session", "end_session", "end_sessions_of",
           "get_session", "get_user", "list_users", "set_disabled", "set_password",
           "set_roles", "set_scope", "sync_directory_user", "touch_session"]

NAME_RE = re.compile(r"^[\w.@-]{1,64}$")
DISPLAY_MAX = 120
SCOPE_ID_MAX = 32
REDIS_PREFIX = "em:session:"


@dataclass(frozen=True)
class User:
    name: str
    display_name: str
    roles: frozenset[str]
    concerns: tuple[str, ...]
    oblasts: tuple[str, ...]
    disabled: bool
    source: str
    epoch: int

    @property
    def scoped(self) -> bool:
        return bool(self.concerns or self.oblasts)


@dataclass(frozen=True)
class Session:
    sid: str
    name: str
    address: str
    created_at: datetime  # UTC, aware
    last_seen: datetime   # UTC, aware


MESSAGES = {
    "bad_name": "The user name {name!r} is not allowed: use 1 to 64 letters, digits and "
                ". _ - @ only.",
    "exists": "There is already a user named {name!r}.",
    "unknown": "There is no user named {name!r}.",
    "no_role": "Give the user at least one role: {roles}.",
    "bad_role": "{role!r} is not a role; the roles are: {roles}.",
    "bad_concern": "{value!r} is not a concern id. Concern ids look like 'bellegprom' "
                   "(see the concern list of the dashboard, or export-monitor export "
                   "enterprises).",
    "bad_oblast": "{value!r} is not an oblast id. Oblast ids are ISO codes like BY-MI, "
                  "BY-HM (Minsk city).",
    "no_data": "The concern and oblast lists cannot be read from the trade database "
               "({error}); a scope cannot be checked now.",
    "bad_password": "{reason}",
    "directory_user": "{name!r} signs in through the directory (LDAP); its password, "
                      "roles and scope come from there.",
    "bad_display": "The display name is too long ({n} characters; at most {max}).",
}


class AccountError(ValueError):
    """A refused change. ``key`` names the message (``MESSAGES``), ``params`` fill it."""

    def __init__(self, key: str, **params):
        super().__init__(MESSAGES[key].format(**params))
        self.key = key
        self.params = params


# -- validation ---------------------------------------------------------------------------

def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _shown(value, limit: int = 64) -> str:
    s = "".join(ch if ch.isprintable() else "?" for ch in str(value))
    return s if len(s) <= limit else s[:limit - 1] + "…"


def clean_name(name) -> str:
    """The stored form of a user name (trimmed, lower case); AccountError if invalid."""
    cleaned = name.strip().lower() if isinstance(name, str) else ""
    if not NAME_RE.match(cleaned) or len(cleaned) > NAME_MAX:
        raise AccountError("bad_name", name=_shown(name))
    return cleaned


def _lookup_name(name) -> str | None:
    try:
        return clean_name(name)
    except AccountError:
        return None


def _clean_roles(roles) -> list[str]:
    if isinstance(roles, str):
        roles = [roles]
    chosen = []
    for role in roles or ():
        role = role.strip().lower() if isinstance(role, str) else role
        if role not in ROLES:
            raise AccountError("bad_role", role=_shown(role), roles=", ".join(ROLES))
        if role not in chosen:
            chosen.append(role)
    if not chosen:
        raise AccountError("no_role", roles=", ".join(ROLES))
    return chosen


def _ids(values, kind: str) -> tuple[str, ...]:
    if isinstance(values, str):
        values = [values]
    out = []
    for value in values or ():
        v = value.strip() if isinstance(value, str) else ""
        if not v or len(v) > SCOPE_ID_MAX:
            raise AccountError(f"bad_{kind}", value=_shown(value))
        if v not in out:
            out.append(v)
    return tuple(sorted(out))


def _clean_scope(concerns, oblasts, check: bool = True) -> tuple[tuple, tuple]:
    """Concern and oblast ids, each checked against the trade database's lists (a local
    account); ``check=False`` keeps ids as given (directory users: an unknown id matches
    nothing, whereas dropping it could leave the user unscoped)."""
    concerns, oblasts = _ids(concerns, "concern"), _ids(oblasts, "oblast")
    if check and (concerns or oblasts):
        from . import scope as access
        from .dimensions import dimensions
        try:
            with access.using(None):
                dims = dimensions()
        except Exception as exc:  # the database is down: refuse rather than guess
            raise AccountError("no_data", error=type(exc).__name__) from exc
        known_c = set(dims.concerns["concern_id"].astype(str))
        known_o = set(dims.oblasts["oblast_id"].astype(str))
        for c in concerns:
            if c not in known_c:
                raise AccountError("bad_concern", value=_shown(c))
        for o in oblasts:
            if o not in known_o:
                raise AccountError("bad_oblast", value=_shown(o))
    return concerns, oblasts


def _clean_display(display, name: str) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(display or ""))
                    .split())
    if len(text) > DISPLAY_MAX:
        raise AccountError("bad_display", n=len(text), max=DISPLAY_MAX)
    return text or name


def _check_password(password) -> str:
    try:
        passwords.check_new_password(password)
    except ValueError as exc:
        raise AccountError("bad_password", reason=str(exc)) from None
    return password


# -- reading ------------------------------------------------------------------------------

def _users(conn, name: str | None = None) -> list[User]:
    uq, rq, sq = select(app_user), select(app_user_role), select(app_user_scope)
    if name is not None:
        uq = uq.where(app_user.c.name == name)
        rq = rq.where(app_user_role.c.name == name)
        sq = sq.where(app_user_scope.c.name == name)
    rows = list(conn.execute(uq.order_by(app_user.c.name)))
    if not rows:
        return []
    roles: dict[str, set] = {}
    for r in conn.execute(rq):
        roles.setdefault(r.name, set()).add(r.role)
    scopes: dict[tuple, list] = {}
    for s in conn.execute(sq.order_by(app_user_scope.c.value)):
        scopes.setdefault((s.name, s.kind), []).append(s.value)
    return [User(name=r.name, display_name=r.display_name,
                 roles=frozenset(roles.get(r.name, ())),
                 concerns=tuple(scopes.get((r.name, "concern"), ())),
                 oblasts=tuple(scopes.get((r.name, "oblast"), ())),
                 disabled=bool(r.disabled), source=r.source, epoch=int(r.epoch))
            for r in rows]


def get_user(name) -> User | None:
    """The user, or None (also for a name that could not be one)."""
    key = _lookup_name(name)
    if key is None:
        return None
    with appstore.transaction(write=False) as conn:
        found = _users(conn, key)
    return found[0] if found else None


def list_users() -> list[User]:
    """Every user, by name."""
    with appstore.transaction(write=False) as conn:
        return _users(conn)


def any_administrator() -> bool:
    """True when an enabled user has the admin role."""
    q = (select(app_user.c.name).join(app_user_role, app_user_role.c.name == app_user.c.name)
         .where(app_user_role.c.role == "admin", app_user.c.disabled.is_(False)).limit(1))
    with appstore.transaction(write=False) as conn:
        return conn.execute(q).first() is not None


# -- changing -----------------------------------------------------------------------------

def _write_roles(conn, name: str, roles: Iterable[str]) -> None:
    conn.execute(delete(app_user_role).where(app_user_role.c.name == name))
    conn.execute(insert(app_user_role), [{"name": name, "role": r} for r in roles])


def _write_scope(conn, name: str, concerns, oblasts) -> None:
    conn.execute(delete(app_user_scope).where(app_user_scope.c.name == name))
    rows = ([{"name": name, "kind": "concern", "value": c} for c in concerns]
            + [{"name": name, "kind": "oblast", "value": o} for o in oblasts])
    if rows:
        conn.execute(insert(app_user_scope), rows)


def _bump(conn, name: str, **values) -> None:
    conn.execute(update(app_user).where(app_user.c.name == name)
                 .values(epoch=app_user.c.epoch + 1, updated_at=_now(), **values))


def _existing(conn, name: str):
    row = conn.execute(select(app_user).where(app_user.c.name == name)).first()
    if row is None:
        raise AccountError("unknown", name=name)
    return row


def add_user(name, password, roles, display_name="", concerns=(), oblasts=()) -> User:
    """A new local account (AccountError when the name is taken or anything is invalid)."""
    key = clean_name(name)
    chosen = _clean_roles(roles)
    display = _clean_display(display_name, key)
    _check_password(password)
    concerns, oblasts = _clean_scope(concerns, oblasts)
    password_hash = passwords.hash_password(password)
    now = _now()
    with appstore.transaction() as conn:
        if conn.execute(select(app_user.c.name).where(app_user.c.name == key)).first():
            raise AccountError("exists", name=key)
        conn.execute(insert(app_user).values(
            name=key, display_name=display, password_hash=password_hash, source="local",
            disabled=False, epoch=1, created_at=now, updated_at=now))
        _write_roles(conn, key, chosen)
        _write_scope(conn, key, concerns, oblasts)
        return _users(conn, key)[0]


def set_password(name, password) -> None:
    """A new password for a local account; its sessions end."""
    key = clean_name(name)
    _check_password(password)
    password_hash = passwords.hash_password(password)
    with appstore.transaction() as conn:
        if _existing(conn, key).source != "local":
            raise AccountError("directory_user", name=key)
        _bump(conn, key, password_hash=password_hash)
    end_sessions_of(key)


def set_disabled(name, disabled: bool) -> None:
    """Disable (its sessions end at once) or enable a user."""
    key = clean_name(name)
    with appstore.transaction() as conn:
        _existing(conn, key)
        _bump(conn, key, disabled=bool(disabled))
    if disabled:
        end_sessions_of(key)


def set_roles(name, roles) -> None:
    key = clean_name(name)
    chosen = _clean_roles(roles)
    with appstore.transaction() as conn:
        _existing(conn, key)
        _write_roles(conn, key, chosen)
        _bump(conn, key)


def set_scope(name, concerns=(), oblasts=()) -> None:
    """Limit the user to these concerns and/or oblasts; none at all: unscoped."""
    key = clean_name(name)
    concerns, oblasts = _clean_scope(concerns, oblasts)
    with appstore.transaction() as conn:
        _existing(conn, key)
        _write_scope(conn, key, concerns, oblasts)
        _bump(conn, key)


def sync_directory_user(name, display_name, roles, concerns, oblasts) -> User:
    """Create or update a directory (LDAP) user with what the directory says; the epoch
    goes up only when roles or scope changed. A local account of that name is refused."""
    key = clean_name(name)
    chosen = _clean_roles(roles)
    display = _clean_display(display_name, key)
    concerns, oblasts = _clean_scope(concerns, oblasts, check=False)
    now = _now()
    with appstore.transaction() as conn:
        found = _users(conn, key)
        if not found:
            conn.execute(insert(app_user).values(
                name=key, display_name=display, password_hash=None, source="ldap",
                disabled=False, epoch=1, created_at=now, updated_at=now))
            _write_roles(conn, key, chosen)
            _write_scope(conn, key, concerns, oblasts)
        else:
            user = found[0]
            if user.source != "ldap":
                raise AccountError("exists", name=key)
            changed = (user.roles != frozenset(chosen) or user.concerns != concerns
                       or user.oblasts != oblasts)
            if changed:
                _write_roles(conn, key, chosen)
                _write_scope(conn, key, concerns, oblasts)
                _bump(conn, key, display_name=display)
            elif user.display_name != display:
                conn.execute(update(app_user).where(app_user.c.name == key)
                             .values(display_name=display, updated_at=now))
        return _users(conn, key)[0]


def authenticate(name, password) -> User | None:
    """The local user when ``password`` is theirs and they are enabled, else None —
    with the same work (one Argon2 verification) for an unknown name, a wrong password,
    a disabled or a directory user. A hash made with older parameters is replaced."""
    key = _lookup_name(name)
    if not isinstance(password, str) or len(password) > passwords.MAX_LENGTH:
        password = ""
    row = None
    if key is not None:
        with appstore.transaction(write=False) as conn:
            row = conn.execute(select(app_user).where(app_user.c.name == key)).first()
    if row is None or row.source != "local" or not row.password_hash:
        passwords.dummy_verify(password)
        return None
    if not passwords.verify(row.password_hash, password) or row.disabled:
        return None
    if passwords.needs_rehash(row.password_hash):
        fresh = passwords.hash_password(password)
        with appstore.transaction() as conn:  # same password: the epoch stays
            conn.execute(update(app_user).where(
                app_user.c.name == key, app_user.c.password_hash == row.password_hash)
                .values(password_hash=fresh))
    return get_user(key)


# -- sessions -----------------------------------------------------------------------------

_redis_lock = threading.Lock()
_redis_clients: dict = {}

_TOUCH = """
if redis.call('exists', KEYS[1]) == 1 then
  return redis.call('hset', KEYS[1], 'last_seen', ARGV[1])
end
return -1
"""


def _redis():
    url = settings.get("EXPORT_MONITOR_REDIS_URL")
    if not url:
        return None
    with _redis_lock:
        client = _redis_clients.get(url)
        if client is None:
            import redis
            client = _redis_clients[url] = redis.Redis.from_url(
                url, socket_timeout=3, socket_connect_timeout=3, decode_responses=True)
        return client


def _lifetime_seconds() -> int:
    return max(60, int(settings.get("EXPORT_MONITOR_SESSION_MAX_HOURS") * 3600))


def _sid_key(sid: str) -> str:
    return f"{REDIS_PREFIX}sid:{sid}"


def _user_key(name: str) -> str:
    return f"{REDIS_PREFIX}user:{name}"


def _valid_sid(sid) -> bool:
    return isinstance(sid, str) and 20 <= len(sid) <= 64 and sid.isascii()


def create_session(name, address="") -> str:
    """A new session of the user; returns its id."""
    key = clean_name(name)
    sid = secrets.token_urlsafe(32)
    address = str(address or "")[:64]
    now = _now()
    client = _redis()
    if client is not None:
        ttl = _lifetime_seconds()
        stamp = _aware(now).isoformat()
        pipe = client.pipeline()
        pipe.hset(_sid_key(sid), mapping={"name": key, "address": address,
                                          "created_at": stamp, "last_seen": stamp})
        pipe.expire(_sid_key(sid), ttl)
        pipe.sadd(_user_key(key), sid)
        pipe.expire(_user_key(key), ttl)
        pipe.execute()
        return sid
    old = now - timedelta(seconds=_lifetime_seconds()) - timedelta(days=1)
    with appstore.transaction() as conn:
        conn.execute(delete(app_session).where(or_(app_session.c.created_at < old,
                                                   app_session.c.ended_at < old)))
        conn.execute(insert(app_session).values(sid=sid, name=key, address=address,
                                                created_at=now, last_seen=now,
                                                ended_at=None))
    return sid


def get_session(sid) -> Session | None:
    """The session, or None when it ended, expired in Redis or never existed."""
    if not _valid_sid(sid):
        return None
    client = _redis()
    if client is not None:
        data = client.hgetall(_sid_key(sid))
        if not data or "name" not in data:
            return None
        return Session(sid, data["name"], data.get("address", ""),
                       datetime.fromisoformat(data["created_at"]),
                       datetime.fromisoformat(data["last_seen"]))
    with appstore.transaction(write=False) as conn:
        row = conn.execute(select(app_session).where(
            app_session.c.sid == sid, app_session.c.ended_at.is_(None))).first()
    if row is None:
        return None
    return Session(row.sid, row.name, row.address, _aware(row.created_at),
                   _aware(row.last_seen))


def touch_session(sid) -> None:
    """The session was used now (its idle time starts again)."""
    if not _valid_sid(sid):
        return
    now = _now()
    client = _redis()
    if client is not None:
        client.eval(_TOUCH, 1, _sid_key(sid), _aware(now).isoformat())
        return
    with appstore.transaction() as conn:
        conn.execute(update(app_session).where(
            app_session.c.sid == sid, app_session.c.ended_at.is_(None))
            .values(last_seen=now))


def end_session(sid) -> None:
    if not _valid_sid(sid):
        return
    client = _redis()
    if client is not None:
        name = client.hget(_sid_key(sid), "name")
        pipe = client.pipeline()
        pipe.delete(_sid_key(sid))
        if name:
            pipe.srem(_user_key(name), sid)
        pipe.execute()
        return
    with appstore.transaction() as conn:
        conn.execute(update(app_session).where(
            app_session.c.sid == sid, app_session.c.ended_at.is_(None))
            .values(ended_at=_now()))


def end_sessions_of(name) -> int:
    """End every session of the user; returns how many were open."""
    key = _lookup_name(name)
    if key is None:
        return 0
    client = _redis()
    if client is not None:
        sids = client.smembers(_user_key(key))
        pipe = client.pipeline()
        for sid in sids:
            pipe.delete(_sid_key(sid))
        pipe.delete(_user_key(key))
        counts = pipe.execute()
        return int(sum(counts[:-1]))
    with appstore.transaction() as conn:
        result = conn.execute(update(app_session).where(
            and_(app_session.c.name == key, app_session.c.ended_at.is_(None)))
            .values(ended_at=_now()))
        return int(result.rowcount or 0)
