"""The app factory: builds the Dash app, registers the pages and the /health route."""

from __future__ import annotations

import functools
import gc
import importlib
import logging
import pkgutil

import dash
import plotly.io as pio
from dash import Dash, html

from queries import settings

from . import auth, callback_guard, download_routes, first_visit, geo, handout, health, pages
from .i18n import t
from .meetings import follow

ASSETS = settings.PROJECT_ROOT / "assets"


@functools.cache
def create_app() -> Dash:
    """The app, built once per process: Dash hands the callbacks declared with
    ``@callback`` to the first app only, so a second app would have none. The database
    is looked up per request (queries.engine), so one app serves any configuration."""
    logging.basicConfig(level=settings.get("EXPORT_MONITOR_LOG_LEVEL"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Dash writes every callback response with plotly.io's JSON. Its default engine,
    # orjson, first walks the whole response in Python (clean_to_json_compatible); the
    # standard library's encoder gives the same JSON twice as fast here (the support
    # page's response at 10M rows: 18 → 9 ms of CPU; NaN becomes null in both).
    pio.json.config.default_engine = "json"
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS),
        title=t("app.title"),
        suppress_callback_exceptions=True,
        update_title=None,
        serve_locally=True,
    )
    # Import every page module after the app exists: register_page needs it. A new
    # page is a new module in dashboard/pages/; nothing else needs to change.
    for info in pkgutil.iter_modules(pages.__path__):
        importlib.import_module(f"{pages.__name__}.{info.name}")

    app.layout = html.Div([dash.page_container], className="app")
    # compression, cache headers, the Plotly bundle's preloads (dashboard/first_visit.py);
    # before auth: Flask runs after-request hooks last-registered first, and the cache
    # headers of fingerprinted files must come after the security headers
    first_visit.register(app)
    auth.register(app)  # first: every later hook and route runs behind it
    health.register(app.server)
    geo.register(app.server)
    download_routes.register(app.server)
    handout.register(app.server)
    callback_guard.register(app.server)
    follow.register(app.server)
    # Python's full garbage collection walked every live object (~400k: the libraries,
    # the app, the memos): 80–220 ms each time, 9–14 times over 500 page calls at 10M
    # rows — the 300–500 ms outliers of the bench's p95 and max (gc.callbacks, measured
    # over bench/replay.py). Objects made by the imports are frozen: later collections
    # leave them out (and a forked worker's memory pages stay shared). The first
    # threshold at 10,000 allocations instead of 700 makes every generation's
    # collections rarer: 3 full ones over the same calls, GC time 1.7 → 0.6 s.
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    return app
