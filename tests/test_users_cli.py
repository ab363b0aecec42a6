"""``export-monitor users …`` and ``export-monitor audit`` as an administrator runs them:
real subprocesses against a private data folder and app store (the trade data, for
the scope's ids, is the DuckDB test database)."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys

import pytest

from queries.settings import PROJECT_ROOT

PASSWORD = "correct horse battery staple"


@pytest.fixture
def cli(duck_url, tmp_path, monkeypatch):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPORT_MONITOR_")}
    env.update(EXPORT_MONITOR_DATA_DIR=str(tmp_path), EXPORT_MONITOR_DB_URL=duck_url,
               EXPORT_MONITOR_APP_DB_URL=f"sqlite:///{tmp_path}/app.sqlite",
               PYTHONPATH=str(PROJECT_ROOT))
    for k, v in env.items():
        if k.startswith("EXPORT_MONITOR_"):
            monkeypatch.setenv(k, v)

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "queries.cli", *args], env=env,
                              cwd=PROJECT_ROOT, input=stdin, capture_output=True, text=True,
                              timeout=120)
    assert run("db", "upgrade").returncode == 0
    return run


@pytest.fixture
def ids(duck_db):
    from queries.dimensions import dimensions
    dims = dimensions()
    return str(dims.concerns["concern_id"].iloc[0]), str(dims.oblasts["oblast_id"].iloc[0])


def _user(name):
    from queries import accounts, appstore
    appstore.reset()
    return accounts.get_user(name)


def test_users_add_list_scope_roles_disable(cli, ids):
    concern, oblast = ids
    add = cli("users", "add", "Root", "--role", "admin", "--display-name", "Главный",
              "--password-stdin", stdin=PASSWORD + "\n")
    assert add.returncode == 0, add.stderr
    assert "user root added: admin; unscoped" in add.stdout
    ana = cli("users", "add", "ana", "--role", "analyst", "--role", "viewer", "--concern",
              concern, "--oblast", oblast, "--password-stdin", stdin=PASSWORD + "\n")
    assert ana.returncode == 0, ana.stderr
    u = _user("ana")
    assert u.roles == {"analyst", "viewer"} and u.concerns == (concern,) \
        and u.oblasts == (oblast,)
    listed = cli("users", "list").stdout.splitlines()
    assert listed[0].startswith("name") and len(listed) == 3
    assert "root" in listed[2] and "Главный" in listed[2] and "everything" in listed[2]
    assert f"concerns={concern}" in listed[1] and "enabled" in listed[1]

    assert cli("users", "scope", "ana").returncode == 0
    assert not _user("ana").scoped
    assert cli("users", "scope", "ana", "--oblast", oblast).returncode == 0
    assert _user("ana").oblasts == (oblast,) and _user("ana").concerns == ()
    assert cli("users", "roles", "ana", "--role", "secretary").returncode == 0
    assert _user("ana").roles == {"secretary"}
    epoch = _user("ana").epoch
    assert cli("users", "disable", "ana").returncode == 0
    assert _user("ana").disabled and _user("ana").epoch > epoch
    assert "disabled" in cli("users", "list").stdout.splitlines()[1]
    assert cli("users", "enable", "ana").returncode == 0
    assert not _user("ana").disabled


def test_passwd_changes_what_authenticates(cli):
    from queries import accounts
    assert cli("users", "add", "ana", "--role", "viewer", "--password-stdin",
               stdin=PASSWORD + "\n").returncode == 0
    new = "another long passphrase"
    done = cli("users", "passwd", "ana", "--password-stdin", stdin=new + "\n")
    assert done.returncode == 0, done.stderr
    _user("ana")
    assert accounts.authenticate("ana", new) is not None
    assert accounts.authenticate("ana", PASSWORD) is None


@pytest.mark.parametrize("args, stdin, words", [
    (("users", "add", "bob", "--role", "viewer", "--password-stdin"), "short\n",
     "at least 10"),
    (("users", "add", "bad name", "--role", "viewer", "--password-stdin"), PASSWORD + "\n",
     "not allowed"),
    (("users", "add", "bob", "--role", "viewer", "--concern", "no-such-concern",
      "--password-stdin"), PASSWORD + "\n", "'no-such-concern' is not a concern id"),
    (("users", "add", "bob", "--role", "viewer"), "", "--password-stdin"),
    (("users", "disable", "ghost"), None, "There is no user named 'ghost'"),
    (("users", "passwd", "ghost", "--password-stdin"), PASSWORD + "\n", "no user named"),
    (("users", "scope", "ghost", "--oblast", "BY-XX"), None, "not an oblast id"),
])
def test_refusals_exit_1_with_the_reason_and_change_nothing(cli, args, stdin, words):
    done = cli(*args, stdin=stdin)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert words in done.stderr and "Traceback" not in done.stderr
    assert "No users yet" in cli("users", "list").stdout
    assert "No audit entries yet." in cli("audit").stdout


def test_an_unknown_role_is_refused_by_the_parser(cli):
    done = cli("users", "add", "bob", "--role", "root", "--password-stdin", stdin=PASSWORD)
    assert done.returncode == 2 and "invalid choice: 'root'" in done.stderr


def test_every_change_is_audited_and_the_audit_command_filters(cli, ids):
    concern, _ = ids
    me = f"cli:{getpass.getuser()}"
    cli("users", "add", "ana", "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n")
    cli("users", "scope", "ana", "--concern", concern)
    cli("users", "disable", "ana")
    from queries import appstore, audit
    appstore.reset()
    rows = audit.entries()
    assert [(r.actor, r.action, r.target) for r in rows] == [
        (me, "user_change", "user:ana"), (me, "scope_change", "user:ana"),
        (me, "user_change", "user:ana")]
    assert rows[1].detail == f"scope ana: concerns={concern} oblasts="
    table = cli("audit").stdout.splitlines()
    assert table[0].startswith("at (UTC)") and len(table) == 4
    assert "disable ana" in table[1] and "add ana" in table[3]
    only = cli("audit", "--action", "scope_change").stdout.splitlines()
    assert len(only) == 2 and "scope_change" in only[1]
    assert len(cli("audit", "--limit", "1").stdout.splitlines()) == 2
    assert "No audit entries match." in cli("audit", "--actor", "nobody").stdout
