"""An owner uploads a clinic photo from the listing pages and sees it in the profile's
gallery; the thumbnail is a keyboard-reachable link to the display size."""

from __future__ import annotations

import pytest

from directory.services import accounts
from tests.e2e.conftest import login_via_form
from tests.factories import make_listing
from tests.photos_helpers import image_bytes

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough passphrase"


def test_owner_uploads_a_clinic_photo_and_sees_it_in_the_gallery(live_server, page):
    from playwright.sync_api import expect

    app = live_server.app
    with app.app_context():
        owner = accounts.create_user("owner@example.org", PASSWORD, "practitioner", "Olivia")
        slug = make_listing(owner_id=owner.id, name="Olivia Reyes").slug
    base = live_server.url

    login_via_form(page, base, "owner@example.org", PASSWORD)
    page.goto(f"{base}/account/listings")
    page.get_by_role("link", name="Photos of Olivia Reyes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Photos of Olivia Reyes")
    form = page.locator("form", has=page.get_by_role("button", name="Add photo"))
    form.get_by_label("Photo", exact=True).set_input_files(
        {"name": "room.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(gps=True)}
    )
    form.get_by_label("Describe the photo").fill("Bright treatment room with a reclining chair")
    form.get_by_role("button", name="Add photo").click()
    expect(page.get_by_text("Photo added.")).to_be_visible()

    page.goto(f"{base}/practitioners/{slug}")
    gallery = page.get_by_role("region", name="Photos")
    image = gallery.get_by_role("img", name="Bright treatment room with a reclining chair")
    expect(image).to_have_attribute("loading", "lazy")
    expect(image).to_have_attribute("width", "360")
    link = gallery.get_by_role("link").first
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/photos/photo-*-d.*")
    assert page.evaluate("document.images[0].naturalWidth") == 800
