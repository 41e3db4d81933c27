"""Human labels for the slugs of CONTRACT section 2, used by forms, templates and validation."""

from __future__ import annotations

# search/ cannot import the app, so the slugs and labels both share are defined there once.
from search.vocabulary import CONCERN_LABELS, PROFESSION_LABELS, TREATMENT_LABELS

PROFESSIONS = PROFESSION_LABELS
TREATMENTS = TREATMENT_LABELS
CONCERNS = CONCERN_LABELS
SKIN_TYPES = {
    1: "Type I — always burns, never tans",
    2: "Type II — usually burns, tans minimally",
    3: "Type III — sometimes burns, tans gradually",
    4: "Type IV — burns minimally, tans well",
    5: "Type V — rarely burns, tans darkly",
    6: "Type VI — never burns, deeply pigmented",
}
LICENCE_STATUSES = {
    "pending": "Pending review",
    "verified": "Verified",
    "rejected": "Rejected",
    "expired": "Expired",
    "revoked": "Revoked",
}
CONSULTATIONS = {
    "free": "Free consultation",
    "paid": "Paid consultation",
    "credited": "Paid, credited towards treatment",
    "none": "No consultation offered",
}
SIDE_EFFECTS = {
    "redness": "Redness",
    "swelling": "Swelling",
    "bruising": "Bruising",
    "breakouts": "Breakouts",
    "none": "None",
}
US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "PR": "Puerto Rico",
}  # fmt: skip

_ALL = {
    **PROFESSIONS,
    **TREATMENTS,
    **CONCERNS,
    **LICENCE_STATUSES,
    **CONSULTATIONS,
}


def label(slug: object) -> str:
    """The human label of any vocabulary slug; unknown slugs are shown tidied, never raw."""
    if isinstance(slug, int):
        return SKIN_TYPES.get(slug, str(slug))
    text = str(slug)
    return _ALL.get(text, text.replace("_", " ").capitalize())


def side_effect_label(slug: str) -> str:
    """A side effect's label, apart from ``label``: there "none" is a consultation term."""
    return SIDE_EFFECTS.get(slug, slug.replace("_", " ").capitalize())
