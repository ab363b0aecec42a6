"""A real server on a free local port, and headless Chromium to drive it (shared by
the browser tests, the screenshots and the benchmark)."""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import threading

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


def chromium_available() -> bool:
    return shutil.which("chromium") is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def live_server(mode: str = "local"):
    """Serve a fresh app (for the current EXPORT_MONITOR_DB_URL) in a thread, in local
    mode (as ``make run``) unless ``mode="server"`` (sign-in required)."""
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from dashboard.auth import mode as modes

    modes.set_mode(mode)

    app = create_app()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    port = free_port()
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextlib.contextmanager
def browser_page(width: int = 1920, height: int = 1080):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


@contextlib.contextmanager
def gunicorn_server(env: dict, workers: int = 2):
    """The production command line (deploy/Dockerfile's CMD, as deploy/prod_check.py runs
    it) on a free local port with ``env`` (EXPORT_MONITOR_* settings) and ``workers``
    worker processes; yields (base URL, the process, as prod_check's ``Gunicorn``).
    Stopped — its whole process group — at the end."""
    import os
    import sys
    import tempfile
    from pathlib import Path

    from deploy.prod_check import Gunicorn, Http, local_command, production_command, wait_health

    port = free_port()
    command = local_command(production_command(), port)
    command[0] = str(Path(sys.executable).parent / command[0])
    command[command.index("--workers") + 1] = str(workers)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EXPORT_MONITOR_")}
    clean.update(env)
    log = Path(tempfile.mkdtemp(prefix="em-gunicorn-")) / "gunicorn.log"
    server = Gunicorn(command, clean, log)
    try:
        status, detail = wait_health(Http(port), server, 120)
        if status != 200:
            raise RuntimeError(f"gunicorn did not serve ({detail}):\n"
                               + log.read_text("utf-8", "replace")[-3000:])
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.stop()
