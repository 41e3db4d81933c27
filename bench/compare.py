"""Needlewise beside its baselines (tantivy, PostgreSQL full-text, tuned SQLite FTS5), measured
interleaved: each query runs on every engine before the next query, the engines' order rotating
from query to query, so a burst of load from other work on the machine lands on all engines
alike. The 1-minute load average is read at every pass and reported beside the figures.

    .venv/bin/python -m bench.compare --size 10000     # build what is missing, print the table
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from bench import load, params
from bench.queries import QUERIES

Engine = Callable[[dict], object]
# Queries whose totals every engine must agree on: filters and places only, no words (the
# baselines match words as typed; search/ adds synonyms, concepts and typo fallbacks).
AGREEMENT_QUERIES: list[dict] = [
    {"treatment": ["microneedling"]},
    {"treatment": ["prp_microneedling"], "concern": ["acne_scars"]},
    {"concern": ["hyperpigmentation"], "skin_type": "5"},
    {"device": ["skinpen_precision"], "min_rating": "4.5"},
    {"profession": "dermatologist", "treatment": ["rf_microneedling"]},
    {"near": "Houston, TX", "radius_km": "25"},
    {"near": "Dallas, TX", "sort": "distance"},
    {"sort": "rating", "verified": "true"},
    {"treatment": ["microneedling"], "max_price": "200", "near": "10001"},
]


ENGINES = ("needlewise", "tantivy", "postgresql", "fts5")


def engines_for(size: int, work: Path, needlewise_dir: Path, fts5_db: Path,
                wanted: tuple[str, ...] = ENGINES) -> dict[str, object]:  # fmt: skip
    """Every engine that can run here, each answering ``search(SearchQuery)``: the tantivy index
    and PostgreSQL table are built afresh from the same documents (the FTS5 database when
    missing: ``bench.run`` has just built it); an engine whose
    dependency is missing (no ``bench`` extra, no PostgreSQL server) is left out with a note,
    and so is one not ``wanted`` (at 1,000,000 listings the two slow baselines take 20 minutes)."""
    from bench import corpus, fts5, pg
    from bench.fts5 import Fts5Index
    from search import SearchIndex

    out: dict[str, object] = {"needlewise": SearchIndex(str(needlewise_dir))}
    if "tantivy" in wanted:
        try:
            from bench import tantivy_engine
        except ImportError:
            print("tantivy: not installed (pip install -e '.[bench]'); left out", flush=True)
        else:
            path = work / f"tantivy-{size}"
            _built("tantivy", lambda: tantivy_engine.build(path, corpus.search_documents(size)))
            out["tantivy"] = tantivy_engine.TantivyIndex(path)
    if "postgresql" not in wanted:
        pass
    elif pg.available():
        table = pg.table_for(size)
        _built("postgresql", lambda: pg.build(table, corpus.search_documents(size)))
        out["postgresql"] = pg.PgIndex(table)
    else:
        print(f"postgresql: no server at {pg.SERVER}; left out", flush=True)
    if "fts5" in wanted:
        if not fts5_db.exists():
            _built("fts5", lambda: fts5.build(fts5_db, corpus.search_documents(size)))
        out["fts5"] = Fts5Index(fts5_db)
    return out


def _built(name: str, build: Callable[[], int]) -> None:
    started = time.perf_counter()
    count = build()
    print(f"{name}: built {count:,} in {time.perf_counter() - started:.1f}s", flush=True)


def totals(engines: dict[str, object], queries: list[dict]) -> dict[str, list[int]]:
    """Each engine's total for each query, in query order."""
    return {
        name: [engine.search(params.to_query(q)).total for q in queries]  # type: ignore[attr-defined]
        for name, engine in engines.items()
    }


def disagreements(found: dict[str, list[int]], queries: list[dict]) -> list[str]:
    """One line per query whose totals differ between engines (empty: they all agree)."""
    lines = []
    for i, query in enumerate(queries):
        seen = {name: counts[i] for name, counts in found.items()}
        if len(set(seen.values())) > 1:
            lines.append(f"{query}: {seen}")
    return lines


def interleaved(engines: dict[str, object], passes: int, queries: list[dict] = QUERIES) -> dict:
    """p50/p95 per engine over ``passes`` passes of the queries after one warm-up pass, every
    query on every engine in a rotating order; with the load averages seen."""
    names = list(engines)
    runs: dict[str, Engine] = {
        name: (lambda q, e=engine: params.run_query(e, q)) for name, engine in engines.items()
    }
    for query in queries:  # warm-up, not measured
        for name in names:
            runs[name](query)
    latencies: dict[str, list[float]] = {name: [] for name in names}
    loads = []
    turn = 0
    for _ in range(passes):
        loads.append(os.getloadavg()[0])
        for query in queries:
            turn += 1
            for name in names[turn % len(names) :] + names[: turn % len(names)]:
                started = time.perf_counter()
                runs[name](query)
                latencies[name].append(time.perf_counter() - started)
    loads.append(os.getloadavg()[0])
    out: dict = {
        name: {
            "p50_ms": round(load.percentile(values, 0.5) * 1000, 1),
            "p95_ms": round(load.percentile(values, 0.95) * 1000, 1),
            "requests": len(values),
        }
        for name, values in latencies.items()
    }
    out["load_average"] = {"min": round(min(loads), 2), "max": round(max(loads), 2)}
    return out


def measure(size: int, work: Path, needlewise_dir: Path, fts5_db: Path, passes: int,
            wanted: tuple[str, ...] = ENGINES) -> dict:  # fmt: skip
    """The side-by-side figures for one corpus size, with the agreement check's result."""
    engines = engines_for(size, work, needlewise_dir, fts5_db, wanted)
    try:
        found = totals(engines, AGREEMENT_QUERIES)
        out = interleaved(engines, passes)
    finally:
        for engine in engines.values():
            engine.close()  # type: ignore[attr-defined]
    out["engines"] = list(engines)
    out["agreement"] = disagreements(found, AGREEMENT_QUERIES) or "all totals equal"
    print(f"engines at {size:,}: {out}", flush=True)
    return out


def main() -> None:
    """Build what is missing for one size and print the side-by-side table."""
    from bench import corpus, stages
    from bench.report import print_engines
    from bench.run import WORK

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--passes", type=int, default=3)
    opts = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    index_dir = WORK / f"index-{opts.size}"
    if not index_dir.exists():
        stages.measure_reindex(list(corpus.search_documents(opts.size)), index_dir, procs=2)
    result = measure(opts.size, WORK, index_dir, WORK / f"fts5-{opts.size}.db", opts.passes)
    print_engines({str(opts.size): {"engines": result}})


if __name__ == "__main__":
    main()
