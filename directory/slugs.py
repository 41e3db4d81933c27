"""Readable, unique URL slugs such as ``jane-doe-austin``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable


def slugify(*parts: str) -> str:
    """Lower-case ASCII words joined by hyphens."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text[:100].strip("-") or "practitioner"


def unique_slug(name: str, city: str, taken: Callable[[str], bool]) -> str:
    """``name-city``, then ``name-city-2``, ``-3``... until ``taken`` says it is free."""
    base = slugify(name, city)
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate
