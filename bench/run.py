"""``make bench``: import and reindex rates, search latency beside tantivy, PostgreSQL full-text
and a tuned SQLite FTS5 (interleaved per query, bench/compare.py), search-page throughput and
memory. Writes bench/results.json and prints the tables.

    .venv/bin/python -m bench.run                      # 10,000 and 100,000 listings
    .venv/bin/python -m bench.run --sizes 10000        # a quick run
    .venv/bin/python -m bench.run --only engines --sizes 1000000   # the engine table alone
    .venv/bin/python -m bench.run --only npi --rows 1000000   # `flask import npi` alone
    .venv/bin/python -m bench.run --only import --sizes 100000  # the import, index present
    .venv/bin/python -m bench.run --only engines --sizes 1000000 --engines needlewise,tantivy
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

from bench import compare, corpus, fts5, nppes, stages
from bench.report import print_engines, print_npi, print_table

ROOT = Path(__file__).resolve().parent
WORK = ROOT / "work"
RESULTS = ROOT / "results.json"


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--passes", type=int, default=3, help="timed passes over the queries")
    parser.add_argument("--http-seconds", type=float, default=15.0, help="load per server")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight")
    parser.add_argument("--import-lines", type=int, default=0,
                        help="lines imported through `flask import practitioners` with the "
                             "index present (default: the whole corpus)")  # fmt: skip
    parser.add_argument("--procs", type=int, default=2, help="writer processes for reindex")
    parser.add_argument("--port", type=int, default=5870)
    parser.add_argument("--skip-http", action="store_true", help="no gunicorn measurements")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--only", choices=["search", "engines", "npi", "import"],
                        help="one part only (engines: reindex + engine table; import: "
                             "`flask import practitioners` with the index present)")  # fmt: skip
    parser.add_argument("--engines", default=",".join(compare.ENGINES),
                        help="engines of the side-by-side table (comma-separated)")  # fmt: skip
    parser.add_argument("--rows", type=int, default=1_000_000,
                        help="rows of the generated NPPES file for `flask import npi`")  # fmt: skip
    return parser.parse_args()


def command() -> str:
    """This run's command line, as results.json records it."""
    return " ".join([".venv/bin/python -m bench.run", *sys.argv[1:]])


def run_size(n: int, opts: argparse.Namespace) -> dict:
    """Every measurement for one corpus size."""
    print(f"\n== {n:,} listings", flush=True)
    result: dict = {"listings": n}
    started = time.perf_counter()
    corpus.import_path(n)
    if opts.only == "import":  # merged beside the other figures of this size in results.json
        lines = min(n, opts.import_lines or n)
        return {"listings": n, "import": {**stages.measure_import(n, lines, WORK),
                                          "command": command()}}  # fmt: skip
    docs = list(corpus.search_documents(n))
    result["corpus_seconds"] = round(time.perf_counter() - started, 1)
    if not opts.skip_import and opts.only != "engines":
        result["import"] = stages.measure_import(n, min(n, opts.import_lines or n), WORK)
    index_dir = WORK / f"index-{n}"
    result["reindex"] = stages.measure_reindex(docs, index_dir, opts.procs)
    fts5_db = WORK / f"fts5-{n}.db"
    wanted = tuple(e.strip() for e in opts.engines.split(",") if e.strip())
    if "fts5" in wanted or opts.only != "engines":
        begun = time.perf_counter()
        fts5.build(fts5_db, docs)
        result["fts5_build_seconds"] = round(time.perf_counter() - begun, 1)
    del docs
    result["engines"] = compare.measure(n, WORK, index_dir, fts5_db, opts.passes, wanted)
    if opts.only == "engines":  # merged beside the other figures of this size in results.json
        engines = {**result["engines"], "command": command(), "reindex": result["reindex"],
                   "seconds": round(time.perf_counter() - started, 1)}  # fmt: skip
        return {"listings": n, "engines": engines}
    app_db = stages.prepare_app_db(WORK / f"app-{n}.db")
    result["latency"] = stages.measure_latency(index_dir, fts5_db, app_db, opts.passes)
    result["change_visible"] = stages.measure_change_visibility(index_dir, n)
    if not opts.skip_http:
        result["http"] = stages.measure_http(index_dir, fts5_db, app_db, opts)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _write(results: dict) -> None:
    """Merge this run into results.json as it is now (another run for another size may have
    written it meanwhile): figures measured here replace theirs, everything else is kept."""
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    merged = dict(previous.get("sizes", {}))
    for size, figures in results["sizes"].items():
        merged[size] = {**merged.get(size, {}), **figures}
    RESULTS.write_text(json.dumps({**previous, **results, "sizes": merged}, indent=2) + "\n")


def main() -> None:
    opts = options()
    WORK.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in opts.sizes.split(",") if s.strip()]
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": os.getloadavg(),
        },
        "command": command(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "sizes": {},
    }
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if opts.only == "npi":  # keep the search figures of the last full run
        results = {**previous, "npi": nppes.measure(opts.rows, WORK)}
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        print_npi(results["npi"])
        print(f"\nwritten: {RESULTS}")
        return
    for n in sizes:
        results["sizes"][str(n)] = run_size(n, opts)
        _write(results)
    if opts.only is None:
        results["npi"] = nppes.measure(opts.rows, WORK)
    results["machine"]["load_average_at_end"] = os.getloadavg()
    _write(results)
    if opts.only == "import":
        print(json.dumps({n: r["import"] for n, r in results["sizes"].items()}, indent=1))
        print(f"\nwritten: {RESULTS}")
        return
    if opts.only != "engines":
        print_table(results)
    print_engines(results["sizes"])
    if "npi" in results:
        print_npi(results["npi"])
    print(f"\nwritten: {RESULTS}")


if __name__ == "__main__":
    main()
