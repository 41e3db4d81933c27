"""Two web nodes on one PostgreSQL database and one Redis, as production runs: two gunicorn
servers on different ports, each with its own search index and index follower
(``flask search sync --follow``), sharing the database, the login limits and the uploads folder.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.import_helpers import practitioner_line, write_jsonl
from tests.smtp_helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "collagen-nodes-2026"
FLASK = [sys.executable, "-m", "flask", "--app", "directory"]

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


@dataclass
class Node:
    url: str
    env: dict[str, str]
    index_dir: Path


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
    common = {
        **os.environ,
        "FLASK_SQLALCHEMY_DATABASE_URI": server_url.set(database=name).render_as_string(False),
        "FLASK_SECRET_KEY": "two-nodes-test-secret",
        "FLASK_SESSION_COOKIE_SECURE": "false",
        "FLASK_REMEMBER_COOKIE_SECURE": "false",
        "FLASK_RATELIMIT_STORAGE_URI": REDIS_URL,
        "FLASK_RATELIMIT_KEY_PREFIX": f"nodes-{uuid.uuid4().hex[:8]}",
        "FLASK_LOGIN_RATE_LIMIT": "6 per minute",
        "FLASK_LOGIN_ACCOUNT_RATE_LIMIT": "6 per minute",
        "FLASK_UPLOAD_DIR": str(base / "shared-uploads"),
        "FLASK_PASSWORD_HASH_FAST": "true",
    }
    processes: list[subprocess.Popen] = []
    try:
        subprocess.run([*FLASK, "db", "upgrade"], cwd=ROOT, env=common, check=True)
        lines = write_jsonl(base / "one.jsonl", practitioner_line(1, name="Noor Twonode"))
        subprocess.run([*FLASK, "import", "practitioners", str(lines)], cwd=ROOT, env=common,
                       check=True, capture_output=True)  # fmt: skip
        slug = _slug(common)
        subprocess.run([*FLASK, "users", "create", "owner@example.org", "--role", "practitioner",
                        "--password", PASSWORD, "--practitioner", slug],
                       cwd=ROOT, env=common, check=True, capture_output=True)  # fmt: skip
        pair = []
        for label in ("a", "b"):
            index_dir = base / f"index-{label}"
            env = {**common, "FLASK_SEARCH_INDEX_DIR": str(index_dir)}
            subprocess.run([*FLASK, "search", "reindex"], cwd=ROOT, env=env, check=True,
                           capture_output=True)  # fmt: skip
            port = free_port()
            processes.append(subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b",
                 f"127.0.0.1:{port}", "--log-level", "warning", "run:app"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))  # fmt: skip
            processes.append(subprocess.Popen(
                [*FLASK, "search", "sync", "--follow"], cwd=ROOT, env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))  # fmt: skip
            pair.append(Node(f"http://127.0.0.1:{port}", env, index_dir))
        for node in pair:
            _wait_for(node.url + "/healthz")
        yield pair[0], pair[1]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _slug(env: dict[str, str]) -> str:
    engine = create_engine(env["FLASK_SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as conn:
        slug = conn.execute(text("SELECT slug FROM listings")).scalar_one()
    engine.dispose()
    return str(slug)


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


class _FormReader(HTMLParser):
    """The fields (name, value) of the first form with class ``css_class``, as a browser
    would submit them unchanged."""

    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class, self.inside, self.fields = css_class, False, []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and self.css_class in a.get("class", "").split() and not self.fields:
            self.inside = True
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


class Browser:
    """A cookie-keeping HTTP client (one jar for both nodes, as behind a load balancer)."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=30) as response:
            return response.read().decode()

    def post(self, url: str, fields: list[tuple[str, str]]) -> int:
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(url, data=data, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    def token(self, url: str) -> str:
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(url))
        assert found, url
        return found.group(1)


def _login(browser: Browser, node: Node, password: str = PASSWORD) -> int:
    token = browser.token(node.url + "/auth/login")
    fields = [("email", "owner@example.org"), ("password", password), ("csrf_token", token)]
    return browser.post(node.url + "/auth/login", fields)


def test_a_write_through_node_a_is_searchable_on_node_b_within_two_seconds(nodes):
    node_a, node_b = nodes
    browser = Browser()
    assert _login(browser, node_a) == 200  # followed the redirect to the account page
    slug = _slug(node_a.env)
    edit = f"/account/listings/{slug}/edit"
    reader = _FormReader("listing-form")
    reader.feed(browser.get(node_a.url + edit))
    word = f"zephyrine{uuid.uuid4().hex[:6]}"
    fields = [(k, f"{v} Now offering {word} aftercare.") if k == "bio" else (k, v)
              for k, v in reader.fields]  # fmt: skip
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
    subprocess.run([*FLASK, "search", "reindex"], cwd=ROOT, env=node_a.env, check=True,
                   capture_output=True)  # fmt: skip
    deadline = time.monotonic() + 10
    while _search_status(node_a) != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _search_status(node_a) == 200
