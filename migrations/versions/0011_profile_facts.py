"""Listing facts patients filter on (issue 11): languages spoken, payment options, opening
hours, per-treatment prices and the practitioner's self-declared gender.

Existing listings get empty facts (nothing known), which filters and the profile treat as
"not stated".

Revision ID: 0011_profile_facts
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_profile_facts"
down_revision = "0010_photos"
branch_labels = None
depends_on = None

_JSON_COLUMNS = (
    ("languages", "[]"),
    ("payment_options", "[]"),
    ("opening_hours", "{}"),
    ("treatment_prices", "{}"),
)


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of listings on SQLite would cascade-delete its tags.
    for name, empty in _JSON_COLUMNS:
        op.add_column(
            "listings", sa.Column(name, sa.JSON(), nullable=False, server_default=empty)
        )
    op.add_column("listings", sa.Column("gender", sa.String(length=20), nullable=True))


def downgrade() -> None:
    for name in ("gender", *(name for name, _empty in reversed(_JSON_COLUMNS))):
        op.execute(f"ALTER TABLE listings DROP COLUMN {name}")
