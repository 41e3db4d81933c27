"""search/whoosh_internals.py against Whoosh's own public API, on an index big enough to matter.

The index has several segments, terms with more than one 128-posting block per segment, and
deleted documents, so the fast decoders meet every case the live index has: a block boundary,
a segment offset, a deletion set, a column shorter than its segment. It is built twice: with
the array blocks search/ writes, and with Whoosh's own tuple blocks (indexes written before).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader
from whoosh.fields import FieldType
from whoosh.matching import ListMatcher

from search import SearchIndex, SearchQuery, analysis, whoosh_internals
from search.analysis import TermsField
from search.schema import KEYWORD_FIELDS, NUMBER_FIELDS, TEXT_FIELDS
from search.segments import SegmentData, read_postings
from search.whoosh_internals import WhooshInternalsError
from tests.unit.search.documents import make_doc

BLOCK = 128  # Whoosh's posting block size
SEGMENT_DOCS = 300
UNSCORED_FIELDS = (*KEYWORD_FIELDS, "complete", "profession", "gender", "city")
DELETED = range(5, 750, 17)
UPDATED = (2, 333, 640)
REWRITTEN = "rewritten bio about peels"
WORDS = ("microneedling", "collagen", "scars", "peel", "texture", "calm", "studio", "glow")


def _doc(i: int) -> dict[str, Any]:
    # Word counts vary per document so frequencies (and lengths) differ across postings.
    bio = " ".join(f"{w} " * (1 + (i + n) % 4) for n, w in enumerate(WORDS) if (i + n) % 3)
    return make_doc(
        i,
        f"Person Number{i}",
        bio=bio + f" visit number {i}",
        clinic=f"Clinic {i % 7}",
        treatments=["microneedling", "facial"][: 1 + i % 2],
        concerns=["acne_scars"] if i % 5 else [],
        profession=("esthetician", "registered_nurse", "dermatologist")[i % 3],
        verified=bool(i % 2),
        # Prices missing for the last documents of each segment: the column ends early there.
        price_min=None if i % SEGMENT_DOCS > SEGMENT_DOCS - 20 else 50 + i,
        rating_sum=i % 9 * 3,
        rating_count=i % 9,
        practicing_since=1990 + i % 30,
    )


@pytest.fixture(scope="module", params=["array_blocks", "tuple_blocks"])
def big_index(request, tmp_path_factory) -> Iterator[SearchIndex]:
    """About 750 listings in three build segments plus an update segment, with deletions."""
    patch = pytest.MonkeyPatch()
    patch.setattr("search.changes.CHUNK_PER_PROCESS", SEGMENT_DOCS)
    patch.setattr("search.changes.BLOCK_POSTINGS", BLOCK)
    if request.param == "tuple_blocks":
        patch.setattr("search.changes._codec", lambda: W3Codec(blocklimit=BLOCK))
    index = SearchIndex(str(tmp_path_factory.mktemp("big") / "ix"))
    try:
        index.rebuild((_doc(i) for i in range(1, 751)), last_seq=0)
        index.apply([(1, "upsert", _doc(1))])  # and one more segment of that kind
    finally:
        patch.undo()
    deleted = [("delete", i) for i in DELETED]
    changed = [("upsert", _doc(i) | {"bio": REWRITTEN}) for i in UPDATED]
    index.apply([(seq, op, doc) for seq, (op, doc) in enumerate(deleted + changed, start=2)])
    yield index
    index.close()


def _segments(index: SearchIndex) -> list[Any]:
    return [reader for _data, reader, _offset in index._generation().leaves]


def test_the_index_has_what_the_fast_paths_must_handle(big_index, request):
    readers = _segments(big_index)
    assert len(readers) >= 3
    codecs = {type(reader.segment().codec()) for reader in readers}
    if "tuple_blocks" in request.node.callspec.id:
        assert W3Codec in codecs  # written by Whoosh's own block writer
    else:
        assert codecs == {whoosh_internals.ArrayBlockCodec}
    assert any(reader.has_deletions() for reader in readers)
    assert max(reader.doc_frequency("bio", "microneedl") for reader in readers) > BLOCK
    most = max(reader.doc_frequency("treatments", "microneedling") for reader in readers)
    assert most > 2 * BLOCK  # three blocks or more in one segment
    assert big_index.doc_count() == 750 - len(DELETED)


def _fields() -> Iterator[tuple[str, bool]]:
    yield from ((name, True) for name in TEXT_FIELDS)
    yield from ((name, False) for name in UNSCORED_FIELDS)


def test_fast_postings_equal_whoosh_public_matchers_for_every_term(big_index):
    checked = 0
    for reader in _segments(big_index):
        deleted = np.array([reader.is_deleted(d) for d in range(reader.doc_count_all())])
        for field, scored in _fields():
            for raw in reader.lexicon(field):
                term = raw.decode("utf-8")
                ids, tf = read_postings(reader, field, term, scored)
                public_ids, public_tf = whoosh_internals.read_public_postings(
                    reader.postings(field, term), scored
                )
                keep = ~deleted[ids]  # the fast path leaves deletions to the live mask
                assert np.array_equal(ids[keep], public_ids), (field, term)
                if scored:
                    assert tf is not None and public_tf is not None
                    assert np.array_equal(tf[keep], public_tf), (field, term)
                checked += 1
    assert checked > 1000


def test_postings_tables_hold_every_term_as_whoosh_blocks_do(big_index):
    """Each segment's table (what searches read) against Whoosh's blocks of the same segment:
    every term of every indexed field, and nothing more."""
    checked = 0
    for reader in _segments(big_index):
        table = whoosh_internals.postings_table_of(reader)
        assert table is not None
        deleted = np.array([reader.is_deleted(d) for d in range(reader.doc_count_all())])
        terms = 0
        for field in reader.indexed_field_names():
            scored = field in TEXT_FIELDS
            for raw in reader.lexicon(field):
                term = reader.schema[field].from_bytes(raw)
                found = whoosh_internals.table_postings(table, reader.schema, field, term, scored)
                ids, tf = read_postings(reader, field, term, scored)
                # Whoosh's reader skips a term's leading deleted documents; both paths leave
                # deletions to the live mask, so they agree on every live document.
                live, block_live = ~deleted[found[0]], ~deleted[ids]
                assert np.array_equal(found[0][live], ids[block_live]), (field, term)
                if scored:
                    assert np.array_equal(found[1][live], tf[block_live]), (field, term)
                terms += 1
        assert len(table) == terms
        absent = whoosh_internals.table_postings(table, reader.schema, "bio", "zanzibar", True)
        assert len(absent[0]) == 0 and absent[1] is not None and len(absent[1]) == 0
        checked += terms
    assert checked > 1000


def test_a_segment_without_a_table_is_read_from_whoosh_blocks(big_index, tmp_path, caplog):
    """An index written before the tables (or with a table missing or damaged) searches the
    same."""
    queries = [
        SearchQuery(text="microneedling peel"),
        SearchQuery(text="person", page=2),
        SearchQuery(treatments=["facial"], sort="rating"),
        SearchQuery(text="scars"),
    ]
    before = [big_index.search(q) for q in queries]
    copy = tmp_path / "copy"
    shutil.copytree(big_index.path, copy)
    tables = list(copy.rglob("*.nwp"))
    assert len(tables) == len(_segments(big_index))
    tables[0].write_bytes(tables[0].read_bytes()[:40])  # a damaged one is not trusted either
    for table in tables[1:]:
        table.unlink()
    without = SearchIndex(str(copy))
    try:
        assert all(data._table is None for data, _r, _o in without._generation().leaves)
        assert [without.search(q) for q in queries] == before
        assert "unreadable" in caplog.text
    finally:
        without.close()


def test_generation_postings_equal_whoosh_searcher_across_segments(big_index):
    gen = big_index._generation()
    reader = gen.searcher.reader()
    for field, term in [("bio", "microneedl"), ("bio", "peel"), ("treatments", "facial"),
                        ("profession", "esthetician"), ("name", "person")]:  # fmt: skip
        ids, _tf = gen.postings(field, term, scored=False)
        live_ids = np.sort(ids[gen.live[ids]])
        public = list(reader.postings(field, term).all_ids())
        assert np.array_equal(live_ids, np.asarray(public)), (field, term)


def test_number_columns_equal_whoosh_column_readers(big_index):
    for reader in _segments(big_index):
        data = SegmentData("check", reader.doc_count_all(), big_index._registry.postings)
        for name in NUMBER_FIELDS:
            fast = data.column(reader, name)
            public = list(reader.column_reader(name))  # Whoosh unpacks and fills the default
            assert fast.tolist() == public, name


def _all_lengths(index_path: str) -> dict[tuple[int, str], list[Any]]:
    """Every (segment, field) -> doc_field_length of each document, through a fresh index."""
    index = SearchIndex(index_path)
    try:
        found = {}
        for n, reader in enumerate(_segments(index)):
            for field in (*TEXT_FIELDS, "treatments"):  # treatments: no length column
                found[n, field] = [
                    reader.doc_field_length(d, field) for d in range(reader.doc_count_all())
                ]
        return found
    finally:
        index.close()


def test_patched_field_lengths_equal_whoosh_originals(big_index, monkeypatch):
    patched = _all_lengths(big_index.path)
    for (cls, name), original in whoosh_internals.ORIGINALS.items():
        if cls is W3PerDocReader:
            monkeypatch.setattr(cls, name, original)
    originals = _all_lengths(big_index.path)
    assert patched == originals
    assert any(length for lengths in patched.values() for length in lengths)


def test_fast_field_lengths_equal_whoosh_originals(big_index, monkeypatch):
    for (cls, name), original in whoosh_internals.ORIGINALS.items():
        if cls is W3PerDocReader:
            monkeypatch.setattr(cls, name, original)
    for reader in _segments(big_index):
        count = reader.doc_count_all()
        for field in TEXT_FIELDS:
            fast = whoosh_internals.field_lengths(reader, field, count)
            original = [reader.doc_field_length(d, field) or 0 for d in range(count)]
            assert fast.tolist() == original, field


@pytest.mark.parametrize("limit", [500_000, 3])
@pytest.mark.parametrize("mode,scored", [("stemmed", True), ("plain", True), ("prefix", False)])
def test_hand_built_postings_equal_whoosh_format_encoding(monkeypatch, mode, scored, limit):
    """Also with a shared-item cache that is emptied every few terms."""
    monkeypatch.setattr(analysis._SharedItems, "LIMIT", limit)
    field = TermsField(mode, scored=scored)
    for text in (
        "Microneedling and PRP microneedling for acne scars; scars fade. Vampire facial.",
        "Acne scars, scars and more scars: scarring fades with microneedling.",
    ):
        ours = sorted(field.index(text))
        whoosh_own = sorted(FieldType.index(field, text))  # the format encodes from the tokenizer
        assert ours == whoosh_own


def test_search_results_on_the_big_index_are_right(big_index):
    page = big_index.search(SearchQuery(text="studio", sort="price", per_page=50))
    hits = page.hits
    prices = [hit.price_min for hit in hits if hit.price_min is not None]
    assert prices == sorted(prices)
    assert not set(DELETED) & {hit.id for hit in hits}
    bios = {i: REWRITTEN if i in UPDATED else _doc(i)["bio"] for i in range(1, 751)}
    assert page.total == len([i for i, bio in bios.items() if i not in DELETED and "studio" in bio])


def test_an_unexpected_matcher_fails_loudly_instead_of_falling_back():
    with pytest.raises(WhooshInternalsError, match="ListMatcher"):
        whoosh_internals.read_block_postings(ListMatcher([1, 2], [1.0, 1.0]), scored=True)
    with pytest.raises(WhooshInternalsError, match="column"):
        whoosh_internals.read_fixed_column(object(), 3, ">i4", 0)


def test_search_refuses_to_load_on_another_whoosh_version():
    code = "import whoosh; whoosh.__version__ = (2, 7, 6); import search"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0
    assert "UnsupportedWhoosh" in done.stderr
    assert "whoosh-reloaded 2.7.5, but 2.7.6 is installed" in done.stderr
    whoosh_internals.check_version((2, 7, 5))  # the pinned version loads
