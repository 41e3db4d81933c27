"""One unit of work: a refused or failed write leaves no row, no change-log entry and no email;
a finished one commits once, then its emails are delivered and its listings reach search;
nested services join the outer unit; code keeps to the one protocol."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from directory import unit_of_work
from directory.extensions import db
from directory.models import Listing, Notification, OutboxMessage, SearchChange, User
from directory.services import ServiceError, notifications
from directory.unit_of_work import transactional
from tests.review_helpers import owner_and_listing

ROOT = Path(__file__).resolve().parents[2]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


@transactional
def _notify_then(user: User, refuse: bool) -> None:
    notifications.notify(user, "decision", "A moderator decided about your review.")
    if refuse:
        raise ServiceError("Refused after writing.")


@transactional
def _rename_then(listing: Listing, name: str, refuse: bool) -> None:
    listing.name = name
    if refuse:
        raise ServiceError("Refused after editing.")


def test_a_refused_action_leaves_no_row_and_sends_no_email(mail_server, app, make_user):
    user_id = make_user("pat@example.org")
    with app.app_context():
        with pytest.raises(ServiceError):
            _notify_then(db.session.get_one(User, user_id), refuse=True)
        # The next, unrelated commit must not carry the refused action's email along.
        unit_of_work.commit()
        assert _count(Notification) == 0 and _count(OutboxMessage) == 0
    assert mail_server.messages == []


def test_a_finished_action_commits_and_its_email_is_delivered_once(mail_server, app, make_user):
    user_id = make_user("pat@example.org")
    with app.app_context():
        _notify_then(db.session.get_one(User, user_id), refuse=False)
        unit_of_work.commit()  # a later commit does not send it again
        db.session.remove()
        assert _count(Notification) == 1
        assert db.session.scalar(select(OutboxMessage.status)) == "sent"
    assert len(mail_server.to("pat@example.org")) == 1


@pytest.fixture
def worker_mode(app_config, mail_server):
    app_config["MAIL_DELIVERY"] = "worker"
    return mail_server


def test_with_the_mail_worker_the_commit_leaves_the_email_queued(worker_mode, app, make_user):
    user_id = make_user("pat@example.org")
    with app.app_context():
        _notify_then(db.session.get_one(User, user_id), refuse=False)
        assert db.session.scalar(select(OutboxMessage.status)) == "pending"
    assert worker_mode.messages == []


def _found(client, words: str) -> list[str]:
    response = client.get(f"/api/v1/practitioners?q={words}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [row["slug"] for row in response.get_json()["results"]]


def test_a_refused_listing_edit_reaches_neither_the_database_nor_search(
    app, client, runner, make_user
):
    _, slug, _ = owner_and_listing(app, make_user)
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    with app.app_context():
        listing = db.session.scalar(select(Listing).where(Listing.slug == slug))
        before = _count(SearchChange)
        with pytest.raises(ServiceError):
            _rename_then(listing, "Zanzibar Skin Studio", refuse=True)
        assert _count(SearchChange) == before
        db.session.remove()
        assert db.session.scalar(select(Listing.name).where(Listing.slug == slug)) != (
            "Zanzibar Skin Studio"
        )
    assert _found(client, "zanzibar") == []


def test_a_finished_listing_edit_is_committed_and_searchable(app, client, runner, make_user):
    _, slug, _ = owner_and_listing(app, make_user)
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    with app.app_context():
        listing = db.session.scalar(select(Listing).where(Listing.slug == slug))
        before = _count(SearchChange)
        _rename_then(listing, "Zanzibar Skin Studio", refuse=False)
        assert _count(SearchChange) == before + 1
    assert _found(client, "zanzibar") == [slug]


def test_a_nested_service_joins_the_outer_unit(mail_server, app, make_user):
    user_id = make_user("pat@example.org")

    @transactional
    def outer() -> None:
        _notify_then(db.session.get_one(User, user_id), refuse=False)  # must not commit yet
        raise ServiceError("The outer rule refused it.")

    with app.app_context():
        with pytest.raises(ServiceError):
            outer()
        assert _count(Notification) == 0 and _count(OutboxMessage) == 0
    assert mail_server.messages == []


def test_a_call_that_writes_nothing_keeps_what_it_loaded(app, make_user):
    user_id = make_user("pat@example.org")

    @transactional
    def read(user: User) -> str:
        return user.email

    with app.app_context():
        user = db.session.get_one(User, user_id)
        read(user)
        assert not inspect(user).expired  # no commit, so no reload on the next access


def _calls(path: Path, names: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = ast.unparse(node.func)
            if target in names:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {target}")
    return found


def test_services_commit_only_through_the_unit_of_work():
    # outbox.py is the delivery machinery the unit of work calls after the commit: it commits
    # its own bookkeeping, one message at a time.
    services = sorted((ROOT / "directory" / "services").glob("*.py"))
    found = [
        hit
        for path in services
        if path.name != "outbox.py"
        for hit in _calls(path, {"db.session.commit", "db.session.rollback"})
    ]
    assert found == []


def test_views_never_roll_back_by_hand():
    views = sorted(
        path
        for path in (ROOT / "directory").rglob("*.py")
        if path.name == "views.py" or path.name.endswith("_views.py")
    )
    names = {"db.session.rollback", "unit_of_work.rollback", "db.session.commit"}
    allowed = {"directory/browse/views.py"}  # /healthz ends its failed probe's transaction
    found = [hit for path in views for hit in _calls(path, names)]
    assert [hit for hit in found if hit.split(":")[0] not in allowed] == []
