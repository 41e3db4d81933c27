"""Login throttling that holds across workers and proxies (issue 9), against the real Redis at
127.0.0.1:6379: two app instances (two gunicorn workers) share one limit; attempts are keyed
by account as well as by address, so guesses cannot be spread over addresses and one attacker
behind a proxy does not lock everyone else out; ProxyFix, when configured, gives the client's
address."""

from __future__ import annotations

import uuid

import pytest
import redis

from directory import create_app
from directory.extensions import db
from directory.models import UserSession
from tests.conftest import PASSWORD, csrf_token

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own; only its keys are removed afterwards."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    prefix = f"needlewise-test-{uuid.uuid4().hex}"
    yield prefix
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)
    client.close()


@pytest.fixture
def workers(app, redis_prefix):
    """Two app instances on the same database and the same Redis limits."""
    shared = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "SEARCH_INDEX_DIR", "UPLOAD_DIR", "SECRET_KEY")
    }
    shared.update(
        TESTING=True,
        PASSWORD_HASH_FAST=True,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=redis_prefix,
        PROXY_FIX_X_FOR=1,
    )
    apps = [create_app(dict(shared)), create_app(dict(shared))]
    yield apps
    for instance in apps:
        with instance.app_context():
            db.engine.dispose()


def _attempt(instance, email, password="not the password", address="198.51.100.7"):
    client = instance.test_client()
    headers = {"X-Forwarded-For": address}
    data = {"email": email, "password": password}
    data["csrf_token"] = csrf_token_for(client, headers)
    return client.post("/auth/login", data=data, headers=headers)


def csrf_token_for(client, headers) -> str:
    import re

    html = client.get("/auth/login", headers=headers).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_wrong_logins_spread_over_two_workers_share_one_limit(make_user, workers):
    make_user("pat@example.org")
    for attempt in range(10):
        response = _attempt(workers[attempt % 2], "pat@example.org")
        assert response.status_code == 400, attempt
    for instance in workers:
        refused = _attempt(instance, "pat@example.org", PASSWORD)
        assert refused.status_code == 429
        assert "Too many attempts" in refused.get_data(as_text=True)
        assert "Retry-After" in refused.headers


def test_guesses_spread_over_addresses_hit_the_account_limit(make_user, workers):
    make_user("pat@example.org")
    for attempt in range(10):
        address = f"203.0.113.{attempt + 1}"
        assert (
            _attempt(workers[attempt % 2], "PAT@example.org ", address=address).status_code == 400
        )
    refused = _attempt(workers[0], "pat@example.org", PASSWORD, address="192.0.2.200")
    assert refused.status_code == 429


def test_one_attacker_behind_a_proxy_does_not_lock_others_out(make_user, workers):
    make_user("pat@example.org")
    make_user("sam@example.org")
    for attempt in range(11):
        _attempt(workers[attempt % 2], "pat@example.org", address="198.51.100.66")
    # Another person behind the same proxy, from their own address, logs in.
    response = _attempt(workers[1], "sam@example.org", PASSWORD, address="198.51.100.67")
    assert response.status_code == 302


def test_successful_logins_do_not_use_up_the_limit(make_user, workers):
    make_user("pat@example.org")
    for attempt in range(12):
        assert _attempt(workers[attempt % 2], "pat@example.org", PASSWORD).status_code == 302


def test_proxy_fix_records_the_clients_address(app, make_user, workers):
    make_user("pat@example.org")
    assert _attempt(workers[0], "pat@example.org", PASSWORD, "192.0.2.44").status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(UserSession.ip)) == "192.0.2.44"


def test_without_proxy_fix_forwarded_headers_are_ignored(client, make_user):
    make_user("pat@example.org")
    token = csrf_token(client, "/auth/login")
    client.post(
        "/auth/login",
        data={"email": "pat@example.org", "password": PASSWORD, "csrf_token": token},
        headers={"X-Forwarded-For": "192.0.2.44"},
    )
    with client.application.app_context():
        assert db.session.scalar(db.select(UserSession.ip)) == "127.0.0.1"


def test_with_redis_down_logins_work_and_are_still_limited_in_process(app, make_user, caplog):
    from tests.smtp_helpers import free_port

    make_user("pat@example.org")
    shared = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "SEARCH_INDEX_DIR", "UPLOAD_DIR", "SECRET_KEY")
    }
    shared.update(
        TESTING=True,
        PASSWORD_HASH_FAST=True,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0",  # Redis is down
        PROXY_FIX_X_FOR=1,
    )
    instance = create_app(shared)
    try:
        assert _attempt(instance, "pat@example.org", PASSWORD).status_code == 302  # logged in
        answers = [_attempt(instance, "pat@example.org").status_code for _ in range(11)]
        assert answers[-1] == 429  # limits still hold, per process, rather than fail open
        assert "falling back" in caplog.text.lower() or "unreachable" in caplog.text.lower()
    finally:
        with instance.app_context():
            db.engine.dispose()
