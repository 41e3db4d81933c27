"""HTTP side of the benchmarks: a gunicorn server we start and stop, and a small load generator.

The load generator keeps a fixed number of requests in flight (threads, one request at a time
each, a fresh connection per request as gunicorn's sync workers close them) for a fixed time,
cycling through the query set, and reports requests per second and latency percentiles.
"""

from __future__ import annotations

import http.client
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the sorted values fall (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def path_for(base: str, params: dict) -> str:
    """A URL path with the query parameters of one benchmark query (lists repeat)."""
    return f"{base}?{urlencode(params, doseq=True)}" if params else base


def get(port: int, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
    """One GET on 127.0.0.1; (status, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Gunicorn:
    """``gunicorn -w WORKERS APP`` on 127.0.0.1:PORT, started and stopped by us (by its pid)."""

    def __init__(self, app: str, port: int, env: dict[str, str], workers: int = 2,
                 preload: bool = False) -> None:  # fmt: skip
        self.app, self.port, self.workers, self.preload = app, port, workers, preload
        self.env = {**os.environ, **env}
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(
            [gunicorn, "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}", "--timeout",
             "120", "--log-level", "warning", *(["--preload"] if self.preload else []),
             self.app],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited: {self.process.stderr.read().decode()[-2000:]}"
                )
            try:
                get(self.port, "/healthz", timeout=5)
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self) -> list[int]:
        """The gunicorn master's worker processes."""
        pid = self.process.pid  # type: ignore[union-attr]
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker process, in MB."""
        return [proc_kb(pid, "status", "VmRSS:") / 1024 for pid in self.worker_pids()]


def proc_kb(pid: int, name: str, field: str) -> int:
    """A kB figure of ``/proc/<pid>/<name>`` (``status``: ``VmRSS:``; ``smaps_rollup``:
    ``Pss:``); 0 when the field is absent."""
    for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return 0


def load(port: int, paths: list[str], seconds: float, concurrency: int) -> dict:
    """Keep ``concurrency`` requests in flight for ``seconds``; throughput and latencies."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    cycle = itertools.cycle(paths)

    def worker() -> None:
        mine = []
        while time.monotonic() < stop:
            with lock:
                path = next(cycle)
            start = time.perf_counter()
            try:
                status, _body = get(port, path)
            except OSError:
                status = 0
            mine.append(time.perf_counter() - start)
            if status != 200:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "concurrency": concurrency,
        "seconds": round(elapsed, 1),
    }


def sequential(port: int, paths: list[str], passes: int = 2) -> dict:
    """One request at a time: latency percentiles over HTTP."""
    latencies = []
    for _ in range(passes):
        for path in paths:
            start = time.perf_counter()
            get(port, path)
            latencies.append(time.perf_counter() - start)
    return {
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
    }
