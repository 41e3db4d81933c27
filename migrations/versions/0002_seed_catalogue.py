"""Seed the reference catalogue (devices, treatments, concerns, professions, skin types).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from directory import catalogue_data

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _table(name: str, *columns: str, key_type=sa.String) -> sa.Table:  # noqa: ANN001
    cols = [sa.column(columns[0], key_type)] + [sa.column(c, sa.String) for c in columns[1:]]
    return sa.table(name, *cols)


def upgrade() -> None:
    device_columns = tuple(catalogue_data.DEVICES[0].keys())
    op.bulk_insert(_table("devices", *device_columns), catalogue_data.DEVICES)
    op.bulk_insert(_table("treatments", "slug", "name", "description"), catalogue_data.TREATMENTS)
    op.bulk_insert(_table("concerns", "slug", "name", "description"), catalogue_data.CONCERNS)
    op.bulk_insert(_table("professions", "slug", "name"), catalogue_data.PROFESSIONS)
    op.bulk_insert(
        _table("skin_types", "number", "name", "description", key_type=sa.Integer),
        catalogue_data.SKIN_TYPES,
    )


def downgrade() -> None:
    for name in ("skin_types", "professions", "concerns", "treatments", "devices"):
        op.execute(sa.text(f"DELETE FROM {name}"))
