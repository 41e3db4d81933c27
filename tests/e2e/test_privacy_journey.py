"""The privacy journey in a real browser (issue 9): a patient with a published review changes
their display name, downloads their data, deletes their account; after the purge the listing's
profile shows the review by "Former patient"."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import login_via_form
from tests.privacy_helpers import REVIEW_BODY, patient_with_history

pytestmark = pytest.mark.e2e


def test_settings_export_delete_and_former_patient(live_server, page, make_user):
    from playwright.sync_api import expect

    app = live_server.app
    made = patient_with_history(app, make_user)

    login_via_form(page, live_server.url, "patricia@example.org", PASSWORD)
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    page.get_by_role("textbox", name="Display name").fill("Patricia Kowalski")
    page.get_by_role("button", name="Save name").click()
    expect(page.get_by_text("Your display name is saved.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Display name")).to_have_value("Patricia Kowalski")

    # The export downloads a JSON file holding the review.
    page.get_by_role("link", name="Download your data").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.startswith("needlewise-export-")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["profile"]["display_name"] == "Patricia Kowalski"
    assert [review["body"] for review in data["reviews"]] == [REVIEW_BODY]

    # Deleting asks for the password and logs out.
    page.goto(f"{live_server.url}/account/settings")
    page.get_by_role("link", name="Delete your account").click()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account will be deleted on")).to_be_visible()
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="Log in")).to_be_visible()
    page.goto(f"{live_server.url}/account/")
    expect(page).to_have_url(f"{live_server.url}/auth/login?next=%2Faccount%2F")

    # The grace period passes; the daily purge runs.
    from directory.extensions import db
    from directory.models import User

    with app.app_context():
        user = db.session.get(User, made.user_id)
        user.deletion_requested_at -= timedelta(days=15)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["users", "purge-deleted"])
    assert "Deleted 1 account." in result.output, result.output

    page.goto(f"{live_server.url}/practitioners/{made.slug}")
    review = page.locator("article.review").first
    expect(review).to_contain_text("Former patient")
    expect(review).to_contain_text(REVIEW_BODY)
    expect(page.get_by_text("Patricia Kowalski")).to_have_count(0)
