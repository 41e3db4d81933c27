"""A node on a private PostgreSQL cluster (its own initdb and port, so stopping it disturbs no
one) while the database is stopped and started again: quick 503s, /healthz 503, and service
back without restarting the app. The same fault under load is ``python -m bench.faults``."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from bench import cluster
from bench.cluster import Node, PrivatePostgres
from tests.import_helpers import practitioner_line, write_jsonl

pytestmark = pytest.mark.nodes


@pytest.fixture(scope="module")
def node_on_private_postgres(tmp_path_factory) -> Iterator[tuple[Node, PrivatePostgres]]:
    """One gunicorn node (one worker) with one listing, on a throw-away cluster and Redis."""
    base = tmp_path_factory.mktemp("pg-restart")
    listings = write_jsonl(base / "one.jsonl", practitioner_line(1))
    with cluster.stack(listings, base, workers=1, nodes=1) as running:
        yield running.nodes[0], running.postgres


def _get(url: str) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            status = int(answer.status)
    except urllib.error.HTTPError as error:
        status = int(error.code)
    return status, time.monotonic() - started


def test_a_postgres_restart_gives_quick_503s_and_service_resumes_by_itself(
    node_on_private_postgres,
):
    node, postgres = node_on_private_postgres
    assert _get(node.url + "/healthz")[0] == 200
    assert _get(node.url + "/api/v1/practitioners?q=nurse")[0] == 200  # a pooled connection

    postgres.stop()
    try:
        for path in ("/healthz", "/", "/api/v1/practitioners/anyone"):
            status, seconds = _get(node.url + path)
            assert status == 503, path  # not a 500
            assert seconds < 5, f"{path} took {seconds:.1f}s"
    finally:
        postgres.start()

    # The pool's dead connections are replaced (pool_pre_ping): the first request succeeds.
    assert _get(node.url + "/healthz")[0] == 200
    assert _get(node.url + "/")[0] == 200
