"""The demo data set in browser tests: the smallest one ``flask demo load`` makes (realistic
pages: reviews, queues, bookings, an audit log) and logging in as its fixed accounts."""

from __future__ import annotations

from sqlalchemy import select

ACCOUNTS = {  # the demo's fixed accounts (directory/demo/accounts.py)
    "patient": "patient@needlewise.local",
    "practitioner": "practitioner@needlewise.local",
    "moderator": "moderator@needlewise.local",
}


def load_small_demo(app) -> dict[str, str]:
    """The smallest demo data set (realistic pages: reviews, queues, bookings), and the values
    for the placeholders in ``test_accessibility.PAGES``: ``profile`` (the most reviewed
    listing), ``own`` (a listing of the demo practitioner), ``visited`` (a listing the demo patient
    may review), ``invitation`` (the demo patient's review invitation token)."""
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


def log_in_demo(page, app, base_url: str, email: str) -> None:
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
