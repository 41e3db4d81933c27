"""Badges follow the calendar; verified licences carry a re-check date; imports never verify.

- ``licences.recheck_due_on`` (expiry, or 24 months after verification when there is none),
  ``early_notice_sent_on`` (the 90-day reminder; ``expiry_notice_sent_on`` is the 30-day one)
  and ``source_claim`` (the import file and line that said "verified").
- ``listings.verified`` is dropped: the badge is ``verified_until >= today``, computed when
  shown. ``verified_until`` is recomputed as the latest day any verified licence still counts.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

RECHECK_MONTHS = 24  # the default of LICENCE_RECHECK_MONTHS when this migration was written

licences = sa.table(
    "licences",
    sa.column("id", sa.Integer),
    sa.column("listing_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("expires_on", sa.Date),
    sa.column("verified_at", sa.DateTime),
    sa.column("decided_at", sa.DateTime),
    sa.column("submitted_at", sa.DateTime),
    sa.column("recheck_due_on", sa.Date),
)
listings = sa.table(
    "listings",
    sa.column("id", sa.Integer),
    sa.column("verified", sa.Boolean),
    sa.column("verified_until", sa.Date),
)


def _day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])  # SQLite may hand back text


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def upgrade() -> None:
    with op.batch_alter_table("licences") as batch_op:
        batch_op.add_column(sa.Column("recheck_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("early_notice_sent_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("source_claim", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_licences_recheck_due_on"), ["recheck_due_on"])
    with op.batch_alter_table("listings") as batch_op:
        batch_op.create_index(batch_op.f("ix_listings_verified_until"), ["verified_until"])

    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            licences.c.id,
            licences.c.listing_id,
            licences.c.expires_on,
            licences.c.verified_at,
            licences.c.decided_at,
            licences.c.submitted_at,
        ).where(licences.c.status == "verified")
    ).all()
    through: dict[int, date] = {}
    for row in rows:
        expires = _day(row.expires_on)
        checked = _day(row.verified_at or row.decided_at or row.submitted_at) or date.today()
        recheck = expires or _add_months(checked, RECHECK_MONTHS)
        bind.execute(
            licences.update().where(licences.c.id == row.id).values(recheck_due_on=recheck)
        )
        through[row.listing_id] = max(recheck, through.get(row.listing_id, recheck))
    bind.execute(listings.update().values(verified_until=None))
    for listing_id, day in through.items():
        bind.execute(
            listings.update().where(listings.c.id == listing_id).values(verified_until=day)
        )

    with op.batch_alter_table("listings") as batch_op:
        batch_op.drop_column("verified")


def downgrade() -> None:
    with op.batch_alter_table("listings") as batch_op:
        batch_op.add_column(
            sa.Column("verified", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    bind = op.get_bind()
    bind.execute(
        listings.update()
        .where(listings.c.verified_until >= date.today())
        .values(verified=True)
    )
    with op.batch_alter_table("listings") as batch_op:
        batch_op.alter_column("verified", server_default=None)
        batch_op.drop_index(batch_op.f("ix_listings_verified_until"))
    with op.batch_alter_table("licences") as batch_op:
        batch_op.drop_index(batch_op.f("ix_licences_recheck_due_on"))
        batch_op.drop_column("source_claim")
        batch_op.drop_column("early_notice_sent_on")
        batch_op.drop_column("recheck_due_on")
