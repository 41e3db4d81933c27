"""A practitioner's professional profile, internally consistent: credentials that match the
profession, devices that match the treatments (RF devices only with RF micro-needling), skin
types that match the devices' clearances, prices that match the treatments and the city, and
a procedure count that matches the years in practice."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from directory import places
from directory.demo.cities import MASTER_ESTHETICIAN_STATES, City
from directory.demo.common import BASE_DATE, round_to, weighted

PROFESSION_WEIGHTS = {
    "registered_nurse": 24,
    "nurse_practitioner": 18,
    "dermatologist": 16,
    "esthetician": 14,
    "physician": 10,
    "physician_assistant": 9,
    "plastic_surgeon": 8,
}
MEDICAL_DOCTORS = ("dermatologist", "plastic_surgeon", "physician")
_NP_CREDENTIALS = (
    "MSN, APRN-CNP", "APRN, FNP-C", "FNP-C", "DNP, APRN, FNP-BC", "MSN, FNP-BC", "NP-C",
)  # fmt: skip
_PA_CREDENTIALS = ("PA-C", "MPAS, PA-C", "MMS, PA-C", "MSPAS, PA-C")
_RN_CREDENTIALS = ("RN", "RN, BSN", "RN, BSN", "BSN, RN, CANS", "RN, CANS", "ADN, RN")
# (first year, last year) a practitioner of each profession may have started practising.
_STARTS = {
    "dermatologist": (1990, 2021),
    "plastic_surgeon": (1990, 2019),
    "physician": (1992, 2022),
    "nurse_practitioner": (2000, 2023),
    "physician_assistant": (2002, 2023),
    "registered_nurse": (1995, 2024),
    "esthetician": (2005, 2024),
}
# Micro-needling procedures a year once in aesthetic practice.
_YEARLY = {
    "dermatologist": (60, 220),
    "plastic_surgeon": (30, 120),
    "physician": (50, 180),
    "nurse_practitioner": (80, 260),
    "physician_assistant": (70, 220),
    "registered_nurse": (90, 300),
    "esthetician": (80, 250),
}
# Lowest session price a profession typically charges, before the city's cost of living.
_PRICE_FLOOR = {
    "dermatologist": (250, 450),
    "plastic_surgeon": (300, 500),
    "physician": (200, 400),
    "nurse_practitioner": (200, 350),
    "physician_assistant": (200, 350),
    "registered_nurse": (150, 300),
    "esthetician": (100, 250),
}
PENS = {
    "skinpen_precision": 35, "dermapen_4": 18, "eclipse_micropen": 12, "rejuvapen_nxt": 10,
    "exceed": 8, "dr_pen": 10,
}  # fmt: skip
RF_DEVICES = {
    "morpheus8": 35, "potenza": 18, "secret_rf": 15, "profound_matrix": 10, "vivace": 12,
    "genius": 10,
}  # fmt: skip
# Devices cleared only for lighter skin (shared/domain/devices.md): listings using nothing else
# say so in their skin types.
_NARROW_CLEARANCE = {"exceed", "rejuvapen_nxt"}


@dataclass
class Profile:
    """Everything about a practitioner the listing shows, before it becomes a ``Listing``."""

    first: str
    last: str
    gender: str
    profession: str
    credentials: str
    city: City
    clinic: str = ""
    practicing_since: int = 2015
    procedures_performed: int | None = None
    treatments: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    devices: list[str] = field(default_factory=list)
    skin_types: list[int] = field(default_factory=list)
    price_min: int = 150
    price_max: int = 400
    numbing_cream: bool | None = True
    consultation: str = "free"
    consultation_notes: str = ""
    accepting_new_patients: bool = True
    address: str = ""
    postal_code: str = ""
    lat: float = 0.0
    lon: float = 0.0
    phone: str = ""

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def is_doctor(self) -> bool:
        return self.profession in MEDICAL_DOCTORS

    @property
    def years(self) -> int:
        return BASE_DATE.year - self.practicing_since


def credentials_for(rng: random.Random, profession: str, state: str) -> str:
    """Post-nominals a practitioner of ``profession`` would really write after their name."""
    degree = "DO" if rng.random() < 0.2 else "MD"
    if profession == "dermatologist":
        return f"{degree}, FAAD" if rng.random() < 0.85 else degree
    if profession == "plastic_surgeon":
        return f"{degree}, FACS" if rng.random() < 0.88 else degree
    if profession == "physician":
        return "DO" if rng.random() < 0.35 else "MD"
    if profession == "nurse_practitioner":
        return rng.choice(_NP_CREDENTIALS)
    if profession == "physician_assistant":
        return rng.choice(_PA_CREDENTIALS)
    if profession == "registered_nurse":
        return rng.choice(_RN_CREDENTIALS)
    if state in MASTER_ESTHETICIAN_STATES and rng.random() < 0.6:
        return "LME"
    return "LE, CIDESCO" if rng.random() < 0.12 else "LE"


def fill_practice(rng: random.Random, p: Profile) -> None:
    """Years in practice, treatments, devices, concerns and skin types, all consistent."""
    first, last = _STARTS[p.profession]
    p.practicing_since = rng.randint(first, last)
    # Micro-needling took off in the 2010s: long careers did not do it all along.
    needling_years = max(1, min(p.years, rng.randint(8, 15)))
    low, high = _YEARLY[p.profession]
    count = needling_years * rng.randint(low, high)
    p.procedures_performed = (
        None if rng.random() < 0.05 else round_to(count, 50 if count > 500 else 10)
    )
    p.treatments = _treatments(rng, p.profession)
    p.devices = _devices(rng, p)
    p.concerns = _concerns(rng, p)
    p.skin_types = _skin_types(rng, p.devices)


def _treatments(rng: random.Random, profession: str) -> list[str]:
    medical = profession != "esthetician"
    doctor = profession in MEDICAL_DOCTORS
    chances = {
        "microneedling": 0.95,
        "prp_microneedling": 0.45 if medical else 0.0,  # a blood draw needs a medical licence
        "rf_microneedling": (0.55 if doctor else 0.35) if medical else 0.0,
        "scalp_microneedling": 0.22 if doctor else 0.12,
        "chemical_peel": 0.3 if profession == "plastic_surgeon" else 0.55,
        "laser_resurfacing": (0.55 if doctor else 0.25) if medical else 0.0,
        "facial": 0.85 if profession == "esthetician" else 0.3 if not doctor else 0.05,
    }
    chosen = [slug for slug, chance in chances.items() if rng.random() < chance]
    if "microneedling" not in chosen and not {"prp_microneedling", "rf_microneedling"} & set(
        chosen
    ):
        chosen.insert(0, "microneedling")
    return chosen


def _devices(rng: random.Random, p: Profile) -> list[str]:
    needles = {"microneedling", "prp_microneedling", "scalp_microneedling"} & set(p.treatments)
    devices: list[str] = []
    if needles:
        devices.append(weighted(rng, PENS))
        if rng.random() < 0.25:
            second = weighted(rng, PENS)
            if second not in devices:
                devices.append(second)
        if "scalp_microneedling" in p.treatments and rng.random() < 0.3:
            devices.append("derma_stamp" if rng.random() < 0.5 else "derma_roller")
    if "rf_microneedling" in p.treatments:
        devices.append(weighted(rng, RF_DEVICES))
        if rng.random() < 0.2:
            second = weighted(rng, RF_DEVICES)
            if second not in devices:
                devices.append(second)
    return devices


def _concerns(rng: random.Random, p: Profile) -> list[str]:
    scars = 0.5 if p.profession in ("dermatologist", "plastic_surgeon") else 0.15
    chances = {
        "acne_scars": 0.85,
        "fine_lines": 0.7,
        "texture": 0.75,
        "pores": 0.5,
        "hyperpigmentation": 0.45,
        "stretch_marks": 0.45 if "rf_microneedling" in p.treatments else 0.2,
        "surgical_scars": scars,
    }
    chosen = [slug for slug, chance in chances.items() if rng.random() < chance]
    if len(chosen) < 2:
        chosen = ["acne_scars", "texture"]
    if "scalp_microneedling" in p.treatments:
        chosen.append("hair_loss")
    return chosen


def _skin_types(rng: random.Random, devices: list[str]) -> list[int]:
    if devices and set(devices) <= _NARROW_CLEARANCE:
        return [1, 2, 3, 4]
    ranges = {(1, 6): 70, (1, 5): 10, (2, 6): 8, (3, 6): 7, (1, 4): 5}
    low, high = weighted(rng, ranges)
    return list(range(low, high + 1))


def fill_prices_and_terms(rng: random.Random, p: Profile) -> None:
    """Session prices for the city and treatments; numbing, consultation and new patients."""
    low, high = _PRICE_FLOOR[p.profession]
    p.price_min = max(100, min(500, round_to(rng.randint(low, high) * p.city.cost, 25)))
    top = p.price_min + rng.randint(100, 300)
    if "rf_microneedling" in p.treatments:
        top = max(top, round_to(rng.randint(800, 1400) * p.city.cost, 50))
    if "prp_microneedling" in p.treatments:
        top = max(top, round_to(rng.randint(600, 1300) * p.city.cost, 50))
    limit = 2000 if {"prp_microneedling", "rf_microneedling"} & set(p.treatments) else 700
    p.price_max = max(p.price_min, min(limit, round_to(top, 25)))
    roll = rng.random()
    p.numbing_cream = True if roll < 0.88 else False if roll < 0.96 else None
    p.consultation = weighted(rng, {"free": 48, "credited": 22, "paid": 18, "none": 12})
    p.consultation_notes = _consultation_note(rng, p.consultation)
    p.accepting_new_patients = rng.random() < 0.88


def _consultation_note(rng: random.Random, terms: str) -> str:
    fee = rng.choice((50, 75, 100, 125, 150))
    notes = {
        "free": (
            "Complimentary 20-minute consultation, in person or by video.",
            "Free consultation with a skin assessment and a written treatment plan.",
            "",
        ),
        "credited": (
            f"${fee} consultation, credited towards your first treatment.",
            f"The ${fee} consultation fee comes off your first session if you book within 60 days.",
        ),
        "paid": (
            f"${fee} for a 30-minute consultation with a skin analysis.",
            f"Consultations are ${fee} and include a patch test where needed.",
        ),
        "none": (
            "Returning patients and referrals book treatment directly after a short intake form.",
            "",
        ),
    }
    return rng.choice(notes[terms])


def place_in(rng: random.Random, p: Profile, city: City) -> None:
    """A real ZIP of the city, coordinates near its centre, a plausible street address."""
    codes = places.zips_of_city(city.name, city.state)[:24]
    zip_place = places.lookup_zip(rng.choice(codes)) if codes else None
    centre = zip_place or places.find_city(city.name, city.state)
    if centre is None:  # the gazetteer lost a city: a data bug the tests would catch
        raise LookupError(f"{city.name}, {city.state} is not in the gazetteer")
    p.postal_code = (zip_place.postal_code or "") if zip_place else ""
    p.lat = round(centre.lat + rng.uniform(-0.008, 0.008), 5)
    p.lon = round(centre.lon + rng.uniform(-0.008, 0.008), 5)
    number = rng.choice((rng.randint(100, 999), rng.randint(1000, 4999), rng.randint(10, 99) * 100))
    address = f"{number} {rng.choice(city.streets)}"
    if rng.random() < 0.5:
        address += f", Suite {rng.choice((1, 2, 3, 4)) * 100 + rng.randint(0, 40)}"
    p.address = address
    p.phone = f"+1 {city.area_code} 555 01{rng.randint(0, 99):02d}"
