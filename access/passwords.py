"""Local accounts' passwords: Argon2id hashes (argon2-cffi).

The parameters are argon2-cffi's defaults (its ``PasswordHasher()``, RFC 9106's second
recommended option): Argon2id, time cost 3, memory 64 MiB (65,536 KiB), parallelism
4, a 32-byte hash and a 16-byte random salt — about 50 ms per check on one core. Each
hash carries its parameters (``$argon2id$v=19$m=65536,t=3,p=4$…``), so a hash made with
other parameters still verifies, and ``needs_rehash`` says when to replace it
(``queries.accounts.authenticate`` does that at the next successful sign-in).

An unknown user costs the same as a wrong password: ``dummy_verify`` checks against a
fixed hash made with the same parameters.
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
MAX_LENGTH = 1000

_hasher = PasswordHasher()


def hasher() -> PasswordHasher:
    return _hasher


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password`` (a fresh random salt each time)."""
    return _hasher.hash(password)


def verify(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; False for a mismatch or a hash
    that is not an Argon2 hash at all (never raises)."""
    if not isinstance(password_hash, str) or not isinstance(password, str):
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return True


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("not a password of anyone: only here to spend the same time")


def dummy_verify(password: str) -> bool:
    """Spend the time of a real check (for an unknown user); always False."""
    verify(_dummy_hash(), password if isinstance(password, str) else "")
    return False


def check_new_password(password) -> None:
    """Raise ValueError, saying what to change, unless ``password`` is acceptable: 10 to
    1,000 characters, not all of one kind (only digits, only letters of one case…), not
    one character repeated, no leading or trailing spaces."""
    if not isinstance(password, str) or not password:
        raise ValueError("A password is needed.")
    if len(password) < MIN_LENGTH:
        raise ValueError(f"The password has {len(password)} characters; use at least "
                         f"{MIN_LENGTH} (a few words make a good one).")
    if len(password) > MAX_LENGTH:
        raise ValueError(f"The password is longer than {MAX_LENGTH} characters.")
    if password != password.strip():
        raise ValueError("The password begins or ends with a space; remove it.")
    if len(set(password)) < 4:
        raise ValueError("The password repeats too few different characters; use at least "
                         "four different ones.")
    classes = {
        "lower": any(c.islower() for c in password),
        "upper": any(c.isupper() for c in password),
        "digit": any(c.isdigit() for c in password),
        "other": any(not c.isalnum() for c in password),
    }
    if sum(classes.values()) < 2 and len(password) < 16:
        raise ValueError("The password is all of one kind (only digits, only lower-case "
                         "letters …): mix in another kind, or make it at least 16 "
                         "characters long.")
