"""Accounts and their roles."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Integer, String, Text, delete
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model, db
from directory.models.base import utcnow
from directory.models.sessions import RecoveryCode, UserSession

ROLES = ("patient", "practitioner", "moderator", "admin")


def _new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, Model):
    """A person who can log in. Role decides what they may do (CONTRACT section 3)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20), default="patient")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    suspended_reason: Mapped[str | None] = mapped_column(String(500))
    # Set when the owner proved the address is theirs; trust features (redeeming invitations,
    # reviewing, counted visits) require it.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Part of the Flask-Login id: rotating it ends every session and remember-me cookie.
    session_token: Mapped[str] = mapped_column(String(32), default=_new_session_token)
    # Two-factor (TOTP): the base32 secret once enabled, and the last time step accepted, so a
    # code cannot be used twice within its window.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # Email change waiting for the link sent to the new address (shown on the settings page).
    pending_email: Mapped[str | None] = mapped_column(String(254))
    # Inbox event kinds the account does not want by email too (JSON list); the inbox keeps
    # them all, and security mails are always sent.
    email_opt_out: Mapped[str] = mapped_column(Text, default="[]")
    # Deletion (GDPR Art. 17): asked for at, whether review text goes too, and when
    # ``flask users purge-deleted`` removed the personal data (the row stays as a tombstone so
    # anonymised reviews keep their author and ratings stay honest).
    deletion_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deletion_withdraw_text: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    sessions: Mapped[list[UserSession]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def session_key(self) -> str | None:
        """The random key of the session this request runs in (set at login and by the user
        loader). Not a column: each device has its own, held server-side as a UserSession."""
        return vars(self).get("_session_key")

    @session_key.setter
    def session_key(self, value: str | None) -> None:
        vars(self)["_session_key"] = value  # type: ignore[index]  # instance __dict__

    def get_id(self) -> str:
        """Flask-Login identity: id, session token and this device's session key, so a
        rotation or the deletion of the server-side record logs the device out."""
        return f"{self.id}:{self.session_token}:{self.session_key or ''}"

    def rotate_session_token(self) -> None:
        """End every session of this account: new token and no server-side session records.

        The caller commits (password change, reset, "log out of all other devices")."""
        self.session_token = _new_session_token()
        if self.id is not None:
            db.session.execute(delete(UserSession).where(UserSession.user_id == self.id))
            db.session.expire(self, ["sessions"])

    @property
    def two_factor_enabled(self) -> bool:
        """Whether logging in asks for a TOTP code after the password."""
        return self.totp_enabled_at is not None and self.totp_secret is not None

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users at login.
        return self.suspended_at is None

    @property
    def is_confirmed(self) -> bool:
        """Whether the account's email address has been confirmed."""
        return self.email_confirmed_at is not None

    @property
    def is_deleted(self) -> bool:
        """Whether the account's personal data has been purged (only a pseudonym is left)."""
        return self.deleted_at is not None

    @property
    def audit_name(self) -> str:
        """How moderators see this account in logs: the email, or the pseudonym once deleted."""
        return self.display_name if self.is_deleted else self.email

    @property
    def is_moderator(self) -> bool:
        return self.role in ("moderator", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_practitioner(self) -> bool:
        return self.role == "practitioner"

    @property
    def is_patient(self) -> bool:
        return self.role == "patient"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
