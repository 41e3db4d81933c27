"""Start-up of the production shape on one machine, shared by the two-node tests, the load run
and the fault run: a database prepared with the app's own commands, web nodes (one gunicorn
server and one index follower each, with its own index directory) and, for runs that must not
disturb the machine's shared servers, a private PostgreSQL cluster and a private Redis that
may be restarted or stopped at will.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLASK = [sys.executable, "-m", "flask", "--app", "directory"]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def node_env(database_url: str, redis_url: str, upload_dir: Path, **extra: str) -> dict[str, str]:
    """The environment every process of every node shares (the index directory comes later)."""
    return {
        **os.environ,
        "FLASK_SQLALCHEMY_DATABASE_URI": database_url,
        "FLASK_SECRET_KEY": "nodes-only-secret",
        "FLASK_SESSION_COOKIE_SECURE": "false",
        "FLASK_REMEMBER_COOKIE_SECURE": "false",
        "FLASK_RATELIMIT_STORAGE_URI": redis_url,
        "FLASK_UPLOAD_DIR": str(upload_dir),
        "FLASK_PASSWORD_HASH_FAST": "true",
        **extra,
    }


def flask(env: dict[str, str], *args: str) -> str:
    """Run one ``flask`` command of the app; its output, or an error with the output."""
    done = subprocess.run([*FLASK, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def wait_for(url: str, seconds: float = 60) -> None:
    """Wait until ``url`` answers at all (any status)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def spawn(env: dict[str, str], *args: str) -> subprocess.Popen:
    """Start a long-running ``flask`` command (e.g. the mail worker) in the background."""
    return subprocess.Popen([*FLASK, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip


def end(process: subprocess.Popen) -> None:
    """Stop a process we started: SIGTERM, then SIGKILL after 20 s."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def rss_mb(pid: int) -> float:
    """Resident memory of one process (VmRSS), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Node:
    """One web node: a gunicorn server on its own port, and its index follower."""

    name: str
    env: dict[str, str]
    index_dir: Path
    port: int
    workers: int = 2
    preload: bool = False  # gunicorn --preload, as the Procfile runs it
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The node's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start gunicorn and ``search sync --follow``; return once the node answers."""
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        # The app's log (e.g. the rate limiter's Redis fallback) beside the index directory.
        log = self.log_path("gunicorn").open("ab")
        self.processes.append(subprocess.Popen(
            [gunicorn, "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}",
             "--timeout", "60", "--log-level", "warning",
             *(["--preload"] if self.preload else []), "run:app"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=log,
        ))  # fmt: skip
        log.close()  # the child holds its own copy
        follower_log = self.log_path("follower").open("ab")
        self.processes.append(subprocess.Popen(
            [*FLASK, "search", "sync", "--follow"],
            cwd=ROOT, env=self.env, stdout=follower_log, stderr=subprocess.STDOUT,
        ))  # fmt: skip
        follower_log.close()
        # --preload imports the whole app before gunicorn listens: minutes on a busy machine.
        wait_for(self.url + "/healthz", seconds=300)

    def log_path(self, process: str) -> Path:
        """Where the node's ``gunicorn`` or ``follower`` writes its output."""
        return self.index_dir.parent / f"{process}-{self.name}.log"

    def follower_report(self, lines: int = 15) -> dict:
        """Whether the index follower still runs, and the end of its output."""
        path = self.log_path("follower")
        tail = path.read_text(errors="replace").splitlines()[-lines:] if path.exists() else []
        return {"running": self.processes[1].poll() is None, "output_tail": tail}

    def stop(self) -> None:
        """Stop the node's processes (ours, by pid)."""
        for process in self.processes:
            end(process)
        self.processes.clear()

    def worker_pids(self) -> list[int]:
        """The gunicorn master's current worker processes."""
        master = self.processes[0].pid
        return [
            int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()
        ]

    def worker_rss_mb(self) -> list[float]:
        """Each worker's resident memory, in MB."""
        return [round(rss_mb(pid), 1) for pid in self.worker_pids()]


def prepare_database(env: dict[str, str], listings_file: Path) -> None:
    """Migrate an empty database and import the listings (``flask import practitioners``)."""
    flask(env, "db", "upgrade")
    flask(env, "import", "practitioners", str(listings_file))


def start_nodes(
    env: dict[str, str], base: Path, count: int = 2, workers: int = 2, preload: bool = False
) -> list[Node]:
    """``count`` running nodes on the database of ``env``, each with its own index directory
    (built once with ``flask search reindex``, copied for the others: same content, less time)."""
    nodes: list[Node] = []
    first_index = base / "index-a"
    flask({**env, "FLASK_SEARCH_INDEX_DIR": str(first_index)}, "search", "reindex")
    try:
        for i in range(count):
            label = "abcdefgh"[i]
            index_dir = base / f"index-{label}"
            if i:
                shutil.copytree(first_index, index_dir)
            node_environment = {**env, "FLASK_SEARCH_INDEX_DIR": str(index_dir)}
            node = Node(label, node_environment, index_dir, free_port(), workers, preload)
            nodes.append(node)
            node.start()
    except BaseException:
        for node in nodes:
            node.stop()
        raise
    return nodes


class PrivatePostgres:
    """A throw-away PostgreSQL cluster of our own (initdb in a fresh directory under the system
    temporary folder, which the postgres user can reach when we run as root) on its own port:
    it may be restarted or stopped without touching the machine's shared server."""

    def __init__(self, port: int | None = None) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="needlewise-pg-"))
        self.data = self.home / "pgdata"
        self.port = port or free_port()
        self.log = self.home / "postgres.log"

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the ``postgres`` database (create others with ``create``)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        """SQLAlchemy URL of database ``name`` on this cluster."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *command: str) -> None:
        # initdb refuses to run as root: hand the directory to the postgres user then.
        args = list(command)
        if os.geteuid() == 0:
            args = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(_quote(a) for a in args)]
        done = subprocess.run(args, capture_output=True, text=True, timeout=180)
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}")

    def init(self) -> PrivatePostgres:
        """initdb, start, and create database ``needlewise``."""
        if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to postgres
            shutil.chown(self.home, "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                  "--auth=trust", "--no-sync")  # fmt: skip
        self.start()
        self._run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                  "-U", "postgres", "needlewise")  # fmt: skip
        return self

    def start(self) -> None:
        """Start the cluster and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                  str(self.log), "-w", "start")  # fmt: skip

    def stop(self) -> None:
        """Stop it the fast way (open sessions are ended, as in a real restart)."""
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "120",
                  "stop")  # fmt: skip

    def destroy(self) -> None:
        """Stop it if running and delete its files."""
        with contextlib.suppress(RuntimeError):  # already stopped
            self.stop()
        shutil.rmtree(self.home, ignore_errors=True)


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\"'\"'") + "'"


class PrivateRedis:
    """A throw-away Redis (no persistence) on its own port, stopped and started at will."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """redis:// URL of database 0."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        """Start it in the foreground of a child process we own; wait until it answers."""
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """Stop it (by its pid)."""
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
            self.process = None


class FormReader(HTMLParser):
    """The fields (name, value) of the first form with class ``css_class`` (or the first form
    holding a ``csrf_token`` when it is empty), as a browser would submit them unchanged."""

    def __init__(self, css_class: str = "") -> None:
        super().__init__()
        self.css_class, self.inside, self.fields = css_class, False, []
        self.done = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        wanted = not self.css_class or self.css_class in a.get("class", "").split()
        if tag == "form" and not self.done and a.get("method", "").lower() == "post" and wanted:
            self.inside = True
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(page: str, css_class: str = "") -> list[tuple[str, str]]:
    """The submit-ready fields of a form on ``page``."""
    reader = FormReader(css_class)
    reader.feed(page)
    return reader.fields


class Browser:
    """A cookie-keeping HTTP client (one jar for every node, as behind a load balancer)."""

    def __init__(self, timeout: float = 30) -> None:
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, url: str, fields: list[tuple[str, str]] | None = None) -> tuple[int, str]:
        """GET (or POST ``fields``), following redirects: (status, body); status 0 when the
        connection failed or timed out."""
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        try:
            with self.opener.open(url, data=data, timeout=self.timeout) as response:
                return int(response.status), response.read().decode()
        except urllib.error.HTTPError as error:
            return int(error.code), error.read().decode(errors="replace")
        except (OSError, ValueError):
            return 0, ""

    def get(self, url: str) -> str:
        """The body of a page that must answer 200."""
        status, body = self.request(url)
        if status != 200:
            raise RuntimeError(f"GET {url}: {status}")
        return body

    def post(self, url: str, fields: list[tuple[str, str]]) -> int:
        """POST a form; the final status."""
        return self.request(url, fields)[0]

    def token(self, url: str) -> str:
        """The CSRF token of the form on ``url``."""
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(url))
        if not found:
            raise RuntimeError(f"no form token on {url}")
        return found.group(1)

    def login(self, base: str, email: str, password: str) -> int:
        """Log in through the form; the final status (200 after the redirect)."""
        token = self.token(base + "/auth/login")
        fields = [("email", email), ("password", password), ("csrf_token", token)]
        return self.post(base + "/auth/login", fields)


@dataclass
class Stack:
    """A running production shape: private servers, nodes and the seeded accounts."""

    postgres: PrivatePostgres
    redis: PrivateRedis
    env: dict[str, str]
    nodes: list[Node]
    plan: dict
    base: Path

    @property
    def database_url(self) -> str:
        """The app database's SQLAlchemy URL."""
        return self.env["FLASK_SQLALCHEMY_DATABASE_URI"]


@contextmanager
def stack(listings: Path, base: Path, workers: int = 2, users: int = 0, nodes: int = 2,
          **extra_env: str) -> Iterator[Stack]:  # fmt: skip
    """A private PostgreSQL and Redis, the ``listings`` file imported, accounts for ``users``
    virtual users seeded (bench.load_seed; none when 0), ``nodes`` nodes running (gunicorn
    --preload as in the Procfile); all stopped and deleted afterwards."""
    postgres, redis = PrivatePostgres(), PrivateRedis()
    running: list[Node] = []
    try:
        postgres.init()
        redis.start()
        env = node_env(postgres.database_url("needlewise"), redis.url, base / "uploads",
                       FLASK_SEARCH_INDEX_DIR=str(base / "index-a"), **extra_env)  # fmt: skip
        step = time.monotonic()
        prepare_database(env, listings)
        print(f"imported {listings.name} in {time.monotonic() - step:.0f}s", flush=True)
        plan: dict = {}
        if users:
            half = str(max(1, (users + 1) // 2))
            plan_path = base / "plan.json"
            subprocess.run([sys.executable, "-m", "bench.load_seed", str(plan_path),
                            "--practitioners", half, "--patients", half],
                           cwd=ROOT, env=env, check=True)  # fmt: skip
            plan = json.loads(plan_path.read_text())
        step = time.monotonic()
        running = start_nodes(env, base, count=nodes, workers=workers, preload=True)
        print(f"indexed and started {nodes} nodes in {time.monotonic() - step:.0f}s", flush=True)
        yield Stack(postgres, redis, env, running, plan, base)
    finally:
        for node in running:
            node.stop()
        redis.stop()
        postgres.destroy()


class Poller:
    """Calls ``poll()`` every ``interval`` seconds on a thread, inside a ``with`` block."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join()

    def _loop(self) -> None:
        while not self.stopping.wait(self.interval):
            self.poll()

    def poll(self) -> None:
        """One round of sampling (subclasses)."""
        raise NotImplementedError
