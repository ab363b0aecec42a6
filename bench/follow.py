"""Follow the presenter in `make bench`: what 50 followers cost the server and how soon
they see the presenter's move — short polling at several intervals against long
polling — and then how soon a real follower's page (headless Chromium) is drawn with
the presenter's new step. ``python -m bench.follow`` measures only this.

The server is the production command line (deploy/Dockerfile's CMD, as
deploy/prod_check.py runs it: gunicorn, 2 workers × 4 threads, ``--no-control-socket``)
on a copy of the demo data, in server mode, with a private SQLite app store and the
sessions in the local Redis when it answers (as deployed). 50 followers, each its own
signed-in session, poll ``/meeting/<id>/position`` as ``assets/follow.js`` does (the
next request ``interval`` after the previous answer). The presenter moves every 2–3 s
(``queries.meetings.set_position``, from this process: the same app store). Measured
per variant over ``WINDOW`` seconds:

* latency: from the move (before ``set_position`` is called) to each follower's first
  answer with the new seq — p50 / p95 / max over every follower and move;
* requests per second, and the CPU seconds per minute of the gunicorn processes
  (master and workers, from /proc);
* a probe: a 51st session asking the position once a second — how long any other
  request waits for a free thread while the followers are served.

Long polling (``?after=<seq>&wait=20``: the answer comes when the seq differs, or after
20 s) is not in the app; this module adds it for the measurement (``longpoll_app``: the
production app plus that route, one watcher thread per worker reading the position
every 50 ms and waking the waiting requests), run with the production command line's
2 × 4 threads and with 2 × 64.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLLOWERS = 50
WINDOW = 30.0            # seconds measured per variant
MOVE_EVERY = (2.0, 3.0)  # the presenter's pace, seconds between moves
SHORT = (0.3, 0.5, 1.0)  # poll intervals measured, seconds (follow.js: the first)
LONG_WAIT = 20           # a long poll's longest wait, seconds
LONG_THREADS = (4, 64)   # gunicorn threads per worker for long polling
BROWSER_MOVES = 12
SECRET = "follow-bench-" + "k" * 40
PASSWORD = "follow bench password 1"


def pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


# -- long polling, for the comparison only ---------------------------------------------------

class _Watch:
    """One thread per process reads the positions being waited for every 50 ms and
    wakes the requests waiting on them (a request never reads the store in a loop)."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.seqs: dict[str, int] = {}
        self.thread: threading.Thread | None = None

    def _run(self) -> None:
        from queries import meetings
        while True:
            for mid in list(self.seqs):
                try:
                    found = meetings.position(mid)
                except Exception:  # noqa: BLE001 - keep watching; the next read may work
                    continue
                seq = found.seq if found else 0
                if seq != self.seqs.get(mid):
                    with self.cond:
                        self.seqs[mid] = seq
                        self.cond.notify_all()
            time.sleep(0.05)

    def wait(self, mid: str, after: int, seconds: float) -> None:
        from queries import meetings
        with self.cond:
            if mid not in self.seqs:
                found = meetings.position(mid)
                self.seqs[mid] = found.seq if found else 0
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, daemon=True)
                self.thread.start()
            deadline = time.monotonic() + seconds
            while self.seqs.get(mid) == after:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(left)


def longpoll_app():
    """gunicorn ``'bench.follow:longpoll_app()'``: the production app (``app:server``)
    with ``GET /meeting/<id>/position-wait?after=<seq>&wait=<s>``."""
    from flask import jsonify, request

    import app as production
    from dashboard.meetings import follow

    watch = _Watch()
    server = production.server

    @server.get("/meeting/<meeting_id>/position-wait")
    def position_wait(meeting_id):
        after = request.args.get("after", type=int, default=-1)
        wait = min(LONG_WAIT, request.args.get("wait", type=float, default=LONG_WAIT))
        follow.answer(meeting_id)  # 404s and bad keys as the real route does
        watch.wait(meeting_id, after, wait)
        response = jsonify(follow.answer(meeting_id))
        response.headers["Cache-Control"] = "no-store"
        return response

    return server


# -- the stack: data, app store, users, a meeting, gunicorn ----------------------------------

def _cpu_seconds(master: int) -> float:
    """utime + stime of gunicorn's master and its workers."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid = int(stat.parent.name)
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, ValueError, IndexError):
            continue
        if pid == master or int(fields[1]) == master:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def use_only(env: dict[str, str]) -> None:
    """This process's EXPORT_MONITOR_* settings become ``env`` (empty values left out):
    the bench's server and its set-up see the same configuration; the engine is reopened
    and the app store brought up to date."""
    from queries import appstore, engine

    for k in list(os.environ):
        if k.startswith("EXPORT_MONITOR_"):
            del os.environ[k]
    os.environ.update({k: v for k, v in env.items() if v})
    engine.reset()
    appstore.upgrade()


class Stack:
    """Temporary data and app store, the users and a meeting; gunicorn on demand."""

    def __init__(self) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="em-follow-bench-"))
        self.saved = {k: v for k, v in os.environ.items() if k.startswith("EXPORT_MONITOR_")}
        self.servers: list = []

    def __enter__(self):
        import redis

        from queries import accounts, demo, meetings, settings

        source = settings.data_dir() / "demo.duckdb"
        data = self.work / "demo.duckdb"
        if source.exists():
            shutil.copyfile(source, data)
        else:
            demo.build_database(f"duckdb:///{data}", scale=settings.get("EXPORT_MONITOR_DEMO_SCALE"),
                                seed=settings.get("EXPORT_MONITOR_DEMO_SEED"),
                                end_month=settings.get("EXPORT_MONITOR_DEMO_END_MONTH"))
        redis_url = "redis://127.0.0.1:6379/0"
        try:
            redis.Redis.from_url(redis_url, socket_timeout=2).ping()
        except Exception:  # noqa: BLE001 - then the sessions live in the app store
            redis_url = ""
        self.env = {
            "EXPORT_MONITOR_DB_URL": f"duckdb:///{data}",
            "EXPORT_MONITOR_APP_DB_URL": f"sqlite:///{self.work}/app.sqlite",
            "EXPORT_MONITOR_SECRET_KEY": SECRET,
            "EXPORT_MONITOR_DATA_DIR": str(self.work / "data"),
            "EXPORT_MONITOR_LOG_LEVEL": "WARNING",
            "EXPORT_MONITOR_REDIS_URL": redis_url,
        }
        self.redis = bool(redis_url)
        use_only(self.env)
        accounts.add_user("fb-admin", PASSWORD, ["admin"])
        accounts.add_user("fb-secretary", PASSWORD, ["secretary"])
        self.followers = [f"fb-viewer-{i:02d}" for i in range(FOLLOWERS + 1)]  # + the probe
        for name in self.followers:
            accounts.add_user(name, PASSWORD, ["viewer"])
        self.meeting = meetings.create_meeting("2026-12-04", "Follow bench", "working-group",
                                               actor="fb-secretary")
        self.count = len(self.meeting.steps)
        # frozen, as a meeting is shown: the steps come from the edition
        from dashboard.app import create_app
        server = create_app().server  # before the pages' modules: they need the app
        from dashboard.meetings import edition
        with server.test_request_context("/"):
            edition.freeze(self.meeting.meeting_id, "fb-secretary")
        return self

    def __exit__(self, *exc):
        from queries import engine
        for server in self.servers:
            server.stop()
        for k in list(os.environ):
            if k.startswith("EXPORT_MONITOR_"):
                del os.environ[k]
        os.environ.update(self.saved)
        engine.reset()
        shutil.rmtree(self.work, ignore_errors=True)

    def gunicorn(self, threads: int | None = None, target: str | None = None,
                 workers: int | None = None):
        """The production command line on a free port (threads / app target / workers
        changed when asked); returns (server, base URL) once /health answers."""
        from deploy.prod_check import (
            Gunicorn,
            Http,
            free_port,
            local_command,
            production_command,
            wait_health,
        )

        port = free_port()
        command = local_command(production_command(), port)
        command[0] = str(Path(sys.executable).parent / command[0])
        if threads is not None:
            command[command.index("--threads") + 1] = str(threads)
        if workers is not None:
            command[command.index("--workers") + 1] = str(workers)
        if target is not None:
            command[-1] = target
        env = {k: v for k, v in os.environ.items() if not k.startswith("EXPORT_MONITOR_")}
        env.update({k: v for k, v in self.env.items() if v})
        env["PYTHONPATH"] = str(ROOT)
        log = self.work / f"gunicorn-{port}.log"
        server = Gunicorn(command, env, log)
        self.servers.append(server)
        status, detail = wait_health(Http(port), server, 120)
        if status != 200:
            raise SystemExit(f"gunicorn did not serve: {detail}\n{log.read_text()[-3000:]}")
        return server, f"http://127.0.0.1:{port}"

    def stop(self, server) -> None:
        server.stop()
        self.servers.remove(server)


def sign_in(base: str, name: str):
    """A requests session signed in through the form."""
    import requests

    s = requests.Session()
    page = s.get(f"{base}/sign-in?lang=en", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    resp = s.post(f"{base}/sign-in", data={"name": name, "password": PASSWORD,
                                            "csrf_token": token, "next": "/"},
                  allow_redirects=False, timeout=60)
    if resp.status_code != 303:
        raise SystemExit(f"sign-in of {name} failed: {resp.status_code} {resp.text[:300]}")
    return s


def rebase(session, base: str):
    """The same signed-in cookies against another server of the same stack (the
    sessions live in the shared store; the cookie is signed with the same key)."""
    import requests
    other = requests.Session()
    for cookie in session.cookies:
        other.cookies.set(cookie.name, cookie.value)
    return other


# -- one variant ----------------------------------------------------------------------------------

def run_variant(stack: Stack, server, base: str, sessions: list, kind: str,
                interval: float = 0.0) -> dict:
    """50 followers polling (``kind`` "short" every ``interval`` s, or "long") while the
    presenter moves; the figures of the window."""
    from queries import meetings

    mid = stack.meeting.meeting_id
    stop = threading.Event()
    lock = threading.Lock()
    seen: list[dict[int, float]] = [dict() for _ in sessions[:-1]]
    totals = {"requests": 0, "errors": 0}
    probe_times: list[float] = []

    def follower(i: int, s) -> None:
        last = None
        time.sleep(random.uniform(0, interval or 0.2))  # not all in step
        while not stop.is_set():
            try:
                if kind == "short":
                    r = s.get(f"{base}/meeting/{mid}/position", timeout=60)
                else:
                    after = -1 if last is None else last
                    r = s.get(f"{base}/meeting/{mid}/position-wait",
                              params={"after": after, "wait": LONG_WAIT}, timeout=90)
                seq = r.json()["seq"]
                now = time.monotonic()
                with lock:
                    totals["requests"] += 1
                if seq != last:
                    seen[i].setdefault(seq, now)
                    last = seq
            except Exception:  # noqa: BLE001 - counted; a follower keeps trying
                with lock:
                    totals["errors"] += 1
                time.sleep(1)
                continue
            if kind == "short":
                stop.wait(interval)

    def probe(s) -> None:
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                s.get(f"{base}/meeting/{mid}/position", timeout=60)
                probe_times.append((time.perf_counter() - t0) * 1000)
            except Exception:  # noqa: BLE001
                probe_times.append(60_000.0)
            stop.wait(1.0)

    threads = [threading.Thread(target=follower, args=(i, s), daemon=True)
               for i, s in enumerate(sessions[:-1])]
    threads.append(threading.Thread(target=probe, args=(sessions[-1],), daemon=True))
    for th in threads:
        th.start()
    time.sleep(max(3.0, 2 * (interval or 1)))  # every follower has its first answer
    moves: dict[int, float] = {}
    cpu0, req0, t0 = _cpu_seconds(server.proc.pid), totals["requests"], time.monotonic()
    probe_start = len(probe_times)
    step = 1
    while time.monotonic() - t0 < WINDOW:
        step = step % stack.count + 1
        at = time.monotonic()
        moves[meetings.set_position(mid, step, "", "fb-secretary").seq] = at
        time.sleep(random.uniform(*MOVE_EVERY))
    elapsed = time.monotonic() - t0
    cpu1, req1 = _cpu_seconds(server.proc.pid), totals["requests"]
    time.sleep(min(LONG_WAIT, 5.0) if kind == "long" else 2 * interval + 1)  # late answers
    stop.set()
    for th in threads:
        th.join(timeout=LONG_WAIT + 60)
    latencies, missed = [], 0
    for got in seen:
        for seq, at in moves.items():
            first = [when for s, when in got.items() if s >= seq]
            if first:
                latencies.append((min(first) - at) * 1000)
            else:
                missed += 1
    probes = probe_times[probe_start:]
    return {"kind": kind, "interval": interval, "moves": len(moves),
            "samples": len(latencies), "missed": missed,
            "p50": pct(latencies, 50) if latencies else None,
            "p95": pct(latencies, 95) if latencies else None,
            "max": max(latencies) if latencies else None,
            "rps": (req1 - req0) / elapsed, "cpu_per_min": (cpu1 - cpu0) / elapsed * 60,
            "errors": totals["errors"],
            "probe_p50": pct(probes, 50) if probes else None,
            "probe_p95": pct(probes, 95) if probes else None}


# -- a real follower page ---------------------------------------------------------------------------

def browser_latency(stack: Stack, base: str, moves: int = BROWSER_MOVES,
                    lang: str = "en") -> dict | None:
    """From the presenter's move to a follower's page drawn with the new step in
    headless Chromium (the page shows ``data-seq`` of the move and is drawn, as the
    handout's DRAWN says), while the 50 followers poll."""
    from dashboard.handout import DRAWN
    from queries import meetings
    from tests.live import CHROMIUM, CHROMIUM_ARGS, chromium_available

    if not chromium_available():
        return None
    from playwright.sync_api import sync_playwright

    mid = stack.meeting.meeting_id
    times, parts = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            page = context.new_page()
            page.goto(f"{base}/sign-in?lang={lang}")
            page.fill("#name", stack.followers[-1])
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            meetings.set_position(mid, 2, "", "fb-secretary")
            page.goto(f"{base}/meeting/{mid}/follow?lang={lang}&present=1")
            page.wait_for_selector("#agenda-step[data-meeting]", timeout=120_000)
            page.wait_for_function(DRAWN, timeout=120_000, polling=50)
            step = 2
            for _ in range(moves):
                step = step % stack.count + 1
                if step == 1:  # the "since" step: kept out, it has no view of its own
                    step = 2
                time.sleep(random.uniform(*MOVE_EVERY))
                at = time.perf_counter()
                seq = meetings.set_position(mid, step, "", "fb-secretary").seq
                # the parts: follow.js sees the move (the URL), Dash's router answers
                # (the step element says the seq), the page is drawn
                page.wait_for_function("(seq) => location.search.includes('seq=' + seq)",
                                       arg=seq, timeout=60_000, polling=20)
                seen = time.perf_counter()
                page.wait_for_function(
                    "(seq) => { const el = document.querySelector('#agenda-step');"
                    " return el && el.getAttribute('data-seq') === String(seq); }",
                    arg=seq, timeout=60_000, polling=20)
                routed = time.perf_counter()
                page.wait_for_function(DRAWN, timeout=60_000, polling=20)
                done = time.perf_counter()
                times.append((done - at) * 1000)
                parts.append(((seen - at) * 1000, (routed - seen) * 1000,
                              (done - routed) * 1000))
        finally:
            browser.close()
    return {"moves": len(times), "p50": pct(times, 50), "p95": pct(times, 95),
            "max": max(times), "seen_p50": pct([p[0] for p in parts], 50),
            "routed_p50": pct([p[1] for p in parts], 50),
            "drawn_p50": pct([p[2] for p in parts], 50)}


# -- all of it ----------------------------------------------------------------------------------------

def measure_follow() -> dict:
    load_before = os.getloadavg()
    results, browser = [], None
    with Stack() as stack:
        server, base = stack.gunicorn()
        sessions = [sign_in(base, name) for name in stack.followers]
        for interval in SHORT:
            results.append(run_variant(stack, server, base, sessions, "short", interval))
        # the browser alone (a meeting's participants draw on their own machines), then
        # while 50 followers poll at the interval follow.js uses
        alone = browser_latency(stack, base)
        chosen = SHORT[0]
        stop = threading.Event()
        background = threading.Thread(
            target=lambda: _background(stack, base, sessions[:-1], chosen, stop), daemon=True)
        background.start()
        try:
            browser = browser_latency(stack, base)
        finally:
            stop.set()
            background.join(timeout=30)
        stack.stop(server)
        for threads in LONG_THREADS:
            server, base = stack.gunicorn(threads=threads, target="bench.follow:longpoll_app()")
            moved = [rebase(s, base) for s in sessions]
            row = run_variant(stack, server, base, moved, "long")
            row["threads"] = threads
            results.append(row)
            stack.stop(server)
        redis = stack.redis
    return {"rows": results, "browser": browser, "alone": alone, "load_before": load_before,
            "load_after": os.getloadavg(), "redis": redis, "followers": FOLLOWERS,
            "window": WINDOW, "chosen": chosen}


def _background(stack: Stack, base: str, sessions: list, interval: float,
                stop: threading.Event) -> None:
    mid = stack.meeting.meeting_id

    def poll(s) -> None:
        time.sleep(random.uniform(0, interval))
        while not stop.is_set():
            try:
                s.get(f"{base}/meeting/{mid}/position", timeout=60)
            except Exception:  # noqa: BLE001
                pass
            stop.wait(interval)

    threads = [threading.Thread(target=poll, args=(s,), daemon=True) for s in sessions]
    for th in threads:
        th.start()
    for th in threads:
        th.join()


def follow_lines(result: dict) -> list[str]:
    def ms(v):
        return "—" if v is None else f"{v:,.0f}"

    r = result
    lines = [f"Follow the presenter: {r['followers']} followers, the production command "
             f"line (gunicorn 2 workers, gthread), {r['window']:.0f} s per variant, the "
             f"presenter moving every {MOVE_EVERY[0]:.0f}–{MOVE_EVERY[1]:.0f} s; sessions in "
             f"{'Redis' if r['redis'] else 'the app store'}; load average "
             f"{r['load_before'][0]:.2f} before, {r['load_after'][0]:.2f} after, "
             f"{os.cpu_count()} cores",
             "",
             "| variant | threads/worker | requests/s | gunicorn CPU s/min | move → seen p50 ms "
             "| p95 ms | max ms | missed | other request p50 / p95 ms |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in r["rows"]:
        name = (f"short poll every {row['interval']:g} s" if row["kind"] == "short"
                else f"long poll (wait ≤ {LONG_WAIT} s)")
        lines.append(f"| {name} | {row.get('threads', 4)} | {row['rps']:.1f} | "
                     f"{row['cpu_per_min']:.1f} | {ms(row['p50'])} | {ms(row['p95'])} | "
                     f"{ms(row['max'])} | {row['missed']} of {row['missed'] + row['samples']} | "
                     f"{ms(row['probe_p50'])} / {ms(row['probe_p95'])} |")
    lines.append("")
    for b, company in ((r.get("alone"), "one follower, nothing else polling"),
                       (r["browser"], f"with the {r['followers']} followers polling too")):
        if b is None:
            lines.append("Follower page in Chromium: not measured (no Chromium installed)")
            continue
        lines.append(f"Follower page in headless Chromium (polling every {r['chosen']:g} s, "
                     f"{company}): presenter's move → "
                     f"page drawn with the new step p50 {b['p50']:,.0f} ms, p95 "
                     f"{b['p95']:,.0f} ms, max {b['max']:,.0f} ms over {b['moves']} moves "
                     f"(p50 of the parts: the poll sees it {b['seen_p50']:,.0f} ms, the "
                     f"router callback answers {b['routed_p50']:,.0f} ms, charts drawn "
                     f"{b['drawn_p50']:,.0f} ms)")
    return lines


def main() -> None:
    print("\n".join(follow_lines(measure_follow())))


if __name__ == "__main__":
    main()
