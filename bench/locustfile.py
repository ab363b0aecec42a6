"""The simulated analyst of the load test (``bench/load.py``; ``make bench-load``).

Each locust user is one analyst with a browser: it signs in (server mode), then every
5–15 s does one of

* **open a page**: GET the page's HTML, ``/_dash-layout`` and ``/_dash-dependencies``,
  then the page router callback with the URL (``POST /_dash-update-component``, as
  ``tests/dash_client.py``'s ``DashClient.page`` builds it) and the filter bar's callback
  that Dash fires when the new controls are drawn (it answers "no update");
* **navigate**: a link to another page or state inside the app: the router and the
  filter bar's re-render callback;
* **change a filter**: the filter bar's callback with one control changed (concern,
  district, year, oblast, chapter, the industrial switch), then the router with the
  address it wrote;
* **drill**: a chart's click callback (the bench pages' own, ``bench/pages/*.py``), then
  the router with the address it wrote;
* **download** a chart's or table's CSV/XLSX now and then.

The pages and states come from ``bench/pages/*.py`` through the ``--states`` JSON file
that ``bench/load.py`` writes (``states_file``): the codes they name are read from the
data under test. Each interaction is reported as one locust entry of type
``INTERACTION`` (the sum of its requests, failed when any part failed) beside its
requests.

Checks on every answer (a failed check is a locust failure of type ``CHECK``): status
200, a JSON body, no error or outage page. On the Overview: the exports KPI equals the
sum of the league's rows (one data version per answer), and for the same state and
freshness stamp every answer shows the same KPI (an answer that pairs the new stamp
with the old figures, or the other way round, mixes old and new data).
``--report FILE``: those checks' counts and the stamps seen, as JSON, at the end.

This module runs in locust's process (gevent-patched): it imports no app code, only
``tests.dash_client`` (plain json).
"""

from __future__ import annotations

import itertools
import json
import random
import re
import threading
import time

from locust import HttpUser, between, events, task

from bench.load import RENDERED_ID, filter_ids, find, has_error, overview_figures, overview_problem
from tests.dash_client import DashClient

FILTER_VALUES = {  # field → values an analyst picks; "concern" from the data
    "district": [["CFD"], ["NWFD"], ["VFD"], ["SFD"], []],
    "year": [2024, 2025, 2026],
    "oblast": [["BY-MI"], ["BY-HO"], ["BY-BR"], []],
    "chapter": [["84"], ["87"], ["04"], []],
    "industrial": [["1"], []],
}

_states: dict = {}
_users = itertools.count()
_lock = threading.Lock()
_seen: dict[tuple, set] = {}     # (path, search, stamp) -> KPI values shown
_stamps: dict[str, list] = {}    # stamp -> [answers, first, last asked, every time asked]
_counts = {"overview_checked": 0, "kpi_league_mismatch": 0, "mixed": 0, "bad_answers": 0}


@events.init_command_line_parser.add_listener
def _arguments(parser) -> None:
    parser.add_argument("--states", default="", help="JSON file written by bench/load.py")
    parser.add_argument("--report", default="", help="JSON file for the consistency checks")
    parser.add_argument("--think", default="5,15",
                        help="seconds between an analyst's clicks: MIN,MAX (default 5,15)")


@events.init.add_listener
def _load_states(environment, **_kw) -> None:
    path = environment.parsed_options.states if environment.parsed_options else ""
    if not path:
        raise SystemExit("bench/locustfile.py needs --states FILE (bench/load.py writes it)")
    with open(path, encoding="utf-8") as fh:
        _states.update(json.load(fh))
    low, high = (float(x) for x in environment.parsed_options.think.split(","))
    Analyst.wait_time = between(low, high)


@events.test_stop.add_listener
def _write_report(environment, **_kw) -> None:
    path = environment.parsed_options.report if environment.parsed_options else ""
    if not path:
        return
    with _lock:
        mixed = {" ".join(k): sorted(v) for k, v in _seen.items() if len(v) > 1}
        report = {**_counts, "stamps": dict(_stamps), "mixed_states": mixed}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=1)


# -- the analyst --------------------------------------------------------------------------

class _Browser:
    """What DashClient needs of a Flask test client, over locust's HTTP session: get/post
    returning the response with ``.data``, ``get_cookie`` and ``environ_base`` (whose
    CSRF token and language DashClient puts there go out as headers). ``label`` names
    the next request in locust's statistics; ``spent`` adds up an interaction's time."""

    HEADERS = {"HTTP_X_CSRFTOKEN": "X-CSRFToken", "HTTP_ACCEPT_LANGUAGE": "Accept-Language"}

    def __init__(self, session) -> None:
        self.session = session
        self.environ_base: dict = {}
        self.label = ""
        self.spent = 0.0
        self.failed: str | None = None

    def _headers(self, extra: dict | None) -> dict:
        headers = {self.HEADERS[k]: v for k, v in self.environ_base.items() if k in self.HEADERS}
        headers.update(extra or {})
        return headers

    def _send(self, method: str, url: str, headers=None, **kw):
        t0 = time.perf_counter()
        resp = self.session.request(method, url, name=self.label or url,
                                    headers=self._headers(headers), **kw)
        self.spent += (time.perf_counter() - t0) * 1000
        resp.data = resp.content
        if resp.status_code >= 400 and self.failed is None:
            self.failed = f"{self.label or url}: HTTP {resp.status_code}"
        return resp

    def get(self, url: str, headers=None, **kw):
        return self._send("GET", url, headers, **kw)

    def post(self, url: str, headers=None, **kw):
        return self._send("POST", url, headers, **kw)

    def get_cookie(self, name: str):
        for cookie in self.session.cookies:
            if cookie.name == name:
                return cookie
        return None


class Analyst(HttpUser):
    wait_time = between(5, 15)

    def on_start(self) -> None:
        self.browser = _Browser(self.client)
        self.index = next(_users)
        cookies, users = _states.get("cookies") or [], _states.get("users") or []
        if cookies:  # signed in before the run (bench/load.py)
            for name, value in cookies[self.index % len(cookies)].items():
                self.client.cookies.set(name, value)
        elif users:
            self._sign_in(users[self.index % len(users)], _states["password"])
        self.browser.label = "start: dependencies and CSRF cookie"
        self.dash = DashClient(self.browser)  # dependencies and the CSRF cookie, once
        self.path, self.search, self.rendered, self.filters = "/", "", {}, []
        self.open_page()

    def _sign_in(self, name: str, password: str) -> None:
        page = self.client.get("/sign-in?lang=en", name="sign-in (form)").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        resp = self.client.post("/sign-in", name="sign-in (post)", allow_redirects=False,
                                data={"name": name, "password": password, "next": "/",
                                      "csrf_token": token.group(1) if token else ""})
        if resp.status_code != 303:
            raise RuntimeError(f"sign-in of {name} failed: HTTP {resp.status_code}")

    # -- parts ----------------------------------------------------------------------------

    def _check(self, name: str, problem: str | None) -> None:
        if problem:
            with _lock:
                _counts["bad_answers"] += 1
            if self.browser.failed is None:
                self.browser.failed = problem
            events.request.fire(request_type="CHECK", name=name, response_time=0,
                                response_length=0, exception=AssertionError(problem),
                                context={})

    def _json(self, resp, name: str):
        if resp.status_code == 204:
            return None
        if resp.status_code != 200:
            return None  # already a failure (HTTP status)
        try:
            return json.loads(resp.data)
        except ValueError:
            self._check(name, f"{name}: not JSON: {resp.data[:200]!r}")
            return None

    def _route(self, path: str, search: str) -> None:
        """The router callback for path + search and the filter bar's re-render."""
        name = f"router {path}"
        self.browser.label = name
        asked = time.time()
        body = self._json(self.dash.page(path, search), name)
        if body is None:
            return
        page = body.get("response", {}).get("_pages_content", {}).get("children")
        if page is None:
            self._check(name, f"{name}{search}: no page in the answer")
            return
        if has_error(page):
            self._check(name, f"{name}{search}: the answer is an error or outage page")
            return
        self.path, self.search = path, search
        store = find(page, RENDERED_ID)
        self.rendered = (store or {}).get("props", {}).get("data") or {}
        self.filters = filter_ids(page)
        if path == "/":
            self._check_overview(search, page, asked)
        if self.filters:  # Dash fires the bar's callback for the new controls
            self.browser.label = "filter bar (re-render)"
            self.dash.filter_change(self.filters, self.filters[0]["field"],
                                    self._shown(self.filters[0]["field"]), search,
                                    rendered=self.rendered)

    def _shown(self, field: str):
        text = self.rendered.get(field, "")
        if field == "industrial":
            return ["1"] if text == "1" else []
        if field in ("year", "from", "to"):
            return int(text) if text else None
        return text.split(",") if text else []

    def _check_overview(self, search: str, page: dict, asked: float) -> None:
        figures = overview_figures(page)
        if figures is None:
            return
        kpi, league, rows, stamp = figures
        with _lock:
            _counts["overview_checked"] += 1
            seen = _stamps.setdefault(stamp, [0, asked, asked, []])
            seen[0] += 1
            seen[1], seen[2] = min(seen[1], asked), max(seen[2], asked)
            seen[3].append(asked)
            shown = _seen.setdefault((self.path, search, stamp), set())
            shown.add(kpi)
            mixed = len(shown) > 1
            if mixed:
                _counts["mixed"] += 1
        problem = overview_problem(kpi, league, rows)
        if problem:
            with _lock:
                _counts["kpi_league_mismatch"] += 1
            self._check("Overview: KPI = sum of the league", f"Overview{search}: {problem}")
        if mixed:
            self._check("Overview: one KPI per stamp",
                        f"Overview{search}: stamp {stamp!r} shown with KPIs {sorted(shown)}")

    def _follow(self, resp, name: str) -> None:
        """A callback that writes the URL's search: then the router with it."""
        body = self._json(resp, name)
        if not body:
            return
        search = body.get("response", {}).get("_pages_location", {}).get("search")
        if search is not None:
            self._route(self.path, search)

    def _interaction(self, kind: str, do) -> None:
        self.browser.spent, self.browser.failed = 0.0, None
        try:
            do()
        except Exception as exc:  # noqa: BLE001 - reported as the interaction's failure
            self.browser.failed = self.browser.failed or f"{kind}: {exc!r}"
        events.request.fire(request_type="INTERACTION", name=kind,
                            response_time=self.browser.spent, response_length=0,
                            exception=AssertionError(self.browser.failed)
                            if self.browser.failed else None, context={})

    # -- what the analyst does ------------------------------------------------------------

    def _pick_state(self) -> tuple[str, str]:
        page = random.choice(_states["pages"])
        return page["path"], random.choice(page["searches"])

    def open_page(self, path: str = "/", search: str = "") -> None:
        def do():
            for url, label in ((path + search, "GET page HTML"),
                               ("/_dash-layout", "GET /_dash-layout"),
                               ("/_dash-dependencies", "GET /_dash-dependencies")):
                self.browser.label = label
                self.browser.get(url, headers={"Accept": "text/html"} if label ==
                                 "GET page HTML" else None)
            self._route(path, search)
        self._interaction("open a page (HTML, layout, router)", do)

    @task(1)
    def reopen(self) -> None:
        self.open_page(*self._pick_state())

    @task(4)
    def navigate(self) -> None:
        path, search = self._pick_state()
        self._interaction("navigate (router)", lambda: self._route(path, search))

    @task(3)
    def change_filter(self) -> None:
        if not self.filters:
            return self.navigate()
        have = {f["field"] for f in self.filters}
        choices = dict(FILTER_VALUES, concern=[[c] for c in _states["concerns"][:5]] + [[]])
        field = random.choice([f for f in choices if f in have] or ["year"])
        value = random.choice(choices[field])

        def do():
            self.browser.label = "filter bar (change)"
            resp = self.dash.filter_change(self.filters, field, value, self.search,
                                           rendered=self.rendered)
            self._follow(resp, "filter bar (change)")
        self._interaction("change a filter (filter bar, router)", do)

    @task(2)
    def drill(self) -> None:
        click = random.choice(_states["clicks"])

        def do():
            # the click is made on its page: the analyst is there
            if self.path != click["path"] or not self.search.startswith(click["search"]):
                self._route(click["path"], click["search"])
            values = dict(click["values"], **{"_pages_location.search": self.search})
            self.browser.label = f"click {click['name']}"
            resp = self.dash.call("_pages_location.search", values,
                                  changed=[f"{click['input']}.clickData"],
                                  input_id=click["input"])
            self._follow(resp, click["name"])
        self._interaction("drill (click, router)", do)

    @task(1)
    def download(self) -> None:
        url = random.choice(_states["downloads"])

        def do():
            self.browser.label = "download CSV/XLSX"
            resp = self.browser.get(url)
            if resp.status_code == 200 and not resp.data:
                self._check("download", f"{url}: empty file")
        self._interaction("download (CSV/XLSX)", do)
