"""What every demo generator shares: the fixed clock, the password, and small random helpers.

All dates are relative to ``BASE_DATE`` (never the real clock), so one seed always gives the
same data.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

T = TypeVar("T")

BASE_DATE = date(2026, 11, 1)
BASE_TIME = datetime.combine(BASE_DATE, time(9, 0), tzinfo=UTC)
DEFAULT_SEED = 20261101
DEMO_PASSWORD = "collagen-demo-2026"
# Staff accounts must use two-factor; the demo ones share this published authenticator secret
# (add it to an app, or print the current code with `flask users totp EMAIL`).
DEMO_TOTP_SECRET = "NEEDLEWISEDEMOSTAFFTOTPKEY234567"
_TOKEN_ALPHABET = string.ascii_letters + string.digits + "-_"


def days_ago(rng: random.Random, low: int, high: int) -> datetime:
    """A moment between ``low`` and ``high`` days before the base date, in office hours."""
    day = BASE_DATE - timedelta(days=rng.randint(low, high))
    return at(rng, day)


def at(rng: random.Random, day: date) -> datetime:
    """A moment during office hours (UTC) on ``day``."""
    minutes = rng.randint(13 * 60, 23 * 60)  # 8am-6pm across the US time zones
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=UTC)


def weighted(rng: random.Random, options: Mapping[T, float]) -> T:
    """One key of ``options`` chosen with its value as weight."""
    keys = list(options)
    return rng.choices(keys, weights=[options[k] for k in keys])[0]


def some(rng: random.Random, items: Sequence[T], low: int, high: int) -> list[T]:
    """Between ``low`` and ``high`` distinct items, in their original order."""
    count = min(len(items), rng.randint(low, high))
    chosen = set(rng.sample(range(len(items)), count))
    return [item for i, item in enumerate(items) if i in chosen]


def token(rng: random.Random, length: int = 32) -> str:
    """A URL-safe token like ``secrets.token_urlsafe``, but drawn from the seeded generator."""
    return "".join(rng.choice(_TOKEN_ALPHABET) for _ in range(length))


def round_to(value: float, step: int) -> int:
    """``value`` rounded to a multiple of ``step`` (prices end in 0 or 5 like real ones)."""
    return int(round(value / step) * step)
