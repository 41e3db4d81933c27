"""Plausible listing facts for demo practitioners (issue 11): languages, opening hours,
payment, gender and per-treatment prices, so every search filter has results in ``make run``.

Drawn from a generator seeded by the practitioner's name and city, not the demo's shared one,
so the rest of the demo data (bios, reviews, licences) stays exactly as before.
"""

from __future__ import annotations

import random
from typing import Any

from directory.demo.profiles import Profile

# Where Spanish is common among patients, more practices speak it.
SPANISH_STATES = {"TX", "CA", "FL", "AZ", "NM", "NV", "CO", "NY", "IL"}
OTHER_LANGUAGES = (("vi", 0.05), ("zh", 0.05), ("ko", 0.04), ("tl", 0.04), ("fr", 0.03),
                   ("ar", 0.02), ("ru", 0.02), ("asl", 0.01))  # fmt: skip
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
PRICED_FIRST = ("microneedling", "facial", "chemical_peel", "scalp_microneedling",
                "prp_microneedling", "laser_resurfacing", "rf_microneedling")  # fmt: skip


def demo_facts(p: Profile) -> dict[str, Any]:
    """The facts of one demo listing, as Listing column values."""
    rng = random.Random(f"facts|{p.name}|{p.city.name}|{p.city.state}")
    spanish = 0.45 if p.city.state in SPANISH_STATES else 0.12
    languages = ["en"] + (["es"] if rng.random() < spanish else [])
    languages += [slug for slug, share in OTHER_LANGUAGES if rng.random() < share]
    return {
        "languages": languages,
        "payment_options": _payment(rng, p),
        "gender": rng.choices(["female", "male", "nonbinary", None], [72, 14, 2, 12])[0],
        "opening_hours": _hours(rng),
        "treatment_prices": _prices(rng, p),
    }


def _payment(rng: random.Random, p: Profile) -> list[str]:
    options = [slug for slug, share in (("cash", 0.8), ("card", 0.97)) if rng.random() < share]
    if p.profession != "esthetician" and rng.random() < 0.45:
        options.append("hsa_fsa")  # only medically supervised care is ever HSA/FSA eligible
    for slug, share in (("carecredit", 0.35), ("cherry", 0.2), ("other_financing", 0.08)):
        if rng.random() < share:
            options.append(slug)
    return options or ["card"]


def _hours(rng: random.Random) -> dict[str, list[str]]:
    if rng.random() < 0.12:
        return {}  # not stated
    opens = rng.choice(["08:00", "09:00", "09:00", "10:00"])
    closes = rng.choice(["17:00", "17:00", "18:00"])
    days = [d for d in WEEKDAYS if rng.random() < 0.9] or ["tue", "thu"]
    hours = {day: [opens, closes] for day in days}
    if rng.random() < 0.35:  # one or two late days
        for day in rng.sample(days, min(len(days), rng.choice([1, 2]))):
            hours[day] = [opens, rng.choice(["19:00", "19:30", "20:00"])]
    if rng.random() < 0.4:
        hours["sat"] = ["10:00", rng.choice(["14:00", "15:00", "16:00"])]
    if rng.random() < 0.05:
        hours["sun"] = ["11:00", "15:00"]
    return hours


def _prices(rng: random.Random, p: Profile) -> dict[str, int]:
    """Prices spanning exactly the profile's range (its bio quotes that range): the cheapest
    treatment at the lowest price, the dearest at the highest."""
    offered = [slug for slug in PRICED_FIRST if slug in p.treatments]
    if len(offered) < 2 or rng.random() < 0.35:
        return {}
    low, high = p.price_min, p.price_max
    prices = {offered[0]: low, offered[-1]: high}
    for slug in offered[1:-1]:
        prices[slug] = min(high, max(low, round(rng.uniform(low, high) / 25) * 25))
    return prices
