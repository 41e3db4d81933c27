"""Role guards on every moderation URL and on licence documents.

The moderation URLs are read from the app's URL map, so a route added later is guarded-tested
too: anonymous visitors are sent to log in; patients and practitioners get 403 (or 404); only
moderators (and admins, for /moderation/moderators) get through.
"""

from __future__ import annotations

import re

import pytest

from directory import create_app
from directory.extensions import db
from directory.models import AuditEntry, Licence, Listing, ListingClaim, User
from directory.services import reports
from tests.conftest import csrf_token
from tests.credentials_helpers import logged_in, make_owner, submit_claim, submit_pending

ADMIN_ONLY = ("/moderation/moderators", "/moderation/outbox")
# Routes of other features (visit proofs, held replies) need their own objects to open; they
# are covered by the refusal tests here and by their own tests for the positive case.
OTHER_FEATURES = ("/moderation/proofs", "/moderation/replies")


def _moderation_rules() -> list[tuple[str, str]]:
    """(method, rule) for every moderation route, GET and POST."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x"})
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/moderation"):
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            found.append((method, rule.rule))
    return sorted(found, key=lambda pair: (pair[1], pair[0]))


RULES = _moderation_rules()


@pytest.fixture
def world(app, make_user):
    """An owner with a pending licence, a stranger practitioner, a patient, staff."""
    owner_id, slug = make_owner(app, make_user)
    stranger_id, _ = make_owner(app, make_user, "stranger@example.org", name="Stan Stranger")
    make_user("pat@example.org")
    make_user("mod@example.org", role="moderator")
    make_user("admin@example.org", role="admin")
    licence_id = submit_pending(app, owner_id, slug)
    claim_id = submit_claim(app, stranger_id, slug)  # a dispute over the owner's listing
    with app.app_context():
        patient = db.session.scalar(db.select(User).where(User.email == "pat@example.org"))
        listing_id = db.session.scalar(db.select(Listing.id).where(Listing.slug == slug))
        report_id = reports.create_report(patient, "listing", listing_id, "spam").id
    # Every <int:...> in a rule is filled with this one id: licence, report, claim, account 1.
    assert licence_id == report_id == owner_id == claim_id == 1
    return {"slug": slug, "licence_id": licence_id, "owner_id": owner_id}


def _url(rule: str, world: dict) -> str:
    """Fill a rule's arguments with real ids (guards must answer before any lookup anyway)."""
    url = re.sub(r"<int:[a-z_]+>", str(world["licence_id"]), rule)
    return re.sub(r"<(?:string:)?[a-z_]+>", world["slug"], url)


def _call(client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    token = csrf_token(client, "/auth/login" if not _logged_in(client) else "/account/")
    return client.post(url, data={"csrf_token": token, "decision": "approve", "reason": "x"})


def _logged_in(client) -> bool:
    return client.get("/account/").status_code == 200


def _nothing_changed(app, world):
    with app.app_context():
        assert db.session.get(Licence, world["licence_id"]).status == "pending"
        assert db.session.scalar(db.select(AuditEntry)) is None
        assert db.session.get(ListingClaim, 1).status == "pending"
        assert db.session.scalar(db.select(User).where(User.suspended_at.is_not(None))) is None


def test_the_moderation_routes_were_found():
    rules = {rule for _method, rule in RULES}
    for expected in (
        "/moderation/credentials",
        "/moderation/credentials/<int:licence_id>",
        "/moderation/credentials/<int:licence_id>/document",
        "/moderation/reports",
        "/moderation/log",
        "/moderation/accounts",
        "/moderation/moderators",
        "/moderation/claims",
        "/moderation/claims/<int:claim_id>",
        "/moderation/claims/<int:claim_id>/document",
    ):
        assert expected in rules


@pytest.mark.parametrize("method,rule", RULES)
def test_anonymous_visitors_are_sent_to_log_in(app, client, world, method, rule):
    response = _call(client, method, _url(rule, world))
    assert response.status_code == 302, rule
    assert response.headers["Location"].startswith("/auth/login")
    _nothing_changed(app, world)


@pytest.mark.parametrize("email", ["pat@example.org", "owner@example.org"])
@pytest.mark.parametrize("method,rule", RULES)
def test_patients_and_practitioners_are_refused(app, world, email, method, rule):
    client = logged_in(app, email)
    response = _call(client, method, _url(rule, world))
    assert response.status_code in (403, 404), rule
    _nothing_changed(app, world)


@pytest.mark.parametrize("method,rule", [r for r in RULES if r[1].startswith(ADMIN_ONLY)])
def test_moderators_cannot_manage_moderators(app, world, method, rule):
    response = _call(logged_in(app, "mod@example.org"), method, _url(rule, world))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "rule",
    [r for m, r in RULES if m == "GET" and not r.startswith(ADMIN_ONLY + OTHER_FEATURES)],
)
def test_moderators_get_through(app, world, rule):
    response = logged_in(app, "mod@example.org").get(_url(rule, world))
    assert response.status_code == 200, rule


@pytest.mark.parametrize(
    "rule", [r for m, r in RULES if m == "GET" and not r.startswith(OTHER_FEATURES)]
)
def test_admins_get_through(app, world, rule):
    assert logged_in(app, "admin@example.org").get(_url(rule, world)).status_code == 200, rule


def test_licence_documents_are_for_the_owner_and_moderators_only(app, client, world):
    own = f"/account/licences/{world['licence_id']}/document"
    moderated = f"/moderation/credentials/{world['licence_id']}/document"
    assert logged_in(app, "owner@example.org").get(own).status_code == 200
    assert logged_in(app, "mod@example.org").get(moderated).status_code == 200
    assert logged_in(app, "stranger@example.org").get(own).status_code == 404
    assert logged_in(app, "stranger@example.org").get(moderated).status_code == 403
    assert logged_in(app, "pat@example.org").get(own).status_code == 403
    assert logged_in(app, "pat@example.org").get(moderated).status_code == 403
    assert client.get(own).headers["Location"].startswith("/auth/login")
    assert client.get(moderated).headers["Location"].startswith("/auth/login")


def test_documents_are_never_under_static(app, world):
    with app.app_context():
        name = db.session.get(Licence, world["licence_id"]).document_name
    assert app.test_client().get(f"/static/{name}").status_code == 404
    assert not app.config["UPLOAD_DIR"].startswith(app.static_folder)
