"""Small builders for test data, used inside an app context. They commit."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from directory.extensions import db
from directory.models import Concern, Device, Licence, Listing, SkinType, Treatment
from directory.slugs import unique_slug

_counter = itertools.count(1)


def make_listing(owner_id: int | None = None, **overrides: Any) -> Listing:
    """A complete, realistic listing in Austin, TX; any field can be overridden.

    ``treatments``, ``concerns``, ``devices`` take slugs; ``skin_types`` takes integers.
    """
    n = next(_counter)
    treatments = overrides.pop("treatments", ["microneedling", "prp_microneedling"])
    concerns = overrides.pop("concerns", ["acne_scars", "fine_lines"])
    devices = overrides.pop("devices", ["skinpen_precision"])
    skin_types = overrides.pop("skin_types", [1, 2, 3, 4, 5, 6])
    fields: dict[str, Any] = {
        "external_id": f"test:{n}",
        "name": f"Jane Doe {n}",
        "credentials": "RN, BSN",
        "profession": "registered_nurse",
        "clinic": "Glow Skin Studio",
        "bio": "Registered nurse focused on collagen induction therapy for acne scarring.",
        "address": "100 Congress Ave",
        "city": "Austin",
        "state": "TX",
        "postal_code": "78701",
        "country": "US",
        "lat": 30.2672,
        "lon": -97.7431,
        "practicing_since": 2015,
        "procedures_performed": 1200,
        "price_min": 150,
        "price_max": 450,
        "numbing_cream": True,
        "consultation": "free",
        "accepting_new_patients": True,
        "owner_id": owner_id,
    }
    fields.update(overrides)
    # ``verified=True`` is shorthand for a badge that holds for a year (the badge is
    # ``verified_until >= today``; the listing has no stored flag).
    if fields.pop("verified", False) and "verified_until" not in fields:
        fields["verified_until"] = date.today() + timedelta(days=365)
    if "slug" not in fields:
        fields["slug"] = unique_slug(
            fields["name"],
            fields["city"],
            lambda s: db.session.scalar(db.select(Listing.id).where(Listing.slug == s)) is not None,
        )
    listing = Listing(**fields)
    listing.treatments = [db.session.get(Treatment, s) for s in treatments]
    listing.concerns = [db.session.get(Concern, s) for s in concerns]
    listing.devices = [db.session.get(Device, s) for s in devices]
    listing.skin_types = [db.session.get(SkinType, s) for s in skin_types]
    db.session.add(listing)
    db.session.commit()
    return listing


def make_licence(listing: Listing, status: str = "verified", **overrides: Any) -> Licence:
    """A Texas nursing licence in ``status``; verified ones also mark the listing verified."""
    fields: dict[str, Any] = {
        "type": "Registered Nurse",
        "number": "123456",
        "authority": "Texas Board of Nursing",
        "jurisdiction": "US-TX",
        "expires_on": date.today() + timedelta(days=365),
        "status": status,
    }
    fields.update(overrides)
    if status == "verified" and "recheck_due_on" not in fields:
        expires = fields["expires_on"]
        fields["recheck_due_on"] = expires or date.today() + timedelta(days=730)
    licence = Licence(listing=listing, **fields)
    db.session.add(licence)
    # As credentials.refresh_listing_verification, without telling search.
    through = [day for lic in listing.licences if (day := lic.valid_through)]
    listing.verified_until = max(through, default=None)
    db.session.commit()
    return licence
