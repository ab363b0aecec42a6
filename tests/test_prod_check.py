"""The deployment (deploy/): `make prod-check` runs the container's production command line
against the local PostgreSQL and Redis and every check passes; the compose file, the
Dockerfile and prod-check agree on that command line and on the settings."""

from __future__ import annotations

import importlib.util
import re
import shutil
import socket
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from queries.settings import PROJECT_ROOT, SETTINGS

DEPLOY = PROJECT_ROOT / "deploy"
spec = importlib.util.spec_from_file_location("prod_check", DEPLOY / "prod_check.py")
prod_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(prod_check)

COMMAND = ["gunicorn", "--no-control-socket", "--workers", "2", "--threads", "4",
           "--bind", "0.0.0.0:8050", "--timeout", "60", "app:server"]
CHECKS = ["0.demo", "1.no-key", "2.upgrade", "2.no-admin", "2.bootstrap", "3.serves",
          "3.workers", "3.health", "3.anonymous", "3.redirect", "3.sign-in", "3.page",
          "3.csrf", "3.sign-out", "3.stopped"]
BOOTSTRAP_NAMES = {"EXPORT_MONITOR_BOOTSTRAP_ADMIN", "EXPORT_MONITOR_BOOTSTRAP_PASSWORD_FILE"}
README = (PROJECT_ROOT / "README.md").read_text("utf-8")
COMPOSE = (DEPLOY / "compose.yaml").read_text("utf-8")


def test_one_production_command_line():
    """The image's CMD is the command line; compose's app service does not override it
    (and its comment, the README and prod-check repeat exactly that line)."""
    assert prod_check.production_command() == COMMAND
    app = prod_check.compose_service("app")
    assert not re.search(r"^\s*command:", app, flags=re.M), "app must run the image's CMD"
    assert " ".join(COMMAND) in app
    assert " ".join(COMMAND) in README
    assert prod_check.local_command(COMMAND, 5555)[7] == "127.0.0.1:5555"
    init = prod_check.compose_service("init")
    assert re.search(r'^\s*command: \["sh", "deploy/bootstrap.sh"\]', init, flags=re.M)
    makefile = (PROJECT_ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^prod-check: \$\(STAMP\)\n\t\$\(BIN\)/python deploy/prod_check.py$",
                     makefile, flags=re.M)


def test_compose_settings_are_the_apps():
    """Every EXPORT_MONITOR_* name in the compose file is a setting (the bootstrap's two
    included), the defaults it repeats are the settings' defaults, the server's
    essentials are there, and the bootstrap's names are documented."""
    names = set(re.findall(r"\bEXPORT_MONITOR_[A-Z_]+\b", COMPOSE))
    defaults = {s.name: s.default for s in SETTINGS}
    assert names - set(defaults) == set() and BOOTSTRAP_NAMES <= names
    repeated = re.findall(r"\$\{(EXPORT_MONITOR_[A-Z_]+):-([^}]*)\}", COMPOSE)
    assert len(repeated) >= 5
    for name, default in repeated:
        if name in defaults and name != "EXPORT_MONITOR_SECURE_COOKIES":  # 1: HTTPS proxy
            assert default == defaults[name], name
    settings_block = COMPOSE.split("x-settings:", 1)[1].split("\nservices:", 1)[0]
    for needed in ("DB_URL", "REDIS_URL", "SECRET_KEY", "SECURE_COOKIES", "LDAP_CONFIG"):
        assert re.search(rf"^  EXPORT_MONITOR_{needed}: ", settings_block, flags=re.M), needed
    assert "${EXPORT_MONITOR_SECRET_KEY:?" in settings_block  # no default key, ever
    for name in BOOTSTRAP_NAMES:
        assert name in README
    for service in ("postgres", "redis"):
        assert "healthcheck:" in prod_check.compose_service(service)
    app = prod_check.compose_service("app")
    for dependency in ("postgres:\n        condition: service_healthy",
                       "redis:\n        condition: service_healthy",
                       "init:\n        condition: service_completed_successfully"):
        assert dependency in app
    assert "image: postgres:16" in prod_check.compose_service("postgres")


def test_dockerfile():
    instructions = prod_check.dockerfile_instructions(
        (DEPLOY / "Dockerfile").read_text("utf-8"))
    users = [rest for word, rest in instructions if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    runs = " ".join(rest for word, rest in instructions if word == "RUN")
    assert "queries.demo" not in runs and "export-monitor demo" not in runs
    for needed in ("libldap2-dev", "libsasl2-dev", "requirements-ldap.lock", "chromium"):
        assert needed in runs, needed
    health = [rest for word, rest in instructions if word == "HEALTHCHECK"]
    assert len(health) == 1 and "/health" in health[0]
    assert not (PROJECT_ROOT / "Dockerfile").exists()


@pytest.mark.skipif(shutil.which("dash") is None, reason="no dash to check POSIX sh syntax")
def test_bootstrap_is_posix_sh():
    done = subprocess.run(["dash", "-n", str(DEPLOY / "bootstrap.sh")], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr


def test_prod_check():
    """The whole of `make prod-check` (the script itself, as make runs it after its
    install step): every check passes, nothing is left behind."""
    done = subprocess.run([sys.executable, str(DEPLOY / "prod_check.py")], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=900)
    out = done.stdout + done.stderr
    if done.returncode == 2 and "does not answer" in out:
        pytest.skip(out.strip().splitlines()[-1])
    for key in CHECKS:
        assert re.search(rf"^PASS  {re.escape(key)} ", out, flags=re.M), f"{key}:\n{out}"
    assert "FAIL" not in out, out
    assert done.returncode == 0, out
    assert f"all {len(CHECKS)} checks passed" in out
    # gunicorn is gone and both schemas are dropped
    port = int(re.search(r"bound to 127\.0\.0\.1:(\d+)", out).group(1))
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    schema = re.search(r"data in schema (\w+)", out).group(1)
    engine = create_engine(prod_check.PG_URL)
    try:
        with engine.connect() as conn:
            left = conn.execute(text("SELECT schema_name FROM information_schema.schemata "
                                     "WHERE schema_name LIKE :s"), {"s": schema + "%"}).all()
    finally:
        engine.dispose()
    assert left == []
