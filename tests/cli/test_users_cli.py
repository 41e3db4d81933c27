"""``flask users create`` (CONTRACT section 1): every role, listing ownership, refusals."""

from __future__ import annotations

import pytest

from directory.extensions import db
from directory.models import ROLES, Listing, User
from directory.services import accounts
from tests.conftest import csrf_token
from tests.factories import make_listing

PASSWORD = "a long enough secret"


def create(runner, *args: str):
    return runner.invoke(args=["users", "create", *args])


def user_by_email(app, email: str) -> User | None:
    with app.app_context():
        user = accounts.find_by_email(email)
        if user is not None:
            db.session.expunge(user)
        return user


def log_in(client, email: str, password: str = PASSWORD):
    token = csrf_token(client, "/auth/login")
    data = {"email": email, "password": password, "csrf_token": token}
    return client.post("/auth/login", data=data)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_can_be_created_and_then_log_in(app, runner, client, role):
    email = f"{role}@example.org"
    result = create(runner, email, "--role", role, "--password", PASSWORD, "--name", "Sam Lee")
    assert result.exit_code == 0, result.output
    assert result.output == f"Created {role} {email}.\n"
    user = user_by_email(app, email)
    assert (user.role, user.display_name) == (role, "Sam Lee")
    assert user.password_hash != PASSWORD and user.password_hash.startswith("$argon2id$")

    response = log_in(client, email)
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/")
    assert client.get("/account/").status_code == 200
    assert log_in(client.application.test_client(), email, "wrong password").status_code == 400


def test_the_email_is_stored_lower_case_and_the_name_defaults_to_its_local_part(app, runner):
    result = create(runner, "  Dana.Ross@Example.ORG ", "--role", "patient", "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    user = user_by_email(app, "dana.ross@example.org")
    assert (user.email, user.display_name) == ("dana.ross@example.org", "dana.ross")


def test_practitioner_option_makes_the_account_the_listing_owner(app, runner, client):
    with app.app_context():
        slug = make_listing(name="Jane Doe").slug
    result = create(
        runner, "jane@example.org", "--role", "practitioner", "--password", PASSWORD,
        "--practitioner", slug,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == f"Created practitioner jane@example.org, owner of {slug}.\n"
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == slug))
        assert listing.owner.email == "jane@example.org"
    # the owner sees the listing among their own after logging in
    log_in(client, "jane@example.org")
    assert slug in client.get("/account/").get_data(as_text=True)


def test_taking_over_an_owned_listing_names_the_previous_owner(app, runner):
    with app.app_context():
        first = accounts.create_user("first@example.org", PASSWORD, "practitioner")
        slug = make_listing(owner_id=first.id, name="Jane Doe").slug
    result = create(
        runner, "second@example.org", "--role", "practitioner", "--password", PASSWORD,
        "--practitioner", slug,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "(it was owned by first@example.org)" in result.output
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == slug))
        assert listing.owner.email == "second@example.org"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x@example.org", "--role", "superuser", "--password", PASSWORD],
         "Invalid value for '--role': 'superuser' is not one of"),
        (["x@example.org", "--role", "patient", "--password", "short"],
         "Error: Password must be at least 12 characters."),
        (["x@example.org", "--role", "practitioner", "--password", PASSWORD,
          "--practitioner", "no-such-listing"],
         'Error: No listing has the slug "no-such-listing".'),
        (["x@example.org", "--role", "patient", "--password", PASSWORD,
          "--practitioner", "jane-doe-austin"],
         "Error: --practitioner needs --role practitioner."),
        (["not-an-email", "--role", "patient", "--password", PASSWORD],
         'Error: "not-an-email" is not a valid email address'),
        (["x@example.org", "--password", PASSWORD], "Missing option '--role'"),
    ],
)  # fmt: skip
def test_refusals_exit_non_zero_with_a_clear_message_and_create_nothing(app, runner, args, message):
    result = create(runner, *args)
    assert result.exit_code != 0
    assert message in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_a_taken_email_is_refused_whatever_its_case(app, runner):
    first = create(runner, "sam@example.org", "--role", "patient", "--password", PASSWORD)
    assert first.exit_code == 0
    again = create(runner, "SAM@example.org", "--role", "admin", "--password", PASSWORD)
    assert again.exit_code == 1
    assert "Error: An account with this email already exists." in again.output
    assert user_by_email(app, "sam@example.org").role == "patient"


def test_a_refused_owner_account_leaves_the_listing_unowned(app, runner):
    with app.app_context():
        slug = make_listing(name="Jane Doe").slug
    result = create(
        runner, "jane@example.org", "--role", "practitioner", "--password", "short",
        "--practitioner", slug,
    )  # fmt: skip
    assert result.exit_code == 1
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == slug))
        assert listing.owner_id is None
