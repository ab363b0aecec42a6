"""``make prod-check``: the container's production command line, run on this machine.

No container engine runs here, so this does what ``deploy/compose.yaml`` does, with the
local PostgreSQL and Redis standing in for its ``postgres`` and ``redis`` services:

* the command line is the image's ``CMD`` in ``deploy/Dockerfile`` — the one place it is
  kept (compose's app service has no ``command:`` of its own) — with its bind address
  changed to 127.0.0.1 and a free port;
* the trade data go to a fresh schema of the local PostgreSQL (``options=-csearch_path``
  in the URL; a small demo, scale 0.05, is built into it), the app store to a second
  fresh schema (``EXPORT_MONITOR_APP_DB_URL``; a deployment uses the default,
  ``export_monitor_app``, which several runs here cannot share), sessions, sign-in counts
  and the cache to the local Redis — server mode, as in the container.

Then it checks, printing a ``PASS``/``FAIL`` line for each: (1) without
``EXPORT_MONITOR_SECRET_KEY`` gunicorn does not serve; (2) with a key but no
administrator it refuses, naming ``users add``; the first-run bootstrap
(``deploy/bootstrap.sh``: ``db upgrade`` and the first administrator) works and is
idempotent; (3) then gunicorn serves: ``/health``, data requests without a session
refused, sign-in through the form, a page and a callback with the session, sign-out
ends it. gunicorn is stopped (its process group) and both schemas are dropped at the
end. Exit code 0 only when every check passed; 2 when PostgreSQL or Redis does not
answer (nothing was checked).

Standard library only, plus SQLAlchemy and redis-py from the project's environment (for
the schemas and the first ping).
"""

from __future__ import annotations

import argparse
import html.parser
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
DOCKERFILE = DEPLOY / "Dockerfile"
COMPOSE = DEPLOY / "compose.yaml"
BOOTSTRAP = DEPLOY / "bootstrap.sh"

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"
DEMO_SCALE = 0.05
REFUSE_SECONDS = 60   # a refusing gunicorn must have exited by then
SERVE_SECONDS = 120   # a serving one must answer /health by then


# -- the command line, from the one place it is kept -------------------------------------

def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined."""
    logical, current = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical.append(current + stripped)
        current = ""
    if current:
        logical.append(current)
    out = []
    for entry in logical:
        word, _, rest = entry.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def production_command(dockerfile: Path = DOCKERFILE) -> list[str]:
    """The image's CMD (exec form, a JSON list): the production command line."""
    cmds = [rest for word, rest in dockerfile_instructions(dockerfile.read_text("utf-8"))
            if word == "CMD"]
    if not cmds:
        raise SystemExit(f"{dockerfile} has no CMD")
    command = json.loads(cmds[-1])  # the last CMD is the image's
    if not (isinstance(command, list) and all(isinstance(a, str) for a in command)):
        raise SystemExit(f"{dockerfile}: CMD must be the exec form, a JSON list of strings")
    return command


def compose_service(name: str, compose: Path = COMPOSE) -> str:
    """The text of one service's block in the compose file (its lines under
    ``services:``, indented by two spaces), for the tests that compare it with the
    Dockerfile. Enough YAML for the file as written; no YAML library is installed."""
    lines = compose.read_text("utf-8").splitlines()
    try:
        start = lines.index("services:")
    except ValueError:
        raise SystemExit(f"{compose} has no top-level services:") from None
    block, inside = [], False
    for line in lines[start + 1:]:
        if line and not line.startswith(" ") and not line.startswith("#"):
            break  # the next top-level key
        if re.match(r"^  [A-Za-z0-9_.-]+:\s*$", line):
            inside = line.strip() == f"{name}:"
            continue
        if inside:
            block.append(line)
    if not block:
        raise SystemExit(f"{compose} has no service {name!r}")
    return "\n".join(block)


def local_command(command: list[str], port: int) -> list[str]:
    """The production command with its bind address moved to 127.0.0.1:``port``."""
    out = list(command)
    if "--bind" not in out:
        raise SystemExit("the production command has no --bind")
    out[out.index("--bind") + 1] = f"127.0.0.1:{port}"
    return out


# -- small helpers ------------------------------------------------------------------------

class Report:
    def __init__(self) -> None:
        self.failed: list[str] = []
        self.count = 0

    def check(self, key: str, what: str, ok: bool, detail: str = "") -> bool:
        self.count += 1
        if not ok:
            self.failed.append(key)
        print(f"{'PASS' if ok else 'FAIL'}  {key:<11} {what}" + (f" — {detail}" if detail else ""),
              flush=True)
        return ok

    @staticmethod
    def step(text: str) -> None:
        print(f"      {text}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])
    except OSError:
        return ""


class Http:
    """One browser: cookies kept by name for one host, redirects not followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None, cookies: dict | None = None,
                timeout: float = 30.0):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        sent = dict(headers or {})
        jar = self.cookies if cookies is None else cookies
        if jar:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        try:
            conn.request(method, path, body=body, headers=sent)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        if cookies is None:
            for header in resp.headers.get_all("Set-Cookie") or []:
                parsed = SimpleCookie()
                parsed.load(header)
                for name, morsel in parsed.items():
                    gone = morsel["max-age"] == "0" or (
                        morsel["expires"] and "1970" in morsel["expires"])
                    if gone or morsel.value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        return resp.status, resp.headers, data

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)

    def post_json(self, path: str, payload, headers: dict | None = None, **kw):
        return self.request("POST", path, body=json.dumps(payload).encode(),
                            headers={"Content-Type": "application/json", **(headers or {})},
                            **kw)

    def post_form(self, path: str, fields: dict, headers: dict | None = None, **kw):
        return self.request("POST", path, body=urlencode(fields).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded",
                                     **(headers or {})}, **kw)


class _HiddenInputs(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.fields[a["name"]] = a.get("value") or ""


def hidden_fields(page: bytes) -> dict[str, str]:
    parser = _HiddenInputs()
    parser.feed(page.decode("utf-8", "replace"))
    return parser.fields


def router_payload(callbacks: list, pathname: str) -> dict:
    """What the Dash renderer posts to draw a page: the pages router callback
    (output ``_pages_content.children``) with the location's values, as
    tests/dash_client.py does."""
    cb = next(c for c in callbacks if "_pages_content.children" in c["output"])
    values = {"_pages_location.pathname": pathname, "_pages_location.search": "",
              "_pages_location.hash": "", "_pages_location.href": "http://x" + pathname}

    def spec(item):
        return {"id": item["id"], "property": item["property"],
                "value": values.get(f"{item['id']}.{item['property']}")}

    output = cb["output"]
    parts = [p for p in output.strip(".").split("...") if p] if output.startswith("..") \
        else [output]
    outputs = []
    for part in parts:
        comp, prop = part.rsplit(".", 1)
        outputs.append({"id": json.loads(comp) if comp.startswith("{") else comp,
                        "property": prop.split("@")[0]})
    return {"output": output, "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [spec(i) for i in cb["inputs"]],
            "state": [spec(s) for s in cb.get("state", [])],
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in cb["inputs"]]}


# -- processes ----------------------------------------------------------------------------

class Gunicorn:
    def __init__(self, command: list[str], env: dict, log: Path) -> None:
        self.log = log
        self.out = open(log, "wb")
        self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.out,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def wait_exit(self, seconds: float) -> int | None:
        try:
            return self.proc.wait(seconds)
        except subprocess.TimeoutExpired:
            return None

    def workers(self) -> int:
        n = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.proc.pid:  # ppid
                n += 1
        return n

    def stop(self) -> int | None:
        """SIGTERM to the whole process group (master and workers), then SIGKILL."""
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        try:  # workers left behind by a master that died first
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.out.close()
        return self.proc.returncode


def wait_health(client: Http, server: Gunicorn, seconds: float):
    deadline = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            return None, f"gunicorn exited with {server.proc.returncode}"
        try:
            status, _, body = client.get("/health", timeout=5)
            if status == 200:
                return status, body
            last = f"{status} {body[:80]!r}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.5)
    return None, last


def run(cmd: list[str], env: dict, stdin: bytes | None = None, timeout: float = 600):
    done = subprocess.run(cmd, cwd=ROOT, env=env, input=stdin, capture_output=True,
                          timeout=timeout)
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")


# -- the checks -----------------------------------------------------------------------------

def refuses(report: Report, key: str, what: str, command: list[str], env: dict, log: Path,
            port: int, must_name: str, must_not_name: str | None = None) -> None:
    server = Gunicorn(command, env, log)
    try:
        code = server.wait_exit(REFUSE_SECONDS)
        served = False
        if code is None:  # still running: does it answer?
            try:
                status, _, _ = Http(port).get("/health", timeout=3)
                served = status == 200
            except OSError:
                pass
    finally:
        server.stop()
    text = log.read_text("utf-8", "replace")
    if code is None:
        detail = (f"still running after {REFUSE_SECONDS} s"
                  + (" and serving /health" if served else
                     ", restarting workers that refuse to start (a worker exiting with "
                     "SystemExit and code 1 is restarted by gunicorn; only an exception or "
                     "exit code 3 during boot makes it halt)")
                  + f"; log: {log}")
        report.check(key, what, False, detail)
        return
    problems = []
    if code == 0:
        problems.append("exit code 0")
    if must_name not in text:
        problems.append(f"the output does not name {must_name!r}")
    if must_not_name and must_not_name in text:
        problems.append(f"the output still says {must_not_name!r}")
    report.check(key, what, not problems,
                 "; ".join(problems) + f"\n{tail(log)}" if problems
                 else f"exit {code}; the message names {must_name}")


def serving(report: Report, client: Http, admin: str, password: str) -> None:
    # /health
    status, headers, body = client.get("/health")
    try:
        answer = json.loads(body)
    except ValueError:
        answer = None
    report.check("3.health", "/health answers 200 {\"status\": \"ok\"} and nothing more",
                 status == 200 and answer == {"status": "ok"}, f"{status} {body[:120]!r}")

    # nothing without a session
    anonymous = {"GET /_dash-layout": client.get("/_dash-layout", cookies={}),
                 "GET /_dash-dependencies": client.get("/_dash-dependencies", cookies={}),
                 "GET /download/exports-table.csv": client.get(
                     "/download/exports-table.csv?path=/", cookies={}),
                 "POST /_dash-update-component": client.request(
                     "POST", "/_dash-update-component", body=b"{}", cookies={},
                     headers={"Content-Type": "application/json"})}
    bad = {k: s for k, (s, _, _) in anonymous.items() if s not in (401, 303)}
    report.check("3.anonymous", "data requests without a session are refused (401/303)",
                 not bad, ", ".join(f"{k} → {s}" for k, (s, _, _) in anonymous.items()))
    status, headers, _ = client.get("/", headers={"Accept": "text/html"}, cookies={})
    where = headers.get("Location", "")
    report.check("3.redirect", "a page without a session redirects to the sign-in page",
                 status == 303 and urlsplit(where).path == "/sign-in", f"{status} → {where}")

    # sign in through the form
    status, _, page = client.get("/sign-in")
    fields = hidden_fields(page) if status == 200 else {}
    token = fields.get("csrf_token", "")
    wrong = client.post_form("/sign-in", {**fields, "name": admin, "password": password + "x"})
    status, headers, _ = client.post_form("/sign-in", {**fields, "name": admin,
                                                        "password": password, "next": "/"})
    session_cookie = client.cookies.get("em_session", "")
    report.check("3.sign-in", "sign-in through the form gives a session",
                 bool(token) and wrong[0] == 401 and status == 303 and bool(session_cookie),
                 f"csrf_token {'found' if token else 'MISSING'}; wrong password → {wrong[0]}; "
                 f"right one → {status} {headers.get('Location', '')}; session cookie "
                 f"{'set' if session_cookie else 'MISSING'}")

    # a page and a callback with that session
    status, _, layout = client.get("/_dash-layout")
    layout_ok = status == 200 and layout.startswith(b"{")
    status_d, _, deps = client.get("/_dash-dependencies")
    callbacks = json.loads(deps) if status_d == 200 else []
    client.get("/", headers={"Accept": "text/html"})  # sets _csrf_token, as for the renderer
    csrf = client.cookies.get("_csrf_token", "")
    drawn = ""
    status_c = status_n = None
    if callbacks and csrf:
        payload = router_payload(callbacks, "/")
        status_n, _, _ = client.post_json("/_dash-update-component", payload)
        status_c, _, answer = client.post_json("/_dash-update-component", payload,
                                               headers={"X-CSRFToken": csrf})
        if status_c == 200:
            content = json.loads(answer).get("response", {}).get("_pages_content", {})
            drawn = json.dumps(content.get("children"))[:200_000]
    report.check("3.page", "with the session the app's layout and a page answer 200",
                 layout_ok and status_d == 200 and status_c == 200 and len(drawn) > 1000,
                 f"/_dash-layout {status}; /_dash-dependencies {status_d} "
                 f"({len(callbacks)} callbacks); the router callback for / with X-CSRFToken "
                 f"→ {status_c}, {len(drawn):,} characters of layout")
    report.check("3.csrf", "the same callback without X-CSRFToken is refused (400)",
                 status_n == 400, f"→ {status_n}")

    # sign out
    status, headers, _ = client.post_form("/sign-out", {"csrf_token": csrf},
                                          headers={"X-CSRFToken": csrf})
    after, _, _ = client.get("/_dash-layout")
    replay, _, _ = client.get("/_dash-layout", cookies={"em_session": session_cookie})
    report.check("3.sign-out", "sign-out ends the session (its old cookie is refused too)",
                 status == 303 and after in (401, 303) and replay in (401, 303),
                 f"POST /sign-out → {status} {headers.get('Location', '')}; then "
                 f"/_dash-layout → {after}; with the old session cookie → {replay}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="deploy/prod_check.py", description=__doc__.split("\n")[0])
    p.add_argument("--pg-url", default=PG_URL, help=f"PostgreSQL database (default {PG_URL})")
    p.add_argument("--redis-url", default=REDIS_URL, help=f"Redis (default {REDIS_URL})")
    p.add_argument("--keep", action="store_true", help="keep the schemas and logs")
    args = p.parse_args(argv)

    import redis
    from sqlalchemy import create_engine, text

    try:
        admin_engine = create_engine(args.pg_url, connect_args={"connect_timeout": 5})
        with admin_engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        print(f"PostgreSQL at {args.pg_url} does not answer ({type(exc).__name__}: "
              f"{str(exc).splitlines()[0] if str(exc) else ''}); nothing checked.")
        return 2
    try:
        redis.Redis.from_url(args.redis_url, socket_timeout=5).ping()
    except Exception as exc:
        print(f"Redis at {args.redis_url} does not answer ({exc}); nothing checked.")
        return 2

    report = Report()
    tag = secrets.token_hex(4)
    data_schema, app_schema = f"em_prod_{tag}", f"em_prod_{tag}_app"
    work = Path(tempfile.mkdtemp(prefix="em-prod-check-"))
    admin, password = f"pc-admin-{tag}", secrets.token_urlsafe(18)
    port = free_port()
    command = local_command(production_command(), port)
    bin_dir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPORT_MONITOR_")}
    env.update({
        "PATH": bin_dir + os.pathsep + env.get("PATH", ""),
        "EXPORT_MONITOR_DB_URL": with_search_path(args.pg_url, data_schema),
        "EXPORT_MONITOR_APP_DB_URL": with_search_path(args.pg_url, app_schema),
        "EXPORT_MONITOR_REDIS_URL": args.redis_url,
        "EXPORT_MONITOR_DATA_DIR": str(work / "data"),
        "EXPORT_MONITOR_LOG_LEVEL": "INFO",
    })
    keyed = {**env, "EXPORT_MONITOR_SECRET_KEY": secrets.token_hex(32)}
    print(f"prod-check: {' '.join(command)}")
    print(f"      (deploy/Dockerfile's CMD, bound to 127.0.0.1:{port} instead of "
          f"{production_command()[production_command().index('--bind') + 1]}); data in "
          f"schema {data_schema}, app store in {app_schema}, Redis {args.redis_url}; "
          f"logs in {work}", flush=True)
    try:
        with admin_engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{data_schema}"'))
        started = time.perf_counter()
        code, out = run([sys.executable, "-m", "queries.demo", "--url",
                         env["EXPORT_MONITOR_DB_URL"], "--scale", str(DEMO_SCALE)], env)
        if not report.check("0.demo", f"a demo (scale {DEMO_SCALE}) is built into the schema",
                            code == 0, f"{time.perf_counter() - started:.1f} s" if code == 0
                            else out[-2000:]):
            return 1

        refuses(report, "1.no-key", "without EXPORT_MONITOR_SECRET_KEY gunicorn does not serve",
                command, env, work / "gunicorn-no-key.log", port,
                must_name="EXPORT_MONITOR_SECRET_KEY")

        code, out = run(["export-monitor", "db", "upgrade"], keyed)
        report.check("2.upgrade", "export-monitor db upgrade", code == 0,
                     out.strip().splitlines()[-1] if code == 0 and out.strip() else out[-2000:])
        refuses(report, "2.no-admin", "with a key but no administrator gunicorn refuses, "
                "naming `users add`", command, keyed, work / "gunicorn-no-admin.log", port,
                must_name="users add", must_not_name="EXPORT_MONITOR_SECRET_KEY is not set")

        secret = work / "admin_password"
        secret.write_text(password + "\n", "utf-8")
        secret.chmod(0o600)
        boot_env = {**keyed, "EXPORT_MONITOR_BOOTSTRAP_ADMIN": admin,
                    "EXPORT_MONITOR_BOOTSTRAP_PASSWORD_FILE": str(secret)}
        code1, out1 = run(["sh", str(BOOTSTRAP)], boot_env)
        code2, out2 = run(["sh", str(BOOTSTRAP)], boot_env)
        report.check("2.bootstrap", "deploy/bootstrap.sh upgrades and creates the first "
                     "administrator; run again it creates nothing",
                     code1 == 0 and f"administrator {admin} created" in out1
                     and code2 == 0 and "an administrator exists" in out2
                     and f"administrator {admin} created" not in out2,
                     f"first run exit {code1}: {out1.strip().splitlines()[-1:]}; second run "
                     f"exit {code2}: {out2.strip().splitlines()[-1:]}"
                     + ("" if code1 == 0 and code2 == 0 else f"\n{out1}\n{out2}"))

        server = Gunicorn(command, keyed, work / "gunicorn.log")
        try:
            client = Http(port)
            status, body = wait_health(client, server, SERVE_SECONDS)
            if not report.check("3.serves", "after db upgrade and users add gunicorn serves",
                                status == 200, f"{server.workers()} workers"
                                if status == 200 else f"{body}\n{tail(server.log)}"):
                return 1
            report.check("3.workers", "it runs the command line's 2 workers",
                         server.workers() == 2, f"{server.workers()} worker processes")
            serving(report, client, admin, password)
        finally:
            code = server.stop()
            report.check("3.stopped", "gunicorn stops on SIGTERM to its process group",
                         server.proc.poll() is not None, f"exit {code}")
    except Exception as exc:  # a check that could not run is a failed check, said plainly
        report.check("error", "prod-check could not finish", False,
                     f"{type(exc).__name__}: {exc}")
    finally:
        if not args.keep:
            with admin_engine.begin() as conn:
                for schema in (data_schema, app_schema):
                    conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        if report.failed or args.keep:
            print(f"      logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        admin_engine.dispose()
    if report.failed:
        print(f"prod-check: {len(report.failed)} of {report.count} checks FAILED: "
              f"{', '.join(report.failed)}")
        return 1
    print(f"prod-check: all {report.count} checks passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
