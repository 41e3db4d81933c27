"""No user input gives a 500: every route of the URL map, as every role, with odd ids and query
arguments, and every form posted empty or with junk.

The routes come from the app's URL map, so a route added later is covered too. CSRF is off
here on purpose: the point is what the views do with missing and malformed fields.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import BookingRequest, Invitation, Listing, Question, User
from directory.models.base import utcnow
from tests.conftest import PASSWORD
from tests.credentials_helpers import make_review
from tests.factories import make_licence, make_listing
from tests.two_factor_helpers import finish_login

HUGE = "99999999999999999999999"
IDS = ("1", HUGE)
QUERIES = (
    "",
    "?page=abc&qpage=-1&per_page=0&sort=zz&status=zz&q=%00%ff",
    f"?page={HUGE}&qpage={HUGE}&date_from=2024-13-45&date_to=x&actor=zz&action=zz",
    "?page=%C2%B2&near=nowhere&radius_km=-5&min_rating=x&skin_type=9&max_price=1e400",
)
JUNK = {
    "decision": "zzz",
    "listing": "nope",
    "email": "x",
    "body": "",
    "reason": "zz",
    "open": "1",
    "treated_on": "2020-99-99",
    "expires_on": "zzz",
    "appointment_on": "x",
    "rating": HUGE,
    "price_paid": HUGE,
    "visit": HUGE,
    "practicing_since": HUGE,
    "page": "x",
}
ROLES = (None, "patient", "practitioner", "moderator", "admin")
SKIP = {"static", "bootstrap.static", "auth.logout"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": False}


@pytest.fixture
def world(app, make_user):
    """One of everything, so id 1 of most tables exists: listing, review, question, booking,
    invitation, licence; one account per role."""
    owner_id = make_user("practitioner@example.org", role="practitioner")
    patient_id = make_user("patient@example.org")
    make_user("moderator@example.org", role="moderator")
    make_user("admin@example.org", role="admin")
    with app.app_context():
        listing = make_listing(owner_id=owner_id)
        make_licence(listing, status="pending")
        slug = listing.slug
    make_review(app, slug, "author@example.org")
    with app.app_context():
        listing = db.session.scalar(select(Listing).where(Listing.slug == slug))
        db.session.add_all(
            [
                Question(
                    listing_id=listing.id, author_id=patient_id, topic="price",
                    body="What is the price per session?", public=True, status="open",
                ),
                BookingRequest(
                    listing_id=listing.id, patient_id=patient_id, treatment="microneedling",
                    preferred_dates="any weekday", status="requested",
                ),
                Invitation(
                    token="t" * 32, listing_id=listing.id, email="patient@example.org",
                    treated_on=date.today() - timedelta(days=3), treatment="microneedling",
                    created_by_id=owner_id, expires_at=utcnow() + timedelta(days=30),
                ),
            ]
        )  # fmt: skip
        db.session.commit()
    return {"slug": slug}


def _urls(app, slug: str):
    """(rule, url) for every route, each variable filled with a real and an absurd value."""
    values = {"slug": (slug, "no-such-listing", "nul%00"), "token": ("t" * 32, "x" * 80)}
    values["target_type"] = ("review", "listing", "essay")
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP:
            continue
        names = list(rule.arguments)
        for combo in itertools.product(*(values.get(name, IDS) for name in names)):
            url = rule.rule
            for name, value in zip(names, combo, strict=True):
                url = re.sub(rf"<(?:[^:<>]+:)?{name}>", value, url)
            yield rule, url


def test_no_route_answers_500_to_odd_input(app, world):
    failures = []
    for role in ROLES:
        client = app.test_client()
        if role:
            response = client.post(
                "/auth/login", data={"email": f"{role}@example.org", "password": PASSWORD}
            )
            response = finish_login(client, response, f"{role}@example.org", with_csrf=False)
            assert response.status_code == 302
        for rule, url in _urls(app, world["slug"]):
            if "GET" in rule.methods:
                for query in QUERIES:
                    status = client.get(url + query).status_code
                    if status >= 500 and status != 503:  # 503: search index not built
                        failures.append(f"{role} GET {url}{query} -> {status}")
            if "POST" in rule.methods:
                for data in ({}, JUNK):
                    status = client.post(url, data=data).status_code
                    if status >= 500:
                        failures.append(f"{role} POST {url} {sorted(data)[:3]} -> {status}")
    assert not failures, "\n".join(failures)


def test_world_has_the_objects_the_sweep_expects(app, world):
    """Guards the sweep itself: id 1 must name real objects, or it only tests 404s."""
    with app.app_context():
        assert db.session.get(Question, 1) is not None
        assert db.session.get(BookingRequest, 1) is not None
        assert db.session.get(User, 1).role == "practitioner"
