"""A load generator of our own: virtual users that sign in, browse and write through the real
forms (CSRF tokens fetched from each form, as a browser does), spread over several nodes.

The mix per operation: 85% searches and profile views, 10% signed-in pages, 5% writes
(questions and reviews through invited visits by patients, listing edits by practitioners).
Each virtual user is a thread with its own cookie jar that sends each request to the next node
in turn, as a round-robin load balancer would; one request at a time per user, so the number of
users is the concurrency. Threads over the standard library rather than asyncio over an HTTP
library: it needs no extra dependency, and gunicorn's sync workers close every connection, so
there is no connection reuse for an async client to win.

Every write is logged with a unique marker and the status the user saw, so a run can compare
what users were told was saved with what the database holds.
"""

from __future__ import annotations

import itertools
import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.cluster import Browser, form_fields
from bench.queries import QUERIES

SIGNED_IN_SHARE, WRITE_SHARE = 0.10, 0.05  # the rest: searches and profile views, half each
KINDS = ("search", "profile", "signed_in", "form", "question", "review", "edit", "login")
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_VISIT = re.compile(
    r'<option[^>]*\bselected\b[^>]*value="(\d+)"|<option[^>]*value="(\d+)"[^>]*\bselected'
)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_MESSAGE = re.compile(r'class="(?:alert|invalid-feedback|error)[^"]*"[^>]*>(.*?)</', re.S)
_MARKED_BIO = re.compile(r"\s*Now offering \w+ aftercare\.\s*$")


@dataclass
class Sample:
    """One HTTP request: when it started (monotonic), how long it took, its final status."""

    started: float
    seconds: float
    kind: str
    status: int


@dataclass
class Write:
    """One write a user attempted; ``ok`` when the user was told it was saved."""

    kind: str
    marker: str
    ok: bool
    status: int
    node: str
    started: float
    slug: str = ""
    why: str = ""  # for a refused write: the page's title, heading and first message


def refusal(body: str) -> str:
    """What a page that refused a write told the user: its title, heading and first alert or
    error."""
    found = (_TITLE.search(body), _HEADING.search(body), _MESSAGE.search(body))
    parts = [m.group(1) for m in found if m]
    return " | ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", p)).strip() for p in parts)[:200]


@dataclass
class Account:
    """A signed-in user of the run (from bench.load_seed's plan)."""

    email: str
    role: str
    slug: str = ""
    invitations: list[dict] = field(default_factory=list)


class Traffic:
    """``concurrency`` virtual users on ``urls`` until ``stop()`` (or ``run(seconds)``)."""

    def __init__(self, urls: list[str], plan: dict, concurrency: int, timeout: float = 30,
                 seed: int = 7, write_share: float = WRITE_SHARE) -> None:  # fmt: skip
        self.urls, self.plan, self.timeout = urls, plan, timeout
        # Cumulative shares: search, then profile, then signed-in pages; writes above that.
        browse = (1 - SIGNED_IN_SHARE - write_share) / 2
        self.cuts = (browse, 2 * browse, 2 * browse + SIGNED_IN_SHARE)
        self.samples: list[Sample] = []
        self.writes: list[Write] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        owners = [Account(p["email"], "practitioner", p["slug"]) for p in plan["practitioners"]]
        self.owned = [owner.slug for owner in owners]
        # The plan's own lists, not copies: the fault run starts a Traffic per fault, and a
        # later one must not redeem invitations an earlier one used (a used invitation leads to
        # an already reviewed visit, and the review is refused: "Reviews come from verified
        # visits").
        patients = [Account(p["email"], "patient", invitations=p["invitations"])
                    for p in plan["patients"]]  # fmt: skip
        # Half patients, half practitioners, as far as the plan's accounts go.
        mixed = [a for pair in itertools.zip_longest(patients, owners) for a in pair if a]
        self.accounts = mixed[:concurrency]
        if len(self.accounts) < concurrency:
            raise ValueError(f"the plan has {len(mixed)} accounts for {concurrency} users")
        self.threads = [
            threading.Thread(target=self._user, args=(account, seed + i), daemon=True)
            for i, account in enumerate(self.accounts)
        ]

    def start(self) -> None:
        """Start every virtual user."""
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()

    def stop(self) -> float:
        """Stop and wait for every user to finish its request; the seconds the run lasted."""
        self.stopping.set()
        for thread in self.threads:
            thread.join()
        return time.monotonic() - self.started

    def run(self, seconds: float) -> float:
        """Run for ``seconds``; the seconds it really lasted."""
        self.start()
        self.stopping.wait(seconds)
        return self.stop()

    # -- one virtual user ------------------------------------------------------------------

    def _user(self, account: Account, seed: int) -> None:
        rng = random.Random(seed)
        browser = Browser(self.timeout)
        first = seed % len(self.urls)  # users start on different nodes
        nodes = itertools.cycle(self.urls[first:] + self.urls[:first])
        signed_in = False
        while not self.stopping.is_set():
            node = next(nodes)
            if not signed_in:
                signed_in = self._login(browser, node, account)
                if not signed_in:
                    time.sleep(0.5)  # the site is down or refusing: try again shortly
                continue
            draw = rng.random()
            if draw < self.cuts[0]:
                params = rng.choice(QUERIES)
                self._get(browser, f"{node}/search?{urlencode(params, doseq=True)}", "search")
            elif draw < self.cuts[1]:
                self._get(browser, f"{node}/practitioners/{rng.choice(self.plan['slugs'])}",
                          "profile")  # fmt: skip
            elif draw < self.cuts[2]:
                pages = (["/account/", "/account/inbox"] if account.role == "patient"
                         else ["/account/", "/account/listings", "/account/questions"])  # fmt: skip
                status, body = self._get(browser, node + rng.choice(pages), "signed_in")
                if status == 200 and 'action="/auth/login' in body:
                    signed_in = False  # the session ended (e.g. lost with the database)
            elif account.role == "practitioner":
                self._edit(browser, node, account)
            elif account.invitations and rng.random() < 0.4:
                self._review(browser, node, account)
            else:
                self._question(browser, node, rng)

    def _record(self, kind: str, started: float, status: int) -> None:
        sample = Sample(started, time.monotonic() - started, kind, status)
        with self.lock:
            self.samples.append(sample)

    def _get(self, browser: Browser, url: str, kind: str) -> tuple[int, str]:
        started = time.monotonic()
        status, body = browser.request(url)
        self._record(kind, started, status)
        return status, body

    def _post(self, browser: Browser, url: str, fields: list[tuple[str, str]],
              kind: str) -> tuple[int, str, float]:  # fmt: skip
        started = time.monotonic()
        status, body = browser.request(url, fields)
        self._record(kind, started, status)
        return status, body, started

    def _login(self, browser: Browser, node: str, account: Account) -> bool:
        status, page = self._get(browser, f"{node}/auth/login", "form")
        token = _TOKEN.search(page) if status == 200 else None
        if token is None:
            return False
        fields = [("email", account.email), ("password", self.plan["password"]),
                  ("csrf_token", token.group(1))]  # fmt: skip
        status, body, _ = self._post(browser, f"{node}/auth/login", fields, "login")
        return status == 200 and 'action="/auth/login' not in body

    def _log_write(self, kind: str, marker: str, status: int, node: str, started: float,
                   slug: str = "", body: str = "") -> None:  # fmt: skip
        why = refusal(body) if status != 200 else ""
        write = Write(kind, marker, status == 200, status, node, started, slug, why)
        with self.lock:
            self.writes.append(write)

    def _question(self, browser: Browser, node: str, rng: random.Random) -> None:
        # Half to claimed listings, whose owners are emailed (mail for the outbox to carry).
        owned = rng.random() < 0.5
        slug = rng.choice(self.owned if owned else self.plan["slugs"])
        url = f"{node}/practitioners/{slug}/questions"
        status, page = self._get(browser, url, "form")
        token = _TOKEN.search(page) if status == 200 else None
        if token is None:
            return
        marker = f"q{uuid.uuid4().hex[:12]}"
        body = f"Load question {marker}: do you see patients in the evening?"
        fields = [("csrf_token", token.group(1)), ("topic", "other"), ("public", "y"),
                  ("body", body)]  # fmt: skip
        status, page, started = self._post(browser, url, fields, "question")
        self._log_write("question", marker, status, node, started, slug, page)

    def _review(self, browser: Browser, node: str, account: Account) -> None:
        invitation = account.invitations[0]
        url = f"{node}/r/{invitation['token']}"
        status, page = self._get(browser, url, "form")
        token = _TOKEN.search(page) if status == 200 else None
        if token is None:
            return
        # Redeeming twice changes nothing, so a redeem whose answer was lost is simply repeated.
        status, page, _ = self._post(browser, url, [("csrf_token", token.group(1))], "form")
        token = _TOKEN.search(page) if status == 200 else None  # now the review form's
        if token is None:
            return
        account.invitations.pop(0)
        marker = f"r{uuid.uuid4().hex[:12]}"
        visit = _VISIT.search(page)  # the visit just verified, chosen in the form
        fields = [
            ("csrf_token", token.group(1)),
            ("visit", (visit.group(1) or visit.group(2)) if visit else ""),
            ("worth_it", "yes"),
            ("sessions", "2"),
            ("title", f"Load review {marker}"),
            ("body", f"Careful, clean and explained every step. {marker} went well."),
        ]
        fields += [(name, "5") for name in ("rating", "results", "comfort", "cleanliness",
                                            "communication", "value")]  # fmt: skip
        review_url = f"{node}/practitioners/{invitation['slug']}/review"
        status, page, started = self._post(browser, review_url, fields, "review")
        self._log_write("review", marker, status, node, started, invitation["slug"], page)

    def _edit(self, browser: Browser, node: str, account: Account) -> None:
        url = f"{node}/account/listings/{account.slug}/edit"
        status, page = self._get(browser, url, "form")
        fields = form_fields(page, "listing-form") if status == 200 else []
        if not fields:
            return
        marker = f"e{uuid.uuid4().hex[:12]}"
        edited = []
        for name, value in fields:
            if name == "bio":
                # One marker at a time at the end of the bio, so it never outgrows its limit.
                value = _MARKED_BIO.sub("", value) + f" Now offering {marker} aftercare."
            edited.append((name, value))
        status, page, started = self._post(browser, url, edited, "edit")
        self._log_write("edit", marker, status, node, started, account.slug, page)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (NaN when empty)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(samples: list[Sample], seconds: float) -> dict:
    """req/s over the run, and per kind: count, p50/p95/p99/max (ms) and errors (not 200)."""
    kinds = {}
    for kind in KINDS:
        mine = [s for s in samples if s.kind == kind]
        if not mine:
            continue
        times = [s.seconds for s in mine]
        kinds[kind] = {
            "requests": len(mine),
            "p50_ms": round(percentile(times, 0.50) * 1000, 1),
            "p95_ms": round(percentile(times, 0.95) * 1000, 1),
            "p99_ms": round(percentile(times, 0.99) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1),
            "errors": sum(1 for s in mine if s.status != 200),
        }
    return {
        "seconds": round(seconds, 1),
        "requests": len(samples),
        "rps": round(len(samples) / seconds, 1) if seconds else 0.0,
        "errors": sum(1 for s in samples if s.status != 200),
        "statuses": _statuses(samples),
        "kinds": kinds,
    }


def _statuses(samples: list[Sample]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for sample in samples:
        counts[str(sample.status)] = counts.get(str(sample.status), 0) + 1
    return dict(sorted(counts.items()))
