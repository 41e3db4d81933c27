"""Migration 0009 adds the account-lifecycle columns to a users table that other tables point
at: existing accounts keep their rows, get every notification by email and no deletion; the
downgrade removes the columns and keeps the rows."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from directory.extensions import db
from directory.models import User
from directory.models.base import utcnow


def test_upgrade_keeps_referenced_accounts_and_downgrade_keeps_them_too(app):
    with app.app_context():
        db.drop_all()
        upgrade(revision="0008")
        now = {"now": utcnow()}
        db.session.execute(
            text(
                "INSERT INTO users (email, password_hash, display_name, role, created_at, "
                "session_token) VALUES ('p@example.org', 'x', 'Pat', 'patient', :now, 't')"
            ),
            now,
        )
        # A row elsewhere that points at the account (a table rebuild would be refused).
        db.session.execute(
            text(
                "INSERT INTO notifications (user_id, kind, message, link, created_at) "
                "SELECT id, 'reply', 'hello', '', :now FROM users"
            ),
            now,
        )
        db.session.commit()

        upgrade()
        user = db.session.scalar(db.select(User))
        assert (user.email, user.email_opt_out, user.deletion_withdraw_text) == (
            "p@example.org",
            "[]",
            False,
        )
        assert user.deletion_requested_at is None and user.pending_email is None
        db.session.remove()

        downgrade(revision="0008")
        with db.engine.connect() as conn:
            columns = {column["name"] for column in db.inspect(conn).get_columns("users")}
            assert "email_opt_out" not in columns and "deleted_at" not in columns
            assert conn.execute(text("SELECT email FROM users")).scalar() == "p@example.org"
