"""Two web nodes on one PostgreSQL database and one Redis, as production runs: two gunicorn
servers on different ports, each with its own search index and index follower
(``flask search sync --follow``), sharing the database, the login limits and the uploads folder.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench import cluster
from bench.cluster import Browser, Node, form_fields
from tests.import_helpers import practitioner_line, write_jsonl

PG_URL = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "collagen-nodes-2026"

pytestmark = pytest.mark.nodes


def _reachable() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any failure means "not available here"
        return f"PostgreSQL or Redis not reachable: {error}"
    return None


@pytest.fixture(scope="module")
def nodes(tmp_path_factory) -> Iterator[tuple[Node, Node]]:
    """Two running nodes on a throw-away PostgreSQL database, with one imported listing whose
    owner can log in; stopped and dropped afterwards."""
    reason = _reachable()
    if reason:  # they run on every machine of this project, CI included: a failure, not a skip
        pytest.fail(reason)
    base = tmp_path_factory.mktemp("nodes")
    server_url = make_url(PG_URL)
    name = f"needlewise_nodes_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    common = cluster.node_env(
        server_url.set(database=name).render_as_string(False),
        REDIS_URL,
        base / "shared-uploads",
        FLASK_RATELIMIT_KEY_PREFIX=f"nodes-{uuid.uuid4().hex[:8]}",
        FLASK_LOGIN_RATE_LIMIT="6 per minute",
        FLASK_LOGIN_ACCOUNT_RATE_LIMIT="6 per minute",
    )
    pair: list[Node] = []
    try:
        lines = write_jsonl(base / "one.jsonl", practitioner_line(1, name="Noor Twonode"))
        cluster.prepare_database(common, lines)
        cluster.flask(common, "users", "create", "owner@example.org", "--role", "practitioner",
                      "--password", PASSWORD, "--practitioner", _slug(common))  # fmt: skip
        pair = cluster.start_nodes(common, base, count=2)
        yield pair[0], pair[1]
    finally:
        for node in pair:
            node.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _slug(env: dict[str, str]) -> str:
    engine = create_engine(env["FLASK_SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as conn:
        slug = conn.execute(text("SELECT slug FROM listings")).scalar_one()
    engine.dispose()
    return str(slug)


def _login(browser: Browser, node: Node, password: str = PASSWORD) -> int:
    return browser.login(node.url, "owner@example.org", password)


def test_a_write_through_node_a_is_searchable_on_node_b_within_two_seconds(nodes):
    node_a, node_b = nodes
    browser = Browser()
    assert _login(browser, node_a) == 200  # followed the redirect to the account page
    slug = _slug(node_a.env)
    edit = f"/account/listings/{slug}/edit"
    listing_form = form_fields(browser.get(node_a.url + edit), "listing-form")
    word = f"zephyrine{uuid.uuid4().hex[:6]}"
    fields = [(k, f"{v} Now offering {word} aftercare.") if k == "bio" else (k, v)
              for k, v in listing_form]  # fmt: skip
    assert browser.post(node_a.url + edit, fields) == 200

    started = time.monotonic()
    while True:
        with urllib.request.urlopen(f"{node_b.url}/api/v1/practitioners?q={word}") as answer:
            found = json.load(answer)["total"]
        if found == 1 or time.monotonic() - started > 10:
            break
        time.sleep(0.1)
    seconds = time.monotonic() - started
    print(f"a listing edit on node A was searchable on node B after {seconds:.2f}s")
    assert found == 1
    assert seconds < 2, f"visible on node B after {seconds:.2f}s"


def test_wrong_logins_spread_over_both_nodes_share_one_limit_in_redis(nodes):
    node_a, node_b = nodes
    browser = Browser()
    answers = [_login(browser, (node_a, node_b)[n % 2], "wrong password!") for n in range(7)]
    # 6 per minute in all: the seventh is refused wherever it lands (per-node memory storage
    # would have allowed 6 on each node).
    assert answers[:6] == [400] * 6 and answers[6] == 429


def _search_status(node: Node) -> int:
    try:
        with urllib.request.urlopen(f"{node.url}/api/v1/practitioners?q=nurse", timeout=10) as r:
            return int(r.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_a_node_whose_index_is_deleted_answers_503_and_a_reindex_restores_it(nodes):
    node_a, node_b = nodes
    shutil.rmtree(node_a.index_dir)
    deadline = time.monotonic() + 10
    while _search_status(node_a) != 503 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _search_status(node_a) == 503  # no stale answers from files that are gone
    assert _search_status(node_b) == 200  # the other node serves on
    cluster.flask(node_a.env, "search", "reindex")
    deadline = time.monotonic() + 10
    while _search_status(node_a) != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _search_status(node_a) == 200
