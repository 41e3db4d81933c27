"""Account lifecycle: a pending email change, email notification preferences, and deletion
(requested, review text withdrawn or kept, purged).

Existing accounts get every notification by email (an empty opt-out list) and no deletion.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("pending_email", sa.String(length=254), nullable=True))
        batch_op.add_column(
            sa.Column("email_opt_out", sa.Text(), nullable=False, server_default="[]")
        )
        batch_op.add_column(
            sa.Column("deletion_requested_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "deletion_withdraw_text", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("deletion_withdraw_text")
        batch_op.drop_column("deletion_requested_at")
        batch_op.drop_column("email_opt_out")
        batch_op.drop_column("pending_email")
