"""``SearchParams`` and ``SearchQuery`` share one definition of the filters (QueryFilters):
every filter the page parses reaches search, whatever is added to it later."""

from __future__ import annotations

from dataclasses import fields

from werkzeug.datastructures import MultiDict

from directory.params import FILTER_FIELDS, Origin, SearchParams, parse
from search import QueryFilters, SearchQuery


def test_every_filter_is_a_field_of_both_sides():
    names = {f.name for f in fields(QueryFilters)}
    assert set(FILTER_FIELDS) == names
    assert names <= {f.name for f in fields(SearchParams)}
    assert names <= {f.name for f in fields(SearchQuery)}


def test_parsed_filters_reach_the_query_unchanged():
    args = MultiDict(
        [("q", "acne scars"), ("treatment", "microneedling"), ("treatment", "prp_microneedling"),
         ("concern", "acne_scars"), ("device", "skinpen_precision"), ("profession", "esthetician"),
         ("skin_type", "4"), ("verified", "true"), ("min_rating", "4.5"), ("max_price", "300"),
         ("near", "30.2672,-97.7431"), ("radius_km", "25"), ("sort", "distance"), ("page", "3"),
         ("per_page", "10")]
    )  # fmt: skip
    params = parse(args)
    query = params.query(prior=4.2)
    for name in FILTER_FIELDS:
        assert getattr(query, name) == getattr(params, name), name
    assert (query.text, query.near, query.rating_prior_mean) == (
        "acne scars",
        (30.2672, -97.7431),
        4.2,
    )
    assert query.treatments == ["microneedling", "prp_microneedling"] and query.page == 3


def test_a_query_owns_its_lists_and_can_start_from_another_origin():
    params = SearchParams(
        treatments=["microneedling"], sort="distance", origin=Origin(1.0, 2.0, "here")
    )
    query = params.query(prior=4.0, origin=Origin(3.0, 4.0, "there"), highlights=False)
    query.treatments.append("facial")
    assert params.treatments == ["microneedling"]
    assert (query.near, query.sort, query.highlights) == ((3.0, 4.0), "distance", False)
