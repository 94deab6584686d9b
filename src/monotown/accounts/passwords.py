"""Password hashing with Argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from monotown.errors import InputError

MIN_PASSWORD_LENGTH = 10


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def check_password_strength(password: str) -> None:
    """Reject passwords a guesser would find quickly (too short or a single repeated character)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if len(set(password)) < 4:
        raise InputError("a password needs at least 4 different characters", field="password")


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if `password` matches; a missing or damaged hash never matches."""
    if not password_hash:
        # Spend the same time as a real check so timing does not reveal unknown users.
        _hasher().hash(password)
        return False
    try:
        return bool(_hasher().verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return bool(_hasher().check_needs_rehash(password_hash))


def generate_password() -> str:
    """A random password for a first admin: 16 URL-safe characters (~96 bits)."""
    return secrets.token_urlsafe(12)
