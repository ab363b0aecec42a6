"""Directory sign-in through the sign-in page, against the real slapd the LDAP tests
start: a directory user signs in with the directory's password, gets the roles and the
scope of their groups (copied into the app store at each sign-in), and sees only that
scope; a wrong password, a user in no mapped group and a directory that does not answer
are refused with the page's words."""

from __future__ import annotations

import pytest

from tests.dash_client import DashClient, page_json
from tests.test_auth import server, sign_in  # noqa: F401  (fixture)
from tests.test_downloads import find_component
from tests.test_ldap import PW, direct, slapd  # noqa: F401  (fixture)


@pytest.fixture
def directory(server, slapd, tmp_path, monkeypatch):  # noqa: F811
    path = tmp_path / "ldap.toml"
    path.write_text(direct(slapd.uri), encoding="utf-8")
    monkeypatch.setenv("EXPORT_MONITOR_LDAP_CONFIG", str(path))
    return server


def test_a_directory_user_signs_in_with_the_roles_and_scope_of_their_groups(directory):
    from queries import accounts

    app = directory["app"]
    client = app.server.test_client()
    assert sign_in(client, "bob", PW).status_code == 303
    user = accounts.get_user("bob")
    assert user.source == "ldap" and user.roles == {"viewer", "analyst"}
    assert (user.concerns, user.oblasts) == (("belneftekhim",), ("BY-MI",))
    # the scope holds on the pages: only the concerns of that scope's enterprises
    layout = page_json(DashClient(client).page("/", "?lang=en"))
    options = {o["value"] for o in find_component(
        layout, {"type": "filter", "field": "oblast"})["options"]}
    assert "BY-MI" in options and len(options) < 7


@pytest.mark.parametrize("name,password", [("bob", "not-the-password"),
                                           ("carol", PW),       # in no mapped group
                                           ("nobody-at-all", PW)])
def test_refused_directory_sign_ins(directory, name, password):
    resp = sign_in(directory["app"].server.test_client(), name, password)
    assert resp.status_code == 401
    assert "The user name or the password is wrong" in resp.get_data(as_text=True)


def test_a_directory_that_does_not_answer_is_said_so(server, tmp_path, monkeypatch):  # noqa: F811
    from tests.live import free_port

    path = tmp_path / "ldap.toml"
    path.write_text(direct(f"ldap://127.0.0.1:{free_port()}"), encoding="utf-8")
    monkeypatch.setenv("EXPORT_MONITOR_LDAP_CONFIG", str(path))
    resp = sign_in(server["app"].server.test_client(), "bob", PW)
    assert resp.status_code == 401
    assert "directory server does not answer" in resp.get_data(as_text=True)
    # a local account still signs in
    assert sign_in(server["app"].server.test_client(), "ana").status_code == 303
