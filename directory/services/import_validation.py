"""Checks one line of the practitioner import (CONTRACT section 4) and turns it into a record.

Every problem of a line is collected, so the operator fixes a line in one go. Keys left out
of a line leave an existing listing's value alone and ``null`` clears it; tag lists present in
the line replace the listing's, and its licences are upserted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from directory import facts, vocabulary
from directory.extensions import db
from directory.models import Concern, Device, Profession, SkinType, Treatment
from directory.models.listings import CONSULTATION_TERMS
from directory.services.import_licences import LicenceRecord, check_licences
from directory.services.import_places import check_location, shown
from directory.services.listings import EARLIEST_PRACTICE_YEAR

REQUIRED = ("external_id", "name", "profession", "city", "country")
TEXT_LIMITS = {
    "external_id": 80,
    "name": 120,
    "credentials": 120,
    "clinic": 160,
    "bio": 10_000,
    "address": 200,
    "city": 100,
    "phone": 40,
    "website": 300,
}
# The owner's edit form accepts the same years, so an imported listing stays editable.
FIRST_PRACTICE_YEAR = EARLIEST_PRACTICE_YEAR
WHOLE_NUMBERS = {  # field -> (lowest, highest); practicing_since ends at the current year
    "practicing_since": (FIRST_PRACTICE_YEAR, None),
    "procedures_performed": (0, 10_000_000),
    "price_min": (0, 100_000),
    "price_max": (0, 100_000),
}
FLAGS = ("numbing_cream", "accepting_new_patients")
TAG_LISTS = ("treatments", "concerns", "devices", "skin_types")
PLACE_KEYS = ("state", "postal_code", "country", "lat", "lon")
OTHER_KEYS = ("profession", "currency", "consultation", "licences")
# Optional facts (issue 11); a file without them imports as before.
FACT_KEYS = ("languages", "payment_options", "gender", "opening_hours", "treatment_prices")
KNOWN_KEYS = frozenset(
    (*TEXT_LIMITS, *WHOLE_NUMBERS, *FLAGS, *TAG_LISTS, *PLACE_KEYS, *OTHER_KEYS, *FACT_KEYS)
)
_WEBSITE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


class InvalidLine(ValueError):
    """A line that cannot be imported; ``reasons`` say why, ``external_id`` if it was readable."""

    def __init__(self, reasons: list[str], external_id: str | None = None) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons
        self.external_id = external_id


@dataclass(frozen=True)
class Catalogue:
    """The slugs a line may use, read once per import."""

    professions: frozenset[str]
    treatments: frozenset[str]
    concerns: frozenset[str]
    devices: frozenset[str]
    skin_types: frozenset[int]

    @classmethod
    def load(cls) -> Catalogue:
        """Read every catalogue table (five small queries)."""

        def keys(column) -> frozenset:
            return frozenset(db.session.scalars(db.select(column)))

        return cls(
            keys(Profession.slug),
            keys(Treatment.slug),
            keys(Concern.slug),
            keys(Device.slug),
            keys(SkinType.number),
        )


@dataclass
class ListingRecord:
    """A valid line: the columns to set, the tag lists to replace, the licences to upsert."""

    external_id: str
    fields: dict[str, Any]
    tags: dict[str, list] = field(default_factory=dict)
    licences: list[LicenceRecord] | None = None
    notes: list[str] = field(default_factory=list)


def decode(raw: bytes, first: bool = False) -> dict[str, Any]:
    """The JSON object of one raw line; raises InvalidLine for bad UTF-8 or bad JSON."""
    try:
        text = raw.decode("utf-8-sig" if first else "utf-8").rstrip("\r\n")
    except UnicodeDecodeError as error:
        raise InvalidLine([f"not valid UTF-8 (byte {error.start + 1})"]) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidLine([f"not valid JSON: {error.msg} at column {error.colno}"]) from error
    if not isinstance(data, dict):
        raise InvalidLine([f"expected a JSON object, got {type(data).__name__}"])
    return data


def parse_line(raw: bytes, catalogue: Catalogue, today: date, first: bool = False) -> ListingRecord:
    """Validate one raw line; returns its record or raises InvalidLine with every reason."""
    return parse_data(decode(raw, first), catalogue, today)


def parse_data(data: dict[str, Any], catalogue: Catalogue, today: date) -> ListingRecord:
    """Validate one decoded line (a dict in the import format); as ``parse_line``."""
    line = _Line(data, catalogue, today)
    line.check()
    external_id = line.data.get("external_id")
    if line.reasons:
        readable = external_id.strip() if isinstance(external_id, str) else ""
        raise InvalidLine(line.reasons, readable or None)
    return ListingRecord(
        line.fields.pop("external_id"), line.fields, line.tags, line.licences, line.notes
    )


class _Line:
    """The checks of one decoded line; problems accumulate in ``reasons``."""

    def __init__(self, data: dict[str, Any], catalogue: Catalogue, today: date) -> None:
        self.data, self.catalogue, self.today = data, catalogue, today
        self.reasons: list[str] = []
        self.notes: list[str] = []
        self.fields: dict[str, Any] = {}
        self.tags: dict[str, list] = {}
        self.licences: list[LicenceRecord] | None = None

    def check(self) -> None:
        data = self.data
        unknown = sorted(set(data) - KNOWN_KEYS)
        if unknown:
            self.reasons.append("unknown field " + ", ".join(f'"{key}"' for key in unknown))
        for name in REQUIRED:
            value = data.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.reasons.append(f'missing required field "{name}"')
        for name, limit in TEXT_LIMITS.items():
            if name in data:
                self.text(name, limit)
        for name, (low, high) in WHOLE_NUMBERS.items():
            if name in data:
                self.whole(name, low, high or self.today.year)
        for name in FLAGS:
            if name in data:
                self.flag(name)
        self.choice("profession", self.catalogue.professions, "profession")
        self.choice("consultation", CONSULTATION_TERMS, "consultation (free, paid, credited, none)")
        self.cross_checks()
        check_location(self)  # before the licences: it may correct the state they default to
        for name in TAG_LISTS:
            if name in data:
                self.tag_list(name)
        self.facts()
        if "licences" in data:
            state = self.fields.get("state")
            self.licences = check_licences(data["licences"], state, self.today, self)

    def text(self, name: str, limit: int) -> None:
        value = self.data[name]
        if value is None:
            self.fields[name] = ""
        elif not isinstance(value, str):
            self.reasons.append(f"{name} must be a string (got {shown(value)})")
        elif len(value.strip()) > limit:
            self.reasons.append(f"{name} is longer than {limit} characters")
        else:
            self.fields[name] = value.strip()

    def whole(self, name: str, low: int, high: int) -> None:
        value = self.data[name]
        if value is None:
            self.fields[name] = None
        elif isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            self.reasons.append(f"{name} must be a whole number (got {shown(value)})")
        elif not low <= value <= high:
            self.reasons.append(f"{name} must be from {low} to {high} (got {shown(value)})")
        else:
            self.fields[name] = int(value)

    def flag(self, name: str) -> None:
        value = self.data[name]
        if value is not None and not isinstance(value, bool):
            self.reasons.append(f"{name} must be true, false or null (got {shown(value)})")
        elif name == "accepting_new_patients":
            self.fields[name] = value is not False  # null: the default, accepting
        else:
            self.fields[name] = value

    def choice(self, name: str, allowed, noun: str) -> None:
        value = self.data.get(name)
        if value is None:
            return  # a missing profession is reported as a missing required field
        if isinstance(value, str) and value in allowed:
            self.fields[name] = value
        else:
            self.reasons.append(f"unknown {noun} {shown(value)}")

    def cross_checks(self) -> None:
        data, fields = self.data, self.fields
        low, high = fields.get("price_min"), fields.get("price_max")
        if low is not None and high is not None and low > high:
            self.reasons.append(f"price_min ({low}) is more than price_max ({high})")
        website = fields.get("website")
        if website and not _WEBSITE.match(website):
            self.reasons.append(
                f"website must be an http:// or https:// address (got {shown(website)})"
            )
        if "currency" in data:
            currency = data["currency"]
            if isinstance(currency, str) and re.fullmatch(r"[A-Za-z]{3}", currency.strip()):
                fields["currency"] = currency.strip().upper()
            else:
                self.reasons.append(
                    f"currency must be a 3-letter code such as USD (got {shown(currency)})"
                )

    def facts(self) -> None:
        """The optional facts; per-treatment prices set the price range when present."""
        data = self.data
        for name in facts.SIMPLE_FACTS:
            if name in data:
                try:
                    self.fields[name] = facts.check_fact(name, data[name])
                except facts.FactError as error:
                    self.reasons.append(f"{name}: {error}")
        if "treatment_prices" not in data:
            return
        # Prices must be for treatments the line offers; without a treatments list, for any.
        offered = data.get("treatments")
        treatments = {slug: label for slug, label in vocabulary.TREATMENTS.items()
                      if not isinstance(offered, list) or slug in offered}  # fmt: skip
        try:
            prices = facts.check_prices(data["treatment_prices"], treatments)
        except facts.FactError as error:
            self.reasons.append(f"treatment_prices: {error}")
            return
        self.fields["treatment_prices"] = prices
        if prices:
            self.fields["price_min"], self.fields["price_max"] = facts.price_range(prices)

    def tag_list(self, name: str) -> None:
        value = self.data[name]
        if value is None:
            self.tags[name] = []
            return
        if not isinstance(value, list):
            self.reasons.append(f"{name} must be a list (got {shown(value)})")
            return
        known = getattr(self.catalogue, name)
        noun = name[:-1].replace("_", " ")
        wanted = int if name == "skin_types" else str
        keys: list = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, wanted) or item not in known:
                self.reasons.append(f"unknown {noun} {shown(item)}")
            elif item not in keys:
                keys.append(item)
        self.tags[name] = keys
