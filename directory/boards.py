"""Issuing boards and their public licence lookups, plus scope-of-practice hints.

Moderators verify a licence against its primary source: the board that issued it. This small
table covers the states of the demo data; ``find_board`` matches a licence's free-text
authority to one of them. ``scope_hint`` flags professions a state bars from micro-needling
(facts and sources in shared/domain/clinical.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NURSING, MEDICAL, PA, COSMETOLOGY = "nursing", "medical", "physician_assistant", "cosmetology"
# Nursys QuickConfirm: the national nursing licence database, primary-source equivalent.
NURSYS_URL = "https://www.nursys.com/LQC/LQCTerms.aspx"


@dataclass(frozen=True)
class Board:
    """A state licensing board and where the public can look a licence up."""

    state: str
    name: str
    kinds: frozenset[str]
    lookup_url: str


def _b(state: str, name: str, kinds: tuple[str, ...], url: str) -> Board:
    return Board(state, name, frozenset(kinds), url)


_MEDICAL_PA = (MEDICAL, PA)
_ALL_HEALTH = (NURSING, MEDICAL, PA)
_ALL = (NURSING, MEDICAL, PA, COSMETOLOGY)  # one agency licenses every profession

BOARDS: tuple[Board, ...] = (
    _b("TX", "Texas Board of Nursing", (NURSING,), "https://www.bon.texas.gov/licensure_verification.asp"),
    _b("TX", "Texas Medical Board", _MEDICAL_PA, "https://profile.tmb.state.tx.us/"),
    _b("TX", "Texas Physician Assistant Board", (PA,), "https://profile.tmb.state.tx.us/"),
    _b("TX", "Texas Department of Licensing and Regulation", (COSMETOLOGY,), "https://www.tdlr.texas.gov/LicenseSearch/"),
    _b("CA", "California Board of Registered Nursing", (NURSING,), "https://search.dca.ca.gov/"),
    _b("CA", "Medical Board of California", (MEDICAL,), "https://search.dca.ca.gov/"),
    _b("CA", "Osteopathic Medical Board of California", (MEDICAL,), "https://search.dca.ca.gov/"),
    _b("CA", "Physician Assistant Board of California", (PA,), "https://search.dca.ca.gov/"),
    _b("CA", "California Board of Barbering and Cosmetology", (COSMETOLOGY,), "https://search.dca.ca.gov/"),
    _b("FL", "Florida Board of Nursing", (NURSING,), "https://mqa-internet.doh.state.fl.us/MQASearchServices/HealthCareProviders"),
    _b("FL", "Florida Board of Medicine", _MEDICAL_PA, "https://mqa-internet.doh.state.fl.us/MQASearchServices/HealthCareProviders"),
    _b("FL", "Florida Board of Osteopathic Medicine", (MEDICAL,), "https://mqa-internet.doh.state.fl.us/MQASearchServices/HealthCareProviders"),
    _b("FL", "Florida Board of Cosmetology", (COSMETOLOGY,), "https://www.myfloridalicense.com/wl11.asp"),
    _b("NY", "New York State Education Department, Office of the Professions", _ALL_HEALTH, "https://www.op.nysed.gov/verification-search"),
    _b("NY", "New York Department of State, Division of Licensing Services", (COSMETOLOGY,), "https://dos.ny.gov/licensing-services"),
    _b("IL", "Illinois Department of Financial and Professional Regulation", _ALL, "https://online-dfpr.micropact.com/lookup/licenselookup.aspx"),
    _b("GA", "Georgia Board of Nursing", (NURSING,), "https://verify.sos.ga.gov/verification/"),
    _b("GA", "Georgia Composite Medical Board", _MEDICAL_PA, "https://gcmb.mylicense.com/verification/"),
    _b("GA", "Georgia State Board of Cosmetology and Barbers", (COSMETOLOGY,), "https://verify.sos.ga.gov/verification/"),
    _b("AZ", "Arizona State Board of Nursing", (NURSING,), "https://www.azbn.gov/"),
    _b("AZ", "Arizona Medical Board", (MEDICAL,), "https://www.azmd.gov/"),
    _b("AZ", "Arizona Regulatory Board of Physician Assistants", (PA,), "https://www.azpa.gov/"),
    _b("AZ", "Arizona State Board of Cosmetology", (COSMETOLOGY,), "https://boc.az.gov/"),
    _b("CO", "Colorado Department of Regulatory Agencies", _ALL, "https://apps.colorado.gov/dora/licensing/Lookup/LicenseLookup.aspx"),
    _b("WA", "Washington State Department of Health", _ALL_HEALTH, "https://fortress.wa.gov/doh/providercredentialsearch/"),
    _b("WA", "Washington State Department of Licensing", (COSMETOLOGY,), "https://professions.dol.wa.gov/s/license-lookup"),
    _b("MA", "Massachusetts Board of Registration in Nursing", (NURSING,), "https://madph.mylicense.com/verification/"),
    _b("MA", "Massachusetts Board of Registration in Medicine", _MEDICAL_PA, "https://findmydoctor.mass.gov/"),
    _b("MA", "Massachusetts Board of Registration of Cosmetology and Barbering", (COSMETOLOGY,), "https://www.mass.gov/how-to/check-a-professional-license"),
    _b("PA", "Pennsylvania State Board of Nursing", (NURSING,), "https://www.pals.pa.gov/#/page/search"),
    _b("PA", "Pennsylvania State Board of Medicine", _MEDICAL_PA, "https://www.pals.pa.gov/#/page/search"),
    _b("PA", "Pennsylvania State Board of Osteopathic Medicine", (MEDICAL,), "https://www.pals.pa.gov/#/page/search"),
    _b("PA", "Pennsylvania State Board of Cosmetology", (COSMETOLOGY,), "https://www.pals.pa.gov/#/page/search"),
    _b("OH", "Ohio Board of Nursing", (NURSING,), "https://elicense.ohio.gov/oh_verifylicense"),
    _b("OH", "State Medical Board of Ohio", _MEDICAL_PA, "https://elicense.ohio.gov/oh_verifylicense"),
    _b("OH", "Ohio State Cosmetology and Barber Board", (COSMETOLOGY,), "https://elicense.ohio.gov/oh_verifylicense"),
    _b("NC", "North Carolina Board of Nursing", (NURSING,), "https://portal.ncbon.com/LicenseVerification/search.aspx"),
    _b("NC", "North Carolina Medical Board", _MEDICAL_PA, "https://portal.ncmedboard.org/verification/search.aspx"),
    _b("NC", "North Carolina Board of Cosmetic Art Examiners", (COSMETOLOGY,), "https://www.nccosmeticarts.com/"),
    _b("TN", "Tennessee Board of Nursing", (NURSING,), "https://apps.health.tn.gov/Licensure/"),
    _b("TN", "Tennessee Board of Medical Examiners", _MEDICAL_PA, "https://apps.health.tn.gov/Licensure/"),
    _b("TN", "Tennessee Board of Cosmetology and Barber Examiners", (COSMETOLOGY,), "https://verify.tn.gov/"),
    _b("NV", "Nevada State Board of Nursing", (NURSING,), "https://nevadanursingboard.org/"),
    _b("NV", "Nevada State Board of Medical Examiners", _MEDICAL_PA, "https://medboard.nv.gov/"),
    _b("NV", "Nevada State Board of Cosmetology", (COSMETOLOGY,), "https://nvcosmetology.nv.gov/"),
    _b("OR", "Oregon State Board of Nursing", (NURSING,), "https://osbn.oregon.gov/OSBNVerification/Default.aspx"),
    _b("OR", "Oregon Medical Board", _MEDICAL_PA, "https://omb.oregon.gov/search"),
    _b("OR", "Oregon Health Licensing Office", (COSMETOLOGY,), "https://hlo.oregon.gov/"),
    _b("MN", "Minnesota Board of Nursing", (NURSING,), "https://mn.gov/boards/nursing/"),
    _b("MN", "Minnesota Board of Medical Practice", _MEDICAL_PA, "https://mn.gov/boards/medical-practice/"),
    _b("MN", "Minnesota Board of Cosmetologist Examiners", (COSMETOLOGY,), "https://mn.gov/boards/cosmetology/"),
    _b("MI", "Michigan Department of Licensing and Regulatory Affairs", _ALL, "https://www.michigan.gov/lara/online-services/verify-a-license"),
    _b("UT", "Utah Division of Professional Licensing", _ALL, "https://secure.utah.gov/llv/search/index.html"),
)  # fmt: skip

# Words that say which kind of board an authority (or licence type) is.
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("physician assistant", PA),
    ("nurs", NURSING),
    ("cosmet", COSMETOLOGY),
    ("esthetic", COSMETOLOGY),
    ("aesthetic", COSMETOLOGY),
    ("barber", COSMETOLOGY),
    ("medic", MEDICAL),
    ("osteopath", MEDICAL),
    ("physician", MEDICAL),
)
_FILLER = {"of", "the", "and", "state", "board", "department", "for", "in", "on"}


def state_of(jurisdiction: str | None) -> str:
    """``US-TX`` (or ``TX``) -> ``TX``; anything else -> ``""``."""
    code = (jurisdiction or "").strip().upper()
    code = code.removeprefix("US-")
    return code if re.fullmatch(r"[A-Z]{2}", code) else ""


def boards_in(state: str) -> list[Board]:
    """The boards we know in ``state`` (two-letter code)."""
    return [board for board in BOARDS if board.state == state]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _FILLER}


def kind_of(text: str) -> str | None:
    """The board kind a free-text authority or licence type names, if any."""
    lowered = text.lower()
    for word, kind in _KIND_WORDS:
        if word in lowered:
            return kind
    return None


def find_board(authority: str, jurisdiction: str, licence_type: str = "") -> Board | None:
    """The board that issued a licence: by name within its state, else by the kind of licence."""
    state = state_of(jurisdiction)
    candidates = boards_in(state)
    wanted = _words(authority)
    for board in candidates:
        if wanted and _words(board.name) <= wanted | _words(state_name(state)):
            return board
    kind = kind_of(authority) or kind_of(licence_type)
    matches = [board for board in candidates if kind in board.kinds]
    if matches:
        return matches[0]
    if kind == NURSING and state:
        return Board(
            state,
            "Nursys QuickConfirm (national nursing database)",
            frozenset({NURSING}),
            NURSYS_URL,
        )
    return None


def state_name(state: str) -> str:
    """Full state name for a two-letter code (empty when unknown)."""
    from directory.vocabulary import US_STATES

    return US_STATES.get(state, "")


@dataclass(frozen=True)
class ScopeHint:
    """A warning that a profession may not be allowed to micro-needle in a state."""

    message: str
    source: str


_ESTHETICIAN_HINTS = {
    "CA": ScopeHint(
        "California's Board of Barbering and Cosmetology says estheticians may not perform "
        "micro-needling.",
        "California Board of Barbering and Cosmetology guidance, 2016",
    ),
    "FL": ScopeHint(
        "Florida puts micro-needling at 0.25–2.5 mm outside the scope of cosmetologists and "
        "facial specialists.",
        "Florida rule 61G5-18.00015 (2021)",
    ),
    "NY": ScopeHint(
        "Estheticians are reported to be barred from micro-needling in New York.",
        "Secondary sources; confirm with the New York Department of State",
    ),
    "TX": ScopeHint(
        "Estheticians are reported to be barred from micro-needling in Texas.",
        "Secondary sources; confirm with the Texas Department of Licensing and Regulation",
    ),
}


def scope_hint(profession: str | None, state: str | None) -> ScopeHint | None:
    """A hint when the profession and state suggest micro-needling is outside scope."""
    if profession == "esthetician":
        return _ESTHETICIAN_HINTS.get(state_of(state))
    return None
