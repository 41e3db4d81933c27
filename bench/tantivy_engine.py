"""The tantivy baseline (the Rust engine through its Python binding): the near-limit anchor.

Bench-only: ``tantivy`` is in the ``bench`` extra of pyproject.toml, never imported by the app.
Same documents and query semantics as the other baselines (bench/baseline.py): every typed word
must match one of name, clinic, device names or bio (English stemming, BM25 with field boosts
3/2/1.5/1); filters are term and fast-field range queries in the same boolean query; sorts other
than relevance order by fast fields; facets are one terms aggregation. A place is a bounding-box
range query, then the exact distance of the box's hits is computed from the lat/lon fast fields
(the binding has no geo query), and facets of a near query are aggregated over exactly the
listings inside the radius (a term-set query on their ids).
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import tantivy

from bench import baseline
from search import ResultPage, SearchDocument, SearchQuery
from search.geo import bounding_box, haversine_km_many

TEXT_BOOSTS = {"name": 3.0, "clinic": 2.0, "tags": 1.5, "bio": 1.0}
KEYWORDS = ("treatments", "concerns", "devices", "skin_types", "profession")
MISSING_LAST = 10**9  # sorts a listing without a price or start year after every real one
FIELD_SORTS = {  # sort -> (fast field, order)
    "rating": ("bayes", tantivy.Order.Desc),
    "price": ("price_min", tantivy.Order.Asc),
    "experience": ("since", tantivy.Order.Asc),
}


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in TEXT_BOOSTS:
        builder.add_text_field(name, tokenizer_name="en_stem")
    for name in KEYWORDS:  # raw terms, fast for the facet aggregation
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    for name in ("verified_until", "rating_avg100", "price_min", "since"):
        builder.add_integer_field(name, indexed=True, fast=True)
    for name in ("bayes", "lat", "lon"):
        builder.add_float_field(name, indexed=True, fast=True)
    builder.add_bytes_field("row", stored=True)
    return builder.build()


def build(path: Path, documents: Iterable[SearchDocument]) -> int:
    """A fresh tantivy index of the documents in ``path``; returns the count."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    index = tantivy.Index(_schema(), path=str(path))
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    count = 0
    for doc in documents:
        writer.add_document(tantivy.Document(
            id=doc["id"], name=f"{doc['name']} {doc['credentials']}", clinic=doc["clinic"],
            tags=" ".join(doc["device_names"]), bio=doc["bio"], treatments=doc["treatments"],
            concerns=doc["concerns"], devices=doc["devices"],
            skin_types=[str(s) for s in doc["skin_types"]], profession=doc["profession"],
            verified_until=baseline.verified_until_ordinal(doc),
            rating_avg100=baseline.rating_avg100(doc),
            price_min=MISSING_LAST if doc["price_min"] is None else doc["price_min"],
            since=MISSING_LAST if doc["practicing_since"] is None else doc["practicing_since"],
            bayes=baseline.bayes(doc), lat=math.nan if doc["lat"] is None else doc["lat"],
            lon=math.nan if doc["lon"] is None else doc["lon"],
            row=json.dumps(doc).encode(),
        ))  # fmt: skip
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return count


class TantivyIndex:
    """Read-only search over an index made by ``build``."""

    def __init__(self, path: str | Path) -> None:
        self.index = tantivy.Index.open(str(path))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def _int_range(self, field: str, low: int | None, high: int | None) -> tantivy.Query:
        return tantivy.Query.range_query(self.schema, field, tantivy.FieldType.Integer, low, high)

    def _float_range(self, field: str, low: float, high: float) -> tantivy.Query:
        return tantivy.Query.range_query(self.schema, field, tantivy.FieldType.Float, low, high)

    def _query(self, q: SearchQuery, terms: list[str]) -> tantivy.Query:
        must: list[tantivy.Query] = []
        if terms:
            must.append(self.index.parse_query(" ".join(terms), list(TEXT_BOOSTS),
                                               field_boosts=TEXT_BOOSTS,
                                               conjunction_by_default=True))  # fmt: skip
        for field, values in (("treatments", q.treatments), ("concerns", q.concerns),
                              ("devices", q.devices)):  # fmt: skip
            must += [tantivy.Query.term_query(self.schema, field, v) for v in values]
        if q.profession:
            must.append(tantivy.Query.term_query(self.schema, "profession", q.profession))
        if q.skin_type is not None:
            must.append(tantivy.Query.term_query(self.schema, "skin_types", str(q.skin_type)))
        if q.verified:
            must.append(self._int_range("verified_until", q.today.toordinal(), None))
        if q.min_rating is not None and q.min_rating > 0:
            must.append(self._int_range("rating_avg100", math.ceil(q.min_rating * 100 - 1e-9),
                                        None))  # fmt: skip
        if q.max_price is not None:
            must.append(self._int_range("price_min", 0, int(q.max_price)))
        if q.near is not None:
            a, b, c, d = bounding_box(q.near[0], q.near[1], q.radius_km)
            must += [self._float_range("lat", a, b), self._float_range("lon", c, d)]
        if not must:
            return tantivy.Query.all_query()
        # Filters score a constant, so BM25 alone orders a text query.
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, m) for m in must])

    def search(self, q: SearchQuery) -> ResultPage:
        """Total, facets and one page, like SearchIndex.search."""
        terms, near_text = baseline.text_terms(q)
        query = self._query(q, terms)
        start = (q.page - 1) * q.per_page
        sort = FIELD_SORTS.get(q.sort) or (None if terms else FIELD_SORTS["rating"])
        if q.near is not None:
            total, facet_query, page = self._near(q, query, sort, start)
        else:
            facet_query = query
            if sort is None:
                result = self.searcher.search(query, limit=q.per_page, offset=start)
            else:
                result = self.searcher.search(query, limit=q.per_page, offset=start,
                                              order_by_field=sort[0], order=sort[1])  # fmt: skip
            total = result.count or 0
            page = [(addr, None) for _key, addr in result.hits]
        hits = []
        for addr, dist in page:
            row = json.loads(self.searcher.doc(addr)["row"][0])
            hits.append(baseline.hit(row, q, dist))
        return ResultPage(
            total=total, page=q.page, per_page=q.per_page, suggestion=None,
            facets=self._facets(facet_query) if total else baseline.empty_facets(), hits=hits,
            understood={}, near_text=near_text,
        )  # fmt: skip

    def _near(self, q: SearchQuery, query, sort, start: int):
        """Every hit of the box, the exact distance from the fast fields, the radius cut."""
        assert q.near is not None
        boxed = self.searcher.search(query, limit=1).count or 0
        if not boxed:
            return 0, query, []
        if sort is None or q.sort == "distance":
            result = self.searcher.search(query, limit=boxed)
        else:
            result = self.searcher.search(query, limit=boxed, order_by_field=sort[0],
                                          order=sort[1])  # fmt: skip
        addrs = [addr for _key, addr in result.hits]
        lats = np.asarray(self.searcher.fast_field_values("lat", addrs), dtype=np.float64)
        lons = np.asarray(self.searcher.fast_field_values("lon", addrs), dtype=np.float64)
        dist = haversine_km_many(q.near[0], q.near[1], lats, lons)
        inside = np.flatnonzero(dist <= q.radius_km)  # hits stay in the engine's order
        if q.sort == "distance":
            inside = inside[np.argsort(dist[inside], kind="stable")]
        chosen = inside[start : start + q.per_page]
        page = [(addrs[i], float(dist[i])) for i in chosen]
        ids = self.searcher.fast_field_values("id", [addrs[i] for i in inside])
        facet_query = tantivy.Query.term_set_query(self.schema, "id", ids)
        return len(inside), facet_query, page

    def _facets(self, query: tantivy.Query) -> dict[str, dict[str, int]]:
        fields = {**baseline.FACET_FIELDS, "profession": "profession"}
        spec = {name: {"terms": {"field": field, "size": 100}} for name, field in fields.items()}
        result = self.searcher.aggregate(query, spec)
        return {
            name: baseline.sorted_counts({b["key"]: b["doc_count"] for b in agg["buckets"]})
            for name, agg in result.items()
        }

    def close(self) -> None:
        """Nothing to release: the binding frees the searcher with the object."""
