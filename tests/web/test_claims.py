"""Claiming an imported listing: the form, the moderators' queue, decisions, disputes, the
practice-email link, and the claimed/unclaimed label on the profile."""

from __future__ import annotations

import io
import re
import socket
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEntry, Listing, ListingClaim, Notification, User
from directory.services import claims
from tests.conftest import csrf_token
from tests.credentials_helpers import HTML, PDF, logged_in

DATA = Path(__file__).resolve().parents[1] / "data" / "npi"
COOPER_NPI, COOPER_LICENCE = "1932510609", "RN136292"


@pytest.fixture
def imported(app, runner, make_user):
    """The NPPES sample imported; a claimant, a rival, a patient and a moderator."""
    runner.invoke(args=["import", "npi", str(DATA / "nppes_monthly.csv")])
    for email in ("chandra@example.org", "rival@example.org"):
        make_user(email, role="practitioner")
    make_user("pat@example.org")
    make_user("mod@example.org", role="moderator")
    with app.app_context():
        return db.session.scalar(
            select(Listing.slug).where(Listing.external_id == f"npi:{COOPER_NPI}")
        )


def claim_form(client, slug: str, **overrides):
    data = {
        "npi": COOPER_NPI,
        "licence_number": COOPER_LICENCE,
        "document": (io.BytesIO(PDF), "licence.pdf"),
        "csrf_token": csrf_token(client, f"/practitioners/{slug}/claim"),
    }
    data.update(overrides)
    return client.post(
        f"/practitioners/{slug}/claim", data=data, content_type="multipart/form-data"
    )


def the_listing(app, slug: str) -> Listing:
    with app.app_context():
        listing = db.session.scalar(select(Listing).where(Listing.slug == slug))
        db.session.expunge(listing)
        return listing


def user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def claim_rows(app) -> list[tuple[int, str, bool]]:
    with app.app_context():
        rows = db.session.execute(
            select(ListingClaim.claimant_id, ListingClaim.status, ListingClaim.dispute).order_by(
                ListingClaim.id
            )
        )
        return [tuple(row) for row in rows]


def decide(client, claim_id: int, decision: str, note: str = ""):
    url = f"/moderation/claims/{claim_id}"
    return client.post(
        url, data={"decision": decision, "note": note, "csrf_token": csrf_token(client, url)}
    )


def test_the_profile_says_who_wrote_the_listing(app, client, imported):
    page = client.get(f"/practitioners/{imported}").text
    assert "Unclaimed: this listing was created from public registry data" in re.sub(
        r"<[^>]+>", "", page
    )
    assert f"/auth/login?next=/practitioners/{imported}/claim" in page
    assert "Claimed by the practitioner" not in page
    # no invented facts on an imported listing
    assert "Not stated" in page


def test_a_practitioner_claims_and_a_moderator_approves(app, imported):
    chandra = logged_in(app, "chandra@example.org")
    assert "Claim this listing" in chandra.get(f"/practitioners/{imported}").text
    response = claim_form(chandra, imported)
    assert response.status_code == 302 and response.headers["Location"] == "/account/claims"
    mine = chandra.get("/account/claims").text
    assert "Pending" in mine and COOPER_NPI in mine
    moderator = logged_in(app, "mod@example.org")
    queue = moderator.get("/moderation/claims").text
    assert "Chandra Cooper" in queue and "chandra@example.org" in queue
    detail = moderator.get("/moderation/claims/1").text
    # the claim, the listing's NPPES data and the board lookup side by side
    assert "matches the listing" in detail
    assert "363LF0000X (primary)" in detail and "2200 Galleria Parkway" in detail
    assert "https://verify.sos.ga.gov/verification/" in detail  # Georgia Board of Nursing
    assert moderator.get("/moderation/claims/1/document").status_code == 200
    assert decide(moderator, 1, "approve").status_code == 302
    listing = the_listing(app, imported)
    assert listing.owner_id == user_id(app, "chandra@example.org")
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "claim_approved"))
        assert entry.target_id == listing.id and "chandra@example.org" in entry.note
        inbox = db.session.scalars(
            select(Notification.message).where(Notification.user_id == listing.owner_id)
        ).all()
    assert any("was approved" in message for message in inbox)
    page = chandra.get(f"/practitioners/{imported}").text
    assert "Claimed by the practitioner" in page and "Edit listing" in page
    assert "Unclaimed:" not in page


def test_bad_claims_are_refused_beside_their_field_and_leave_nothing(app, imported):
    chandra = logged_in(app, "chandra@example.org")
    cases = [
        ({"npi": "1932510608"}, "Enter your 10-digit NPI"),  # check digit wrong
        ({"npi": "1043467608"}, "not the one on this listing"),  # another real NPI
        ({"licence_number": "RN999999"}, "not the one on the listing"),
        ({"document": (io.BytesIO(HTML), "licence.pdf")}, "not a PDF, PNG or JPEG"),
        ({"document": (io.BytesIO(b""), "")}, "Choose a document"),
        ({"email": "me@gmail.com"}, "no website"),
    ]
    for overrides, message in cases:
        response = claim_form(chandra, imported, **overrides)
        assert response.status_code == 400, overrides
        assert message in response.text, overrides
        assert 'value="' in response.text  # the form comes back filled in
    assert claim_rows(app) == []
    uploads = Path(app.config["UPLOAD_DIR"])
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_only_practitioners_claim(app, client, imported):
    assert client.get(f"/practitioners/{imported}/claim").status_code == 302  # to log in
    patient = logged_in(app, "pat@example.org")
    assert patient.get(f"/practitioners/{imported}/claim").status_code == 403
    assert claim_rows(app) == []


def test_a_rejection_needs_a_note_the_claimant_reads(app, imported):
    claim_form(logged_in(app, "chandra@example.org"), imported)
    moderator = logged_in(app, "mod@example.org")
    refused = decide(moderator, 1, "reject")
    assert refused.status_code == 400 and "Tell the claimant why" in refused.text
    decide(moderator, 1, "reject", "The document shows another name.")
    assert claim_rows(app) == [(user_id(app, "chandra@example.org"), "rejected", False)]
    mine = logged_in(app, "chandra@example.org").get("/account/claims").text
    assert "Rejected" in mine and "The document shows another name." in mine
    assert the_listing(app, imported).owner_id is None


def test_competing_claims_are_both_shown_and_a_dispute_moves_ownership(app, imported):
    claim_form(logged_in(app, "rival@example.org"), imported)
    claim_form(logged_in(app, "chandra@example.org"), imported)
    moderator = logged_in(app, "mod@example.org")
    queue = moderator.get("/moderation/claims").text
    assert "2 competing claims" in queue
    assert "rival@example.org" in queue and "chandra@example.org" in queue
    assert "claim 2 by chandra@example.org" in moderator.get("/moderation/claims/1").text
    decide(moderator, 1, "approve")  # the rival gets it first...
    rival, chandra = user_id(app, "rival@example.org"), user_id(app, "chandra@example.org")
    assert the_listing(app, imported).owner_id == rival
    detail = moderator.get("/moderation/claims/2").text
    assert "Approving this claim moves it to chandra@example.org" in detail
    decide(moderator, 2, "approve")  # ...and the real practitioner wins the dispute
    assert the_listing(app, imported).owner_id == chandra
    with app.app_context():
        notes = db.session.scalars(
            select(AuditEntry.note).where(AuditEntry.action == "claim_approved")
        ).all()
        told = db.session.scalar(
            select(func.count()).where(Notification.user_id == rival,
                                       Notification.message.contains("another practitioner"))
        )  # fmt: skip
    assert any("ownership moved from rival@example.org" in note for note in notes)
    assert told == 1


def test_an_owned_listing_can_only_be_disputed(app, imported):
    claim_form(logged_in(app, "chandra@example.org"), imported)
    decide(logged_in(app, "mod@example.org"), 1, "approve")
    rival = logged_in(app, "rival@example.org")
    page = rival.get(f"/practitioners/{imported}").text
    assert "Open a dispute" in page and "Is this you? " not in page
    assert "Dispute this listing" in rival.get(f"/practitioners/{imported}/claim").text
    claim_form(rival, imported)
    assert claim_rows(app)[-1] == (user_id(app, "rival@example.org"), "pending", True)
    again = claim_form(rival, imported)
    assert again.status_code == 400 and "already waiting" in again.text


def test_a_hidden_listing_cannot_be_claimed(app, runner, imported):
    runner.invoke(args=["import", "npi", str(DATA / "nppes_weekly.csv")])  # hides Wansky
    with app.app_context():
        slug = db.session.scalar(
            select(Listing.slug).where(Listing.external_id == "npi:1043467608")
        )
    chandra = logged_in(app, "chandra@example.org")
    assert chandra.get(f"/practitioners/{slug}/claim").status_code == 404


@pytest.fixture
def limited(app_config):
    app_config.update({"RATELIMIT_ENABLED": True, "CLAIM_RATE_LIMIT": "2 per day"})
    return app_config


def test_claim_submissions_are_rate_limited_per_account(limited, app, imported):
    chandra = logged_in(app, "chandra@example.org")
    for _ in range(2):
        claim_form(chandra, imported, npi="123")  # refused, but counted: each may store a file
    assert claim_form(chandra, imported).status_code == 429
    assert claim_rows(app) == []
    # another account is not held back by Chandra's limit
    assert claim_form(logged_in(app, "rival@example.org"), imported).status_code == 302


# -- the practice email ------------------------------------------------------------------------


class Mailbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def mailbox(app_config):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app_config.update({"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
                       "SITE_URL": "https://needlewise.example"})  # fmt: skip
    yield box
    controller.stop()


def test_the_practice_email_is_confirmed_by_a_signed_link(mailbox, app, imported):
    with app.app_context():
        listing = db.session.scalar(select(Listing).where(Listing.slug == imported))
        listing.website = "https://www.coopernp.example"
        db.session.commit()
    chandra = logged_in(app, "chandra@example.org")
    wrong = claim_form(chandra, imported, email="chandra@gmail.com")
    assert wrong.status_code == 400 and "domain, coopernp.example" in wrong.text
    data = {
        "npi": COOPER_NPI, "licence_number": COOPER_LICENCE, "email": "chandra@coopernp.example",
        "document": (io.BytesIO(PDF), "licence.pdf"),
        "csrf_token": csrf_token(chandra, f"/practitioners/{imported}/claim"),
    }  # fmt: skip
    # the same session, sent with a forged Host header
    for name in ("session", "remember_token"):
        cookie = chandra.get_cookie(name)
        if cookie is not None:
            chandra.set_cookie(name, cookie.value, domain="evil.example")
    sent = chandra.post(f"/practitioners/{imported}/claim", data=data,
                        content_type="multipart/form-data",
                        base_url="http://evil.example")  # fmt: skip
    assert sent.status_code == 302 and sent.request.host == "evil.example"
    [message] = mailbox.messages
    assert message["To"] == "chandra@coopernp.example"
    link = re.search(r"https?://\S+/claims/confirm/\S+", message.get_content()).group(0)
    assert link.startswith("https://needlewise.example/claims/confirm/")  # never the Host
    path = link.removeprefix("https://needlewise.example")
    stranger = app.test_client()
    page = stranger.get(path)
    assert page.status_code == 200 and "Confirm this address" in page.text
    with app.app_context():
        assert db.session.get(ListingClaim, 1).email_confirmed_at is None  # a GET confirms nothing
    token = csrf_token(stranger, path)
    assert stranger.post(path, data={"csrf_token": token}).status_code == 200
    with app.app_context():
        assert db.session.get(ListingClaim, 1).email_confirmed_at is not None
    assert stranger.get(path[:-3] + "abc").status_code == 400  # a tampered token
    queue = logged_in(app, "mod@example.org").get("/moderation/claims").text
    assert "chandra@coopernp.example (confirmed)" in queue


def test_npi_check_digits():
    assert claims.valid_npi("1932510609") and claims.valid_npi("1043467608")
    assert not claims.valid_npi("1932510608") and not claims.valid_npi("193251060")
