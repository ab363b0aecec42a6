"""``export-monitor db``, ``users`` and ``audit``: the app store's migrations, local
accounts and the audit log from the command line (``queries/cli.py`` adds them).

Every change of an account writes an audit row with the actor ``cli:<login name>``.
A refused change (an unknown user, a bad role, a weak password …) exits with 1 and the
reason; nothing is changed then.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys


def _actor() -> str:
    try:
        login = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in a bare container
        login = os.environ.get("USER", "") or "unknown"
    return f"cli:{login}"


def _fail(exc) -> int:
    print(f"export-monitor: {exc}", file=sys.stderr)
    return 1


def _password(args) -> str | None:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        print("export-monitor: no terminal to ask for the password; give it on standard "
              "input with --password-stdin.", file=sys.stderr)
        return None
    first = getpass.getpass("Password (at least 10 characters): ")
    second = getpass.getpass("The same password again: ")
    if first != second:
        print("export-monitor: the two passwords differ; nothing was changed.",
              file=sys.stderr)
        return None
    return first


def _scope_text(concerns, oblasts) -> str:
    return f"concerns={','.join(concerns)} oblasts={','.join(oblasts)}"


# -- db -------------------------------------------------------------------------------------

def cmd_db(args) -> int:
    from queries import appstore

    if args.db_command == "upgrade":
        for line in appstore.upgrade():
            print(line)
        return 0
    lines = appstore.describe()
    for line in lines:
        print(line)
    try:
        appstore.check_current()
    except appstore.StoreOutdated:
        return 1
    return 0


# -- users ----------------------------------------------------------------------------------

def _record(action: str, target: str, detail: str) -> None:
    from queries import audit
    audit.record(_actor(), action, target=f"user:{target}", detail=detail)


def cmd_users(args) -> int:
    from queries import accounts

    sub = args.users_command
    try:
        if sub == "list":
            return _list(accounts.list_users())
        name = accounts.clean_name(args.name)
        if sub == "add":
            password = _password(args)
            if password is None:
                return 1
            user = accounts.add_user(name, password, args.role or [],
                                     display_name=args.display_name or "",
                                     concerns=args.concern or [], oblasts=args.oblast or [])
            _record("user_change", name, f"add {name}: roles={','.join(sorted(user.roles))} "
                    + _scope_text(user.concerns, user.oblasts))
            print(f"user {name} added: {', '.join(sorted(user.roles))}"
                  + (f"; scope {_scope_text(user.concerns, user.oblasts)}"
                     if user.scoped else "; unscoped"))
        elif sub == "passwd":
            if accounts.get_user(name) is None:
                raise accounts.AccountError("unknown", name=name)
            password = _password(args)
            if password is None:
                return 1
            accounts.set_password(name, password)
            _record("user_change", name, f"passwd {name}")
            print(f"password of {name} changed; their sessions ended")
        elif sub in ("disable", "enable"):
            accounts.set_disabled(name, sub == "disable")
            _record("user_change", name, f"{sub} {name}")
            print(f"user {name} {sub}d" + ("; their sessions ended" if sub == "disable"
                                            else ""))
        elif sub == "roles":
            accounts.set_roles(name, args.role or [])
            _record("user_change", name, f"roles {name}: {','.join(args.role or [])}")
            print(f"roles of {name}: {', '.join(sorted(accounts.get_user(name).roles))}")
        elif sub == "scope":
            accounts.set_scope(name, concerns=args.concern or [], oblasts=args.oblast or [])
            user = accounts.get_user(name)
            _record("scope_change", name,
                    f"scope {name}: " + _scope_text(user.concerns, user.oblasts))
            print(f"scope of {name}: " + (_scope_text(user.concerns, user.oblasts)
                                          if user.scoped else "unscoped (everything)"))
    except accounts.AccountError as exc:
        return _fail(exc)
    return 0


def _list(users) -> int:
    if not users:
        print("No users yet. Add one: export-monitor users add NAME --role admin")
        return 0
    print(f"{'name':20}  {'display name':24}  {'roles':28}  {'source':6}  {'status':8}  scope")
    for u in users:
        scope = _scope_text(u.concerns, u.oblasts) if u.scoped else "everything"
        print(f"{u.name[:20]:20}  {u.display_name[:24]:24}  "
              f"{','.join(sorted(u.roles))[:28]:28}  {u.source:6}  "
              f"{'disabled' if u.disabled else 'enabled':8}  {scope}")
    return 0


# -- audit ----------------------------------------------------------------------------------

def cmd_audit(args) -> int:
    from queries import audit

    rows = audit.entries(limit=args.limit, actor=args.actor, action=args.action)
    if not rows:
        print("No audit entries" + (" match." if args.actor or args.action else " yet."))
        return 0
    print(f"{'at (UTC)':19}  {'actor':20}  {'action':15}  {'from':15}  what / detail")
    for e in rows:
        what = e.target + (f"  [{e.detail}]" if e.detail else "")
        print(f"{e.at:%Y-%m-%d %H:%M:%S}  {e.actor[:20]:20}  {e.action[:15]:15}  "
              f"{e.address[:15]:15}  {what[:160]}")
    return 0


# -- parsers --------------------------------------------------------------------------------

def _scope_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--concern", action="append", metavar="ID",
                   help="a concern id the user is limited to (repeat for more)")
    p.add_argument("--oblast", action="append", metavar="ID",
                   help="an oblast id, e.g. BY-MI (repeat for more)")


def add_parsers(sub) -> None:
    """Add ``db``, ``users`` and ``audit`` to the ``export-monitor`` subparsers."""
    from queries.accounts import ROLES

    d = sub.add_parser("db", help="the app store's migrations (and the trade schema's "
                       "on PostgreSQL)",
                       description="upgrade: bring the app store (users, sessions, audit, "
                       "agendas) and, on PostgreSQL, the trade schema to the current "
                       "revision, and move agendas from the previous release's places. "
                       "current: show the revisions (exit 1 when an upgrade is due).")
    d.add_argument("db_command", choices=["upgrade", "current"], metavar="upgrade|current")
    d.set_defaults(run=cmd_db)

    u = sub.add_parser("users", help="local accounts: add, passwd, disable, enable, list, "
                       "roles, scope",
                       description="Manage local accounts. Roles: " + ", ".join(ROLES)
                       + ". A scope limits a user to concerns and/or oblasts (none: "
                       "everything). Every change is audited.")
    us = u.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    a = us.add_parser("add", help="a new local account")
    a.add_argument("name")
    a.add_argument("--role", action="append", choices=ROLES, required=True,
                   help="a role (repeat for more)")
    a.add_argument("--display-name", help="the name shown in the header")
    _scope_args(a)
    a.add_argument("--password-stdin", action="store_true",
                   help="read the password from standard input (else asked twice)")
    pw = us.add_parser("passwd", help="set a new password (ends the user's sessions)")
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true")
    for word in ("disable", "enable"):
        x = us.add_parser(word, help=f"{word} an account"
                          + (" (ends its sessions at once)" if word == "disable" else ""))
        x.add_argument("name")
    us.add_parser("list", help="every account with roles, scope and status")
    s = us.add_parser("scope", help="set the scope (no --concern/--oblast: unscoped)")
    s.add_argument("name")
    _scope_args(s)
    r = us.add_parser("roles", help="set the roles")
    r.add_argument("name")
    r.add_argument("--role", action="append", choices=ROLES, required=True)
    u.set_defaults(run=cmd_users)

    au = sub.add_parser("audit", help="the audit log, newest first",
                        description="Sign-ins and failures, sign-outs, downloads, "
                        "handouts, imports, agenda, user and scope changes.")
    au.add_argument("--limit", type=int, default=50)
    au.add_argument("--actor", metavar="NAME")
    au.add_argument("--action", metavar="WORD")
    au.set_defaults(run=cmd_audit)
