"""Turning text into index terms, identically when indexing and when searching.

Words are lower-cased runs of letters and digits. Free words are stemmed (Snowball English,
"Porter2", through PyStemmer) with English stop words removed. Vocabulary phrases ("collagen
induction therapy", "vampire facial") add a concept term such as ``_microneedling`` next to
their words, in bios and in queries alike, so a synonym finds its canonical term both ways.
Concept terms start with ``_``, which no typed word can produce, so a user cannot forge one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import Stemmer
from whoosh import formats
from whoosh.analysis import STOP_WORDS, Token, Tokenizer
from whoosh.fields import FieldType

from search.vocabulary import IMPLIED, concept_phrases
from search.whoosh_internals import encode_frequency

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
CONCEPT_PREFIX = "_"
MAX_WORD = 40  # longer runs are noise (base64, URLs); cut so the lexicon stays sane


# Whoosh's own Porter stemmer does not undouble consonants ("scarring" -> "scarr", so "scars"
# missed bios that only say "scarring"); Porter2 does, and PyStemmer runs it in C.
_ENGLISH = Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Porter2 stem of one lower-case word (cached: bios repeat the same words)."""
    return str(_ENGLISH.stemWord(word))


# For ASCII text, the same words as WORD_RE without the regex (bios are mostly ASCII, and the
# regex was a third of analysing one): every other ASCII character becomes a space.
_ASCII_SEPARATORS = str.maketrans(
    {chr(code): " " for code in range(128) if not (chr(code).isascii() and chr(code).isalnum())}
)


def words(text: str) -> list[str]:
    """The lower-cased words of ``text`` (letters and digits; punctuation separates)."""
    lowered = text.lower()
    if lowered.isascii():
        found = lowered.translate(_ASCII_SEPARATORS).split()
    else:
        found = WORD_RE.findall(lowered)
    if found and max(map(len, found)) > MAX_WORD:
        return [w[:MAX_WORD] for w in found]
    return found


def phrase_key(phrase: str) -> tuple[str, ...]:
    """A phrase as typed -> the stem tuple it matches ("acne scar" also finds "acne scars")."""
    return tuple(stem(w) for w in words(phrase))


class PhraseTable:
    """Longest-match lookup of multi-word phrases in a sequence of stems."""

    def __init__(self, phrases: dict[str, list[tuple[str, str]]]) -> None:
        self.table: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for phrase, concepts in phrases.items():
            entry = self.table.setdefault(phrase_key(phrase), [])
            entry.extend(c for c in concepts if c not in entry)
        self.longest = max((len(k) for k in self.table), default=1)
        self.first_words = {k[0] for k in self.table}

    def find(self, seq: list[str]) -> list[tuple[int, int, list[tuple[str, str]]]]:
        """Non-overlapping (start, end, concepts) matches in a stem sequence, longest first."""
        found: list[tuple[int, int, list[tuple[str, str]]]] = []
        first_words = self.first_words
        if first_words.isdisjoint(seq):  # most text has no phrase at all
            return found
        n, end = len(seq), 0  # end: the first position after the last match
        for i in [i for i, stem in enumerate(seq) if stem in first_words]:
            if i < end:
                continue  # inside the previous match
            for size in range(min(self.longest, n - i), 0, -1):
                concepts = self.table.get(tuple(seq[i : i + size]))
                if concepts:
                    found.append((i, i + size, concepts))
                    end = i + size
                    break
        return found


CONCEPTS = PhraseTable(concept_phrases())


def concept_term(slug: str) -> str:
    """The index term a treatment/concern concept adds to text fields."""
    return CONCEPT_PREFIX + slug


def is_indexable(word: str) -> bool:
    """Stop words and one-character words carry no meaning for search."""
    return len(word) > 1 and word not in STOP_WORDS


def stemmed_terms(text: str) -> list[str]:
    """Index terms of a text field: stems of its words plus concept terms of its phrases."""
    seq = words(text)
    stems = list(map(stem, seq))
    # is_indexable, inlined: this runs for every word of every bio indexed
    terms = [s for w, s in zip(seq, stems, strict=True) if len(w) > 1 and w not in STOP_WORDS]
    for _start, _end, concepts in CONCEPTS.find(stems):
        for _kind, slug in concepts:
            terms.append(concept_term(slug))
            if slug in IMPLIED:
                terms.append(concept_term(IMPLIED[slug]))
    return terms


def plain_terms(text: str) -> list[str]:
    """Unstemmed words (for spelling suggestions and place names)."""
    return [w for w in words(text) if is_indexable(w)]


def prefix_terms(text: str, longest: int = 15) -> list[str]:
    """Edge n-grams (2..15 letters) of every word, for autocomplete."""
    grams: list[str] = []
    for w in words(text):
        grams.extend(w[:n] for n in range(2, min(len(w), longest) + 1))
        if len(w) == 1:
            grams.append(w)
    return grams


TERM_FUNCTIONS = {
    "stemmed": stemmed_terms,
    "plain": plain_terms,
    "prefix": prefix_terms,
}


class TermTokenizer(Tokenizer):
    """Whoosh tokenizer over one of the term functions, so Whoosh tools see the same terms."""

    def __init__(self, mode: str = "stemmed") -> None:
        self.mode = mode

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TermTokenizer) and other.mode == self.mode

    def __hash__(self) -> int:
        return hash(self.mode)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):  # fmt: skip
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        terms = TERM_FUNCTIONS[self.mode](value) if tokenize else [value]
        for pos, term in enumerate(terms):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            yield token


class TermsField(FieldType):
    """A text field indexed by a term function, bypassing per-token objects (3x faster)."""

    def __init__(self, mode: str = "stemmed", scored: bool = True) -> None:
        self.mode = mode
        self.analyzer = TermTokenizer(mode)
        self.format = formats.Frequency() if scored else formats.Existence()
        self.scorable = scored
        self.stored = False
        self.unique = False
        self.vector = None

    def index(self, value, **kwargs):
        """(term bytes, frequency, weight, encoded value) for each distinct term of ``value``."""
        counts = Counter(TERM_FUNCTIONS[self.mode](value))
        if self.scorable:
            return list(map(_SCORED_ITEMS.__getitem__, counts.items()))
        return list(map(_PRESENT_ITEMS.__getitem__, counts))


class _SharedItems(dict):
    """Posting items made once per (term, frequency) or term and then shared: a build holds
    millions of postings in memory before sorting them, and sharing keeps that small; a dict
    look-up per term is also a third of the time of building each item again."""

    LIMIT = 500_000  # emptied when full: the common terms come back at once

    def __init__(self, make: Callable[[Any], tuple[bytes, int, float, bytes]]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> tuple[bytes, int, float, bytes]:
        if len(self) >= self.LIMIT:
            self.clear()
        item = self[key] = self.make(key)
        return item


def _scored_item(key: tuple[str, int]) -> tuple[bytes, int, float, bytes]:
    term, freq = key
    return term.encode("utf-8"), freq, float(freq), encode_frequency(freq)


def _present_item(term: str) -> tuple[bytes, int, float, bytes]:
    return term.encode("utf-8"), 1, 1.0, b""


_SCORED_ITEMS = _SharedItems(_scored_item)
_PRESENT_ITEMS = _SharedItems(_present_item)
