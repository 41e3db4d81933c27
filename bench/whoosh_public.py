"""search/ beside Whoosh's own searcher on the same index: why matching and scoring run on numpy.

``python -m bench.whoosh_public [--size N]`` builds the benchmark corpus into a fresh index,
then times text queries two ways over the same segments: ``SearchIndex.search`` (numpy over
the cached postings: BM25F, filters, facets, highlights, the page) and Whoosh's public
``Searcher.search`` with its BM25F weighting (every word in any text field, the top 20 and the
exact total), which computes no facets or highlights. Prints p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from whoosh import query as wq
from whoosh.scoring import BM25F

from bench.corpus import search_documents
from search import SearchIndex, SearchQuery
from search.analysis import stemmed_terms
from search.schema import TEXT_FIELDS

QUERIES = ["microneedling", "acne scars", "fine lines texture", "prp microneedling",
           "stretch marks", "nurse injector", "hyperpigmentation peel", "scalp hair loss",
           "skinpen", "gentle studio"]  # fmt: skip
ROUNDS = 5


def _whoosh_query(text: str) -> wq.Query:
    fields = [name for name in TEXT_FIELDS if name != "place"]
    return wq.And([wq.Or([wq.Term(f, t) for f in fields]) for t in stemmed_terms(text)])


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def main() -> None:
    """Build, warm, measure, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    size = parser.parse_args().size
    with tempfile.TemporaryDirectory() as tmp:
        index = SearchIndex(f"{tmp}/ix")
        index.rebuild(search_documents(size), last_seq=0)
        ix = index._current().ix  # the same generation, opened through Whoosh
        ours, theirs = [], []
        with ix.searcher(weighting=BM25F()) as searcher:
            for text in QUERIES:  # warm both
                index.search(SearchQuery(text=text))
                searcher.search(_whoosh_query(text), limit=20)
            for _ in range(ROUNDS):
                for text in QUERIES:
                    start = time.perf_counter()
                    index.search(SearchQuery(text=text))
                    ours.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    results = searcher.search(_whoosh_query(text), limit=20)
                    len(results)  # the exact total, as a result page shows it
                    theirs.append(time.perf_counter() - start)
        index.close()
    print(f"{size:,} listings, {len(QUERIES)} queries x {ROUNDS}")
    print(f"search/ (numpy over Whoosh storage): {_percentiles(ours)}")
    print(f"Whoosh Searcher.search, BM25F:       {_percentiles(theirs)}")


if __name__ == "__main__":
    main()
