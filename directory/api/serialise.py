"""Listings as JSON (CONTRACT section 5): the summary row shared by search results and the
detail document of ``GET /api/v1/practitioners/<slug>``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from directory import facts, vocabulary
from directory.models import Listing
from directory.services import listings


def _api_status(status: str) -> str:
    """CONTRACT section 2 statuses only: a licence overdue for its periodic re-check is still
    "verified" in the workflow (the listing's ``verified`` is already false for it)."""
    return "verified" if status == "recheck_due" else status


def summary(listing: Listing, distance_km: float | None = None) -> dict[str, Any]:
    """One search-result row; reads only the listing's own columns (no queries)."""
    return {
        "slug": listing.slug,
        "external_id": listing.external_id,
        "name": listing.name,
        "credentials": listing.credentials,
        "profession": listing.profession,
        "clinic": listing.clinic,
        "city": listing.city,
        "state": listing.state,
        "postal_code": listing.postal_code,
        "verified": bool(listing.verified),
        "rating": {"average": listing.rating_average, "count": listing.rating_count or 0},
        "price": {
            "min": listing.price_min,
            "max": listing.price_max,
            "currency": listing.currency,
        },
        "years_experience": listing.years_experience(),
        "distance_km": None if distance_km is None else round(distance_km, 1),
        "url": listing.url,
    }


def detail(listing: Listing, aggregates: dict[str, Any]) -> dict[str, Any]:
    """The summary plus everything on the profile; licences never include the document."""
    cost = aggregates.get("cost") or {}
    return {
        **summary(listing),
        "bio": listing.bio,
        "treatments": _ordered([t.slug for t in listing.treatments], vocabulary.TREATMENTS),
        "concerns": _ordered([c.slug for c in listing.concerns], vocabulary.CONCERNS),
        "devices": [
            {"slug": d.slug, "name": d.name, "manufacturer": d.manufacturer}
            for d in sorted(listing.devices, key=lambda d: d.name.lower())
        ],
        "skin_types": sorted(s.number for s in listing.skin_types),
        "licences": [
            {
                "type": lic.type,
                "number": lic.number,
                "authority": lic.authority,
                "jurisdiction": lic.jurisdiction,
                "status": _api_status(listings.licence_status(lic)),
                "verified_at": _timestamp(lic.verified_at),
                "expires_on": lic.expires_on.isoformat() if lic.expires_on else None,
            }
            for lic in listings.public_licences(listing)
        ],
        "ratings": {
            **(aggregates.get("ratings") or {}),
            "worth_it_percent": aggregates.get("worth_it_percent"),
        },
        "cost": {"median_paid": cost.get("median_paid"), "n": cost.get("n", 0)},
        **facts_of(listing),
    }


def facts_of(listing: Listing) -> dict[str, Any]:
    """The facts patients filter on (issue 11), additive keys of the detail document."""
    hours = listing.opening_hours or {}
    return {
        "accepting_new_patients": bool(listing.accepting_new_patients),
        "free_consultation": listing.consultation == "free",
        "languages": list(listing.languages or []),
        "payment_options": list(listing.payment_options or []),
        "gender": listing.gender,
        "opening_hours": {day: hours[day] for day in facts.DAYS if day in hours},
        "open_evenings": facts.opens_evenings(hours),
        "open_weekends": facts.opens_weekends(hours),
        "treatment_prices": dict(listing.treatment_prices or {}),
    }


def _ordered(slugs: list[str], mapping: dict) -> list[str]:
    order = {slug: i for i, slug in enumerate(mapping)}
    return sorted(slugs, key=lambda s: (order.get(s, len(order)), s))


def _timestamp(value: datetime | date | None) -> str | None:
    """ISO 8601 in UTC; SQLite hands back naive datetimes that were stored as UTC."""
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()
