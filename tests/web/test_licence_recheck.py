"""Issue 10 §3: verified licences are re-checked: the date, the badge past it, owners'
reminders at 90 and 30 days, and the moderators' "Due for re-check" queue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from directory.extensions import db
from directory.models import AuditEntry, Licence, Listing, Notification
from tests.conftest import csrf_token
from tests.credentials_helpers import logged_in, make_owner
from tests.factories import make_licence
from tests.review_helpers import count_queries


def today() -> date:
    """Read at each use, not at import: a suite that runs across midnight must not compare
    yesterday's date with records made today."""
    return date.today()


@pytest.fixture
def app_config(app_config):
    return {**app_config, "LICENCE_RECHECK_MONTHS": 6}


@pytest.fixture
def moderator(app, make_user):
    make_user("mod@example.org", role="moderator")
    return logged_in(app, "mod@example.org")


def _no_expiry(app, make_user, recheck_due_on: date, email="owner@example.org"):
    """An owner's listing whose only licence is verified, has no expiry, re-check due then."""
    owner_id, slug = make_owner(app, make_user, email=email)
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == slug))
        licence = make_licence(listing, expires_on=None, recheck_due_on=recheck_due_on)
        return owner_id, slug, licence.id


def _recheck(client, licence_id, **data):
    data["csrf_token"] = csrf_token(client, "/moderation/recheck")
    return client.post(f"/moderation/recheck/{licence_id}", data=data)


def test_past_its_recheck_date_a_licence_shows_due_and_gives_no_badge(app, client, make_user):
    _, slug, _ = _no_expiry(app, make_user, today() - timedelta(days=1))
    html = client.get(f"/practitioners/{slug}").get_data(as_text=True)
    assert "Due for re-verification" in html
    assert "Licence verified" not in html
    body = client.get(f"/api/v1/practitioners/{slug}").get_json()
    assert body["verified"] is False
    assert body["licences"][0]["status"] == "verified"  # CONTRACT vocabulary unchanged


def test_recheck_date_is_the_configured_period_after_approval(app, make_user, moderator):
    from tests.credentials_helpers import decide

    _owner_id, slug = make_owner(app, make_user)
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == slug))
        licence_id = make_licence(listing, status="pending", expires_on=None).id
    assert decide(moderator, licence_id, "approve").status_code == 302
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        months = (licence.recheck_due_on.year - today().year) * 12
        assert months + licence.recheck_due_on.month - today().month == 6  # config: 6 months
        assert db.session.get(Listing, licence.listing_id).verified_until == licence.recheck_due_on


def test_queue_lists_due_licences_by_date_with_the_board_lookup(app, make_user, moderator):
    _no_expiry(app, make_user, today() + timedelta(days=20), email="later@example.org")
    _no_expiry(app, make_user, today() - timedelta(days=3), email="overdue@example.org")
    _no_expiry(app, make_user, today() + timedelta(days=200), email="far@example.org")
    html = moderator.get("/moderation/recheck").get_data(as_text=True)
    assert html.count('class="recheck-item') == 2  # the far one is not due yet
    assert html.index("Overdue since") < html.index('recheck-date">Due ')
    assert 'href="https://www.bon.texas.gov/licensure_verification.asp"' in html
    assert 'rel="noopener noreferrer"' in html
    index = moderator.get("/moderation/").get_data(as_text=True)
    assert "2</span> licences due for re-check" in index


def test_reverify_stamps_a_new_date_audits_and_restores_the_badge(
    app, client, make_user, moderator
):
    owner_id, slug, licence_id = _no_expiry(app, make_user, today() - timedelta(days=2))
    assert client.get(f"/api/v1/practitioners/{slug}").get_json()["verified"] is False
    response = _recheck(moderator, licence_id, decision="reverify", note="Board lookup matches")
    assert response.status_code == 302
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        assert licence.status == "verified" and licence.verified_at.date() == today()
        assert licence.recheck_due_on > today() + timedelta(days=150)
        entry = db.session.scalar(db.select(AuditEntry).order_by(AuditEntry.id.desc()))
        assert (entry.action, entry.target_id, entry.note) == (
            "licence_reverified",
            licence_id,
            "Board lookup matches",
        )
        notes = db.session.scalars(
            db.select(Notification).where(Notification.user_id == owner_id)
        ).all()
        assert any("checked again with the board" in n.message for n in notes)
    assert client.get(f"/api/v1/practitioners/{slug}").get_json()["verified"] is True
    assert "Licence verified" in client.get(f"/practitioners/{slug}").get_data(as_text=True)
    assert 'class="recheck-item' not in moderator.get("/moderation/recheck").get_data(as_text=True)


def test_reverify_with_the_boards_renewed_expiry(app, make_user, moderator):
    _owner_id, slug = make_owner(app, make_user)
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == slug))
        licence_id = make_licence(listing, expires_on=today() + timedelta(days=10)).id
    renewed = today() + timedelta(days=730)
    past = _recheck(moderator, licence_id, decision="reverify", expires_on="2001-01-01")
    assert past.status_code == 400
    assert "The new expiry date is in the past." in past.get_data(as_text=True)
    ok = _recheck(moderator, licence_id, decision="reverify", expires_on=renewed.isoformat())
    assert ok.status_code == 302
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        assert (licence.expires_on, licence.recheck_due_on) == (renewed, renewed)
        assert db.session.get(Listing, licence.listing_id).verified_until == renewed


def test_let_it_lapse_expires_the_licence(app, client, make_user, moderator):
    _, slug, licence_id = _no_expiry(app, make_user, today() - timedelta(days=1))
    missing = _recheck(moderator, licence_id)
    assert missing.status_code == 400
    assert "Choose re-verify or let it lapse." in missing.get_data(as_text=True)
    assert _recheck(moderator, licence_id, decision="lapse").status_code == 302
    with app.app_context():
        assert db.session.get(Licence, licence_id).status == "expired"
        action = db.session.scalar(
            db.select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)
        )
        assert action == "licence_expired"
    again = _recheck(moderator, licence_id, decision="reverify")
    assert again.status_code == 400  # only a verified licence can be re-checked
    assert client.get(f"/api/v1/practitioners/{slug}").get_json()["licences"][0]["status"] == (
        "expired"
    )


def test_owners_and_patients_cannot_recheck(app, make_user):
    _owner_id, _, licence_id = _no_expiry(app, make_user, today() - timedelta(days=1))
    owner = logged_in(app, "owner@example.org")
    assert owner.get("/moderation/recheck").status_code in (403, 404)
    token = csrf_token(owner, "/account/")
    response = owner.post(
        f"/moderation/recheck/{licence_id}", data={"decision": "reverify", "csrf_token": token}
    )
    assert response.status_code in (403, 404)
    with app.app_context():
        assert db.session.get(Licence, licence_id).recheck_due_on < today()


def test_queue_query_count_does_not_grow_with_rows(app, make_user, moderator):
    def statements() -> int:
        with app.app_context(), count_queries() as seen:
            assert moderator.get("/moderation/recheck").status_code == 200
        return len(seen)

    for n in range(2):
        _no_expiry(app, make_user, today() + timedelta(days=n), email=f"o{n}@example.org")
    few = statements()
    for n in range(2, 9):
        _no_expiry(app, make_user, today() - timedelta(days=n), email=f"o{n}@example.org")
    assert statements() == few


def test_cli_reminds_owners_at_90_and_30_days_each_once(app, runner, make_user):
    owner_id, _slug, licence_id = _no_expiry(app, make_user, today() + timedelta(days=100))

    def run(day: date):
        result = runner.invoke(args=["credentials", "expire", "--today", day.isoformat()])
        assert result.exit_code == 0, result.output
        return result.output

    assert "0 reminders sent" in run(today())  # 100 days ahead: nothing yet
    first = run(today() + timedelta(days=10))  # 90 days ahead
    assert f"licence {licence_id} re-check due" in first and "(90-day reminder)" in first
    assert "0 reminders sent" in run(today() + timedelta(days=11))
    second = run(today() + timedelta(days=70))  # 30 days ahead
    assert "(30-day reminder)" in second
    assert "0 reminders sent" in run(today() + timedelta(days=75))
    overdue = run(today() + timedelta(days=101))
    assert "0 licences expired" in overdue  # no expiry: stays verified, hidden, queued
    assert "1 licence past re-check waiting for moderators" in overdue
    with app.app_context():
        messages = db.session.scalars(
            db.select(Notification.message).where(Notification.user_id == owner_id)
        ).all()
        assert len(messages) == 2
        assert all("periodic re-check" in m for m in messages)
        assert db.session.get(Licence, licence_id).status == "verified"
