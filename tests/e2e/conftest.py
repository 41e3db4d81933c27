"""Browser-test harness: a live server on a fresh database and Playwright driving Debian's Chromium.

Every test in ``tests/e2e`` is marked ``e2e`` and is skipped, with the reason shown, when
``/usr/bin/chromium`` or the Python ``playwright`` package is missing. Fixtures are safe under
pytest-xdist: each test gets its own database (the ``app`` fixture of ``tests/conftest.py``) and
its own server on a free port; each worker process launches its own browser.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.smtp_helpers import Mailbox

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 10_000
E2E_DIR = Path(__file__).resolve().parent


def _unavailable_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not os.path.exists(CHROMIUM):
        return (
            f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
            "to run browser tests"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python package playwright is not installed: pip install playwright"
    return None


SKIP_REASON = _unavailable_reason()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every browser test ``e2e`` and skip them all when the browser is unavailable."""
    for item in items:
        if E2E_DIR not in Path(str(item.fspath)).resolve().parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if SKIP_REASON:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture
def app_config(tmp_path) -> dict:
    """Like the shared test config, but with plain-http cookies and CSRF explicitly on."""
    return {
        "TESTING": True,
        "SECRET_KEY": "e2e-secret",
        "PASSWORD_HASH_FAST": True,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "RATELIMIT_ENABLED": False,
        # Tests read the mailbox right after the request; production uses the mail worker.
        "MAIL_DELIVERY": "inline",
        "WTF_CSRF_ENABLED": True,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
    }


@dataclass
class LiveServer:
    """A running server: ``url`` has no trailing slash; seed data inside ``app.app_context()``."""

    url: str
    app: Flask


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    """Serve ``app`` (fresh database with the catalogue) on a free local port in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def seeded_url(live_server: LiveServer) -> str:
    """``live_server`` with a usable search index and the three listings of
    ``tests.search_app_helpers.seed_listings`` (Austin, Round Rock, Boston); returns its URL."""
    from directory import indexing
    from tests.search_app_helpers import seed_listings

    with live_server.app.app_context():
        indexing.get_index().rebuild([], last_seq=indexing.current_seq())
        seed_listings()
    return live_server.url


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test process (so per xdist worker)."""
    if SKIP_REASON:
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) and page for each test, desktop-sized."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def login_via_form(page, base_url: str, email: str, password: str) -> None:
    """Log in through the real login form and wait until the app has redirected away from it."""
    page.goto(f"{base_url}/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Log in").click()


@dataclass
class MailingServer:
    """A live server whose emails go to a real local SMTP server (aiosmtpd)."""

    url: str
    app: Flask
    mailbox: Mailbox

    def wait_for_link(self, address: str, path_prefix: str, timeout: float = 10.0) -> str:
        """The full live-server URL of the last ``path_prefix`` link emailed to ``address``,
        waiting for the email to arrive (the browser's request sends it from a server thread)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.url + self.mailbox.link(address, path_prefix)
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


@pytest.fixture
def mailing_server(mail_server: Mailbox, live_server: LiveServer) -> MailingServer:
    """``live_server`` with MAIL_SERVER pointing at the ``mail_server`` fixture's SMTP server.

    ``mail_server`` comes first in the arguments so it configures the app before it is built.
    Emailed links are absolute from SITE_URL (https://needlewise.example); ``wait_for_link``
    checks that and opens the same path on the live server."""
    return MailingServer(url=live_server.url, app=live_server.app, mailbox=mail_server)
