"""Two-factor authentication with TOTP (RFC 6238, via pyotp) and one-time recovery codes.

A code is accepted for the current 30-second step and one step either side (clock drift), and
never twice: the last accepted step is stored, so a code seen over someone's shoulder or
replayed by a proxy is refused. Recovery codes are 80 random bits each, stored as SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time

import pyotp
import segno
from sqlalchemy import delete

from directory import unit_of_work
from directory.extensions import db
from directory.models import RecoveryCode, User
from directory.models.base import utcnow
from directory.services import ServiceError, accounts
from directory.unit_of_work import transactional

ISSUER = "Needlewise"
STEP_SECONDS = 30
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    """A fresh random base32 secret (160 bits)."""
    return pyotp.random_base32(32)


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://`` URI authenticator apps import."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg_data_uri(uri: str) -> str:
    """The URI as a QR code: an SVG data URI, made locally (no third-party service)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _clean(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step (-1, 0, +1 around now) whose code equals ``code``, if any."""
    code = _clean(code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if secrets.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _hash_code(code: str) -> str:
    return hashlib.sha256(_clean(code).encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with ten new ones; returns them in clear (once)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_code(c)) for c in codes)
    return codes


@transactional
def enable(user: User, secret: str, code: str) -> list[str]:
    """Turn two-factor on once ``code`` proves the authenticator holds ``secret``; commits.

    Returns the ten recovery codes, to be shown once."""
    if user.two_factor_enabled:
        raise ServiceError("Two-factor authentication is already on.", "code")
    step = _matching_step(secret, code)
    if step is None:
        raise ServiceError(
            "That code does not match. Check the time on your phone and try the newest code.",
            "code",
        )
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    return codes


@transactional
def verify(user: User, code: str) -> bool:
    """Check a login code: a TOTP code not used before, or an unused recovery code. Commits
    what it consumes (the step, or the recovery code)."""
    if not user.two_factor_enabled or not user.totp_secret:
        return False
    step = _matching_step(user.totp_secret, code)
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            return False  # replayed, or older than a code already used
        user.totp_last_step = step
        unit_of_work.commit()
        return True
    return _use_recovery_code(user, code)


def _use_recovery_code(user: User, code: str) -> bool:
    cleaned = _clean(code)
    if len(cleaned) != 16:
        return False
    wanted = _hash_code(cleaned)
    for recovery in user.recovery_codes:
        if recovery.used_at is None and secrets.compare_digest(recovery.code_hash, wanted):
            recovery.used_at = utcnow()
            unit_of_work.commit()
            return True
    return False


def recovery_codes_left(user: User) -> int:
    """How many recovery codes are still unused."""
    return sum(1 for code in user.recovery_codes if code.used_at is None)


@transactional
def disable(user: User, password: str, code: str) -> None:
    """Turn two-factor off; needs the password and a current code (or a recovery code).
    Commits."""
    if not accounts.verify_password(user, password):
        raise ServiceError("The password is not right.", "password")
    if not verify(user, code):
        raise ServiceError("That code does not match, or was used already.", "code")
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.expire(user, ["recovery_codes"])


def set_known_secret(user: User, secret: str) -> None:
    """Enable two-factor with a given secret, without a code (demo data and operator tools;
    the caller commits). People enable it through ``enable``, proving they hold the secret."""
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = None


def current_code(user: User) -> str:
    """The account's TOTP code for this moment (``flask users totp``, for the demo)."""
    if not user.totp_secret:
        raise ServiceError(f"{user.email} has no two-factor secret.", "email")
    return pyotp.TOTP(user.totp_secret).now()
