"""Accounts: creation, password rules and hashing (argon2id), authentication, suspension."""

from __future__ import annotations

import contextlib
import re
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select

from directory import unit_of_work
from directory.extensions import db
from directory.models import ROLES, User
from directory.models.base import utcnow
from directory.services import ServiceError, login_events
from directory.unit_of_work import transactional

_STRONG = PasswordHasher()  # argon2id with the library's current recommended parameters
# Tests only: the same algorithm with tiny costs so the suite stays fast.
_FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
SITE_NAME = "needlewise"
PASSWORD_HELP = (
    f"At least {MIN_PASSWORD_LENGTH} characters. Not a common password, and not containing "
    "your email name or “Needlewise”. A few unrelated words make a strong, memorable one."
)


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


@transactional
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
    db.session.flush()
    # The address an account was made from is one of the moderators' trust signals.
    login_events.record(user, "register")
    return user


def build_user(email: str, password: str, role: str, display_name: str | None) -> User:
    """A new, unsaved account after every rule has been checked."""
    if role not in ROLES:
        raise ServiceError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.", "role")
    email = normalise_email(email)
    problem = check_password(password, email)
    if problem:
        raise ServiceError(problem, "password")
    if find_by_email(email) is not None:
        raise ServiceError("An account with this email already exists.", "email")
    name = (display_name or email.split("@")[0]).strip()[:80]
    return User(email=email, password_hash=hash_password(password), role=role, display_name=name)


@cache
def _common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords, shipped with the package (offline)."""
    text = resources.files("directory").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line and not line.startswith("#")
    )


def is_common_password(password: str) -> bool:
    """Whether ``password`` is a well-known one, or one with digits or symbols stuck on
    ("password1234!", "!!qwerty2024") or one character repeated."""
    lowered = password.lower()
    core = re.sub(r"^[\d\W_]+|[\d\W_]+$", "", lowered)
    common = _common_passwords()
    return lowered in common or core in common or len(set(lowered)) <= 2


def check_password(password: str, email: str = "") -> str | None:
    """Why ``password`` is refused for the account ``email``, or None when it is acceptable.

    The one place the password rules live: registration, reset and password change use it."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Password must be at most {MAX_PASSWORD_LENGTH} characters."
    lowered = password.lower()
    if is_common_password(password):
        return "This password is one of the most common ones; choose something less guessable."
    if SITE_NAME in lowered.replace(" ", "").replace("-", ""):
        return "The password must not contain the site's name."
    local_part = normalise_email(email).split("@")[0]
    if len(local_part) >= 3 and local_part in lowered:
        return "The password must not contain your email address."
    return None


@transactional
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
            hasher.verify(_dummy_hash(hasher), password)
        return None
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if not user.is_active:
        raise ServiceError(
            "This account is suspended. To ask why or to appeal, contact support at "
            f"{current_app.config['SUPPORT_EMAIL']} (see /support).",
            "email",
        )
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
        unit_of_work.commit()
    # The login itself (last_login_at, the session record) starts in services.sessions, once
    # any second factor has passed too.
    return user


def verify_password(user: User, password: str) -> bool:
    """Whether ``password`` is this account's password (for confirming sensitive changes)."""
    try:
        return _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASHES: dict[int, str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash to verify against for unknown emails, computed once per hasher: recomputing it
    on every call made unknown emails twice as slow as known ones (account enumeration)."""
    if id(hasher) not in _DUMMY_HASHES:
        _DUMMY_HASHES[id(hasher)] = hasher.hash("not a real password")
    return _DUMMY_HASHES[id(hasher)]
