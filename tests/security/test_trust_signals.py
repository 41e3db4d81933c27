"""The "worth a look" trust signals (issue 8 §2), tried the way an attacker would.

A practitioner invites an address it controls, makes the account from its own network and
posts a 5-star review; an email at the clinic's own domain reviews it; a burst of 5-star
invited reviews. Each is flagged for moderators (never hidden); an honest review is not; the
flags never reach the profile or the API; only moderators open the queue, and their Keep and
Remove decisions land in the audit log.

Accounts are made through the service, confirmed, and log in through the real form from a
chosen address (``REMOTE_ADDR``), so the tests do not depend on how registration logs in.
"""

from __future__ import annotations

import html as html_text
import re
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, LoginEvent, Review, ReviewFlag, User
from directory.models.base import utcnow
from directory.models.trust import FLAG_REASONS
from directory.services import accounts
from tests.conftest import PASSWORD, csrf_token
from tests.review_helpers import owner_and_listing, post_review
from tests.two_factor_helpers import finish_login

OWNER_IP = "203.0.113.7"
ELSEWHERE = "198.51.100.23"
WEBSITE = "https://www.glowskin-austin.com/about"


def _client(app: Flask, ip: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def _login(app: Flask, email: str, ip: str, remember: bool = False) -> FlaskClient:
    """A client at ``ip`` logged in through the real login form."""
    client = _client(app, ip)
    data = {"email": email, "password": PASSWORD, "csrf_token": csrf_token(client, "/auth/login")}
    if remember:
        data["remember"] = "y"
    response = finish_login(client, client.post("/auth/login", data=data), email)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def _account(app: Flask, email: str, role: str = "patient") -> int:
    with app.app_context():
        return accounts.create_user(email, PASSWORD, role, email.split("@")[0], confirmed=True).id


def _invite(owner: FlaskClient, slug: str, email: str) -> str:
    data = {
        "listing": slug,
        "email": email,
        "treated_on": (date.today() - timedelta(days=3)).isoformat(),
        "treatment": "microneedling",
        "csrf_token": csrf_token(owner, "/account/invitations"),
    }
    html = owner.post("/account/invitations", data=data).get_data(as_text=True)
    match = re.search(r"/r/([A-Za-z0-9_-]+)", html)
    assert match, "no invitation link on the page"
    return match.group(1)


def _redeem_and_review(app: Flask, token: str, email: str, ip: str, slug: str, rating: int):
    """The invited patient logs in from ``ip``, redeems the invitation and posts a review."""
    patient = _login(app, email, ip)
    url = f"/r/{token}"
    redeemed = patient.post(url, data={"csrf_token": csrf_token(patient, url)})
    assert redeemed.status_code == 302, redeemed.get_data(as_text=True)[:300]
    stars = str(rating)
    response = post_review(patient, slug, rating=stars, results=stars, value=stars)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    with app.app_context():
        author = accounts.find_by_email(email)
        return db.session.scalar(select(Review.id).where(Review.author_id == author.id))


def _flags(app: Flask) -> dict[int, set[str]]:
    with app.app_context():
        found: dict[int, set[str]] = {}
        for flag in db.session.scalars(select(ReviewFlag)):
            found.setdefault(flag.review_id, set()).add(flag.reason)
        return found


@pytest.fixture
def clinic(app, make_user):
    """A practitioner whose listing has a website; it logs in from OWNER_IP and stays there."""
    _, slug, listing_id = owner_and_listing(app, make_user, website=WEBSITE)
    make_user("mod@example.org", role="moderator")
    owner = _login(app, "owner@example.org", OWNER_IP)
    return {"slug": slug, "listing_id": listing_id, "owner": owner}


def _queue(app: Flask) -> str:
    moderator = _login(app, "mod@example.org", ELSEWHERE)
    response = moderator.get("/moderation/flags")
    assert response.status_code == 200
    return html_text.unescape(response.get_data(as_text=True))


# --- the three signals -----------------------------------------------------------------------


def test_account_made_after_the_invitation_from_the_owners_network_is_flagged(app, clinic):
    token = _invite(clinic["owner"], clinic["slug"], "sock@example.net")
    _account(app, "sock@example.net")  # made after the invitation was issued
    review_id = _redeem_and_review(app, token, "sock@example.net", OWNER_IP, clinic["slug"], 5)

    assert _flags(app) == {review_id: {"same_network"}}
    html = _queue(app)
    assert FLAG_REASONS["same_network"] in html
    assert OWNER_IP in html and "owner@example.org" in html
    assert "Smoother skin after three sessions" in html  # the review text
    assert "0 days</strong> before the review" in html  # the reviewer's account age
    # A signal, not a verdict: the review is published and counts.
    page = _client(app, ELSEWHERE).get(f"/practitioners/{clinic['slug']}").get_data(as_text=True)
    assert "Smoother skin after three sessions" in page


def test_same_network_needs_the_account_to_be_newer_than_the_invitation(app, clinic):
    """A long-standing patient who shares the clinic's wifi is not flagged."""
    _account(app, "regular@example.net")
    token = _invite(clinic["owner"], clinic["slug"], "regular@example.net")
    _redeem_and_review(app, token, "regular@example.net", OWNER_IP, clinic["slug"], 5)
    assert _flags(app) == {}


def test_reviewer_at_the_listing_websites_domain_is_flagged(app, clinic):
    _account(app, "frontdesk@glowskin-austin.com")
    token = _invite(clinic["owner"], clinic["slug"], "frontdesk@glowskin-austin.com")
    review_id = _redeem_and_review(
        app, token, "frontdesk@glowskin-austin.com", ELSEWHERE, clinic["slug"], 4
    )
    assert _flags(app) == {review_id: {"website_domain"}}
    html = _queue(app)
    assert FLAG_REASONS["website_domain"] in html
    assert "glowskin-austin.com" in html


def test_website_domain_matches_subdomains_but_not_shared_mail_sites(app, make_user):
    """Mail at a subdomain of the clinic's site counts; a "website" on a shared mail domain
    says nothing about who owns an address there."""
    make_user("owner@example.org", role="practitioner")
    make_user("owner2@example.org", role="practitioner")
    with app.app_context():
        from tests.factories import make_listing

        clinic = make_listing(owner_id=accounts.find_by_email("owner@example.org").id,
                              website="glowskin-austin.com")  # fmt: skip
        gmail = make_listing(owner_id=accounts.find_by_email("owner2@example.org").id,
                             website="https://mail.google.com/")  # fmt: skip
        slugs = clinic.slug, gmail.slug
    for slug, owner, reviewer in (
        (slugs[0], "owner@example.org", "sam@mail.GlowSkin-Austin.com"),
        (slugs[1], "owner2@example.org", "lee@google.com"),
    ):
        _account(app, reviewer)
        token = _invite(_login(app, owner, OWNER_IP), slug, reviewer)
        _redeem_and_review(app, token, reviewer, ELSEWHERE, slug, 4)
    with app.app_context():
        flagged = db.session.scalars(select(ReviewFlag)).all()
        assert [(flag.reason, flag.review.author.email) for flag in flagged] == [
            ("website_domain", "sam@mail.glowskin-austin.com")
        ]


def test_a_burst_of_five_star_invited_reviews_flags_every_review_of_it(app, clinic):
    emails = [f"fan{n}@example.net" for n in range(5)]
    for email in emails:
        _account(app, email)
    review_ids = []
    for n, email in enumerate(emails):
        token = _invite(clinic["owner"], clinic["slug"], email)
        review_ids.append(
            _redeem_and_review(app, token, email, f"192.0.2.{10 + n}", clinic["slug"], 5)
        )
        if n < 4:
            assert _flags(app) == {}, "four 5-star reviews in a week are not a burst"
    assert _flags(app) == {review_id: {"five_star_burst"} for review_id in review_ids}
    html = _queue(app)
    assert html.count(FLAG_REASONS["five_star_burst"]) == 5
    assert (
        "5 five-star reviews of visits vouched for (invited or booked) by owner@example.org" in html
    )


def test_an_honest_review_raises_no_flag(app, clinic):
    _account(app, "dana@example.net")
    token = _invite(clinic["owner"], clinic["slug"], "dana@example.net")
    _redeem_and_review(app, token, "dana@example.net", ELSEWHERE, clinic["slug"], 5)
    assert _flags(app) == {}
    assert "No review is waiting for a look." in _queue(app)


# --- who sees the flags ----------------------------------------------------------------------


@pytest.fixture
def flagged(app, clinic):
    """One review flagged twice (same network and website domain)."""
    token = _invite(clinic["owner"], clinic["slug"], "me@glowskin-austin.com")
    _account(app, "me@glowskin-austin.com")
    review_id = _redeem_and_review(
        app, token, "me@glowskin-austin.com", OWNER_IP, clinic["slug"], 5
    )
    assert _flags(app) == {review_id: {"same_network", "website_domain"}}
    return {**clinic, "review_id": review_id}


def test_flags_are_not_in_the_profile_or_the_api(app, flagged):
    secrets = [*FLAG_REASONS.values(), *FLAG_REASONS, "Worth a look", "worth a look", OWNER_IP]
    for viewer in (
        _client(app, ELSEWHERE),  # anonymous
        _login(app, "me@glowskin-austin.com", ELSEWHERE),  # the reviewer
        flagged["owner"],  # the practitioner
    ):
        for path in (
            f"/practitioners/{flagged['slug']}",
            f"/api/v1/practitioners/{flagged['slug']}",
            f"/api/v1/practitioners/{flagged['slug']}/reviews",
        ):
            response = viewer.get(path)
            assert response.status_code == 200
            body = html_text.unescape(response.get_data(as_text=True))
            assert "Smoother skin" in body or path.endswith(flagged["slug"])
            leaked = [text for text in secrets if text in body]
            assert not leaked, (path, leaked)


def test_only_moderators_open_the_queue_or_decide(app, flagged):
    url = "/moderation/flags"
    for client in (flagged["owner"], _login(app, "me@glowskin-austin.com", ELSEWHERE)):
        assert client.get(url).status_code == 403
        token = csrf_token(client, "/account/")
        response = client.post(
            f"{url}/{flagged['review_id']}", data={"decision": "keep", "csrf_token": token}
        )
        assert response.status_code == 403
    anonymous = _client(app, ELSEWHERE).get(url)
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    assert _flags(app) == {flagged["review_id"]: {"same_network", "website_domain"}}
    with app.app_context():
        assert db.session.scalars(select(ReviewFlag.status)).all() == ["open", "open"]


def _decide(app: Flask, review_id: int, **data) -> tuple[FlaskClient, object]:
    moderator = _login(app, "mod@example.org", ELSEWHERE)
    data["csrf_token"] = csrf_token(moderator, "/moderation/flags")
    return moderator, moderator.post(f"/moderation/flags/{review_id}", data=data)


def _audit(app: Flask) -> list[tuple[str, str, int, str]]:
    with app.app_context():
        return [
            (entry.action, entry.actor.email, entry.target_id, entry.note)
            for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def test_keep_closes_the_flags_and_is_audited(app, flagged):
    review_id = flagged["review_id"]
    moderator, response = _decide(app, review_id, decision="keep", note="Called the patient")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(ReviewFlag.status)).all() == ["kept", "kept"]
        assert db.session.get(Review, review_id).status == "published"
    [(action, actor, target, note)] = _audit(app)
    assert (action, actor, target) == ("review_flags_kept", "mod@example.org", review_id)
    assert "same_network" in note and "Called the patient" in note
    assert "No review is waiting for a look." in moderator.get("/moderation/flags").get_data(
        as_text=True
    )
    log = moderator.get("/moderation/log").get_data(as_text=True)
    assert "Flagged review kept (worth a look)" in log


def test_remove_takes_the_review_down_through_moderation_and_is_audited(app, flagged):
    review_id = flagged["review_id"]
    _, response = _decide(
        app, review_id, decision="remove", reason="conflict_of_interest", note="Owner's own"
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(ReviewFlag.status)).all() == ["removed", "removed"]
        review = db.session.get(Review, review_id)
        assert (review.status, review.removed_reason) == ("removed", "conflict_of_interest")
    [(action, actor, target, note)] = _audit(app)
    assert (action, actor, target) == ("review_flags_removed", "mod@example.org", review_id)
    assert "Conflict of interest" in note and "Owner's own" in note
    page = _client(app, ELSEWHERE).get(f"/practitioners/{flagged['slug']}").get_data(as_text=True)
    assert "Smoother skin after three sessions" not in page
    api = _client(app, ELSEWHERE).get(f"/api/v1/practitioners/{flagged['slug']}").get_json()
    assert api["rating"]["count"] == 0


def test_remove_without_a_reason_is_refused_beside_the_field(app, flagged):
    _, response = _decide(app, flagged["review_id"], decision="remove")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose the reason the review is removed." in html
    assert 'aria-describedby="reason-' in html
    with app.app_context():
        assert db.session.scalars(select(ReviewFlag.status)).all() == ["open", "open"]
        assert db.session.get(Review, flagged["review_id"]).status == "published"
    assert _audit(app) == []


def test_queue_page_structure(app, flagged):
    from tests.pages_helpers import parse_page

    page = parse_page(_queue(app))
    assert page.h1s() == ["Worth a look"]
    assert page.mains == 1
    assert page.unlabelled_controls() == []
    assert page.skipped_heading_levels() == []
    assert page.inline_scripts == 0 and page.style_attributes == []


def test_workspace_counts_reviews_worth_a_look(app, flagged):
    moderator = _login(app, "mod@example.org", ELSEWHERE)
    html = moderator.get("/moderation/").get_data(as_text=True)
    assert re.search(r'queue-count">1</span> review worth a look', html)


# --- login events ----------------------------------------------------------------------------


def test_registration_login_and_remember_me_record_the_address_and_prune_old_ones(app):
    with app.app_context():
        old = accounts.create_user("old@example.org", PASSWORD, "patient", confirmed=True)
        db.session.add(
            LoginEvent(
                user_id=old.id,
                ip="192.0.2.99",
                kind="login",
                created_at=utcnow() - timedelta(days=91),
            )
        )
        db.session.commit()
    visitor = _client(app, "192.0.2.1")
    response = visitor.post(
        "/auth/register",
        data={
            "email": "new@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "display_name": "New",
            "role": "patient",
            "csrf_token": csrf_token(visitor, "/auth/register"),
        },
    )
    assert response.status_code == 302
    phone = _login(app, "new@example.org", "192.0.2.2", remember=True)
    # Next day, the browser comes back with only the remember-me cookie.
    phone.delete_cookie("session")
    phone.environ_base["REMOTE_ADDR"] = "192.0.2.3"
    assert phone.get("/account/").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new@example.org"))
        events = db.session.scalars(
            select(LoginEvent).where(LoginEvent.user_id == user.id).order_by(LoginEvent.id)
        ).all()
        kinds = [(event.kind, event.ip) for event in events]
        assert ("register", "192.0.2.1") in kinds
        assert ("login", "192.0.2.2") in kinds
        assert ("remembered", "192.0.2.3") in kinds
        # Older than 90 days: gone.
        assert db.session.scalars(select(LoginEvent.ip)).all().count("192.0.2.99") == 0


# --- the same attacks through bookings, which the practitioner also confirms --------------------


def _book_attend_and_review(app: Flask, clinic, email: str, ip: str, rating: int = 5) -> int:
    """A patient at ``ip`` requests a booking; the owner accepts it for today and marks it
    attended; the patient reviews the visit. Returns the review id."""
    patient = _login(app, email, ip)
    slug, owner = clinic["slug"], clinic["owner"]
    url = f"/practitioners/{slug}/book"
    data = {"treatment": "microneedling", "preferred_dates": "Any weekday",
            "csrf_token": csrf_token(patient, url)}  # fmt: skip
    assert patient.post(url, data=data).status_code == 302
    with app.app_context():
        from directory.models import BookingRequest

        patient_id = accounts.find_by_email(email).id
        booking_id = db.session.scalar(
            select(BookingRequest.id).where(BookingRequest.patient_id == patient_id)
        )
    token = csrf_token(owner, "/account/bookings")
    owner.post(f"/account/bookings/{booking_id}/accept",
               data={"appointment_on": date.today().isoformat(), "csrf_token": token})  # fmt: skip
    owner.post(f"/account/bookings/{booking_id}/attended", data={"csrf_token": token})
    stars = str(rating)
    assert post_review(patient, slug, rating=stars, results=stars, value=stars).status_code == 302
    with app.app_context():
        return db.session.scalar(select(Review.id).where(Review.author_id == patient_id))


def test_a_fresh_account_from_the_owners_network_reviewing_a_booked_visit_is_flagged(app, clinic):
    _account(app, "sock@example.net")
    review_id = _book_attend_and_review(app, clinic, "sock@example.net", OWNER_IP)
    assert _flags(app) == {review_id: {"same_network"}}


def test_a_burst_of_five_star_booked_reviews_is_flagged(app, clinic):
    ids = []
    for n in range(5):
        _account(app, f"p{n}@example.net")
        ids.append(_book_attend_and_review(app, clinic, f"p{n}@example.net", f"192.0.2.{n + 1}"))
    assert _flags(app) == {review_id: {"five_star_burst"} for review_id in ids}
