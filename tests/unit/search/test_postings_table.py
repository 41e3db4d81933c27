"""The postings table file (search/postings_table.py): what is written is what is read back."""

from __future__ import annotations

import numpy as np
import pytest

from search import postings_table
from search.postings_table import PostingsTable, PostingsTableWriter, table_key


def _write(tmp_path, terms: dict[tuple[str, bytes], list[int]]) -> PostingsTable:
    writer = PostingsTableWriter()
    for (field, term), ids in terms.items():
        writer.add(field, term, np.asarray(ids, dtype=np.int64), np.arange(1, len(ids) + 1))
    path = tmp_path / "seg.nwp"
    with path.open("wb") as out:
        writer.write(out)
    table = PostingsTable.open(str(path))
    assert table is not None
    return table


TERMS = {
    ("bio", b"scar"): [0, 4, 9],
    ("name", b"scar"): [7],
    ("bio", b"peel"): [2],
    ("treatments", "é".encode()): [1, 3],
}


def test_every_term_reads_back_its_documents_and_frequencies(tmp_path):
    table = _write(tmp_path, TERMS)
    assert len(table) == len(TERMS)
    for (field, term), ids in TERMS.items():
        found = table.get(table_key(field, term))
        assert found is not None
        assert found[0].tolist() == ids and found[0].dtype == np.int32
        assert found[1].tolist() == list(range(1, len(ids) + 1)) and found[1].dtype == np.uint16
    assert table.get(table_key("bio", b"zanzibar")) is None
    assert table.get(table_key("clinic", b"scar")) is None  # a term of another field


def test_colliding_hashes_still_give_each_term_its_own_postings(tmp_path, monkeypatch):
    monkeypatch.setattr(postings_table, "_hash", lambda key: 42)
    table = _write(tmp_path, TERMS)
    for (field, term), ids in TERMS.items():
        found = table.get(table_key(field, term))
        assert found is not None and found[0].tolist() == ids, (field, term)
    assert table.get(table_key("bio", b"zanzibar")) is None


def test_an_empty_segment_and_a_missing_file(tmp_path):
    assert len(_write(tmp_path, {})) == 0
    assert PostingsTable.open(str(tmp_path / "absent.nwp")) is None


def test_a_file_of_another_kind_is_refused(tmp_path):
    path = tmp_path / "other.nwp"
    path.write_bytes(b"not a table at all")
    with pytest.raises(ValueError, match="Not a postings table"):
        PostingsTable.open(str(path))


def test_a_truncated_table_is_refused(tmp_path):
    _write(tmp_path, TERMS)
    path = tmp_path / "seg.nwp"
    path.write_bytes(path.read_bytes()[:60])
    with pytest.raises(ValueError, match="damaged postings table"):
        PostingsTable.open(str(path))
