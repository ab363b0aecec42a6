"""Entry point: ``python app.py`` for a local run, ``app:server`` for gunicorn."""

from dashboard.app import create_app
from dashboard.auth import mode
from queries import demo, settings

if not settings.get("EXPORT_MONITOR_DB_URL"):
    demo.ensure_demo_database()  # first run on the embedded default: build it (~3 s)

# `python app.py` on a loopback address is local mode (one user, no sign-in); anything
# else — gunicorn's `app:server`, another address — is server mode, which refuses to
# start without a secret key, on an outdated app store or with no administrator
# (dashboard/auth/mode.py).
if __name__ == "__main__" and mode.is_loopback(settings.get("EXPORT_MONITOR_HOST")):
    mode.set_mode("local")
else:
    mode.check_server_ready()

app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(host=settings.get("EXPORT_MONITOR_HOST"), port=settings.get("EXPORT_MONITOR_PORT"),
            debug=False)
