"""Accounts and their roles."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import Model
from directory.models.base import utcnow

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

    def get_id(self) -> str:
        """Flask-Login identity: id plus session token, so a rotation logs the user out."""
        return f"{self.id}:{self.session_token}"

    def rotate_session_token(self) -> None:
        """Invalidate every existing session of this account."""
        self.session_token = _new_session_token()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users at login.
        return self.suspended_at is None

    @property
    def is_confirmed(self) -> bool:
        """Whether the account's email address has been confirmed."""
        return self.email_confirmed_at is not None

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
