"""The audit log: every decision with actor, target, time and note; filterable; never editable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.extensions import db
from directory.models import AuditEntry, User
from directory.services import moderation
from tests.credentials_helpers import decide, logged_in, make_owner, submit_pending


@pytest.fixture
def moderator(app, make_user):
    make_user("mod@example.org", role="moderator")
    make_user("other@example.org", role="moderator")
    return logged_in(app, "mod@example.org")


def _entry(app, actor_email, action, target_type, target_id, note="", when=None):
    with app.app_context():
        actor = db.session.scalar(db.select(User).where(User.email == actor_email))
        entry = moderation.record(actor, action, target_type, target_id, note)
        if when is not None:
            entry.created_at = when
        db.session.commit()
        return entry.id


def test_a_decision_lands_in_the_log_with_actor_target_and_note(app, make_user, moderator):
    owner_id, slug = make_owner(app, make_user)
    licence_id = submit_pending(app, owner_id, slug)
    decide(moderator, licence_id, "reject", "Document is for another person.")
    html = moderator.get("/moderation/log").get_data(as_text=True)
    assert "Licence rejected" in html
    assert "mod@example.org" in html
    assert f'href="/moderation/credentials/{licence_id}">licence #{licence_id}</a>' in html
    assert "Document is for another person." in html
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry))
        assert entry.created_at is not None


def test_newest_first_and_paged(app, moderator):
    base = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for n in range(55):
        _entry(
            app,
            "mod@example.org",
            "report_kept",
            "review",
            n + 1,
            f"note {n}",
            base + timedelta(minutes=n),
        )
    first = moderator.get("/moderation/log").get_data(as_text=True)
    assert "55 entries" in first and "page 1 of 2" in first
    assert first.index("note 54") < first.index("note 53")
    assert "note 4<" not in first
    second = moderator.get("/moderation/log?page=2").get_data(as_text=True)
    assert "note 4<" in second and "note 54" not in second
    assert moderator.get("/moderation/log?page=99").status_code == 200


def test_filters_by_action_actor_target_and_dates(app, moderator):
    day = datetime(2026, 3, 10, 9, tzinfo=UTC)
    _entry(app, "mod@example.org", "licence_verified", "licence", 1, "alpha", day)
    _entry(
        app, "other@example.org", "account_suspended", "user", 7, "bravo", day + timedelta(days=2)
    )
    _entry(
        app,
        None if False else "mod@example.org",
        "report_removed",
        "review",
        3,
        "charlie",
        day + timedelta(days=5),
    )
    with app.app_context():
        system = moderation.record(None, "licence_expired", "licence", 2, "delta")
        system.created_at = day + timedelta(days=6)
        db.session.commit()
        other_id = db.session.scalar(db.select(User.id).where(User.email == "other@example.org"))

    def notes(query):
        html = moderator.get(f"/moderation/log?{query}").get_data(as_text=True)
        return [n for n in ("alpha", "bravo", "charlie", "delta") if n in html]

    assert notes("") == ["alpha", "bravo", "charlie", "delta"]
    assert notes("action=account_suspended") == ["bravo"]
    assert notes(f"actor={other_id}") == ["bravo"]
    assert notes("actor=system") == ["delta"]
    assert notes("target_type=licence") == ["alpha", "delta"]
    assert notes("date_from=2026-03-12&date_to=2026-03-15") == ["bravo", "charlie"]
    assert notes("date_to=2026-03-10") == ["alpha"]


def test_bad_filters_are_refused_politely(moderator):
    response = moderator.get("/moderation/log?date_from=yesterday&action=drop_table")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Not a valid date value." in html and "Not a valid choice." in html


def test_the_log_has_no_way_to_change_it(app, moderator):
    entry_id = _entry(app, "mod@example.org", "report_kept", "review", 1, "kept")
    assert moderator.post("/moderation/log").status_code == 405
    with app.app_context():
        entry = db.session.get(AuditEntry, entry_id)
        entry.note = "rewritten"
        with pytest.raises(PermissionError):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(PermissionError):
            db.session.delete(db.session.get(AuditEntry, entry_id))
            db.session.commit()
        db.session.rollback()
        assert db.session.get(AuditEntry, entry_id).note == "kept"
