"""Reviews that cannot be bent: trust signals, moderator flags, one visit per patient and day.

Adds ``login_events`` (where accounts registered and logged in from, kept 90 days) and
``review_flags`` (the moderators' "worth a look" queue), merges duplicate visits and then
enforces one visit per patient, listing and day with a unique index.

Merging: in each group of visits by one patient to one listing on one day one visit is kept
(the oldest, or the one holding the group's oldest published review when there is one) and the
invitations, bookings and proofs of the others move to it. Any other review of the group is
withdrawn and stays on its old visit, which is marked ``merged`` (outside the unique index):
a review must keep its visit, and SQLite cannot relax that column without rebuilding (and
cascading deletes through) the reviews table. Visits left without a review are deleted.
Listings' ratings are recounted; run ``flask search reindex`` afterwards if any visits were
merged (the upgrade says so).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_UNIQUE_WHERE = sa.text("verified_by <> 'merged'")


def upgrade() -> None:
    op.create_table(
        "login_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_events_user_id", "login_events", ["user_id"])
    op.create_index("ix_login_events_created_at", "login_events", ["created_at"])
    op.create_table(
        "review_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_id", "reason", name="uq_review_flags_reason"),
    )
    op.create_index("ix_review_flags_review_id", "review_flags", ["review_id"])
    op.create_index("ix_review_flags_status", "review_flags", ["status"])
    merged = merge_duplicate_visits(op.get_bind())
    if merged:
        print(f"0007: merged {merged} duplicate visits; run `flask search reindex`.")
    op.create_index(
        "uq_visits_patient_listing_day",
        "visits",
        ["patient_id", "listing_id", "visited_on"],
        unique=True,
        sqlite_where=_UNIQUE_WHERE,
        postgresql_where=_UNIQUE_WHERE,
    )


def merge_duplicate_visits(conn) -> int:
    """Fold each group of same-day visits into one; returns how many visits were folded."""
    groups = conn.execute(
        sa.text(
            "SELECT patient_id, listing_id, visited_on FROM visits "
            "GROUP BY patient_id, listing_id, visited_on HAVING COUNT(*) > 1"
        )
    ).all()
    folded = 0
    listings: set[int] = set()
    for patient_id, listing_id, visited_on in groups:
        ids = conn.scalars(
            sa.text(
                "SELECT id FROM visits WHERE patient_id = :p AND listing_id = :l "
                "AND visited_on = :d ORDER BY verified_at, id"
            ),
            {"p": patient_id, "l": listing_id, "d": visited_on},
        ).all()
        keep = _settle_reviews(conn, ids)
        others = [visit_id for visit_id in ids if visit_id != keep]
        folded += len(others)
        listings.add(listing_id)
        for table in ("invitations", "booking_requests", "visit_proofs"):
            conn.execute(
                sa.text(f"UPDATE {table} SET visit_id = :keep WHERE visit_id IN :others").bindparams(
                    sa.bindparam("others", expanding=True)
                ),
                {"keep": keep, "others": others},
            )
        conn.execute(
            sa.text(
                "DELETE FROM visits WHERE id IN :others "
                "AND id NOT IN (SELECT visit_id FROM reviews)"
            ).bindparams(sa.bindparam("others", expanding=True)),
            {"others": others},
        )
    for listing_id in listings:
        conn.execute(
            sa.text(
                "UPDATE listings SET "
                "rating_count = (SELECT COUNT(*) FROM reviews WHERE listing_id = :l "
                "AND status = 'published'), "
                "rating_sum = (SELECT COALESCE(SUM(rating), 0) FROM reviews WHERE listing_id = :l "
                "AND status = 'published') WHERE id = :l"
            ),
            {"l": listing_id},
        )
    return folded


def _settle_reviews(conn, ids: list[int]) -> int:
    """The visit to keep: the oldest visit, or the one holding the group's oldest published
    review when there is one (so no review has to move). Every other review of the group is
    withdrawn and its visit marked merged."""
    reviews = conn.execute(
        sa.text(
            "SELECT id, visit_id, status FROM reviews WHERE visit_id IN :ids "
            "ORDER BY CASE WHEN status = 'published' THEN 0 ELSE 1 END, created_at, id"
        ).bindparams(sa.bindparam("ids", expanding=True)),
        {"ids": ids},
    ).all()
    if not reviews:
        return ids[0]
    keep = reviews[0][1]
    for review_id, visit_id, status in reviews[1:]:
        if status == "published":
            conn.execute(
                sa.text("UPDATE reviews SET status = 'withdrawn' WHERE id = :r"), {"r": review_id}
            )
        conn.execute(
            sa.text("UPDATE visits SET verified_by = 'merged' WHERE id = :v"), {"v": visit_id}
        )
    return keep


def downgrade() -> None:
    op.drop_index("uq_visits_patient_listing_day", table_name="visits")
    op.drop_index("ix_review_flags_status", table_name="review_flags")
    op.drop_index("ix_review_flags_review_id", table_name="review_flags")
    op.drop_table("review_flags")
    op.drop_index("ix_login_events_created_at", table_name="login_events")
    op.drop_index("ix_login_events_user_id", table_name="login_events")
    op.drop_table("login_events")
