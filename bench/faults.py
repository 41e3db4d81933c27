"""Faults injected while the load runs, each with asserted results (exit status 1 when one
fails), written to bench/results.json under ``faults``.

    .venv/bin/python -m bench.faults --listings 1000 --concurrency 6 --smtp-down 60

Two nodes (bench.cluster) on a private PostgreSQL cluster and a private Redis (restarting them
disturbs nobody), a local SMTP server (aiosmtpd) and the mail worker, with bench.traffic's
virtual users running throughout. In order:

- **PostgreSQL restarted** (``pg_ctl stop -m fast``, down ``--pg-down`` seconds, started
  again): every failed request is a 503 (never a 500), answered within 5 s; /healthz answers
  503 meanwhile; service resumes without restarting the app; no write users were told was saved
  is missing.
- **Redis stopped**: fresh logins on both nodes still work (Flask-Limiter's in-memory fallback,
  logged); Redis started again.
- **SMTP down** for ``--smtp-down`` seconds (the server stopped and started on the same port)
  while writes queue mail: after it returns every outbox row is sent and each Message-ID
  arrives once.
- **A web worker killed with SIGKILL** on node A, several times while writes run: no write told
  saved is lost, no visit or review half-made, and node B's search finds each listing's
  committed bio (its follower applied node A's change-log rows).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

from bench import cluster, corpus
from bench.cluster import Browser, Node, Poller, Stack, free_port, stack
from bench.load_run import LOAD_LIMITS, ROOT, load_average, record, verify_writes
from bench.traffic import WRITE_SHARE, Sample, Traffic, summary

HANG_LIMIT = 5.0  # seconds: no failed request may take longer


class Mailbox:
    """The SMTP server's side: every message received, by Message-ID."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        """Keep the Message-ID of each message received."""
        for line in envelope.content.decode(errors="replace").splitlines():
            if line.lower().startswith("message-id:"):
                with self.lock:
                    self.ids.append(line.split(":", 1)[1].strip())
                break
        return "250 OK"


class Checks:
    """Assertions that are recorded instead of stopping the run at the first failure."""

    def __init__(self) -> None:
        self.failed: list[str] = []

    def that(self, condition: bool, message: str) -> bool:
        """Record ``message`` as a failure unless ``condition``."""
        if not condition:
            self.failed.append(message)
            print(f"FAILED: {message}", flush=True)
        return condition


def _status(url: str, timeout: float = 10) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


class HealthWatch(Poller):
    """Polls each node's /healthz every 0.2 s; remembers (time, node, status)."""

    def __init__(self, nodes: list[Node]) -> None:
        super().__init__(0.2)
        self.nodes = nodes
        self.seen: list[tuple[float, str, int]] = []

    def poll(self) -> None:
        """One round over the nodes."""
        for node in self.nodes:
            self.seen.append((time.monotonic(), node.name, _status(node.url + "/healthz", 6)))


def _window(samples: list[Sample], start: float, end: float) -> list[Sample]:
    """Requests that were in flight at some moment between ``start`` and ``end``."""
    return [s for s in samples if s.started <= end and s.started + s.seconds >= start]


def _first_success_after(samples: list[Sample], moment: float) -> float | None:
    done = sorted(s.started + s.seconds for s in samples
                  if s.status == 200 and s.started >= moment)  # fmt: skip
    return done[0] - moment if done else None


def postgres_restart(running: Stack, traffic: Traffic, down: float, checks: Checks) -> dict:
    """Stop the private PostgreSQL for ``down`` seconds under load, then start it again."""
    time.sleep(5)  # some ordinary traffic first
    with HealthWatch(running.nodes) as health:
        stopped = time.monotonic()
        running.postgres.stop()
        time.sleep(down)
        running.postgres.start()
        started = time.monotonic()
        time.sleep(15)  # the recovery, under the same load
    window = _window(traffic.samples, stopped, started + 2)
    failed = [s for s in window if s.status != 200]
    statuses = Counter(str(s.status) for s in window)
    slowest_failure = max((s.seconds for s in failed), default=0.0)
    before = [s.seconds for s in traffic.samples if s.started + s.seconds < stopped]
    health_down = [t for t, _, status in health.seen if stopped <= t <= started and status == 503]
    health_after = [status for t, _, status in health.seen if t >= started + 5]
    resumed = _first_success_after(traffic.samples, started)
    checks.that(
        not any(s.status >= 500 and s.status != 503 for s in window),
        f"postgres restart: a 5xx other than 503 was answered: {dict(statuses)}",
    )
    checks.that(
        slowest_failure <= HANG_LIMIT,
        f"postgres restart: a failed request took {slowest_failure:.1f}s",
    )
    checks.that(bool(health_down), "postgres restart: /healthz never answered 503")
    checks.that(
        # 0 is a poll that timed out on the busy machine, not an answer; a 503 would be one.
        200 in health_after and 503 not in health_after,
        f"postgres restart: /healthz after recovery: {Counter(health_after)}",
    )
    checks.that(resumed is not None, "postgres restart: no request succeeded after the restart")
    return {
        "down_seconds": round(started - stopped, 1),
        "requests_during": len(window),
        "statuses_during": dict(sorted(statuses.items())),
        "slowest_failed_request_seconds": round(slowest_failure, 2),
        "slowest_request_seconds": round(max((s.seconds for s in window), default=0.0), 2),
        "slowest_request_before_seconds": round(max(before, default=0.0), 2),
        "healthz_503_seen": len(health_down),
        "first_success_after_start_seconds": round(resumed, 2) if resumed is not None else None,
        "users_saw": "503 'Needlewise is briefly unavailable' (Retry-After: 5); API JSON 503",
    }


def redis_stopped(running: Stack, traffic: Traffic, down: float, checks: Checks) -> dict:
    """Stop the private Redis under load; fresh logins must still work on both nodes."""
    before = len(traffic.samples)
    stopped = time.monotonic()
    running.redis.stop()
    time.sleep(1)
    account = running.plan["patients"][0]["email"]
    logins = []
    for node in running.nodes * 2:
        begun = time.monotonic()
        status = Browser(15).login(node.url, account, running.plan["password"])
        logins.append({"node": node.name, "status": status,
                       "seconds": round(time.monotonic() - begun, 2)})  # fmt: skip
    time.sleep(max(0.0, down - (time.monotonic() - stopped)))
    running.redis.start()
    restarted = time.monotonic()
    time.sleep(3)
    window = traffic.samples[before:]
    statuses = Counter(str(s.status) for s in window if s.started <= restarted)
    checks.that(
        all(login["status"] == 200 for login in logins),
        f"redis stopped: logins answered {[login['status'] for login in logins]}",
    )
    checks.that(
        not any(s.status >= 500 for s in window if s.started <= restarted),
        f"redis stopped: server errors while Redis was down: {dict(statuses)}",
    )
    logged = sum(_log_mentions(node, "rate limit", "redis", "fallback")
                 for node in running.nodes)  # fmt: skip
    return {
        "down_seconds": round(restarted - stopped, 1),
        "logins_while_down": logins,
        "statuses_during": dict(sorted(statuses.items())),
        "fallback_log_lines": logged,
        "users_saw": "nothing: logins and pages as usual (limits per process meanwhile)",
    }


def _log_mentions(node: Node, *words: str) -> int:
    path = node.log_path("gunicorn")
    if not path.exists():
        return 0
    lines = path.read_text(errors="replace").lower().splitlines()
    return sum(1 for line in lines if any(word in line for word in words))


def _outbox(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = dict(conn.execute(text(
            "SELECT status, count(*) FROM outbox_messages GROUP BY status")).all())  # fmt: skip
    engine.dispose()
    return {str(k): int(v) for k, v in rows.items()}


def smtp_down(running: Stack, traffic: Traffic, smtp: dict, down: float, checks: Checks) -> dict:
    """Stop the SMTP server for ``down`` seconds while writes queue mail; all must arrive once."""
    smtp["controller"].stop()
    stopped = time.monotonic()
    queued_before = _outbox(running.database_url)
    time.sleep(down)
    smtp["controller"] = _smtp_server(smtp["mailbox"], smtp["port"])
    returned = time.monotonic()
    traffic_stopped = False
    deadline = returned + max(180.0, 3 * down)
    outbox = _outbox(running.database_url)
    while time.monotonic() < deadline:
        if not traffic_stopped and time.monotonic() - returned > 10:
            traffic.stopping.set()  # no new mail, so the queue can drain
            traffic_stopped = True
        outbox = _outbox(running.database_url)
        if traffic_stopped and not outbox.get("pending") and not outbox.get("sending"):
            break
        time.sleep(1)
    drained = time.monotonic() - returned
    ids = Counter(smtp["mailbox"].ids)
    twice = [mid for mid, count in ids.items() if count > 1]
    sent = outbox.get("sent", 0)
    checks.that(
        not outbox.get("pending") and not outbox.get("failed"),
        f"smtp down: outbox not drained after {drained:.0f}s: {outbox}",
    )
    checks.that(not twice, f"smtp down: {len(twice)} messages arrived twice")
    checks.that(sent > queued_before.get("sent", 0), "smtp down: no mail was queued meanwhile")
    checks.that(len(ids) == sent, f"smtp down: {len(ids)} messages arrived, {sent} rows sent")
    return {
        "down_seconds": round(returned - stopped, 1),
        "outbox_at_stop": queued_before,
        "outbox_at_end": outbox,
        "drained_seconds_after_return": round(drained, 1),
        "messages_received": sum(ids.values()),
        "distinct_message_ids": len(ids),
        "received_twice": len(twice),
        "users_saw": "nothing: actions succeed at once, email arrives after the server returns",
    }


def _smtp_server(mailbox: Mailbox, port: int) -> Controller:
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


def worker_killed(running: Stack, traffic: Traffic, kills: int, checks: Checks) -> dict:
    """SIGKILL a web worker of node A ``kills`` times, 2 s apart, while writes run."""
    node_a = running.nodes[0]
    killed = []
    time.sleep(3)
    for _ in range(kills):
        pids = node_a.worker_pids()
        if pids:
            os.kill(pids[0], signal.SIGKILL)
            killed.append((time.monotonic(), pids[0]))
        time.sleep(2)
    time.sleep(8)  # time for the replacement workers to serve (slow on a loaded machine)
    last_kill = killed[-1][0] if killed else time.monotonic()
    after = [s for s in traffic.samples if s.started > last_kill + 1]
    statuses = Counter(str(s.status) for s in traffic.samples)
    checks.that(len(killed) == kills, f"worker killed: only {len(killed)} workers found to kill")
    checks.that(
        len(node_a.worker_pids()) == node_a.workers,
        f"worker killed: node A has {len(node_a.worker_pids())} workers afterwards",
    )
    checks.that(any(s.status == 200 for s in after), "worker killed: nothing served afterwards")
    return {
        "workers_killed": len(killed),
        "statuses_during": dict(sorted(statuses.items())),
        "users_saw": "the request in the killed worker's hands failed (connection closed, "
                     "status 0 here, 502 behind a proxy); gunicorn started a new worker at once",
    }  # fmt: skip


def consistency(running: Stack, checks: Checks) -> dict:
    """No half-made records: every redeemed invitation has its visit, every review its visit."""
    engine = create_engine(running.database_url)
    with engine.connect() as conn:
        orphans = {
            "redeemed_invitation_without_visit": conn.execute(text(
                "SELECT count(*) FROM invitations WHERE redeemed_at IS NOT NULL "
                "AND (visit_id IS NULL OR visit_id NOT IN (SELECT id FROM visits))")).scalar(),
            "review_without_visit": conn.execute(text(
                "SELECT count(*) FROM reviews WHERE visit_id NOT IN (SELECT id FROM visits)"
            )).scalar(),
            "question_without_listing": conn.execute(text(
                "SELECT count(*) FROM questions WHERE listing_id NOT IN "
                "(SELECT id FROM listings)")).scalar(),
        }  # fmt: skip
        bios = dict(conn.execute(text(
            "SELECT slug, bio FROM listings WHERE bio LIKE '%Now offering e%'")).all())  # fmt: skip
    engine.dispose()
    checks.that(not any(orphans.values()), f"half-made records: {orphans}")
    return {"orphans": orphans, "bios": bios}


def searchable_everywhere(running: Stack, bios: dict[str, str], checks: Checks) -> dict:
    """Each listing's committed bio marker is found by search on every node within 5 s."""
    waited = {}
    missing: dict[str, list[str]] = {}
    for node in running.nodes:
        worst = 0.0
        for slug, bio in bios.items():
            marker = bio.rsplit("Now offering ", 1)[1].split()[0]
            begun = time.monotonic()
            found = False
            while time.monotonic() - begun < 5 and not found:
                url = f"{node.url}/api/v1/practitioners?q={quote(marker)}"
                try:
                    with urllib.request.urlopen(url, timeout=10) as answer:
                        found = json.load(answer)["total"] == 1
                except OSError:
                    pass
                if not found:
                    time.sleep(0.2)
            worst = max(worst, time.monotonic() - begun)
            checks.that(found, f"node {node.name}: {slug}'s committed edit is not searchable")
            if not found:
                missing.setdefault(node.name, []).append(marker)
        waited[node.name] = round(worst, 2)
    # What the operator would look at next: is each node's follower alive, what did it say.
    followers = {node.name: node.follower_report() for node in running.nodes if missing}
    return {"listings_checked": len(bios), "slowest_wait_seconds": waited,
            "not_found": missing, "followers": followers}  # fmt: skip


def run(args: argparse.Namespace) -> tuple[dict, Checks]:
    """Every fault in turn on one running stack."""
    checks = Checks()
    mailbox, port = Mailbox(), free_port()
    smtp = {"mailbox": mailbox, "port": port, "controller": _smtp_server(mailbox, port)}
    results: dict = {"load_average_before": load_average()}
    with tempfile.TemporaryDirectory(prefix="needlewise-faults-") as tmp:
        mail_env = {"FLASK_MAIL_SERVER": "127.0.0.1", "FLASK_MAIL_PORT": str(port),
                    "FLASK_MAIL_DELIVERY": "worker"}  # fmt: skip
        listings = corpus.import_path(args.listings)
        with stack(listings, Path(tmp), 2, args.concurrency, **LOAD_LIMITS, **mail_env) as running:
            worker = cluster.spawn(running.env, "mail", "deliver", "--follow", "--interval", "0.5")
            try:
                results.update(_faults(running, smtp, args, checks))
            finally:
                cluster.end(worker)
        smtp["controller"].stop()
    results["load_average_after"] = load_average()
    return results, checks


def _faults(running: Stack, smtp: dict, args: argparse.Namespace, checks: Checks) -> dict:
    urls = [node.url for node in running.nodes]
    out: dict = {}
    steps = [
        ("postgres_restarted", lambda t: postgres_restart(running, t, args.pg_down, checks)),
        ("redis_stopped", lambda t: redis_stopped(running, t, 10, checks)),
        ("worker_killed", lambda t: worker_killed(running, t, 3, checks)),
        ("smtp_down", lambda t: smtp_down(running, t, smtp, args.smtp_down, checks)),
    ]
    all_writes = []
    for name, inject in steps:
        print(f"fault: {name} (load average {load_average()})", flush=True)
        # Mostly writes while a worker is killed (kills land mid-write) and while SMTP is down
        # (questions and reviews email the listing's owner); the usual mix else.
        share = 0.6 if name in ("worker_killed", "smtp_down") else WRITE_SHARE
        traffic = Traffic(urls, running.plan, args.concurrency, timeout=30, write_share=share)
        traffic.start()
        began = time.monotonic()
        try:
            figures = inject(traffic)
        finally:
            seconds = traffic.stop()
        figures["traffic"] = summary(traffic.samples, seconds)
        figures["load_average"] = load_average()
        writes = verify_writes(running.database_url, traffic.writes)
        figures["writes"] = writes
        for kind, report in writes.items():
            checks.that(not report["lost"], f"{name}: {kind} writes lost: {report['lost']}")
        all_writes.extend(traffic.writes)
        figures["seconds"] = round(time.monotonic() - began, 1)
        out[name] = figures
        print(json.dumps({k: v for k, v in figures.items() if k != "traffic"}), flush=True)
    found = consistency(running, checks)
    out["consistency"] = found["orphans"]
    out["edits_searchable_on_every_node"] = searchable_everywhere(running, found["bios"], checks)
    out["server_errors"] = {node.name: server_errors(node) for node in running.nodes}
    return out


def server_errors(node: Node) -> list[str]:
    """Each exception a node's app logged (a 500): the request of the "unhandled error on" (or
    Flask's "Exception on") line with the exception that ended its traceback. The run's
    directory is deleted afterwards, so this is what the operator keeps."""
    path = node.log_path("gunicorn")
    lines = path.read_text(errors="replace").splitlines() if path.exists() else []
    found, current = [], None
    for line in lines:
        if "Exception on " in line or "unhandled error on " in line:
            current = line.split(" on ", 1)[1]
        elif "Error handling request" in line:  # gunicorn's own: the app raised past Flask
            current = line.split("Error handling request", 1)[1].strip() or "gunicorn"
        elif current and line and not line.startswith((" ", "Traceback", "The above", "During")):
            found.append(f"{current}: {line[:200]}")
            current = None
    return found


def main() -> None:
    """Command line: run every fault; exit 1 when an assertion failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=6)
    parser.add_argument("--pg-down", type=float, default=5.0, help="seconds PostgreSQL is down")
    parser.add_argument("--smtp-down", type=float, default=60.0, help="seconds SMTP is down")
    args = parser.parse_args()
    results, checks = run(args)
    results["command"] = " ".join([".venv/bin/python -m bench.faults", *sys.argv[1:]])
    results["failed_checks"] = checks.failed
    record("faults", args.listings, results)
    print("faults: " + ("all checks passed" if not checks.failed else f"{checks.failed}"))
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
