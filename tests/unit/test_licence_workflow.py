"""The licence workflow: every allowed transition, every refused one, and the listing's badge."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from directory import indexing
from directory.extensions import db
from directory.models import LICENCE_STATUSES, AuditEntry, Licence, Notification
from directory.services import ServiceError, accounts, credentials, licence_expiry
from tests.conftest import PASSWORD
from tests.factories import make_licence, make_listing

ALLOWED = {
    ("pending", "verified"),
    ("pending", "rejected"),
    ("verified", "expired"),
    ("verified", "revoked"),
}


@pytest.fixture
def people(ctx):
    owner = accounts.create_user("owner@example.org", PASSWORD, "practitioner", "Owner")
    moderator = accounts.create_user("mod@example.org", PASSWORD, "moderator", "Mod")
    return owner, moderator


@pytest.fixture
def listing(people):
    return make_listing(owner_id=people[0].id)


def _licence(listing, status="pending", **fields) -> Licence:
    licence = make_licence(listing, status=status, **fields)
    credentials.refresh_listing_verification(listing)
    db.session.commit()
    return licence


@pytest.mark.parametrize("current,new", list(itertools.product(LICENCE_STATUSES, repeat=2)))
def test_transition_table_allows_exactly_the_workflow(current, new):
    assert credentials.can_transition(current, new) == ((current, new) in ALLOWED)


def test_approve_verifies_the_licence_and_the_listing(people, listing):
    owner, moderator = people
    licence = _licence(listing)
    assert listing.verified is False
    credentials.approve(moderator, licence.id, "Matches the board record.")
    assert licence.status == "verified"
    assert licence.verified_by_id == moderator.id and licence.verified_at is not None
    assert listing.verified is True
    assert listing.verified_until == licence.expires_on
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.action, entry.target_type, entry.target_id) == (
        "licence_verified",
        "licence",
        licence.id,
    )
    assert entry.actor_id == moderator.id
    assert db.session.scalar(db.select(Notification).where(Notification.user_id == owner.id))


def test_reject_needs_a_note_and_leaves_the_listing_unverified(people, listing):
    _, moderator = people
    licence = _licence(listing)
    with pytest.raises(ServiceError) as refused:
        credentials.reject(moderator, licence.id, "  ")
    assert refused.value.field == "note"
    db.session.rollback()
    credentials.reject(moderator, licence.id, "Wrong person on the document.")
    assert licence.status == "rejected"
    assert licence.decision_note == "Wrong person on the document."
    assert listing.verified is False


def test_revoke_needs_a_reason_and_removes_the_badge(people, listing):
    _, moderator = people
    licence = _licence(listing, "verified")
    assert listing.verified is True
    with pytest.raises(ServiceError):
        credentials.revoke(moderator, licence.id, "")
    db.session.rollback()
    credentials.revoke(moderator, licence.id, "The board lists it as suspended.")
    assert licence.status == "revoked"
    assert listing.verified is False and listing.verified_until is None
    assert db.session.scalar(db.select(AuditEntry.action)) == "licence_revoked"


def test_revoking_one_licence_keeps_the_badge_of_another_current_one(people, listing):
    _, moderator = people
    later = date.today() + timedelta(days=700)
    first = _licence(listing, "verified", expires_on=later)
    _licence(listing, "verified", number="999", expires_on=date.today() + timedelta(days=90))
    assert listing.verified_until == later  # the best current licence
    credentials.revoke(moderator, first.id, "Duplicate of a revoked record.")
    assert listing.verified is True
    assert listing.verified_until == date.today() + timedelta(days=90)


def test_expire_moves_lapsed_verified_licences_only(people, listing):
    lapsed = _licence(listing, "verified", expires_on=date.today() + timedelta(days=10))
    pending = _licence(listing, number="2", expires_on=date.today() + timedelta(days=5))
    changed = licence_expiry.expire_lapsed(date.today() + timedelta(days=11))
    assert changed == [lapsed]
    assert lapsed.status == "expired" and pending.status == "pending"
    assert listing.verified is False
    entry = db.session.scalar(db.select(AuditEntry))
    assert entry.action == "licence_expired" and entry.actor_id is None


def test_a_licence_is_current_on_its_expiry_day(people, listing):
    today = date.today()
    licence = _licence(listing, "verified", expires_on=today)
    assert licence_expiry.expire_lapsed(today) == []
    assert licence.status == "verified" and listing.verified is True


@pytest.mark.parametrize(
    "status,action",
    [
        ("rejected", "approve"),
        ("rejected", "reject"),
        ("rejected", "revoke"),
        ("verified", "approve"),
        ("verified", "reject"),
        ("expired", "approve"),
        ("expired", "revoke"),
        ("revoked", "approve"),
        ("revoked", "revoke"),
        ("pending", "revoke"),
    ],
)
def test_illegal_transitions_are_refused(people, listing, status, action):
    _, moderator = people
    licence = _licence(listing, status)
    badge = listing.verified
    with pytest.raises(ServiceError, match="cannot become"):
        getattr(credentials, action)(moderator, licence.id, "a note")
    db.session.rollback()
    assert db.session.get(Licence, licence.id).status == status
    assert listing.verified is badge
    assert db.session.scalar(db.select(AuditEntry)) is None


def test_a_licence_already_past_its_date_cannot_be_approved(people, listing):
    _, moderator = people
    licence = _licence(listing, expires_on=date.today() - timedelta(days=1))
    with pytest.raises(ServiceError, match="expired on"):
        credentials.approve(moderator, licence.id)


def test_only_moderators_decide(people, listing):
    owner, _ = people
    licence = _licence(listing)
    with pytest.raises(ServiceError, match="Only moderators"):
        credentials.approve(owner, licence.id)


def test_nobody_decides_on_their_own_listing(people):
    admin = accounts.create_user("admin@example.org", PASSWORD, "admin", "Admin")
    own = make_listing(owner_id=admin.id)
    licence = _licence(own)
    with pytest.raises(ServiceError, match="your own listing"):
        credentials.approve(admin, licence.id)


def test_unknown_decision_is_refused(people, listing):
    _, moderator = people
    licence = _licence(listing)
    with pytest.raises(ServiceError) as refused:
        credentials.decide(moderator, licence.id, "maybe", "")
    assert refused.value.field == "decision"


def test_search_hears_about_the_badge_before_the_commit(people, listing, monkeypatch):
    _, moderator = people
    licence = _licence(listing)
    seen = []

    def spy(item):
        seen.append((item.id, item.verified, licence in db.session.dirty))

    monkeypatch.setattr(indexing, "listing_changed", spy)
    credentials.approve(moderator, licence.id)
    assert seen == [(listing.id, True, True)]
