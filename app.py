"""Entry point: ``python app.py`` for a local run, ``app:server`` for gunicorn."""

from dashboard.app import create_app
from queries import demo, settings

if not settings.get("EXPORT_MONITOR_DB_URL"):
    demo.ensure_demo_database()  # first run on the embedded default: build it (~3 s)

app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(host=settings.get("EXPORT_MONITOR_HOST"), port=settings.get("EXPORT_MONITOR_PORT"),
            debug=False)
