"""/how-ratings-work: the public explanation, with the numbers the ranking code really uses,
and the links to it from the sort control and every rating display."""

from __future__ import annotations

import re

import pytest

from search.query import RATING_PRIOR_WEIGHT
from tests import search_app_helpers as helpers
from tests.review_helpers import owner_and_listing, seed_reviews

search_ctx, seeded = helpers.search_ctx, helpers.seeded  # fixtures


def _page(client) -> str:
    response = client.get("/how-ratings-work")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_states_the_formula_and_the_constants_of_the_code(client):
    html = _page(client)
    assert "<h1>How ratings and ranking work</h1>" in html
    assert "(C × m + sum of the listing's ratings) ÷ (C + number of its reviews)" in html
    assert f"<dd>{RATING_PRIOR_WEIGHT}: how many average reviews" in html
    # No review yet: m is the default the search code assumes.
    assert "now <strong>4.00</strong>" in html
    for route in ("Invited by the practitioner", "Booked through Needlewise", "Proof checked"):
        assert route in html
    assert "for 90 days" in html  # INVITATION_DAYS
    assert "Practitioners never hide, edit or delete a review." in html
    assert "spam or advertising" in html  # the report reasons, from the model


def test_m_and_the_worked_example_follow_the_reviews_on_the_site(app, client, make_user):
    _owner, _slug, listing_id = owner_and_listing(app, make_user)
    seed_reviews(app, listing_id, [5, 4, 3, 2])  # m = 3.5
    html = _page(client)
    assert "now <strong>3.50</strong>" in html
    rows = re.findall(r'<th scope="row">([^<]+)</th><td>([\d.]+)</td><td>([\d.]+)</td>', html)
    assert rows[0] == ("One review of 5 stars", "5.00", f"{(5 * 3.5 + 5) / 6:.2f}")
    assert rows[2][0] == "Forty reviews averaging 4.6 stars"
    assert rows[2][1:] == ("4.60", f"{(5 * 3.5 + 184) / 45:.2f}")
    # The point of the page: forty good reviews outrank a single perfect one.
    assert float(rows[2][2]) > float(rows[0][2])


def test_the_profile_links_it_beside_the_rating_and_in_the_review_summary(app, client, make_user):
    _owner, slug, listing_id = owner_and_listing(app, make_user)
    seed_reviews(app, listing_id, [5])
    html = client.get(f"/practitioners/{slug}").get_data(as_text=True)
    assert html.count('href="/how-ratings-work"') >= 2


@pytest.mark.usefixtures("seeded")
def test_search_links_it_from_the_sort_control_and_each_rated_card(client):
    html = client.get("/search").get_data(as_text=True)
    toolbar = html.split('class="sort-control"', 1)[1].split("</div>", 1)[0]
    assert 'href="/how-ratings-work#ranking"' in toolbar
    # Ana and Ben have reviews; Cara has none, so no rating and no link on her card.
    assert html.count('class="rating-help" href="/how-ratings-work"') == 2
