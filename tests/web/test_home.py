"""The home page: its search form, quick links, guide teasers and headline numbers."""

from __future__ import annotations

from tests.factories import make_licence, make_listing
from tests.pages_helpers import parse_page


def _home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_search_form_sends_q_and_near_to_the_search_page(client):
    page = parse_page(_home(client))
    search_forms = [form for form in page.forms if form.get("action") == "/search"]
    assert len(search_forms) == 1
    assert search_forms[0].get("method", "get").lower() == "get"
    names = {control.attrs.get("name") for control in page.controls}
    assert {"q", "near"} <= names
    assert page.unlabelled_controls() == []


def test_search_form_labels_say_what_to_type(client):
    html = _home(client)
    assert '<label class="form-label" for="home-q">Treatment, concern or name</label>' in html
    assert '<label class="form-label" for="home-near">Near</label>' in html
    assert "ZIP or City, ST" in html


def test_quick_links_cover_every_concern_and_the_micro_needling_treatments(client):
    hrefs = parse_page(_home(client)).hrefs()
    for concern in ("acne_scars", "fine_lines", "texture", "pores", "hyperpigmentation",
                    "stretch_marks", "surgical_scars", "hair_loss"):  # fmt: skip
        assert f"/search?concern={concern}" in hrefs
    for treatment in ("microneedling", "prp_microneedling", "rf_microneedling"):
        assert f"/search?treatment={treatment}" in hrefs


def test_guide_teasers_and_practitioner_call_to_action(client):
    page = parse_page(_home(client))
    hrefs = page.hrefs()
    assert "/guides/what-is-microneedling" in hrefs
    assert "/guides/choosing-a-practitioner" in hrefs
    assert "/guides/" in hrefs
    assert ("/auth/register?role=practitioner", "List your practice") in page.links


def test_trust_points_are_explained(client):
    html = _home(client)
    assert "Licences checked by people" in html
    assert "Reviews only from verified visits" in html
    assert "No pay-to-rank" in html


def test_empty_directory_shows_no_zero_counts(client):
    html = _home(client)
    assert "practitioners listed" not in html
    assert "0 practitioners" not in html


def test_counts_of_listings_and_verified_licences(app, client):
    with app.app_context():
        make_licence(make_listing())
        make_listing()
    html = _home(client)
    assert "<strong>2</strong> practitioners listed" in html
    assert "<strong>1</strong> with a verified licence" in html
    # No published reviews yet: that count is left out rather than shown as zero.
    assert "reviews from verified visits" not in html
