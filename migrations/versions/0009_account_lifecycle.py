"""Account lifecycle: a pending email change, email notification preferences, and deletion
(requested, review text withdrawn or kept, purged).

Existing accounts get every notification by email (an empty opt-out list) and no deletion.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN rather than a batch copy of the table: on SQLite a batch rebuild drops
    # and recreates users, which foreign keys from every other table forbid once rows exist.
    op.add_column("users", sa.Column("pending_email", sa.String(length=254), nullable=True))
    op.add_column(
        "users", sa.Column("email_opt_out", sa.Text(), nullable=False, server_default="[]")
    )
    op.add_column(
        "users", sa.Column("deletion_requested_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "users",
        sa.Column(
            "deletion_withdraw_text", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
    )
    op.add_column("users", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # DROP COLUMN exists in SQLite since 3.35 and in PostgreSQL; no table rebuild needed.
    for column in (
        "deleted_at",
        "deletion_withdraw_text",
        "deletion_requested_at",
        "email_opt_out",
        "pending_email",
    ):
        op.execute(f"ALTER TABLE users DROP COLUMN {column}")
