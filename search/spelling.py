"""Typo tolerance: corrections for unknown words, taken from the index's own terms.

Candidates are searched among the stems of the text fields (Whoosh's Levenshtein automaton,
``terms_within``), so "microneedeling" (stem ``microneedel``) finds ``microneedl``. A stem is not
a word to show, so the suggestion is the word of a matching document that has that stem
("microneedling"). This replaced a separate unstemmed field that cost a third of indexing time.
"""

from __future__ import annotations

from collections import Counter

from search.analysis import stem, words

SPELL_FIELDS = {"name": "name", "clinic": "clinic", "tags": "device_names", "bio": "bio"}
MIN_WORD = 3
FAR_MORE_COMMON = 20


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), stopping early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def max_distance(word: str) -> int:
    """Short words tolerate one typo, longer ones two."""
    return 1 if len(word) <= 5 else 2


def _frequency(gen, term: str) -> int:
    return sum(gen.term_frequency(f, term) for f in SPELL_FIELDS)


def _surface(gen, field: str, term: str) -> str | None:
    """The commonest word with stem ``term`` in a document that contains it."""
    ids, _tf = gen.postings(field, term, scored=False)
    live = [d for d in ids[:5] if gen.live[d]]
    found: Counter[str] = Counter()
    for docnum in live:
        value = gen.row(docnum).get(SPELL_FIELDS[field]) or ""
        text = " ".join(value) if isinstance(value, list) else str(value)
        found.update(w for w in words(text) if stem(w) == term)
    return found.most_common(1)[0][0] if found else None


def correct(gen, word: str) -> str | None:
    """A correction for ``word`` from the index's own words, or None when it looks right.
    Remembered per index generation: people repeat the same typos."""
    if len(word) < MIN_WORD or not word.isalpha():
        return None
    known = gen.corrections.get(word, False)
    if known is False:
        known = gen.corrections[word] = _find_correction(gen, word)
    return known


def _find_correction(gen, word: str) -> str | None:
    target = stem(word)
    own = _frequency(gen, target)
    limit = max_distance(word)
    reader = gen.searcher.reader()
    best: tuple[int, int, str, str] | None = None
    for field in SPELL_FIELDS:
        with gen.io_lock:
            candidates = list(reader.terms_within(field, target, limit, prefix=1))
        for candidate in candidates:
            if candidate == target or candidate.startswith("_"):
                continue
            distance = edit_distance(target, candidate, limit)
            if distance > limit:
                continue
            key = (distance, -_frequency(gen, candidate), candidate, field)
            if best is None or key < best:
                best = key
    if best is None or (own and -best[1] < FAR_MORE_COMMON * own):
        return None  # a word the index knows is no typo unless the other is far more common
    return _surface(gen, best[3], best[2])
