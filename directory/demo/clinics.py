"""Clinic names composed the way real practices name themselves: "Juniper Skin Studio",
"Austin Dermatology & Laser", "Clearwater Medical Aesthetics", "Okafor Plastic Surgery"."""

from __future__ import annotations

import random

from directory.demo.cities import City

EVOCATIVE = (
    "Juniper", "Clearwater", "Magnolia", "Willow", "Cedar", "Sage", "Lumen", "Aurora", "Harbor",
    "Solstice", "Bluebird", "Ivy", "Meridian", "Northstar", "Saltwater", "Fern", "Laurel",
    "Marigold", "Halcyon", "Birch", "Riverbend", "Stillwater", "Canyon", "Poppy", "Linden",
    "Goldenrod", "Evergreen", "Lotus", "Amber", "Opal", "Wren", "Hollow Oak", "Tidewater",
    "Silverleaf", "Copper Sky", "Palisade", "True North", "Sunday", "Kindred", "Rosewood",
)  # fmt: skip
_KINDS = {
    "dermatologist": (
        "Dermatology", "Dermatology & Laser", "Skin Institute", "Dermatology Associates",
        "Skin & Laser Center", "Dermatology & Skin Surgery",
    ),
    "plastic_surgeon": (
        "Plastic Surgery", "Aesthetic Surgery Center", "Plastic & Reconstructive Surgery",
        "Facial Plastic Surgery", "Aesthetic Surgery",
    ),
    "physician": (
        "Medical Aesthetics", "Aesthetic Medicine", "Skin & Wellness Clinic", "Laser & Skin Clinic",
    ),
    "medspa": (
        "Medical Spa", "Medical Aesthetics", "Aesthetics", "Skin Clinic", "Med Spa",
        "Aesthetic Clinic", "Skin Collective",
    ),
    "esthetician": ("Skin Studio", "Esthetics", "Skin Bar", "Skin Atelier", "Skin Co.", "Skin Lab"),
}  # fmt: skip
_KIND_OF_PROFESSION = {
    "dermatologist": "dermatologist",
    "plastic_surgeon": "plastic_surgeon",
    "physician": "physician",
    "nurse_practitioner": "medspa",
    "physician_assistant": "medspa",
    "registered_nurse": "medspa",
    "esthetician": "esthetician",
}


def clinic_name(rng: random.Random, profession: str, city: City, last_name: str) -> str:
    """A fresh clinic name fitting the profession: named after a place, a word or the doctor."""
    kind = _KIND_OF_PROFESSION.get(profession, "medspa")
    suffix = rng.choice(_KINDS[kind])
    roll = rng.random()
    if kind in ("dermatologist", "plastic_surgeon") and roll < 0.35:
        return f"{last_name} {suffix}"
    if roll < 0.6:
        return f"{rng.choice(EVOCATIVE)} {suffix}"
    if roll < 0.85:
        return f"{city.name} {suffix}"
    street = _street_name(rng.choice(city.streets))
    if not street:
        return f"{rng.choice(EVOCATIVE)} {suffix}"
    return f"{street} {suffix}"


_DIRECTIONS = {"N", "S", "E", "W", "NE", "NW", "SE", "SW"}
_STREET_TYPES = {"Ave", "St", "Rd", "Blvd", "Dr", "Pkwy", "Hwy", "Ln", "Pike", "Way", "Route"}


def _street_name(street: str) -> str:
    """ "Las Olas Blvd" -> "Las Olas"; "" for numbered streets like "W 6th St"."""
    words = [w for w in street.split() if w not in _DIRECTIONS and w not in _STREET_TYPES]
    if not words or any(ch.isdigit() for ch in " ".join(words)):
        return ""
    return " ".join(words)
