"""Run the suite against a throw-away database on the PostgreSQL server of TEST_DATABASE_URL.

Creates a uniquely named database, points the tests at it, and drops it afterwards, whatever
the outcome. Usage: ``python -m tests.pg_run [pytest args]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def main(argv: list[str]) -> int:
    """Create the database, run pytest, drop the database; pytest's exit status."""
    server_url = make_url(os.environ.get("TEST_DATABASE_URL") or DEFAULT_URL)
    name = f"needlewise_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    env = dict(os.environ, TEST_DATABASE_URL=server_url.set(database=name).render_as_string(False))
    print(f"test-postgres: using throw-away database {name}", flush=True)
    try:
        return subprocess.call([sys.executable, "-m", "pytest", "-n", "2", *argv], env=env)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        print(f"test-postgres: dropped {name}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
