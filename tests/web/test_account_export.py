"""/account/export (issue 9, GDPR Art. 15/20): one JSON file with everything stored about the
account, as an attachment that is never cached, without any secret."""

from __future__ import annotations

import json
from datetime import date

from directory.extensions import db
from directory.models import ListingClaim, User
from directory.services import two_factor
from tests.conftest import csrf_token
from tests.factories import make_licence, make_listing
from tests.privacy_helpers import (
    BOOKING_MESSAGE,
    OLD_BODY,
    QUESTION_BODY,
    REVIEW_BODY,
    patient_with_history,
)


def _download(client):
    return client.post(
        "/account/export", data={"csrf_token": csrf_token(client, "/account/export")}
    )


def test_export_needs_login_and_a_form_token(client, make_user, login):
    assert client.get("/account/export").status_code == 302
    make_user("pat@example.org")
    login("pat@example.org")
    assert client.post("/account/export").status_code == 400


def test_export_is_an_uncached_attachment_with_every_section(app, client, make_user, login):
    made = patient_with_history(app, make_user)
    login("patricia@example.org")
    response = _download(client)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=needlewise-export-{date.today().isoformat()}.json"
    )
    assert "no-store" in response.headers["Cache-Control"]
    data = json.loads(response.get_data(as_text=True))

    assert data["profile"]["email"] == "patricia@example.org"
    assert data["profile"]["display_name"] == "Patricia K"
    (review,) = data["reviews"]
    assert review["body"] == REVIEW_BODY and review["listing"] == made.slug
    assert [revision["body"] for revision in review["revisions"]] == [OLD_BODY]
    assert review["reply"]["body"] == "Thank you!"
    (question,) = data["questions"]
    assert question["body"] == QUESTION_BODY and question["answer"]["body"] == "Yes, always."
    assert [visit["listing_id"] for visit in data["visits"]] == [made.listing_id]
    assert data["bookings"][0]["message"] == BOOKING_MESSAGE
    (proof,) = data["proofs"]
    assert proof["id"] == made.proof_id and proof["document_mime"] == "application/pdf"
    assert [inv["id"] for inv in data["invitations_received"]] == [made.invitation_id]
    assert [note["message"] for note in data["notifications"]] == ["They replied."]
    assert len(data["sessions"]) == 1  # this login
    assert {event["ip"] for event in data["login_events"]} >= {"203.0.113.7"}
    assert [entry["note"] for entry in data["audit_log"]] == ["test entry"]


def test_export_holds_no_secret(app, client, make_user, login):
    patient_with_history(app, make_user)
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "patricia@example.org"))
        two_factor.set_known_secret(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        db.session.commit()
        secrets = [user.password_hash, user.totp_secret, user.session_token]
        secrets += [code.code_hash for code in user.recovery_codes]
    from tests.two_factor_helpers import finish_login

    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login",
        data={
            "email": "patricia@example.org",
            "password": "correct horse battery",
            "csrf_token": token,
        },
    )
    finish_login(client, response, "patricia@example.org")
    text = _download(client).get_data(as_text=True)
    data = json.loads(text)
    for secret in secrets:
        assert secret and secret not in text
    for key in ("password_hash", "totp_secret", "session_token", "key_hash", "token"):
        assert key not in text.replace('"session_token', "")  # no such key anywhere
    assert all("key_hash" not in record for record in data["sessions"])
    assert all("token" not in invitation for invitation in data["invitations_received"])


def test_a_practitioners_export_holds_listings_claims_licences(app, client, make_user, login):
    owner_id = make_user("doc@example.org", role="practitioner")
    with app.app_context():
        listing = make_listing(owner_id=owner_id, name="Dr Export")
        make_licence(listing, status="pending", submitted_by_id=owner_id, number="RN-778")
        other = make_listing(name="Claimed Clinic")
        db.session.add(
            ListingClaim(
                listing_id=other.id,
                claimant_id=owner_id,
                npi="1234567890",
                licence_number="RN-778",
                document_name="c.pdf",
                document_mime="application/pdf",
                document_size=10,
            )
        )
        db.session.commit()
    login("doc@example.org")
    data = _download(client).get_json()
    assert [row["name"] for row in data["listings_owned"]] == ["Dr Export"]
    assert [row["number"] for row in data["licences_submitted"]] == ["RN-778"]
    assert [row["npi"] for row in data["claims"]] == ["1234567890"]
    assert "document_name" not in data["claims"][0]


def test_an_unconfirmed_account_gets_no_invitations_sent_to_its_address(
    app, client, make_user, login
):
    # Someone registered the address of a treated patient without proving it: the invitations
    # the practitioner mailed there (listing, treatment, date) are not theirs to download.
    from datetime import timedelta

    from directory.models import Invitation
    from directory.models.base import utcnow

    owner_id = make_user("owner@example.org", role="practitioner")
    make_user("treated@example.org", confirmed=False)
    with app.app_context():
        listing = make_listing(owner_id=owner_id)
        db.session.add(
            Invitation(
                listing_id=listing.id, email="treated@example.org", treatment="microneedling",
                treated_on=date(2026, 11, 2), token="t" * 32, created_by_id=owner_id,
                expires_at=utcnow() + timedelta(days=30),
            )
        )  # fmt: skip
        db.session.commit()
    login("treated@example.org")
    data = json.loads(_download(client).data)
    assert data["invitations_received"] == []
