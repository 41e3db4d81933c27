"""``flask demo load``: realistic, consistent, deterministic demo data, through the CLI runner."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from directory import create_app, indexing
from directory.demo.common import BASE_DATE, DEMO_PASSWORD, DEMO_TOTP_SECRET
from directory.demo.profiles import RF_DEVICES
from directory.extensions import db
from directory.models import LICENCE_STATUSES, Invitation, Licence, Listing, Review
from directory.services.catalogue import sync_catalogue
from tests.conftest import _drop_schema, _postgres_schema_url, csrf_token
from tests.two_factor_helpers import code_for

DEMO_ACCOUNTS = (
    "patient@needlewise.local",
    "practitioner@needlewise.local",
    "moderator@needlewise.local",
    "admin@needlewise.local",
)
_WORD = re.compile(r"\S+")


def _fresh_app(folder: Path) -> tuple[Flask, str | None]:
    """An app on its own empty database (a PostgreSQL schema when TEST_DATABASE_URL is set),
    with an empty search index so the load's commit reaches it."""
    base_url = os.environ.get("TEST_DATABASE_URL")
    schema = None
    if base_url:
        url, schema = _postgres_schema_url(base_url)
    else:
        url = f"sqlite:///{folder / 'demo.db'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "PASSWORD_HASH_FAST": True,
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": url,
            "SEARCH_INDEX_DIR": str(folder / "index"),
            "UPLOAD_DIR": str(folder / "uploads"),
        }
    )
    with app.app_context():
        db.create_all()
        indexing.get_index().rebuild([], last_seq=0)
    return app, schema


def _dispose(app: Flask, schema: str | None) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if schema:
        _drop_schema(os.environ["TEST_DATABASE_URL"], schema)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Iterator[tuple[Flask, str]]:
    """One default demo load shared by the read-only tests (loading takes a few seconds)."""
    app, schema = _fresh_app(tmp_path_factory.mktemp("demo"))
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    yield app, result.output
    _dispose(app, schema)


def _scalar(statement):
    return db.session.scalar(statement)


def test_default_load_reports_what_it_made_and_the_accounts(loaded):
    app, output = loaded
    assert re.search(r"^\s+3[0-9]{2}\s+listings$", output, re.M), output
    for email in DEMO_ACCOUNTS:
        assert email in output
    assert f"password: {DEMO_PASSWORD}" in output
    with app.app_context():
        assert _scalar(select(func.count(Listing.id))) >= 300
        places = select(Listing.city, Listing.state).distinct().subquery()
        assert _scalar(select(func.count()).select_from(places)) >= 30
        assert _scalar(select(func.count(func.distinct(Listing.state)))) >= 15
        statuses = set(db.session.scalars(select(Licence.status).distinct()))
        assert statuses == set(LICENCE_STATUSES)


def test_ratings_match_the_published_reviews(loaded):
    app, _ = loaded
    with app.app_context():
        rows = db.session.execute(
            select(Review.listing_id, func.count(Review.id), func.sum(Review.rating))
            .where(Review.status == "published")
            .group_by(Review.listing_id)
        )
        counted = {listing_id: (count, total) for listing_id, count, total in rows}
        listings = db.session.scalars(select(Listing)).all()
        for listing in listings:
            assert (listing.rating_count, listing.rating_sum) == counted.get(listing.id, (0, 0))
        assert sum(listing.rating_count for listing in listings) > 1000
        ratings = set(db.session.scalars(select(Review.rating).distinct()))
        assert ratings == {1, 2, 3, 4, 5}  # honest low ratings too
        removed = db.session.scalars(select(Review).where(Review.status == "removed")).all()
        assert removed and all(review.removed_reason for review in removed)


def test_verified_badges_follow_current_licences(loaded):
    app, _ = loaded
    with app.app_context():
        soon = no_expiry = 0
        for listing in db.session.scalars(select(Listing)):
            current = [lic for lic in listing.licences if lic.is_current(BASE_DATE)]
            assert listing.verified_on(BASE_DATE) is bool(current), listing.slug
            through = [lic.valid_through for lic in listing.licences if lic.valid_through]
            assert listing.verified_until == max(through, default=None)
            # Whatever the date the demo is looked at, no badge rests on a lapsed licence.
            for day in (date.today(), date.today() + timedelta(days=400)):
                assert listing.verified_on(day) is any(
                    lic.is_current(day) for lic in listing.licences
                ), listing.slug
            for licence in listing.licences:
                if licence.status == "verified":
                    assert licence.recheck_due_on is not None, listing.slug
                    assert licence.recheck_due_on == (licence.expires_on or licence.recheck_due_on)
            for licence in listing.licences:
                assert licence.jurisdiction == f"US-{listing.state}"
                if licence.status in ("verified", "expired", "revoked"):
                    assert licence.verified_at and licence.verified_by_id
                if licence.status in ("rejected", "revoked"):
                    assert licence.decision_note and licence.decided_by_id
                if licence.is_current(BASE_DATE):
                    soon += licence.valid_through <= BASE_DATE + timedelta(days=30)
                    no_expiry += licence.expires_on is None
        assert soon >= 1
        assert no_expiry >= 1  # some licences are re-checked periodically instead


def test_pending_licences_have_a_real_pdf_moderators_can_open(loaded):
    app, _ = loaded
    with app.app_context():
        pending = db.session.scalars(select(Licence).where(Licence.status == "pending")).all()
        barred = [
            lic
            for lic in pending
            if lic.listing.profession == "esthetician"
            and lic.listing.state in {"CA", "FL", "NY", "TX"}
        ]
        assert barred, "moderators should see estheticians in states that bar micro-needling"
        for licence in pending:
            path = Path(app.config["UPLOAD_DIR"]) / licence.document_name
            data = path.read_bytes()
            assert data.startswith(b"%PDF-1.4") and len(data) == licence.document_size
            assert licence.document_mime == "application/pdf"
        licence_id = pending[0].id
    client = app.test_client()
    _log_in(client, "moderator@needlewise.local")
    response = client.get(f"/moderation/credentials/{licence_id}/document")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF-1.4")


def _log_in(client, email: str):
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login", data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token}
    )
    if response.headers.get("Location", "").startswith("/auth/two-factor"):
        code = code_for(client.application, email, DEMO_TOTP_SECRET)
        token = csrf_token(client, "/auth/two-factor")
        response = client.post("/auth/two-factor", data={"code": code, "csrf_token": token})
    return response


def test_demo_staff_sign_in_with_the_code_flask_users_totp_prints(loaded):
    app, _ = loaded
    client = app.test_client()
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login",
        data={"email": "admin@needlewise.local", "password": DEMO_PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"].startswith("/auth/two-factor")
    result = app.test_cli_runner().invoke(args=["users", "totp", "admin@needlewise.local"])
    assert result.exit_code == 0, result.output
    token = csrf_token(client, "/auth/two-factor")
    response = client.post(
        "/auth/two-factor", data={"code": result.output.strip(), "csrf_token": token}
    )
    assert response.status_code == 302
    assert client.get("/moderation/").status_code == 200
    unknown = app.test_cli_runner().invoke(args=["users", "totp", "nobody@example.com"])
    assert unknown.exit_code != 0 and "No account" in unknown.output


@pytest.mark.parametrize("email", DEMO_ACCOUNTS)
def test_the_demo_accounts_log_in(loaded, email):
    app, _ = loaded
    client = app.test_client()
    response = _log_in(client, email)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert client.get("/account/").status_code == 200


def test_demo_practitioner_has_work_waiting(loaded):
    app, _ = loaded
    client = app.test_client()
    _log_in(client, "practitioner@needlewise.local")
    questions = client.get("/account/questions").get_data(as_text=True)
    assert "Amara Okafor" in questions
    invitations = client.get("/account/invitations").get_data(as_text=True)
    assert "casey.w@example.net" in invitations


def test_listings_are_searchable_and_profiles_render(loaded):
    app, _ = loaded
    client = app.test_client()
    for query in ("vampire facial", "collagen induction therapy", "acne scars"):
        body = client.get("/api/v1/practitioners", query_string={"q": query}).get_json()
        assert body["total"] > 0, query
    with app.app_context():
        flagship = _scalar(select(Listing).where(Listing.slug == "amara-okafor-austin"))
        title = _scalar(
            select(Review.title)
            .where(Review.listing_id == flagship.id, Review.status == "published")
            .order_by(Review.created_at.desc())
        )
        assert flagship.rating_count >= 15
    page = client.get("/practitioners/amara-okafor-austin")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Amara Okafor" in html and title.replace("'", "&#39;") in html


def test_listing_details_are_believable(loaded):
    app, _ = loaded
    with app.app_context():
        listings = db.session.scalars(select(Listing)).all()
        bios = [listing.bio for listing in listings]
        assert len(set(bios)) == len(bios)
        for listing in listings:
            assert 80 <= len(_WORD.findall(listing.bio)) <= 200, listing.bio
            assert "lorem" not in listing.bio.lower()
            assert re.fullmatch(r"\+1 \d{3} 555 01\d\d", listing.phone)
            assert 1990 <= listing.practicing_since <= 2024
            assert 100 <= listing.price_min <= listing.price_max <= 2000
            treatments = {t.slug for t in listing.treatments}
            if not treatments & {"prp_microneedling", "rf_microneedling"}:
                assert listing.price_max <= 700
            if {d.slug for d in listing.devices} & set(RF_DEVICES):
                assert "rf_microneedling" in treatments
            if listing.profession == "dermatologist":
                assert listing.credentials.split(",")[0] in ("MD", "DO")
            if listing.profession == "physician_assistant":
                assert listing.credentials.endswith("PA-C")
        assert any("vampire facial" in bio for bio in bios)
        assert any("collagen induction therapy" in bio.lower() for bio in bios)


def test_if_empty_skips_a_database_that_has_listings(loaded):
    app, _ = loaded
    runner = app.test_cli_runner()
    with app.app_context():
        before = _scalar(select(func.count(Listing.id)))
    skipped = runner.invoke(args=["demo", "load", "--if-empty"])
    assert skipped.exit_code == 0
    assert f"Demo data not loaded: the database already holds {before} listings." in skipped.output
    refused = runner.invoke(args=["demo", "load", "--practitioners", "20"])
    assert refused.exit_code == 1
    assert "empty database" in refused.output
    with app.app_context():
        assert _scalar(select(func.count(Listing.id))) == before


def _fingerprint(app: Flask) -> dict[str, list]:
    with app.app_context():
        return {
            "slugs": list(db.session.scalars(select(Listing.slug).order_by(Listing.id))),
            "bios": list(db.session.scalars(select(Listing.bio).order_by(Listing.id))),
            "reviews": list(db.session.scalars(select(Review.body).order_by(Review.id))),
            "tokens": list(db.session.scalars(select(Invitation.token).order_by(Invitation.id))),
        }


def test_the_same_seed_gives_the_same_data(app, runner, tmp_path):
    with app.app_context():
        indexing.get_index().rebuild([], last_seq=0)
    args = ["demo", "load", "--practitioners", "30", "--seed", "7"]
    assert runner.invoke(args=args).exit_code == 0
    other, schema = _fresh_app(tmp_path / "second")
    try:
        result = other.test_cli_runner().invoke(args=args)
        assert result.exit_code == 0, result.output
        first, second = _fingerprint(app), _fingerprint(other)
        assert first == second
        assert len(first["slugs"]) == 30 and len(first["reviews"]) > 30
    finally:
        _dispose(other, schema)
    third, schema = _fresh_app(tmp_path / "third")
    try:
        third.test_cli_runner().invoke(args=["demo", "load", "--practitioners", "30"])
        assert _fingerprint(third)["bios"] != first["bios"]
    finally:
        _dispose(third, schema)


def test_a_small_load_still_has_every_licence_status(app, runner):
    with app.app_context():
        sync_catalogue()
    result = runner.invoke(args=["demo", "load", "--practitioners", "12", "--seed", "3"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        statuses = set(db.session.scalars(select(Licence.status).distinct()))
        assert statuses == set(LICENCE_STATUSES)


def test_every_fact_filter_has_demo_results(loaded):
    """Issue 11: in ``make run`` each fact a patient filters on finds someone, and per-treatment
    prices agree with the price range the bio quotes."""
    app, _ = loaded
    client = app.test_client()
    queries = ("language=es", "evenings=true", "weekends=true", "payment=carecredit",
               "payment=hsa_fsa", "gender=male", "free_consultation=true",
               "accepting_new_patients=true", "darker_skin=true", "q=skin+of+color")  # fmt: skip
    for query in queries:
        body = client.get(f"/api/v1/practitioners?{query}").get_json()
        assert body["total"] > 0, query
    with app.app_context():
        for listing in db.session.scalars(select(Listing)):
            if listing.treatment_prices:
                prices = listing.treatment_prices.values()
                assert (min(prices), max(prices)) == (listing.price_min, listing.price_max)
