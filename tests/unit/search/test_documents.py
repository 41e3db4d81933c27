"""The typed seam: search refuses a document whose keys are not exactly ``SearchDocument``'s."""

from __future__ import annotations

from typing import Any, cast

import pytest

from search import DocumentError, QueryError, SearchDocument
from search.model import DOCUMENT_KEYS
from tests.unit.search.documents import make_doc, slugs


def _without(doc: SearchDocument, key: str) -> SearchDocument:
    return cast(SearchDocument, {k: v for k, v in doc.items() if k != key})


def test_the_builder_makes_exactly_a_search_document():
    assert set(make_doc(1, "Ann One")) == DOCUMENT_KEYS


def test_a_misspelt_key_is_refused_at_rebuild_and_the_old_index_stays(build_index):
    index = build_index([make_doc(1, "Ann One")], last_seq=1)
    typo = make_doc(2, "Ben Two", bioo="Microneedling for acne scars")
    with pytest.raises(DocumentError, match=r"unknown keys: bioo"):
        index.rebuild([make_doc(3, "Cy Three"), typo], last_seq=2)
    assert slugs(index) == ["ann-one-1"] and index.last_seq() == 1


def test_a_missing_key_is_refused_by_apply_and_nothing_is_written(build_index):
    index = build_index([make_doc(1, "Ann One")], last_seq=4)
    good, bad = make_doc(2, "Ben Two"), _without(make_doc(3, "Cy Three"), "verified_until")
    with pytest.raises(DocumentError, match=r"missing keys: verified_until; unknown keys: none"):
        index.apply([(5, "upsert", good), (6, "upsert", bad)])
    assert index.last_seq() == 4
    assert slugs(index) == ["ann-one-1"]


@pytest.mark.parametrize(
    "change",
    [(5, "delete", {"slug": "no-id"}), (5, "delete", "1"), (5, "rename", {"id": 1})],
)
def test_a_malformed_change_is_a_document_error_not_a_query_error(build_index, change):
    index = build_index([make_doc(1, "Ann One")], last_seq=4)
    with pytest.raises(DocumentError) as raised:
        index.apply([change])
    assert not isinstance(raised.value, QueryError)
    assert index.last_seq() == 4 and slugs(index) == ["ann-one-1"]


def test_a_document_that_is_not_a_dict_is_refused(build_index):
    index = build_index([], last_seq=0)
    with pytest.raises(DocumentError):
        index.apply([(1, "upsert", cast(Any, [("id", 1)]))])


def test_last_seq_survives_a_reader_opened_during_another_process_merge(build_index, monkeypatch):
    # A fresh reader whose segment files a concurrent merge removed can fail inside Whoosh with
    # a TypeError; last_seq then reads the careful way instead of failing the caller.
    from search import index as index_module

    index = build_index([make_doc(1, "Ann One")], last_seq=7)
    real = index_module.read_meta
    calls = []

    def racing(searcher):
        calls.append(1)
        if len(calls) == 1:
            raise TypeError("'NoneType' object is not subscriptable")
        return real(searcher)

    monkeypatch.setattr(index_module, "read_meta", racing)
    index._expire()
    assert index.last_seq() == 7
    assert len(calls) >= 2
