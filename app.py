"""Entry point: ``python app.py`` for a local run, ``app:server`` for gunicorn."""

from dashboard.app import create_app
from queries import settings

app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(host=settings.get("EXPORT_MONITOR_HOST"), port=settings.get("EXPORT_MONITOR_PORT"),
            debug=False)
