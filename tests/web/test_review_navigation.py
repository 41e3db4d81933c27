"""Navigating a profile's reviews: the star histogram, filters by treatment, concern and skin
type that keep sort and paging, the "Most helpful" order, and the skin type a review carries."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from directory.extensions import db
from directory.models import Review
from tests.review_helpers import add_visit, owner_and_listing, post_review, reviews_of, seed_reviews


@pytest.fixture
def listing(app, make_user):
    owner_id, slug, listing_id = owner_and_listing(app, make_user)
    return {"slug": slug, "listing_id": listing_id, "owner_id": owner_id}


def _set(app, review_id: int, **values) -> None:
    with app.app_context():
        db.session.execute(update(Review).where(Review.id == review_id).values(**values))
        db.session.commit()


def _titles(html: str) -> list[str]:
    return re.findall(r'class="review-title h5"[^>]*>([^<]+)<', html)


def _histogram(html: str) -> list[tuple[str, str, str]]:
    table = html.split('<table class="star-histogram">', 1)[1].split("</table>", 1)[0]
    return re.findall(
        r'<th scope="row">(\d) stars?</th>.*?histogram-percent">(\d+)%<.*?'
        r'histogram-count">(\d+)<',
        table,
        re.S,
    )


def test_histogram_counts_and_shares_every_star_as_text(app, client, listing):
    seed_reviews(app, listing["listing_id"], [5, 5, 5, 4, 1])
    html = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert "<caption" in html and "Reviews by stars" in html
    assert _histogram(html) == [
        ("5", "60", "3"),
        ("4", "20", "1"),
        ("3", "0", "0"),
        ("2", "0", "0"),
        ("1", "20", "1"),
    ]


def test_histogram_leaves_out_withdrawn_and_removed_reviews(app, client, listing):
    ids = seed_reviews(app, listing["listing_id"], [5, 1, 1])
    _set(app, ids[1], status="removed", removed_reason="spam")
    _set(app, ids[2], status="withdrawn")
    html = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert _histogram(html)[0] == ("5", "100", "1")
    assert _histogram(html)[4] == ("1", "0", "0")


@pytest.fixture
def varied(app, listing):
    """Four reviews: PRP for acne scars on skin type V, two microneedling ones for pores,
    one RF one for fine lines."""
    ids = seed_reviews(app, listing["listing_id"], [5, 4, 3, 2])
    _set(app, ids[0], treatment="prp_microneedling", concerns="acne_scars", skin_type=5)
    _set(app, ids[1], concerns="pores,texture", skin_type=2)
    _set(app, ids[2], concerns="pores", skin_type=5)
    _set(app, ids[3], treatment="rf_microneedling", concerns="fine_lines")
    return ids


@pytest.mark.parametrize(
    "query, expected",
    [
        ("treatment=prp_microneedling", ["Review number 0"]),
        ("treatment=microneedling", ["Review number 2", "Review number 1"]),
        ("concern=pores", ["Review number 2", "Review number 1"]),
        ("concern=texture", ["Review number 1"]),
        ("skin_type=5", ["Review number 2", "Review number 0"]),
        ("concern=pores&skin_type=5", ["Review number 2"]),
        ("treatment=rf_microneedling&skin_type=1", []),
    ],
)
def test_filters_narrow_the_list(client, listing, varied, query, expected):
    html = client.get(f"/practitioners/{listing['slug']}?{query}").get_data(as_text=True)
    assert _titles(html) == expected
    assert "Clear filters" in html
    if not expected:
        assert "No reviews match these filters yet" in html


def test_filter_form_works_without_javascript_and_offers_what_reviews_mention(
    client, listing, varied
):
    html = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    form = html.split('class="review-filter"', 1)[1].split("</form>", 1)[0]
    assert form.startswith(' method="get"')  # a plain GET form: no script needed
    assert 'name="treatment"' in form and 'name="concern"' in form and 'name="skin_type"' in form
    assert 'value="prp_microneedling"' in form and 'value="pores"' in form
    assert 'value="laser_resurfacing"' not in form  # nobody reviewed it
    assert 'value="5"' in form and 'value="3"' not in form
    assert 'type="submit"' in form


def test_filters_survive_sorting_and_paging(app, client, listing):
    ids = seed_reviews(app, listing["listing_id"], [4] * 13)
    for review_id in ids[:12]:
        _set(app, review_id, concerns="acne_scars")
    first = client.get(f"/practitioners/{listing['slug']}?concern=acne_scars&sort=lowest")
    html = first.get_data(as_text=True)
    assert "Page 1 of 2" in html
    next_link = re.search(r'href="([^"]*page=2[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "concern=acne_scars" in next_link and "sort=lowest" in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert len(_titles(second)) == 2  # 12 matching reviews, 10 a page; the 13th is filtered out
    sort_links = re.findall(r'href="([^"]*sort=helpful[^"]*)"', html)
    assert sort_links and "concern=acne_scars" in sort_links[0]


def test_unknown_filter_values_are_said_and_ignored(client, listing, varied):
    response = client.get(f"/practitioners/{listing['slug']}?treatment=botox&skin_type=9")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "We did not understand the treatment and skin type filter" in html
    assert len(_titles(html)) == 4


def test_filter_values_are_escaped(client, listing, varied):
    html = client.get(
        f"/practitioners/{listing['slug']}?concern=%3Cscript%3Ealert(1)%3C/script%3E"
    ).get_data(as_text=True)
    assert "<script>alert(1)" not in html


def test_most_helpful_sort(app, client, listing):
    ids = seed_reviews(app, listing["listing_id"], [4, 4, 4])
    _set(app, ids[0], helpful_count=7)
    _set(app, ids[2], helpful_count=2)
    html = client.get(f"/practitioners/{listing['slug']}?sort=helpful").get_data(as_text=True)
    assert _titles(html) == ["Review number 0", "Review number 2", "Review number 1"]
    assert "7 people found this helpful" in html


def test_a_review_can_carry_the_patients_skin_type(app, client, make_user, login, listing):
    patient_id = make_user("pat@example.org")
    add_visit(app, patient_id, listing["listing_id"])
    login("pat@example.org")
    assert post_review(client, listing["slug"], skin_type="4").status_code == 302
    assert reviews_of(app, listing["listing_id"])[0].skin_type == 4
    html = client.get(f"/practitioners/{listing['slug']}?skin_type=4").get_data(as_text=True)
    assert _titles(html) == ["Smoother skin after three sessions"]


def test_a_made_up_skin_type_is_refused_beside_the_field(app, client, make_user, login, listing):
    patient_id = make_user("pat@example.org")
    add_visit(app, patient_id, listing["listing_id"])
    login("pat@example.org")
    response = post_review(client, listing["slug"], skin_type="9")
    assert response.status_code == 400
    assert 'id="skin_type-error"' in response.get_data(as_text=True)
    assert reviews_of(app, listing["listing_id"]) == []
