"""Defects found in the security review, each pinned by a test through the real routes:
absurd ids and page numbers, open redirects after login, a removed reply posted again, and
moderators deciding on matters that concern themselves."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Reply, Report, User, Visit, VisitProof
from directory.services import moderation, reports, two_factor
from tests.conftest import csrf_token
from tests.credentials_helpers import logged_in, make_owner, make_review
from tests.two_factor_helpers import TOTP_SECRET

HUGE = "99999999999999999999999"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def scene(app, make_user):
    """An owner's listing with one review by a patient, a moderator and an admin."""
    owner_id, slug = make_owner(app, make_user)
    review_id = make_review(app, slug, "author@example.org")
    make_user("mod@example.org", role="moderator")
    return {"owner_id": owner_id, "slug": slug, "review_id": review_id}


def _promote(app, email: str) -> None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.role = "moderator"
        # Staff must use two-factor; the promoted account sets it up with the tests' secret.
        two_factor.set_known_secret(user, TOTP_SECRET)
        db.session.commit()


# --- ids and page numbers beyond what the database holds -----------------------------------


@pytest.mark.parametrize(
    "email, path",
    [
        ("author@example.org", f"/reviews/{HUGE}/edit"),
        ("author@example.org", f"/reports/{HUGE}"),
        ("author@example.org", f"/reports/new/review/{HUGE}"),
        ("owner@example.org", f"/account/licences/{HUGE}/document"),
        ("mod@example.org", f"/moderation/accounts/{HUGE}"),
        ("mod@example.org", f"/moderation/credentials/{HUGE}"),
        ("mod@example.org", f"/moderation/reports/{HUGE}"),
    ],
)
def test_absurd_ids_in_urls_are_not_found(app, scene, email, path):
    assert logged_in(app, email).get(path).status_code == 404


def test_absurd_id_in_a_form_action_is_not_found(app, scene):
    client = logged_in(app, "owner@example.org")
    token = csrf_token(client, "/account/reviews")
    response = client.post(f"/account/bookings/{HUGE}/accept", data={"csrf_token": token})
    assert response.status_code == 404


@pytest.mark.parametrize("page", [HUGE, "²", "-3", "abc"])
def test_account_pages_survive_odd_page_numbers(app, scene, page):
    owner = logged_in(app, "owner@example.org")
    assert owner.get(f"/account/reviews?page={page}").status_code == 200
    assert owner.get(f"/account/inbox?page={page}").status_code == 200
    assert logged_in(app, "mod@example.org").get(f"/moderation/log?page={page}").status_code == 200
    assert owner.get(f"/practitioners/{scene['slug']}?page={page}&qpage={page}").status_code == 200


@pytest.mark.parametrize("kind", ["reviews", "questions"])
@pytest.mark.parametrize("page", [HUGE, "²"])
def test_api_lists_refuse_odd_page_numbers_with_400(client, scene, kind, page):
    response = client.get(f"/api/v1/practitioners/{scene['slug']}/{kind}?page={page}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_parameter"


# --- open redirect after login -------------------------------------------------------------


@pytest.mark.parametrize("target", ["/%5Cevil.example", "/%5C%5Cevil.example", "/%09/evil.example"])
def test_login_never_redirects_off_site(client, make_user, login, target):
    make_user("pat@example.org")
    token = csrf_token(client, "/auth/login")
    response = client.post(
        f"/auth/login?next={target}",
        data={"email": "pat@example.org", "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"


def test_login_still_follows_a_local_next(client, make_user):
    make_user("pat@example.org")
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login?next=/account/inbox",
        data={"email": "pat@example.org", "password": "correct horse battery", "csrf_token": token},
    )
    assert response.headers["Location"] == "/account/inbox"


# --- a reply moderators removed cannot be put straight back ---------------------------------


def test_owner_cannot_republish_a_reply_moderators_removed(app, scene):
    owner = logged_in(app, "owner@example.org")
    url = f"/account/reviews/{scene['review_id']}/reply"
    body = "This reviewer is a liar and a fraud, ignore everything they say."
    owner.post(url, data={"body": body, "csrf_token": csrf_token(owner, "/account/reviews")})
    with app.app_context():
        reply = db.session.scalar(select(Reply))
        assert reply.status == "published"
        author = db.session.scalar(select(User).where(User.email == "author@example.org"))
        report = reports.create_report(author, "reply", reply.id, "abusive")
        mod = db.session.scalar(select(User).where(User.email == "mod@example.org"))
        moderation.decide_report(mod, report.id, "remove", "abusive", "")
    owner.post(url, data={"body": body, "csrf_token": csrf_token(owner, "/account/reviews")})
    with app.app_context():
        reply = db.session.scalar(select(Reply))
        assert reply.status == "held"
        assert "moderator removed your earlier reply" in reply.held_reason
    assert body not in app.test_client().get(f"/practitioners/{scene['slug']}").get_data(True)


# --- moderators never decide on their own matters -------------------------------------------


def test_a_moderator_cannot_verify_their_own_proof_of_visit(app, scene, make_user):
    make_user("pat@example.org")
    patient = logged_in(app, "pat@example.org")
    url = f"/practitioners/{scene['slug']}/proof"
    patient.post(
        url,
        data={
            "treatment": "microneedling",
            "visited_on": (date.today() - timedelta(days=20)).isoformat(),
            "document": (io.BytesIO(PDF), "receipt.pdf"),
            "csrf_token": csrf_token(patient, url),
        },
        content_type="multipart/form-data",
    )
    _promote(app, "pat@example.org")  # an admin later makes that patient a moderator
    same = logged_in(app, "pat@example.org")
    with app.app_context():
        proof_id = db.session.scalar(select(VisitProof.id))
    token = csrf_token(same, "/moderation/proofs")
    response = same.post(
        f"/moderation/proofs/{proof_id}",
        data={"decision": "verify", "note": "", "csrf_token": token},
        follow_redirects=True,
    )
    assert "Another moderator must decide" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(VisitProof.status)) == "pending"
        assert db.session.scalar(select(Visit.id).where(Visit.verified_by == "proof")) is None


def test_a_moderator_cannot_decide_a_report_about_their_own_review(app, scene, make_user):
    make_user("reader@example.org")
    with app.app_context():
        reader = db.session.scalar(select(User).where(User.email == "reader@example.org"))
        report_id = reports.create_report(reader, "review", scene["review_id"], "spam").id
    _promote(app, "author@example.org")
    author = logged_in(app, "author@example.org")
    url = f"/moderation/reports/{report_id}"
    response = author.post(
        url,
        data={"decision": "keep", "reason": "", "note": "", "csrf_token": csrf_token(author, url)},
    )
    assert response.status_code == 400
    assert "Another moderator must decide" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Report, report_id).status == "open"


# --- NUL characters (PostgreSQL text cannot hold them) --------------------------------------


def test_nul_characters_are_refused_with_400_and_nothing_is_saved(app, client):
    token = csrf_token(client, "/auth/register")
    response = client.post(
        "/auth/register",
        data={
            "email": "nul@example.org",
            "display_name": "Nul\x00Name",
            "password": "correct horse battery",
            "confirm": "correct horse battery",
            "role": "patient",
            "csrf_token": token,
        },
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.email == "nul@example.org")) is None
    assert client.get("/practitioners/a%00b").status_code == 400
    api = client.get("/api/v1/practitioners/a%00b/reviews")
    assert api.status_code == 400 and "NUL" in api.get_json()["error"]["message"]
