"""Sentence fragments that compose realistic, varied practitioner bios for the benchmarks."""

from __future__ import annotations

import random

STREETS = [
    "Main St",
    "Oak Ave",
    "Congress Ave",
    "Maple Dr",
    "Park Blvd",
    "Elm St",
    "Lake Rd",
    "Broadway",
    "Market St",
    "Sunset Blvd",
    "Cedar Ln",
    "River Rd",
    "Hillcrest Ave",
]
CLINIC_PATTERNS = ["{last} Aesthetics", "{city} Skin Studio", "Glow {city}", "{last} Dermatology",
                   "The Skin Room", "{city} Medical Spa", "Radiance by {last}", "Lumen Skin Clinic",
                   "{last} Plastic Surgery", "True Skin {city}", "Renew Aesthetics",
                   "{city} Laser & Skin", "Bare Skin Bar", "{last} Wellness", "Vivid Skin Lab",
                   "Clear Complexion Co", "{city} Derm Associates", "Haven Medspa"]  # fmt: skip

INTROS = [
    "{first} is a {role} at {clinic} in {city}, {state}.",
    "I am a {role} practising in {city} and I have focused on skin health for years.",
    "Welcome! I'm {first}, a {role} who loves helping patients feel confident in their skin.",
    "{first} {last} leads the aesthetic team at {clinic}, serving {city} and nearby towns.",
    "As a {role} based in {city}, {first} combines clinical training with a gentle touch.",
]
SINCE = [
    "{first} has been treating patients since {since}.",
    "I started my career in aesthetics in {since} and still love learning.",
    "With experience going back to {since}, {first} has seen every kind of skin.",
]
TREATMENT_LINES = {
    "microneedling": [
        "My core treatment is microneedling, also called collagen induction therapy.",
        "I perform micro-needling to stimulate the skin's own collagen and elastin.",
        "Collagen induction therapy (CIT) is the treatment I recommend most often.",
        "Medical micro needling sessions take about an hour including numbing.",
        "Skin needling creates controlled micro-injuries that trigger natural repair.",
        "We offer professional microneedling with sterile single-use cartridges.",
    ],
    "prp_microneedling": [
        "For extra healing support I add platelet-rich plasma, often called the vampire facial.",
        "PRP microneedling uses growth factors from your own blood to boost results.",
        "Many patients ask for the vampire facial; we draw and spin your blood on site.",
        "Platelet rich plasma can be combined with needling for deeper renewal.",
    ],
    "rf_microneedling": [
        "RF microneedling delivers radiofrequency energy through insulated needles.",
        "Radiofrequency microneedling tightens lax skin along the jawline and neck.",
        "Fractional RF treatments suit patients who want firmer skin with little downtime.",
    ],
    "scalp_microneedling": [
        "Scalp microneedling can support regrowth for thinning hair and alopecia.",
        "I also treat hair loss with scalp needling combined with topical serums.",
    ],
    "chemical_peel": [
        "Chemical peels complement needling for brightness and clarity.",
        "Light chemical peels are offered between needling sessions.",
    ],
    "laser_resurfacing": [
        "Laser resurfacing is available for patients who need more intensive renewal.",
        "Some patients alternate laser resurfacing with needling across the year.",
    ],
    "facial": [
        "Hydrating facials are a gentle way to start if you are new to treatments.",
        "Our signature facial pairs well with a course of needling.",
    ],
}
CONCERN_LINES = {
    "acne_scars": ["Acne scars, including rolling and boxcar scars, respond well to a series.",
                   "I see many patients with acne scarring who had given up hope.",
                   "Ice pick scars need patience, but steady improvement is realistic."],
    "fine_lines": ["Fine lines and wrinkles around the eyes soften over several sessions.",
                   "Anti-aging care here means natural results, never a frozen look.",
                   "Crow's feet and forehead lines are common reasons patients visit."],
    "texture": ["Uneven texture and rough skin become smoother after a few treatments.",
                "Skin rejuvenation is about texture as much as tone."],
    "pores": ["Enlarged pores look tighter and more refined after a course.",
              "Patients with large pores often notice a difference after the second visit."],
    "hyperpigmentation": ["Hyperpigmentation and melasma need careful settings and sun care.",
                          "Dark spots and uneven tone are treated gradually and safely."],
    "stretch_marks": ["Stretch marks on the abdomen and thighs can be softened with needling.",
                      "Striae from pregnancy or growth spurts are treated with deeper passes."],
    "surgical_scars": ["Surgical scars, such as a c-section scar, can become flatter and paler.",
                       "Burn scars and traumatic scars are treated in close cooperation with "
                       "your doctor."],
    "hair_loss": ["Thinning hair and androgenetic alopecia are treated on the scalp.",
                  "Hair loss treatments are planned with your physician's diagnosis in mind."],
}  # fmt: skip
DEVICE_LINES = [
    "I work with the {devices}.",
    "Our clinic uses the {devices} for precise depth control.",
    "Treatments are performed with the {devices}, cleaned and prepared for every patient.",
]
APPROACH = [
    "Every plan starts with a consultation and a close look at your skin type.",
    "I explain each step so you know what to expect before, during and after.",
    "Numbing cream is applied before treatment to keep you comfortable.",
    "Most patients need three to six sessions spaced four to six weeks apart.",
    "Results build over months as new collagen forms beneath the surface.",
    "I treat all Fitzpatrick skin types and adjust depth for darker skin.",
    "Safety matters: I use sterile, single-use needles and medical-grade products.",
    "Downtime is usually a day or two of redness, like a mild sunburn.",
    "We take before and after photos so you can see your progress.",
    "I will tell you honestly when a different treatment would serve you better.",
    "Sunscreen and gentle skin care after treatment protect your results.",
    "I keep up with current research and attend training every year.",
    "Patients appreciate the calm, private treatment rooms.",
    "Evening and weekend appointments are available for busy schedules.",
    "Packages are available for patients who plan a full series.",
    "We never rush; your first visit includes plenty of time for questions.",
    "Pregnant patients and people with active acne are asked to wait.",
    "Aftercare instructions are sent by email after every session.",
]
PERSONAL = [
    "Outside the clinic {first} enjoys hiking, cooking and time with family.",
    "When I'm not at work you will find me gardening or reading.",
    "{first} volunteers with a local scar-support group.",
    "I speak English and Spanish.",
    "I grew up in {state} and love serving my community.",
]
CLOSINGS = [
    "Book a consultation to find out whether treatment is right for you.",
    "I look forward to meeting you in {city}.",
    "Reach out with any questions before booking.",
    "New patients are welcome; consultations are relaxed and free of pressure.",
]
ROLES = {
    "registered_nurse": ["registered nurse", "aesthetic nurse", "nurse injector"],
    "esthetician": ["licensed esthetician", "medical esthetician", "aesthetician"],
    "nurse_practitioner": ["nurse practitioner", "board-certified nurse practitioner"],
    "dermatologist": ["board-certified dermatologist", "dermatologist"],
    "physician_assistant": ["physician assistant", "dermatology physician assistant"],
    "physician": ["physician", "family physician with an aesthetic practice"],
    "plastic_surgeon": ["plastic surgeon", "board-certified plastic surgeon"],
    "other": ["skin therapist", "aesthetic practitioner"],
}


def clinic_name(rng: random.Random, last: str, city: str) -> str:
    """A plausible clinic name."""
    return rng.choice(CLINIC_PATTERNS).format(last=last, city=city.title())


def compose(rng: random.Random, ctx: dict, treatments: list[str], concerns: list[str],
            device_names: list[str]) -> str:  # fmt: skip
    """A bio of about 120-250 words from the fragments above."""
    fill = {**ctx, "city": ctx["city"].title(), "role": rng.choice(ROLES[ctx["profession"]])}
    parts = [rng.choice(INTROS)]
    if ctx["since"]:
        parts.append(rng.choice(SINCE))
    parts += [rng.choice(TREATMENT_LINES[t]) for t in treatments]
    parts += [rng.choice(CONCERN_LINES[c]) for c in concerns]
    if device_names:
        parts.append(rng.choice(DEVICE_LINES).replace("{devices}", " and the ".join(device_names)))
    parts += rng.sample(APPROACH, rng.randint(3, 7))
    if rng.random() < 0.6:
        parts.append(rng.choice(PERSONAL))
    parts.append(rng.choice(CLOSINGS))
    text = " ".join(p.format(**fill) for p in parts)
    extra = [a for a in APPROACH if a not in parts]
    rng.shuffle(extra)
    while len(text.split()) < 120 and extra:
        text += " " + extra.pop()
    words = text.split()
    if len(words) > 250:
        text = " ".join(words[:250]).rstrip(",;") + "."
    return text
