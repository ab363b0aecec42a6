"""LDAP / Active Directory sign-in: bind as the user, then map the user's directory groups
to Export Monitor roles and scopes.

The configuration is a TOML file named by ``EXPORT_MONITOR_LDAP_CONFIG`` (empty: LDAP
sign-in is off); ``deploy/ldap.example.toml`` documents every key. Two ways to find the
user:

* direct bind: ``user_dn_template = "uid={user},ou=people,dc=example,dc=org"`` — the
  name, DN-escaped, makes the DN the user binds as;
* search-then-bind: ``user_search_base`` + ``user_search_filter`` (``"(uid={user})"``,
  for AD ``"(sAMAccountName={user})"``), searched as the service account ``bind_dn``
  (password in ``bind_password_file``, never in the TOML) or anonymously when no
  ``bind_dn`` is given; exactly one entry must match, and the user then binds as it.

The user's groups come from ``member_of_attribute`` on the user's own entry (AD's
``memberOf``) or from a search ``group_search_base`` + ``group_search_filter``
(``"(member={dn})"``); both are read on the connection bound as the user.

Groups → access. Each ``[[group]]`` maps one group DN to ``roles`` and optionally
``concerns`` and ``oblasts``. A user gets the union of the roles of all their mapped
groups; a user in no mapped group gets no access (``directory_login`` returns None).
Scope rule: if any of the user's mapped groups is unscoped (no concerns and no oblasts),
the user is unscoped (sees everything); otherwise the user's scope is the union of the
concerns and the union of the oblasts of their groups — the same "union" rule as
``queries.scope.Scope``, where an enterprise is visible when its concern *or* its oblast
is in the scope.

Errors: a mistake in the file → :class:`LdapConfigError` naming the key; the server down,
a timeout or a TLS failure → :class:`DirectoryUnavailable` (for the sign-in page: the
directory at <uri> does not answer), distinct from a wrong password, which is None.
python-ldap is an optional extra: without it this module still imports, ``available()``
says why LDAP sign-in is unavailable, and loading a configuration raises
:class:`LdapConfigError` saying so.

This module never imports ``dashboard``.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from access.roles import ROLES
from queries import settings

try:
    import ldap
    import ldap.dn
    import ldap.filter
    _IMPORT_PROBLEM = ""
except ImportError as exc:  # the optional "ldap" extra is not installed
    ldap = None
    _IMPORT_PROBLEM = (
        f"LDAP sign-in is unavailable: python-ldap cannot be imported ({exc}). Install "
        "the 'ldap' extra (make install does where libldap2-dev and libsasl2-dev are "
        "installed: pip install -r requirements-ldap.lock).")

log = logging.getLogger(__name__)

SETTING = "EXPORT_MONITOR_LDAP_CONFIG"
# ISO 3166-2:BY, the codes of the by_oblast table
OBLASTS = ("BY-BR", "BY-HM", "BY-HO", "BY-HR", "BY-MA", "BY-MI", "BY-VI")


class LdapConfigError(ValueError):
    """The LDAP configuration cannot be used; the message names the key and what is
    expected."""


class DirectoryUnavailable(Exception):
    """The directory cannot be asked (down, too slow, TLS refused, the service account
    refused): not the user's fault, and not a wrong password."""

    def __init__(self, uri: str, reason: str):
        self.uri = uri
        self.reason = reason
        super().__init__(f"The directory at {uri} does not answer ({reason}). "
                         "Try again later, or sign in with a local account.")


@dataclass(frozen=True)
class GroupMapping:
    dn: str
    roles: frozenset[str]
    concerns: tuple[str, ...] = ()
    oblasts: tuple[str, ...] = ()

    @property
    def unscoped(self) -> bool:
        return not self.concerns and not self.oblasts


@dataclass(frozen=True)
class LdapConfig:
    uris: tuple[str, ...]
    groups: tuple[GroupMapping, ...]
    start_tls: bool = False
    ca_file: str = ""
    verify_certificates: bool = True
    timeout_seconds: float = 5.0
    user_dn_template: str = ""
    bind_dn: str = ""
    bind_password: str = field(default="", repr=False)
    user_search_base: str = ""
    user_search_filter: str = "(uid={user})"
    display_name_attribute: str = "cn"
    group_search_base: str = ""
    group_search_filter: str = "(member={dn})"
    member_of_attribute: str = ""
    source: str = ""

    @property
    def uri(self) -> str:
        """The URIs as libldap takes them (space-separated: tried in order)."""
        return " ".join(self.uris)


@dataclass(frozen=True)
class DirectoryUser:
    name: str
    dn: str
    display_name: str
    roles: frozenset[str]
    concerns: tuple[str, ...]
    oblasts: tuple[str, ...]


# ---------------------------------------------------------------- configuration

_KEYS = {"uri", "start_tls", "ca_file", "verify_certificates", "timeout_seconds",
         "user_dn_template", "bind_dn", "bind_password_file", "user_search_base",
         "user_search_filter", "display_name_attribute", "group_search_base",
         "group_search_filter", "member_of_attribute", "group"}
_GROUP_KEYS = {"dn", "roles", "concerns", "oblasts"}
_ATTRIBUTE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")


def _fail(where: str, key: str, expected: str) -> LdapConfigError:
    return LdapConfigError(f"{where}: {key} — {expected}")


def _normal_dn(dn: str) -> str:
    """A DN compared without regard to case or spacing (cn=A, dc=x == CN=a,DC=X)."""
    return ldap.dn.dn2str([[(a.lower(), v.lower(), f) for a, v, f in rdn]
                           for rdn in ldap.dn.str2dn(dn)])


def _str(data: dict, key: str, where: str, default: str = "") -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise _fail(where, key, f"expected a string, got {value!r}")
    return value.strip()


def _bool(data: dict, key: str, where: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise _fail(where, key, f"expected true or false, got {value!r}")
    return value


def _dn(data: dict, key: str, where: str) -> str:
    value = _str(data, key, where)
    if value:
        try:
            if not ldap.dn.str2dn(value.replace("{user}", "x")):
                raise ldap.DECODING_ERROR
        except ldap.DECODING_ERROR:
            raise _fail(where, key, f"expected a DN such as ou=people,dc=example,dc=org, "
                                    f"got {value!r}") from None
    return value


def _filter(data: dict, key: str, where: str, default: str, placeholder: str) -> str:
    value = _str(data, key, where, default)
    if not (value.startswith("(") and value.endswith(")")) or placeholder not in value:
        raise _fail(where, key, f"expected an LDAP filter in parentheses containing "
                                f"{placeholder}, e.g. {default!r}; got {value!r}")
    return value


def _str_list(data: dict, key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                               for v in value):
        raise _fail(where, key, f"expected a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _uris(data: dict, where: str) -> tuple[str, ...]:
    value = data.get("uri")
    items = [value] if isinstance(value, str) else value
    if not items or not isinstance(items, list) or not all(
            isinstance(u, str) and re.match(r"^ldaps?://[^\s/]+/?$", u.strip())
            for u in items):
        raise _fail(where, "uri", "expected ldap://host[:port] or ldaps://host[:port], "
                                  f"or a list of them (tried in order); got {value!r}")
    return tuple(u.strip().rstrip("/") for u in items)


def _group(raw, index: int, where: str) -> GroupMapping:
    here = f"{where}: [[group]] #{index + 1}"
    if not isinstance(raw, dict):
        raise LdapConfigError(f"{here} — expected a table with dn and roles")
    unknown = sorted(set(raw) - _GROUP_KEYS)
    if unknown:
        raise _fail(here, unknown[0], f"unknown key; a group has {', '.join(sorted(_GROUP_KEYS))}")
    dn = _dn(raw, "dn", here)
    if not dn:
        raise _fail(here, "dn", "expected the group's DN, e.g. "
                                "cn=analysts,ou=groups,dc=example,dc=org")
    roles = _str_list(raw, "roles", here)
    wrong = [r for r in roles if r not in ROLES]
    if not roles or wrong:
        raise _fail(here, "roles", f"expected one or more of {', '.join(ROLES)}; "
                                   f"got {raw.get('roles')!r}")
    oblasts = _str_list(raw, "oblasts", here)
    wrong = [o for o in oblasts if o not in OBLASTS]
    if wrong:
        raise _fail(here, "oblasts", f"expected ISO 3166-2:BY codes ({', '.join(OBLASTS)}); "
                                     f"got {wrong[0]!r}")
    return GroupMapping(dn, frozenset(roles), _str_list(raw, "concerns", here), oblasts)


def parse_config(data: dict, source: str = "LDAP configuration") -> LdapConfig:
    """An :class:`LdapConfig` from the parsed TOML ``data``; ``source`` names the file
    in messages. Raises :class:`LdapConfigError`."""
    if ldap is None:
        raise LdapConfigError(f"{SETTING} is set but {_IMPORT_PROBLEM}")
    where = source
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise _fail(where, unknown[0], "unknown key; see deploy/ldap.example.toml")
    uris = _uris(data, where)
    start_tls = _bool(data, "start_tls", where, False)
    if start_tls and any(u.startswith("ldaps://") for u in uris):
        raise _fail(where, "start_tls", "expected false with ldaps:// (ldaps is TLS from "
                                        "the first byte; StartTLS is for ldap://)")
    ca_file = _str(data, "ca_file", where)
    if ca_file and not Path(ca_file).is_file():
        raise _fail(where, "ca_file", f"expected a PEM file of CA certificates; "
                                      f"{ca_file} does not exist")
    timeout = data.get("timeout_seconds", 5)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 120:
        raise _fail(where, "timeout_seconds", f"expected a number of seconds between 0 and "
                                              f"120, got {timeout!r}")
    template = _dn(data, "user_dn_template", where)
    search_base = _dn(data, "user_search_base", where)
    bind_dn = _dn(data, "bind_dn", where)
    password_file = _str(data, "bind_password_file", where)
    if bool(template) == bool(search_base):
        raise _fail(where, "user_dn_template", "expected either user_dn_template (direct "
                    "bind) or user_search_base (search-then-bind), not both and not neither")
    if template and "{user}" not in template:
        raise _fail(where, "user_dn_template", "expected {user} in the template, e.g. "
                                               "uid={user},ou=people,dc=example,dc=org")
    if bind_dn and not password_file:
        raise _fail(where, "bind_password_file", "expected the file holding bind_dn's "
                                                 "password (never the password itself)")
    if password_file and not bind_dn:
        raise _fail(where, "bind_dn", "expected the service account's DN with "
                                      "bind_password_file")
    bind_password = ""
    if password_file:
        try:
            bind_password = Path(password_file).read_text(encoding="utf-8").strip("\r\n")
        except OSError as exc:
            raise _fail(where, "bind_password_file", f"expected a readable file; "
                                                     f"{exc.strerror}: {password_file}") from None
        if not bind_password:
            raise _fail(where, "bind_password_file", f"expected a password; {password_file} "
                                                     "is empty")
    display = _str(data, "display_name_attribute", where, "cn")
    member_of = _str(data, "member_of_attribute", where)
    for key, value in (("display_name_attribute", display), ("member_of_attribute", member_of)):
        if value and not _ATTRIBUTE.match(value):
            raise _fail(where, key, f"expected an attribute name such as cn or memberOf, "
                                    f"got {value!r}")
    group_base = _dn(data, "group_search_base", where)
    if bool(group_base) == bool(member_of):
        raise _fail(where, "group_search_base", "expected either group_search_base (+ "
                    "group_search_filter) or member_of_attribute (AD: memberOf), not both "
                    "and not neither")
    raw_groups = data.get("group", [])
    if not isinstance(raw_groups, list) or not raw_groups:
        raise _fail(where, "group", "expected one or more [[group]] tables (dn, roles, "
                                    "concerns, oblasts); without them nobody gets access")
    groups = tuple(_group(g, i, where) for i, g in enumerate(raw_groups))
    seen: set[str] = set()
    for i, g in enumerate(groups):
        if _normal_dn(g.dn) in seen:
            raise _fail(f"{where}: [[group]] #{i + 1}", "dn", f"{g.dn} is mapped twice")
        seen.add(_normal_dn(g.dn))
    return LdapConfig(
        uris=uris, groups=groups, start_tls=start_tls, ca_file=ca_file,
        verify_certificates=_bool(data, "verify_certificates", where, True),
        timeout_seconds=float(timeout), user_dn_template=template, bind_dn=bind_dn,
        bind_password=bind_password, user_search_base=search_base,
        user_search_filter=_filter(data, "user_search_filter", where, "(uid={user})",
                                   "{user}") if search_base else "",
        display_name_attribute=display, group_search_base=group_base,
        group_search_filter=_filter(data, "group_search_filter", where, "(member={dn})",
                                    "{dn}") if group_base else "",
        member_of_attribute=member_of, source=source)


def read_config(path: str | Path) -> LdapConfig:
    """The configuration in the TOML file ``path``. Raises :class:`LdapConfigError`."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LdapConfigError(f"{SETTING}={path}: cannot read the file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise LdapConfigError(f"{path}: not valid TOML ({exc})") from None
    return parse_config(data, str(path))


def load_config() -> LdapConfig | None:
    """The configuration named by EXPORT_MONITOR_LDAP_CONFIG; None when LDAP sign-in is
    off (the setting is empty)."""
    path = settings.get(SETTING)
    return read_config(path) if path else None


def available() -> tuple[bool, str]:
    """(True, what) when LDAP sign-in can be used; (False, why not) otherwise."""
    if ldap is None:
        return False, _IMPORT_PROBLEM
    try:
        config = load_config()
    except LdapConfigError as exc:
        return False, f"LDAP sign-in is unavailable: {exc}"
    if config is None:
        return False, f"LDAP sign-in is off: {SETTING} is empty"
    return True, f"LDAP sign-in through {', '.join(config.uris)} ({config.source})"


# ---------------------------------------------------------------- sign-in

def _connect(config: LdapConfig):
    conn = ldap.initialize(config.uri)
    conn.set_option(ldap.OPT_PROTOCOL_VERSION, 3)
    conn.set_option(ldap.OPT_REFERRALS, 0)  # AD: never chase referrals (anonymously)
    conn.set_option(ldap.OPT_NETWORK_TIMEOUT, config.timeout_seconds)
    conn.set_option(ldap.OPT_TIMEOUT, config.timeout_seconds)
    conn.timeout = config.timeout_seconds  # python-ldap's own wait in every *_s call
    conn.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_DEMAND
                    if config.verify_certificates else ldap.OPT_X_TLS_NEVER)
    if config.ca_file:
        conn.set_option(ldap.OPT_X_TLS_CACERTFILE, config.ca_file)
    conn.set_option(ldap.OPT_X_TLS_NEWCTX, 0)  # last: applies the TLS options above
    if config.start_tls:
        conn.start_tls_s()
    return conn


def _text(values) -> str:
    return values[0].decode("utf-8", "replace") if values else ""


def _find_user_dn(conn, config: LdapConfig, name: str) -> str | None:
    if config.bind_dn:
        try:
            conn.simple_bind_s(config.bind_dn, config.bind_password)
        except ldap.INVALID_CREDENTIALS:
            raise DirectoryUnavailable(
                config.uri, f"it refused the service account {config.bind_dn}; check "
                            "bind_dn and bind_password_file") from None
    query = config.user_search_filter.replace(
        "{user}", ldap.filter.escape_filter_chars(name))
    found = [dn for dn, _ in conn.search_st(config.user_search_base, ldap.SCOPE_SUBTREE,
                                            query, ["1.1"], timeout=config.timeout_seconds)
             if dn]  # AD answers referrals as entries without a DN
    if len(found) > 1:
        log.warning("LDAP: %d entries match %s; refusing the ambiguous sign-in",
                    len(found), query)
    return found[0] if len(found) == 1 else None


def _group_dns(conn, config: LdapConfig, user_dn: str, entry: dict) -> set[str]:
    if config.member_of_attribute:
        values = entry.get(config.member_of_attribute, [])
        dns = [v.decode("utf-8", "replace") for v in values]
    else:
        query = config.group_search_filter.replace(
            "{dn}", ldap.filter.escape_filter_chars(user_dn))
        dns = [dn for dn, _ in conn.search_st(config.group_search_base, ldap.SCOPE_SUBTREE,
                                              query, ["1.1"],
                                              timeout=config.timeout_seconds) if dn]
    normal = set()
    for dn in dns:
        try:
            normal.add(_normal_dn(dn))
        except ldap.DECODING_ERROR:
            log.warning("LDAP: ignoring a group DN that does not parse: %r", dn)
    return normal


def _attributes(config: LdapConfig) -> list[str]:
    wanted = [config.display_name_attribute]
    if config.member_of_attribute:
        wanted.append(config.member_of_attribute)
    return wanted


def _sign_in(conn, config: LdapConfig, name: str, password: str) -> DirectoryUser | None:
    if config.user_dn_template:
        user_dn = config.user_dn_template.replace("{user}", ldap.dn.escape_dn_chars(name))
    else:
        user_dn = _find_user_dn(conn, config, name)
        if user_dn is None:
            return None
    try:
        conn.simple_bind_s(user_dn, password)
    except (ldap.INVALID_CREDENTIALS, ldap.INVALID_DN_SYNTAX, ldap.UNWILLING_TO_PERFORM):
        return None
    try:
        own = conn.search_st(user_dn, ldap.SCOPE_BASE, "(objectClass=*)",
                             _attributes(config), timeout=config.timeout_seconds)
    except ldap.NO_SUCH_OBJECT:
        own = []
    entry = own[0][1] if own else {}
    mine = _group_dns(conn, config, user_dn, entry)
    groups = [g for g in config.groups if _normal_dn(g.dn) in mine]
    if not groups:
        log.info("LDAP: %s is in no mapped group", user_dn)
        return None
    unscoped = any(g.unscoped for g in groups)
    return DirectoryUser(
        name=name, dn=user_dn,
        display_name=_text(entry.get(config.display_name_attribute)) or name,
        roles=frozenset().union(*(g.roles for g in groups)),
        concerns=() if unscoped else tuple(sorted({c for g in groups for c in g.concerns})),
        oblasts=() if unscoped else tuple(sorted({o for g in groups for o in g.oblasts})))


def directory_login(name: str, password: str,
                    config: LdapConfig | None = None) -> DirectoryUser | None:
    """The directory user ``name`` when ``password`` is theirs and they are in at least
    one mapped group; None for an unknown user, a wrong or empty password, or no mapped
    group. Raises :class:`DirectoryUnavailable` when the directory cannot be asked, and
    :class:`LdapConfigError` when there is no usable configuration. ``config`` defaults
    to :func:`load_config`."""
    if ldap is None:
        raise LdapConfigError(_IMPORT_PROBLEM)
    if config is None:
        config = load_config()
        if config is None:
            raise LdapConfigError(f"LDAP sign-in is off: {SETTING} is empty")
    name = (name or "").strip()
    # an empty password makes a simple bind "unauthenticated" — it succeeds as anonymous
    if not name or not password or "\x00" in name or "\x00" in password:
        return None
    conn = None
    try:
        conn = _connect(config)
        return _sign_in(conn, config, name, password)
    except (ldap.SERVER_DOWN, ldap.CONNECT_ERROR) as exc:
        reason = _reason(exc)
        if config.start_tls or any(u.startswith("ldaps://") for u in config.uris):
            # libldap reports a refused certificate only as "can't contact"/"connect error"
            reason += "; with TLS, also a certificate that failed verification: check ca_file"
        raise DirectoryUnavailable(config.uri, reason) from None
    except (ldap.TIMEOUT, ldap.TIMELIMIT_EXCEEDED, ldap.BUSY, ldap.UNAVAILABLE) as exc:
        raise DirectoryUnavailable(config.uri, _reason(exc)) from None
    except (ldap.NO_SUCH_OBJECT, ldap.INSUFFICIENT_ACCESS, ldap.OPERATIONS_ERROR) as exc:
        # a search base that is not there, or a search the directory does not allow
        raise DirectoryUnavailable(config.uri, f"{_reason(exc)}; check the search bases "
                                               "and the account that searches") from None
    except ldap.LDAPError as exc:  # e.g. a filter the directory rejects: logged, no traceback
        log.warning("LDAP sign-in of %r failed: %r", name[:64], exc)
        raise DirectoryUnavailable(config.uri, _reason(exc)) from None
    finally:
        if conn is not None:
            try:
                conn.unbind_s()
            except ldap.LDAPError:
                pass


def _reason(exc) -> str:
    info = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
    parts = [info.get("desc", type(exc).__name__),
             str(info.get("info", "")).replace("(unknown error code)", "").strip()]
    return ": ".join(p for p in parts if p)
