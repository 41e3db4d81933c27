"""Practitioner bios of 80 to 200 words composed from the fragments of ``bio_text``.

A bio always opens with who the practitioner is and their training, names their devices and
the concerns they treat, and says how consultations work; the rest (experience, synonyms people
search for, sessions, numbing, aftercare, skin of color, safety, a personal note) is drawn at
random until the bio reaches its length, then put back into a natural reading order.
"""

from __future__ import annotations

import random

from directory import vocabulary
from directory.demo import bio_text as text
from directory.demo.names import LAST
from directory.demo.profiles import Profile

MIN_WORDS, MAX_WORDS = 80, 200
_PRONOUNS = {
    "f": {"they": "she", "They": "She", "their": "her", "Their": "Her", "them": "her"},
    "m": {"they": "he", "They": "He", "their": "his", "Their": "His", "them": "him"},
}


def _words(sentence: str) -> int:
    return len(sentence.split())


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _language(last: str) -> str | None:
    for language, names in text.LANGUAGES.items():
        if last in names:
            return language
    return None


def _values(rng: random.Random, p: Profile) -> dict[str, str]:
    director = rng.choice([n for n in LAST if n != p.last])
    return {
        **_PRONOUNS[p.gender],
        "name": p.name,
        "first": p.first,
        "title": f"Dr. {p.last}" if p.is_doctor else p.first,
        "credentials": p.credentials,
        "clinic": p.clinic,
        "city": p.city.name,
        "state_name": vocabulary.US_STATES.get(p.city.state, p.city.state),
        "since": str(p.practicing_since),
        "years": str(p.years),
        "procedures": f"{p.procedures_performed:,}" if p.procedures_performed else "",
        "director": f"Dr. {rng.choice(('Anne', 'Paul', 'Rita', 'Sam', 'Helen', 'Omar'))} "
        f"{director}",
        "language": _language(p.last) or "",
    }


def _core(rng: random.Random, p: Profile) -> list[tuple[int, str]]:
    """(order, sentence) pairs every bio has."""
    core = [
        (0, rng.choice(text.OPENINGS[p.profession])),
        (1, rng.choice(text.TRAINING[p.profession])),
    ]
    if "CANS" in p.credentials:
        core.append((2, text.CANS[0]))
    for device in p.devices[:2]:
        core.append((4, rng.choice(text.DEVICES[device])))
    shown = rng.sample(p.concerns, min(3, len(p.concerns)))
    words = [text.CONCERN_WORDS[c] for c in p.concerns if c in shown]
    core.append((5, rng.choice(text.CONCERN_LEADS).replace("{concerns}", _join(words))))
    core.append((8, text.CONSULTATION[p.consultation]))
    return core


def _optional(rng: random.Random, p: Profile) -> list[tuple[int, str]]:
    """(order, sentence) pairs a bio may have, already shuffled."""
    extra: list[tuple[int, str]] = []
    if p.procedures_performed:
        extra.append((3, rng.choice(text.EXPERIENCE)))
    if "microneedling" in p.treatments:
        extra.append((3, rng.choice(text.SYNONYMS)))
    if "prp_microneedling" in p.treatments:
        extra.append((4, rng.choice(text.PRP_SYNONYMS)))
    if "rf_microneedling" in p.treatments:
        extra.append((4, text.RF_SYNONYMS[0]))
    details = [c for c in p.concerns if c in text.CONCERN_DETAIL]
    if details:
        extra.append((6, text.CONCERN_DETAIL[rng.choice(details)]))
    extra.append((7, rng.choice(text.SESSIONS)))
    if p.numbing_cream is not None:
        extra.append((9, rng.choice(text.NUMBING[p.numbing_cream])))
    extra.append((10, rng.choice(text.AFTERCARE)))
    if 6 in p.skin_types:
        extra.append((11, rng.choice(text.SKIN_OF_COLOR)))
    elif max(p.skin_types, default=6) <= 4:
        extra.append((11, text.NARROW_SKIN[0]))
    extra.append((12, rng.choice(text.SAFETY)))
    personal = [s for s in text.PERSONAL if "{language}" not in s or _language(p.last)]
    extra.append((13, rng.choice(personal)))
    rng.shuffle(extra)
    return extra


def compose_bio(rng: random.Random, p: Profile) -> str:
    """A bio of 80-200 words about ``p``, in the practitioner's voice as others describe it."""
    values = _values(rng, p)
    chosen = [(order, s.format_map(values)) for order, s in _core(rng, p)]
    target = rng.randint(100, 185)
    count = sum(_words(s) for _, s in chosen)
    for order, template in _optional(rng, p):
        sentence = template.format_map(values)
        words = _words(sentence)
        if (count >= MIN_WORDS and count + words > target) or count + words > MAX_WORDS:
            continue
        chosen.append((order, sentence))
        count += words
    chosen.sort(key=lambda pair: pair[0])  # stable: equal orders keep their draw order
    return " ".join(sentence for _, sentence in chosen)
