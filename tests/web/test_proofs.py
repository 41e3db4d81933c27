"""Proof of a visit: a patient uploads a receipt, a moderator verifies it; no one else sees it."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, Visit, VisitProof
from tests.conftest import csrf_token
from tests.review_helpers import owner_and_listing, post_review

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def listing(app, make_user):
    _, slug, listing_id = owner_and_listing(app, make_user)
    patient_id = make_user("pat@example.org")
    return {"slug": slug, "listing_id": listing_id, "patient_id": patient_id}


def _upload(client, slug: str, content: bytes = PDF, name: str = "receipt.pdf", **overrides):
    data = {
        "treatment": "microneedling",
        "visited_on": (date.today() - timedelta(days=20)).isoformat(),
        "document": (io.BytesIO(content), name),
    }
    data.update(overrides)
    data["csrf_token"] = csrf_token(client, f"/practitioners/{slug}/proof")
    return client.post(
        f"/practitioners/{slug}/proof", data=data, content_type="multipart/form-data"
    )


def _proof(app) -> VisitProof | None:
    with app.app_context():
        proof = db.session.scalar(select(VisitProof))
        db.session.expunge_all()
        return proof


def _switch(client, login, email: str) -> None:
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    login(email)


def _decide(client, proof_id: int, decision: str, note: str = ""):
    token = csrf_token(client, "/moderation/proofs")
    return client.post(
        f"/moderation/proofs/{proof_id}",
        data={"decision": decision, "note": note, "csrf_token": token},
    )


def test_proof_verified_by_moderator_allows_review(app, client, make_user, login, listing):
    login("pat@example.org")
    assert _upload(client, listing["slug"]).status_code == 302
    proof = _proof(app)
    assert proof.status == "pending"
    make_user("mod@example.org", role="moderator")
    _switch(client, login, "mod@example.org")
    queue = client.get("/moderation/proofs").get_data(as_text=True)
    assert f"Proof {proof.id}" in queue
    assert _decide(client, proof.id, "verify").status_code == 302
    proof = _proof(app)
    assert proof.status == "verified"
    with app.app_context():
        visit = db.session.get(Visit, proof.visit_id)
        assert visit.verified_by == "proof"
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.action, entry.target_type, entry.target_id) == (
            "proof_verified",
            "visit_proof",
            proof.id,
        )
    _switch(client, login, "pat@example.org")
    assert post_review(client, listing["slug"]).status_code == 302
    profile = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert "Verified visit · proof checked by moderators" in profile


def test_rejection_needs_a_note_and_creates_no_visit(app, client, make_user, login, listing):
    login("pat@example.org")
    _upload(client, listing["slug"])
    proof = _proof(app)
    make_user("mod@example.org", role="moderator")
    _switch(client, login, "mod@example.org")
    _decide(client, proof.id, "reject")
    assert _proof(app).status == "pending"
    _decide(client, proof.id, "reject", "The receipt names a different clinic.")
    assert _proof(app).status == "rejected"
    with app.app_context():
        assert db.session.scalar(select(Visit)) is None
        assert db.session.scalar(select(AuditEntry)).action == "proof_rejected"


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"<html><script>alert(1)</script></html>", "receipt.pdf", "not a PDF, PNG or JPEG"),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024), "big.pdf", "larger than 5 MB"),
    ],
)
def test_bad_documents_are_refused(app, client, login, listing, content, name, message):
    login("pat@example.org")
    response = _upload(client, listing["slug"], content=content, name=name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _proof(app) is None
    uploads = Path(app.config["UPLOAD_DIR"])
    assert not any(uploads.iterdir())


def test_future_visit_date_refused(app, client, login, listing):
    login("pat@example.org")
    future = (date.today() + timedelta(days=2)).isoformat()
    response = _upload(client, listing["slug"], visited_on=future)
    assert response.status_code == 400
    assert _proof(app) is None


def test_document_only_for_moderators_and_uploader(app, client, make_user, login, listing):
    login("pat@example.org")
    _upload(client, listing["slug"])
    proof = _proof(app)
    url = f"/moderation/proofs/{proof.id}/document"
    own = client.get(url)
    assert own.status_code == 200
    assert own.data == PDF
    assert own.headers["X-Content-Type-Options"] == "nosniff"
    assert own.headers["Content-Disposition"].startswith("attachment")
    _switch(client, login, "owner@example.org")
    assert client.get(url).status_code == 404
    make_user("other@example.org")
    _switch(client, login, "other@example.org")
    assert client.get(url).status_code == 404
    make_user("mod@example.org", role="moderator")
    _switch(client, login, "mod@example.org")
    assert client.get(url).status_code == 200


def test_queue_is_for_moderators_only(client, login, listing):
    login("pat@example.org")
    assert client.get("/moderation/proofs").status_code == 403


def test_no_visit_page_offers_the_three_ways(app, client, login, listing):
    login("pat@example.org")
    html = client.get(f"/practitioners/{listing['slug']}/review").get_data(as_text=True)
    assert f"/practitioners/{listing['slug']}/proof" in html
    assert f"/practitioners/{listing['slug']}/book" in html
    assert "cannot block honest reviews" in html
