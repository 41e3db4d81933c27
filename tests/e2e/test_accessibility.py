"""axe-core on every page type, as each role, at desktop and phone widths: no serious or
critical WCAG 2.2 A/AA violations.

The pages are listed in ``PAGES``, one list per role. To cover a new page, add its path to the
role that sees it; ``{profile}``-style placeholders are filled from the demo data by
``load_small_demo`` in ``demo_helpers.py`` (add one there if the page needs an id or slug).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.axe_helpers import AXE_CONTEXT, blocking, describe, run_axe
from tests.e2e.demo_helpers import ACCOUNTS, load_small_demo, log_in_demo

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 390)  # desktop, phone

PAGES: dict[str, list[str]] = {
    "anonymous": [
        "/",
        "/search?q=microneedling",
        "/search?q=acne+scars&near=Austin%2C+TX&sort=distance",
        "/search?q=zzqxvbn",  # no results
        "/search?near=Nowhere%2C+ZZ",  # an error on the form
        "/practitioners/{profile}",
        "/guides/",
        "/guides/what-is-microneedling",
        "/auth/login",
        "/auth/register",
        "/auth/register?role=practitioner",
        "/auth/password/forgot",
        "/support",
        "/how-ratings-work",
        "/no-such-page",  # 404
    ],
    "patient": [
        "/account/",
        "/account/settings",
        "/account/security",
        "/account/bookings",
        "/account/reviews",
        "/account/inbox",
        "/r/{invitation}",
        "/practitioners/{visited}/review",
        "/practitioners/{profile}/book",
        "/practitioners/{profile}/questions",
    ],
    "practitioner": [
        "/account/listings",
        "/account/listings/{own}/edit",
        "/account/listings/{own}/photos",
        "/account/invitations",
        "/account/questions",
        "/account/licences",
        "/account/reviews",
        "/account/bookings",
    ],
    "moderator": [
        "/moderation/",
        "/moderation/credentials",
        "/moderation/reports",
        "/moderation/claims",
        "/moderation/flags",
        "/moderation/proofs",
        "/moderation/photos",
        "/moderation/replies",
        "/moderation/recheck",
        "/moderation/accounts?q=patient",
        "/moderation/log",
    ],
}


@pytest.fixture
def app_config(app_config: dict) -> dict:
    """The e2e config, with static files cached by the browser: the pages share Bootstrap and
    the site's CSS and JS, and revalidating them on each of ~80 page loads costs seconds."""
    return {**app_config, "SEND_FILE_MAX_AGE_DEFAULT": 3600}


@pytest.mark.parametrize("role", list(PAGES))
def test_no_serious_or_critical_axe_violations(live_server, browser, role: str) -> None:
    values = load_small_demo(live_server.app)
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, **AXE_CONTEXT)
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    checked: list[str] = []
    try:
        if role in ACCOUNTS:
            log_in_demo(page, live_server.app, live_server.url, ACCOUNTS[role])
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path_template in PAGES[role]:
                path = path_template.format(**values)
                response = page.goto(live_server.url + path)
                assert response is not None
                # A page that bounced to the login form would be checked as the login form.
                assert "/auth/login" not in page.url or path.startswith("/auth/login"), path
                violations: list[dict[str, Any]] = blocking(run_axe(page))
                checked.append(f"{path} @{width}px ({response.status})")
                if violations:
                    problems.append(describe(f"{role} {path} @{width}px", violations))
    finally:
        context.close()
    assert not problems, "axe found serious/critical violations:\n\n" + "\n\n".join(problems)
    assert len(checked) == len(PAGES[role]) * len(WIDTHS)
