"""Typo tolerance: corrections for unknown words, taken from the index's own (unstemmed) words."""

from __future__ import annotations

SPELL_FIELD = "spell"
MIN_WORD = 3


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


def correct(reader, word: str) -> str | None:
    """The most frequent index word within the allowed edit distance, if clearly better."""
    if len(word) < MIN_WORD or not word.isalpha():
        return None
    own_df = reader.doc_frequency(SPELL_FIELD, word)
    limit = max_distance(word)
    best: tuple[int, int, str] | None = None
    try:
        candidates = reader.terms_within(SPELL_FIELD, word, limit, prefix=1)
    except (KeyError, ValueError):
        return None
    for candidate in candidates:
        candidate = candidate.decode("utf-8") if isinstance(candidate, bytes) else candidate
        if candidate == word:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance > limit:
            continue
        df = reader.doc_frequency(SPELL_FIELD, candidate)
        key = (distance, -df, candidate)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    # a word the index knows well is not a typo, unless the candidate is far more common
    if own_df and -best[1] < 20 * own_df:
        return None
    return best[2]
