"""Snippets from a bio: the passage with most matches, HTML-escaped, matches in ``<mark>``.

One regular expression per query finds candidate words (the query's stems, and the vocabulary
phrases of the concepts it asked for, as word prefixes); each candidate is confirmed by stemming
it, so "scar" marks "scars" and "scarring" but not "scarf". Only the candidates are stemmed,
not every word of every bio on the page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from search.analysis import CONCEPTS, WORD_RE, stem, words

SNIPPET_CHARS = 200
LEAD_CHARS = 30  # context kept before the first match of the snippet
WORD_CHARS = r"[^\W_]"
BOUNDARY = r"[\W_]+"


def _prefix(term: str) -> str:
    # Porter stems are not always prefixes of the word ("therapy" -> "therapi"): match on the
    # stem less its last letter, then confirm by stemming the candidate.
    return re.escape(term[: max(2, len(term) - 1)]) + WORD_CHARS + "*"


@lru_cache(maxsize=1024)
def _pattern(stems: frozenset[str], concepts: frozenset[str]):
    """(compiled regex, stem tuples it may match) for one query, or None without terms."""
    keys: set[tuple[str, ...]] = {(s,) for s in stems}
    for key, found in CONCEPTS.table.items():
        if any(slug in concepts for _kind, slug in found):
            keys.add(key)
    if not keys:
        return None
    alternatives = sorted((BOUNDARY.join(_prefix(t) for t in key) for key in keys), key=len)
    body = "|".join(reversed(alternatives))
    regex = re.compile(rf"(?<!{WORD_CHARS})(?:{body})(?!{WORD_CHARS})", re.IGNORECASE)
    return regex, keys


def match_spans(text: str, stems: set[str], concepts: set[str]) -> list[tuple[int, int]]:
    """Character spans in ``text`` of query words and of the words of the asked-for concepts'
    phrases."""
    compiled = _pattern(frozenset(stems), frozenset(concepts))
    if compiled is None:
        return []
    regex, keys = compiled
    spans = []
    for m in regex.finditer(text):
        if tuple(stem(w) for w in words(m.group())) in keys:  # each word marked on its own
            spans += [
                (m.start() + w.start(), m.start() + w.end()) for w in WORD_RE.finditer(m.group())
            ]
    return spans


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a window outwards to whole words."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def highlight(text: str, stems: set[str], concepts: set[str]) -> str:
    """An HTML-safe snippet of about 200 characters around the densest run of matches."""
    if not text:
        return ""
    spans = match_spans(text, stems, concepts)
    first = 0
    if spans:
        best, best_count, right = spans[0][0], 0, 0
        for left, (start, _end) in enumerate(spans):
            while right < len(spans) and spans[right][1] <= start + SNIPPET_CHARS:
                right += 1
            if right - left > best_count:
                best, best_count = start, right - left
        first = max(0, best - LEAD_CHARS)
    first, last = _cut(text, first, min(len(text), first + SNIPPET_CHARS))
    out, cursor = [], first
    for start, end in spans:
        if start >= cursor and end <= last:
            out += [escape(text[cursor:start]), "<mark>", escape(text[start:end]), "</mark>"]
            cursor = end
    out.append(escape(text[cursor:last]))
    snippet = re.sub(r"\s+", " ", "".join(out)).strip()
    return ("… " if first > 0 else "") + snippet + (" …" if last < len(text) else "")
