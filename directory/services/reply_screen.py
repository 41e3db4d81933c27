"""The privacy screen of owners' public replies to reviews.

US regulators fined practices whose replies to online reviews confirmed that the reviewer was a
patient, or what they were treated for (HIPAA). A reply is held for a moderator when it:

- contains a name, a username or an email address: the reviewer's own, any common given name,
  a name after a greeting ("Thanks, Sam"), a handle such as "patient38" or "@glowgirl";
- gives a date or a time ("March 3", "3/3/2026", "in June", "last Tuesday", "two weeks ago");
- speaks to the reviewer about a treatment, a visit, a condition, a device or a result ("It was a
  pleasure treating you"; "your hyperpigmentation responded well to the SkinPen").

The reasons the owner sees name only these categories, never what matched, and the same reason
is given whether or not a name or a date is the reviewer's: the screen must not become a way to
test guesses about who wrote a review or when they came.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from directory.vocabulary import CONCERNS

NAME = "It contains a name, a username or an email address."
DATE = "It gives a date or a time."
DETAILS = "It speaks to the reviewer about a treatment, a visit, a condition, a device or a result."
SUGGESTION = (
    "A reply that is always safe thanks the reviewer without confirming anything, for example: "
    "“Thank you for your feedback; please contact our office directly so that we can help.”"
)

_MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_MONTHS = f"{_MONTH_NAMES}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DATE_PATTERNS = (
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"),
    re.compile(r"\b\d{1,2}/\d{1,2}\b"),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b", re.IGNORECASE),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_MONTH_NAMES})\s+(?:of\s+)?\d{{4}}\b", re.IGNORECASE),
    # "in June", "last March", "early May": a month alone is a date when it says when.
    re.compile(
        rf"\b(?:in|on|since|during|last|this|early|late|mid|from|until|back\s+in)[\s-]+"
        rf"(?:{_MONTH_NAMES})\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:on|last|this|that|past|next)\s+(?:{_WEEKDAYS})\b", re.IGNORECASE),
    re.compile(
        r"\b(?:yesterday|last\s+(?:week|month|year|time)|this\s+(?:morning|afternoon|week)"
        r"|earlier\s+this\s+(?:week|month|year)|\w+\s+(?:days?|weeks?|months?)\s+ago"
        r"|\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.))",
        re.IGNORECASE,
    ),
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_HANDLE = re.compile(r"(?<![\w@])(?:@\w{3,}|[a-z][a-z._]{2,}\d{2,})\b", re.IGNORECASE)
_GREETING = re.compile(
    r"\b(?:hi|hello|hey|dear|thanks|thank\s+you|congrats|welcome)\s*,?\s+([a-z][\w.]{2,})",
    re.IGNORECASE,
)
# Words after a greeting that are not names ("Thanks for", "Thank you again").
_NOT_NAMES = frozenset((
    "for", "again", "all", "everyone", "everybody", "team", "you", "very", "much", "from",
    "the", "our", "and", "patient", "guest", "friend", "friends", "there", "guys", "heaps",
    "back", "both", "too", "reviewer", "once", "indeed", "tons", "lots", "everything", "this",
    "that", "your", "what", "such", "every", "each", "its", "but", "not", "now", "also", "yet",
    "one", "who", "sir", "madam",
))  # fmt: skip
# Words people put in nicknames that a reply would use for other reasons.
_COMMON_WORDS = frozenset((
    "the", "and", "you", "your", "our", "happy", "patient", "client", "customer", "guest",
    "user", "anonymous", "verified", "skin", "glow", "face", "thanks", "thank", "love", "great",
    "good", "nice",
))  # fmt: skip
_THANK_YOU = re.compile(r"\bthank\s+you\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|you're|you've|you'll|you'd)\b", re.I)
_DETAIL_WORDS = (
    # treatments and visits
    r"treat(?:s|ed|ing|ment|ments)?|visit(?:s|ed|ing)?|appointments?|sessions?|procedures?"
    r"|consult(?:ation|ations)?|came\s+in|come\s+in|saw\s+you|seeing\s+you|see\s+you|having\s+you"
    r"|peels?|(?:micro[\s-]?)?needling|microneedl\w*|injections?|fillers?|botox|laser\w*"
    r"|facials?|prp|numbing|downtime|follow[\s-]?up|aftercare|recovery|heal(?:ed|ing)?"
    r"|skin|face"
    # devices
    r"|devices?|skinpen|rejuvapen|dermapen|micropen|morpheus8?|potenza|vivace|dr\.?\s?pen"
    r"|derma[\s-]?(?:roller|stamp)|rollers?|radio\s?frequency|rf"
    # results
    r"|results?|respond(?:ed|s)?|response|improve(?:d|ment|ments)?|progress|outcomes?"
    r"|before[\s-]and[\s-]after|reactions?|side[\s-]effects?|bruis\w*|swelling|redness"
)


@cache
def _detail_pattern() -> re.Pattern[str]:
    conditions = {
        word
        for label in CONCERNS.values()
        for word in re.findall(r"[a-z]{4,}", label.lower())
        if word not in {"with", "skin", "loss", "fine", "lines", "marks", "enlarged", "texture"}
    }
    conditions |= {
        "acne", "scar", "scars", "scarring", "pores", "wrinkles", "melasma", "rosacea",
        "pigmentation", "breakout", "breakouts", "stretch marks", "fine lines", "texture",
    }  # fmt: skip
    extra = "|".join(sorted(re.escape(w) for w in conditions))
    return re.compile(rf"\b(?:{_DETAIL_WORDS}|{extra})\b", re.IGNORECASE)


@cache
def _first_names() -> frozenset[str]:
    text = resources.files("directory").joinpath("data/first_names.txt").read_text("utf-8")
    return frozenset(
        word
        for line in text.splitlines()
        if line and not line.startswith("#")
        for word in line.split()
    )


def _reviewer_names(author: Any) -> list[str]:
    """The reviewer's public display name and its words, lower-cased. Not the email address:
    the owner does not see it, so matching it would let the owner test guesses about it."""
    if getattr(author, "is_deleted", False):  # "Former patient" names nobody
        return []
    full = (getattr(author, "display_name", "") or "").strip().casefold()
    words = [w for w in re.split(r"[\s.,_-]+", full) if len(w) >= 3 and w not in _COMMON_WORDS]
    found = ([full] if full not in _COMMON_WORDS else []) + words
    return [n for n in dict.fromkeys(found) if n]


def _has_name(body: str, author: Any) -> bool:
    folded = body.casefold()
    if _EMAIL.search(body) or _HANDLE.search(body):
        return True
    names = _first_names()
    if any(w in names for w in re.findall(r"[a-z]+", folded)):
        return True
    for word in _GREETING.findall(body):
        word = word.casefold().rstrip(".")
        if word not in _NOT_NAMES and not word.endswith(("ing", "ly")):
            return True
    return any(
        re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded) for name in _reviewer_names(author)
    )


def _speaks_of_details(body: str) -> bool:
    detail = _detail_pattern()
    for sentence in re.split(r"[.!?;:\n]+", body):
        # "Thank you" is a formula, not the reply speaking to the reviewer about them.
        sentence = _THANK_YOU.sub(" ", sentence)
        if _SECOND_PERSON.search(sentence) and detail.search(sentence):
            return True
    return False


def screen(body: str, author: Any) -> list[str]:
    """Why ``body`` may disclose patient details (categories only); empty when it looks safe.

    ``author`` is the reviewer (its display name and email are matched like any other name)."""
    reasons: list[str] = []
    if _has_name(body, author):
        reasons.append(NAME)
    if any(pattern.search(body) for pattern in _DATE_PATTERNS):
        reasons.append(DATE)
    if _speaks_of_details(body):
        reasons.append(DETAILS)
    return reasons
