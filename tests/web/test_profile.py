"""The public profile /practitioners/<slug>: what a patient sees before booking."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import make_licence, make_listing
from tests.query_counts import count_queries


@pytest.fixture
def listing(app):
    """A complete listing with one verified, one expired and one rejected licence."""
    with app.app_context():
        item = make_listing(
            name="Jane Doe",
            devices=["skinpen_precision", "morpheus8"],
            phone="+1 512 555 0100",
            website="https://glow.example.org",
            consultation="credited",
            consultation_notes="Fee of $50, credited towards your first session.",
        )
        make_licence(
            item,
            verified_at=datetime(2026, 1, 12, 9, 30, tzinfo=UTC),
            expires_on=date(2030, 5, 31),
            document_name="a1b2c3-stored.pdf",
            document_original_name="my-secret-licence-scan.pdf",
        )
        make_licence(
            item,
            type="Esthetician",
            number="EXP-777",
            expires_on=date.today() - timedelta(days=3),
        )
        make_licence(item, status="rejected", number="REJ-999")
        return item.slug


def page_text(response) -> str:
    """The page's visible text on one line, so assertions do not depend on the markup."""
    without_tags = re.sub(r"<[^>]+>", "", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(without_tags))


def test_profile_shows_identity_badges_and_facts(client, listing):
    response = client.get(f"/practitioners/{listing}")
    assert response.status_code == 200
    text = page_text(response)
    assert "Jane Doe, RN, BSN" in text
    assert "Registered nurse at Glow Skin Studio · Austin, TX" in text
    assert "Licence verified" in text
    assert "Accepting new patients" in text
    assert "$150–$450" in text
    assert "Paid, credited towards treatment" in text
    assert "Fee of $50, credited towards your first session." in text
    assert "Numbing cream Offered" in text
    years = date.today().year - 2015
    assert f"{years} years (since 2015)" in text
    assert "1,200" in text
    assert "No reviews yet" in text


def test_profile_shows_offer_and_skin_types(client, listing):
    text = page_text(client.get(f"/practitioners/{listing}"))
    for label in ("Micro-needling", "PRP micro-needling", "Acne scars", "Fine lines & wrinkles"):
        assert label in text
    assert "All six Fitzpatrick skin types (I–VI)" in text


def test_devices_show_maker_kind_and_regulatory_status_honestly(client, listing):
    text = page_text(client.get(f"/practitioners/{listing}"))
    assert "SkinPen Precision System" in text
    assert "Crown Aesthetics (formerly Bellus Medical) · Motorised pen" in text
    assert "FDA De Novo authorised (DEN160029" in text
    # Morpheus8 has no public FDA record in the catalogue: say so, do not invent one.
    assert "Morpheus8" in text
    assert "US regulatory status: Not known" in text


def test_licences_show_status_dates_and_never_the_document(client, listing):
    body = client.get(f"/practitioners/{listing}").get_data(as_text=True)
    text = page_text(client.get(f"/practitioners/{listing}"))
    assert "Registered Nurse" in text and "123456" in text
    assert "Texas Board of Nursing" in text and "US-TX" in text
    assert "Verified 12 Jan 2026" in text
    assert "Expires 31 May 2030" in text
    # A verified licence past its expiry date shows as expired, not verified.
    assert "EXP-777" in text
    assert re.search(r"Esthetician</h3>\s*<span[^>]*>Expired</span>", body)
    # Rejected submissions are not public, and documents never are.
    assert "REJ-999" not in text
    assert "a1b2c3-stored.pdf" not in body and "my-secret-licence-scan" not in body


def test_location_and_contact_block(client, listing):
    body = client.get(f"/practitioners/{listing}").get_data(as_text=True)
    assert "100 Congress Ave" in body and "Austin, TX 78701" in body
    assert 'href="tel:+15125550100"' in body
    assert 'href="https://glow.example.org"' in body and "glow.example.org" in body
    assert "openstreetmap.org/search?query=" in body
    assert "<iframe" not in body and "<script>" not in body


def test_title_and_meta_description_per_listing(client, listing):
    body = client.get(f"/practitioners/{listing}").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", body).group(1)
    assert "Jane Doe, RN, BSN — Registered nurse in Austin, TX" in html.unescape(title)
    description = re.search(r'<meta name="description" content="([^"]*)"', body).group(1)
    description = html.unescape(description)
    assert description.startswith("Jane Doe is a registered nurse at Glow Skin Studio in Austin")
    assert "Licence verified." in description
    assert len(description) <= 160


def test_reviews_and_questions_sections_are_included(client, listing):
    body = client.get(f"/practitioners/{listing}").get_data(as_text=True)
    assert 'id="reviews-heading"' in body
    assert 'id="questions-heading"' in body
    assert body.index('id="licences-heading"') < body.index('id="reviews-heading"')


@pytest.mark.parametrize(
    "query", ["?sort=lowest&page=2", "?sort=bogus&page=-3", "?page=abc&qpage=99999999"]
)
def test_odd_sort_and_page_arguments_still_show_the_profile(client, listing, query):
    assert client.get(f"/practitioners/{listing}{query}").status_code == 200


def test_user_text_is_escaped(app, client):
    with app.app_context():
        slug = make_listing(
            name="Eve <b>Bold</b>",
            bio="<script>alert('bio')</script>\nSecond line",
            clinic='"><img src=x onerror=alert(1)>',
            website="javascript:alert(1)",
        ).slug
    body = client.get(f"/practitioners/{slug}").get_data(as_text=True)
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&#39;bio&#39;)&lt;/script&gt;" in body
    assert "<img src=x" not in body and "<b>Bold</b>" not in body
    assert 'href="javascript:' not in body


def test_unknown_slug_is_a_404_page(client):
    response = client.get("/practitioners/nobody-nowhere")
    assert response.status_code == 404
    assert "We could not find" in response.get_data(as_text=True)


def test_unverified_listing_says_so_and_explains_licences(app, client):
    with app.app_context():
        slug = make_listing(devices=[], skin_types=[], practicing_since=None).slug
    text = page_text(client.get(f"/practitioners/{slug}"))
    assert "Licence not verified" in text
    assert "No licence has been submitted for this listing yet" in text
    assert "Ask which device will be used" in text
    assert "Years of practice Not stated" in text


def test_pending_licence_shows_under_review(app, client):
    with app.app_context():
        item = make_listing()
        make_licence(item, status="pending")
        slug = item.slug
    text = page_text(client.get(f"/practitioners/{slug}"))
    assert "Licence under review" in text and "Pending review" in text


class TestActions:
    def test_anonymous_visitor_is_sent_to_log_in_before_asking(self, client, listing):
        body = client.get(f"/practitioners/{listing}").get_data(as_text=True)
        assert f'href="/auth/login?next=/practitioners/{listing}/questions"' in body
        assert "Ask a question" in body and "Edit listing" not in body

    def test_patient_can_ask_a_question(self, client, listing, make_user, login):
        make_user("pat@example.org", role="patient")
        login("pat@example.org")
        body = client.get(f"/practitioners/{listing}").get_data(as_text=True)
        assert f'href="/practitioners/{listing}/questions">Ask a question' in body
        assert "Edit listing" not in body

    def test_owner_sees_edit_listing(self, app, client, make_user, login):
        owner_id = make_user("owner@example.org", role="practitioner")
        with app.app_context():
            slug = make_listing(owner_id=owner_id).slug
        login("owner@example.org")
        body = client.get(f"/practitioners/{slug}").get_data(as_text=True)
        assert f'href="/account/listings/{slug}/edit">Edit listing' in body
        assert "Ask a question" not in body

    def test_other_practitioner_sees_neither(self, client, listing, make_user, login):
        make_user("other@example.org", role="practitioner")
        login("other@example.org")
        body = client.get(f"/practitioners/{listing}").get_data(as_text=True)
        assert "Edit listing" not in body and "Ask a question" not in body


def _profile_queries(app, client, devices: list[str], licences: int) -> int:
    with app.app_context():
        item = make_listing(devices=devices)
        for n in range(licences):
            make_licence(item, number=f"L-{n}")
        slug = item.slug
    client.get(f"/practitioners/{slug}")  # warm-up: catalogue, templates
    with app.app_context(), count_queries() as statements:
        assert client.get(f"/practitioners/{slug}").status_code == 200
    return len(statements)


def test_profile_queries_do_not_grow_with_devices_or_licences(app, client):
    few = _profile_queries(app, client, ["skinpen_precision"], licences=1)
    many = _profile_queries(
        app,
        client,
        ["skinpen_precision", "morpheus8", "dermapen_4", "potenza", "derma_roller", "vivace"],
        licences=5,
    )
    assert few == many
    assert many <= 20
