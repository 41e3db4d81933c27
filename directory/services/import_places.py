"""Where an imported practitioner is: country, state, ZIP code and coordinates of a line.

Coordinates come from the line's ``lat``/``lon`` when given, else from the gazetteer: the ZIP
code first (it is the most precise), then the city and state. A ZIP code is also more precise
than a state: when the ZIP's city is the line's city, a state that disagrees is a typo and is
corrected with a note; any other disagreement rejects the line rather than guess.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Protocol

from directory import places

SUPPORTED_COUNTRY = "US"  # the gazetteer, the licensing boards and the vocabulary are US only
_POSTAL = re.compile(r"^(\d{5})(?:-?(\d{4}))?$")


class LineProblems(Protocol):
    """The line being checked: its raw data, cleaned fields and what is wrong or noted."""

    data: dict[str, Any]
    fields: dict[str, Any]
    reasons: list[str]
    notes: list[str]


def shown(value: Any) -> str:
    """A value as it was written in the line (JSON), cut short, for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def check_location(line: LineProblems) -> None:
    """Clean country, state, postal_code, lat and lon; then place the line if they are sound."""
    before = len(line.reasons)
    _country(line)
    _state(line)
    _postal_code(line)
    _coordinates(line)
    sound = len(line.reasons) == before  # else guessing a place would mislead
    if sound and "city" in line.fields and "country" in line.fields:
        _place(line)


def _country(line: LineProblems) -> None:
    country = line.data.get("country")
    if not isinstance(country, str) or not country.strip():
        return  # reported as a missing required field
    if country.strip().upper() == SUPPORTED_COUNTRY:
        line.fields["country"] = SUPPORTED_COUNTRY
    else:
        line.reasons.append(
            f"country {shown(country)} is not supported: "
            f'Needlewise lists practitioners in the US only ("US")'
        )


def _state(line: LineProblems) -> None:
    if "state" not in line.data:
        return
    state = line.data["state"]
    if state in (None, ""):
        line.fields["state"] = ""
        return
    code = places.state_code(state) if isinstance(state, str) else None
    if code:
        line.fields["state"] = code
    else:
        line.reasons.append(f"state {shown(state)} is not a US state or its 2-letter code")


def _postal_code(line: LineProblems) -> None:
    if "postal_code" not in line.data:
        return
    postal = line.data["postal_code"]
    if postal in (None, ""):
        line.fields["postal_code"] = ""
        return
    match = _POSTAL.match(postal.strip()) if isinstance(postal, str) else None
    if match:
        line.fields["postal_code"] = "-".join(part for part in match.groups() if part)
    else:
        line.reasons.append(
            f'postal_code must be a ZIP code such as "78701" or "78701-1234" (got {shown(postal)})'
        )


def _coordinates(line: LineProblems) -> None:
    if "lat" not in line.data and "lon" not in line.data:
        return
    found = []
    for name, limit in (("lat", 90), ("lon", 180)):
        value: Any = line.data.get(name)  # JSON: checked just below
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and math.isfinite(value) and abs(value) <= limit:
            found.append(float(value))
        else:
            line.reasons.append(
                f"{name} must be a number from -{limit} to {limit} (got {shown(value)})"
            )
    if len(found) == 2:
        line.fields["lat"], line.fields["lon"] = found


def _place(line: LineProblems) -> None:
    fields = line.fields
    city, state, postal = fields["city"], fields.get("state", ""), fields.get("postal_code", "")
    zip_place = places.lookup_zip(postal) if postal else None
    if zip_place is not None:
        if state and state != zip_place.state:
            if places.normalise_city(city) != places.normalise_city(zip_place.city):
                line.reasons.append(
                    f"postal_code {postal} is in {zip_place.city}, {zip_place.state}, "
                    f"not in {city}, {state}"
                )
                return
            line.notes.append(
                f'state "{state}" corrected to "{zip_place.state}" to match postal code '
                f"{postal} ({zip_place.city}, {zip_place.state})"
            )
        fields["state"] = zip_place.state
        if "lat" not in fields:
            fields["lat"], fields["lon"] = zip_place.lat, zip_place.lon
        return
    if "lat" in fields:
        return
    city_place = places.find_city(city, state) if state else None
    if city_place is None:
        where = f"{city}, {state}" if state else city
        line.reasons.append(
            f'unknown place "{where}": give lat and lon, a known postal_code, '
            "or a US city and its state"
        )
        return
    if postal:
        line.notes.append(
            f"postal code {postal} is not in the gazetteer; placed at the centre of "
            f"{city_place.city}, {city_place.state}"
        )
    fields["lat"], fields["lon"] = city_place.lat, city_place.lon
