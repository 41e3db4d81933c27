"""Accounts: creation, password hashing (argon2id), authentication, suspension."""

from __future__ import annotations

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import ROLES, User
from directory.models.base import utcnow
from directory.services import ServiceError

_STRONG = PasswordHasher()  # argon2id with the library's current recommended parameters
# Tests only: the same algorithm with tiny costs so the suite stays fast.
_FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

MIN_PASSWORD_LENGTH = 10


def _hasher() -> PasswordHasher:
    return _FAST if current_app.config.get("PASSWORD_HASH_FAST") else _STRONG


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher().hash(password)


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding space."""
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    """The account with this email, if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(
    email: str,
    password: str,
    role: str = "patient",
    display_name: str | None = None,
    *,
    confirmed: bool = False,
) -> User:
    """Create and commit an account; refuses unknown roles, short passwords, taken emails.

    ``confirmed`` marks the address as already proven (operator-made and test accounts)."""
    user = build_user(email, password, role, display_name)
    if confirmed:
        user.email_confirmed_at = utcnow()
    db.session.add(user)
    db.session.commit()
    return user


def build_user(email: str, password: str, role: str, display_name: str | None) -> User:
    """A new, unsaved account after every rule has been checked."""
    if role not in ROLES:
        raise ServiceError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.", "role")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(
            f"Password must be at least {MIN_PASSWORD_LENGTH} characters.", "password"
        )
    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise ServiceError("An account with this email already exists.", "email")
    name = (display_name or email.split("@")[0]).strip()[:80]
    return User(email=email, password_hash=hash_password(password), role=role, display_name=name)


def authenticate(email: str, password: str) -> User | None:
    """The account if the password matches; rehashes outdated hashes.

    Raises ServiceError for a suspended account, but only once the password is right, so a
    stranger cannot learn who is suspended.
    """
    user = find_by_email(email)
    hasher = _hasher()
    if user is None:
        # Spend the same time as a real check so response time does not reveal accounts.
        with contextlib.suppress(VerificationError):
            hasher.verify(_DUMMY_HASHES.setdefault(id(hasher), hasher.hash("x" * 12)), password)
        return None
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if not user.is_active:
        raise ServiceError("This account is suspended. Contact support.", "email")
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


_DUMMY_HASHES: dict[int, str] = {}
