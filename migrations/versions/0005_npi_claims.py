"""Listings from the NPI registry (registry values, hiding) and claims on listings.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("listings") as batch_op:
        batch_op.add_column(sa.Column("registry_data", sa.Text()))
        batch_op.add_column(sa.Column("hidden_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("hidden_reason", sa.String(200)))
    op.create_table(
        "listing_claims",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "listing_id",
            sa.Integer(),
            sa.ForeignKey("listings.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("claimant_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("npi", sa.String(10), nullable=False),
        sa.Column("licence_number", sa.String(60), nullable=False),
        sa.Column("dispute", sa.Boolean(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("document_name", sa.String(80), nullable=False),
        sa.Column("document_mime", sa.String(40), nullable=False),
        sa.Column("document_size", sa.Integer(), nullable=False),
        sa.Column("document_original_name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("email_confirmed_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("users.id")),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_listing_claims_listing_id", "listing_claims", ["listing_id"])
    op.create_index("ix_listing_claims_claimant_id", "listing_claims", ["claimant_id"])
    op.create_index("ix_listing_claims_status", "listing_claims", ["status"])


def downgrade() -> None:
    op.drop_index("ix_listing_claims_status", table_name="listing_claims")
    op.drop_index("ix_listing_claims_claimant_id", table_name="listing_claims")
    op.drop_index("ix_listing_claims_listing_id", table_name="listing_claims")
    op.drop_table("listing_claims")
    with op.batch_alter_table("listings") as batch_op:
        batch_op.drop_column("hidden_reason")
        batch_op.drop_column("hidden_at")
        batch_op.drop_column("registry_data")
