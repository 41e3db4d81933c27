"""One patient's review, consistent with itself: the stars pick the tone of the text, the
sub-ratings pick which remarks appear, and the side effects, downtime, sessions and price in the
text are the ones in the review's fields."""

from __future__ import annotations

import random
from typing import Any

from directory.catalogue_data import DEVICES
from directory.demo import review_text as text
from directory.demo.common import round_to, some, weighted
from directory.demo.profiles import PENS, RF_DEVICES, Profile

# Rating distributions for three kinds of practice: most are good, a few are uneven.
QUALITY = {
    "excellent": {5: 72, 4: 19, 3: 5, 2: 2, 1: 2},
    "typical": {5: 52, 4: 26, 3: 11, 2: 6, 1: 5},
    "uneven": {5: 28, 4: 24, 3: 18, 2: 14, 1: 16},
}
CONCERN_WORDS = {
    "acne_scars": "acne scars",
    "fine_lines": "fine lines",
    "texture": "rough patches",
    "pores": "pores",
    "hyperpigmentation": "dark spots",
    "stretch_marks": "stretch marks",
    "surgical_scars": "scars",
    "hair_loss": "thin patches",
}
DEVICE_NAMES = {device["slug"]: device["name"] for device in DEVICES}
_NUMBERS = ("one", "two", "three", "four", "five", "six")


def tier(rating: int) -> str:
    """The tone of the text for a star rating."""
    return "good" if rating >= 4 else "mixed" if rating == 3 else "poor"


def _sub_rating(rng: random.Random, rating: int, shift: int = 0) -> int:
    return max(1, min(5, rating + rng.choice((-1, 0, 0, 0, 1)) + shift))


def _worth_it(rng: random.Random, rating: int) -> str:
    options = {
        5: {"yes": 95, "not_sure": 5},
        4: {"yes": 82, "not_sure": 18},
        3: {"not_sure": 60, "yes": 20, "no": 20},
    }
    return weighted(rng, options.get(rating, {"no": 80, "not_sure": 20}))


def _side_effects(rng: random.Random, treatment: str) -> tuple[list[str], int]:
    if rng.random() < 0.15:
        return ["none"], 0
    deep = treatment in ("rf_microneedling", "prp_microneedling")
    effects = ["redness"] if rng.random() < 0.85 else []
    if rng.random() < 0.35:
        effects.append("swelling")
    if rng.random() < (0.3 if deep else 0.12):
        effects.append("bruising")
    if rng.random() < 0.1:
        effects.append("breakouts")
    effects = effects or ["redness"]
    days = rng.randint(2, 5) if treatment == "rf_microneedling" else rng.randint(1, 3)
    return effects, days + (2 if "bruising" in effects else 0)


def _price(rng: random.Random, p: Profile, treatment: str) -> int | None:
    if rng.random() < 0.15:
        return None
    span = p.price_max - p.price_min
    low, high = (0.55, 1.0) if treatment in ("prp_microneedling", "rf_microneedling") else (0, 0.4)
    return round_to(p.price_min + span * rng.uniform(low, high), 5)


def _days(n: int) -> str:
    return "a day" if n == 1 else f"{_NUMBERS[n - 1] if n <= 6 else n} days"


def write_review(
    rng: random.Random,
    p: Profile,
    quality: str,
    treatment: str,
    used: set[str],
    rating: int | None = None,
) -> dict[str, Any]:
    """The fields of a review of ``p`` for ``treatment``: ratings, facts, title and body.

    ``used`` holds the fragments other reviews of the same listing already use; fresh ones are
    preferred, so a profile's reviews do not echo each other."""
    rating = rating or weighted(rng, QUALITY[quality])
    numbed = p.numbing_cream is not False
    fields: dict[str, Any] = {
        "rating": rating,
        "results": _sub_rating(rng, rating),
        "comfort": _sub_rating(rng, rating, 0 if numbed else -1),
        "cleanliness": _sub_rating(rng, rating, 1 if rating >= 3 else 0),
        "communication": _sub_rating(rng, rating),
        "value": _sub_rating(rng, rating, -1 if rating <= 4 and rng.random() < 0.3 else 0),
        "worth_it": _worth_it(rng, rating),
        "price_paid": _price(rng, p, treatment),
        "treatment": treatment,
        "sessions": rng.randint(1, 3) if treatment == "rf_microneedling" else rng.randint(1, 6),
    }
    if treatment == "scalp_microneedling":
        concerns = ["hair_loss"]
    else:
        own = [c for c in p.concerns if c != "hair_loss"] or ["texture"]
        concerns = some(rng, own, 1, 2)
    effects, days = _side_effects(rng, treatment)
    fields.update(concerns=concerns, side_effects=effects, downtime_days=days)
    fields["title"], fields["body"] = _text(rng, p, fields, used)
    return fields


def _text(rng: random.Random, p: Profile, f: dict[str, Any], used: set[str]) -> tuple[str, str]:
    def pick(options: tuple[str, ...]) -> str:
        fresh = [option for option in options if option not in used]
        chosen = rng.choice(fresh or options)
        used.add(chosen)
        return chosen

    mood = tier(f["rating"])
    concern = f["concerns"][0]
    count = f["sessions"]
    values = {
        "who": f"Dr. {p.last}" if p.is_doctor else p.first,
        "sessions": "one session" if count == 1 else f"{_NUMBERS[count - 1]} sessions",
        "days": _days(max(1, f["downtime_days"])),
        "price": f"{f['price_paid']:,}" if f["price_paid"] else "",
        "concern": CONCERN_WORDS[concern],
        "device": "",
    }
    parts = [pick(text.LEADS)] if rng.random() < 0.45 else []
    parts.append(pick(text.OPENINGS[concern]))
    if rng.random() < 0.55 or mood == "poor":
        parts.append(pick(text.CONSULTATION[mood]))
    numbed = "numbed" if p.numbing_cream is not False else "unnumbed"
    parts.append(pick(text.COMFORT["painful" if f["comfort"] <= 2 else numbed]))
    rf = f["treatment"] == "rf_microneedling"
    usable = [d for d in p.devices if d in (RF_DEVICES if rf else PENS)]
    if usable and rng.random() < 0.35:
        values["device"] = DEVICE_NAMES[rng.choice(usable)]
        parts.append(pick(text.DEVICE))
    if f["treatment"] == "prp_microneedling":
        parts.append(pick(text.PRP))
    if rf:
        parts.append(pick(text.RF))
    parts.extend(text.SIDE_EFFECTS[e] for e in f["side_effects"][:2])
    parts.append(pick(text.RESULTS[mood]))
    if f["price_paid"] and rng.random() < 0.5:
        parts.append(pick(text.VALUE[f["worth_it"]]))
    if f["cleanliness"] >= 4 and rng.random() < 0.3:
        parts.append(pick(text.CLEAN["good"]))
    elif f["cleanliness"] <= 2:
        parts.append(pick(text.CLEAN["poor"]))
    if f["communication"] >= 4 and rng.random() < 0.4:
        parts.append(pick(text.COMMUNICATION["good"]))
    elif f["communication"] <= 2:
        parts.append(pick(text.COMMUNICATION["poor"]))
    if rng.random() < 0.75:
        parts.append(pick(text.CLOSINGS[mood]))
    title = pick(text.TITLES[mood]).format_map(values)
    return title[:120], " ".join(part.format_map(values) for part in parts)
