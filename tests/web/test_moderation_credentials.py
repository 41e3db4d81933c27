"""The credential queue and decision pages, through the moderator's browser session."""

from __future__ import annotations

from datetime import timedelta

import pytest

from directory.extensions import db
from directory.models import Licence
from directory.models.base import utcnow
from tests.conftest import csrf_token
from tests.credentials_helpers import (
    PDF,
    decide,
    licence_state,
    logged_in,
    make_owner,
    submit_pending,
)


@pytest.fixture
def moderator(app, make_user):
    make_user("mod@example.org", role="moderator", name="Morgan Mod")
    return logged_in(app, "mod@example.org")


@pytest.fixture
def pending(app, make_user):
    """(owner id, listing slug, pending licence id)."""
    owner_id, slug = make_owner(app, make_user)
    return owner_id, slug, submit_pending(app, owner_id, slug)


def test_queue_lists_pending_licences_oldest_first(app, make_user, moderator):
    first_owner, first_slug = make_owner(app, make_user, "a@example.org", name="Ada First")
    second_owner, second_slug = make_owner(app, make_user, "b@example.org", name="Bea Second")
    newer = submit_pending(app, second_owner, second_slug, number="NEW-1")
    older = submit_pending(app, first_owner, first_slug, number="OLD-1")
    with app.app_context():
        db.session.get(Licence, older).submitted_at = utcnow() - timedelta(days=3)
        db.session.commit()
    html = moderator.get("/moderation/credentials").get_data(as_text=True)
    assert html.index("OLD-1") < html.index("NEW-1")
    assert f"/moderation/credentials/{older}" in html and f"/moderation/credentials/{newer}" in html


def test_queue_links_the_issuing_boards_public_lookup(moderator, pending):
    html = moderator.get("/moderation/credentials").get_data(as_text=True)
    assert 'href="https://www.bon.texas.gov/licensure_verification.asp"' in html
    assert "Texas Board of Nursing" in html


def test_decided_licences_leave_the_queue(moderator, pending):
    _, _, licence_id = pending
    decide(moderator, licence_id, "approve")
    html = moderator.get("/moderation/credentials").get_data(as_text=True)
    assert "No licences are waiting" in html
    assert "Recently decided" in html and "RN-889123" in html


def test_scope_hint_for_an_esthetician_in_california(app, make_user, moderator):
    owner_id, slug = make_owner(
        app,
        make_user,
        profession="esthetician",
        state="CA",
        city="Los Angeles",
        credentials="LE",
    )
    licence_id = submit_pending(
        app,
        owner_id,
        slug,
        type="Esthetician",
        jurisdiction="US-CA",
        authority="California Board of Barbering and Cosmetology",
    )
    for url in (
        "/moderation/credentials",
        f"/moderation/credentials/{licence_id}",
        f"/moderation/listings/{slug}",
    ):
        html = moderator.get(url).get_data(as_text=True)
        assert "estheticians may not perform micro-needling" in html, url


def test_no_scope_hint_for_a_texas_nurse(moderator, pending):
    _, slug, licence_id = pending
    for url in (f"/moderation/credentials/{licence_id}", f"/moderation/listings/{slug}"):
        assert "Scope of practice" not in moderator.get(url).get_data(as_text=True)


def test_decision_page_shows_licence_document_and_board(moderator, pending):
    _, slug, licence_id = pending
    html = moderator.get(f"/moderation/credentials/{licence_id}").get_data(as_text=True)
    assert f'href="/moderation/credentials/{licence_id}/document"' in html
    assert "https://www.bon.texas.gov/licensure_verification.asp" in html
    assert 'name="decision"' in html and 'value="approve"' in html and 'value="reject"' in html
    assert 'name="note"' in html
    assert f"/moderation/listings/{slug}" in html


def test_moderator_opens_the_document_as_a_download(moderator, pending):
    _, _, licence_id = pending
    response = moderator.get(f"/moderation/credentials/{licence_id}/document")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert (
        response.headers["Content-Disposition"] == f"attachment; filename=licence-{licence_id}.pdf"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "no-store" in response.headers["Cache-Control"]


def test_approve_gives_the_badge_on_profile_and_api(app, client, moderator, pending):
    _, slug, licence_id = pending
    assert client.get(f"/api/v1/practitioners/{slug}").get_json()["verified"] is False
    response = decide(moderator, licence_id, "approve", "Checked on the BON site.")
    assert response.status_code == 302
    assert licence_state(app, licence_id) == ("verified", True)
    assert "Licence verified" in client.get(f"/practitioners/{slug}").get_data(as_text=True)
    detail = client.get(f"/api/v1/practitioners/{slug}").get_json()
    assert detail["verified"] is True
    assert [lic["status"] for lic in detail["licences"]] == ["verified"]


def test_reject_requires_a_note(app, moderator, pending):
    _, _, licence_id = pending
    response = decide(moderator, licence_id, "reject", "")
    assert response.status_code == 400
    assert "Tell the owner why the licence is rejected." in response.get_data(as_text=True)
    assert licence_state(app, licence_id) == ("pending", False)


def test_a_decision_must_be_chosen(app, moderator, pending):
    _, _, licence_id = pending
    response = decide(moderator, licence_id, "", "hmm")
    assert response.status_code == 400
    assert "Choose approve or reject." in response.get_data(as_text=True)
    assert licence_state(app, licence_id) == ("pending", False)


def test_a_decided_licence_cannot_be_decided_again(app, moderator, pending):
    _, _, licence_id = pending
    decide(moderator, licence_id, "reject", "Blurry scan.")
    response = decide(moderator, licence_id, "approve")
    assert response.status_code == 400
    assert "cannot become" in response.get_data(as_text=True)
    assert licence_state(app, licence_id) == ("rejected", False)


def test_revoke_a_verified_licence_with_a_reason(app, moderator, pending):
    _, _, licence_id = pending
    decide(moderator, licence_id, "approve")
    url = f"/moderation/credentials/{licence_id}"
    token = csrf_token(moderator, url)
    empty = moderator.post(f"{url}/revoke", data={"csrf_token": token, "revoke-reason": ""})
    assert empty.status_code == 400
    assert "Give the reason for revoking." in empty.get_data(as_text=True)
    assert licence_state(app, licence_id) == ("verified", True)
    response = moderator.post(
        f"{url}/revoke", data={"csrf_token": token, "revoke-reason": "Board shows it suspended."}
    )
    assert response.status_code == 302
    assert licence_state(app, licence_id) == ("revoked", False)
    assert "Board shows it suspended." in moderator.get(url).get_data(as_text=True)


def test_revoking_a_pending_licence_is_refused(app, moderator, pending):
    _, _, licence_id = pending
    url = f"/moderation/credentials/{licence_id}"
    token = csrf_token(moderator, url)
    response = moderator.post(f"{url}/revoke", data={"csrf_token": token, "revoke-reason": "x"})
    assert response.status_code == 400
    assert licence_state(app, licence_id) == ("pending", False)


def test_unknown_licence_is_not_found(moderator):
    assert moderator.get("/moderation/credentials/999").status_code == 404
    assert moderator.get("/moderation/credentials/999/document").status_code == 404


def test_decision_without_csrf_token_is_refused(app, moderator, pending):
    _, _, licence_id = pending
    response = moderator.post(f"/moderation/credentials/{licence_id}", data={"decision": "approve"})
    assert response.status_code == 400
    assert licence_state(app, licence_id) == ("pending", False)


def test_listing_view_shows_licences_and_owner(moderator, pending):
    _, slug, licence_id = pending
    html = moderator.get(f"/moderation/listings/{slug}").get_data(as_text=True)
    assert f"/moderation/credentials/{licence_id}" in html
    assert "owner@example.org" in html and "Suspend the owner" in html
    assert moderator.get("/moderation/listings/nobody-here").status_code == 404


def _verified_slugs(client) -> list[str]:
    response = client.get("/api/v1/practitioners?verified=true")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [row["slug"] for row in response.get_json()["results"]]


def test_the_badge_reaches_search_results_and_leaves_them(app, client, runner, moderator, pending):
    _, slug, licence_id = pending
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    everyone = client.get("/api/v1/practitioners").get_json()["results"]
    assert [(row["slug"], row["verified"]) for row in everyone] == [(slug, False)]
    assert _verified_slugs(client) == []

    decide(moderator, licence_id, "approve")
    assert _verified_slugs(client) == [slug]
    page = client.get("/search?verified=true").get_data(as_text=True)
    assert f"/practitioners/{slug}" in page and "Licence verified" in page

    url = f"/moderation/credentials/{licence_id}"
    token = csrf_token(moderator, url)
    moderator.post(f"{url}/revoke", data={"csrf_token": token, "revoke-reason": "Board: lapsed."})
    assert _verified_slugs(client) == []
