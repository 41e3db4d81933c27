"""The Alembic migrations build exactly the schema the models describe, with the catalogue."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from directory.extensions import db
from directory.models import Device, Treatment


def _empty_database(app) -> None:
    with app.app_context():
        db.drop_all()


def test_upgrade_matches_models_and_seeds_catalogue(app):
    _empty_database(app)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        assert db.session.get(Device, "skinpen_precision").manufacturer.startswith("Crown")
        assert db.session.scalar(db.select(db.func.count()).select_from(Treatment)) == 7


def test_downgrade_to_base_removes_every_table(app):
    _empty_database(app)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set()
