"""NUCC taxonomy codes -> the directory's professions, and which codes are imported by default.

NPPES gives each provider up to 15 NUCC "Healthcare Provider Taxonomy" codes, one of them
primary. The primary code decides the profession; when it maps to nothing, the first mapped
secondary code does. The default filter keeps the professions that perform micro-needling
(shared/domain): dermatology, plastic and facial plastic surgery, nurse practitioners,
physician assistants, registered nurses and clinical nurse specialists, and the physicians
who commonly offer aesthetic procedures (family and internal medicine, general practice).
"""

from __future__ import annotations

from directory import boards

# (code prefix, profession): the first matching prefix wins, so specific codes come first.
PROFESSIONS: tuple[tuple[str, str], ...] = (
    ("207N", "dermatologist"),  # dermatology and subspecialties (207NS0135X, 207ND0101X)
    ("2082", "plastic_surgeon"),  # plastic surgery 208200000X, 2082S0099X
    ("207YX0905X", "plastic_surgeon"),  # otolaryngology: facial plastic surgery
    ("363L", "nurse_practitioner"),  # 363L00000X and specialties such as family 363LF0000X
    ("363A", "physician_assistant"),  # 363A00000X, medical 363AM0700X
    ("163W", "registered_nurse"),  # 163W00000X, plastic surgery nursing 163WS0121X
    ("364S", "registered_nurse"),  # clinical nurse specialist: an advanced-practice RN
    ("20", "physician"),  # every other allopathic & osteopathic physician code
)
# What ``flask import npi`` keeps without --taxonomy (prefixes of NUCC codes).
DEFAULT_FILTER: tuple[str, ...] = (
    "207N", "2082", "207YX0905X", "363L", "363A", "163W", "364S",
    "207Q", "207R", "208D",  # family medicine, internal medicine, general practice
)  # fmt: skip
ALL = "all"  # --taxonomy all: no filter
# Names of the codes an NPPES file does not describe (the API gives a "desc" itself).
NAMES = {
    "207N00000X": "Dermatology",
    "207NS0135X": "Dermatology, Procedural Dermatology",
    "207ND0101X": "Dermatology, MOHS-Micrographic Surgery",
    "208200000X": "Plastic Surgery",
    "2082S0099X": "Plastic Surgery, Plastic Surgery Within the Head and Neck",
    "207YX0905X": "Otolaryngology, Facial Plastic Surgery",
    "363L00000X": "Nurse Practitioner",
    "363LF0000X": "Nurse Practitioner, Family",
    "363A00000X": "Physician Assistant",
    "363AM0700X": "Physician Assistant, Medical",
    "163W00000X": "Registered Nurse",
    "163WS0121X": "Registered Nurse, Plastic Surgery",
    "364S00000X": "Clinical Nurse Specialist",
    "207Q00000X": "Family Medicine",
    "207R00000X": "Internal Medicine",
    "208D00000X": "General Practice",
}
# Which kind of state board licenses each profession (directory/boards.py).
BOARD_KINDS = {
    "dermatologist": boards.MEDICAL,
    "plastic_surgeon": boards.MEDICAL,
    "physician": boards.MEDICAL,
    "physician_assistant": boards.PA,
    "nurse_practitioner": boards.NURSING,
    "registered_nurse": boards.NURSING,
}


def profession_of(code: str) -> str | None:
    """The profession of one code, or None when the directory has none for it."""
    for prefix, slug in PROFESSIONS:
        if code.startswith(prefix):
            return slug
    return None


def matches(codes: list[str], wanted: tuple[str, ...] | None) -> bool:
    """Whether any code starts with one of the ``wanted`` prefixes (None: everything)."""
    if wanted is None:
        return True
    return any(code.startswith(wanted) for code in codes if code)


def parse_filter(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """--taxonomy values -> prefixes; none given -> the default; ``all`` -> None (no filter)."""
    if not values:
        return DEFAULT_FILTER
    cleaned = tuple(value.strip().upper() for value in values if value.strip())
    if any(value == ALL.upper() for value in cleaned):
        return None
    return cleaned


def name_of(code: str) -> str:
    """A readable name for a code (the code itself when the table does not know it)."""
    return NAMES.get(code, f"Taxonomy {code}")
