"""What people type, and what it means (shared/domain/vocabulary.md), as plain data.

search/ never imports directory/, so the vocabulary it needs for query understanding lives here:
synonym phrases for treatments and concerns, profession words, device names and the labels shown
by autocomplete. Phrases are written as people type them; ``analysis.words`` normalises them.
"""

from __future__ import annotations

TREATMENT_LABELS = {
    "microneedling": "Micro-needling",
    "prp_microneedling": "PRP micro-needling",
    "rf_microneedling": "RF micro-needling",
    "scalp_microneedling": "Scalp micro-needling",
    "chemical_peel": "Chemical peel",
    "laser_resurfacing": "Laser resurfacing",
    "facial": "Facial",
}
CONCERN_LABELS = {
    "acne_scars": "Acne scars",
    "fine_lines": "Fine lines & wrinkles",
    "texture": "Skin texture",
    "pores": "Enlarged pores",
    "hyperpigmentation": "Hyperpigmentation",
    "stretch_marks": "Stretch marks",
    "surgical_scars": "Surgical scars",
    "hair_loss": "Hair loss",
}
PROFESSION_LABELS = {
    "dermatologist": "Dermatologist",
    "plastic_surgeon": "Plastic surgeon",
    "physician": "Physician",
    "nurse_practitioner": "Nurse practitioner",
    "physician_assistant": "Physician assistant",
    "registered_nurse": "Registered nurse",
    "esthetician": "Esthetician",
    "other": "Other",
}

# Each phrase maps to one or more (kind, slug) concepts. Longest phrases win when matching.
TREATMENT_SYNONYMS = {
    "microneedling": [
        "microneedling", "micro-needling", "micro needling", "microneedle", "microneedles",
        "collagen induction therapy", "CIT", "percutaneous collagen induction", "PCI",
        "collagen induction treatment", "skin needling",
        "nano needling", "nanoneedling", "nano-needling", "nano infusion",
    ],
    "prp_microneedling": [
        "PRP microneedling", "PRP micro-needling", "PRP micro needling", "vampire facial",
        "platelet-rich plasma", "platelet rich plasma", "PRP facial", "PRP",
    ],
    "rf_microneedling": [
        "RF microneedling", "RF micro-needling", "RF micro needling",
        "radiofrequency microneedling", "radio frequency microneedling",
        "radiofrequency micro-needling", "fractional RF", "RFM", "RFMN",
        # Said alone, patients mean the treatment (issue 11): "RF near me", "radiofrequency".
        "RF", "radiofrequency", "radio frequency",
    ],
    "scalp_microneedling": [
        "scalp microneedling", "scalp micro-needling", "microneedling for hair loss", "hair loss",
        "alopecia",
    ],
    "chemical_peel": ["chemical peel", "chemical peels"],
    "laser_resurfacing": ["laser resurfacing"],
}  # fmt: skip
CONCERN_SYNONYMS = {
    "acne_scars": [
        "acne scars", "acne scar", "acne scarring", "atrophic scars", "rolling scars",
        "boxcar scars", "ice pick scars", "icepick scars", "icepick",
    ],
    "fine_lines": [
        "fine lines", "wrinkles", "wrinkle", "rhytides", "crow's feet", "crows feet",
        "periorbital lines", "glabellar lines", "anti-aging", "anti-ageing", "anti aging",
    ],
    "texture": ["texture", "uneven texture", "rough skin", "skin rejuvenation"],
    "pores": ["pores", "enlarged pores", "large pores"],
    "hyperpigmentation": [
        "hyperpigmentation", "pigmentation", "melasma", "dark spots", "uneven tone", "dyschromia",
    ],
    "stretch_marks": ["stretch marks", "stretch mark", "striae"],
    "surgical_scars": [
        "surgical scars", "surgical scar", "scars from surgery", "traumatic scars", "burn scars",
        "c-section scar", "c-section scars",
    ],
    "hair_loss": [
        "hair loss", "thinning hair", "androgenetic alopecia", "AGA", "alopecia",
    ],
}  # fmt: skip
PROFESSION_WORDS = {
    "dermatologist": ["dermatologist", "dermatologists", "derm", "derms", "dermatology"],
    "plastic_surgeon": [
        "plastic surgeon", "plastic surgeons", "cosmetic surgeon", "cosmetic surgeons",
    ],
    "physician": ["physician", "physicians", "MD"],
    "nurse_practitioner": ["nurse practitioner", "nurse practitioners", "NP", "APRN"],
    "physician_assistant": ["physician assistant", "physician assistants", "PA", "PA-C"],
    "registered_nurse": [
        "registered nurse", "registered nurses", "RN", "aesthetic nurse", "aesthetic nurses",
        "nurse injector", "nurse injectors",
    ],
    "esthetician": [
        "esthetician", "estheticians", "aesthetician", "aestheticians", "medical esthetician",
        "medical aesthetician",
    ],
}  # fmt: skip
# Words that stand for several professions at once.
for _slug in ("registered_nurse", "nurse_practitioner"):
    PROFESSION_WORDS[_slug] += ["nurse", "nurses"]
for _slug in ("physician", "dermatologist", "plastic_surgeon"):
    PROFESSION_WORDS[_slug] += ["doctor", "doctors", "dr"]
PROFESSION_WORDS["plastic_surgeon"] += ["surgeon", "surgeons"]

# Device names as typed; only names that are not ordinary English words.
DEVICE_WORDS = {
    "skinpen_precision": ["skinpen", "skin pen", "skinpen precision"],
    "rejuvapen_nxt": ["rejuvapen", "rejuvapen nxt"],
    "dr_pen": ["dr pen", "dr.pen", "drpen"],
    "dermapen_4": ["dermapen", "dermapen 4", "derma pen"],
    "eclipse_micropen": ["micropen", "eclipse micropen"],
    "morpheus8": ["morpheus8", "morpheus 8", "morpheus"],
    "potenza": ["potenza"],
    "secret_rf": ["secret rf"],
    "profound_matrix": ["profound matrix"],
    "vivace": ["vivace"],
    "derma_stamp": ["derma stamp", "dermastamp"],
    # Issue 11: patients asking for a "dermaroller" want the device, not any micro-needling.
    "derma_roller": ["dermaroller", "dermarollers", "derma roller", "derma rollers"],
}  # fmt: skip

# Single-word device names a typed prefix may stand for ("morph" -> Morpheus8). Only whole
# names that are not English words, so a prefix such as "skin" is never read as SkinPen
# unless the index has no such word (query.py checks that first).
DEVICE_PREFIX_NAMES = {
    "skinpen": "skinpen_precision",
    "rejuvapen": "rejuvapen_nxt",
    "dermapen": "dermapen_4",
    "micropen": "eclipse_micropen",
    "morpheus": "morpheus8",
    "potenza": "potenza",
    "vivace": "vivace",
    "dermastamp": "derma_stamp",
    "dermaroller": "derma_roller",
}
MIN_DEVICE_PREFIX = 4  # letters; "mor" is too many things


def device_for_prefix(word: str) -> str | None:
    """The device whose single-word name ``word`` begins (lower case, at least
    MIN_DEVICE_PREFIX letters and shorter than the name), when exactly one device fits."""
    if len(word) < MIN_DEVICE_PREFIX:
        return None
    found = {slug for name, slug in DEVICE_PREFIX_NAMES.items()
             if name.startswith(word) and name != word}  # fmt: skip
    return found.pop() if len(found) == 1 else None


# Patients' words for darker skin: read as Fitzpatrick types IV to VI (all three treated).
DARKER_SKIN_TYPES = (4, 5, 6)
DARKER_SKIN_PHRASES = [
    "dark skin", "darker skin", "darker skin tones", "dark skin tones", "skin of color",
    "skin of colour", "skin of colors", "melanin rich skin", "melanin-rich skin", "brown skin",
    "black skin",
]  # fmt: skip

# Listing facts patients filter on (issue 11): slugs and labels, shared with the app.
LANGUAGE_LABELS = {
    "en": "English", "es": "Spanish", "zh": "Chinese (Mandarin)", "yue": "Cantonese",
    "vi": "Vietnamese", "tl": "Tagalog", "ko": "Korean", "ar": "Arabic", "fr": "French",
    "ru": "Russian", "pt": "Portuguese", "hi": "Hindi", "fa": "Persian (Farsi)",
    "ht": "Haitian Creole", "ja": "Japanese", "de": "German", "it": "Italian", "pl": "Polish",
    "asl": "American Sign Language",
}  # fmt: skip
PAYMENT_LABELS = {
    "cash": "Cash",
    "card": "Credit or debit card",
    "hsa_fsa": "HSA/FSA card",
    "carecredit": "CareCredit financing",
    "cherry": "Cherry financing",
    "other_financing": "Other financing or payment plans",
}
FINANCING = ("carecredit", "cherry", "other_financing")
GENDER_LABELS = {"female": "Woman", "male": "Man", "nonbinary": "Non-binary"}
FEATURE_LABELS = {
    "accepting_new_patients": "Accepting new patients",
    "free_consultation": "Free consultation",
    "evenings": "Open evenings (after 6 pm)",
    "weekends": "Open weekends",
}


# A listing offering one of these also offers plain micro-needling: index both concepts.
IMPLIED = {
    "prp_microneedling": "microneedling",
    "rf_microneedling": "microneedling",
    "scalp_microneedling": "microneedling",
}


def concept_phrases() -> dict[str, list[tuple[str, str]]]:
    """Every treatment, concern and device phrase (as typed) -> the concepts it stands for."""
    table: dict[str, list[tuple[str, str]]] = {}
    kinds = (
        ("treatment", TREATMENT_SYNONYMS),
        ("concern", CONCERN_SYNONYMS),
        ("device", DEVICE_WORDS),
    )
    for kind, groups in kinds:
        for slug, phrases in groups.items():
            for phrase in phrases:
                concepts = table.setdefault(phrase, [])
                if (kind, slug) not in concepts:
                    concepts.append((kind, slug))
    return table


def profession_phrases() -> dict[str, list[tuple[str, str]]]:
    """Profession words (as typed) -> ("profession", slug); only query understanding."""
    table: dict[str, list[tuple[str, str]]] = {}
    for slug, phrases in PROFESSION_WORDS.items():
        for phrase in phrases:
            table.setdefault(phrase, []).append(("profession", slug))
    return table
