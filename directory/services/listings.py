"""Listings: owners creating and editing them, look-ups for the profile and the API.

Owners may change what they tell patients; they never set ``verified``, the review aggregates,
``external_id`` or the slug (a listing's URL stays the same for life, so links keep working).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from directory import facts, vocabulary
from directory.extensions import db
from directory.models import Concern, Device, Licence, Listing, SkinType, Treatment, User
from directory.services import ServiceError
from directory.slugs import unique_slug
from directory.unit_of_work import transactional

if TYPE_CHECKING:
    from directory.places import Place

# Plain columns an owner may edit; everything else is maintained by other services.
EDITABLE_FIELDS = (
    "name",
    "credentials",
    "profession",
    "clinic",
    "bio",
    "address",
    "city",
    "state",
    "postal_code",
    "phone",
    "website",
    "practicing_since",
    "procedures_performed",
    "price_min",
    "price_max",
    "currency",
    "numbing_cream",
    "consultation",
    "consultation_notes",
    "accepting_new_patients",
)
# Facts patients filter on (issue 11), checked by ``_clean_facts``.
FACT_FIELDS = ("languages", "payment_options", "gender", "opening_hours", "treatment_prices")
_LOCATION_FIELDS = ("postal_code", "city", "state")
_REQUIRED = {"name": "Enter the practitioner's name.", "city": "Enter the city."}
EARLIEST_PRACTICE_YEAR = 1950
_PLACE_UNKNOWN = "We could not find that place. Check the ZIP code, city and state."
_ZIP = re.compile(r"\d{5}(-\d{4})?")


@dataclass
class _Cleaned:
    """Validated input, computed before anything on the listing is touched."""

    fields: dict[str, Any]
    relations: dict[str, list]


# ---------------------------------------------------------------- reading


def get_by_slug(slug: str) -> Listing | None:
    """The listing at ``/practitioners/<slug>``; its relationships load eagerly."""
    return db.session.scalar(select(Listing).where(Listing.slug == slug))


def owned_by(user: User) -> list[Listing]:
    """Every listing ``user`` owns, by name."""
    return list(
        db.session.scalars(
            select(Listing).where(Listing.owner_id == user.id).order_by(Listing.name, Listing.id)
        )
    )


def is_owner(listing: Listing, user: Any) -> bool:
    """True when ``user`` (possibly anonymous) owns ``listing``."""
    return bool(getattr(user, "is_authenticated", False)) and listing.owner_id == user.id


def get_owned(slug: str, user: User) -> Listing | None:
    """The listing with ``slug`` if ``user`` owns it; None otherwise (shown to others as 404)."""
    listing = get_by_slug(slug)
    if listing is None or not is_owner(listing, user):
        return None
    return listing


def licence_status(licence: Licence, today: date | None = None) -> str:
    """The status patients should see on ``today``: a verified licence past its expiry shows as
    expired, one past its periodic re-check as ``recheck_due`` (a display state, not a
    workflow status: the licence stays verified until a moderator re-checks it)."""
    if licence.recheck_overdue(today):
        return "recheck_due"
    if licence.status == "verified" and not licence.is_current(today):
        return "expired"
    return licence.status


def public_licences(listing: Listing) -> list[Licence]:
    """The licences shown to the public: all but rejected submissions (a rejected claim is not
    a licence, and the practitioner may resubmit it)."""
    return [lic for lic in listing.licences if lic.status != "rejected"]


def verification_summary(listing: Listing) -> str:
    """``verified``, ``pending`` (a licence awaits review) or ``unverified``."""
    if listing.verified:
        return "verified"
    if any(lic.status == "pending" for lic in listing.licences):
        return "pending"
    return "unverified"


# ---------------------------------------------------------------- writing


@transactional
def create_listing(owner: User, data: dict[str, Any]) -> Listing:
    """Publish a new listing owned by ``owner`` (a practitioner). ``data`` uses the field names
    of CONTRACT section 4; ``treatments``/``concerns``/``devices`` are slugs, ``skin_types``
    integers. Raises ServiceError naming the field at fault."""
    if owner is None or owner.role != "practitioner":
        raise ServiceError("Only practitioner accounts can add listings.", "name")
    cleaned = _clean(data)
    location = _locate(cleaned.fields, previous=None)
    listing = Listing(owner_id=owner.id, country="US", verified_until=None)
    _assign(listing, cleaned, location)
    listing.slug = unique_slug(listing.name, listing.city, _slug_taken)
    db.session.add(listing)
    return listing


@transactional
def update_listing(listing: Listing, data: dict[str, Any]) -> Listing:
    """Save an owner's edits. The slug, verification and ratings are left as they are; the
    location is looked up again only when the postal code, city or state changed."""
    cleaned = _clean(data)
    location = _locate(cleaned.fields, previous=listing)
    _assign(listing, cleaned, location)
    return listing


def _slug_taken(slug: str) -> bool:
    return db.session.scalar(select(Listing.id).where(Listing.slug == slug)) is not None


def _assign(listing: Listing, cleaned: _Cleaned, location: Place | None) -> None:
    for name, value in cleaned.fields.items():
        setattr(listing, name, value)
    for name, objects in cleaned.relations.items():
        setattr(listing, name, objects)
    if location is not None:
        listing.lat, listing.lon = location.lat, location.lon


def _clean(data: dict[str, Any]) -> _Cleaned:
    """Normalise and check the input; the form checks the same, this guards other callers."""
    fields: dict[str, Any] = {}
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        fields[name] = value.strip() if isinstance(value, str) else value
    for name in ("credentials", "clinic", "bio", "address", "phone", "website"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    for name, message in _REQUIRED.items():
        if not fields.get(name):
            raise ServiceError(message, name)
    if fields.get("profession") not in vocabulary.PROFESSIONS:
        raise ServiceError("Choose a profession from the list.", "profession")
    fields["postal_code"] = (fields.get("postal_code") or "").strip()
    if fields["postal_code"] and not _ZIP.fullmatch(fields["postal_code"]):
        raise ServiceError("Enter a 5-digit ZIP code, such as 78701.", "postal_code")
    fields["state"] = (fields.get("state") or "").upper()
    if fields["state"] and fields["state"] not in vocabulary.US_STATES:
        raise ServiceError("Choose a US state from the list.", "state")
    fields["consultation"] = fields.get("consultation") or "free"
    if fields["consultation"] not in vocabulary.CONSULTATIONS:
        raise ServiceError("Choose the consultation terms from the list.", "consultation")
    fields["currency"] = (fields.get("currency") or "USD").upper()
    fields["consultation_notes"] = fields.get("consultation_notes") or ""
    _clean_facts(data, fields)
    _check_numbers(fields)
    return _Cleaned(fields, _relations(data))


def _clean_facts(data: dict[str, Any], fields: dict[str, Any]) -> None:
    """Languages, payment, gender, hours and per-treatment prices; the price range follows
    the per-treatment prices when there are any, so the range filter and sort agree with them."""
    for name in facts.SIMPLE_FACTS:
        if name in data:
            try:
                fields[name] = facts.check_fact(name, data[name])
            except facts.FactError as error:
                raise ServiceError(str(error)[:1].upper() + str(error)[1:] + ".", name) from error
    if "treatment_prices" in data:
        offered = set(data.get("treatments") or [])
        treatments = {s: label for s, label in vocabulary.TREATMENTS.items() if s in offered}
        try:
            prices = facts.check_prices(data["treatment_prices"], treatments)
        except facts.FactError as error:
            message = str(error)[:1].upper() + str(error)[1:] + "."
            raise ServiceError(message, "treatment_prices") from error
        fields["treatment_prices"] = prices
        if prices:
            fields["price_min"], fields["price_max"] = facts.price_range(prices)


def _check_numbers(fields: dict[str, Any]) -> None:
    since = fields.get("practicing_since")
    if since is not None and not EARLIEST_PRACTICE_YEAR <= since <= date.today().year:
        raise ServiceError(
            f"Enter a year between {EARLIEST_PRACTICE_YEAR} and this year.", "practicing_since"
        )
    for name in ("procedures_performed", "price_min", "price_max"):
        value = fields.get(name)
        if value is not None and value < 0:
            raise ServiceError("Enter zero or more.", name)
    low, high = fields.get("price_min"), fields.get("price_max")
    if low is not None and high is not None and low > high:
        raise ServiceError("The highest price must not be below the lowest.", "price_max")


_RELATIONS = (
    ("treatments", Treatment, Treatment.slug, "treatment"),
    ("concerns", Concern, Concern.slug, "concern"),
    ("devices", Device, Device.slug, "device"),
    ("skin_types", SkinType, SkinType.number, "skin type"),
)


def _relations(data: dict[str, Any]) -> dict[str, list]:
    """Catalogue rows for the given slugs, in one query per relationship."""
    found: dict[str, list] = {}
    for name, model, key, noun in _RELATIONS:
        if name not in data:
            continue
        wanted = list(dict.fromkeys(data[name] or []))
        rows = list(db.session.scalars(select(model).where(key.in_(wanted)))) if wanted else []
        known = {getattr(row, key.key) for row in rows}
        unknown = [str(w) for w in wanted if w not in known]
        if unknown:
            raise ServiceError(f"Unknown {noun}: {', '.join(unknown)}.", name)
        found[name] = rows
    return found


def _locate(fields: dict[str, Any], previous: Listing | None) -> Place | None:
    """Coordinates from the postal code, else from city and state; None when unchanged.

    An unknown place is reported on the postal code field, where the owner can fix it."""
    if previous is not None and previous.lat is not None:
        unchanged = all(
            (getattr(previous, name) or "") == (fields.get(name, getattr(previous, name)) or "")
            for name in _LOCATION_FIELDS
        )
        if unchanged:
            return None
    # Imported on use: only location look-ups need the gazetteer behind directory.places.
    from directory import places

    postal_code, city, state = fields["postal_code"], fields.get("city", ""), fields["state"]
    try:
        if postal_code:
            place = places.lookup_zip(postal_code[:5])
            if place is not None and state and place.state and place.state != state:
                raise ServiceError(
                    f"ZIP code {postal_code} is in {place.state}, not {state}. "
                    "Check the ZIP code or the state.",
                    "postal_code",
                )
        else:
            place = places.find_city(city, state)
    except places.UnknownPlace as error:
        message = getattr(error, "message", None) or str(error) or _PLACE_UNKNOWN
        raise ServiceError(message, "postal_code") from error
    if place is None:
        raise ServiceError(_PLACE_UNKNOWN, "postal_code")
    return place
