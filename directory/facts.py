"""Listing facts patients filter on (issue 11): languages, opening hours, payment options,
gender and per-treatment prices. Pure functions and vocabularies, no database: the edit form,
the importer, the profile, the API and the search document all read them from here, so "open
evenings" means the same thing everywhere.

Opening hours are a dict ``{"mon": ["09:00", "17:00"], ...}``: one opening per weekday, a day
left out is closed. "Evenings" and "weekends" are derived from them, never entered by hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from search.vocabulary import (
    FEATURE_LABELS,
    FINANCING,
    GENDER_LABELS,
    LANGUAGE_LABELS,
    PAYMENT_LABELS,
)

LANGUAGES = LANGUAGE_LABELS
PAYMENTS = PAYMENT_LABELS
GENDERS = GENDER_LABELS
FEATURES = FEATURE_LABELS
FINANCING_OPTIONS = FINANCING
DAYS = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
WEEKEND = ("sat", "sun")
EVENING_STARTS = "18:00"  # open after this on some day counts as "evenings"
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
PRICE_LIMIT = 100_000  # whole currency units per session, as the price range


class FactError(ValueError):
    """A fact that cannot be stored; the message is safe to show to the person who typed it."""


def normal_time(text: Any) -> str:
    """``"9:30"`` -> ``"09:30"``; FactError for anything that is not a 24-hour time."""
    match = _TIME.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise FactError(f"{_shown(text)} is not a time: use 24-hour HH:MM, such as 09:00 or 18:30.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def check_day(day: str, opens: Any, closes: Any) -> list[str] | None:
    """One day's ``[opens, closes]``, or None when both are empty (closed that day)."""
    if not opens and not closes:
        return None
    label = DAYS[day]
    if not opens or not closes:
        raise FactError(f"{label}: give both an opening and a closing time, or neither.")
    start, end = normal_time(opens), normal_time(closes)
    if end <= start:
        raise FactError(f"{label}: closing time {end} must be after opening time {start}.")
    return [start, end]


def check_hours(value: Any) -> dict[str, list[str]]:
    """Opening hours from the import format (``{"mon": ["09:00", "17:00"], ...}``) in week
    order; FactError naming the first problem."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FactError(f"must be an object of weekdays (got {_shown(value)})")
    unknown = sorted(str(day) for day in value if day not in DAYS)
    if unknown:
        raise FactError(f"unknown weekday {', '.join(unknown)}: use {', '.join(DAYS)}")
    hours: dict[str, list[str]] = {}
    for day in DAYS:
        span = value.get(day)
        if span is None:
            continue
        if not isinstance(span, list) or len(span) != 2:
            raise FactError(f'{day} must be [opens, closes], such as ["09:00", "17:00"]')
        checked = check_day(day, span[0], span[1])
        if checked:
            hours[day] = checked
    return hours


def opens_evenings(hours: Mapping[str, list[str]]) -> bool:
    """Open after 18:00 on at least one day."""
    return any(span[1] > EVENING_STARTS for span in hours.values())


def opens_weekends(hours: Mapping[str, list[str]]) -> bool:
    """Open on Saturday or Sunday."""
    return any(day in hours for day in WEEKEND)


def check_slugs(values: Any, known: Mapping[str, str], noun: str) -> list[str]:
    """A list of vocabulary slugs, duplicates dropped, in vocabulary order."""
    if values is None:
        return []
    if not isinstance(values, list):
        raise FactError(f"must be a list of {noun} (got {_shown(values)})")
    unknown = [_shown(v) for v in values if not isinstance(v, str) or v not in known]
    if unknown:
        raise FactError(f"unknown {noun} {', '.join(unknown)}: use {', '.join(known)}")
    return [slug for slug in known if slug in values]


def check_gender(value: Any) -> str | None:
    """A self-declared gender slug, or None ("prefer not to say" is stored as absent)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in GENDERS:
        raise FactError(f"unknown gender {_shown(value)}: use {', '.join(GENDERS)} or null")
    return value


def check_prices(value: Any, treatments: Mapping[str, str]) -> dict[str, int]:
    """Per-treatment prices (``{"microneedling": 250}``), whole units per session, for
    treatments in ``treatments`` (slug -> label); FactError naming the first problem."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FactError(f"must be an object of treatment prices (got {_shown(value)})")
    prices: dict[str, int] = {}
    for slug, price in value.items():
        if slug not in treatments:
            raise FactError(f"{_shown(slug)} is not a treatment offered here")
        if isinstance(price, bool) or not isinstance(price, int | float) or price != int(price):
            raise FactError(f"the price of {slug} must be a whole number (got {_shown(price)})")
        if not 0 <= price <= PRICE_LIMIT:
            raise FactError(f"the price of {slug} must be from 0 to {PRICE_LIMIT:,}")
        prices[slug] = int(price)
    return {slug: prices[slug] for slug in treatments if slug in prices}


# The facts checked on their own (prices depend on the treatments offered: ``check_prices``).
SIMPLE_FACTS = ("languages", "payment_options", "gender", "opening_hours")


def check_fact(name: str, value: Any) -> Any:
    """One of SIMPLE_FACTS, checked and normalised; FactError naming the problem."""
    if name == "languages":
        return check_slugs(value, LANGUAGES, "language")
    if name == "payment_options":
        return check_slugs(value, PAYMENTS, "payment option")
    if name == "gender":
        return check_gender(value)
    return check_hours(value)


def price_range(prices: Mapping[str, int]) -> tuple[int | None, int | None]:
    """(lowest, highest) of per-treatment prices; (None, None) when there are none."""
    if not prices:
        return None, None
    return min(prices.values()), max(prices.values())


@dataclass
class HoursRow:
    """One weekday of the profile's hours table."""

    day: str
    label: str
    opens: str | None
    closes: str | None
    today: bool

    @property
    def text(self) -> str:
        return f"{self.opens}–{self.closes}" if self.opens else "Closed"


def hours_table(hours: Mapping[str, list[str]], today: date) -> list[HoursRow]:
    """Monday to Sunday with their hours, today's row marked; empty when no hours are known."""
    if not hours:
        return []
    weekday = list(DAYS)[today.weekday()]
    rows = []
    for day, label in DAYS.items():
        span = hours.get(day)
        rows.append(
            HoursRow(
                day, label, span[0] if span else None, span[1] if span else None, day == weekday
            )
        )
    return rows


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 40 else text[:37] + "..."
