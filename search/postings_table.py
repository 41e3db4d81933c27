"""A segment's postings as flat arrays in one file, read through a memory map.

Whoosh keeps postings in compressed, pickled blocks behind a term dictionary: reading a common
term of a 1,000,000-listing index from its 80 segments cost about 40 us per block and 20 us per
term look-up, and each worker process kept what it had decoded in a private cache. This file
holds, beside each segment's own files, every (field, term)'s document numbers (int32) and
frequencies (uint16) as plain arrays. A look-up is a hash, a binary search and two array views
of the memory-mapped file: nothing is decoded or copied, and the operating system's page cache
is shared by every worker.

Layout (little-endian): ``MAGIC``, the header's length (uint64), a JSON header giving each
section's offset and length, then the sections: key hashes (uint64, sorted), key offsets
(uint64, one more than keys) into the key bytes, posting starts (uint64, one more than keys),
document numbers, frequencies. Keys are ``field`` + NUL + the term's bytes; the key bytes are
compared on a hit, so a hash collision cannot return another term's postings.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
from typing import BinaryIO

import numpy as np

EXTENSION = ".nwp"
MAGIC = b"NWPOST01"
_SECTIONS = (("hashes", "<u8"), ("key_offsets", "<u8"), ("starts", "<u8"),
             ("ids", "<i4"), ("tf", "<u2"))  # fmt: skip


def table_key(field: str, term: bytes) -> bytes:
    """The key of one field's term."""
    return field.encode("utf-8") + b"\0" + term


def _hash(key: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")


class PostingsTableWriter:
    """Collects each term's postings while a segment is written, then writes the file."""

    def __init__(self) -> None:
        self._keys: list[bytes] = []
        self._ids: list[np.ndarray] = []
        self._tf: list[np.ndarray] = []

    def add(self, field: str, term: bytes, ids: np.ndarray, tf: np.ndarray) -> None:
        """One term's segment-local document numbers (ascending) and frequencies."""
        self._keys.append(table_key(field, term))
        self._ids.append(ids.astype("<i4", copy=False))
        self._tf.append(tf.astype("<u2", copy=False))

    def write(self, out: BinaryIO) -> None:
        """Write the table to ``out`` (a file opened for binary writing)."""
        hashes = np.fromiter(map(_hash, self._keys), dtype="<u8", count=len(self._keys))
        order = np.argsort(hashes, kind="stable")
        keys = [self._keys[i] for i in order]
        key_offsets = np.zeros(len(keys) + 1, dtype="<u8")
        np.cumsum([len(k) for k in keys], out=key_offsets[1:])
        counts = [len(self._ids[i]) for i in order]
        starts = np.zeros(len(keys) + 1, dtype="<u8")
        np.cumsum(counts, out=starts[1:])
        empty_ids, empty_tf = np.zeros(0, "<i4"), np.zeros(0, "<u2")
        arrays = {
            "hashes": hashes[order],
            "key_offsets": key_offsets,
            "starts": starts,
            "ids": np.concatenate([self._ids[i] for i in order]) if keys else empty_ids,
            "tf": np.concatenate([self._tf[i] for i in order]) if keys else empty_tf,
        }
        key_bytes = b"".join(keys)
        sections: dict[str, list[int]] = {}
        position = 0
        for name, _dtype in _SECTIONS:
            position = _aligned(position)
            sections[name] = [position, len(arrays[name])]
            position += arrays[name].nbytes
        sections["keys"] = [position, len(key_bytes)]
        header = json.dumps({"sections": sections}).encode("utf-8")
        base = _aligned(len(MAGIC) + 8 + len(header))
        out.write(MAGIC + len(header).to_bytes(8, "little") + header)
        out.write(bytes(base - len(MAGIC) - 8 - len(header)))
        written = 0
        for name, _dtype in _SECTIONS:
            out.write(bytes(sections[name][0] - written))
            out.write(arrays[name].tobytes())
            written = sections[name][0] + arrays[name].nbytes
        out.write(key_bytes)


def _aligned(position: int) -> int:
    return (position + 7) // 8 * 8


class PostingsTable:
    """A written table, memory-mapped read-only; arrays it returns are views of the map."""

    def __init__(self, buffer: mmap.mmap) -> None:
        if buffer[: len(MAGIC)] != MAGIC:
            raise ValueError("Not a postings table.")
        length = int.from_bytes(buffer[len(MAGIC) : len(MAGIC) + 8], "little")
        try:
            header = json.loads(buffer[len(MAGIC) + 8 : len(MAGIC) + 8 + length])
            base = _aligned(len(MAGIC) + 8 + length)
            parts = {}
            for name, dtype in _SECTIONS:
                offset, count = header["sections"][name]
                parts[name] = np.frombuffer(buffer, dtype=dtype, count=count, offset=base + offset)
        except (ValueError, KeyError, TypeError) as error:  # JSON errors are ValueErrors
            raise ValueError(f"A damaged postings table: {error}.") from error
        self._buffer = buffer
        self._hashes, self._key_offsets = parts["hashes"], parts["key_offsets"]
        self._starts, self._doc_ids, self._tf = parts["starts"], parts["ids"], parts["tf"]
        self._keys_at = base + header["sections"]["keys"][0]

    @classmethod
    def open(cls, path: str) -> PostingsTable | None:
        """The table at ``path``; None when there is none (a segment written without one)."""
        try:
            with open(path, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                if not size:
                    return None
                buffer = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except FileNotFoundError:
            return None
        return cls(buffer)

    def __len__(self) -> int:
        return len(self._hashes)

    def get(self, key: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """(document numbers, frequencies) of ``key``; None when the segment lacks it."""
        wanted = np.uint64(_hash(key))  # a Python int would convert the whole array
        i = int(self._hashes.searchsorted(wanted))
        while i < len(self._hashes) and self._hashes[i] == wanted:
            first, last = int(self._key_offsets[i]), int(self._key_offsets[i + 1])
            if self._buffer[self._keys_at + first : self._keys_at + last] == key:
                start, end = int(self._starts[i]), int(self._starts[i + 1])
                return self._doc_ids[start:end], self._tf[start:end]
            i += 1
        return None
