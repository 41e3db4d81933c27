"""Helpers for the licence and moderation tests: accounts per role, listings, documents."""

from __future__ import annotations

import io
from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage

from directory.extensions import db
from directory.models import Licence, Listing, User
from tests.conftest import PASSWORD, csrf_token
from tests.factories import make_listing
from tests.two_factor_helpers import finish_login

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def logged_in(app: Flask, email: str) -> FlaskClient:
    """A fresh client logged in through the real form."""
    client = app.test_client()
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    response = finish_login(client, response, email)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def make_owner(
    app: Flask, make_user, email: str = "owner@example.org", **listing
) -> tuple[int, str]:
    """A practitioner account owning one listing; returns (user id, listing slug)."""
    user_id = make_user(email, role="practitioner", name="Olivia Owner")
    with app.app_context():
        item = make_listing(owner_id=user_id, **listing)
        return user_id, item.slug


def licence_form(slug: str, **overrides) -> dict:
    """Valid licence form data (CONTRACT section 6) with a PDF document."""
    data = {
        "listing": slug,
        "type": "Registered Nurse",
        "number": "RN-889123",
        "authority": "Texas Board of Nursing",
        "jurisdiction": "US-TX",
        "expires_on": (date.today() + timedelta(days=400)).isoformat(),
        "document": (io.BytesIO(PDF), "licence.pdf"),
    }
    data.update(overrides)
    return data


def post_licence(client: FlaskClient, slug: str, **overrides):
    """Submit the licence form as the logged-in owner."""
    data = licence_form(slug, **overrides)
    data["csrf_token"] = csrf_token(client, "/account/licences")
    return client.post("/account/licences", data=data, content_type="multipart/form-data")


def submit_pending(app: Flask, owner_id: int, slug: str, **overrides) -> int:
    """A pending licence with a stored document, through the service; returns its id."""
    from directory.services import credentials

    fields = {
        "listing": slug,
        "type": "Registered Nurse",
        "number": "RN-889123",
        "authority": "Texas Board of Nursing",
        "jurisdiction": "US-TX",
        "expires_on": date.today() + timedelta(days=400),
    }
    fields.update(overrides)
    with app.app_context():
        owner = db.session.get(User, owner_id)
        upload = FileStorage(io.BytesIO(PDF), filename="licence.pdf")
        licence = credentials.submit_licence(owner, credentials.LicenceInput(**fields), upload)
        return licence.id


def licence_state(app: Flask, licence_id: int) -> tuple[str, bool]:
    """(licence status, whether its listing is verified)."""
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        return licence.status, db.session.get(Listing, licence.listing_id).verified


def decide(client: FlaskClient, licence_id: int, decision: str, note: str = ""):
    """Post the moderator decision form."""
    url = f"/moderation/credentials/{licence_id}"
    token = csrf_token(client, url)
    return client.post(url, data={"decision": decision, "note": note, "csrf_token": token})


def make_review(app: Flask, listing_slug: str, author_email: str, rating: int = 2) -> int:
    """A published review by a new patient on the listing (with its verified visit)."""
    from directory.models import Review, Visit
    from directory.services import accounts
    from directory.services.reviews import recompute_listing_rating

    with app.app_context():
        author = accounts.create_user(author_email, PASSWORD, "patient", author_email.split("@")[0])
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == listing_slug))
        visit = Visit(
            listing_id=listing.id,
            patient_id=author.id,
            treatment="microneedling",
            visited_on=date.today() - timedelta(days=20),
            verified_by="invitation",
        )
        db.session.add(visit)
        db.session.flush()
        review = Review(
            visit_id=visit.id,
            listing_id=listing.id,
            author_id=author.id,
            rating=rating,
            results=rating,
            comfort=3,
            cleanliness=4,
            communication=3,
            value=2,
            worth_it="not_sure",
            treatment="microneedling",
            title="Mixed feelings about my session",
            body="The clinic was clean but my redness lasted a week and nobody called back.",
        )
        db.session.add(review)
        recompute_listing_rating(listing)
        db.session.commit()
        return review.id


def submit_claim(app: Flask, claimant_id: int, slug: str, number: str = "RN-889123") -> int:
    """A pending claim with a stored document, through the service; returns its id."""
    from directory.services import claims

    with app.app_context():
        claimant = db.session.get(User, claimant_id)
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == slug))
        upload = FileStorage(io.BytesIO(PDF), filename="licence.pdf")
        data = claims.ClaimInput(npi="1932510609", licence_number=number)
        return claims.submit_claim(claimant, listing, data, upload).id
