"""What bio snippets cost: ``SearchIndex.search`` with and without highlights, same queries.

    .venv/bin/python -m bench.snippets [--size 100000]

Builds the benchmark corpus into a fresh index, warms it, then alternates passes with and
without snippets (two of each), prints p50/p95 in milliseconds per pass and records them in
``bench/results.json`` under ``snippets``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.corpus import search_documents
from search import SearchIndex, SearchQuery

QUERIES = ["microneedling", "acne scars", "fine lines texture", "prp microneedling",
           "stretch marks", "nurse injector", "hyperpigmentation peel", "scalp hair loss",
           "skinpen", "gentle studio", "microneedling near 85004"]  # fmt: skip
ROUNDS = 7


def main() -> None:
    """Build, warm, and time the passes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    size = parser.parse_args().size
    with tempfile.TemporaryDirectory() as work:
        index = SearchIndex(f"{work}/index")
        started = time.perf_counter()
        index.rebuild(search_documents(size), last_seq=0)
        print(f"built {size:,} listings in {time.perf_counter() - started:.0f} s", flush=True)
        for text in QUERIES:
            index.search(SearchQuery(text=text))
        passes = []
        for snippets in (True, False, True, False):
            samples = []
            for _ in range(ROUNDS):
                for text in QUERIES:
                    begun = time.perf_counter()
                    index.search(SearchQuery(text=text, highlights=snippets))
                    samples.append(time.perf_counter() - begun)
            ordered = sorted(samples)
            p50 = statistics.median(ordered) * 1000
            p95 = ordered[int(0.95 * len(ordered))] * 1000
            print(f"snippets {'on ' if snippets else 'off'}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
            passes.append({"snippets": snippets, "p50_ms": round(p50, 2), "p95_ms": round(p95, 2)})
        index.close()
    _record(size, passes)


def _record(size: int, passes: list[dict]) -> None:
    path = Path(__file__).with_name("results.json")
    results = json.loads(path.read_text()) if path.exists() else {}
    results.setdefault("snippets", {})[str(size)] = {
        "command": f".venv/bin/python -m bench.snippets --size {size}",
        "queries": len(QUERIES),
        "rounds": ROUNDS,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "passes": passes,
    }
    path.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
