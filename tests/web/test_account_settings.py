"""/account/settings (issue 9): display name, email change confirmed at the new address with
the old one told, password change ending the other sessions, email notification preferences."""

from __future__ import annotations

from directory import unit_of_work
from directory.extensions import db
from directory.models import Notification, User
from directory.services import accounts, notifications
from tests.conftest import PASSWORD, csrf_token

NEW_PASSWORD = "lantern orchard pebble"


def _post(client, path: str, prefix: str, **fields):
    data = {f"{prefix}-{key}": value for key, value in fields.items()}
    data[f"{prefix}-csrf_token"] = _token(client, prefix)
    return client.post(path, data=data)


def _token(client, prefix: str) -> str:
    import re

    html = client.get("/account/settings").get_data(as_text=True)
    match = re.search(
        rf'id="{prefix}-csrf_token" name="{prefix}-csrf_token" type="hidden" '
        r'value="([^"]+)"',
        html,
    )
    assert match, html
    return match.group(1)


def _user(app, email: str) -> User:
    with app.app_context():
        user = accounts.find_by_email(email)
        db.session.expunge_all()
        return user


def test_settings_needs_login_and_is_in_the_account_nav(client, make_user, login):
    assert client.get("/account/settings").status_code == 302
    make_user("pat@example.org")
    login("pat@example.org")
    html = client.get("/account/").get_data(as_text=True)
    assert 'href="/account/settings"' in html
    page = client.get("/account/settings").get_data(as_text=True)
    for link in ("/account/security", "/account/export", "/account/delete"):
        assert f'href="{link}"' in page


def test_display_name_change_and_an_empty_name_is_refused_beside_the_field(
    app, client, make_user, login
):
    make_user("pat@example.org", name="Pat")
    login("pat@example.org")
    response = _post(client, "/account/settings/name", "name", display_name="  ")
    assert response.status_code == 400
    assert 'id="name-display_name-error"' in response.get_data(as_text=True)
    response = _post(client, "/account/settings/name", "name", display_name="Patricia  K.")
    assert response.status_code == 302
    assert _user(app, "pat@example.org").display_name == "Patricia K."


def test_email_change_mails_a_link_to_the_new_address_and_a_notice_to_the_old(
    mail_server, app, client, make_user, login
):
    make_user("pat@example.org")
    login("pat@example.org")
    response = _post(
        client, "/account/settings/email", "email", email="New@Example.net", password=PASSWORD
    )
    assert response.status_code == 302
    (notice,) = mail_server.to("pat@example.org")
    assert "n…@example.net" in notice.get_content()
    assert "new@example.net" not in notice.get_content()
    assert "contact support" in notice.get_content()
    page = client.get("/account/settings").get_data(as_text=True)
    assert "Waiting for confirmation" in page and "new@example.net" in page
    assert _user(app, "pat@example.org").pending_email == "new@example.net"

    link = mail_server.link("new@example.net", "/account/settings/email/")
    stranger = client.application.test_client()  # the link works in any browser
    shown = stranger.get(link)
    assert "new@example.net" in shown.get_data(as_text=True)
    assert shown.headers["Cache-Control"] == "no-store"
    response = client.post(link, data={"csrf_token": csrf_token(client, link)})
    assert response.status_code == 302
    user = _user(app, "new@example.net")
    assert user is not None and user.is_confirmed and user.pending_email is None
    assert _user(app, "pat@example.org") is None
    # Single use: the same link does nothing the second time.
    assert client.get(link).status_code == 404


def test_email_change_needs_the_password_and_never_tells_which_addresses_are_taken(
    mail_server, app, client, make_user, login
):
    make_user("pat@example.org")
    make_user("taken@example.org")
    login("pat@example.org")
    response = _post(
        client, "/account/settings/email", "email", email="x@example.net", password="wrong"
    )
    assert response.status_code == 400
    assert "not your current password" in response.get_data(as_text=True)
    answers = []
    for address in ("free@example.net", "taken@example.org"):
        response = _post(
            client, "/account/settings/email", "email", email=address, password=PASSWORD
        )
        answers.append((response.status_code, client.get(response.headers["Location"]).text))
    assert answers[0][0] == answers[1][0] == 302
    assert "Another account" not in answers[1][1]
    # The owner of the taken address is told; no link exists that could move it.
    (note,) = mail_server.to("taken@example.org")
    assert "nothing was changed" in note.get_content()
    assert "/account/settings/email/" not in note.get_content()
    assert _user(app, "taken@example.org") is not None


def test_the_link_is_refused_when_the_new_address_was_taken_meanwhile(
    mail_server, app, client, make_user, login
):
    make_user("pat@example.org")
    login("pat@example.org")
    _post(client, "/account/settings/email", "email", email="new@example.net", password=PASSWORD)
    link = mail_server.link("new@example.net", "/account/settings/email/")
    make_user("new@example.net")  # someone registers the address first
    response = client.post(link, data={"csrf_token": csrf_token(client, link)})
    assert response.status_code == 409
    assert "was taken by another account" in response.get_data(as_text=True)
    assert _user(app, "pat@example.org").pending_email is None


def test_a_newer_request_kills_the_older_link(mail_server, app, client, make_user, login):
    make_user("pat@example.org")
    login("pat@example.org")
    _post(client, "/account/settings/email", "email", email="one@example.net", password=PASSWORD)
    first = mail_server.link("one@example.net", "/account/settings/email/")
    _post(client, "/account/settings/email", "email", email="two@example.net", password=PASSWORD)
    assert client.get(first).status_code == 404
    assert _user(app, "pat@example.org").pending_email == "two@example.net"


def test_password_change_keeps_this_device_ends_the_others_and_mails_a_notice(
    mail_server, app, client, make_user, login
):
    make_user("pat@example.org")
    other = app.test_client()
    token = csrf_token(other, "/auth/login")
    other.post(
        "/auth/login", data={"email": "pat@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert other.get("/account/").status_code == 200
    login("pat@example.org")
    response = _post(
        client,
        "/account/settings/password",
        "password",
        current_password=PASSWORD,
        new_password=NEW_PASSWORD,
        confirm=NEW_PASSWORD,
    )
    assert response.status_code == 302
    assert client.get("/account/settings").status_code == 200
    assert other.get("/account/").status_code == 302
    (notice,) = mail_server.to("pat@example.org")
    assert notice["Subject"] == "Your password was changed"
    with app.app_context():
        user = accounts.find_by_email("pat@example.org")
        assert accounts.verify_password(user, NEW_PASSWORD)


def test_password_change_errors_stand_beside_their_fields(client, make_user, login):
    make_user("pat@example.org")
    login("pat@example.org")
    response = _post(
        client,
        "/account/settings/password",
        "password",
        current_password="nope",
        new_password=NEW_PASSWORD,
        confirm=NEW_PASSWORD,
    )
    assert response.status_code == 400
    assert 'id="password-current_password-error"' in response.get_data(as_text=True)
    response = _post(
        client,
        "/account/settings/password",
        "password",
        current_password=PASSWORD,
        new_password="password1234",
        confirm="password1234",
    )
    assert 'id="password-new_password-error"' in response.get_data(as_text=True)
    assert "most common" in response.get_data(as_text=True)
    response = _post(
        client,
        "/account/settings/password",
        "password",
        current_password=PASSWORD,
        new_password=NEW_PASSWORD,
        confirm="different",
    )
    assert 'id="password-confirm-error"' in response.get_data(as_text=True)


def test_notification_preferences_stop_only_the_email_copy(
    mail_server, app, client, make_user, login
):
    user_id = make_user("pat@example.org")
    login("pat@example.org")
    kept = ["invitation", "reply", "booking", "decision"]
    response = _post(client, "/account/settings/notifications", "notifications", emailed=kept)
    assert response.status_code == 302
    page = client.get("/account/settings").get_data(as_text=True)
    assert 'value="answer"' in page and 'value="answer" checked' not in page
    with app.app_context():
        user = db.session.get(User, user_id)
        notifications.notify(user, "answer", "Your question was answered.")
        notifications.notify(user, "reply", "The practitioner replied.")
        unit_of_work.commit()
        kinds = set(db.session.scalars(db.select(Notification.kind)))
    assert kinds == {"answer", "reply"}  # the inbox keeps both
    subjects = [message["Subject"] for message in mail_server.to("pat@example.org")]
    assert subjects == [notifications.KINDS["reply"]]


def test_unknown_notification_kinds_are_refused_beside_the_field(client, make_user, login):
    make_user("pat@example.org")
    login("pat@example.org")
    response = _post(client, "/account/settings/notifications", "notifications", emailed=["x"])
    assert response.status_code == 400
    assert 'id="notifications-emailed-error"' in response.get_data(as_text=True)


def test_each_role_is_offered_only_its_kinds_and_hidden_kinds_keep_their_setting(
    app, client, make_user, login
):
    user_id = make_user("doc@example.org", role="practitioner")
    with app.app_context():
        db.session.get(User, user_id).email_opt_out = '["answer"]'
        db.session.commit()
    login("doc@example.org")
    page = client.get("/account/settings").get_data(as_text=True)
    assert 'value="review"' in page and 'value="reply"' not in page
    response = _post(client, "/account/settings/notifications", "notifications", emailed=["review"])
    assert response.status_code == 302
    with app.app_context():
        off = notifications.email_opt_out(db.session.get(User, user_id))
    assert off == {"answer", "question", "booking", "message", "licence", "decision"}


def test_a_remembered_device_stays_remembered_after_a_password_change(app, client, make_user):
    make_user("pat@example.org")
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
    old_cookie = client.get_cookie("remember_token").value
    response = _post(
        client,
        "/account/settings/password",
        "password",
        current_password=PASSWORD,
        new_password=NEW_PASSWORD,
        confirm=NEW_PASSWORD,
    )
    assert response.status_code == 302
    new_cookie = client.get_cookie("remember_token").value
    assert new_cookie != old_cookie
    for cookie, works in ((old_cookie, False), (new_cookie, True)):
        browser = app.test_client()  # only the remember-me cookie, as after a restart
        browser.set_cookie("remember_token", cookie)
        assert (browser.get("/account/").status_code == 200) is works


def test_an_email_change_asked_with_a_stolen_password_dies_with_a_new_password(
    mail_server, app, client, make_user, login
):
    # Someone with the stolen password asks to move the account to their own address ...
    make_user("pat@example.org")
    login("pat@example.org")
    _post(client, "/account/settings/email", "email", email="thief@example.net", password=PASSWORD)
    link = mail_server.link("thief@example.net", "/account/settings/email/")
    # ... the owner resets the password; the thief's link no longer moves the account.
    from tests.account_helpers import forgot

    owner = app.test_client()
    forgot(owner, "pat@example.org")
    reset = mail_server.link("pat@example.org", "/auth/password/reset/")
    new = "a brand new passphrase 2026"
    owner.post(reset, data={"password": new, "confirm": new,
                            "csrf_token": csrf_token(owner, reset)})  # fmt: skip
    assert _user(app, "pat@example.org").pending_email is None
    thief = app.test_client()
    assert thief.get(link).status_code == 404
    assert _user(app, "thief@example.net") is None
