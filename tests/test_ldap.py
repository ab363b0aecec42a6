"""LDAP / Active Directory sign-in (access/ldap_login.py) against a real OpenLDAP slapd
with its own directory (tests/ldap_server.py): direct bind, search-then-bind (service
account and anonymous), memberOf, groups → roles and scopes, injection, the directory
down, StartTLS and ldaps, and every configuration mistake."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from queries.settings import PROJECT_ROOT
from tests import ldap_server as srv

pytest.importorskip("ldap", reason="python-ldap (the 'ldap' extra) is not installed: "
                                   "LDAP sign-in tests skipped")
if srv.slapd_missing():
    pytest.skip(srv.slapd_missing(), allow_module_level=True)

from access import ldap_login  # noqa: E402
from access.ldap_login import DirectoryUnavailable, LdapConfigError  # noqa: E402

PW = srv.PASSWORD

GROUPS = f"""
[[group]]
dn = "{srv.group_dn('analysts')}"
roles = ["analyst"]

[[group]]
dn = "{srv.group_dn('belneftekhim-viewers')}"
roles = ["viewer"]
concerns = ["belneftekhim"]

[[group]]
dn = "{srv.group_dn('minsk-analysts')}"
roles = ["analyst"]
oblasts = ["BY-MI"]

[[group]]
# written in other case and spacing than the directory's DN: still the same group
dn = "CN=Admins, OU=Groups, DC=example, DC=org"
roles = ["admin", "viewer"]
"""


@pytest.fixture(scope="module")
def slapd():
    with srv.running_slapd() as server:
        yield server


@pytest.fixture(scope="module")
def tls_slapd():
    try:
        with srv.running_slapd(tls=True) as server:
            yield server
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"openssl could not make the test certificates: {exc.stderr!r}")


def head(uri, timeout=3, **more) -> str:
    lines = [f'uri = {uri!r}' if isinstance(uri, str) else f"uri = {list(uri)!r}",
             f"timeout_seconds = {timeout}"]
    for key, value in more.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        else:
            lines.append(f'{key} = "{value}"')
    return "\n".join(lines).replace("'", '"') + "\n"


def direct(uri, **more) -> str:
    return head(uri, user_dn_template=f"uid={{user}},{srv.PEOPLE}",
                group_search_base=srv.GROUPS, **more) + GROUPS


def searching(uri, tmp_path, service=True, **more) -> str:
    extra = {}
    if service:
        secret = tmp_path / "bind.pw"
        secret.write_text(srv.READER_PASSWORD + "\n")
        extra = {"bind_dn": srv.READER_DN, "bind_password_file": str(secret)}
    return head(uri, user_search_base=srv.PEOPLE, user_search_filter="(uid={user})",
                member_of_attribute="memberOf", display_name_attribute="displayName",
                **extra, **more) + GROUPS


def config(tmp_path: Path, text: str):
    path = tmp_path / f"ldap-{abs(hash(text))}.toml"
    path.write_text(text, encoding="utf-8")
    return ldap_login.read_config(path)


@pytest.fixture(params=["direct", "service", "anonymous"])
def any_config(request, slapd, tmp_path):
    if request.param == "direct":
        return config(tmp_path, direct(slapd.uri))
    return config(tmp_path, searching(slapd.uri, tmp_path,
                                      service=request.param == "service"))


# ---------------------------------------------------------------- signing in

def test_direct_bind(slapd, tmp_path):
    user = ldap_login.directory_login("alice", PW, config(tmp_path, direct(slapd.uri)))
    assert user == ldap_login.DirectoryUser(
        name="alice", dn=f"uid=alice,{srv.PEOPLE}", display_name="Alice Analyst",
        roles=frozenset({"analyst"}), concerns=(), oblasts=())


def test_search_then_bind_with_service_account(slapd, tmp_path):
    cfg = config(tmp_path, searching(slapd.uri, tmp_path))
    assert cfg.bind_password == srv.READER_PASSWORD
    assert srv.READER_PASSWORD not in repr(cfg)
    user = ldap_login.directory_login("bob", PW, cfg)
    assert user.dn == f"uid=bob,{srv.PEOPLE}"
    assert user.display_name == "Bob Both (display)"  # display_name_attribute
    # two groups with different scopes: union of roles, concerns and oblasts
    assert user.roles == {"viewer", "analyst"}
    assert (user.concerns, user.oblasts) == (("belneftekhim",), ("BY-MI",))


def test_search_then_bind_anonymous(slapd, tmp_path):
    cfg = config(tmp_path, searching(slapd.uri, tmp_path, service=False))
    assert cfg.bind_dn == ""
    user = ldap_login.directory_login("alice", PW, cfg)
    assert user is not None and user.roles == {"analyst"}


def test_any_unscoped_group_makes_the_user_unscoped(any_config):
    # dave: belneftekhim-viewers (scoped) + admins (unscoped, DN written differently)
    user = ldap_login.directory_login("dave", PW, any_config)
    assert user.roles == {"viewer", "admin"}
    assert (user.concerns, user.oblasts) == ((), ())


def test_group_search_and_member_of_agree(slapd, tmp_path):
    by_search = config(tmp_path, direct(slapd.uri))
    by_member_of = config(tmp_path, head(
        slapd.uri, user_dn_template=f"uid={{user}},{srv.PEOPLE}",
        member_of_attribute="memberOf") + GROUPS)
    for name in ("alice", "bob", "dave", srv.SPECIAL_UID):
        a = ldap_login.directory_login(name, PW, by_search)
        b = ldap_login.directory_login(name, PW, by_member_of)
        assert a is not None and a == b


def test_name_with_dn_and_filter_characters_signs_in(any_config):
    user = ldap_login.directory_login(srv.SPECIAL_UID, PW, any_config)
    assert user is not None
    assert user.name == srv.SPECIAL_UID and user.roles == {"analyst"}
    assert user.display_name.startswith("Nik Star (*)")


def test_wrong_password(any_config):
    assert ldap_login.directory_login("alice", PW + "x", any_config) is None
    assert ldap_login.directory_login("alice", "correct horse 1", any_config) is None


def test_unknown_user(any_config):
    assert ldap_login.directory_login("mallory", PW, any_config) is None


def test_user_in_no_mapped_group(any_config):
    # carol is only in "canteen", which the configuration does not map
    assert ldap_login.directory_login("carol", PW, any_config) is None


def test_empty_password_is_refused_without_asking(slapd, tmp_path, any_config):
    assert ldap_login.directory_login("alice", "", any_config) is None
    assert ldap_login.directory_login("", PW, any_config) is None
    # no bind is attempted: with nobody listening, asking would raise DirectoryUnavailable
    nobody = config(tmp_path, direct(f"ldap://127.0.0.1:{srv.free_port()}"))
    assert ldap_login.directory_login("alice", "", nobody) is None


@pytest.mark.parametrize("name", ["*", "al*", "*)(uid=*", "admin)(uid=*", "alice)(uid=*",
                                  "*)(|(uid=*", "alice,ou=people", "uid=alice",
                                  "alice\x00", "\\2a"])
def test_injection_names_do_not_sign_in(any_config, name):
    # "al*" with alice's password would sign her in if the filter were not escaped
    assert ldap_login.directory_login(name, PW, any_config) is None


def test_failover_to_the_second_uri(slapd, tmp_path):
    dead = f"ldap://127.0.0.1:{srv.free_port()}"
    cfg = config(tmp_path, direct([dead, slapd.uri]))
    assert cfg.uris == (dead, slapd.uri)
    assert ldap_login.directory_login("alice", PW, cfg).roles == {"analyst"}


# ---------------------------------------------------------------- the directory down

def test_wrong_port_is_unavailable_not_a_wrong_password(tmp_path):
    uri = f"ldap://127.0.0.1:{srv.free_port()}"
    with pytest.raises(DirectoryUnavailable) as caught:
        ldap_login.directory_login("alice", PW, config(tmp_path, direct(uri)))
    assert caught.value.uri == uri
    assert str(caught.value).startswith(f"The directory at {uri} does not answer")


def test_stopped_server_is_unavailable(tmp_path):
    with srv.running_slapd() as server:
        cfg = config(tmp_path, searching(server.uri, tmp_path))
        assert ldap_login.directory_login("alice", PW, cfg) is not None
        server.stop()
        with pytest.raises(DirectoryUnavailable, match="does not answer"):
            ldap_login.directory_login("alice", PW, cfg)
    assert not server.folder.exists()


def test_silent_server_times_out(tmp_path):
    # accepts the TCP connection and never says a word
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        uri = f"ldap://127.0.0.1:{silent.getsockname()[1]}"
        cfg = config(tmp_path, searching(uri, tmp_path, timeout=1))
        started = time.monotonic()
        with pytest.raises(DirectoryUnavailable, match="does not answer"):
            ldap_login.directory_login("alice", PW, cfg)
        assert time.monotonic() - started < 5


def test_service_account_refused_is_unavailable(slapd, tmp_path):
    text = searching(slapd.uri, tmp_path)
    (tmp_path / "bind.pw").write_text("not the password")
    cfg = ldap_login.read_config(_write(tmp_path, text))
    with pytest.raises(DirectoryUnavailable, match="refused the service account"):
        ldap_login.directory_login("alice", PW, cfg)


def test_missing_search_base_is_unavailable_with_a_hint(slapd, tmp_path):
    text = searching(slapd.uri, tmp_path).replace(f'"{srv.PEOPLE}"',
                                                  '"ou=nobody,dc=example,dc=org"')
    with pytest.raises(DirectoryUnavailable, match="search bases"):
        ldap_login.directory_login("alice", PW, config(tmp_path, text))


# ---------------------------------------------------------------- TLS

def test_start_tls_with_the_test_ca(tls_slapd, tmp_path):
    cfg = config(tmp_path, direct(tls_slapd.uri, start_tls=True, ca_file=tls_slapd.ca_file))
    assert ldap_login.directory_login("bob", PW, cfg).roles == {"viewer", "analyst"}


def test_ldaps_with_the_test_ca(tls_slapd, tmp_path):
    cfg = config(tmp_path, direct(tls_slapd.ldaps_uri, ca_file=tls_slapd.ca_file))
    assert ldap_login.directory_login("alice", PW, cfg) is not None


@pytest.mark.parametrize("via", ["start_tls", "ldaps"])
def test_wrong_ca_is_refused(tls_slapd, tmp_path, via):
    if via == "start_tls":
        text = direct(tls_slapd.uri, start_tls=True, ca_file=tls_slapd.wrong_ca_file)
    else:
        text = direct(tls_slapd.ldaps_uri, ca_file=tls_slapd.wrong_ca_file)
    with pytest.raises(DirectoryUnavailable, match="does not answer") as caught:
        ldap_login.directory_login("alice", PW, config(tmp_path, text))
    assert "certificate" in str(caught.value)


def test_verification_off_accepts_an_unknown_ca(tls_slapd, tmp_path):
    cfg = config(tmp_path, direct(tls_slapd.uri, start_tls=True,
                                  ca_file=tls_slapd.wrong_ca_file, verify_certificates=False))
    assert ldap_login.directory_login("alice", PW, cfg) is not None


# ---------------------------------------------------------------- configuration

def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ldap.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = direct("ldap://127.0.0.1:389")


@pytest.mark.parametrize("change, key", [
    (lambda t: t.replace('uri = "ldap://127.0.0.1:389"', 'uri = "http://dir:389"'), "uri"),
    (lambda t: t.replace('uri = "ldap://127.0.0.1:389"', "uri = []"), "uri"),
    (lambda t: t.replace('uri = "ldap://127.0.0.1:389"', 'uri = "ldaps://dir"\nstart_tls = true'),
     "start_tls"),
    (lambda t: "start_tls = \"yes\"\n" + t, "start_tls"),
    (lambda t: "verify_certificates = 1\n" + t, "verify_certificates"),
    (lambda t: 'ca_file = "/nonexistent/ca.pem"\n' + t, "ca_file"),
    (lambda t: t.replace("timeout_seconds = 3", "timeout_seconds = 0"), "timeout_seconds"),
    (lambda t: t.replace("timeout_seconds = 3", 'timeout_seconds = "3"'), "timeout_seconds"),
    (lambda t: t.replace("uid={user},", "uid=someone,"), "user_dn_template"),
    (lambda t: f'user_search_base = "{srv.PEOPLE}"\n' + t, "user_dn_template"),
    (lambda t: 'user_search_filter = "uid={user}"\n' + t.replace(
        "user_dn_template", "user_search_base").replace("uid={user},", ""),
     "user_search_filter"),
    (lambda t: f'bind_dn = "{srv.READER_DN}"\n' + t, "bind_password_file"),
    (lambda t: 'bind_password_file = "/nonexistent"\n' + t, "bind_dn"),
    (lambda t: 'member_of_attribute = "memberOf"\n' + t, "group_search_base"),
    (lambda t: 'group_search_filter = "(member=x)"\n' + t, "group_search_filter"),
    (lambda t: 'display_name_attribute = "display name"\n' + t, "display_name_attribute"),
    (lambda t: 'bind_pasword_file = "x"\n' + t, "bind_pasword_file"),
    (lambda t: t.split("[[group]]")[0], "group"),
    (lambda t: t.replace('roles = ["analyst"]', 'roles = ["boss"]', 1), "roles"),
    (lambda t: t.replace('roles = ["analyst"]', "roles = []", 1), "roles"),
    (lambda t: t.replace('oblasts = ["BY-MI"]', 'oblasts = ["Minsk"]'), "oblasts"),
    (lambda t: t.replace('concerns = ["belneftekhim"]', 'concerns = "belneftekhim"'),
     "concerns"),
    (lambda t: t.replace('roles = ["analyst"]', 'roles = ["analyst"]\nrole = "x"', 1), "role"),
    (lambda t: t.replace(f'dn = "{srv.group_dn("analysts")}"', 'dn = "not a dn"'), "dn"),
    (lambda t: t + f'[[group]]\ndn = "{srv.group_dn("analysts")}"\nroles = ["viewer"]\n', "dn"),
])
def test_config_mistakes_name_the_key(tmp_path, change, key):
    text = change(GOOD)
    with pytest.raises(LdapConfigError) as caught:
        ldap_login.read_config(_write(tmp_path, text))
    message = str(caught.value)
    assert f" {key} — " in message, message
    assert str(tmp_path) in message  # names the file


def test_password_file_problems(tmp_path):
    empty = tmp_path / "empty.pw"
    empty.write_text("\n")
    for path, words in ((tmp_path / "missing.pw", "No such file"), (empty, "is empty")):
        text = f'bind_dn = "{srv.READER_DN}"\nbind_password_file = "{path}"\n' + GOOD.replace(
            "user_dn_template", "user_search_base").replace("uid={user},", "")
        with pytest.raises(LdapConfigError, match=f"bind_password_file — .*{words}"):
            ldap_login.read_config(_write(tmp_path, text))


def test_not_toml_and_no_file(tmp_path):
    with pytest.raises(LdapConfigError, match="not valid TOML"):
        ldap_login.read_config(_write(tmp_path, "uri = \n"))
    with pytest.raises(LdapConfigError, match="EXPORT_MONITOR_LDAP_CONFIG=.*cannot read"):
        ldap_login.read_config(tmp_path / "nope.toml")


def test_example_file_is_valid():
    cfg = ldap_login.read_config(PROJECT_ROOT / "deploy" / "ldap.example.toml")
    assert cfg.groups and all(g.roles for g in cfg.groups)


def test_setting_and_available(tmp_path, monkeypatch):
    monkeypatch.delenv("EXPORT_MONITOR_LDAP_CONFIG", raising=False)
    assert ldap_login.load_config() is None
    ok, why = ldap_login.available()
    assert not ok and "EXPORT_MONITOR_LDAP_CONFIG is empty" in why
    with pytest.raises(LdapConfigError, match="off"):
        ldap_login.directory_login("alice", PW)

    monkeypatch.setenv("EXPORT_MONITOR_LDAP_CONFIG", str(_write(tmp_path, GOOD)))
    assert ldap_login.load_config().uris == ("ldap://127.0.0.1:389",)
    ok, why = ldap_login.available()
    assert ok and "ldap://127.0.0.1:389" in why

    monkeypatch.setenv("EXPORT_MONITOR_LDAP_CONFIG",
                       str(_write(tmp_path, GOOD.replace('["analyst"]', '["boss"]'))))
    ok, why = ldap_login.available()
    assert not ok and "roles" in why


def test_setting_names_the_default_config(slapd, tmp_path, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_LDAP_CONFIG", str(_write(tmp_path, direct(slapd.uri))))
    assert ldap_login.directory_login("alice", PW).roles == {"analyst"}


def test_without_python_ldap_the_module_says_why(tmp_path):
    script = (
        "import sys; sys.modules['ldap'] = None\n"  # as if the extra were not installed
        "from access import ldap_login\n"
        "ok, why = ldap_login.available(); print(ok); print(why)\n"
        "try:\n"
        "    ldap_login.load_config()\n"
        "except ldap_login.LdapConfigError as e:\n"
        "    print('config:', e)\n")
    env = dict(os.environ, EXPORT_MONITOR_LDAP_CONFIG=str(_write(tmp_path, GOOD)))
    out = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "False"
    assert "LDAP sign-in is unavailable: python-ldap cannot be imported" in lines[1]
    assert lines[2].startswith("config: EXPORT_MONITOR_LDAP_CONFIG is set but LDAP sign-in "
                               "is unavailable")
