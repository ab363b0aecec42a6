"""A real OpenLDAP ``slapd`` for the LDAP sign-in tests, with its own small directory.

``running_slapd()`` starts Debian's ``/usr/sbin/slapd`` as the current user on a free
127.0.0.1 port, from a ``slapd.conf`` in a temporary folder (mdb backend, suffix
``dc=example,dc=org``, the ``memberof`` overlay so that users carry ``memberOf`` as in
Active Directory), checks the configuration with ``slaptest``, waits until it answers,
loads :data:`ENTRIES` through LDAP as the root DN (so the overlay sees the groups), and
afterwards kills it, waits for it and removes the folder. With ``tls=True`` it also makes
a certificate authority and a server certificate for 127.0.0.1 with ``openssl`` and
serves StartTLS and ldaps:// (:attr:`Slapd.ldaps_uri`); the CA (and a second, unrelated CA) are in :attr:`Slapd.ca_file` and
:attr:`Slapd.wrong_ca_file`.

The directory (passwords are :data:`PASSWORD` unless said otherwise):

======================  ====================================================
alice                   group analysts (unscoped)
bob                     groups belneftekhim-viewers (concern belneftekhim) and
                        minsk-analysts (oblast BY-MI): two scopes
carol                   group canteen only, which no configuration maps
dave                    groups belneftekhim-viewers (scoped) and admins (unscoped)
``nik,(*)``             group analysts; a name with DN and filter characters
cn=reader,ou=services   the service account for search-then-bind (READER_PASSWORD)
======================  ====================================================

Anonymous clients may search the people and groups (never read passwords): the
anonymous search-then-bind case needs it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SLAPD = "/usr/sbin/slapd"
SLAPTEST = "/usr/sbin/slaptest"
SCHEMA_DIR = Path("/etc/ldap/schema")
MODULE_DIR = Path("/usr/lib/ldap")

SUFFIX = "dc=example,dc=org"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PASSWORD = "root-secret"
PASSWORD = "Correct horse 1"
READER_DN = f"cn=reader,ou=services,{SUFFIX}"
READER_PASSWORD = "reader-secret"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
SPECIAL_UID = "nik,(*)"
SPECIAL_DN = f"uid=nik\\,(*),{PEOPLE}"


def group_dn(name: str) -> str:
    return f"cn={name},{GROUPS}"


def _person(uid: str, dn: str, cn: str, password: str = PASSWORD) -> tuple[str, dict]:
    return dn, {"objectClass": ["inetOrgPerson"], "uid": [uid], "cn": [cn],
                "sn": [cn.split()[-1]], "displayName": [f"{cn} (display)"],
                "userPassword": [password]}


def _group(name: str, members: list[str]) -> tuple[str, dict]:
    return group_dn(name), {"objectClass": ["groupOfNames"], "cn": [name],
                            "member": members}


def _uid_dn(uid: str) -> str:
    return f"uid={uid},{PEOPLE}"


ENTRIES: list[tuple[str, dict]] = [
    (SUFFIX, {"objectClass": ["dcObject", "organization"], "dc": ["example"],
              "o": ["Example ministry"]}),
    (PEOPLE, {"objectClass": ["organizationalUnit"], "ou": ["people"]}),
    (GROUPS, {"objectClass": ["organizationalUnit"], "ou": ["groups"]}),
    (f"ou=services,{SUFFIX}", {"objectClass": ["organizationalUnit"], "ou": ["services"]}),
    (READER_DN, {"objectClass": ["organizationalRole", "simpleSecurityObject"],
                 "cn": ["reader"], "userPassword": [READER_PASSWORD]}),
    _person("alice", _uid_dn("alice"), "Alice Analyst"),
    _person("bob", _uid_dn("bob"), "Bob Both"),
    _person("carol", _uid_dn("carol"), "Carol Canteen"),
    _person("dave", _uid_dn("dave"), "Dave Admin"),
    _person(SPECIAL_UID, SPECIAL_DN, "Nik Star (*)"),
    _group("analysts", [_uid_dn("alice"), SPECIAL_DN]),
    _group("belneftekhim-viewers", [_uid_dn("bob"), _uid_dn("dave")]),
    _group("minsk-analysts", [_uid_dn("bob")]),
    _group("admins", [_uid_dn("dave")]),
    _group("canteen", [_uid_dn("carol"), _uid_dn("alice")]),
]


@dataclass
class Slapd:
    port: int
    folder: Path
    process: subprocess.Popen
    ca_file: str = ""
    wrong_ca_file: str = ""
    ldaps_port: int = 0

    @property
    def uri(self) -> str:
        return f"ldap://127.0.0.1:{self.port}"

    @property
    def ldaps_uri(self) -> str:
        return f"ldaps://127.0.0.1:{self.ldaps_port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _make_certificates(folder: Path) -> None:
    """ca.pem (the test CA), server.pem/server.key signed by it for 127.0.0.1 and
    localhost, and wrong-ca.pem (an unrelated CA)."""
    for ca in ("ca", "wrong-ca"):
        _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                 "-subj", f"/CN=Export Monitor test {ca}", "-keyout", f"{ca}.key",
                 "-out", f"{ca}.pem", cwd=folder)
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
             "-keyout", "server.key", "-out", "server.csr", cwd=folder)
    (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem",
             cwd=folder)


def _config(folder: Path, tls: bool) -> str:
    schemas = "\n".join(f"include {SCHEMA_DIR / s}.schema"
                        for s in ("core", "cosine", "inetorgperson", "nis"))
    tls_lines = (f"TLSCACertificateFile {folder / 'ca.pem'}\n"
                 f"TLSCertificateFile {folder / 'server.pem'}\n"
                 f"TLSCertificateKeyFile {folder / 'server.key'}\n") if tls else ""
    return f"""{schemas}
pidfile {folder / 'slapd.pid'}
argsfile {folder / 'slapd.args'}
modulepath {MODULE_DIR}
moduleload back_mdb
moduleload memberof
{tls_lines}
database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ROOT_DN}"
rootpw {ROOT_PASSWORD}
directory {folder / 'db'}
overlay memberof
memberof-group-oc groupOfNames
memberof-member-ad member
memberof-memberof-ad memberOf
memberof-refint TRUE
access to attrs=userPassword
    by self write
    by anonymous auth
    by * none
access to *
    by * read
"""


def _wait_until_it_answers(server: Slapd, deadline: float) -> None:
    import ldap

    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"slapd exited with {server.process.returncode}: "
                               + (server.folder / "slapd.log").read_text(errors="replace"))
        conn = ldap.initialize(server.uri)
        conn.set_option(ldap.OPT_NETWORK_TIMEOUT, 1)
        try:
            conn.simple_bind_s(ROOT_DN, ROOT_PASSWORD)
            return
        except ldap.SERVER_DOWN:
            if time.monotonic() > deadline:
                raise RuntimeError("slapd did not answer within 15 s") from None
            time.sleep(0.05)
        finally:
            conn.unbind_s()


def _load(server: Slapd) -> None:
    import ldap
    import ldap.modlist

    conn = ldap.initialize(server.uri)
    try:
        conn.simple_bind_s(ROOT_DN, ROOT_PASSWORD)
        for dn, attrs in ENTRIES:
            encoded = {k: [v.encode() for v in vs] for k, vs in attrs.items()}
            conn.add_s(dn, ldap.modlist.addModlist(encoded))
    finally:
        conn.unbind_s()


def slapd_missing() -> str:
    """Why the tests cannot start a slapd here ('' when they can)."""
    for tool in (SLAPD, SLAPTEST):
        if not os.access(tool, os.X_OK):
            return f"{tool} is not installed (Debian package slapd; .ci/run installs it)"
    if not (MODULE_DIR / "back_mdb.so").exists() and not any(MODULE_DIR.glob("back_mdb*")):
        return f"slapd's mdb backend is not in {MODULE_DIR}"
    return ""


@contextlib.contextmanager
def running_slapd(tls: bool = False) -> Iterator[Slapd]:
    folder = Path(tempfile.mkdtemp(prefix="em-slapd-"))
    process = None
    try:
        (folder / "db").mkdir()
        if tls:
            _make_certificates(folder)
        conf = folder / "slapd.conf"
        conf.write_text(_config(folder, tls))
        check = subprocess.run([SLAPTEST, "-u", "-f", str(conf)], capture_output=True,
                               text=True)
        if check.returncode != 0:
            raise RuntimeError(f"slaptest refused the test configuration: {check.stderr}")
        port, ldaps_port = free_port(), (free_port() if tls else 0)
        listen = f"ldap://127.0.0.1:{port}/" + (
            f" ldaps://127.0.0.1:{ldaps_port}/" if tls else "")
        log = open(folder / "slapd.log", "wb")
        # -d 0: stay in the foreground (the test owns the process and kills it)
        process = subprocess.Popen(
            [SLAPD, "-f", str(conf), "-h", listen, "-d", "0"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        server = Slapd(port, folder, process, ldaps_port=ldaps_port)
        if tls:
            server.ca_file = str(folder / "ca.pem")
            server.wrong_ca_file = str(folder / "wrong-ca.pem")
        _wait_until_it_answers(server, time.monotonic() + 15)
        _load(server)
        yield server
    finally:
        if process is not None and process.poll() is None:
            process.kill()
        if process is not None:
            process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
