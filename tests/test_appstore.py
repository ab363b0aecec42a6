"""The app store's records on both engines (a SQLite file; PostgreSQL in a schema of its
own when EXPORT_MONITOR_TEST_PG_URL is set): accounts, authentication with rehashing,
scope validation against the trade database's lists, sessions in the store and in
Redis, and the append-only audit log."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, select, text, update

from access import passwords
from queries import accounts, appstore, audit
from queries.appstore_tables import app_session, app_user

PASSWORD = "correct horse battery staple"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, duck_db, tmp_path, monkeypatch):
    """An empty, upgraded app store; the trade data (for scope ids) is the DuckDB test
    database."""
    schema = base = None
    if request.param == "sqlite":
        monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path}/app.sqlite")
    else:
        base = os.environ.get("EXPORT_MONITOR_TEST_PG_URL", "").strip()
        if not base:
            pytest.skip("EXPORT_MONITOR_TEST_PG_URL is not set: PostgreSQL tests skipped")
        schema = f"em_app_{uuid.uuid4().hex[:8]}"
        sep = "&" if "?" in base else "?"
        monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL",
                           f"{base}{sep}options={quote(f'-csearch_path={schema}')}")
    monkeypatch.delenv("EXPORT_MONITOR_REDIS_URL", raising=False)
    appstore.reset()
    appstore.upgrade()
    yield request.param
    appstore.reset()
    if schema:
        admin = create_engine(base)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def ids():
    from queries.dimensions import dimensions
    dims = dimensions()
    return (list(dims.concerns["concern_id"].astype(str)),
            list(dims.oblasts["oblast_id"].astype(str)))


# -- accounts ---------------------------------------------------------------------------------

def test_accounts_round_trip(store, ids):
    concerns, oblasts = ids
    made = accounts.add_user("Ana.Petrova@mfa", PASSWORD, ["analyst", "viewer"],
                             display_name="  Анна   Петрова ", concerns=[concerns[1]],
                             oblasts=[oblasts[2], oblasts[0]])
    assert made.name == "ana.petrova@mfa" and made.display_name == "Анна Петрова"
    assert made.roles == frozenset({"analyst", "viewer"}) and made.source == "local"
    assert made.concerns == (concerns[1],) and made.oblasts == tuple(sorted(
        [oblasts[2], oblasts[0]]))
    assert made.scoped and not made.disabled
    assert accounts.get_user("ANA.PETROVA@MFA") == made  # case-insensitive
    accounts.add_user("root", PASSWORD, ["admin"])
    assert [u.name for u in accounts.list_users()] == ["ana.petrova@mfa", "root"]
    assert not accounts.get_user("root").scoped
    with pytest.raises(accounts.AccountError) as err:
        accounts.add_user("ROOT", PASSWORD, ["viewer"])
    assert err.value.key == "exists" and "root" in str(err.value)
    assert accounts.get_user("nobody") is None and accounts.get_user("x" * 300) is None


def test_every_change_bumps_the_epoch_and_disabling_ends_admin_rights(store, ids):
    concerns, _ = ids
    accounts.add_user("root", PASSWORD, ["admin"])
    assert accounts.any_administrator()
    epochs = [accounts.get_user("root").epoch]
    for change in (lambda: accounts.set_roles("root", ["admin", "steward"]),
                   lambda: accounts.set_scope("root", concerns=[concerns[0]]),
                   lambda: accounts.set_scope("root"),
                   lambda: accounts.set_password("root", PASSWORD + "!"),
                   lambda: accounts.set_disabled("root", True)):
        change()
        epochs.append(accounts.get_user("root").epoch)
    assert epochs == sorted(set(epochs)) and len(epochs) == 6
    user = accounts.get_user("root")
    assert user.disabled and user.roles == {"admin", "steward"} and not user.scoped
    assert not accounts.any_administrator()
    accounts.set_disabled("root", False)
    assert accounts.any_administrator()


@pytest.mark.parametrize("call, key", [
    (lambda: accounts.add_user("", PASSWORD, ["viewer"]), "bad_name"),
    (lambda: accounts.add_user("a b", PASSWORD, ["viewer"]), "bad_name"),
    (lambda: accounts.add_user("x" * 65, PASSWORD, ["viewer"]), "bad_name"),
    (lambda: accounts.add_user("<script>", PASSWORD, ["viewer"]), "bad_name"),
    (lambda: accounts.add_user("bob", PASSWORD, []), "no_role"),
    (lambda: accounts.add_user("bob", PASSWORD, ["root"]), "bad_role"),
    (lambda: accounts.add_user("bob", "short", ["viewer"]), "bad_password"),
    (lambda: accounts.add_user("bob", "aaaaaaaaaaaaaaaa", ["viewer"]), "bad_password"),
    (lambda: accounts.add_user("bob", "1234567890", ["viewer"]), "bad_password"),
    (lambda: accounts.add_user("bob", PASSWORD, ["viewer"], concerns=["no-such"]),
     "bad_concern"),
    (lambda: accounts.add_user("bob", PASSWORD, ["viewer"], oblasts=["BY-XX"]),
     "bad_oblast"),
    (lambda: accounts.set_roles("ghost", ["viewer"]), "unknown"),
    (lambda: accounts.set_password("ghost", PASSWORD), "unknown"),
    (lambda: accounts.set_disabled("ghost", True), "unknown"),
])
def test_refusals_name_the_problem_and_change_nothing(store, call, key):
    with pytest.raises(accounts.AccountError) as err:
        call()
    assert err.value.key == key and str(err.value)
    assert accounts.list_users() == []


def test_a_bad_scope_leaves_the_old_one(store, ids):
    concerns, oblasts = ids
    accounts.add_user("vic", PASSWORD, ["viewer"], oblasts=[oblasts[0]])
    with pytest.raises(accounts.AccountError) as err:
        accounts.set_scope("vic", concerns=[concerns[0], "not-a-concern"])
    assert err.value.key == "bad_concern" and "not-a-concern" in str(err.value)
    assert accounts.get_user("vic").oblasts == (oblasts[0],)
    assert accounts.get_user("vic").concerns == ()


def test_authenticate(store):
    accounts.add_user("ana", PASSWORD, ["analyst"])
    accounts.add_user("off", PASSWORD, ["viewer"])
    accounts.set_disabled("off", True)
    accounts.sync_directory_user("dir", "Directory User", ["viewer"], [], [])
    assert accounts.authenticate("ANA", PASSWORD).name == "ana"
    assert accounts.authenticate("ana", PASSWORD + "x") is None
    assert accounts.authenticate("nobody", PASSWORD) is None
    assert accounts.authenticate("off", PASSWORD) is None
    assert accounts.authenticate("dir", "") is None and accounts.authenticate("dir",
                                                                              PASSWORD) is None
    assert accounts.authenticate("ana", None) is None
    assert accounts.authenticate(None, PASSWORD) is None

    def cost(name: str) -> float:
        best = 1e9
        for _ in range(3):
            started = time.perf_counter()
            accounts.authenticate(name, "wrong password here")
            best = min(best, time.perf_counter() - started)
        return best

    wrong, unknown = cost("ana"), cost("nobody-at-all")
    assert wrong > 0.01 and unknown > 0.5 * wrong, (wrong, unknown)  # an Argon2 check each


def test_a_hash_with_old_parameters_is_replaced_at_sign_in(store):
    accounts.add_user("ana", PASSWORD, ["analyst"])
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    assert passwords.needs_rehash(weak)
    with appstore.transaction() as conn:
        conn.execute(update(app_user).where(app_user.c.name == "ana")
                     .values(password_hash=weak))
    epoch = accounts.get_user("ana").epoch
    assert accounts.authenticate("ana", PASSWORD).name == "ana"
    with appstore.transaction(write=False) as conn:
        stored = conn.execute(select(app_user.c.password_hash)
                              .where(app_user.c.name == "ana")).scalar_one()
    assert stored != weak and "m=65536,t=3,p=4" in stored and stored.startswith("$argon2id$")
    assert not passwords.needs_rehash(stored)
    assert accounts.get_user("ana").epoch == epoch  # the same password: sessions stay
    assert accounts.authenticate("ana", PASSWORD) is not None


def test_directory_users_are_synchronised(store, ids):
    concerns, _ = ids
    u = accounts.sync_directory_user("Olga", "Olga P.", ["viewer"], [concerns[0]], [])
    assert (u.name, u.source, u.concerns) == ("olga", "ldap", (concerns[0],))
    same = accounts.sync_directory_user("olga", "Olga Petrova", ["viewer"], [concerns[0]], [])
    assert same.epoch == u.epoch and same.display_name == "Olga Petrova"
    changed = accounts.sync_directory_user("olga", "Olga Petrova", ["analyst"], [], [])
    assert changed.epoch > u.epoch and changed.roles == {"analyst"} and not changed.scoped
    accounts.add_user("loc", PASSWORD, ["viewer"])
    with pytest.raises(accounts.AccountError):
        accounts.sync_directory_user("loc", "x", ["admin"], [], [])
    with pytest.raises(accounts.AccountError) as err:
        accounts.set_password("olga", PASSWORD)
    assert err.value.key == "directory_user"


# -- sessions ---------------------------------------------------------------------------------

@pytest.fixture(params=["store", "redis"])
def sessions(request, store, monkeypatch):
    if request.param == "redis":
        import redis
        client = redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2)
        try:
            client.ping()
        except redis.RedisError:
            pytest.skip("no Redis at 127.0.0.1:6379")
        monkeypatch.setenv("EXPORT_MONITOR_REDIS_URL", "redis://127.0.0.1:6379/3")
        monkeypatch.setattr(accounts, "REDIS_PREFIX", f"em:test:{uuid.uuid4().hex[:8]}:")
        yield client
        prefix = accounts.REDIS_PREFIX
        for key in redis.Redis.from_url("redis://127.0.0.1:6379/3").scan_iter(f"{prefix}*"):
            redis.Redis.from_url("redis://127.0.0.1:6379/3").delete(key)
    else:
        yield None


def test_sessions_create_get_touch_end(sessions):
    accounts.add_user("ana", PASSWORD, ["analyst"])
    accounts.add_user("bob", PASSWORD, ["viewer"])
    before = datetime.now(UTC)
    sid = accounts.create_session("Ana", "10.0.0.7")
    assert len(sid) >= 40
    s = accounts.get_session(sid)
    assert (s.sid, s.name, s.address) == (sid, "ana", "10.0.0.7")
    assert s.created_at.tzinfo is not None and s.last_seen.tzinfo is not None
    assert before - timedelta(seconds=2) <= s.created_at <= datetime.now(UTC)
    time.sleep(0.05)
    accounts.touch_session(sid)
    assert accounts.get_session(sid).last_seen > s.last_seen
    assert accounts.get_session(sid).created_at == s.created_at
    other = [accounts.create_session("ana") for _ in range(2)]
    bobs = accounts.create_session("bob")
    accounts.end_session(sid)
    assert accounts.get_session(sid) is None
    accounts.touch_session(sid)  # touching an ended session does not revive it
    assert accounts.get_session(sid) is None
    assert accounts.end_sessions_of("ana") == 2
    assert all(accounts.get_session(x) is None for x in other)
    assert accounts.get_session(bobs).name == "bob"
    accounts.set_disabled("bob", True)  # disabling ends the sessions at once
    assert accounts.get_session(bobs) is None
    for garbage in (None, "", "x", "' OR 1=1 --" * 3, 12, "a" * 500):
        assert accounts.get_session(garbage) is None
    if sessions is not None:  # kept in Redis, not in the store, with the lifetime as TTL
        live = accounts.create_session("ana")
        key = f"{accounts.REDIS_PREFIX}sid:{live}".encode()
        client = __import__("redis").Redis.from_url("redis://127.0.0.1:6379/3")
        assert 0 < client.ttl(key) <= 12 * 3600
        with appstore.transaction(write=False) as conn:
            assert conn.execute(select(app_session)).first() is None
    else:
        with appstore.transaction(write=False) as conn:
            rows = list(conn.execute(select(app_session)))
        assert len(rows) == 4 and all(r.ended_at is not None for r in rows)


# -- audit ------------------------------------------------------------------------------------

def test_audit_is_append_only(store):
    first = audit.record("ana", "sign_in", target="/sign-in", address="10.0.0.7")
    audit.record("-", "sign_in_failed", target="/sign-in", address="10.0.0.8")
    audit.record("ana", "download", target="/download/x.csv?" + "q" * 5000,
                 address="10.0.0.7", detail="line\nbreak")
    rows = audit.entries()
    assert [r.action for r in rows] == ["download", "sign_in_failed", "sign_in"]
    assert rows[0].at.tzinfo is not None and len(rows[0].target) == 2000
    assert rows[0].detail == "line break"
    assert [r.action for r in audit.entries(actor="ana")] == ["download", "sign_in"]
    assert [r.id for r in audit.entries(action="sign_in")] == [first]
    assert len(audit.entries(limit=1)) == 1
    assert audit.entries(since=datetime.now(UTC) + timedelta(minutes=1)) == []
    with pytest.raises(ValueError):
        audit.record("ana", "DROP TABLE")
    assert not hasattr(audit, "delete") and not hasattr(audit, "update")
    for statement in ("UPDATE audit_log SET actor = 'someone else'",
                      "DELETE FROM audit_log"):
        with pytest.raises(Exception) as err:
            with appstore.transaction() as conn:
                conn.execute(text(statement))
        assert "append-only" in str(err.value)
    assert len(audit.entries()) == 3 and audit.entries()[-1].actor == "ana"
