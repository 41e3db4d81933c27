"""Query understanding: what the typed words mean before anything is searched.

The text is never handed to a query parser. It is split into words; vocabulary phrases become
concepts (treatments, concerns, devices: matched as the tagged slug OR the concept term in text),
profession words become a filter, a place phrase ("near 78701", "in Austin, TX",
a ZIP, "City, ST") is cut out and returned unresolved, a price ("$300", "under 300") and words
for darker skin ("skin of color") become filters, and the remaining words are free text.

Each concept read from the text has a key (``treatment:rf_microneedling``, ``skin:darker_skin``,
``max_price:300``); a query's ``ignore`` names keys the user unticked, whose words then mean
nothing, so an untick is never re-applied from the same text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from search.analysis import PhraseTable, is_indexable, stem, words
from search.vocabulary import (
    DARKER_SKIN_PHRASES,
    concept_phrases,
    device_for_prefix,
    profession_phrases,
)

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
# "$300", "$ 300.00", "under 300", "less than $250 dollars": a price ceiling in whole dollars.
PRICE_RE = re.compile(
    r"(?:\b(?:under|below|less than|cheaper than|up to|at most|max(?:imum)?)\s+\$?\s*"
    r"|\$\s*)(\d{2,6})(?:\.\d{2})?(?:\s*(?:dollars|usd|bucks))?(?![\w.])",
    re.IGNORECASE,
)

TABLE = PhraseTable({**profession_phrases(), **concept_phrases()})
SKIN_TABLE = PhraseTable({phrase: [("skin", "darker_skin")] for phrase in DARKER_SKIN_PHRASES})
DARKER_SKIN_KEY = "skin:darker_skin"


@dataclass
class Understanding:
    """The parts of a user's text."""

    free_words: list[str] = field(default_factory=list)
    concepts: list[list[tuple[str, str]]] = field(default_factory=list)  # one OR group each
    professions: list[str] = field(default_factory=list)
    near_text: str | None = None
    remaining_text: str = ""
    darker_skin: bool = False  # "dark skin", "skin of color": Fitzpatrick IV-VI
    max_price: int | None = None  # "$300", "under 300"

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
        if self.darker_skin:
            out["skin"] = ["darker_skin"]
        if self.max_price is not None:
            out["max_price"] = [str(self.max_price)]
        return out


def split_price(text: str) -> tuple[str, int | None]:
    """(text without the price phrase, the price ceiling or None)."""
    match = PRICE_RE.search(text)
    if not match:
        return text, None
    return text[: match.start()] + " " + text[match.end() :], int(match.group(1))


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
    # The price first: "near 85004 under 300" is a place and a price, not one place name.
    return split_place(split_price((text or "")[:MAX_TEXT])[0])[1]


def understand(text: str, ignore: Collection[str] = ()) -> Understanding:
    """Split user text into concepts, filters, a place phrase and free words; concepts whose
    key is in ``ignore`` (unticked by the user) are dropped with their words."""
    text = (text or "")[:MAX_TEXT]
    priced, price = split_price(text)
    rest, near_text = split_place(priced)
    seq = words(rest)[: MAX_WORDS * 2]
    result = Understanding(near_text=near_text, remaining_text=" ".join(rest.split()))
    if price is not None and f"max_price:{price}" not in ignore:
        result.max_price = price
    covered = [False] * len(seq)
    stems = [stem(w) for w in seq]
    for start, end, _concepts in SKIN_TABLE.find(stems):
        covered[start:end] = [True] * (end - start)
        result.darker_skin = DARKER_SKIN_KEY not in ignore
    for start, end, concepts in TABLE.find(stems):
        if any(covered[start:end]):
            continue  # "skin" of "skin of color" is not also a word of another phrase
        for i in range(start, end):
            covered[i] = True
        group = [c for c in concepts if c[0] != "profession" and f"{c[0]}:{c[1]}" not in ignore]
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


def read_device_prefixes(
    result: Understanding, known: Callable[[str], bool], ignore: Collection[str] = ()
) -> None:
    """Free words the index never saw that begin exactly one device's name ("morph") become
    that device's concept (or, when unticked, nothing). ``known`` says whether the index has
    a word, so an ordinary word such as "skin" is never taken for "SkinPen"."""
    free = []
    for word in result.free_words:
        slug = None if known(word) else device_for_prefix(word)
        if slug is None:
            free.append(word)
        elif f"device:{slug}" not in ignore and [("device", slug)] not in result.concepts:
            result.concepts.append([("device", slug)])
    result.free_words = free
