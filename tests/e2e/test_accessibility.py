"""axe-core on every page type, as each role, at desktop and phone widths: no serious or
critical WCAG 2.2 A/AA violations.

The pages are listed in ``PAGES``, one list per role. To cover a new page, add its path to the
role that sees it; ``{profile}``-style placeholders are filled from the demo data by
``_placeholders`` (add one there if the page needs an id or slug).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.e2e.axe_helpers import AXE_CONTEXT, blocking, describe, run_axe

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
        "/moderation/replies",
        "/moderation/recheck",
        "/moderation/accounts?q=patient",
        "/moderation/log",
    ],
}

ACCOUNTS = {  # the demo's fixed accounts (directory/demo/accounts.py)
    "patient": "patient@needlewise.local",
    "practitioner": "practitioner@needlewise.local",
    "moderator": "moderator@needlewise.local",
}


@pytest.fixture
def app_config(app_config: dict) -> dict:
    """The e2e config, with static files cached by the browser: the pages share Bootstrap and
    the site's CSS and JS, and revalidating them on each of ~80 page loads costs seconds."""
    return {**app_config, "SEND_FILE_MAX_AGE_DEFAULT": 3600}


def _load_demo(app) -> dict[str, str]:
    """The smallest demo data set (realistic pages: reviews, queues, bookings), and the values
    for the placeholders in ``PAGES``."""
    from directory.demo.loader import MIN_PRACTITIONERS, load_demo
    from directory.extensions import db
    from directory.models import Invitation, Listing, Review, User, Visit

    with app.app_context():
        load_demo(practitioners=MIN_PRACTITIONERS)
    assert app.test_cli_runner().invoke(args=["search", "reindex"]).exit_code == 0
    with app.app_context():
        patient = db.session.scalar(select(User).where(User.email == ACCOUNTS["patient"]))
        owner = db.session.scalar(select(User).where(User.email == ACCOUNTS["practitioner"]))
        assert patient is not None and owner is not None
        reviewed = select(Review.visit_id)
        visited = db.session.scalar(
            select(Listing.slug)
            .join(Visit, Visit.listing_id == Listing.id)
            .where(Visit.patient_id == patient.id, Visit.id.not_in(reviewed))
        )
        most_reviewed = db.session.scalar(
            select(Listing.slug).order_by(Listing.rating_count.desc(), Listing.id)
        )
        values = {
            "profile": most_reviewed,
            "own": db.session.scalar(select(Listing.slug).where(Listing.owner_id == owner.id)),
            "visited": visited or most_reviewed,
            "invitation": db.session.scalar(
                select(Invitation.token).where(Invitation.email == patient.email)
            ),
        }
        db.session.remove()
    missing = [name for name, value in values.items() if not value]
    assert not missing, f"the demo data has no value for {missing}"
    return values


def _log_in(page, app, base_url: str, email: str) -> None:
    """Through the real forms, with the two-factor step for staff (demo TOTP secret)."""
    from directory.demo.common import DEMO_PASSWORD, DEMO_TOTP_SECRET
    from tests.two_factor_helpers import code_for

    page.goto(f"{base_url}/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Log in").click()
    if "/auth/two-factor" in page.url:
        page.get_by_label("Code").fill(code_for(app, email, secret=DEMO_TOTP_SECRET))
        with page.expect_navigation():
            page.get_by_role("main").get_by_role("button", name="Log in").click()
    assert "/auth/" not in page.url, f"login as {email} did not finish: {page.url}"


@pytest.mark.parametrize("role", list(PAGES))
def test_no_serious_or_critical_axe_violations(live_server, browser, role: str) -> None:
    values = _load_demo(live_server.app)
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, **AXE_CONTEXT)
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    checked: list[str] = []
    try:
        if role in ACCOUNTS:
            _log_in(page, live_server.app, live_server.url, ACCOUNTS[role])
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
