"""Local mode or server mode.

* **Local** — ``make run`` / ``python app.py`` listening on a loopback address: one
  local user with every role and no scope, no sign-in; the header says "local mode".
* **Server** — everything else: gunicorn (``app:server``), the container, ``python
  app.py`` on any other address, any other program that imports the app. Every request
  needs a signed-in session (``dashboard/auth/guard.py``); the process refuses to start
  without ``EXPORT_MONITOR_SECRET_KEY``, on an outdated app store, or with no
  administrator (``check_server_ready``).

Server is the default: only ``app.py``'s own ``__main__`` on a loopback address (and the
tests, which say so) switch to local. So nothing that serves the app to a network can
forget to ask for a sign-in.
"""

from __future__ import annotations

import ipaddress
import sys

from queries import settings

_state = {"mode": "server"}

MIN_SECRET_CHARS = 32


def set_mode(mode: str) -> None:
    if mode not in ("local", "server"):
        raise ValueError(mode)
    _state["mode"] = mode


def is_local() -> bool:
    return _state["mode"] == "local"


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_problems() -> list[str]:
    """What keeps a server from starting, each in words naming the setting or command."""
    problems = []
    key = settings.get("EXPORT_MONITOR_SECRET_KEY")
    if not key:
        problems.append(
            "EXPORT_MONITOR_SECRET_KEY is not set: the server signs its sessions with it. "
            "Set it to a long random value, e.g. "
            "EXPORT_MONITOR_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')")
    elif len(key) < MIN_SECRET_CHARS:
        problems.append(f"EXPORT_MONITOR_SECRET_KEY has {len(key)} characters; use at least "
                        f"{MIN_SECRET_CHARS} random ones.")
    try:
        from queries import appstore
        appstore.check_current()
    except Exception as exc:  # StoreOutdated names `export-monitor db upgrade`
        problems.append(str(exc))
        return problems
    try:
        from queries import accounts
        has_admin = accounts.any_administrator()
    except Exception as exc:
        problems.append(f"The app store does not answer: {exc}")
        return problems
    if settings.get("EXPORT_MONITOR_LDAP_CONFIG"):
        try:
            from access import ldap_login
            ldap_login.load_config()
        except Exception as exc:  # LdapConfigError names the file and the key
            problems.append(f"EXPORT_MONITOR_LDAP_CONFIG: {exc}")
    if not has_admin and not _directory_has_admins():
        problems.append(
            "There is no administrator. Create one: export-monitor users add NAME "
            "--role admin (or map a directory group to the admin role in "
            "EXPORT_MONITOR_LDAP_CONFIG).")
    return problems


def _directory_has_admins() -> bool:
    try:
        from access import ldap_login
        config = ldap_login.load_config()
    except Exception:
        return False
    return config is not None and any("admin" in g.roles for g in config.groups)


def check_server_ready() -> None:
    """Refuse to serve (SystemExit with every reason) when server mode cannot run."""
    problems = server_problems()
    if problems:
        message = ("Export Monitor cannot start in server mode:\n"
                   + "\n".join(f"- {p}" for p in problems))
        print(message, file=sys.stderr, flush=True)
        # exit code 3: gunicorn's "worker failed to boot", on which it stops instead of
        # starting the worker again and again
        raise SystemExit(3)
