"""Two-factor authentication (issue 9): set-up with a shown secret and ten recovery codes,
the second login step (no session before it passes), replay refusal, recovery codes, switching
it off with password and code, and moderators sent to set-up before any moderation page."""

from __future__ import annotations

import re
import time

import pyotp
import pytest

from directory.extensions import db
from directory.models import RecoveryCode
from directory.services import accounts
from tests.conftest import PASSWORD, csrf_token
from tests.two_factor_helpers import TOTP_SECRET, code_for


def _password_step(client, email="pat@example.org", remember=False):
    data = {"email": email, "password": PASSWORD, "csrf_token": csrf_token(client, "/auth/login")}
    if remember:
        data["remember"] = "y"
    return client.post("/auth/login", data=data)


def _code_step(client, code):
    token = csrf_token(client, "/auth/two-factor")
    return client.post("/auth/two-factor", data={"code": code, "csrf_token": token})


def _enable(client) -> tuple[str, list[str]]:
    """Turn two-factor on through the page, as a person would; returns secret and codes."""
    html = client.get("/account/security/two-factor").get_data(as_text=True)
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', html).group(1)
    token = csrf_token(client, "/account/security/two-factor")
    response = client.post(
        "/account/security/two-factor",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": token},
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:800]
    codes = re.findall(r"<li><code>([a-z0-9-]{19})</code></li>", response.get_data(as_text=True))
    return secret, codes


def test_setup_shows_the_secret_a_qr_code_and_the_otpauth_uri(client, make_user, login):
    make_user("pat@example.org")
    login("pat@example.org")
    html = client.get("/account/security/two-factor").get_data(as_text=True)
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', html).group(1)
    assert len(secret) == 32
    assert "otpauth://totp/Needlewise:pat%40example.org?secret=" + secret in html
    assert 'src="data:image/svg+xml' in html  # QR code made locally, no outside service
    # Reloading keeps the same secret until it is confirmed.
    assert secret in client.get("/account/security/two-factor").get_data(as_text=True)


def test_a_wrong_code_does_not_enable_it(app, client, make_user, login):
    make_user("pat@example.org")
    login("pat@example.org")
    token = csrf_token(client, "/account/security/two-factor")
    response = client.post(
        "/account/security/two-factor", data={"code": "000000", "csrf_token": token}
    )
    assert response.status_code == 400
    assert "That code does not match" in response.get_data(as_text=True)
    with app.app_context():
        assert not accounts.find_by_email("pat@example.org").two_factor_enabled


def test_enabling_shows_ten_recovery_codes_once_and_stores_them_hashed(
    app, client, make_user, login
):
    make_user("pat@example.org")
    login("pat@example.org")
    _secret, codes = _enable(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    with app.app_context():
        stored = [row.code_hash for row in db.session.scalars(db.select(RecoveryCode))]
    assert len(stored) == 10
    assert not set(codes) & set(stored)
    page = client.get("/account/security").get_data(as_text=True)
    assert "<strong>10</strong> unused recovery codes" in page
    assert not any(code in page for code in codes)


def test_login_asks_for_the_code_and_gives_no_session_before_it(app, client, make_user, login):
    make_user("pat@example.org")
    login("pat@example.org")
    secret, _codes = _enable(client)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})

    fresh = app.test_client()
    response = _password_step(fresh, remember=True)
    assert response.headers["Location"] == "/auth/two-factor"
    assert fresh.get_cookie("remember_token") is None
    assert fresh.get("/account/").status_code == 302  # not logged in yet
    assert "Enter your code" in fresh.get("/auth/two-factor").get_data(as_text=True)

    wrong = _code_step(fresh, "123456" if pyotp.TOTP(secret).now() != "123456" else "654321")
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.get_data(as_text=True)
    assert fresh.get("/account/").status_code == 302

    step = int(time.time() // 30) + 1  # the code enabling used this step's; the next is fine
    done = _code_step(fresh, pyotp.TOTP(secret).at(step * 30))
    assert done.status_code == 302 and done.headers["Location"] == "/account/"
    assert fresh.get("/account/").status_code == 200
    assert fresh.get_cookie("remember_token") is not None


def test_a_code_cannot_be_used_twice(app, make_user):
    make_user("mod@example.org", role="moderator")
    first = app.test_client()
    _password_step(first, "mod@example.org")
    code = code_for(app, "mod@example.org")
    assert _code_step(first, code).status_code == 302
    # Someone who saw (or intercepted) that code and knows the password gets nowhere.
    second = app.test_client()
    _password_step(second, "mod@example.org")
    assert _code_step(second, code).status_code == 400
    assert second.get("/account/").status_code == 302
    # Nor does an older code, from the previous step.
    step = int(time.time() // 30)
    assert _code_step(second, pyotp.TOTP(TOTP_SECRET).at((step - 1) * 30)).status_code == 400


def test_a_recovery_code_works_once(app, client, make_user, login):
    make_user("pat@example.org")
    login("pat@example.org")
    _secret, codes = _enable(client)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    fresh = app.test_client()
    _password_step(fresh)
    assert _code_step(fresh, codes[3].upper().replace("-", " ")).status_code == 302
    again = app.test_client()
    _password_step(again)
    assert _code_step(again, codes[3]).status_code == 400
    assert "<strong>9</strong> unused" in fresh.get("/account/security").get_data(as_text=True)


def test_the_code_step_without_a_password_step_sends_to_login(client):
    response = client.get("/auth/two-factor")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"


def test_switching_off_needs_the_password_and_a_code(app, client, make_user, login):
    make_user("pat@example.org")
    login("pat@example.org")
    secret, _codes = _enable(client)

    def _disable(password, code):
        token = csrf_token(client, "/account/security")
        return client.post(
            "/account/security/two-factor/disable",
            data={"password": password, "code": code, "csrf_token": token},
        )

    next_code = pyotp.TOTP(secret).at((int(time.time() // 30) + 1) * 30)
    refused = _disable("not the password", next_code)
    assert refused.status_code == 400
    assert "The password is not right." in refused.get_data(as_text=True)
    refused = _disable(PASSWORD, "000000")
    assert refused.status_code == 400
    assert "That code does not match" in refused.get_data(as_text=True)
    with app.app_context():
        assert accounts.find_by_email("pat@example.org").two_factor_enabled
    assert _disable(PASSWORD, next_code).status_code == 302
    with app.app_context():
        user = accounts.find_by_email("pat@example.org")
        assert not user.two_factor_enabled and user.recovery_codes == []


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_staff_without_two_factor_are_sent_to_set_it_up(app, client, make_user, login, role):
    make_user(f"{role}@example.org", role=role, two_factor_on=False)
    assert login(f"{role}@example.org").status_code == 302
    for path in (
        "/moderation/",
        "/moderation/credentials",
        "/moderation/reports",
        "/moderation/log",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/account/security/two-factor"
    html = client.get("/account/security/two-factor").get_data(as_text=True)
    assert "must turn on two-factor authentication before opening moderation pages" in html
    _enable(client)
    assert client.get("/moderation/credentials").status_code == 200


def test_patients_and_practitioners_may_leave_it_off(client, make_user, login):
    make_user("doc@example.org", role="practitioner")
    assert login("doc@example.org").status_code == 302
    assert client.get("/account/listings").status_code == 200
    assert "Optional, and recommended." in client.get("/account/security").get_data(as_text=True)


@pytest.fixture
def limited(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}


class TestCodeAttemptsAreLimited:
    @pytest.fixture
    def app_config(self, limited):
        return limited

    def test_per_address(self, app, make_user):
        make_user("mod@example.org", role="moderator")
        client = app.test_client()
        _password_step(client, "mod@example.org")
        for _ in range(5):
            assert _code_step(client, "000000").status_code == 400
        refused = _code_step(client, code_for(app, "mod@example.org"))
        assert refused.status_code == 429
        assert "Too many attempts" in refused.get_data(as_text=True)

    def test_per_account_across_addresses(self, app, make_user):
        make_user("mod@example.org", role="moderator")
        for n in range(5):
            client = app.test_client()
            client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
            _password_step(client, "mod@example.org")
            assert _code_step(client, "000000").status_code == 400
        other = app.test_client()
        other.environ_base["REMOTE_ADDR"] = "203.0.113.9"
        _password_step(other, "mod@example.org")
        assert _code_step(other, code_for(app, "mod@example.org")).status_code == 429
