"""The load run: two nodes on a private PostgreSQL cluster and a private Redis, a corpus of
``--listings`` listings, and ``--concurrency`` virtual users (bench.traffic) for ``--seconds``.

    .venv/bin/python -m bench.load_run --listings 10000 --seconds 60 --concurrency 16

Reports req/s, p50/p95/p99 per kind, errors and each worker's RSS into bench/results.json
under ``load``, beside the load average (the machine is shared). Rate limits are raised for
this run only (LOAD_LIMITS below: every virtual user comes from 127.0.0.1, so the per-address
login limit would otherwise refuse the run within seconds); CSRF stays on and every form is
fetched for its token. Private servers (bench.cluster) keep the run off the machine's shared
PostgreSQL and Redis.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from bench import cluster, corpus
from bench.cluster import Node, Poller, stack
from bench.traffic import Traffic, Write, summary

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).with_name("results.json")
UNLIMITED = "100000 per minute"
RAISED = ["LOGIN_RATE_LIMIT", "LOGIN_ACCOUNT_RATE_LIMIT", "QUESTION_RATE_LIMIT"]
RAISED.append("REVIEW_RATE_LIMIT")
LOAD_LIMITS = {f"FLASK_{name}": UNLIMITED for name in RAISED}


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages, rounded."""
    return [round(x, 2) for x in os.getloadavg()]


class RssWatch(Poller):
    """Samples every worker's RSS every ``interval`` seconds; keeps each worker's peak."""

    def __init__(self, nodes: list[Node], interval: float = 2.0) -> None:
        super().__init__(interval)
        self.nodes = nodes
        self.peaks: dict[str, dict[int, float]] = {node.name: {} for node in nodes}

    def poll(self) -> None:
        """One sample of every worker."""
        for node in self.nodes:
            try:
                sizes = {pid: cluster.rss_mb(pid) for pid in node.worker_pids()}
            except OSError:  # a worker exited between listing and reading it
                continue
            peaks = self.peaks[node.name]
            for pid, size in sizes.items():
                peaks[pid] = max(peaks.get(pid, 0.0), round(size, 1))

    def report(self) -> dict[str, list[float]]:
        """Each node's workers' peak RSS (MB)."""
        return {name: sorted(peaks.values()) for name, peaks in self.peaks.items()}


def verify_writes(database_url: str, writes: list[Write]) -> dict:
    """Compare the writes users were told were saved with what the database holds.

    ``lost`` must be 0: a write the user saw succeed and that is not there. Writes that failed
    for the user (an error page, a timeout) but were committed anyway are counted apart
    (``saved_though_user_saw_an_error``): the user may send them again, nothing is lost."""
    engine = create_engine(database_url)
    with engine.connect() as conn:
        questions = {row[0].split()[2].rstrip(":") for row in conn.execute(
            text("SELECT body FROM questions WHERE body LIKE 'Load question %'"))}  # fmt: skip
        reviews = {row[0].split()[2] for row in conn.execute(
            text("SELECT title FROM reviews WHERE title LIKE 'Load review %'"))}  # fmt: skip
        bios = dict(conn.execute(text(
            "SELECT slug, bio FROM listings WHERE bio LIKE '%Now offering e%'")).all())  # fmt: skip
    engine.dispose()
    report: dict[str, dict] = {}
    for kind, stored in (("question", questions), ("review", reviews)):
        mine = [w for w in writes if w.kind == kind]
        report[kind] = {
            "attempted": len(mine),
            "told_saved": sum(w.ok for w in mine),
            "lost": sorted(w.marker for w in mine if w.ok and w.marker not in stored),
            "saved_though_user_saw_an_error": sum(
                1 for w in mine if not w.ok and w.marker in stored),
            "refused": sorted({f"{w.status}: {w.why}" for w in mine if not w.ok}),
        }  # fmt: skip
    report["edit"] = _verify_edits([w for w in writes if w.kind == "edit"], bios)
    return report


def _verify_edits(edits: list[Write], bios: dict[str, str]) -> dict:
    """An edit replaces the last: per listing, the bio must carry the marker of the last edit
    the owner was told was saved, or of a later one that was committed though it failed for
    the owner (the owner saw an error; nothing told saved was lost)."""
    lost = []
    for slug in {w.slug for w in edits}:
        mine = sorted((w for w in edits if w.slug == slug), key=lambda w: w.started)
        told = [i for i, w in enumerate(mine) if w.ok]
        if not told:
            continue
        current = bios.get(slug, "")
        if not any(w.marker in current for w in mine[told[-1] :]):
            lost.append(mine[told[-1]].marker)
    return {"attempted": len(edits), "told_saved": sum(w.ok for w in edits), "lost": lost}


def measure(args: argparse.Namespace) -> dict:
    """One load run; its figures."""
    with tempfile.TemporaryDirectory(prefix="needlewise-load-") as tmp:
        base = Path(tmp)
        listings = corpus.import_path(args.listings)
        with stack(listings, base, args.workers, args.concurrency, **LOAD_LIMITS) as running:
            urls = [node.url for node in running.nodes]
            before = load_average()
            traffic = Traffic(urls, running.plan, args.concurrency)
            with RssWatch(running.nodes) as watch:
                seconds = traffic.run(args.seconds)
            after = load_average()
            result = summary(traffic.samples, seconds)
            print(json.dumps(result, indent=1), flush=True)
            writes = verify_writes(running.database_url, traffic.writes)
            rss = {node.name: node.worker_rss_mb() for node in running.nodes}
    return {
        "command": " ".join([".venv/bin/python -m bench.load_run", *sys.argv[1:]]),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "listings": args.listings,
        "concurrency": args.concurrency,
        "nodes": 2,
        "workers_per_node": args.workers,
        "load_average_before": before,
        "load_average_after": after,
        **result,
        "worker_rss_mb_at_end": rss,
        "worker_rss_mb_peak": watch.report(),
        "writes": writes,
    }


def record(key: str, size: int, figures: dict) -> None:
    """Store ``figures`` in bench/results.json under ``key`` and the corpus size."""
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.setdefault(key, {})[str(size)] = figures
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    args = parser.parse_args()
    figures = measure(args)
    record("load", args.listings, figures)
    lost = sum(len(v["lost"]) for v in figures["writes"].values())
    print(
        f"{figures['rps']} req/s, {figures['errors']} errors, {lost} writes lost; "
        f"load average {figures['load_average_before']} -> {figures['load_average_after']}"
    )
    if lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
