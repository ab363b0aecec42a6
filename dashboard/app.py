"""The app factory: builds the Dash app, registers the pages and the /health route."""

from __future__ import annotations

import logging

import dash
from dash import Dash, html

from queries import settings

from . import health
from .i18n import t

ASSETS = settings.PROJECT_ROOT / "assets"


def create_app() -> Dash:
    logging.basicConfig(level=settings.get("EXPORT_MONITOR_LOG_LEVEL"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
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
    # Import the pages after the app exists: register_page needs it.
    from .pages import exports, not_found_404, overview  # noqa: F401

    app.layout = html.Div([dash.page_container], className="app")
    health.register(app.server)
    return app
