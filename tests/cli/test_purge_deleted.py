"""``flask users purge-deleted`` (issue 9): finishes deletions whose 14-day grace is over,
removes personal data, keeps reviews as "Former patient" with their rating (and their text
unless withdrawn), pseudonymises moderators, one transaction per account, idempotent."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from directory import unit_of_work
from directory.extensions import db
from directory.models import (
    AuditEntry,
    BookingRequest,
    Invitation,
    Listing,
    LoginEvent,
    Notification,
    Question,
    RecoveryCode,
    Review,
    ReviewRevision,
    User,
    UserSession,
    VisitProof,
)
from directory.services import account_deletion, accounts
from tests.conftest import PASSWORD, csrf_token
from tests.privacy_helpers import OLD_BODY, REVIEW_BODY, patient_with_history, user_row


def _ask_deletion(app, client, email: str, withdraw: bool = False, days_ago: int = 15) -> None:
    """Delete through the page, then move the request ``days_ago`` into the past."""
    client.post(
        "/auth/login",
        data={
            "email": email,
            "password": PASSWORD,
            "csrf_token": csrf_token(client, "/auth/login"),
        },
    )
    data = {"csrf_token": csrf_token(client, "/account/delete"), "password": PASSWORD}
    if withdraw:
        data["withdraw_text"] = "y"
    assert client.post("/account/delete", data=data).status_code == 302
    with app.app_context():
        user = accounts.find_by_email(email)
        user.deletion_requested_at -= timedelta(days=days_ago)
        db.session.commit()


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_nothing_is_purged_during_the_grace(app, client, runner, make_user):
    made = patient_with_history(app, make_user)
    _ask_deletion(app, client, "patricia@example.org", days_ago=13)
    result = runner.invoke(args=["users", "purge-deleted"])
    assert result.exit_code == 0 and "Deleted 0 accounts." in result.output
    assert user_row(app, made.user_id).email == "patricia@example.org"


def test_purge_removes_personal_data_and_keeps_the_review_anonymised(
    app, client, runner, make_user
):
    made = patient_with_history(app, make_user)
    with app.app_context():
        before = db.session.get(Listing, made.listing_id)
        rating = (before.rating_sum, before.rating_count)
    _ask_deletion(app, client, "patricia@example.org")
    result = runner.invoke(args=["users", "purge-deleted"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 account." in result.output

    with app.app_context():
        user = db.session.get(User, made.user_id)
        assert user.is_deleted and user.display_name == "Former patient"
        assert "patricia" not in user.email and user.email.endswith("@deleted.invalid")
        assert accounts.authenticate(user.email, PASSWORD) is None
        assert accounts.find_by_email("patricia@example.org") is None
        assert user.totp_secret is None
        for model in (Notification, LoginEvent, RecoveryCode, UserSession):
            assert _count(model, model.user_id == made.user_id) == 0, model
        booking = db.session.get(BookingRequest, made.booking_id)
        assert booking.message == "" and booking.preferred_dates == ""
        assert "patricia" not in db.session.get(Invitation, made.invitation_id).email
        proof = db.session.get(VisitProof, made.proof_id)
        assert proof.document_name == "" and proof.status == "rejected"
        assert not (Path(app.config["UPLOAD_DIR"]) / made.proof_file).exists()
        # The question stays with the anonymised account; nothing in it names the person.
        assert db.session.get(Question, made.question_id).author.display_name == "Former patient"
        review = db.session.get(Review, made.review_id)
        assert review.body == REVIEW_BODY and review.status == "published"
        listing = db.session.get(Listing, made.listing_id)
        assert (listing.rating_sum, listing.rating_count) == rating

    profile = client.get(f"/practitioners/{made.slug}").get_data(as_text=True)
    assert "Former patient" in profile and "Patricia K" not in profile
    assert REVIEW_BODY in profile
    api = client.get(f"/api/v1/practitioners/{made.slug}/reviews").get_json()
    assert [item["author"] for item in api["results"]] == ["Former patient"]
    assert api["results"][0]["rating"] == 4

    again = runner.invoke(args=["users", "purge-deleted"])
    assert again.exit_code == 0 and "Deleted 0 accounts." in again.output


def test_purge_removes_emails_to_the_account_and_its_claim_documents(
    app, client, runner, make_user
):
    from directory.models import ListingClaim, OutboxMessage, ReviewFlag
    from directory.services import notifications
    from tests.factories import make_listing

    made = patient_with_history(app, make_user)
    with app.app_context():
        app.config["MAIL_SERVER"] = "127.0.0.1"  # written to the outbox, never delivered here
        app.config["MAIL_DELIVERY"] = "worker"
        notifications.queue_mail("patricia@example.org", "Hello", "A message for Patricia.")
        notifications.queue_mail("someone@example.org", "Hello", "For someone else.")
        listing = make_listing()
        upload = Path(app.config["UPLOAD_DIR"]) / "claimdoc0123456789abcdef01234567.pdf"
        upload.write_bytes(b"%PDF-1.4 claim")
        claim = ListingClaim(
            listing_id=listing.id, claimant_id=made.user_id, npi="1234567893",
            licence_number="RN-1", document_name=upload.name, document_mime="application/pdf",
            document_size=14, email="patricia@clinic.example", status="pending",
        )  # fmt: skip
        db.session.add(claim)
        flag = ReviewFlag(
            review_id=made.review_id, reason="same_network",
            detail="The reviewer's login came from 203.0.113.7 (patricia@example.org).",
        )  # fmt: skip
        db.session.add(flag)
        unit_of_work.commit()
        claim_id, flag_id = claim.id, flag.id
    _ask_deletion(app, client, "patricia@example.org")
    assert runner.invoke(args=["users", "purge-deleted"]).exit_code == 0
    with app.app_context():
        addresses = db.session.scalars(select(OutboxMessage.to_address)).all()
        assert addresses == ["someone@example.org"]  # incl. the "deletion requested" email
        claim = db.session.get(ListingClaim, claim_id)
        assert (claim.document_name, claim.email, claim.status) == ("", "", "rejected")
        detail = db.session.get(ReviewFlag, flag_id).detail  # the flag stays, its details go
        assert "203.0.113.7" not in detail and "patricia" not in detail
    assert not upload.exists()


def test_withdrawn_text_is_replaced_and_the_rating_kept(app, client, runner, make_user):
    made = patient_with_history(app, make_user)
    _ask_deletion(app, client, "patricia@example.org", withdraw=True)
    assert runner.invoke(args=["users", "purge-deleted"]).exit_code == 0
    with app.app_context():
        review = db.session.get(Review, made.review_id)
        assert review.body == account_deletion.WITHDRAWN_TEXT and review.rating == 4
        revisions = db.session.scalars(
            select(ReviewRevision.body).where(ReviewRevision.review_id == made.review_id)
        ).all()
        assert OLD_BODY not in revisions
    profile = client.get(f"/practitioners/{made.slug}").get_data(as_text=True)
    assert "The author withdrew this review&#39;s text." in profile
    assert REVIEW_BODY not in profile
    api = client.get(f"/api/v1/practitioners/{made.slug}/reviews").get_json()
    assert api["results"][0]["body"] == account_deletion.WITHDRAWN_TEXT


def test_a_moderators_audit_entries_keep_a_pseudonym(app, client, runner, make_user, login):
    mod_id = make_user("mod@example.org", role="moderator")
    make_user("boss@example.org", role="admin")
    with app.app_context():
        db.session.add(
            AuditEntry(
                actor_id=mod_id,
                action="report_kept",
                target_type="review",
                target_id=1,
                note="kept",
            )
        )
        db.session.commit()
    from tests.two_factor_helpers import finish_login

    response = client.post(
        "/auth/login",
        data={
            "email": "mod@example.org",
            "password": PASSWORD,
            "csrf_token": csrf_token(client, "/auth/login"),
        },
    )
    finish_login(client, response, "mod@example.org")
    data = {"csrf_token": csrf_token(client, "/account/delete"), "password": PASSWORD}
    assert client.post("/account/delete", data=data).status_code == 302
    with app.app_context():
        user = db.session.get(User, mod_id)
        user.deletion_requested_at -= timedelta(days=15)
        db.session.commit()
    assert runner.invoke(args=["users", "purge-deleted"]).exit_code == 0
    login("boss@example.org")
    log = client.get("/moderation/log").get_data(as_text=True)
    assert f"Moderator #{mod_id}" in log and "mod@example.org" not in log
    with app.app_context():
        assert _count(AuditEntry, AuditEntry.actor_id == mod_id) == 1


def test_a_failure_leaves_that_account_untouched_and_purges_the_others(
    app, client, runner, make_user, monkeypatch
):
    made = patient_with_history(app, make_user)
    _ask_deletion(app, client, "patricia@example.org")
    make_user("second@example.org")
    _ask_deletion(app, app.test_client(), "second@example.org")
    original = account_deletion._purge_reviews

    def broken(user):
        original(user)
        if user.id == made.user_id:
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(account_deletion, "_purge_reviews", broken)
    result = runner.invoke(args=["users", "purge-deleted"])
    assert result.exit_code == 1
    assert "Deleted 1 account." in result.output and "1 account could not" in result.output
    with app.app_context():
        user = db.session.get(User, made.user_id)
        assert user.email == "patricia@example.org" and not user.is_deleted
        assert _count(Notification, Notification.user_id == made.user_id) == 1
        assert (Path(app.config["UPLOAD_DIR"]) / made.proof_file).exists()
        assert accounts.find_by_email("second@example.org") is None
