"""Query understanding: what the typed words mean before anything is searched.

The text is never handed to a query parser. It is split into words; vocabulary phrases become
concepts (treatments, concerns, devices: matched as the tagged slug OR the concept term in text),
profession words become a filter, a place phrase ("near 78701", "in Austin, TX",
a ZIP, "City, ST") is cut out and returned unresolved, and the remaining words are free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.analysis import PhraseTable, is_indexable, stem, words
from search.vocabulary import concept_phrases, profession_phrases

MAX_TEXT = 500  # characters; longer input is cut, never refused
MAX_WORDS = 16

STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "PR",
}  # fmt: skip
ZIP_RE = re.compile(r"(?<![\w-])(\d{5})(?:-\d{4})?(?![\w-])")
NEAR_RE = re.compile(r"\b(?:near|around|close to)\s+(.+)$", re.IGNORECASE)
IN_CITY_RE = re.compile(r"\bin\s+([A-Za-z][A-Za-z .'-]{0,40}?)\s*,\s*([A-Za-z]{2})\b")
CITY_STATE_RE = re.compile(
    r"((?:[A-Z][a-z'.-]+\s+){0,2}[A-Z][a-z'.-]+|[a-z'.-]+)\s*,\s*([A-Za-z]{2})\b"
)
NEAR_ME = {"me", "my location", "here", "you"}

TABLE = PhraseTable({**profession_phrases(), **concept_phrases()})


@dataclass
class Understanding:
    """The parts of a user's text."""

    free_words: list[str] = field(default_factory=list)
    concepts: list[list[tuple[str, str]]] = field(default_factory=list)  # one OR group each
    professions: list[str] = field(default_factory=list)
    near_text: str | None = None
    remaining_text: str = ""

    @property
    def understood(self) -> dict[str, list[str]]:
        """Slugs by kind, for the UI ("searching for PRP micro-needling")."""
        out: dict[str, list[str]] = {}
        for group in self.concepts:
            for kind, slug in group:
                out.setdefault(kind, [])
                if slug not in out[kind]:
                    out[kind].append(slug)
        if self.professions:
            out["profession"] = list(self.professions)
        return out


def split_place(text: str) -> tuple[str, str | None]:
    """(text without the place phrase, the place phrase or None)."""
    match = NEAR_RE.search(text)
    if match:
        place = match.group(1).strip(" ,.")
        rest = text[: match.start()]
        if place.lower() in NEAR_ME or not place:
            return rest, None
        return rest, place
    for pattern in (IN_CITY_RE, CITY_STATE_RE):
        for found in pattern.finditer(text):
            if found.group(2).upper() in STATES:
                place = f"{found.group(1).strip()}, {found.group(2).upper()}"
                return text[: found.start()] + text[found.end() :], place
    match = ZIP_RE.search(text)
    if match:
        return text[: match.start()] + text[match.end() :], match.group(1)
    return text, None


def place_in(text: str) -> str | None:
    """The place phrase typed in ``text`` ("... near 85004", "... in Austin, TX"), if any, so
    a caller can resolve it before searching once."""
    return split_place((text or "")[:MAX_TEXT])[1]


def understand(text: str) -> Understanding:
    """Split user text into concepts, filters, a place phrase and free words."""
    text = (text or "")[:MAX_TEXT]
    rest, near_text = split_place(text)
    seq = words(rest)[: MAX_WORDS * 2]
    result = Understanding(near_text=near_text, remaining_text=" ".join(rest.split()))
    covered = [False] * len(seq)
    for start, end, concepts in TABLE.find([stem(w) for w in seq]):
        for i in range(start, end):
            covered[i] = True
        group = [c for c in concepts if c[0] != "profession"]
        if group and group not in result.concepts:
            result.concepts.append(group)
        for kind, slug in concepts:
            if kind == "profession" and slug not in result.professions:
                result.professions.append(slug)
    for word, is_covered in zip(seq, covered, strict=True):
        if not is_covered and is_indexable(word) and word not in result.free_words:
            result.free_words.append(word)
    result.free_words = result.free_words[:MAX_WORDS]
    return result
