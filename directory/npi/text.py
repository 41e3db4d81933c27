"""NPPES text as people read it: names and addresses in the registry are upper case, credentials
are written many ways ("M.D", "MD", "M.D."), phone numbers are bare digits."""

from __future__ import annotations

import re

# Words that stay as written in capitals: legal forms, degrees, Roman numerals.
UPPER_WORDS = {
    "LLC", "LLP", "PLLC", "PC", "PA", "MD", "DO", "OD", "DDS", "DMD", "DPM", "RN", "NP",
    "II", "III", "IV", "USA", "CSP",
}  # fmt: skip
MIXED_WORDS = {"INC": "Inc", "JR": "Jr", "SR": "Sr"}
SMALL_WORDS = {"of", "and", "the", "for", "at", "in", "on", "de", "la"}
DIRECTIONS = {"N", "S", "E", "W", "NE", "NW", "SE", "SW"}
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


def postal_code(text: str | None) -> str:
    """NPPES writes ZIP+4 as nine bare digits: ``"303241234"`` -> ``"30324-1234"``."""
    value = (text or "").strip()
    if re.fullmatch(r"\d{9}", value):
        return f"{value[:5]}-{value[5:]}"
    return value
