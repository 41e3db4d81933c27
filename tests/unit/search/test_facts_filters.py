"""Listing facts (issue 11) as search filters and facets, and the words patients use for
them: darker skin, RF, a device's name prefix, the derma roller and a price in the text."""

from __future__ import annotations

import pytest

from search import QueryError, SearchQuery
from tests.unit.search.documents import filler, make_doc


@pytest.fixture
def index(build_index):
    return build_index([
        make_doc(1, "Ana Evening", treatments=["microneedling"], skin_types=[1, 2, 3, 4, 5, 6],
                 languages=["en", "es"], payment=["card", "carecredit"], gender="female",
                 evenings=True, free_consultation=True, price_min=250,
                 devices=["morpheus8"], device_names=["Morpheus8"]),
        make_doc(2, "Ben Weekend", treatments=["rf_microneedling"], skin_types=[1, 2, 3, 4],
                 languages=["en"], payment=["cash"], gender="male", weekends=True,
                 accepting_new_patients=False, price_min=400,
                 devices=["derma_roller"], device_names=["Derma roller"]),
        make_doc(3, "Cam Closed", treatments=["microneedling"], skin_types=[4, 5, 6],
                 languages=["en", "vi"], payment=["hsa_fsa", "cherry"], price_min=150),
        *filler(100, 6),
    ])  # fmt: skip


def ids(index, **query) -> list[int]:
    return sorted(hit.id for hit in index.search(SearchQuery(**query)).hits if hit.id < 100)


def test_each_fact_filters(index):
    assert ids(index, languages=["es"]) == [1]
    assert ids(index, languages=["en", "vi"]) == [3]  # every language listed is spoken
    assert ids(index, payment=["carecredit"]) == [1]
    assert ids(index, gender="male") == [2]
    assert ids(index, evenings=True) == [1]
    assert ids(index, weekends=True) == [2]
    assert ids(index, free_consultation=True) == [1]
    assert ids(index, darker_skin=True) == [1, 3]  # types IV, V and VI all treated
    everyone = ids(index)
    assert 2 not in ids(index, accepting_new_patients=True) and 2 in everyone


def test_facets_count_languages_payment_gender_and_features(index):
    facets = index.search(SearchQuery()).facets
    assert facets["language"]["en"] == 3 and facets["language"]["vi"] == 1
    assert facets["payment"] == {"card": 1, "carecredit": 1, "cash": 1, "cherry": 1,
                                 "hsa_fsa": 1}  # fmt: skip
    assert facets["gender"] == {"female": 1, "male": 1}  # undeclared counts nowhere
    assert facets["feature"]["evenings"] == 1 and facets["feature"]["weekends"] == 1
    assert facets["feature"]["accepting_new_patients"] == 8  # all but Ben
    narrowed = index.search(SearchQuery(languages=["es"])).facets
    assert narrowed["gender"] == {"female": 1}


def test_unknown_fact_values_are_refused_with_a_message(index):
    with pytest.raises(QueryError, match="Unknown language 'klingon'"):
        index.search(SearchQuery(languages=["klingon"]))
    with pytest.raises(QueryError, match="Unknown gender"):
        index.search(SearchQuery(gender="robot"))


def test_dark_skin_words_become_the_fitzpatrick_iv_to_vi_filter(index):
    for text in ("dark skin", "darker skin", "skin of color", "microneedling for skin of colour"):
        page = index.search(SearchQuery(text=text))
        assert sorted(h.id for h in page.hits) == [1, 3], text
        assert page.understood["skin"] == ["darker_skin"]


def test_untick_is_not_reapplied_from_the_text(index):
    page = index.search(SearchQuery(text="dark skin", ignore=["skin:darker_skin"]))
    assert "skin" not in page.understood
    assert page.total == 9  # the words are dropped, not searched for


def test_rf_and_radiofrequency_mean_rf_microneedling(index):
    for text in ("RF", "radiofrequency", "radio frequency"):
        page = index.search(SearchQuery(text=text))
        assert [h.id for h in page.hits] == [2], text
        assert page.understood == {"treatment": ["rf_microneedling"]}


def test_a_device_name_prefix_finds_the_device(index):
    page = index.search(SearchQuery(text="morph"))
    assert [h.id for h in page.hits] == [1]
    assert page.understood == {"device": ["morpheus8"]}
    unticked = index.search(SearchQuery(text="morph", ignore=["device:morpheus8"]))
    assert "device" not in unticked.understood


def test_an_indexed_word_is_never_read_as_a_device_prefix(index):
    page = index.search(SearchQuery(text="skin"))  # "skin" is in bios: not SkinPen
    assert "device" not in page.understood


def test_dermaroller_finds_the_derma_roller_device(index):
    for text in ("dermaroller", "derma roller"):
        page = index.search(SearchQuery(text=text))
        assert [h.id for h in page.hits] == [2], text
        assert page.understood == {"device": ["derma_roller"]}


def test_a_price_in_the_text_is_a_max_price(index):
    for text in ("$300", "under 300", "microneedling under $300"):
        page = index.search(SearchQuery(text=text))
        assert sorted(h.id for h in page.hits if h.id < 100) == [1, 3], text  # not Ben's 400
        assert page.understood["max_price"] == ["300"]
    both = index.search(SearchQuery(text="under 300", max_price=200))
    assert sorted(h.id for h in both.hits if h.id < 100) == [3]  # the lower ceiling wins
