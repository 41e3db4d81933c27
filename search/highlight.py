"""Snippets from a bio: the passage with most matches, HTML-escaped, matches in ``<mark>``."""

from __future__ import annotations

import re
from html import escape

from search.analysis import CONCEPTS, MAX_WORD, WORD_RE, stem

WINDOW = 28  # words in a snippet


def _words_with_spans(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower()[:MAX_WORD], m.start(), m.end()) for m in WORD_RE.finditer(text)]


def matched_words(text: str, stems: set[str], concepts: set[str]):
    """(word index, start, end) of words matching a query stem or a matched concept, and the
    (word, start, end) of every word."""
    tokens = _words_with_spans(text)
    seq = [t[0] for t in tokens]
    hits = [False] * len(tokens)
    stemmed = [stem(w) for w in seq]
    for i, word_stem in enumerate(stemmed):
        if word_stem in stems:
            hits[i] = True
    if concepts:
        for start, end, found in CONCEPTS.find(stemmed):
            if any(slug in concepts for _kind, slug in found):
                for i in range(start, end):
                    hits[i] = True
    return [(i, tokens[i][1], tokens[i][2]) for i in range(len(tokens)) if hits[i]], tokens


def highlight(text: str, stems: set[str], concepts: set[str], window: int = WINDOW) -> str:
    """An HTML-safe snippet of about ``window`` words around the densest run of matches."""
    if not text:
        return ""
    spans, tokens = matched_words(text, stems, concepts)
    if not tokens:
        return escape(text[:200])
    start_word = 0
    if spans:
        positions = [i for i, _s, _e in spans]
        best, best_count, right = positions[0], 0, 0
        for left, p in enumerate(positions):  # sliding window: most matches in `window` words
            while right < len(positions) and positions[right] < p + window:
                right += 1
            if right - left > best_count:
                best, best_count = p, right - left
        start_word = max(0, best - 3)
    end_word = min(len(tokens), start_word + window)
    first_char = tokens[start_word][1] if start_word else 0
    last_char = tokens[end_word - 1][2] if end_word < len(tokens) else len(text)
    marks = [(s, e) for i, s, e in spans if start_word <= i < end_word]
    out, cursor = [], first_char
    for s, e in marks:
        out.append(escape(text[cursor:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        cursor = e
    out.append(escape(text[cursor:last_char]))
    snippet = re.sub(r"\s+", " ", "".join(out)).strip()
    prefix = "… " if first_char > 0 else ""
    suffix = " …" if last_char < len(text) else ""
    return prefix + snippet + suffix
