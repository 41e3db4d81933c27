"""Logout ends the session on the server (issue 9): replaying the old session cookie or the old
remember-me cookie logs nobody in; logins last at most 30 days; "log out of all other devices"
and ``rotate_session_token`` end every other session; last-seen is written at most once a
minute."""

from __future__ import annotations

from datetime import timedelta

from directory.extensions import db
from directory.models import User, UserSession
from directory.models.base import utcnow
from directory.services import accounts
from tests.conftest import PASSWORD, csrf_token

FIREFOX = "Mozilla/5.0 (X11; Linux) Firefox/130.0"


def _log_in(app, email="pat@example.org", remember=False, agent=FIREFOX):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = agent
    data = {"email": email, "password": PASSWORD, "csrf_token": csrf_token(client, "/auth/login")}
    if remember:
        data["remember"] = "y"
    assert client.post("/auth/login", data=data).status_code == 302
    return client


def _log_out(client):
    token = csrf_token(client, "/account/")
    return client.post("/auth/logout", data={"csrf_token": token})


def _replay(app, name: str, value: str):
    """A brand-new browser holding only one stolen cookie (and copying the victim's browser
    signature, which Flask-Login's strong session protection compares)."""
    thief = app.test_client()
    thief.environ_base["HTTP_USER_AGENT"] = FIREFOX
    thief.set_cookie(name, value)
    return thief.get("/account/")


def _records(app) -> list[UserSession]:
    with app.app_context():
        records = list(db.session.scalars(db.select(UserSession)))
        db.session.expunge_all()
        return records


def test_the_old_session_cookie_does_not_work_after_logout(app, make_user):
    make_user("pat@example.org")
    client = _log_in(app)
    stolen = client.get_cookie("session").value
    assert _replay(app, "session", stolen).status_code == 200
    _log_out(client)
    assert _replay(app, "session", stolen).status_code == 302
    assert _records(app) == []


def test_the_old_remember_me_cookie_does_not_work_after_logout(app, make_user):
    make_user("pat@example.org")
    client = _log_in(app, remember=True)
    stolen = client.get_cookie("remember_token").value
    assert _replay(app, "remember_token", stolen).status_code == 200
    response = _log_out(client)
    cleared = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token=")]
    assert cleared and "expires=thu, 01 jan 1970" in cleared[0].lower()
    assert _replay(app, "remember_token", stolen).status_code == 302


def test_remember_me_lasts_30_days_and_so_does_the_server_side_record(app, make_user):
    make_user("pat@example.org")
    client = _log_in(app, remember=True)
    cookie = client.get_cookie("remember_token")
    lifetime = cookie.expires - utcnow()
    assert timedelta(days=29, hours=23) < lifetime <= timedelta(days=30)
    (record,) = _records(app)
    assert record.remember is True
    # A cookie kept past its date (a browser ignoring Expires, or a copy) is refused.
    with app.app_context():
        db.session.get(UserSession, record.id).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert _replay(app, "remember_token", cookie.value).status_code == 302
    assert client.get("/account/").status_code == 302


def test_each_login_is_its_own_record_with_device_and_address(app, make_user):
    make_user("pat@example.org")
    _log_in(app, agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1")
    _log_in(app)
    records = _records(app)
    assert sorted(r.user_agent for r in records) == ["Firefox on Linux", "Safari on iPhone"]
    assert {r.ip for r in records} == {"127.0.0.1"}
    assert len({r.key_hash for r in records}) == 2


def test_rotate_session_token_ends_every_session(app, make_user):
    make_user("pat@example.org")
    phone, laptop = _log_in(app, remember=True), _log_in(app)
    remember = phone.get_cookie("remember_token").value
    with app.app_context():
        user = accounts.find_by_email("pat@example.org")
        user.rotate_session_token()
        db.session.commit()
    assert phone.get("/account/").status_code == 302
    assert laptop.get("/account/").status_code == 302
    assert _replay(app, "remember_token", remember).status_code == 302
    assert _records(app) == []


def test_security_page_lists_sessions_and_marks_this_one(app, make_user):
    make_user("pat@example.org")
    _log_in(app, agent="Mozilla/5.0 (Windows NT 10.0) Chrome/120.0")
    laptop = _log_in(app)
    html = laptop.get("/account/security").get_data(as_text=True)
    assert "Chrome on Windows" in html and "Firefox on Linux" in html
    assert html.count("This device") == 1
    this_row = html[html.index("Firefox on Linux") :].split("</tr>")[0]
    assert "This device" in this_row


def test_log_out_of_all_other_devices_keeps_this_one(app, make_user):
    make_user("pat@example.org")
    phone = _log_in(app, remember=True)
    stolen = phone.get_cookie("remember_token").value
    laptop = _log_in(app, remember=True)
    token = csrf_token(laptop, "/account/security")
    response = laptop.post("/account/security/sessions/others", data={"csrf_token": token})
    assert response.status_code == 302
    assert "Every other device is logged out." in laptop.get("/account/security").get_data(
        as_text=True
    )
    assert phone.get("/account/").status_code == 302
    assert _replay(app, "remember_token", stolen).status_code == 302
    # This device goes on, with its session and its (re-issued) remember-me cookie.
    assert laptop.get("/account/").status_code == 200
    assert (
        _replay(app, "remember_token", laptop.get_cookie("remember_token").value).status_code == 200
    )
    assert len(_records(app)) == 1


def test_one_other_device_can_be_logged_out(app, make_user):
    make_user("pat@example.org")
    make_user("eve@example.org")
    phone, laptop = _log_in(app), _log_in(app)
    phone_record = next(r for r in _records(app) if r.id == 1)
    token = csrf_token(laptop, "/account/security")
    url = f"/account/security/sessions/{phone_record.id}/end"
    # Someone else's session is not theirs to end.
    eve = _log_in(app, "eve@example.org")
    assert eve.post(url, data={"csrf_token": csrf_token(eve, "/account/")}).status_code == 404
    assert phone.get("/account/").status_code == 200
    assert laptop.post(url, data={"csrf_token": token}).status_code == 302
    assert phone.get("/account/").status_code == 302
    assert laptop.get("/account/").status_code == 200


def test_last_seen_is_written_at_most_once_a_minute(app, make_user):
    make_user("pat@example.org")
    client = _log_in(app)
    (record,) = _records(app)
    first_seen = record.last_seen_at
    client.get("/account/")
    assert _records(app)[0].last_seen_at == first_seen
    with app.app_context():
        db.session.get(UserSession, record.id).last_seen_at = utcnow() - timedelta(minutes=2)
        db.session.commit()
    client.get("/account/")
    assert _records(app)[0].last_seen_at.replace(tzinfo=None) > first_seen.replace(tzinfo=None)


def test_a_cookie_from_before_this_release_logs_nobody_in(app, make_user):
    """Old identities were "id:token"; without a server-side record they are refused."""
    user_id = make_user("pat@example.org")
    with app.app_context():
        token = db.session.get(User, user_id).session_token
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{token}"
        session["_fresh"] = True
    assert client.get("/account/").status_code == 302
