#!/bin/sh
# First-run bootstrap of an Export Monitor deployment (POSIX sh). deploy/compose.yaml runs
# it as the one-shot `init` service before `app` starts, at every `docker compose up`:
#
#   1. export-monitor db upgrade — the app store and the trade schema to the code's
#      migration (nothing to do when they are current);
#   2. when there is no enabled administrator: creates one, named by
#      EXPORT_MONITOR_BOOTSTRAP_ADMIN, with the password in the file
#      EXPORT_MONITOR_BOOTSTRAP_PASSWORD_FILE (default /run/secrets/admin_password, the
#      Docker secret `admin_password`). Once an administrator exists it creates nothing
#      and does not read the file, so later starts leave accounts alone.
#
# Without EXPORT_MONITOR_BOOTSTRAP_ADMIN no account is created (for a deployment whose
# administrators come from the directory: a group mapped to `admin` in
# EXPORT_MONITOR_LDAP_CONFIG). Exit code 0 when the app can start; otherwise 1 with the
# reason, and compose does not start the app.
set -eu

say() { printf 'bootstrap: %s\n' "$*"; }
fail() { printf 'bootstrap: %s\n' "$*" >&2; exit 1; }

admin="${EXPORT_MONITOR_BOOTSTRAP_ADMIN:-}"
password_file="${EXPORT_MONITOR_BOOTSTRAP_PASSWORD_FILE:-/run/secrets/admin_password}"

[ -n "${EXPORT_MONITOR_DB_URL:-}" ] || fail "EXPORT_MONITOR_DB_URL is not set: the PostgreSQL database of the deployment (postgresql+psycopg://user:password@host:5432/dbname)."

say "export-monitor db upgrade"
export-monitor db upgrade || fail "export-monitor db upgrade failed (above); the app is not started."

# the check the server makes at start (dashboard/auth/mode.py): an enabled administrator
set +e
python -c 'import sys
from queries import accounts
sys.exit(0 if accounts.any_administrator() else 3)'
found=$?
set -e
case "$found" in
  0) say "an administrator exists; no account created"; exit 0 ;;
  3) ;;
  *) fail "the app store does not answer (above)." ;;
esac

if [ -z "$admin" ]; then
  say "there is no administrator and EXPORT_MONITOR_BOOTSTRAP_ADMIN is empty: no account created."
  say "The app starts only with a directory group mapped to admin (EXPORT_MONITOR_LDAP_CONFIG);"
  say "else: docker compose run --rm app export-monitor users add NAME --role admin"
  exit 0
fi
[ -r "$password_file" ] || fail "no administrator yet, and the password of $admin cannot be read from $password_file (the Docker secret admin_password: deploy/secrets/admin_password)."
[ -n "$(head -n 1 "$password_file")" ] || fail "$password_file is empty: write the first administrator's password on its first line."

head -n 1 "$password_file" | export-monitor users add "$admin" --role admin --password-stdin \
  || fail "could not create the administrator $admin (above)."
say "administrator $admin created. Sign in at /sign-in, then set a new password (export-monitor users passwd $admin) and empty the secret file."
