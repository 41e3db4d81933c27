"""What the profile template shows, prepared from a loaded listing (no queries here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from urllib.parse import quote_plus, urlsplit

from directory import boards, catalogue_data, facts, vocabulary
from directory.models import Device, Licence, Listing
from directory.services import listings

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}
NOT_KNOWN = catalogue_data.NOT_KNOWN


@dataclass
class LicenceRow:
    """One licence as the public sees it: never the document."""

    type: str
    number: str
    authority: str
    jurisdiction: str
    status: str
    verified_at: datetime | None
    expires_on: date | None
    recheck_due_on: date | None = None  # shown for verified licences without an expiry
    board: boards.Board | None = None  # the issuing board, when we know its public lookup

    @property
    def status_label(self) -> str:
        if self.status == "recheck_due":
            return "Due for re-verification"
        return vocabulary.LICENCE_STATUSES.get(self.status, self.status.capitalize())


def _vocabulary_order(slugs: list[str], mapping: dict) -> list[str]:
    order = {slug: i for i, slug in enumerate(mapping)}
    return sorted(slugs, key=lambda s: (order.get(s, len(order)), s))


class ProfileView:
    """The profile's derived facts: ordered lists, labels, the meta description."""

    not_known = NOT_KNOWN

    def __init__(self, listing: Listing, today: date | None = None) -> None:
        self.listing = listing
        self.today = today or date.today()

    @cached_property
    def verification(self) -> str:
        """``verified``, ``pending`` or ``unverified``."""
        return listings.verification_summary(self.listing)

    @cached_property
    def title(self) -> str:
        listing = self.listing
        name = f"{listing.name}, {listing.credentials}" if listing.credentials else listing.name
        return f"{name} — {self.profession} in {self.place}"

    @cached_property
    def profession(self) -> str:
        return vocabulary.PROFESSIONS.get(self.listing.profession, "Practitioner")

    @cached_property
    def place(self) -> str:
        return ", ".join(p for p in (self.listing.city, self.listing.state) if p)

    @cached_property
    def treatments(self) -> list[str]:
        slugs = [t.slug for t in self.listing.treatments]
        return [vocabulary.label(s) for s in _vocabulary_order(slugs, vocabulary.TREATMENTS)]

    @cached_property
    def concerns(self) -> list[str]:
        slugs = [c.slug for c in self.listing.concerns]
        return [vocabulary.label(s) for s in _vocabulary_order(slugs, vocabulary.CONCERNS)]

    @cached_property
    def devices(self) -> list[Device]:
        return sorted(self.listing.devices, key=lambda d: d.name.lower())

    @cached_property
    def skin_types(self) -> list[tuple[str, str]]:
        """(roman numeral, description) per Fitzpatrick type treated."""
        numbers = sorted(s.number for s in self.listing.skin_types)
        return [(ROMAN.get(n, str(n)), vocabulary.SKIN_TYPES.get(n, "")) for n in numbers]

    @cached_property
    def skin_type_summary(self) -> str:
        numbers = sorted(s.number for s in self.listing.skin_types)
        if numbers == list(range(1, 7)):
            return "All six Fitzpatrick skin types (I–VI)"
        return "Fitzpatrick types " + ", ".join(ROMAN.get(n, str(n)) for n in numbers)

    @cached_property
    def licences(self) -> list[LicenceRow]:
        return [self._licence_row(lic) for lic in listings.public_licences(self.listing)]

    def _licence_row(self, licence: Licence) -> LicenceRow:
        return LicenceRow(
            type=licence.type,
            number=licence.number,
            authority=licence.authority,
            jurisdiction=licence.jurisdiction,
            status=listings.licence_status(licence, self.today),
            verified_at=licence.verified_at,
            expires_on=licence.expires_on,
            recheck_due_on=licence.recheck_due_on if licence.status == "verified" else None,
            board=boards.find_board(licence.authority, licence.jurisdiction, licence.type),
        )

    @cached_property
    def years_experience(self) -> int | None:
        return self.listing.years_experience(self.today)

    @cached_property
    def numbing_cream(self) -> str:
        return {True: "Offered", False: "Not offered", None: "Not stated"}[
            self.listing.numbing_cream
        ]

    @cached_property
    def consultation(self) -> str:
        return vocabulary.CONSULTATIONS.get(self.listing.consultation, "Not stated")

    @cached_property
    def hours(self) -> list[facts.HoursRow]:
        """Monday to Sunday with today's row marked; empty when no hours are stated."""
        return facts.hours_table(self.listing.opening_hours or {}, self.today)

    @cached_property
    def opens_evenings(self) -> bool:
        return facts.opens_evenings(self.listing.opening_hours or {})

    @cached_property
    def opens_weekends(self) -> bool:
        return facts.opens_weekends(self.listing.opening_hours or {})

    @cached_property
    def languages(self) -> list[str]:
        chosen = set(self.listing.languages or [])
        return [label for slug, label in facts.LANGUAGES.items() if slug in chosen]

    @cached_property
    def payment_options(self) -> list[str]:
        chosen = set(self.listing.payment_options or [])
        return [label for slug, label in facts.PAYMENTS.items() if slug in chosen]

    @cached_property
    def gender(self) -> str | None:
        return facts.GENDERS.get(self.listing.gender or "")

    @cached_property
    def free_consultation(self) -> bool:
        return self.listing.consultation == "free"

    @cached_property
    def treatment_prices(self) -> list[tuple[str, int]]:
        """(treatment label, price per session) in vocabulary order."""
        prices = self.listing.treatment_prices or {}
        return [(label, prices[slug]) for slug, label in vocabulary.TREATMENTS.items()
                if slug in prices]  # fmt: skip

    @cached_property
    def street_lines(self) -> list[str]:
        listing = self.listing
        region = " ".join(p for p in (listing.state, listing.postal_code) if p)
        city_line = ", ".join(p for p in (listing.city, region) if p)
        return [line for line in (listing.clinic, listing.address, city_line) if line]

    @cached_property
    def map_url(self) -> str:
        """A plain link to OpenStreetMap search; nothing is loaded from it on this page."""
        query = ", ".join(self.street_lines[1:] if self.listing.clinic else self.street_lines)
        return f"https://www.openstreetmap.org/search?query={quote_plus(query)}"

    @cached_property
    def phone_href(self) -> str:
        digits = re.sub(r"[^\d+]", "", self.listing.phone.split("x")[0].split("ext")[0])
        return f"tel:{digits}" if digits else ""

    @cached_property
    def website_label(self) -> str:
        parts = urlsplit(self.listing.website)
        return (parts.hostname or self.listing.website).removeprefix("www.")

    @cached_property
    def website_safe(self) -> bool:
        """Only http(s) links are ever rendered as links (imported data is not trusted)."""
        return urlsplit(self.listing.website).scheme in ("http", "https")

    @cached_property
    def meta_description(self) -> str:
        listing = self.listing
        article = "an" if self.profession[0].lower() in "aeiou" else "a"
        parts = [f"{listing.name} is {article} {self.profession.lower()}"]
        if listing.clinic:
            parts[0] += f" at {listing.clinic}"
        parts[0] += f" in {self.place}." if self.place else "."
        if self.treatments:
            parts.append("Offers " + ", ".join(t.lower() for t in self.treatments[:3]) + ".")
        if listing.verified:
            parts.append("Licence verified.")
        if listing.rating_count:
            noun = "review" if listing.rating_count == 1 else "reviews"
            parts.append(f"Rated {listing.rating_average} from {listing.rating_count} {noun}.")
        text = " ".join(parts)
        return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "…"
