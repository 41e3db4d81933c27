"""Small things a first-time visitor noticed: why a button sent them to log in, a sign-up that
forgot they came to list a practice, a booking form that chose a treatment for them, and a
greeting with two full stops."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD, csrf_token
from tests.factories import make_listing


@pytest.fixture
def slug(app):
    with app.app_context():
        return make_listing(treatments=["chemical_peel", "microneedling", "prp_microneedling"]).slug


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/questions", "to ask this practitioner a question"),
        ("/book", "to request an appointment"),
        ("/review", "to write your review"),
    ],
)
def test_anonymous_visitors_are_told_why_they_must_log_in(client, slug, path, reason):
    response = client.get(f"/practitioners/{slug}{path}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")
    page = client.get(response.headers["Location"]).text
    assert reason in page


def test_list_your_practice_opens_sign_up_as_a_practitioner(client):
    home = client.get("/").text
    assert 'href="/auth/register?role=practitioner">List your practice</a>' in home
    assert _checked_role(client.get("/auth/register?role=practitioner").text) == "practitioner"
    assert _checked_role(client.get("/auth/register").text) == "patient"


def _checked_role(html: str) -> str:
    [checked] = [tag for tag in re.findall(r"<input[^>]*>", html) if 'name="role"' in tag
                 and "checked" in tag]  # fmt: skip
    return re.search(r'value="([^"]+)"', checked).group(1)


def test_the_booking_form_lets_the_patient_choose_the_treatment(app, client, make_user, login,
                                                                  slug):  # fmt: skip
    make_user("pat@example.org")
    login("pat@example.org")
    html = client.get(f"/practitioners/{slug}/book").text
    options = re.findall(r"<option([^>]*)>([^<]+)</option>", html)
    assert [label for _, label in options][:2] == ["Choose a treatment", "Micro-needling"]
    assert not any("selected" in attrs for attrs, _ in options)
    response = client.post(
        f"/practitioners/{slug}/book",
        data={"treatment": "", "preferred_dates": "Any weekday morning",
              "csrf_token": csrf_token(client, f"/practitioners/{slug}/book")},
    )  # fmt: skip
    assert response.status_code == 400  # nothing chosen: asked again, nothing sent


def test_a_greeting_never_ends_with_two_full_stops(app, client, make_user):
    make_user("jp@example.org", name="Jordan P.")
    token = csrf_token(client, "/auth/login")
    client.post("/auth/login", data={"email": "jp@example.org", "password": PASSWORD,
                                     "csrf_token": token})  # fmt: skip
    page = client.get("/account/").text
    assert "Welcome back, Jordan P." in page and "Jordan P.." not in page


def test_after_redeeming_the_review_form_opens_on_that_visit(app, client, make_user, login):
    from datetime import date, timedelta

    from tests.review_helpers import add_visit, owner_and_listing

    _owner_id, slug, listing_id = owner_and_listing(app, make_user)
    patient_id = make_user("pat@example.org")
    add_visit(app, patient_id, listing_id, visited_on=date.today() - timedelta(days=60))
    login("owner@example.org")
    data = {"listing": slug, "email": "pat@example.org", "treatment": "prp_microneedling",
            "treated_on": (date.today() - timedelta(days=2)).isoformat(),
            "csrf_token": csrf_token(client, "/account/invitations")}  # fmt: skip
    token = re.search(r"/r/([A-Za-z0-9_-]+)", client.post("/account/invitations", data=data).text)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    login("pat@example.org")
    url = f"/r/{token.group(1)}"
    redeemed = client.post(url, data={"csrf_token": csrf_token(client, url)})
    form = client.get(redeemed.headers["Location"]).text
    selected = re.search(r"<option selected[^>]*>([^<]+)</option>|<option[^>]*selected[^>]*>([^<]+)"
                         r"</option>", form)  # fmt: skip
    assert selected and "PRP" in (selected.group(1) or selected.group(2))
