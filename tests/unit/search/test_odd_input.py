"""Any text a user can type gives a result page, never a parser exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import ResultPage, SearchIndex, SearchQuery
from tests.unit.search.documents import filler, make_doc

SYNTAX = ["AND", "OR", "NOT", "(", ")", '"', "*", "?", "~2", "^3", ":", "bio:", "[a TO z]", "{",
          "}", "\\", "-", "+", "near", "in", ",", "TX", "78701", "'", "&", "<b>", "%"]  # fmt: skip
WORDS = ["microneedling", "acne", "scars", "vampire", "facial", "nurse", "austin", "prp"]

odd_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(SYNTAX + WORDS), max_size=25).map(" ".join),
    st.lists(st.sampled_from(SYNTAX + WORDS), max_size=25).map("".join),
)


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    path = tmp_path_factory.mktemp("odd") / "index"
    index = SearchIndex(str(path))
    index.rebuild(
        [make_doc(1, "Ann Acne", bio="Microneedling for acne scars (and PRP) in Austin."),
         *filler(10, 10)],
        last_seq=0,
    )  # fmt: skip
    yield index
    index.close()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=odd_text)
def test_any_text_gives_a_result_page(index, text):
    page = index.search(SearchQuery(text=text))
    assert isinstance(page, ResultPage)
    assert page.total >= len(page.hits)
    for hit in page.hits:
        assert "<script" not in hit.highlight.lower()


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=odd_text)
def test_any_text_gives_suggestions_without_errors(index, text):
    assert isinstance(index.suggest(text), list)


def test_very_long_input_is_cut_not_refused(index):
    page = index.search(SearchQuery(text="acne " * 20_000))
    assert [h.slug for h in page.hits] == ["ann-acne-1"]


@pytest.mark.parametrize("text", ['"acne', "acne AND (", "acne)", "NOT acne", "acne^2"])
def test_query_syntax_is_treated_as_words(index, text):
    assert [h.slug for h in index.search(SearchQuery(text=text)).hits] == ["ann-acne-1"]


def test_punctuation_alone_is_like_no_text(index):
    assert index.search(SearchQuery(text="* ( ) : ~")).total == index.search(SearchQuery()).total
