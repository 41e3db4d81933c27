"""Worker memory as production runs it: gunicorn ``--preload`` with 4 workers (the Procfile's
shape) serving the benchmark index of ``--size`` listings, every worker warmed by the search
page and the API over the whole query set, then each worker's resident memory read.

    .venv/bin/python -m bench.memory --size 100000     # needs bench/work/index-100000
                                                       # (make bench, or bench.compare --size N)

Stored in bench/results.json under ``memory``. RSS counts pages shared copy-on-write with the
master (the places table, imported modules) in every worker; PSS shares them out and is what
the workers cost together, so both are reported. RSS is also split into each worker's own
(anonymous) memory and its pages of mapped files: the postings tables are memory-mapped, so a
worker's RSS counts every table page it has read, although all workers share one copy of each
in the page cache.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench import load, stages
from bench.load_run import record
from bench.queries import QUERIES

WORK = Path(__file__).resolve().parent / "work"


def worker_memory(server: load.Gunicorn) -> list[dict]:
    """RSS and PSS (MB) of each worker of ``server``."""
    return [
        {
            "rss_mb": round(load.proc_kb(pid, "status", "VmRSS:") / 1024, 1),
            "pss_mb": round(load.proc_kb(pid, "smaps_rollup", "Pss:") / 1024, 1),
            # RSS split: the process's own memory, and pages of mapped files (the postings
            # tables), which every worker shares and the kernel may drop and read again
            "rss_anon_mb": round(load.proc_kb(pid, "status", "RssAnon:") / 1024, 1),
            "rss_file_mb": round(load.proc_kb(pid, "status", "RssFile:") / 1024, 1),
        }
        for pid in server.worker_pids()
    ]


def measure(size: int, workers: int, seconds: float, port: int) -> dict:
    """Start, warm and weigh the workers for one index size."""
    index_dir = WORK / f"index-{size}"
    if not index_dir.exists():
        sys.exit(f"{index_dir} is missing: run `python -m bench.compare --size {size}` first")
    app_db = stages.prepare_app_db(WORK / f"memory-{size}.db")
    env = {**stages.app_env(app_db, index_dir), "BENCH_RESULT_CACHE": "0"}
    paths = [load.path_for("/search", q) for q in QUERIES]
    paths += [load.path_for(stages.API, q) for q in QUERIES]
    with load.Gunicorn("bench.wsgi:app", port, env, workers=workers, preload=True) as server:
        # Enough requests in flight that every worker serves every kind of query.
        traffic = load.load(port, paths, seconds, concurrency=workers * 2)
        memory = worker_memory(server)
    rss = [w["rss_mb"] for w in memory]
    out = {
        "command": " ".join([".venv/bin/python -m bench.memory", *sys.argv[1:]]),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "workers": memory,
        "max_rss_mb": max(rss),
        "max_rss_anon_mb": max(w["rss_anon_mb"] for w in memory),
        "total_pss_mb": round(sum(w["pss_mb"] for w in memory), 1),
        "warm_up": traffic,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(out, indent=1), flush=True)
    return out


def main() -> None:
    """Command line: measure one size and record it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=5871)
    args = parser.parse_args()
    record("memory", args.size, measure(args.size, args.workers, args.seconds, args.port))


if __name__ == "__main__":
    main()
