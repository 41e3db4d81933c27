"""Autocomplete: treatments and concerns, places, then practitioners, for a typed prefix."""

from __future__ import annotations

import numpy as np

from search.analysis import words
from search.generation import Generation
from search.vocabulary import (
    CONCERN_LABELS,
    CONCERN_SYNONYMS,
    TREATMENT_LABELS,
    TREATMENT_SYNONYMS,
)

MAX_CONCEPTS = 3
MAX_PLACES = 3
PREFIX_LONGEST = 15


def _normal(text: str) -> str:
    return " ".join(words(text))


def _concept_index() -> list[tuple[str, str, str, list[str]]]:
    out = []
    for kind, labels, synonyms in (
        ("treatment", TREATMENT_LABELS, TREATMENT_SYNONYMS),
        ("concern", CONCERN_LABELS, CONCERN_SYNONYMS),
    ):
        for slug, label in labels.items():
            phrases = {_normal(label), _normal(slug.replace("_", " "))}
            phrases.update(_normal(p) for p in synonyms.get(slug, []))
            out.append((kind, slug, label, sorted(phrases)))
    return out


CONCEPT_INDEX = _concept_index()


def _starts_a_word(phrase: str, prefix: str) -> bool:
    return phrase.startswith(prefix) or f" {prefix}" in phrase


def concept_suggestions(prefix: str) -> list[dict]:
    """Treatments and concerns whose label or a synonym has a word starting with ``prefix``."""
    found = []
    for kind, slug, label, phrases in CONCEPT_INDEX:
        if any(_starts_a_word(p, prefix) for p in phrases):
            starts = any(p.startswith(prefix) for p in phrases)
            found.append((not starts, label, {"label": label, "kind": kind, "value": slug}))
    found.sort(key=lambda f: (f[0], f[1]))
    return [f[2] for f in found[:MAX_CONCEPTS]]


def place_suggestions(gen: Generation, prefix: str) -> list[dict]:
    """Cities in the index (most listings first) whose name starts with ``prefix``."""
    matches = []
    for place in gen.lexicon("city"):
        if _normal(place).startswith(prefix):
            ids, _tf = gen.postings("city", place, scored=False)
            count = gen.doc_frequency(ids)
            if count:
                matches.append((-count, place))
    matches.sort()
    return [{"label": place, "kind": "place"} for _c, place in matches[:MAX_PLACES]]


def practitioner_suggestions(gen: Generation, prefix: str, limit: int) -> list[dict]:
    """Practitioners whose name or clinic words start with the typed words (best rated first)."""
    terms = [w[:PREFIX_LONGEST] for w in prefix.split()]
    if not terms or limit <= 0:
        return []
    mask = gen.live.copy()
    for term in terms:
        ids, _tf = gen.postings("complete", term, scored=False)
        hit = np.zeros(gen.size, dtype=bool)
        hit[ids] = True
        mask &= hit
    docs = np.flatnonzero(mask)
    if not len(docs):
        return []
    total = gen.column("rating_sum")[docs]
    count = gen.column("rating_count")[docs]
    bayes = (5 * 4.0 + total) / (5 + count)
    best = docs[np.argsort(-bayes, kind="stable")[:limit]]
    out = []
    for docnum in best:
        row = gen.row(docnum)
        place = ", ".join(p for p in (row.get("city"), row.get("state")) if p)
        clinic = row.get("clinic") or ""
        detail = ", ".join(p for p in (clinic, place) if p)
        label = f"{row.get('name', '')} — {detail}" if detail else row.get("name", "")
        out.append({"label": label, "url_slug": row.get("slug", ""), "kind": "practitioner"})
    return out


def suggest(gen: Generation, text: str, limit: int = 8) -> list[dict]:
    """Mixed autocomplete entries for what the user has typed so far."""
    prefix = _normal(text or "")[:100]
    if len(prefix) < 2 or limit <= 0:
        return []
    out = concept_suggestions(prefix) + place_suggestions(gen, prefix)
    out = out[:limit]
    out += practitioner_suggestions(gen, prefix, limit - len(out))
    return out[:limit]
