"""Reviews you can navigate and bookings that work: a review's skin type and helpful votes;
a booking's requested time, the contact details the patient agreed to share, and messages.

Existing reviews get no skin type and no votes; existing bookings "any" time and nothing shared.

Revision ID: 0012_reviews_bookings
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_reviews_bookings"
down_revision = "0011_profile_facts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): on SQLite a rebuild of reviews or booking_requests
    # would drop a table other tables' foreign keys point at.
    op.add_column("reviews", sa.Column("skin_type", sa.SmallInteger(), nullable=True))
    op.add_column(
        "reviews", sa.Column("helpful_count", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "booking_requests",
        sa.Column("requested_time", sa.String(length=8), nullable=False, server_default="any"),
    )
    for name in ("share_email", "share_phone"):
        op.add_column(
            "booking_requests",
            sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()),
        )
    op.add_column(
        "booking_requests",
        sa.Column("contact_phone", sa.String(length=40), nullable=False, server_default=""),
    )
    op.create_table(
        "review_helpful_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_id", "user_id", name="uq_helpful_vote"),
    )
    op.create_index(
        "ix_review_helpful_votes_review_id", "review_helpful_votes", ["review_id"], unique=False
    )
    op.create_index(
        "ix_review_helpful_votes_user_id", "review_helpful_votes", ["user_id"], unique=False
    )
    op.create_table(
        "booking_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["booking_id"], ["booking_requests.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sender_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_booking_messages_booking_id", "booking_messages", ["booking_id"], unique=False
    )
    op.create_index("ix_booking_messages_sender_id", "booking_messages", ["sender_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_booking_messages_sender_id", table_name="booking_messages")
    op.drop_index("ix_booking_messages_booking_id", table_name="booking_messages")
    op.drop_table("booking_messages")
    op.drop_index("ix_review_helpful_votes_user_id", table_name="review_helpful_votes")
    op.drop_index("ix_review_helpful_votes_review_id", table_name="review_helpful_votes")
    op.drop_table("review_helpful_votes")
    # DROP COLUMN exists in SQLite since 3.35 and in PostgreSQL; no table rebuild needed.
    for column in ("contact_phone", "share_phone", "share_email", "requested_time"):
        op.execute(f"ALTER TABLE booking_requests DROP COLUMN {column}")
    for column in ("helpful_count", "skin_type"):
        op.execute(f"ALTER TABLE reviews DROP COLUMN {column}")
