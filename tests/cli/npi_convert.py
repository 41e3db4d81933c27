"""NPI Registry API (v2.1) records -> practitioner import lines (CONTRACT section 4).

A faithful translation for testing the importer on real, messy data: names and addresses are
title-cased, credentials tidied, ZIP+4 cut to five digits, but the state and country are passed
on as the registry has them, so the importer's own checks meet the registry's inconsistencies.

Professions come from the NUCC taxonomy codes named in the data set's README (dermatology,
plastic and facial plastic surgery, nurse practitioner, physician assistant, registered nurse,
clinical nurse specialist); any other allopathic or osteopathic physician code (the NUCC
group whose codes start with "20") is a ``physician``; everything else is ``other``. The primary
taxonomy decides; when it maps to ``other``, the first mapped secondary one does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from directory.vocabulary import US_STATES

NPI_DIR = Path("/work/shared/data/npi-registry")

# (code prefix, profession): the first matching prefix wins, so specific codes come first.
TAXONOMY_PROFESSIONS = (
    ("207N", "dermatologist"),  # dermatology and its subspecialties (207NS0135X, 207ND0101X)
    ("2082", "plastic_surgeon"),  # plastic surgery 208200000X, 2082S0099X
    ("207YX0905X", "plastic_surgeon"),  # otolaryngology: facial plastic surgery
    ("363L", "nurse_practitioner"),  # 363L00000X and specialties such as family 363LF0000X
    ("363A", "physician_assistant"),  # 363A00000X, medical 363AM0700X
    ("163W", "registered_nurse"),  # 163W00000X, plastic surgery nursing 163WS0121X
    ("364S", "registered_nurse"),  # clinical nurse specialist: an advanced-practice RN
    ("20", "physician"),  # every other allopathic & osteopathic physician code
)
# Words that stay as written in capitals: legal forms, degrees, Roman numerals.
UPPER_WORDS = {
    "LLC", "LLP", "PLLC", "PC", "PA", "INC", "MD", "DO", "OD", "DDS", "DMD", "DPM", "RN", "NP",
    "II", "III", "IV", "USA", "CSP",
}  # fmt: skip
MIXED_WORDS = {"INC": "Inc", "JR": "Jr", "SR": "Sr"}
SMALL_WORDS = {"of", "and", "the", "for", "at", "in", "on", "de", "la"}
DIRECTIONS = {"N", "S", "E", "W", "NE", "NW", "SE", "SW"}
NO_LICENCE = {"", "NA", "N/A", "NONE"}
_ORDINAL = re.compile(r"^\d+(ST|ND|RD|TH)$", re.I)


def title_case(text: str | None, address: bool = False) -> str:
    """``"DENTISTRY FOR CHILDREN OF MARYLAND, LLC"`` -> ``"Dentistry for Children of Maryland,
    LLC"``; ``"MCCRANIE"`` -> ``"McCranie"``; with ``address``, ``"117 E 57TH ST"`` ->
    ``"117 E 57th St"``."""
    words = (text or "").split()
    out = []
    for position, word in enumerate(words):
        bare = re.sub(r"[^A-Za-z]", "", word).upper()
        if bare in MIXED_WORDS:
            out.append(word.upper().replace(bare, MIXED_WORDS[bare]))
        elif bare in UPPER_WORDS or (address and bare in DIRECTIONS and bare == word.upper()):
            out.append(word.upper())
        elif _ORDINAL.match(word) or (position and word.lower() in SMALL_WORDS):
            out.append(word.lower())
        else:
            out.append(_capitalise(word))
    return " ".join(out)


def _capitalise(word: str) -> str:
    """Each part after a hyphen or apostrophe capitalised; "Mc" names get their second capital."""
    word = re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), word.lower())
    return re.sub(r"\bMc([a-z])", lambda m: "Mc" + m.group(1).upper(), word)


def credentials(text: str | None) -> str:
    """``"M.D"`` -> ``"MD"``; ``"M.A., CCC-A"`` -> ``"MA, CCC-A"``; ``"DC PC"`` -> ``"DC, PC"``."""
    tokens = [token.replace(".", "").upper() for token in re.split(r"[,\s]+", text or "")]
    return ", ".join(dict.fromkeys(token for token in tokens if token))


def phone(text: str | None) -> str:
    """A 10-digit US number as ``+1 404 778 0922``; anything else as the registry has it."""
    digits = re.sub(r"\D", "", text or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"+1 {digits[:3]} {digits[3:6]} {digits[6:]}"
    return (text or "").strip()


def profession(taxonomies: list[dict[str, Any]]) -> str:
    """The directory's profession for a record's NUCC taxonomy codes (``other`` if none fits)."""
    ordered = sorted(taxonomies, key=lambda t: not t.get("primary"))  # primary first
    for taxonomy in ordered:
        code = taxonomy.get("code") or ""
        for prefix, slug in TAXONOMY_PROFESSIONS:
            if code.startswith(prefix):
                return slug
    return "other"


def licences(taxonomies: list[dict[str, Any]]) -> list[dict[str, str]]:
    """One pending licence per distinct (state, number) the taxonomies report."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for taxonomy in taxonomies:
        number = (taxonomy.get("license") or "").strip()
        state = (taxonomy.get("state") or "").strip().upper()
        if number.upper() in NO_LICENCE or state not in US_STATES:
            continue
        found.setdefault(
            (state, number),
            {
                "type": taxonomy.get("desc") or "Professional licence",
                "number": number,
                "authority": f"{US_STATES[state]} licensing board",
                "jurisdiction": f"US-{state}",
                "status": "pending",
            },
        )
    return list(found.values())


def _location(addresses: list[dict[str, Any]]) -> dict[str, Any]:
    for purpose in ("LOCATION", "MAILING"):  # where patients go; the mailing one as a fallback
        for address in addresses:
            if address.get("address_purpose") == purpose:
                return address
    return {}


def _name(record: dict[str, Any]) -> str:
    basic = record.get("basic", {})
    if record.get("enumeration_type") == "NPI-2":
        return title_case(basic.get("organization_name"))
    parts = [basic.get("first_name"), basic.get("last_name"), basic.get("name_suffix")]
    return title_case(" ".join(part for part in parts if part and part != "--"))


def npi_to_line(record: dict[str, Any]) -> dict[str, Any]:
    """One NPI result as an import line (CONTRACT section 4)."""
    address = _location(record.get("addresses", []))
    street = ", ".join(
        title_case(address.get(key), address=True)
        for key in ("address_1", "address_2")
        if address.get(key)
    )
    taxonomies = record.get("taxonomies", [])
    return {
        "external_id": f"npi:{record['number']}",
        "name": _name(record),
        "credentials": credentials(record.get("basic", {}).get("credential")),
        "profession": profession(taxonomies),
        "address": street,
        "city": title_case(address.get("city")),
        "state": address.get("state") or "",
        "postal_code": (address.get("postal_code") or "")[:5],
        "country": address.get("country_code") or "",
        "phone": phone(address.get("telephone_number")),
        "licences": licences(taxonomies),
    }


def responses(directory: Path = NPI_DIR) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every stored API response as (file name, results), in file-name order. Error
    responses and empty searches have no results."""
    return [
        (path.name, json.loads(path.read_text(encoding="utf-8")).get("results", []))
        for path in sorted(directory.glob("api-*.json"))
    ]


def to_jsonl(records: list[dict[str, Any]]) -> str:
    """NPI results as the text of an import file."""
    return "".join(json.dumps(npi_to_line(record)) + "\n" for record in records)
