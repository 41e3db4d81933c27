"""Filters, distance, facets, sorting and paging over a small real index."""

from __future__ import annotations

import pytest

from search import QueryError, SearchQuery
from search.geo import bounding_box, haversine_km
from tests.unit.search.documents import AUSTIN, DALLAS, ROUND_ROCK, make_doc, slugs


@pytest.fixture
def index(build_index):
    return build_index([
        make_doc(1, "Ann Austin", treatments=["microneedling", "prp_microneedling"],
                 concerns=["acne_scars"], devices=["skinpen_precision"], skin_types=[1, 2, 3],
                 profession="registered_nurse", verified=True, rating_sum=47, rating_count=10,
                 price_min=300, price_max=600, practicing_since=2012),
        make_doc(2, "Rob Rock", treatments=["microneedling"], concerns=["fine_lines"],
                 devices=["dermapen_4"], skin_types=[4, 5, 6], profession="dermatologist",
                 lat=ROUND_ROCK[0], lon=ROUND_ROCK[1], city="Round Rock", postal_code="78664",
                 rating_sum=5, rating_count=1, price_min=150, practicing_since=2001),
        make_doc(3, "Dee Dallas", treatments=["rf_microneedling"], concerns=["acne_scars"],
                 profession="registered_nurse", lat=DALLAS[0], lon=DALLAS[1], city="Dallas",
                 verified=True, rating_sum=180, rating_count=40, price_min=200),
        make_doc(4, "Nell Nowhere", treatments=["microneedling"], lat=None, lon=None,
                 city="", state="", postal_code=""),
    ])  # fmt: skip


def ids(index, **query) -> list[int]:
    return sorted(hit.id for hit in index.search(SearchQuery(**query)).hits)


def test_treatment_concern_device_filters_are_anded(index):
    assert ids(index, treatments=["microneedling"]) == [1, 2, 4]
    assert ids(index, treatments=["microneedling", "prp_microneedling"]) == [1]
    assert ids(index, concerns=["acne_scars"]) == [1, 3]
    assert ids(index, devices=["dermapen_4"]) == [2]
    assert ids(index, treatments=["microneedling"], concerns=["acne_scars"]) == [1]


def test_profession_skin_type_and_verified_filters(index):
    assert ids(index, profession="registered_nurse") == [1, 3]
    assert ids(index, skin_type=5) == [2]
    assert ids(index, verified=True) == [1, 3]


def test_min_rating_uses_the_plain_average(index):
    assert ids(index, min_rating=4.5) == [1, 2, 3]  # 4.7, 5.0, 4.5 exactly
    assert ids(index, min_rating=4.6) == [1, 2]
    assert ids(index, min_rating=5) == [2]


def test_max_price_compares_the_lowest_price_and_skips_unknown_prices(index):
    assert ids(index, max_price=200) == [2, 3]
    assert ids(index, max_price=149) == []


def test_near_keeps_listings_within_the_radius_with_distances(index):
    page = index.search(SearchQuery(near=AUSTIN, radius_km=40))
    assert sorted(h.id for h in page.hits) == [1, 2]
    by_id = {h.id: h for h in page.hits}
    assert by_id[1].distance_km == 0.0
    expected = round(haversine_km(*AUSTIN, *ROUND_ROCK), 1)
    assert by_id[2].distance_km == expected and 25 < expected < 30
    assert ids(index, near=AUSTIN, radius_km=20) == [1]
    assert ids(index, near=AUSTIN, radius_km=400) == [1, 2, 3]


def test_distance_is_null_without_near(index):
    assert all(h.distance_km is None for h in index.search(SearchQuery()).hits)


def test_sort_by_distance_nearest_first(index):
    assert slugs(index, near=DALLAS, radius_km=400, sort="distance") == [
        "dee-dallas-3", "rob-rock-2", "ann-austin-1",
    ]  # fmt: skip


def test_sort_by_distance_needs_near(index):
    with pytest.raises(QueryError, match="near"):
        index.search(SearchQuery(sort="distance"))


def test_sort_by_rating_uses_the_bayesian_average(index):
    # (20 + 47)/15 = 4.47 > (20 + 180)/45 = 4.44 > (20 + 5)/6 = 4.17 > 20/5 = 4.0 (no reviews)
    assert [h.id for h in index.search(SearchQuery(sort="rating")).hits] == [1, 3, 2, 4]
    # a higher prior mean favours listings with few reviews
    high = index.search(SearchQuery(sort="rating", rating_prior_mean=5.0)).hits
    assert [h.id for h in high][:2] == [2, 4]


def test_sort_by_price_cheapest_first_unknown_last(index):
    assert [h.id for h in index.search(SearchQuery(sort="price")).hits] == [2, 3, 1, 4]


def test_sort_by_experience_longest_first_unknown_last(index):
    hits = index.search(SearchQuery(sort="experience", today_year=2026)).hits
    assert [h.id for h in hits] == [2, 1, 3, 4]
    assert [h.years_experience for h in hits] == [25, 14, None, None]


def test_facets_count_the_whole_filtered_set(index):
    page = index.search(SearchQuery(treatments=["microneedling"], per_page=1))
    assert page.total == 3 and len(page.hits) == 1
    assert page.facets["treatment"] == {"microneedling": 3, "prp_microneedling": 1}
    assert page.facets["concern"] == {"acne_scars": 1, "fine_lines": 1}
    assert page.facets["device"] == {"dermapen_4": 1, "skinpen_precision": 1}
    assert page.facets["profession"] == {"dermatologist": 1, "esthetician": 1,
                                         "registered_nurse": 1}  # fmt: skip


def test_paging_and_a_page_beyond_the_end(index):
    first = index.search(SearchQuery(sort="price", per_page=2, page=1))
    second = index.search(SearchQuery(sort="price", per_page=2, page=2))
    beyond = index.search(SearchQuery(sort="price", per_page=2, page=3))
    assert [h.id for h in first.hits] == [2, 3] and [h.id for h in second.hits] == [1, 4]
    assert beyond.hits == [] and beyond.total == 4 and beyond.page == 3


def test_hit_carries_everything_a_result_card_needs(index):
    hit = index.search(SearchQuery(text="Ann", today_year=2026)).hits[0]
    assert (hit.slug, hit.name, hit.profession, hit.city, hit.state) == (
        "ann-austin-1", "Ann Austin", "registered_nurse", "Austin", "TX",
    )  # fmt: skip
    assert (hit.rating_average, hit.rating_count) == (4.7, 10)
    assert (hit.price_min, hit.price_max, hit.currency) == (300, 600, "USD")
    assert hit.verified is True and hit.years_experience == 14
    assert hit.treatments == ["microneedling", "prp_microneedling"]
    assert hit.devices == ["skinpen_precision"] and hit.concerns == ["acne_scars"]
    assert (hit.lat, hit.lon) == AUSTIN


@pytest.mark.parametrize(
    "bad",
    [
        {"sort": "cheapest"},
        {"page": 0},
        {"per_page": 0},
        {"per_page": 1000},
        {"skin_type": 7},
        {"min_rating": 6},
        {"max_price": -5},
        {"near": (91.0, 0.0)},
        {"near": AUSTIN, "radius_km": 0},
        {"near": (float("nan"), 0.0)},
    ],
)
def test_invalid_parameters_raise_query_error(index, bad):
    with pytest.raises(QueryError):
        index.search(SearchQuery(**bad))


def test_bounding_box_contains_the_radius():
    min_lat, max_lat, min_lon, max_lon = bounding_box(*AUSTIN, 40)
    assert min_lat < AUSTIN[0] < max_lat and min_lon < AUSTIN[1] < max_lon
    assert haversine_km(*AUSTIN, max_lat, AUSTIN[1]) == pytest.approx(40, rel=1e-3)
    assert haversine_km(*AUSTIN, AUSTIN[0], max_lon) >= 40
