"""schema.org JSON-LD for search engines: profiles, guides and breadcrumbs.

Only what the page itself shows goes in (Google's rule for structured data), and only reviews
of verified visits (the only kind Needlewise publishes). URLs are absolute from SITE_URL, the
one public address, never from the request.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for

from directory import facts
from directory.models import Listing, Review

# Professions that schema.org's Physician type describes; the rest are medical businesses.
PHYSICIANS = {"dermatologist", "plastic_surgeon", "physician"}
# schema.org MedicalSpecialty values for the professions that have one.
SPECIALTIES = {"dermatologist": "Dermatologic", "plastic_surgeon": "PlasticSurgery"}
LATEST_REVIEWS = 5


def absolute(path: str) -> str:
    """``path`` on the public site (SITE_URL)."""
    return current_app.config["SITE_URL"].rstrip("/") + path


def breadcrumbs(items: list[tuple[str, str]]) -> dict[str, Any]:
    """A BreadcrumbList from (name, site path) pairs, outermost first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute(path)}
            for n, (name, path) in enumerate(items, start=1)
        ],
    }


def _review(review: Review) -> dict[str, Any]:
    return {
        "@type": "Review",
        "name": review.title,
        "reviewBody": review.body,
        "datePublished": review.created_at.date().isoformat(),
        "author": {"@type": "Person", "name": review.author.display_name},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": review.rating,
            "bestRating": 5,
            "worstRating": 1,
        },
    }


def profile(listing: Listing, description: str, reviews: list[Review]) -> dict[str, Any]:
    """The practitioner or practice, with address, geo, rating and the latest reviews."""
    kind = (
        "Physician"
        if listing.profession in PHYSICIANS
        else ("MedicalClinic" if listing.clinic else "MedicalBusiness")
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind,
        "@id": absolute(url_for("listings.profile", slug=listing.slug)) + "#practitioner",
        "name": listing.name,
        "url": absolute(url_for("listings.profile", slug=listing.slug)),
        "description": description,
        "isAcceptingNewPatients": bool(listing.accepting_new_patients),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": listing.address or None,
            "addressLocality": listing.city,
            "addressRegion": listing.state or None,
            "postalCode": listing.postal_code or None,
            "addressCountry": listing.country or "US",
        },
    }
    if listing.lat is not None and listing.lon is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": listing.lat, "longitude": listing.lon}
    if listing.phone:
        data["telephone"] = listing.phone
    if listing.profession in SPECIALTIES:
        data["medicalSpecialty"] = f"https://schema.org/{SPECIALTIES[listing.profession]}"
    if listing.price_min is not None or listing.price_max is not None:
        low, high = listing.price_min, listing.price_max
        data["priceRange"] = "-".join(f"${v}" for v in dict.fromkeys((low, high)) if v is not None)
    data.update(_facts(listing))
    if listing.rating_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(listing.rating_sum / listing.rating_count, 1),
            "reviewCount": listing.rating_count,
            "bestRating": 5,
            "worstRating": 1,
        }
        published = [r for r in reviews if r.status == "published"][:LATEST_REVIEWS]
        if published:
            data["review"] = [_review(r) for r in published]
    data["address"] = {k: v for k, v in data["address"].items() if v is not None}
    return data


SCHEMA_DAYS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
               "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}  # fmt: skip


def _facts(listing: Listing) -> dict[str, Any]:
    """Opening hours, languages and payment, only when the listing states them."""
    out: dict[str, Any] = {}
    hours = listing.opening_hours or {}
    if hours:
        out["openingHoursSpecification"] = [
            {"@type": "OpeningHoursSpecification",
             "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[day]}",
             "opens": hours[day][0], "closes": hours[day][1]}
            for day in SCHEMA_DAYS if day in hours
        ]  # fmt: skip
    if listing.languages:
        out["knowsLanguage"] = [
            {"@type": "Language", "name": facts.LANGUAGES.get(code, code),
             "alternateName": LANGUAGE_TAGS.get(code, code)}
            for code in listing.languages
        ]  # fmt: skip
    if listing.payment_options:
        out["paymentAccepted"] = ", ".join(
            facts.PAYMENTS.get(slug, slug) for slug in listing.payment_options
        )
    return out


# BCP 47 tags where our short slugs differ ("asl" is American Sign Language, tag "ase").
LANGUAGE_TAGS = {"asl": "ase"}


def guide(guide: Any) -> dict[str, Any]:
    """A patient guide as a MedicalWebPage (an Article about a medical topic)."""
    url = absolute(url_for("guides.page", slug=guide.slug))
    publisher = {"@type": "Organization", "name": "Needlewise", "url": absolute("/")}
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "headline": guide.title,
        "name": guide.title,
        "description": guide.summary,
        "about": {"@type": "MedicalProcedure", "name": "Microneedling"},
        "lastReviewed": guide.reviewed.isoformat(),
        "dateModified": guide.reviewed.isoformat(),
        "author": publisher,
        "publisher": publisher,
        "inLanguage": "en-US",
    }
