"""Review invitations: issued by a listing's owner, bound to one email, single use, 90 days."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Invitation, Notification, Visit
from tests.conftest import csrf_token
from tests.review_helpers import owner_and_listing


def _invite(client, slug: str, **overrides):
    data = {
        "listing": slug,
        "email": "patient@example.org",
        "treated_on": (date.today() - timedelta(days=3)).isoformat(),
        "treatment": "microneedling",
    }
    data.update(overrides)
    data["csrf_token"] = csrf_token(client, "/account/invitations")
    return client.post("/account/invitations", data=data)


def _token(html: str) -> str:
    match = re.search(r"/r/([A-Za-z0-9_-]+)", html)
    assert match, "no invitation link in the page"
    return match.group(1)


def _setup(app, client, make_user, login):
    _, slug, listing_id = owner_and_listing(app, make_user)
    login("owner@example.org")
    return slug, listing_id


def test_owner_issues_invitation_and_sees_link(app, client, make_user, login):
    slug, _ = _setup(app, client, make_user, login)
    response = _invite(client, slug)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    token = _token(html)
    assert len(token) >= 16
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert invitation.token == token
        expires = invitation.expires_at.replace(tzinfo=None)
        created = invitation.created_at.replace(tzinfo=None)
        assert (expires - created).days == 90
    # the list shows the invitation with its status
    listing_page = client.get("/account/invitations").get_data(as_text=True)
    assert "patient@example.org" in listing_page
    assert "Open until" in listing_page


def test_tokens_are_random(app, client, make_user, login):
    slug, _ = _setup(app, client, make_user, login)
    first = _token(_invite(client, slug, email="a@example.org").get_data(as_text=True))
    second = _token(_invite(client, slug, email="b@example.org").get_data(as_text=True))
    assert first != second


def test_form_states_the_rules(app, client, make_user, login):
    _setup(app, client, make_user, login)
    html = client.get("/account/invitations").get_data(as_text=True)
    assert "every" in html and "patient you treat" in html
    assert "Never offer anything in return for a review" in html


def test_invitation_cannot_carry_an_incentive(app, client, make_user, login):
    """No free-text field exists, so nothing can be promised; an injected one is ignored."""
    slug, _ = _setup(app, client, make_user, login)
    html = client.get("/account/invitations").get_data(as_text=True)
    assert 'name="message"' not in html
    _invite(client, slug, message="20% off your next session for 5 stars")
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert not hasattr(invitation, "message")
        notes = db.session.scalars(select(Notification.message)).all()
        assert all("20% off" not in n for n in notes)


def test_only_owner_of_listing_can_invite(app, client, make_user, login):
    _, slug, _ = owner_and_listing(app, make_user)
    make_user("other@example.org", role="practitioner")
    login("other@example.org")
    response = _invite(client, slug)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Invitation.id))) == 0


def test_patients_cannot_open_invitation_page(client, make_user, login):
    make_user("pat@example.org")
    login("pat@example.org")
    assert client.get("/account/invitations").status_code == 403


def test_future_treatment_date_refused_and_input_kept(app, client, make_user, login):
    slug, _ = _setup(app, client, make_user, login)
    future = (date.today() + timedelta(days=5)).isoformat()
    response = _invite(client, slug, treated_on=future, email="keep@example.org")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "cannot be in the future" in html
    assert 'value="keep@example.org"' in html


def test_invitation_without_csrf_is_refused(app, client, make_user, login):
    slug, _ = _setup(app, client, make_user, login)
    response = client.post(
        "/account/invitations",
        data={"listing": slug, "email": "p@example.org", "treated_on": "2026-01-01"},
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Invitation.id))) == 0


def _issue(app, client, make_user, login, patient_email="patient@example.org"):
    slug, listing_id = _setup(app, client, make_user, login)
    token = _token(_invite(client, slug, email=patient_email).get_data(as_text=True))
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    return slug, listing_id, token


def test_matching_patient_redeems_once(app, client, make_user, login):
    slug, listing_id, token = _issue(app, client, make_user, login)
    patient_id = make_user("patient@example.org")
    login("patient@example.org")
    page = client.get(f"/r/{token}")
    assert page.status_code == 200
    assert "Accept and write my review" in page.get_data(as_text=True)
    response = client.post(f"/r/{token}", data={"csrf_token": csrf_token(client, f"/r/{token}")})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert re.search(rf"/practitioners/{slug}/review\?visit=\d+$", location), location
    # a second redeem changes nothing
    client.post(f"/r/{token}", data={"csrf_token": csrf_token(client, "/account/")})
    with app.app_context():
        visits = db.session.scalars(select(Visit)).all()
        assert len(visits) == 1
        assert visits[0].patient_id == patient_id
        assert visits[0].listing_id == listing_id
        assert visits[0].verified_by == "invitation"
        assert visits[0].treatment == "microneedling"


def test_email_is_compared_case_insensitively(app, client, make_user, login):
    _, _, token = _issue(app, client, make_user, login, patient_email="Patient@Example.org")
    make_user("patient@example.org")
    login("patient@example.org")
    client.post(f"/r/{token}", data={"csrf_token": csrf_token(client, f"/r/{token}")})
    with app.app_context():
        assert db.session.scalar(select(func.count(Visit.id))) == 1


def test_other_patient_cannot_redeem(app, client, make_user, login):
    _, _, token = _issue(app, client, make_user, login)
    make_user("intruder@example.org")
    login("intruder@example.org")
    page = client.get(f"/r/{token}")
    assert page.status_code == 403
    assert "different email address" in page.get_data(as_text=True)
    response = client.post(f"/r/{token}", data={"csrf_token": csrf_token(client, "/account/")})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(Visit.id))) == 0


def test_owner_cannot_redeem_own_invitation(app, client, make_user, login):
    slug, _ = _setup(app, client, make_user, login)
    response = _invite(client, slug, email="owner@example.org")
    assert response.status_code == 400
    assert "cannot invite yourself" in response.get_data(as_text=True)


def test_expired_invitation_is_refused(app, client, make_user, login):
    _, _, token = _issue(app, client, make_user, login)
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        invitation.expires_at = invitation.created_at - timedelta(seconds=1)
        db.session.commit()
    make_user("patient@example.org")
    login("patient@example.org")
    page = client.get(f"/r/{token}")
    assert page.status_code == 410
    assert "expired" in page.get_data(as_text=True)


def test_unknown_token_is_404(client, make_user, login):
    make_user("patient@example.org")
    login("patient@example.org")
    assert client.get("/r/not-a-real-token-1234567").status_code == 404


def test_anonymous_visitor_is_asked_to_log_in(app, client, make_user, login):
    _, _, token = _issue(app, client, make_user, login)
    page = client.get(f"/r/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"next=/r/{token}" in html.replace("%2F", "/")
    assert client.post(f"/r/{token}").status_code == 400  # no CSRF token, no session


def test_existing_patient_account_gets_inbox_notice(app, client, make_user, login):
    patient_id = make_user("patient@example.org")
    slug, _ = _setup(app, client, make_user, login)
    token = _token(_invite(client, slug).get_data(as_text=True))
    with app.app_context():
        note = db.session.scalar(select(Notification).where(Notification.user_id == patient_id))
        assert note.kind == "invitation"
        assert note.link == f"/r/{token}"
