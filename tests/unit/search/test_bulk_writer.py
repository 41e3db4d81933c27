"""The bulk segment writer (search/whoosh_internals.py) against Whoosh's own writer, and the
batch rules of applying change-log entries (search/changes.py).

``BulkSegmentWriter`` replaces Whoosh's posting pool and per-posting term writing, so the first
tests write the same documents with both writers and compare every file of the new segment
byte for byte: a segment that differs in any posting, block boundary, weight, length statistic
or term-table entry fails them.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest
from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import create_in
from whoosh.writing import SegmentWriter

from search import SearchIndex, SearchQuery
from search.changes import read_meta
from search.schema import build_schema, index_fields
from search.whoosh_internals import ArrayBlockCodec, BulkSegmentWriter
from tests.unit.search.documents import make_doc

BLOCK = 8  # postings per block: terms here span many blocks
WORDS = ("microneedling", "collagen", "scars", "peel", "texture", "calm", "studio", "glow")


def _doc(i: int, **changes: Any) -> dict[str, Any]:
    # Frequencies and field lengths vary per document, so every block statistic differs.
    bio = " ".join(f"{w} " * (1 + (i + n) % 4) for n, w in enumerate(WORDS) if (i + n) % 3)
    fields: dict[str, Any] = {
        "bio": bio + f" visit number {i}",
        "clinic": f"Clinic {i % 7}" if i % 4 else "",
        "treatments": ["microneedling", "facial"][: 1 + i % 2],
        "concerns": ["acne_scars"] if i % 5 else [],
        "languages": ["es"] if i % 6 == 0 else [],
        "gender": ("female", "male", None)[i % 3],
        "profession": ("esthetician", "registered_nurse", "dermatologist")[i % 3],
        "price_min": None if i % 11 == 0 else 50 + i,
        "rating_sum": i % 9 * 3,
        "rating_count": i % 9,
        "city": ("Austin", "Round Rock", "San Marcos")[i % 3],
    }
    return make_doc(i, f"Person Number{i}", **{**fields, **changes})


def _segment_files(path: Path, segment_id: str) -> dict[str, bytes]:
    prefix = f"{segment_id}."
    return {
        name[len(prefix) :]: (path / name).read_bytes()
        for name in sorted(p.name for p in path.iterdir())
        if name.startswith(prefix)
    }


def _newest_segment(ix: Any, path: Path) -> dict[str, bytes]:
    segments = ix._read_toc().segments
    return _segment_files(path, segments[-1].segment_id())


def _whoosh_files(bulk: dict[str, bytes]) -> dict[str, bytes]:
    """A bulk-written segment's files without the postings table, which only it writes
    (tests/unit/search/test_postings_table.py checks that file)."""
    assert "nwp" in bulk
    return {extension: content for extension, content in bulk.items() if extension != "nwp"}


def _write(path: Path, writer_class: type, codec: Any, batches: list[list[Any]],
           **commit: Any) -> dict[str, bytes]:  # fmt: skip
    """An index of ``batches`` (Whoosh writes all but the last; ``writer_class`` the last,
    committed with ``commit``): the files of its newest segment, by extension."""
    path.mkdir()
    ix = create_in(str(path), build_schema())
    for i, batch in enumerate(batches):
        last = i == len(batches) - 1
        writer = (writer_class if last else SegmentWriter)(ix, codec=codec, compound=False)
        for doc in batch:
            writer.add_document(**index_fields(doc))
        writer.commit(**(commit if last else {"merge": False}))
    return _newest_segment(ix, path)


@pytest.mark.parametrize("codec", [ArrayBlockCodec(blocklimit=BLOCK), W3Codec(blocklimit=BLOCK)],
                         ids=["array_blocks", "tuple_blocks"])  # fmt: skip
def test_a_new_segment_is_byte_for_byte_what_whoosh_writes(tmp_path, codec):
    batches = [[_doc(i) for i in range(1, 121)]]
    whoosh = _write(tmp_path / "whoosh", SegmentWriter, codec, batches)
    bulk = _whoosh_files(_write(tmp_path / "bulk", BulkSegmentWriter, codec, batches))
    assert {"trm", "pst", "_stored.col", "_bio_len.col", "price_min.col"} <= set(whoosh)
    assert bulk.keys() == whoosh.keys()
    for extension, content in whoosh.items():
        assert bulk[extension] == content, extension


def test_merged_segments_are_byte_for_byte_what_whoosh_writes(tmp_path):
    """Segments merged into the new one (Whoosh's merge policy hands their postings over one
    tuple at a time) come out as Whoosh's own merge writes them."""
    codec = ArrayBlockCodec(blocklimit=BLOCK)
    batches = [[_doc(i) for i in range(start, start + 30)] for start in (1, 31, 61)]
    whoosh = _write(tmp_path / "whoosh", SegmentWriter, codec, batches, optimize=True)
    bulk = _whoosh_files(
        _write(tmp_path / "bulk", BulkSegmentWriter, codec, batches, optimize=True)
    )
    assert bulk.keys() == whoosh.keys()
    for extension, content in whoosh.items():
        assert bulk[extension] == content, extension


def test_a_document_that_fails_halfway_leaves_no_postings(tmp_path):
    ix = create_in(str(tmp_path), build_schema())
    writer = BulkSegmentWriter(ix, codec=ArrayBlockCodec(), compound=False)
    writer.add_document(**index_fields(_doc(1)))
    broken = index_fields(_doc(2, bio="zanzibar collagen"))
    broken["since"] = "not a number"  # its number column fails after the text was indexed
    with pytest.raises(struct.error):
        writer.add_document(**broken)
    writer.add_document(**index_fields(_doc(3)))
    writer.commit()
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 2
        assert searcher.document_number(id="3") == 1
        assert not searcher.reader().frequency("bio", "zanzibar")


# -- applying a batch of change-log entries ------------------------------------------------


def _ids(index: SearchIndex, text: str = "") -> list[int]:
    return sorted(hit.id for hit in index.search(SearchQuery(text=text, per_page=50)).hits)


def test_a_listing_changed_twice_in_one_batch_is_indexed_once_as_last_changed(build_index):
    index = build_index([_doc(1), _doc(2)])
    index.apply([
        (1, "upsert", _doc(3, bio="first draft about quince")),
        (2, "upsert", _doc(3, bio="final text about zanzibar")),
        (3, "upsert", _doc(1, bio="renamed to quokka")),
        (4, "upsert", _doc(1, bio="renamed again to wombat")),
    ])  # fmt: skip
    assert index.doc_count() == 3
    assert _ids(index) == [1, 2, 3]
    assert _ids(index, "zanzibar") == [3] and _ids(index, "quince") == []
    assert _ids(index, "wombat") == [1] and _ids(index, "quokka") == []


def test_a_listing_created_and_removed_in_one_batch_is_not_searchable(build_index):
    """Whoosh cannot delete a document added in the same commit: a listing published and
    suspended before the index caught up used to stay in the results."""
    index = build_index([_doc(1)])
    index.apply([
        (1, "upsert", _doc(5, bio="suspended zanzibar listing")),
        (2, "delete", {"id": 5}),
        (3, "delete", 1),
        (4, "upsert", _doc(1, bio="back again")),
    ])  # fmt: skip
    assert _ids(index, "zanzibar") == []
    assert _ids(index) == [1]
    assert index.last_seq() == 4


def test_new_listings_above_the_largest_id_are_added_and_old_ones_replaced(build_index):
    index = build_index([_doc(4), _doc(9)])
    with index._store.open().searcher() as searcher:
        assert read_meta(searcher)["max_listing_id"] == 9
    index.apply([(1, "upsert", _doc(7)), (2, "upsert", _doc(12)),
                 (3, "upsert", _doc(9, bio="zanzibar"))])  # fmt: skip
    assert _ids(index) == [4, 7, 9, 12]
    assert _ids(index, "zanzibar") == [9]
    with index._store.open().searcher() as searcher:
        assert read_meta(searcher)["max_listing_id"] == 12
    index.apply([(4, "upsert", _doc(12, bio="wombat"))])  # 12 is now below the mark
    assert _ids(index) == [4, 7, 9, 12] and _ids(index, "wombat") == [12]


def test_an_empty_index_adds_new_listings_without_looking_them_up(build_index, monkeypatch):
    from whoosh.writing import IndexWriter

    index = build_index([])
    looked_up: list[tuple[str, str]] = []
    original = IndexWriter.delete_by_term
    monkeypatch.setattr(IndexWriter, "delete_by_term",
                        lambda self, field, text, **kw: looked_up.append((field, text))
                        or original(self, field, text, **kw))  # fmt: skip
    index.apply([(1, "upsert", _doc(3)), (2, "upsert", _doc(8))])
    assert _ids(index) == [3, 8]
    assert ("id", "3") not in looked_up and ("id", "8") not in looked_up
    index.apply([(3, "upsert", _doc(3, bio="zanzibar"))])
    assert ("id", "3") in looked_up
    assert _ids(index) == [3, 8] and _ids(index, "zanzibar") == [3]


def test_an_index_without_the_largest_id_replaces_every_listing(build_index, monkeypatch):
    """Indexes written before the mark was kept have none: every upsert is looked up."""
    from search import changes

    original = changes.meta_fields
    monkeypatch.setattr(changes, "meta_fields", lambda seq, _max: original(seq, None))
    index = build_index([_doc(4), _doc(9)])
    index.apply([(1, "upsert", _doc(4, bio="zanzibar")), (2, "upsert", _doc(20))])
    assert _ids(index) == [4, 9, 20] and _ids(index, "zanzibar") == [4]
    with index._store.open().searcher() as searcher:
        assert read_meta(searcher)["max_listing_id"] is None


def test_a_writer_process_failure_fails_the_rebuild_with_its_error(tmp_path, monkeypatch):
    monkeypatch.setattr("search.changes.MIN_PER_PROCESS", 5)
    index = SearchIndex(str(tmp_path / "ix"))
    index.rebuild([_doc(1)], last_seq=0)
    docs = [_doc(i) for i in range(1, 21)]
    docs[-1] = _doc(20, lat="north")  # in the second process's half
    with pytest.raises(ValueError):
        index.rebuild(docs, last_seq=1, procs=2)
    assert _ids(index) == [1]  # the live index is untouched
    index.close()


def test_a_batch_split_over_two_writer_processes_replaces_deletes_and_adds(
    build_index, monkeypatch
):
    """The bulk import's drain: deletions and replacements of listings already indexed are
    made by the committing writer, the new documents written by two processes."""
    monkeypatch.setattr("search.changes.MIN_PER_PROCESS", 3)
    index = build_index([_doc(1), _doc(2), _doc(3)])
    segments_before = len(index._store.open()._segments())
    batch = [(1, "upsert", _doc(2, bio="zanzibar")), (2, "delete", 3)]
    batch += [(seq, "upsert", _doc(seq + 7, bio=f"quokka {seq}")) for seq in range(3, 11)]
    assert index.apply(batch, merge=False, procs=2) == 10
    assert _ids(index) == [1, 2, *range(10, 18)]
    assert _ids(index, "zanzibar") == [2] and _ids(index, "quokka") == list(range(10, 18))
    assert index.last_seq() == 10 and index.doc_count() == 10
    assert len(index._store.open()._segments()) == segments_before + 2  # one per process
    with index._store.open().searcher() as searcher:
        assert read_meta(searcher)["max_listing_id"] == 17


def test_a_writer_process_failure_fails_the_batch_and_writes_nothing(build_index, monkeypatch):
    monkeypatch.setattr("search.changes.MIN_PER_PROCESS", 3)
    index = build_index([_doc(1)])
    batch = [(seq, "upsert", _doc(seq + 1)) for seq in range(1, 9)]
    batch[-1] = (8, "upsert", _doc(9, lat="north"))  # in the second process's half
    with pytest.raises(ValueError):
        index.apply(batch, merge=False, procs=2)
    assert _ids(index) == [1] and index.last_seq() == 0
