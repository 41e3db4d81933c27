"""Suspending accounts and managing moderators from the web."""

from __future__ import annotations

from directory.extensions import db
from directory.models import AuditEntry, User
from tests.conftest import PASSWORD, csrf_token
from tests.credentials_helpers import logged_in, make_owner


def _user(app, email) -> User:
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def _post(client, page, url, **data):
    data["csrf_token"] = csrf_token(client, page)
    return client.post(url, data=data)


def _suspend(client, user_id, reason="Posting fake reviews.", **extra):
    page = f"/moderation/accounts/{user_id}"
    return _post(client, page, f"{page}/suspend", reason=reason, **extra)


def test_search_accounts_by_part_of_the_email(app, make_user):
    make_user("mod@example.org", role="moderator")
    make_user("Jane.Smith@Example.org")
    make_user("bob@example.org")
    moderator = logged_in(app, "mod@example.org")
    html = moderator.get("/moderation/accounts?q=SMITH").get_data(as_text=True)
    assert "jane.smith@example.org" in html and "bob@example.org" not in html
    assert "1 account matching" in html
    wildcard = moderator.get("/moderation/accounts?q=%25").get_data(as_text=True)
    assert "0 accounts matching" in wildcard


def test_suspension_ends_sessions_and_blocks_login(app, make_user):
    make_user("mod@example.org", role="moderator")
    patient_id = make_user("pat@example.org")
    patient = logged_in(app, "pat@example.org")
    assert patient.get("/account/").status_code == 200
    response = _suspend(logged_in(app, "mod@example.org"), patient_id)
    assert response.status_code == 302
    assert patient.get("/account/").status_code == 302  # the open session has ended
    fresh = app.test_client()
    token = csrf_token(fresh, "/auth/login")
    refused = fresh.post(
        "/auth/login", data={"email": "pat@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert refused.status_code == 400
    assert "This account is suspended." in refused.get_data(as_text=True)
    user = _user(app, "pat@example.org")
    assert user.suspended_reason == "Posting fake reviews."
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry))
        assert (entry.action, entry.target_type, entry.target_id) == (
            "account_suspended",
            "user",
            patient_id,
        )
        assert entry.note == "Posting fake reviews."


def test_suspension_ends_remember_me_cookies(app, make_user):
    make_user("mod@example.org", role="moderator")
    patient_id = make_user("pat@example.org")
    client = app.test_client()
    token = csrf_token(client, "/auth/login")
    client.post(
        "/auth/login",
        data={
            "email": "pat@example.org",
            "password": PASSWORD,
            "remember": "y",
            "csrf_token": token,
        },
    )
    remember = client.get_cookie("remember_token")
    assert remember is not None
    cookie_only = app.test_client()
    cookie_only.set_cookie("remember_token", remember.value)
    assert cookie_only.get("/account/").status_code == 200
    moderator = logged_in(app, "mod@example.org")
    _suspend(moderator, patient_id)
    page = f"/moderation/accounts/{patient_id}"
    _post(moderator, page, f"{page}/reinstate", note="Appeal accepted.")
    stale = app.test_client()
    stale.set_cookie("remember_token", remember.value)
    assert stale.get("/account/").status_code == 302


def test_suspension_needs_a_reason(app, make_user):
    make_user("mod@example.org", role="moderator")
    patient_id = make_user("pat@example.org")
    response = _suspend(logged_in(app, "mod@example.org"), patient_id, reason=" ")
    assert response.status_code == 400
    assert "Give the reason for the suspension." in response.get_data(as_text=True)
    assert _user(app, "pat@example.org").suspended_at is None


def test_moderators_cannot_suspend_themselves_or_each_other(app, make_user):
    mod_id = make_user("mod@example.org", role="moderator")
    other_id = make_user("mod2@example.org", role="moderator")
    admin_id = make_user("admin@example.org", role="admin")
    moderator = logged_in(app, "mod@example.org")
    assert _suspend(moderator, mod_id).status_code == 400
    refused = _suspend(moderator, other_id)
    assert refused.status_code == 400
    assert "Only an administrator can suspend a moderator" in refused.get_data(as_text=True)
    assert _suspend(moderator, admin_id).status_code == 400
    assert _suspend(logged_in(app, "admin@example.org"), other_id).status_code == 302
    assert _user(app, "mod2@example.org").suspended_at is not None
    assert _user(app, "mod@example.org").suspended_at is None


def test_reinstated_account_can_log_in_again(app, make_user):
    make_user("mod@example.org", role="moderator")
    patient_id = make_user("pat@example.org")
    moderator = logged_in(app, "mod@example.org")
    _suspend(moderator, patient_id)
    page = f"/moderation/accounts/{patient_id}"
    response = _post(moderator, page, f"{page}/reinstate", note="Appeal accepted.")
    assert response.status_code == 302
    assert logged_in(app, "pat@example.org").get("/account/").status_code == 200
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["account_suspended", "account_unsuspended"]


def test_suspend_the_owner_from_the_listing_view(app, make_user):
    make_user("mod@example.org", role="moderator")
    owner_id, slug = make_owner(app, make_user)
    moderator = logged_in(app, "mod@example.org")
    page = f"/moderation/listings/{slug}"
    response = _post(
        moderator,
        page,
        f"/moderation/accounts/{owner_id}/suspend",
        reason="Fake licence.",
        next=page,
    )
    assert response.status_code == 302 and response.headers["Location"] == page
    assert "Suspended" in moderator.get(page).get_data(as_text=True)
    evil = _post(
        moderator, page, f"/moderation/accounts/{owner_id}/reinstate", next="https://evil.example/"
    )
    assert evil.headers["Location"] == f"/moderation/accounts/{owner_id}"


def test_admin_promotes_and_demotes_a_moderator(app, make_user):
    make_user("admin@example.org", role="admin")
    make_user("helper@example.org")
    admin = logged_in(app, "admin@example.org")
    response = _post(
        admin, "/moderation/moderators", "/moderation/moderators", email="helper@example.org"
    )
    assert response.status_code == 302
    helper = logged_in(app, "helper@example.org")
    # A new moderator first has to turn on two-factor authentication.
    refused = helper.get("/moderation/credentials")
    assert refused.headers["Location"] == "/account/security/two-factor"
    helper_id = _user(app, "helper@example.org").id
    assert "helper@example.org" in admin.get("/moderation/moderators").get_data(as_text=True)
    demoted = _post(admin, "/moderation/moderators", f"/moderation/moderators/{helper_id}/demote")
    assert demoted.status_code == 302
    assert _user(app, "helper@example.org").role == "patient"
    assert logged_in(app, "helper@example.org").get("/moderation/credentials").status_code == 403
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["moderator_promoted", "moderator_demoted"]


def test_promotion_refuses_unknown_accounts_and_listing_owners(app, make_user):
    make_user("admin@example.org", role="admin")
    make_owner(app, make_user)
    admin = logged_in(app, "admin@example.org")
    unknown = _post(
        admin, "/moderation/moderators", "/moderation/moderators", email="x@example.org"
    )
    assert unknown.status_code == 400
    assert "No account has that email." in unknown.get_data(as_text=True)
    owner = _post(
        admin, "/moderation/moderators", "/moderation/moderators", email="owner@example.org"
    )
    assert owner.status_code == 400
    assert "owns listings" in owner.get_data(as_text=True)
    assert _user(app, "owner@example.org").role == "practitioner"


def test_only_admins_manage_moderators(app, make_user):
    make_user("mod@example.org", role="moderator")
    patient_id = make_user("pat@example.org")
    moderator = logged_in(app, "mod@example.org")
    assert moderator.get("/moderation/moderators").status_code == 403
    token = csrf_token(moderator, "/moderation/")
    assert (
        moderator.post(
            "/moderation/moderators", data={"email": "pat@example.org", "csrf_token": token}
        ).status_code
        == 403
    )
    assert (
        moderator.post(
            f"/moderation/moderators/{patient_id}/demote", data={"csrf_token": token}
        ).status_code
        == 403
    )
    assert _user(app, "pat@example.org").role == "patient"
