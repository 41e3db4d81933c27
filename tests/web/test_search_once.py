"""A search runs once: a place typed in the text is understood before searching (it used to
search, read the place from the result, and search again), and callers that show no bio
snippets (the JSON API) do not pay for them."""

from __future__ import annotations

import pytest

from search import SearchIndex, SearchQuery, place_in
from tests import search_app_helpers as helpers

search_ctx, seeded = helpers.search_ctx, helpers.seeded  # fixtures


@pytest.fixture
def searches(monkeypatch) -> list[SearchQuery]:
    """Every query the app hands to the engine, in order."""
    seen: list[SearchQuery] = []
    real = SearchIndex.search

    def spy(self, query):
        seen.append(query)
        return real(self, query)

    monkeypatch.setattr(SearchIndex, "search", spy)
    return seen


def test_a_place_in_the_text_is_resolved_before_one_search(client, seeded, searches):
    body = client.get("/api/v1/practitioners?q=microneedling+near+78701&sort=distance").get_json()
    assert [row["slug"] for row in body["results"]][:2] == [seeded.ana.slug, seeded.ben.slug]
    assert body["results"][0]["distance_km"] < 1
    assert len(searches) == 1 and searches[0].near is not None


def test_an_unknown_place_in_the_text_is_reported_after_one_search(client, seeded, searches):
    html = client.get("/search?q=microneedling+near+Atlantis").get_data(as_text=True)
    assert "Atlantis" in html
    assert len(searches) == 1 and searches[0].near is None


def test_the_api_asks_for_no_snippets_and_the_page_does(client, seeded, searches):
    client.get("/api/v1/practitioners?q=acne")
    client.get("/search?q=acne")
    assert [q.highlights for q in searches[:2]] == [False, True]
    html = client.get("/search?q=acne&page=1&sort=relevance").get_data(as_text=True)
    assert "<mark>" in html


def test_results_are_the_same_with_and_without_snippets(search_ctx, seeded):
    from directory import indexing

    index = indexing.get_index()
    shown = index.search(SearchQuery(text="micro-needling scars"))
    bare = index.search(SearchQuery(text="micro-needling scars", highlights=False))
    assert [h.slug for h in bare.hits] == [h.slug for h in shown.hits]
    assert bare.facets == shown.facets and bare.total == shown.total
    assert all(h.highlight == "" for h in bare.hits) and any(h.highlight for h in shown.hits)


@pytest.mark.parametrize(
    "text, place",
    [("microneedling near 85004", "85004"), ("acne scars in Austin, TX", "Austin, TX"),
     ("microneedling", None)],
)  # fmt: skip
def test_place_in_finds_the_phrase_the_engine_would(text, place):
    assert place_in(text) == place
