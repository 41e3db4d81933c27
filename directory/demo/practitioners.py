"""The demo listings: who practises where, their clinic, bio, licences and owner account.

Every city gets at least one listing before bigger markets get more; the first listings force
every licence story to appear (so even a small load has every licence status); estheticians
in states that bar them from micro-needling only ever have pending or rejected licences.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from directory.demo.accounts import DemoPeople, owner_account
from directory.demo.audit import AuditTrail
from directory.demo.bios import compose_bio
from directory.demo.cities import CITIES, ESTHETICIAN_BARRED_STATES, City
from directory.demo.clinics import clinic_name
from directory.demo.common import BASE_DATE, at, weighted
from directory.demo.documents import DocumentStore
from directory.demo.facts import demo_facts
from directory.demo.licences import LicenceMaker, story_for
from directory.demo.names import practitioner_name
from directory.demo.profiles import (
    PROFESSION_WEIGHTS,
    Profile,
    credentials_for,
    fill_practice,
    fill_prices_and_terms,
    place_in,
)
from directory.extensions import db
from directory.models import Concern, Device, Listing, SkinType, Treatment, User
from directory.slugs import slugify, unique_slug

# The demo practitioner account's three listings: one clinic in Austin, three people.
# The flagship shows everything a profile can: set by hand rather than left to chance.
FLAGSHIP = {
    "practicing_since": 2009,
    "procedures_performed": 2400,
    "treatments": ["microneedling", "prp_microneedling", "rf_microneedling", "chemical_peel"],
    "devices": ["skinpen_precision", "morpheus8"],
    "concerns": ["acne_scars", "texture", "fine_lines", "hyperpigmentation", "surgical_scars"],
    "skin_types": [1, 2, 3, 4, 5, 6],
    "price_min": 350,
    "price_max": 1200,
    "numbing_cream": True,
    "consultation": "credited",
    "consultation_notes": "$100 consultation, credited towards your first treatment.",
}
OWNED: tuple[tuple[str, str, str, str, str, str, dict[str, Any]], ...] = (
    ("Amara", "Okafor", "f", "dermatologist", "MD, FAAD", "verified", FLAGSHIP),
    ("Lena", "Hoffman", "f", "registered_nurse", "RN, BSN, CANS", "verified_soon", {}),
    ("Sofia", "Reyes", "f", "nurse_practitioner", "MSN, APRN-CNP", "pending", {}),
)
OWNED_CLINIC = "Austin Dermatology & Laser"
FORCED_STORIES = ("pending", "verified", "rejected", "expired", "revoked", "verified_soon")
BARRED_ESTHETICIANS_AT_LEAST = 2
CLAIMED_SHARE = 0.9


@dataclass
class Practitioner:
    """A listing-to-be (then a listing) with the profile it comes from and its licence story."""

    profile: Profile
    story: str
    barred: bool
    owner: User | None
    demo_owned: bool = False
    listing: Listing = field(init=False)  # built by ``PractitionerMaker.build``

    @property
    def claimed_owner(self) -> User:
        """The owner of a listing the caller knows to be claimed."""
        if self.owner is None:
            raise ValueError(f"{self.profile.first} {self.profile.last} has no owner")
        return self.owner


class PractitionerMaker:
    """Plans practitioners (with their owner accounts), then builds their listings once the
    accounts have ids. Names, slugs and clinics stay unique."""

    def __init__(
        self, rng: random.Random, people: DemoPeople, audit: AuditTrail, docs: DocumentStore
    ) -> None:
        self.rng = rng
        self.people = people
        self.licences = LicenceMaker(rng, people.moderators, audit, docs)
        self.names: set[str] = {f"{first} {last}" for first, last, *_ in OWNED}
        self.slugs: set[str] = set()
        self.clinics: dict[str, list[Profile]] = {}
        self.owned_clinic: Profile | None = None
        self.clinic_names: set[tuple[str, str]] = set()

    def plan(self, count: int) -> list[Practitioner]:
        """The demo practitioner's three listings, then ``count - 3`` others, with owners."""
        planned = [self._owned(spec) for spec in OWNED]
        forced = list(FORCED_STORIES)
        barred_needed = BARRED_ESTHETICIANS_AT_LEAST
        for city in self._cities(count - len(OWNED)):
            profession = weighted(self.rng, PROFESSION_WEIGHTS)
            if barred_needed and city.state in ESTHETICIAN_BARRED_STATES:
                profession, barred_needed = "esthetician", barred_needed - 1
            barred = profession == "esthetician" and city.state in ESTHETICIAN_BARRED_STATES
            story = story_for(self.rng, barred)
            if forced and not barred:
                story = forced.pop(0)
            planned.append(self._planned(city, profession, story, barred))
        return planned

    def _cities(self, count: int) -> list[City]:
        """Each city once (shuffled), then by market size."""
        first = self.rng.sample(CITIES, len(CITIES))[:count]
        rest = self.rng.choices(CITIES, weights=[c.weight for c in CITIES], k=count - len(first))
        return first + rest

    def _owned(self, spec: tuple) -> Practitioner:
        first, last, gender, profession, credentials, story, overrides = spec
        austin = next(c for c in CITIES if c.name == "Austin")
        p = Profile(first, last, gender, profession, credentials, austin)
        # The demo account's clinic is its own: other practitioners never join it.
        self._fill(p, clinic=self.owned_clinic, name=OWNED_CLINIC)
        self.owned_clinic = self.owned_clinic or p
        p.accepting_new_patients = True
        for name, value in overrides.items():
            setattr(p, name, value)
        return Practitioner(p, story, False, self.people.practitioner, demo_owned=True)

    def _planned(self, city: City, profession: str, story: str, barred: bool) -> Practitioner:
        rng = self.rng
        first, last, gender = practitioner_name(rng, self.names)
        credentials = credentials_for(rng, profession, city.state)
        p = Profile(first, last, gender, profession, credentials, city)
        # Nurses, PAs and estheticians often work inside a doctor's or a colleague's clinic.
        joinable = self.clinics.get(city.name, []) if not p.is_doctor else []
        clinic = rng.choice(joinable) if joinable and rng.random() < 0.25 else None
        self._fill(p, clinic=clinic)
        self.clinics.setdefault(city.name, []).append(p)
        owner = None
        if rng.random() < CLAIMED_SHARE:
            owner = owner_account(rng, self.people, first, last)
        return Practitioner(p, story, barred, owner)

    def _fill(self, p: Profile, clinic: Profile | None, name: str | None = None) -> None:
        rng = self.rng
        fill_practice(rng, p)
        fill_prices_and_terms(rng, p)
        if clinic is not None:
            p.clinic, p.address, p.postal_code = clinic.clinic, clinic.address, clinic.postal_code
            p.lat, p.lon, p.phone = clinic.lat, clinic.lon, clinic.phone
        else:
            p.clinic = name or clinic_name(rng, p.profession, p.city, p.last)
            while (p.city.name, p.clinic) in self.clinic_names:  # one clinic per name and city
                p.clinic = clinic_name(rng, p.profession, p.city, p.last)
            self.clinic_names.add((p.city.name, p.clinic))
            place_in(rng, p, p.city)

    def build(self, planned: list[Practitioner]) -> None:
        """Create every planned listing with its tags and licences (owners must have ids)."""
        catalogue = {
            "treatments": {t.slug: t for t in db.session.scalars(db.select(Treatment))},
            "concerns": {c.slug: c for c in db.session.scalars(db.select(Concern))},
            "devices": {d.slug: d for d in db.session.scalars(db.select(Device))},
            "skin_types": {s.number: s for s in db.session.scalars(db.select(SkinType))},
        }
        for index, practitioner in enumerate(planned):
            practitioner.listing = self._listing(index, practitioner, catalogue)

    def _listing(self, index: int, pr: Practitioner, cat: dict) -> Listing:
        rng, p = self.rng, pr.profile
        slug = unique_slug(p.name, p.city.name, lambda s: s in self.slugs)
        self.slugs.add(slug)
        created = at(rng, BASE_DATE - timedelta(days=rng.randint(60, 1100)))
        listing = Listing(
            slug=slug,
            external_id=f"demo:{index + 1:04d}",
            owner_id=pr.owner.id if pr.owner else None,
            name=p.name,
            credentials=p.credentials,
            profession=p.profession,
            clinic=p.clinic,
            bio=compose_bio(rng, p),
            address=p.address,
            city=p.city.name,
            state=p.city.state,
            postal_code=p.postal_code,
            country="US",
            lat=p.lat,
            lon=p.lon,
            phone=p.phone,
            website=f"https://www.{slugify(p.clinic)}.example" if rng.random() < 0.7 else "",
            practicing_since=p.practicing_since,
            procedures_performed=p.procedures_performed,
            price_min=p.price_min,
            price_max=p.price_max,
            currency="USD",
            numbing_cream=p.numbing_cream,
            consultation=p.consultation,
            consultation_notes=p.consultation_notes,
            accepting_new_patients=p.accepting_new_patients,
            **demo_facts(p),
            created_at=created,
            updated_at=created,
        )
        listing.owner = pr.owner
        listing.treatments = [cat["treatments"][s] for s in p.treatments]
        listing.concerns = [cat["concerns"][s] for s in p.concerns]
        listing.devices = [cat["devices"][s] for s in p.devices]
        listing.skin_types = [cat["skin_types"][n] for n in p.skin_types]
        listing.licences = self.licences.make(p, pr.story, pr.owner, pr.barred)
        # As credentials.refresh_listing_verification: the badge is this date compared with today.
        through = [day for lic in listing.licences if (day := lic.valid_through)]
        listing.verified_until = max(through, default=None)
        db.session.add(listing)
        return listing
