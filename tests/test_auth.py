"""Access control over real HTTP to the Flask server (its test client), in server mode,
against the real DuckDB test database, a private SQLite app store and, for the limits
and sessions, whatever the settings say (Redis where a test sets it).

What is proved here:
* an unauthenticated crawl of every page, Dash endpoint, callback, download, handout and
  asset reaches nothing (each answer is counted: redirect to sign-in, 401 or 403);
* sign-in, sign-out, CSRF refusal, no account enumeration, per-account limits, a
  disabled user losing access at once, role permissions;
* a scoped user sees only the scope — figures checked against the raw generated rows;
* security headers on every response; audit rows for sign-ins, failures, sign-outs and
  downloads.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest

from queries.agenda import DEFAULT_STEPS
from tests.dash_client import DashClient, output_specs, page_json, texts
from tests.test_downloads import find_component

SECRET = "t" * 48
PASSWORD = "correct horse battery staple"


@pytest.fixture
def server(duck_db, tmp_path, monkeypatch):
    """The app in server mode over a private app store with four users."""
    from dashboard.app import create_app
    from dashboard.auth import mode
    from queries import accounts, appstore, engine

    monkeypatch.setenv("EXPORT_MONITOR_SECRET_KEY", SECRET)
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path}/app.sqlite")
    monkeypatch.delenv("EXPORT_MONITOR_REDIS_URL", raising=False)
    engine.reset()
    appstore.upgrade()
    app = create_app()
    app.server.secret_key = SECRET
    from dashboard.auth import sign_in
    sign_in.limiter.reset()
    dims = __import__("queries.dimensions", fromlist=["dimensions"]).dimensions()
    concern = str(dims.concerns["concern_id"].iloc[0])
    oblast = str(dims.oblasts["oblast_id"].iloc[1])
    accounts.add_user("admin", PASSWORD, ["admin"])
    accounts.add_user("ana", PASSWORD, ["analyst"], concerns=[concern])
    accounts.add_user("vic", PASSWORD, ["viewer"], oblasts=[oblast])
    accounts.add_user("stew", PASSWORD, ["steward"])
    mode.set_mode("server")
    yield {"app": app, "concern": concern, "oblast": oblast}
    mode.set_mode("local")
    engine.reset()


def _csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, name: str, password: str = PASSWORD, lang: str = "en"):
    page = client.get(f"/sign-in?lang={lang}")
    token = _csrf_from(page.get_data(as_text=True))
    return client.post("/sign-in", data={"name": name, "password": password,
                                         "csrf_token": token, "lang": lang, "next": "/"})


def signed_in(app, name: str):
    client = app.server.test_client()
    assert sign_in(client, name).status_code == 303
    return client


# -- the unauthenticated crawl ----------------------------------------------------------------

def _page_paths(enterprise: int) -> list[str]:
    import dash
    paths = []
    for page in dash.page_registry.values():
        template = page.get("path_template") or page["path"]
        paths.append(template.replace("<enterprise_id>", str(enterprise))
                     .replace("<agenda_id>", "working-group").replace("<position>", "1"))
    return sorted(set(paths)) + ["/agenda/working-group/3", "/no-such-page"]


def test_an_unauthenticated_crawl_reaches_nothing(server):
    app = server["app"]
    from dashboard.auth import mode
    from queries.dimensions import dimensions

    enterprise = int(dimensions().enterprises["enterprise_id"].iloc[0])
    # what there is to try, listed as a signed-in local user would see it
    mode.set_mode("local")
    local = app.server.test_client()
    callbacks = json.loads(local.get("/_dash-dependencies").data)
    index = local.get("/").get_data(as_text=True)
    bundles = sorted(set(re.findall(r'src="(/_dash-component-suites/[^"]+)"', index)))
    # every download the pages offer (their menus' CSV and XLSX links)
    ldc = DashClient(local)
    downloads = sorted({href for path in _page_paths(enterprise)
                        for href in re.findall(r'"href": "(/download/[^"]+)"', json.dumps(
                            page_json(ldc.page(path.split("?")[0], "?lang=en"))))})
    mode.set_mode("server")

    anon = app.server.test_client()
    tried, leaks = [], []

    def check(method: str, url: str, **kw):
        resp = getattr(anon, method)(url, **kw)
        tried.append((method.upper(), url, resp.status_code))
        ok = resp.status_code in (401, 403) or (
            resp.status_code in (302, 303) and "/sign-in" in resp.headers.get("Location", ""))
        if not ok:
            leaks.append((method.upper(), url, resp.status_code))

    for path in _page_paths(enterprise):
        check("get", path, headers={"Accept": "text/html"})
        check("get", path + "?lang=ru&present=1", headers={"Accept": "text/html"})
    for url in ("/_dash-layout", "/_dash-dependencies", "/_reload-hash",
                "/download/league-grid.csv?path=/", "/download/overview-monthly.xlsx?path=/",
                "/download/stock-subjects-grid.csv?path=/stock",
                "/agenda/working-group/handout.pdf", "/assets/app.css",
                "/assets/topojson/ru-regions.json", "/import", "/admin", "/admin/audit",
                *bundles, *downloads):
        check("get", url)
    for cb in callbacks:
        outputs = output_specs(cb["output"])
        payload = {"output": cb["output"],
                   "outputs": outputs if len(outputs) > 1 else outputs[0],
                   "inputs": [{"id": i["id"], "property": i["property"], "value": None}
                              for i in cb["inputs"]],
                   "state": [{"id": s["id"], "property": s["property"], "value": None}
                             for s in cb.get("state", [])], "changedPropIds": []}
        check("post", "/_dash-update-component", json=payload)
    # /health says only ok / not ok
    health = anon.get("/health")
    assert health.status_code == 200 and health.get_json() == {"status": "ok"}
    print(f"\nunauthenticated crawl: {len(tried)} requests, {len(callbacks)} callbacks, "
          f"{len(bundles)} bundles, {len(downloads)} downloads; leaks: {len(leaks)}")
    assert len(callbacks) >= 15 and bundles and len(downloads) > 30
    assert leaks == [], leaks


def test_a_page_asks_for_sign_in_and_comes_back(server):
    anon = server["app"].server.test_client()
    resp = anon.get("/stock?lang=de", headers={"Accept": "text/html"})
    assert resp.status_code == 303
    assert resp.headers["Location"].startswith("/sign-in?lang=de&next=%2Fstock%3Flang%3Dde")
    page = anon.get(resp.headers["Location"]).get_data(as_text=True)
    token = _csrf_from(page)
    back = anon.post("/sign-in", data={"name": "ana", "password": PASSWORD,
                                       "csrf_token": token, "next": "/stock?lang=de"})
    assert back.status_code == 303 and back.headers["Location"] == "/stock?lang=de"
    # a "next" that leaves the site is not followed
    client = server["app"].server.test_client()
    token = _csrf_from(client.get("/sign-in").get_data(as_text=True))
    away = client.post("/sign-in", data={"name": "ana", "password": PASSWORD,
                                         "csrf_token": token, "next": "//evil.example/x"})
    assert away.headers["Location"] == "/"


# -- sign-in, sign-out, sessions ---------------------------------------------------------------

@pytest.mark.parametrize("lang,words", [("ru", "Войти"), ("en", "Sign in"),
                                        ("de", "Anmelden")])
def test_the_sign_in_page_speaks_the_language(server, lang, words):
    page = server["app"].server.test_client().get(f"/sign-in?lang={lang}")
    assert page.status_code == 200 and words in page.get_data(as_text=True)
    assert f'<html lang="{lang}">' in page.get_data(as_text=True)


def test_session_cookie_and_sign_out(server):
    app = server["app"]
    client = app.server.test_client()
    resp = sign_in(client, "ana")
    assert resp.status_code == 303
    cookie = next(c for c in resp.headers.getlist("Set-Cookie") if c.startswith("em_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/_dash-layout").status_code == 200
    token = client.get_cookie("_csrf_token").value
    out = client.post("/sign-out", data={"csrf_token": token})
    assert out.status_code == 303
    assert client.get("/_dash-layout").status_code == 401
    # the old cookie, replayed, no longer opens anything: the session ended on the server
    replay = app.server.test_client()
    replay.set_cookie("em_session", cookie.split(";")[0].split("=", 1)[1])
    assert replay.get("/_dash-layout").status_code == 401


def test_no_account_enumeration(server):
    app = server["app"]
    answers = []
    for name, password in (("nobody-here", "whatever-it-is-1"), ("ana", "wrong-password-1"),
                           ("", PASSWORD)):
        resp = sign_in(app.server.test_client(), name, password)
        body = resp.get_data(as_text=True)
        body = re.sub(r'name="csrf_token" value="[^"]+"', "", body)
        body = body.replace(f'value="{name}"', 'value=""')
        answers.append((resp.status_code, body))
    assert answers[0] == answers[1]
    assert answers[0][0] == 401
    assert "wrong" in answers[0][1]


def test_sign_in_attempts_are_limited_per_account(server, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_SIGN_IN_LIMIT_ACCOUNT", "3 per minute")
    app = server["app"]
    codes = [sign_in(app.server.test_client(), "ana", "wrong-password-1").status_code
             for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    limited = sign_in(app.server.test_client(), "ana")  # even the right password waits
    assert limited.status_code == 429
    assert "Too many sign-in attempts" in limited.get_data(as_text=True)
    assert sign_in(app.server.test_client(), "vic").status_code == 303  # others are not


def test_a_disabled_user_loses_access_at_once(server):
    from queries import accounts

    client = signed_in(server["app"], "vic")
    assert client.get("/_dash-layout").status_code == 200
    accounts.set_disabled("vic", True)
    assert client.get("/_dash-layout").status_code == 401
    assert sign_in(server["app"].server.test_client(), "vic").status_code == 401


def test_a_callback_without_csrf_token_is_refused_and_changes_nothing(server):
    from queries import agenda

    client = signed_in(server["app"], "ana")
    dc = DashClient(client)
    before = [(a.agenda_id, len(a.steps)) for a in agenda.list_agendas("en")]
    del client.environ_base["HTTP_X_CSRFTOKEN"]
    cb = dc.find("agenda-add-message")
    outputs = output_specs(cb["output"])
    resp = client.post("/_dash-update-component", json={
        "output": cb["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i["id"], "property": i["property"], "value": 1}
                   for i in cb["inputs"]],
        "state": [{"id": s["id"], "property": s["property"], "value": "working-group"}
                  for s in cb.get("state", [])], "changedPropIds": []})
    assert resp.status_code == 400
    assert [(a.agenda_id, len(a.steps)) for a in agenda.list_agendas("en")] == before


# -- roles ------------------------------------------------------------------------------------

def test_roles_decide_downloads_and_the_import_page(server):
    app = server["app"]
    viewer, analyst, steward = (signed_in(app, n) for n in ("vic", "ana", "stew"))
    assert viewer.get("/download/league-grid.csv?path=/").status_code == 403
    assert analyst.get("/download/league-grid.csv?path=/").status_code == 200
    # the menu is not offered to whom it would refuse
    assert "downloads-menu" not in json.dumps(page_json(DashClient(viewer).page("/", "")))
    import_text = " ".join(texts(page_json(DashClient(analyst).page("/import", "?lang=en"))))
    assert "needs the role “steward”" in import_text
    steward_text = " ".join(texts(page_json(DashClient(steward).page("/import", "?lang=en"))))
    assert "needs the role" not in steward_text
    # the Import page's callbacks are refused before they run
    dc = DashClient(analyst)
    cb = dc.find("import-report")
    outputs = output_specs(cb["output"])
    resp = analyst.post("/_dash-update-component", json={
        "output": cb["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i["id"], "property": i["property"], "value": None}
                   for i in cb["inputs"]],
        "state": [{"id": s["id"], "property": s["property"], "value": None}
                  for s in cb.get("state", [])], "changedPropIds": []})
    assert resp.status_code == 403


# -- scope ------------------------------------------------------------------------------------

def test_a_scoped_user_sees_only_the_scope(server, frames):
    app = server["app"]
    ent = frames["enterprise"]
    allowed_oblast = ent[ent["oblast_id"] == server["oblast"]]
    client = signed_in(app, "vic")
    dc = DashClient(client)
    layout = page_json(dc.page("/", "?lang=en"))
    # the concern league lists the concerns of the oblast's enterprises, nothing else
    names = {r["name"] for r in find_component(layout, "league-grid")["rowData"]}
    concern_names = dict(zip(frames["concern"]["concern_id"], frames["concern"]["name_en"]))
    assert names <= {concern_names[c] for c in set(allowed_oblast["concern_id"])}
    # its total row is the oblast's exports, from the raw rows
    ex = frames["exports"].merge(ent[["enterprise_id", "oblast_id"]], on="enterprise_id")
    month = __import__("pandas").to_datetime(ex["month"])
    from queries.dimensions import dimensions
    d = dimensions()
    latest = d.complete_month or d.latest_month
    mine = ex[(ex["oblast_id"] == server["oblast"]) & (month.dt.year == latest.year)
              & (month.dt.month <= latest.month)]
    total = find_component(layout, "league-grid")["dashGridOptions"]["pinnedBottomRowData"][0]
    assert total["value"] == pytest.approx(round(mine["value_usd"].sum() / 1e6, 1), abs=0.051)
    # filter options: the scope's oblast, and the concerns that have enterprises there
    options = find_component(layout, {"type": "filter", "field": "oblast"})["options"]
    assert {o["value"] for o in options} == {server["oblast"]}
    options = find_component(layout, {"type": "filter", "field": "concern"})["options"]
    assert {o["value"] for o in options} == set(allowed_oblast["concern_id"])
    assert len(options) < len(frames["concern"])
    # an enterprise outside the scope is "not found", exactly as one that does not exist
    outside = int(ent[ent["oblast_id"] != server["oblast"]]["enterprise_id"].iloc[0])
    def words(pathname):  # the page's texts without the sign-out form's CSRF token
        return " ".join(x for x in texts(page_json(dc.page(pathname, "?lang=en")))
                        if not (len(x) > 40 and " " not in x))
    not_found, unknown = words(f"/enterprise/{outside}"), words("/enterprise/999999")
    assert not_found.replace(f"number {outside} ", "number N ") == \
        unknown.replace("number 999999 ", "number N ")
    assert "not found" in unknown.lower() or "no enterprise" in unknown.lower()


def test_a_scoped_download_holds_only_the_scope(server, frames):
    app = server["app"]
    client = signed_in(app, "ana")
    resp = client.get("/download/league-grid.csv?path=/&lang=en")
    assert resp.status_code == 200
    body = resp.get_data(as_text=True)
    concerns = frames["concern"]
    mine = concerns[concerns["concern_id"] == server["concern"]]["name_en"].iloc[0]
    others = concerns[concerns["concern_id"] != server["concern"]]["name_en"]
    assert mine in body
    assert not [o for o in others if o in body]


# -- headers and audit ------------------------------------------------------------------------

def test_security_headers_on_every_response(server):
    client = signed_in(server["app"], "ana")
    for url in ("/", "/sign-in", "/health", "/_dash-layout"):
        h = client.get(url).headers
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
        assert "unsafe-eval" not in h["Content-Security-Policy"]
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"] == "same-origin"


def test_audit_rows_for_what_users_do(server):
    from queries import audit

    app = server["app"]
    sign_in(app.server.test_client(), "ana", "wrong-password-1")
    client = signed_in(app, "ana")
    client.get("/download/league-grid.csv?path=/&lang=en")
    client.post("/sign-out", data={"csrf_token": client.get_cookie("_csrf_token").value})
    rows = audit.entries(limit=20)
    seen = [(r.actor, r.action) for r in rows]
    for want in (("ana", "sign_in_failed"), ("ana", "sign_in"), ("ana", "download"),
                 ("ana", "sign_out")):
        assert want in seen, seen
    download = next(r for r in rows if r.action == "download")
    assert download.target.startswith("/") and download.address


# -- starting a server ------------------------------------------------------------------------

def test_a_server_refuses_to_start_without_key_or_administrator(duck_url, tmp_path):
    env_base = {k: v for k, v in __import__("os").environ.items()
                if not k.startswith("EXPORT_MONITOR_")}
    env_base.update(EXPORT_MONITOR_DB_URL=duck_url,
                    EXPORT_MONITOR_APP_DB_URL=f"sqlite:///{tmp_path}/app.sqlite")
    run = [sys.executable, "-c", "import app"]
    no_key = subprocess.run(run, env=env_base, capture_output=True, text=True)
    assert no_key.returncode != 0 and "EXPORT_MONITOR_SECRET_KEY" in no_key.stderr
    with_key = {**env_base, "EXPORT_MONITOR_SECRET_KEY": SECRET}
    subprocess.run([sys.executable, "-m", "queries.cli", "db", "upgrade"], env=with_key,
                   check=True, capture_output=True)
    no_admin = subprocess.run(run, env=with_key, capture_output=True, text=True)
    assert no_admin.returncode != 0 and "users add" in no_admin.stderr
    add = subprocess.run([sys.executable, "-m", "queries.cli", "users", "add", "root",
                          "--role", "admin", "--password-stdin"], env=with_key,
                         input=PASSWORD + "\n", capture_output=True, text=True)
    assert add.returncode == 0, add.stderr
    ok = subprocess.run(run, env=with_key, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr


# -- the administrators' page ------------------------------------------------------------------

def _admin_call(client, dc, action: str, **fields):
    cb = dc.find("admin-message")
    values = {f"admin-{a}.n_clicks": (1 if a == action else None)
              for a in ("create", "save", "passwd", "disable", "enable")}
    values.update({f"admin-{k}.value": v for k, v in fields.items()})
    values["admin-lang.data"] = "en"
    outputs = output_specs(cb["output"])
    spec = lambda i: {"id": i["id"], "property": i["property"],  # noqa: E731
                      "value": values.get(f"{i['id']}.{i['property']}")}
    return client.post("/_dash-update-component", json={
        "output": cb["output"], "outputs": outputs, "inputs": [spec(i) for i in cb["inputs"]],
        "state": [spec(s) for s in cb.get("state", [])],
        "changedPropIds": [f"admin-{action}.n_clicks"]})


def test_administrators_manage_users_on_their_page_and_nobody_else(server):
    from queries import accounts, audit

    app = server["app"]
    admin = signed_in(app, "admin")
    dc = DashClient(admin)
    page = " ".join(texts(page_json(dc.page("/admin", "?lang=en"))))
    assert "Users, roles and scopes" in page and "ana" in page
    resp = _admin_call(admin, dc, "create", name="newbie", display="New Bie",
                       password=PASSWORD, roles=["viewer"], concerns=[server["concern"]],
                       oblasts=[])
    assert resp.status_code == 200 and "User newbie created." in resp.get_data(as_text=True)
    made = accounts.get_user("newbie")
    assert made.roles == frozenset({"viewer"}) and made.concerns == (server["concern"],)
    bad = _admin_call(admin, dc, "create", name="weak", password="short", roles=["viewer"])
    assert accounts.get_user("weak") is None and "message error" in bad.get_data(as_text=True)
    assert ("admin", "user_change") in [(e.actor, e.action) for e in audit.entries(limit=10)]
    _admin_call(admin, dc, "save", name="newbie", roles=["viewer", "analyst"], concerns=[],
                oblasts=[server["oblast"]])
    changed = accounts.get_user("newbie")
    assert changed.roles == {"viewer", "analyst"} and changed.oblasts == (server["oblast"],)
    assert changed.concerns == () and changed.epoch > made.epoch
    assert ("admin", "scope_change") in [(e.actor, e.action) for e in audit.entries(limit=10)]
    # an analyst sees the refusal page and cannot call the callback
    analyst = signed_in(app, "ana")
    adc = DashClient(analyst)
    assert "needs the role “admin”" in " ".join(texts(page_json(adc.page("/admin", "?lang=en"))))
    assert _admin_call(analyst, adc, "disable", name="admin").status_code == 403
    assert not accounts.get_user("admin").disabled


# -- agendas: an analyst's own, the secretaries' all ------------------------------------------

def test_analysts_change_their_own_agendas_secretaries_every_agenda(server):
    from queries import accounts, agenda

    app = server["app"]
    accounts.add_user("sec", PASSWORD, ["secretary"])
    analyst, secretary = signed_in(app, "ana"), signed_in(app, "sec")

    def op(client, which: str, agenda_id: str, title: str):
        from tests.test_agenda_http import _key
        cb = DashClient(client).find("agenda-body")
        button = {"type": "agenda-op", "op": which, "agenda": agenda_id, "step": 0}
        return client.post("/_dash-update-component", json={
            "output": cb["output"],
            "outputs": [{"id": "agenda-body", "property": "children"},
                        {"id": "agenda-message", "property": "children"}],
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
            "state": [[{"id": {"type": "agenda-input", "agenda": agenda_id, "step": 0},
                        "property": "value", "value": title}],
                      {"id": "_pages_location", "property": "search", "value": "?lang=en"}],
            "changedPropIds": [_key(button) + ".n_clicks"]})

    resp = op(analyst, "rename_agenda", "working-group", "Mine now")
    assert resp.status_code == 200 and "is not yours to change" in resp.get_data(as_text=True)
    assert agenda.get_agenda("working-group", "en").title != "Mine now"
    resp = op(secretary, "rename_agenda", "working-group", "Renamed by the secretary")
    assert agenda.get_agenda("working-group", "en").title == "Renamed by the secretary"
    # an analyst's new agenda is theirs, and theirs to change
    op(analyst, "create", "", "Ana's own")
    own = next(a for a in agenda.list_agendas("en") if a.title == "Ana's own")
    assert own.owner == "ana"
    op(analyst, "rename_agenda", own.agenda_id, "Ana's renamed")
    assert agenda.get_agenda(own.agenda_id, "en").title == "Ana's renamed"
    # a viewer cannot change any
    assert op(signed_in(app, "vic"), "rename_agenda", own.agenda_id, "x").status_code == 403
    from queries import audit
    changes = [(e.actor, e.target) for e in audit.entries(limit=50)
               if e.action == "agenda_change"]
    assert ("sec", "/agenda/working-group") in changes
    assert ("ana", f"/agenda/{own.agenda_id}") in changes


def test_sessions_in_redis_end_at_sign_out(server, monkeypatch):
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not answering on 127.0.0.1:6379")
    monkeypatch.setenv("EXPORT_MONITOR_REDIS_URL", "redis://127.0.0.1:6379/0")
    from queries import accounts
    client = signed_in(server["app"], "ana")
    assert client.get("/_dash-layout").status_code == 200
    # another worker (another client with the same cookie) sees the same session
    cookie = client.get_cookie("em_session").value
    other = server["app"].server.test_client()
    other.set_cookie("em_session", cookie)
    assert other.get("/_dash-layout").status_code == 200
    accounts.end_sessions_of("ana")
    assert client.get("/_dash-layout").status_code == 401
    assert other.get("/_dash-layout").status_code == 401


def test_every_page_and_its_downloads_hold_only_the_scope(server, frames):
    """An oblast executive committee's viewer and a concern's analyst: on every page
    and agenda step, and in every file those pages offer, no enterprise outside the
    scope is named — counted against the raw generated rows."""
    import dash  # noqa: F401  (the pages are registered)

    app = server["app"]
    ent = frames["enterprise"]
    for user, inside in (("vic", ent["oblast_id"] == server["oblast"]),
                         ("ana", ent["concern_id"] == server["concern"])):
        client = signed_in(app, user)
        dc = DashClient(client)
        outside = {n for col in ("name_ru", "name_en") for n in ent.loc[~inside, col]}
        mine = int(ent.loc[inside, "enterprise_id"].iloc[0])
        paths = ["/", "/exports", "/exports?level=enterprise", "/trends", "/stock",
                 "/stock?level=enterprise", "/receivables", f"/enterprise/{mine}",
                 *[f"/agenda/working-group/{n}" for n in range(1, len(DEFAULT_STEPS) + 1)]]
        named, files = [], 0
        for path in paths:
            pathname, _, query = path.partition("?")
            layout = page_json(dc.page(pathname, "?lang=en" + ("&" + query if query else "")))
            words = set(texts(layout))
            named += [(path, n) for n in outside if n in words]
            if user == "ana":
                for href in set(re.findall(r'"href": "(/download/[^"]+\.csv[^"]*)"',
                                           json.dumps(layout))):
                    body = client.get(href.replace("&amp;", "&")).get_data(as_text=True)
                    files += 1
                    delimiter = ";" if body.count(";") > body.count(",") else ","
                    cells = {c.strip() for row in csv.reader(io.StringIO(body.lstrip("\ufeff")),
                                                             delimiter=delimiter) for c in row}
                    named += [(href, n) for n in outside if n in cells]
        assert named == [], named[:10]
        if user == "ana":
            assert files > 20


@pytest.mark.parametrize("setting", ["EXPORT_MONITOR_SESSION_IDLE_MINUTES",
                                     "EXPORT_MONITOR_SESSION_MAX_HOURS"])
def test_sessions_end_after_the_idle_timeout_and_the_lifetime(server, monkeypatch, setting):
    client = signed_in(server["app"], "ana")
    assert client.get("/_dash-layout").status_code == 200
    monkeypatch.setenv(setting, "0")  # every session is now older than allowed
    assert client.get("/_dash-layout").status_code == 401
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 303 and "/sign-in" in page.headers["Location"]


def test_sign_in_attempts_are_limited_per_address(server, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_SIGN_IN_LIMIT_ADDRESS", "3 per minute")
    app = server["app"]
    codes = [sign_in(app.server.test_client(), name, "wrong-password-1").status_code
             for name in ("a1", "a2", "a3", "a4")]  # four names, one address
    assert codes == [401, 401, 401, 429]


def test_the_agenda_page_offers_only_what_the_user_may_do(server):
    app = server["app"]
    viewer = " ".join(json.dumps(page_json(DashClient(signed_in(app, "vic")).page(
        "/agenda", "?lang=en"))).split())
    analyst = " ".join(json.dumps(page_json(DashClient(signed_in(app, "ana")).page(
        "/agenda", "?lang=en"))).split())
    assert "working-group" in viewer and "agenda-start-working-group" in viewer
    for control in ('"op": "rename_agenda"', '"op": "create"', "handout.pdf"):
        assert control not in viewer, control
    # the analyst may create agendas and take the handout, not change the group's agenda
    assert '"op": "create"' in analyst and "handout.pdf" in analyst
    assert '"op": "rename_agenda", "agenda": "working-group"' not in analyst
