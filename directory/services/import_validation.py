"""Checks one line of the practitioner import (CONTRACT section 4) and turns it into a record.

Every problem of a line is collected, so the operator fixes a line once. Absent optional keys
leave an existing listing's value alone; ``null`` clears it; lists and licences present in the
line replace the listing's tags and upsert its licences.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from directory import places
from directory.extensions import db
from directory.models import Concern, Device, Profession, SkinType, Treatment
from directory.models.listings import CONSULTATION_TERMS
from directory.services.import_licences import LicenceRecord, check_licences

REQUIRED = ("external_id", "name", "profession", "city", "country")
TEXT_LIMITS = {
    "external_id": 80, "name": 120, "credentials": 120, "clinic": 160, "bio": 10_000,
    "address": 200, "city": 100, "phone": 40, "website": 300,
}  # fmt: skip
WHOLE_NUMBERS = {  # field -> (lowest, highest); the upper year bound is checked separately
    "practicing_since": (1940, 9999), "procedures_performed": (0, 10_000_000),
    "price_min": (0, 100_000), "price_max": (0, 100_000),
}  # fmt: skip
FLAGS = ("numbing_cream", "accepting_new_patients")
TAG_LISTS = ("treatments", "concerns", "devices", "skin_types")
OTHER_KEYS = ("state", "postal_code", "country", "lat", "lon", "currency", "consultation")
KNOWN_KEYS = frozenset((*TEXT_LIMITS, *WHOLE_NUMBERS, *FLAGS, *TAG_LISTS, *OTHER_KEYS, "profession",
                        "licences"))  # fmt: skip
SUPPORTED_COUNTRY = "US"  # the gazetteer, the boards and the vocabulary are all US
_POSTAL = re.compile(r"^(\d{5})(?:-?(\d{4}))?$")


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
            keys(Profession.slug), keys(Treatment.slug), keys(Concern.slug),
            keys(Device.slug), keys(SkinType.number),
        )  # fmt: skip


@dataclass
class ListingRecord:
    """A valid line: the columns to set, the tag lists to replace, the licences to upsert."""

    external_id: str
    fields: dict[str, Any]
    tags: dict[str, list] = field(default_factory=dict)
    licences: list[LicenceRecord] | None = None
    notes: list[str] = field(default_factory=list)


def shown(value: Any) -> str:
    """A value as JSON, cut short, for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def decode(raw: bytes, first: bool) -> Any:
    """The JSON object of one raw line; raises InvalidLine for bad UTF-8 or bad JSON."""
    try:
        text = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as error:
        raise InvalidLine([f"not valid UTF-8 (byte {error.start + 1})"]) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidLine([f"not valid JSON: {error.msg} at column {error.colno}"]) from error
    if not isinstance(data, dict):
        raise InvalidLine([f"expected a JSON object, got {type(data).__name__}"])
    return data


class _Line:
    """The checks of one decoded line; problems accumulate in ``reasons``."""

    def __init__(self, data: dict[str, Any], catalogue: Catalogue, today: date) -> None:
        self.data, self.catalogue, self.today = data, catalogue, today
        self.reasons: list[str] = []
        self.notes: list[str] = []
        self.fields: dict[str, Any] = {}
        self.place_fields_ok = True

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
            self.reasons.append(f"{name} must be between {low} and {high} (got {shown(value)})")
        else:
            self.fields[name] = int(value)

    def flag(self, name: str) -> None:
        value = self.data[name]
        if value is not None and not isinstance(value, bool):
            self.reasons.append(f"{name} must be true, false or null (got {shown(value)})")
        elif name == "accepting_new_patients":
            self.fields[name] = value is not False  # null: the listing's default, accepting
        else:
            self.fields[name] = value

    def coordinate(self, name: str, limit: int) -> float | None:
        value = self.data.get(name)
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not math.isfinite(value) or abs(value) > limit:
            self.reasons.append(f"{name} must be a number from -{limit} to {limit} "
                                f"(got {shown(value)})")  # fmt: skip
            return None
        return float(value)

    def tag_list(self, name: str) -> list | None:
        value = self.data[name]
        if value is None:
            return []
        if not isinstance(value, list):
            self.reasons.append(f"{name} must be a list (got {shown(value)})")
            return None
        known = getattr(self.catalogue, name)
        noun = name[:-1].replace("_", " ")
        wanted = int if name == "skin_types" else str
        out: list = []
        for item in value:
            if not isinstance(item, wanted) or isinstance(item, bool) or item not in known:
                self.reasons.append(f"unknown {noun} {shown(item)}")
            elif item not in out:
                out.append(item)
        return out


def parse_line(raw: bytes, catalogue: Catalogue, today: date, first: bool = False) -> ListingRecord:
    """Validate one raw line; returns its record or raises InvalidLine with every reason."""
    data = decode(raw, first)
    external_id = data.get("external_id")
    external_id = external_id.strip() if isinstance(external_id, str) else None
    line = _Line(data, catalogue, today)
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        line.reasons.append("unknown field " + ", ".join(f'"{key}"' for key in unknown))
    for name in REQUIRED:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            line.reasons.append(f'missing required field "{name}"')
    _check_scalars(line)
    tags = {name: line.tag_list(name) for name in TAG_LISTS if name in data}
    if "city" in line.fields and "country" in line.fields:
        _place(line)  # first: it may correct the state the licences default to
    licences = None
    if "licences" in data:
        licences = check_licences(data["licences"], line.fields.get("state"), today, line)
    if line.reasons:
        raise InvalidLine(line.reasons, external_id or None)
    return ListingRecord(line.fields.pop("external_id"), line.fields, tags, licences, line.notes)


def _check_scalars(line: _Line) -> None:
    data, fields = line.data, line.fields
    for name, limit in TEXT_LIMITS.items():
        if name in data:
            line.text(name, limit)
    for name, (low, high) in WHOLE_NUMBERS.items():
        if name in data:
            line.whole(name, low, line.today.year if name == "practicing_since" else high)
    for name in FLAGS:
        if name in data:
            line.flag(name)
    low, high = fields.get("price_min"), fields.get("price_max")
    if low is not None and high is not None and low > high:
        line.reasons.append(f"price_min ({low}) is more than price_max ({high})")
    if fields.get("website") and not re.match(r"^https?://[^\s/]+\.[^\s]+$", fields["website"]):
        line.reasons.append(f"website must be an http:// or https:// address "
                            f"(got {shown(fields['website'])})")  # fmt: skip
    _choice(line, "profession", line.catalogue.professions, "profession")
    _choice(line, "consultation", CONSULTATION_TERMS, "consultation (free, paid, credited, none)")
    _check_place_fields(line)
    if "currency" in data:
        currency = data["currency"]
        if isinstance(currency, str) and re.fullmatch(r"[A-Za-z]{3}", currency.strip()):
            fields["currency"] = currency.strip().upper()
        else:
            line.reasons.append(f"currency must be a 3-letter code such as USD "
                                f"(got {shown(currency)})")  # fmt: skip


def _choice(line: _Line, name: str, allowed, noun: str) -> None:
    if name in line.data and line.data[name] is not None:
        value = line.data[name]
        if value in allowed:
            line.fields[name] = value
        else:
            line.reasons.append(f"unknown {noun} {shown(value)}")


def _check_place_fields(line: _Line) -> None:
    data, fields = line.data, line.fields
    country = data.get("country")
    if isinstance(country, str) and country.strip():
        if country.strip().upper() == SUPPORTED_COUNTRY:
            fields["country"] = SUPPORTED_COUNTRY
        else:
            line.reasons.append(f"country {shown(country)} is not supported: Needlewise lists "
                                f'practitioners in the US only ("US")')  # fmt: skip
    state = data.get("state")
    if state not in (None, ""):
        code = places.state_code(state) if isinstance(state, str) else None
        if code:
            fields["state"] = code
        else:
            line.reasons.append(f"state {shown(state)} is not a US state or its 2-letter code")
            line.place_fields_ok = False
    elif "state" in data:
        fields["state"] = ""
    postal = data.get("postal_code")
    if postal not in (None, ""):
        match = _POSTAL.match(postal.strip()) if isinstance(postal, str) else None
        if match:
            fields["postal_code"] = "-".join(part for part in match.groups() if part)
        else:
            line.reasons.append(f'postal_code must be a ZIP code such as "78701" or '
                                f'"78701-1234" (got {shown(postal)})')  # fmt: skip
            line.place_fields_ok = False
    elif "postal_code" in data:
        fields["postal_code"] = ""
    if "lat" in data or "lon" in data:
        lat, lon = line.coordinate("lat", 90), line.coordinate("lon", 180)
        if lat is not None and lon is not None:
            fields["lat"], fields["lon"] = lat, lon
        else:
            line.place_fields_ok = False


def _place(line: _Line) -> None:
    """Coordinates (and a missing state) from the postal code or the city when lat/lon are absent.

    A ZIP code is more precise than a state: when the ZIP's city is the line's city, a state
    that disagrees is a typo and is corrected (with a note); any other disagreement rejects."""
    fields = line.fields
    if not line.place_fields_ok:
        return  # the state, ZIP or coordinates are already reported; guessing would mislead
    city, state, postal = fields["city"], fields.get("state", ""), fields.get("postal_code", "")
    zip_place = places.lookup_zip(postal) if postal else None
    if zip_place is not None:
        if state and state != zip_place.state:
            same_city = places.normalise_city(city) == places.normalise_city(zip_place.city)
            if not same_city:
                line.reasons.append(f"postal_code {postal} is in {zip_place.city}, "
                                    f"{zip_place.state}, not in {city}, {state}")  # fmt: skip
                return
            line.notes.append(f'state "{state}" corrected to "{zip_place.state}" to match '
                              f"postal code {postal} ({zip_place.city}, {zip_place.state})")  # fmt: skip
        fields["state"] = zip_place.state
        if "lat" not in fields:
            fields["lat"], fields["lon"] = zip_place.lat, zip_place.lon
        return
    if "lat" in fields:
        return
    city_place = places.find_city(city, state) if state else None
    if city_place is None:
        where = f"{city}, {state}" if state else city
        line.reasons.append(f'unknown place "{where}": give lat and lon, a known postal_code, '
                            f"or a US city and its state")  # fmt: skip
        return
    if postal:
        line.notes.append(f"postal code {postal} is not in the gazetteer; placed at the "
                          f"centre of {city_place.city}, {city_place.state}")  # fmt: skip
    fields["lat"], fields["lon"] = city_place.lat, city_place.lon
