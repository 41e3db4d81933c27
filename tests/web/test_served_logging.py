"""What the operator reads in a served process's log (``run:app``, as gunicorn loads it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A login attempt through run.py's app while the limit storage (Redis) cannot be reached.
SCRIPT = """
import run
from directory.extensions import db
with run.app.app_context():
    db.create_all()
client = run.app.test_client()
response = client.post("/auth/login", data={"email": "a@example.org", "password": "x"})
print("status", response.status_code)
refused = b"Email or password is incorrect." in response.data
print("wrong password" if refused else response.data[:2000])
"""


def test_the_fallback_to_in_process_limits_is_logged_when_redis_is_down(tmp_path):
    env = {
        **os.environ,
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'app.db'}",
        "FLASK_SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "FLASK_SECRET_KEY": "test-only-secret",
        "FLASK_WTF_CSRF_ENABLED": "false",
        "FLASK_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    # The login is checked as usual (a wrong password: the form again), not refused or a 500.
    assert "status 400" in done.stdout and "wrong password" in done.stdout, done.stdout
    lines = [line for line in done.stderr.splitlines() if "falling back to in-memory" in line]
    assert len(lines) == 1, done.stderr
    assert " WARNING " in lines[0] and "flask-limiter" in lines[0]
