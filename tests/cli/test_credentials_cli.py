"""``flask credentials expire``: lapsed licences expire, owners hear 30 days ahead, once."""

from __future__ import annotations

from datetime import date, timedelta

from directory.extensions import db
from directory.models import AuditEntry, Licence, Listing, Notification
from directory.services import accounts
from tests.conftest import PASSWORD
from tests.factories import make_licence, make_listing

TODAY = date(2026, 6, 1)


def _setup(app):
    """An owner with three verified licences: lapsed, expiring in 20 days, far off."""
    with app.app_context():
        owner = accounts.create_user("owner@example.org", PASSWORD, "practitioner", "Owner")
        lapsed_listing = make_listing(owner_id=owner.id, name="Lapsed Listing")
        soon_listing = make_listing(owner_id=owner.id, name="Soon Listing")
        lapsed = make_licence(lapsed_listing, expires_on=TODAY - timedelta(days=1), number="L1")
        soon = make_licence(soon_listing, expires_on=TODAY + timedelta(days=20), number="S1")
        far = make_licence(soon_listing, expires_on=TODAY + timedelta(days=300), number="F1")
        db.session.commit()
        return owner.id, lapsed.id, soon.id, far.id


def _run(runner, day=TODAY):
    return runner.invoke(args=["credentials", "expire", "--today", day.isoformat()])


def test_expire_marks_lapsed_licences_and_removes_the_badge(app, runner):
    _, lapsed_id, soon_id, far_id = _setup(app)
    result = _run(runner)
    assert result.exit_code == 0, result.output
    assert f"expired licence {lapsed_id}" in result.output
    assert "no longer verified" in result.output
    assert "1 licence expired, 1 reminder sent," in result.output
    with app.app_context():
        statuses = {lic.id: lic.status for lic in db.session.scalars(db.select(Licence))}
        assert statuses == {lapsed_id: "expired", soon_id: "verified", far_id: "verified"}
        lapsed = db.session.scalar(db.select(Listing).where(Listing.name == "Lapsed Listing"))
        assert lapsed.verified is False and lapsed.verified_until is None
        entry = db.session.scalar(db.select(AuditEntry))
        assert (entry.action, entry.target_id) == ("licence_expired", lapsed_id)
        assert entry.actor_id is None


def test_expire_is_idempotent_and_notices_go_once(app, runner):
    owner_id, _, soon_id, _ = _setup(app)
    _run(runner)
    second = _run(runner)
    assert second.exit_code == 0
    assert "0 licences expired, 0 reminders sent," in second.output
    later = _run(runner, TODAY + timedelta(days=5))
    assert "0 licences expired, 0 reminders sent," in later.output
    with app.app_context():
        notes = db.session.scalars(
            db.select(Notification).where(Notification.user_id == owner_id)
        ).all()
        kinds = sorted(n.kind for n in notes)
        assert kinds == ["licence", "licence"]  # one expiry, one 30-day notice
        assert any("S1" in n.message and "expires on" in n.message for n in notes)
        assert db.session.get(Licence, soon_id).expiry_notice_sent_on == TODAY
        assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 1


def test_the_far_licence_is_noticed_when_its_day_comes(app, runner):
    _, _, _, far_id = _setup(app)
    _run(runner)
    result = _run(runner, TODAY + timedelta(days=275))
    assert f"licence {far_id} expires" in result.output
    result = _run(runner, TODAY + timedelta(days=301))
    assert f"expired licence {far_id}" in result.output
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.name == "Soon Listing"))
        assert listing.verified is False


def test_expire_without_a_date_uses_today(app, runner):
    result = runner.invoke(args=["credentials", "expire"])
    assert result.exit_code == 0
    assert "0 licences expired, 0 reminders sent," in result.output


def test_a_bad_date_is_a_usage_error(app, runner):
    result = runner.invoke(args=["credentials", "expire", "--today", "tomorrow"])
    assert result.exit_code == 2
    assert "tomorrow" in result.output


def test_expiry_takes_the_badge_out_of_search_results(app, runner):
    _setup(app)
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    client = app.test_client()

    def verified_names():
        rows = client.get("/api/v1/practitioners?verified=true").get_json()["results"]
        return sorted(row["name"] for row in rows)

    # The badge follows the calendar: the lapsed licence counts for nothing even before
    # `credentials expire` runs (issue 8), and running it changes no badge.
    assert verified_names() == ["Soon Listing"]
    _run(runner)
    assert verified_names() == ["Soon Listing"]
