"""The individual measurements of ``bench.run``; each returns a JSON-able dict."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import corpus, load, params
from bench.fts5 import Fts5Index
from bench.queries import QUERIES
from search import SearchIndex, SearchQuery

ROOT = Path(__file__).resolve().parent.parent
FLASK = str(Path(sys.executable).parent / "flask")
API = "/api/v1/practitioners"
PREPARE_DB = (
    "from directory import create_app; from directory.extensions import db; "
    "from directory.services.catalogue import sync_catalogue; app = create_app(); "
    "ctx = app.app_context(); ctx.push(); db.create_all(); sync_catalogue()"
)


def app_env(app_db: Path, index_dir: Path) -> dict[str, str]:
    """Environment for the app (CLI or gunicorn) on the benchmark database and index."""
    return {
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{app_db}",
        "FLASK_SEARCH_INDEX_DIR": str(index_dir),
        "FLASK_RATELIMIT_ENABLED": "false",
        "FLASK_SECRET_KEY": "bench-only-secret",
        "FLASK_SESSION_COOKIE_SECURE": "false",
    }


def project_relative(text: str) -> str:
    """Command output with this checkout's absolute path cut off, so results.json reads the
    same from any clone."""
    return text.replace(f"{ROOT}/", "")


def prepare_app_db(path: Path) -> Path:
    """An empty app database with the catalogue (the search page needs its tables)."""
    path.unlink(missing_ok=True)
    env = {**os.environ, "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
    subprocess.run([sys.executable, "-c", PREPARE_DB], cwd=ROOT, env=env, check=True)
    return path


def measure_import(n: int, lines: int, work: Path) -> dict:
    """`flask import practitioners` on the first ``lines`` records, into a fresh database."""
    probe = subprocess.run([FLASK, "--app", "directory", "import", "practitioners", "--help"],
                           cwd=ROOT, capture_output=True)  # fmt: skip
    if probe.returncode != 0:
        return {"status": "skipped: `flask import practitioners` is not implemented yet"}
    subset = work / f"import-{n}-{lines}.jsonl"
    with corpus.import_path(n).open(encoding="utf-8") as src, subset.open("w") as dst:
        for i, line in enumerate(src):
            if i >= lines:
                break
            dst.write(line)
    db = prepare_app_db(work / f"import-{n}.db")
    env = {**os.environ, **app_env(db, work / f"import-index-{n}")}
    empty_index(env)
    started = time.perf_counter()
    done = subprocess.run([FLASK, "--app", "directory", "import", "practitioners", str(subset)],
                          cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip
    seconds = time.perf_counter() - started
    print(f"import: {lines} lines in {seconds:.1f}s", flush=True)
    return {"status": "ok" if done.returncode == 0 else f"exit {done.returncode}",
            "lines": lines, "seconds": round(seconds, 1), "rate": round(lines / seconds),
            "index": "present, kept current", "indexed": indexed(env),
            "output_tail": project_relative(done.stdout + done.stderr)[-300:]}  # fmt: skip


def empty_index(env: dict[str, str]) -> None:
    """A fresh, empty index for the app of ``env``. An import then keeps it current as on a
    running site; with no index it would skip the upkeep and measure only the database."""
    shutil.rmtree(env["FLASK_SEARCH_INDEX_DIR"], ignore_errors=True)
    subprocess.run([FLASK, "--app", "directory", "search", "reindex"], cwd=ROOT, env=env,
                   check=True, capture_output=True)  # fmt: skip


def indexed(env: dict[str, str]) -> str:
    """`flask search check`'s verdict after the import: every listing searchable, none pending."""
    done = subprocess.run([FLASK, "--app", "directory", "search", "check"], cwd=ROOT, env=env,
                          capture_output=True, text=True)  # fmt: skip
    return project_relative(done.stdout + done.stderr).strip()[-300:]


def measure_reindex(docs: list[dict], index_dir: Path, procs: int) -> dict:
    """SearchIndex.rebuild of every document: wall-clock and CPU rates."""
    index = SearchIndex(str(index_dir))
    before, started = os.times(), time.perf_counter()
    count = index.rebuild(docs, last_seq=0, procs=procs)
    seconds, after = time.perf_counter() - started, os.times()
    cpu = (after.user - before.user + after.system - before.system
           + after.children_user - before.children_user
           + after.children_system - before.children_system)  # fmt: skip
    index.close()
    print(f"reindex: {count} in {seconds:.1f}s ({count / seconds:.0f}/s)", flush=True)
    return {"documents": count, "procs": procs, "seconds": round(seconds, 1),
            "rate": round(count / seconds), "cpu_seconds": round(cpu, 1),
            "rate_per_cpu_second": round(count / cpu)}  # fmt: skip


def _timed(run, passes: int) -> dict:
    for query in QUERIES:  # warm-up pass, not measured
        run(query)
    latencies = []
    for _ in range(passes):
        for query in QUERIES:
            started = time.perf_counter()
            run(query)
            latencies.append(time.perf_counter() - started)
    return {"p50_ms": round(load.percentile(latencies, 0.5) * 1000, 1),
            "p95_ms": round(load.percentile(latencies, 0.95) * 1000, 1),
            "requests": len(latencies)}  # fmt: skip


def _api_client(app_db: Path, index_dir: Path):
    from directory import create_app

    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{app_db}", "SEARCH_INDEX_DIR": str(index_dir),
              "RATELIMIT_ENABLED": False, "SECRET_KEY": "bench-only-secret"}  # fmt: skip
    client = create_app(config).test_client()

    def run(query: dict) -> None:
        response = client.get(API, query_string=query)
        if response.status_code != 200:
            raise RuntimeError(f"{API} {query}: {response.status_code} {response.text[:200]}")

    return run


def measure_latency(index_dir: Path, fts5_db: Path, app_db: Path, passes: int) -> dict:
    """p50/p95 in-process, warm: through the API (Flask test client, the app's result cache
    switched off so every request searches) and engine-only."""
    from bench import switches
    from directory import indexing

    whoosh, baseline = SearchIndex(str(index_dir)), Fts5Index(fts5_db)
    out = {
        "result_cache_disabled": switches.disable_result_cache(),
        "engine_whoosh": _timed(lambda q: params.run_query(whoosh, q), passes),
        "engine_fts5": _timed(lambda q: params.run_query(baseline, q), passes),
        "api_whoosh": _timed(_api_client(app_db, index_dir), passes),
    }
    original = indexing.get_index
    switches.use_fts5(str(fts5_db))
    try:
        out["api_fts5"] = _timed(_api_client(app_db, index_dir), passes)
    finally:
        indexing.get_index = original
    out["api_p95_ratio"] = round(out["api_whoosh"]["p95_ms"] / out["api_fts5"]["p95_ms"], 2)
    whoosh.close()
    baseline.close()
    print(f"latency: {out}", flush=True)
    return out


def measure_change_visibility(index_dir: Path, n: int, rounds: int = 5) -> dict:
    """Seconds from apply() in one SearchIndex to the change showing in another (a second
    process's view of the same index: it checks for new generations every 0.25 s)."""
    serving, writer = SearchIndex(str(index_dir)), SearchIndex(str(index_dir))
    serving.search(SearchQuery(text="microneedling"))
    records = corpus.import_records(n)
    seconds = []
    for k in range(rounds):
        marker = "quixotic" + "abcdefghij"[k]
        doc = corpus.to_document(k + 1, next(records))
        doc["name"] = f"{doc['name']} {marker.title()}"
        started = time.perf_counter()
        writer.apply([(writer.last_seq() + 1, "upsert", doc)])
        while serving.search(SearchQuery(text=marker)).total == 0:
            if time.perf_counter() - started > 30:
                break
            time.sleep(0.01)
        seconds.append(time.perf_counter() - started)
    serving.close()
    writer.close()
    print(f"change visible after: {[round(s, 2) for s in seconds]}", flush=True)
    return {"max_seconds": round(max(seconds), 2), "median_seconds": round(sorted(seconds)[2], 2)}


def _serve_and_load(app: str, env: dict, opts, paths: list[str], api_paths: list[str]) -> dict:
    with load.Gunicorn(app, opts.port, env) as server:
        load.load(opts.port, paths, max(8.0, opts.http_seconds / 2), opts.concurrency)  # warm
        page = load.load(opts.port, paths, opts.http_seconds, opts.concurrency)
        page["worker_rss_mb"] = [round(m) for m in server.worker_rss_mb()]
        api = load.sequential(opts.port, api_paths)
    return {"search_page": page, "api_over_http": api}


def measure_http(index_dir: Path, fts5_db: Path, app_db: Path, opts) -> dict:
    """The /search page under gunicorn (2 workers, the app's result cache off): Whoosh, then
    the same app on FTS5."""
    paths = [load.path_for("/search", q) for q in QUERIES]
    api_paths = [load.path_for(API, q) for q in QUERIES]
    env = {**app_env(app_db, index_dir), "BENCH_RESULT_CACHE": "0"}
    out = {"whoosh": _serve_and_load("bench.wsgi:app", env, opts, paths, api_paths)}
    print(f"http whoosh: {out['whoosh']}", flush=True)
    fts_env = {**env, "BENCH_FTS5_DB": str(fts5_db)}
    out["fts5"] = _serve_and_load("bench.wsgi:app", fts_env, opts, paths, api_paths)
    print(f"http fts5: {out['fts5']}", flush=True)
    return out
