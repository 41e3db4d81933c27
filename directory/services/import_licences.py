"""The ``licences`` of an import line: checking them, and upserting them onto a listing.

A licence is identified by its issuing authority and number (compared without case), so a
second import updates the same licence instead of adding a copy. Licences the line does not
mention are kept: owners may have submitted them with documents. A line that calls a licence
"pending" leaves one a moderator has already decided on alone: a registry's self-reported
entry must not undo a check made against the licence document (re-importing a registry
export would otherwise take every verified badge away).

An import never verifies (CONTRACT section 4): a line saying ``"status": "verified"`` brings
the licence in as ``pending``, marked for moderators with the file and line that claimed it,
and it waits in the credential queue like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from directory import places
from directory.models import LICENCE_STATUSES, Licence, Listing

LICENCE_KEYS = ("type", "number", "authority", "jurisdiction", "expires_on", "status")
TEXT_LIMITS = {"type": 120, "number": 60, "authority": 160}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIDED = ("rejected", "revoked")  # statuses a person decided on (an import never verifies)


class Problems(Protocol):
    """Where the checks write what they find (the line being checked)."""

    reasons: list[str]
    notes: list[str]


@dataclass(frozen=True)
class LicenceRecord:
    """One valid licence of a line."""

    type: str
    number: str
    authority: str
    jurisdiction: str
    expires_on: date | None
    status: str
    claimed_verified: bool = False  # the line said "verified"; it arrives pending

    @property
    def key(self) -> tuple[str, str]:
        """How a licence is matched to one already stored."""
        return licence_key(self.authority, self.number)


def licence_key(authority: str, number: str) -> tuple[str, str]:
    """(authority, number) compared without case or repeated spaces."""
    return " ".join(authority.casefold().split()), " ".join(number.casefold().split())


def check_licences(
    value: Any, state: str | None, today: date, problems: Problems
) -> list[LicenceRecord]:
    """The licences of a line; problems go to ``problems.reasons`` as ``licences[N]...``."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.reasons.append("licences must be a list of objects")
        return []
    records: list[LicenceRecord] = []
    seen: dict[tuple[str, str], int] = {}
    for position, item in enumerate(value, 1):
        record = _check_one(item, f"licences[{position}]", state, today, problems)
        if record is None:
            continue
        if record.key in seen:
            problems.reasons.append(
                f"licences[{position}] repeats the authority and number of "
                f"licences[{seen[record.key]}]"
            )
            continue
        seen[record.key] = position
        records.append(record)
    return records


def _check_one(
    item: Any, where: str, state: str | None, today: date, problems: Problems
) -> LicenceRecord | None:
    if not isinstance(item, dict):
        problems.reasons.append(f"{where} must be an object")
        return None
    before = len(problems.reasons)
    unknown = sorted(set(item) - set(LICENCE_KEYS))
    if unknown:
        problems.reasons.append(
            f"{where} has unknown field " + ", ".join(f'"{k}"' for k in unknown)
        )
    text: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        value = item.get(name)
        if not isinstance(value, str) or not value.strip():
            problems.reasons.append(f"{where}.{name} is missing")
        elif len(value.strip()) > limit:
            problems.reasons.append(f"{where}.{name} is longer than {limit} characters")
        else:
            text[name] = " ".join(value.split())
    jurisdiction = _jurisdiction(item.get("jurisdiction"), state, where, problems)
    expires_on = _day(item.get("expires_on"), f"{where}.expires_on", problems)
    status = item.get("status") or "pending"
    if status not in LICENCE_STATUSES:
        problems.reasons.append(
            f"{where}.status {status!r} is not one of {', '.join(LICENCE_STATUSES)}"
        )
    if len(problems.reasons) > before or jurisdiction is None:
        return None
    claimed = status == "verified"
    if claimed and expires_on is not None and expires_on < today:
        # A lapsed licence verifies nothing: there is nothing left for a moderator to check.
        status, claimed = "expired", False
        problems.notes.append(f"{where} expired on {expires_on}; imported as expired")
    elif claimed:
        status = "pending"  # an import never verifies: a moderator checks it first
    return LicenceRecord(
        text["type"], text["number"], text["authority"], jurisdiction, expires_on, status, claimed
    )


def _jurisdiction(value: Any, state: str | None, where: str, problems: Problems) -> str | None:
    """``US-TX``, ``TX`` or ``Texas`` -> ``US-TX``; the listing's state when absent."""
    if value in (None, ""):
        if state:
            return f"US-{state}"
        problems.reasons.append(f"{where}.jurisdiction is missing and the line has no state")
        return None
    code = places.state_code(value.removeprefix("US-")) if isinstance(value, str) else None
    if code is None:
        problems.reasons.append(
            f'{where}.jurisdiction must be a US state such as "US-TX" (got {value!r})'
        )
        return None
    return f"US-{code}"


def _day(value: Any, where: str, problems: Problems) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and _DAY.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.reasons.append(f"{where} must be a date as YYYY-MM-DD (got {value!r})")
    return None


def new_licence_row(
    listing_id: int, record: LicenceRecord, now: datetime, source: str = ""
) -> dict[str, Any]:
    """The ``licences`` row of a record on a listing the import creates: what
    ``upsert_licences`` gives a licence it adds, as column values for one INSERT."""
    return {
        "listing_id": listing_id,
        "type": record.type,
        "number": record.number,
        "authority": record.authority,
        "jurisdiction": record.jurisdiction,
        "expires_on": record.expires_on,
        "status": record.status,
        "submitted_at": now,
        "decided_at": now if record.status in _DECIDED else None,
        "source_claim": source if record.claimed_verified else "",
    }


def upsert_licences(
    listing: Listing, records: list[LicenceRecord], now: datetime, source: str = ""
) -> None:
    """Add or update the listing's licences from the line's records; ``source`` (file and
    line) is kept on a licence the line claims is verified, for the moderators' queue."""
    stored = {licence_key(lic.authority, lic.number): lic for lic in listing.licences}
    for record in records:
        licence = stored.get(record.key)
        if licence is not None and record.status == "pending" and licence.status != "pending":
            continue  # decided by a moderator (or an earlier authoritative import)
        if licence is None:
            licence = Licence(submitted_at=now, status="pending")
            listing.licences.append(licence)
            stored[record.key] = licence
        licence.type, licence.number = record.type, record.number
        licence.authority, licence.jurisdiction = record.authority, record.jurisdiction
        licence.expires_on = record.expires_on
        if licence.status == "pending" or licence.id is None:
            # The first file that claimed it is kept: re-importing the same claim from a
            # newer export changes nothing; a line no longer claiming it clears the mark.
            claim = (licence.source_claim or source) if record.claimed_verified else ""
            if (licence.source_claim or "") != claim:
                licence.source_claim = claim
        if licence.status != record.status or licence.id is None:
            licence.status = record.status
            if record.status in _DECIDED:
                licence.decided_at = now
