"""The /search page: results, filters, empty state, errors, and an unavailable index."""

from __future__ import annotations

import re

from tests import search_app_helpers as helpers
from tests.factories import make_listing
from tests.search_app_helpers import corrupt_index, remove_index

search_ctx, seeded = helpers.search_ctx, helpers.seeded  # fixtures


def page(client, query: str = "", status: int = 200) -> str:
    response = client.get(f"/search?{query}")
    assert response.status_code == status
    return response.get_data(as_text=True)


def cards(html: str) -> list[str]:
    """Names on the result cards, in order."""
    return re.findall(r'class="result-name" id="r-\d+"><a href="[^"]+">([^<]+)</a>', html)


def test_results_show_what_a_patient_compares(client, seeded):
    html = page(client, "q=acne+scars")
    assert cards(html) == ["Ana Lopez"]
    assert "1 practitioner" in html
    assert f'href="/practitioners/{seeded.ana.slug}"' in html
    assert "MD, FAAD" in html and "Lopez Dermatology" in html
    assert "Licence verified" in html
    assert "4.8" in html and "(10 reviews)" in html
    assert "$150–$300" in html
    assert "<mark>acne</mark> <mark>scars</mark>" in html


def test_whole_directory_without_parameters(client, seeded):
    html = page(client)
    assert cards(html) == ["Ana Lopez", "Cara Diaz", "Ben Carter"]
    assert "No reviews yet" in html


def test_filters_keep_their_state_and_show_counts(client, seeded):
    html = page(client, "treatment=prp_microneedling&verified=true&min_rating=4&max_price=200")
    assert cards(html) == ["Ana Lopez"]
    assert re.search(r'name="treatment" value="prp_microneedling" id="[^"]+" checked', html)
    assert re.search(r'name="verified" value="true" id="f-verified" checked', html)
    assert '<option value="4" selected>' in html
    assert 'value="200"' in html
    assert re.search(r"Micro-needling <span class=\"facet-count\">\(1\)</span>", html)
    # every active filter is a chip linking to the same search without it
    chips = re.findall(r'<a class="chip" href="([^"]+)">([^<]+)', html)
    labels = {label.strip() for _href, label in chips}
    assert labels == {
        "PRP micro-needling", "Verified licence only", "Rated 4 and up",
        "Starting price up to $200",
    }  # fmt: skip
    without_price = next(href for href, label in chips if "price" in label)
    assert "max_price" not in without_price and "verified=true" in without_price


def test_near_and_sort_by_distance(client, seeded):
    html = page(client, "near=78701&sort=distance")
    assert cards(html) == ["Ana Lopez", "Ben Carter"]
    assert "within 40 km of Austin, TX 78701" in html
    assert re.search(r"km <span class=\"text-secondary\">\([\d.]+ mi\)</span> away", html)
    assert '<option value="distance" selected>' in html


def test_paging_links_keep_the_search(client, seeded):
    html = page(client, "sort=price&per_page=1&page=2")
    assert cards(html) == ["Ana Lopez"]
    assert 'aria-current="page">2<' in html
    assert 'href="/search?sort=price&amp;per_page=1&amp;page=3" rel="next"' in html
    assert 'href="/search?sort=price&amp;per_page=1" rel="prev"' in html
    past = page(client, "page=7")
    assert "There is no page 7" in past


def test_empty_state_offers_the_suggestion_and_filters_to_relax(client, seeded):
    html = page(client, "near=78701&treatment=scalp_microneedling&verified=true")
    assert cards(html) == []
    assert "No practitioners match this search" in html
    relax = re.findall(r'<li><a href="([^"]+)">Remove “([^”]+)”</a>', html)
    # dropping the place finds Cara, dropping the treatment finds Ana; dropping
    # "verified" alone finds nobody, so it is not offered
    assert {label for _href, label in relax} == {
        "Within 40 km of Austin, TX 78701",
        "Scalp micro-needling",
    }
    href = next(h for h, label in relax if label.startswith("Within")).replace("&amp;", "&")
    assert "near=" not in href and "treatment=scalp_microneedling" in href
    assert cards(page(client, href.split("?", 1)[1])) == ["Cara Diaz"]


def test_misspelling_gets_a_did_you_mean_link(client, seeded):
    html = page(client, "q=Lopezz")
    assert re.search(r'Did you mean <a href="/search\?q=[Ll]opez">', html)


def test_bad_parameters_give_a_400_page_with_each_error_beside_its_field(client, seeded):
    html = page(client, "q=acne&near=Atlantis,+ZZ&max_price=cheap&verified=true", status=400)
    assert 'role="alert"' in html
    # what the user typed is all still there
    assert 'value="acne"' in html and 'value="Atlantis, ZZ"' in html
    assert re.search(r'name="max_price"[^>]*value="cheap"', html, re.S)
    assert re.search(r'id="f-verified"[^>]*checked', html)
    # each problem is listed, linked to its field, and shown beside it
    assert '<a href="#near">Near</a>' in html
    assert '<a href="#f-max-price">Price per session up to</a>' in html
    assert re.search(r'id="f-max-price"[^>]*aria-describedby="f-max-price-help max_price-error"'
                     r'[^>]*aria-invalid="true"', html, re.S)  # fmt: skip
    assert re.search(r'id="max_price-error"[^>]*>Must be a whole number of dollars', html)
    assert re.search(r'id="near-error"[^>]*>We could not find', html)
    assert '<details class="filters" id="filters" open>' in html
    distance = page(client, "sort=distance", status=400)
    assert "needs a place" in distance


def test_user_text_is_escaped(client, search_ctx):
    make_listing(name="Eve <script>alert(1)</script>", bio="Acne <b>scars</b> & more")
    html = page(client, "q=acne+%3Cscript%3E")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;" in html and "<b>scars" not in html


def test_unavailable_index_gives_503_while_the_site_works(app, client, seeded):
    remove_index(app)
    html = page(client, "q=acne&near=78701", status=503)
    assert client.get("/search").headers["Retry-After"] == "60"
    assert "Search is temporarily unavailable" in html
    assert 'value="acne"' in html
    assert client.get(f"/practitioners/{seeded.ana.slug}").status_code == 200
    assert client.get("/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["status"] == "degraded"


def test_corrupt_index_gives_503(app, client, seeded):
    corrupt_index(app)
    page(client, "q=acne", status=503)


def test_healthz_reports_documents_and_pending(client, seeded):
    body = client.get("/healthz").get_json()
    # CONTRACT's keys, plus the mail outbox's depth (issue 13)
    assert body == {
        "status": "ok",
        "db": "ok",
        "search": {"documents": 3, "pending": 0},
        "mail": {"pending": 0, "oldest_pending_seconds": None, "failed": 0},
    }


def test_page_has_search_landmark_labels_and_script(client, seeded):
    html = page(client)
    assert 'role="search"' in html
    for field in ("q", "near", "radius_km", "sort"):
        assert f'for="{field}"' in html
    assert "/static/js/search.js" in html
