"""Text + filters + sort + facets + highlights + suggestion -> one ResultPage.

Matching and scoring run on numpy arrays over the cached postings of ``gen.py``: every clause
(a free word, a concept, a device) must match; a clause's score is BM25 summed over the text
fields with per-field weights (name, clinic > tags > bio), plus a bonus when the listing is
tagged with the concept. Only the requested page is ranked (a partial sort), totals and facets
are exact counts over the whole filtered set.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np

from search import spelling
from search.analysis import concept_term, stem
from search.filters import filter_parts, validate
from search.generation import Generation
from search.geo import haversine_km_many
from search.highlight import highlight
from search.model import Hit, ResultPage, SearchQuery
from search.schema import COORD_SCALE, FACETS, NO_COORD, TEXT_FIELDS, verified_on
from search.understanding import Understanding, read_device_prefixes, understand

K1, B = 1.2, 0.75
TAG_WEIGHT = {"treatment": 2.0, "concern": 2.0, "device": 2.0}
TAG_FIELD = {"treatment": "treatments", "concern": "concerns", "device": "devices"}
RATING_PRIOR_WEIGHT = 5  # C of the Bayesian average
FEW_RESULTS = 3  # fewer exact results than this tries spelling corrections


@dataclass
class Clause:
    """One thing every result must match: (field, term, weight, scored-as-text) alternatives."""

    terms: list[tuple[str, str, float, bool]]


def word_clause(word: str) -> Clause:
    terms = [(f, word if f == "place" else stem(word), w, True) for f, w in TEXT_FIELDS.items()]
    return Clause(terms)


def concept_clause(group: list[tuple[str, str]]) -> Clause:
    terms = []
    for kind, slug in group:
        terms += [(f, concept_term(slug), w, True) for f, w in TEXT_FIELDS.items() if f != "place"]
        terms.append((TAG_FIELD[kind], slug, TAG_WEIGHT[kind], False))
    return Clause(terms)


def clauses_of(u: Understanding) -> list[Clause]:
    out = [word_clause(w) for w in u.free_words]
    out += [concept_clause(g) for g in u.concepts]
    if u.professions:
        out.append(Clause([("profession", p, 0.0, False) for p in u.professions]))
    return out


# A posting list this long has its BM25 term-frequency parts kept for the generation: the
# commonest terms (every query for micro-needling reads one of about a million postings)
# then cost a multiply-add instead of a length look-up and five array operations.
REMEMBER_FROM = 50_000


def _tf_parts(gen: Generation, field: str, term: str, ids: np.ndarray,
              tf: np.ndarray) -> np.ndarray:  # fmt: skip
    """BM25's saturated, length-normalised term frequency of each posting (without idf)."""

    def build() -> np.ndarray:
        norm = K1 * (1 - B + B * gen.lengths(field, ids) / gen.avg_length(field))
        return ((K1 + 1) * tf / (tf + norm)).astype(np.float32, copy=False)

    if len(ids) < REMEMBER_FROM:
        return build()
    return gen.remember(("bm25_tf", field, term), build)


def match(gen: Generation, clauses: list[Clause], base: np.ndarray):
    """(mask, scores): documents of ``base`` matching every clause, with their BM25F scores
    (meaningless outside the mask)."""
    mask = base.copy()
    scores = np.zeros(gen.size, dtype=np.float32)
    scored: list[tuple[str, str, float, bool, np.ndarray, np.ndarray | None]] = []
    for clause in clauses:
        clause_mask = np.zeros(gen.size, dtype=bool)
        for field, term, weight, as_text in clause.terms:
            ids, tf = gen.postings(field, term, scored=as_text)
            if not len(ids):
                continue
            clause_mask[ids] = True
            if weight:
                scored.append((field, term, weight, as_text, ids, tf))
        mask &= clause_mask
        if not mask.any():
            return mask, scores
    # Scored once every clause matched something. Documents outside the mask get scores too:
    # picking the matched ones out of a long posting list costs more than adding to all.
    n = max(1, gen.count)
    for field, term, weight, as_text, ids, tf in scored:
        df = gen.term_frequency(field, term, ids)
        if not df:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        if as_text and tf is not None:
            scores[ids] += (weight * idf) * _tf_parts(gen, field, term, ids, tf)
        else:
            scores[ids] += weight * idf
    return mask, scores


def _filters_mask(gen: Generation, q: SearchQuery) -> np.ndarray:
    mask = gen.live
    for part in filter_parts(q):
        mask = mask & gen.mask(part)
    return mask


def _distances(gen: Generation, q: SearchQuery, docs: np.ndarray) -> np.ndarray:
    assert q.near is not None  # only called for a query with an origin
    lats = gen.column("lat_e5")[docs]
    lons = gen.column("lon_e5")[docs]
    dist = haversine_km_many(q.near[0], q.near[1], lats / COORD_SCALE, lons / COORD_SCALE)
    dist[(lats == NO_COORD) | (lons == NO_COORD)] = np.inf
    return dist


def _bayes(gen: Generation, q: SearchQuery, docs: np.ndarray) -> np.ndarray:
    """Each document's Bayesian average rating (kept for the generation, per prior)."""

    def build() -> np.ndarray:
        total = gen.column("rating_sum")
        count = gen.column("rating_count")
        prior = RATING_PRIOR_WEIGHT * q.rating_prior_mean
        return (prior + total) / (RATING_PRIOR_WEIGHT + count)

    return gen.remember(("bayes", q.rating_prior_mean), build)[docs]


def _missing_last(values: np.ndarray) -> np.ndarray:
    return np.where(values < 0, np.inf, values.astype(np.float64))


def sort_key(gen, q: SearchQuery, docs, scores, dist, has_text: bool) -> np.ndarray:
    """One float key per document, smaller first; the secondary order (better Bayesian
    rating first) is folded in at a scale that cannot change the primary order."""
    bayes = _bayes(gen, q, docs)
    if q.sort == "relevance" and has_text:
        return -scores[docs].astype(np.float64) - bayes * 1e-4
    if q.sort in ("relevance", "rating"):
        count = gen.column("rating_count")[docs]
        return -bayes - np.minimum(count, 100_000) * 1e-9
    if q.sort == "price":
        return _missing_last(gen.column("price_min")[docs]) + (5 - bayes) / 10
    if q.sort == "experience":
        return _missing_last(gen.column("since")[docs]) + (5 - bayes) / 10
    return dist + (5 - bayes) * 1e-6


# Every SAMPLE_STEP-th key is searched first when there are at least SAMPLE_STEP * 4 keys per
# wanted one: a full partition of a million keys took 13 ms, the sample and the pass that
# keeps the keys under its bound about 3.
SAMPLE_STEP = 64


def top(keys: np.ndarray, limit: int) -> np.ndarray:
    """Indices of the ``limit`` smallest keys in order; ties keep document order."""
    if limit < len(keys):
        pool = None
        if len(keys) >= SAMPLE_STEP * 4 * limit:
            # The limit-th smallest key of a sample is at least the limit-th smallest of all,
            # so every key of the answer (ties at the cut included) is at most that bound.
            bound = np.partition(keys[::SAMPLE_STEP], limit - 1)[limit - 1]
            pool = np.flatnonzero(keys <= bound)
        candidates = keys if pool is None else keys[pool]
        cut = np.partition(candidates, limit - 1)[limit - 1]
        below = np.flatnonzero(candidates < cut)
        tied = np.flatnonzero(candidates == cut)[: limit - len(below)]
        chosen = np.sort(np.concatenate([below, tied]))
        if pool is not None:
            chosen = pool[chosen]
    else:
        chosen = np.arange(len(keys))
    return chosen[np.argsort(keys[chosen], kind="stable")][:limit]


def _ordered(values: list[str], counts: np.ndarray) -> dict[str, int]:
    pairs = [(values[i], int(counts[i])) for i in np.flatnonzero(counts)]
    pairs.sort(key=lambda vc: (-vc[1], vc[0]))
    return dict(pairs)


def facet_counts(gen: Generation, mask: np.ndarray, docs: np.ndarray) -> dict[str, dict[str, int]]:
    """Counts of each facet value over the matched documents ``docs`` (``mask`` as booleans),
    largest first: nothing to count for no result, the per-generation totals for the whole
    corpus, the generation's facet bit matrix otherwise."""
    if not len(docs):
        return {name: {} for name in FACETS}
    facets = gen.facet_bits()
    # the matched set is a subset of the live set: of the same size, they are equal
    counts = facets.full if len(docs) == gen.count else facets.count(mask, docs)
    return {
        name: _ordered(values, counts[first : first + len(values)])
        for name, (values, first) in facets.groups.items()
    }


def _hit(row: dict, q: SearchQuery, distance: float | None, snippet: str) -> Hit:
    count = int(row.get("rating_count") or 0)
    since = row.get("practicing_since")
    return Hit(
        id=int(row["id"]), slug=row.get("slug", ""), external_id=row.get("external_id"),
        name=row.get("name", ""), credentials=row.get("credentials") or "",
        profession=row.get("profession") or "other", clinic=row.get("clinic") or "",
        city=row.get("city") or "", state=row.get("state") or "",
        postal_code=row.get("postal_code") or "", verified=verified_on(row, q.today),
        rating_average=round(row["rating_sum"] / count, 1) if count else None,
        rating_count=count, price_min=row.get("price_min"), price_max=row.get("price_max"),
        currency=row.get("currency") or "USD",
        years_experience=max(0, q.today_year - since) if since else None,
        distance_km=None if distance is None or not math.isfinite(distance)
        else round(distance, 1),
        lat=row.get("lat"), lon=row.get("lon"), treatments=list(row.get("treatments") or []),
        concerns=list(row.get("concerns") or []), devices=list(row.get("devices") or []),
        highlight=snippet,
    )  # fmt: skip


def _corrected(gen: Generation, u: Understanding) -> tuple[str, dict[str, str]]:
    fixes = {w: c for w in u.free_words if (c := spelling.correct(gen, w))}
    text = u.remaining_text
    for wrong, right in fixes.items():
        text = re.sub(rf"(?i)(?<![^\W_]){re.escape(wrong)}(?![^\W_])", right, text)
    return text, fixes


def _known(gen: Generation, word: str) -> bool:
    return any(gen.term_frequency(f, t) for f, t, _w, _s in word_clause(word).terms)


def _fallback(gen: Generation, u: Understanding, base, mask, scores, ignore: list[str]):
    """Few exact results: try spelling corrections, then ignore words the index never saw."""
    suggestion = None
    text, fixes = _corrected(gen, u)
    if fixes:
        better = understand(text, ignore)
        read_device_prefixes(better, lambda word: _known(gen, word), ignore)
        # The corrected text no longer holds the place or price cut from it: keep them.
        better.near_text, better.max_price = u.near_text, u.max_price
        better_mask, better_scores = match(gen, clauses_of(better), base)
        if np.count_nonzero(better_mask) > np.count_nonzero(mask):
            u, mask, scores, suggestion = better, better_mask, better_scores, text
    known = [w for w in u.free_words if _known(gen, w)]
    if len(known) < len(u.free_words) and (known or u.concepts or u.professions):
        fewer = replace(u, free_words=known)
        fewer_mask, fewer_scores = match(gen, clauses_of(fewer), base)
        if np.count_nonzero(fewer_mask) > np.count_nonzero(mask):
            u, mask, scores = fewer, fewer_mask, fewer_scores
    return u, mask, scores, suggestion


def with_text_filters(q: SearchQuery, u: Understanding) -> SearchQuery:
    """The query with the filters its text asked for ("dark skin", "under 300") added."""
    if not u.darker_skin and u.max_price is None:
        return q
    price = q.max_price
    if u.max_price is not None:
        price = u.max_price if price is None else min(price, u.max_price)
    return replace(q, darker_skin=q.darker_skin or u.darker_skin, max_price=price)


def run(gen: Generation, q: SearchQuery) -> ResultPage:
    """Execute a validated query against one generation."""
    validate(q)
    u = understand(q.text, q.ignore)
    read_device_prefixes(u, lambda word: _known(gen, word), q.ignore)
    base = _filters_mask(gen, with_text_filters(q, u))
    mask, scores = match(gen, clauses_of(u), base)
    suggestion = None
    if u.free_words and int(np.count_nonzero(mask)) < FEW_RESULTS:
        u, mask, scores, suggestion = _fallback(gen, u, base, mask, scores, q.ignore)
    docs = np.flatnonzero(mask)
    dist = None
    if q.near is not None:
        dist = _distances(gen, q, docs)
        inside = dist <= q.radius_km
        docs, dist = docs[inside], dist[inside]
        mask = np.zeros(gen.size, dtype=bool)
        mask[docs] = True
    total = len(docs)
    start = (q.page - 1) * q.per_page
    hits: list[Hit] = []
    if start < total:
        keys = sort_key(gen, q, docs, scores, dist, bool(u.free_words or u.concepts))
        stems = {stem(w) for w in u.free_words}
        concepts = {slug for g in u.concepts for _k, slug in g}
        for i in top(keys, start + q.per_page)[start:]:
            row = gen.row(docs[i])
            snippet = highlight(row.get("bio") or "", stems, concepts) if q.highlights else ""
            hits.append(_hit(row, q, None if dist is None else float(dist[i]), snippet))
    return ResultPage(
        total=total, page=q.page, per_page=q.per_page, suggestion=suggestion,
        facets=facet_counts(gen, mask, docs), hits=hits, understood=u.understood,
        near_text=u.near_text,
    )  # fmt: skip
