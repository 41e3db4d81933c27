"""Sentence fragments for practitioner bios (facts from shared/domain/clinical.md and devices.md).

Placeholders: {name} {first} {title} (Dr. Last for physicians) {credentials} {clinic} {city}
{state_name} {since} {years} {procedures} {director} {language}; pronouns {they} {They}
{their} {Their} {them} (she/he forms, so verbs stay singular).
"""

from __future__ import annotations

OPENINGS = {
    "dermatologist": (
        "{title} is a board-certified dermatologist who has practiced in {city} since {since}.",
        "{name}, {credentials}, is a board-certified dermatologist at {clinic} in {city}.",
        "A dermatologist for {years} years, {title} leads the procedural side of {clinic}.",
        "{title} is a dermatologist at {clinic} whose practice centers on scars and skin texture.",
    ),
    "plastic_surgeon": (
        "{title} is a board-certified plastic surgeon who added micro-needling to {their} "
        "practice to give patients a non-surgical option.",
        "{name}, {credentials}, is a plastic surgeon in {city} who treats scars as often as "
        "{they} operates.",
        "{title} has been a plastic surgeon since {since} and founded {clinic} in {city}.",
    ),
    "physician": (
        "{title} is a physician who moved from family medicine into aesthetic medicine and now "
        "runs {clinic} in {city}.",
        "{name}, {credentials}, is the medical director of {clinic} in {city}.",
        "{title} has practiced medicine since {since} and focuses today on skin rejuvenation.",
    ),
    "nurse_practitioner": (
        "{name} is a nurse practitioner and the lead skin specialist at {clinic} in {city}.",
        "{first} is a board-certified nurse practitioner who has worked in aesthetic medicine "
        "in {city} for most of {their} {years}-year career.",
        "{name}, {credentials}, sees patients at {clinic}, where {they} plans and performs "
        "every skin treatment {they} recommends.",
    ),
    "physician_assistant": (
        "{name}, {credentials}, is a physician assistant at {clinic} in {city}.",
        "{first} is a certified physician assistant who has specialized in aesthetic "
        "dermatology since {since}.",
        "{name} is a physician assistant and the clinic's most requested provider for "
        "micro-needling.",
    ),
    "registered_nurse": (
        "{name} is an aesthetic nurse at {clinic} in {city}.",
        "{first} has been a registered nurse since {since} and an aesthetic nurse for most of "
        "that time.",
        "{name}, {credentials}, trained in critical care before moving into aesthetic nursing "
        "at {clinic}.",
        "{name} is a registered nurse who has built a following in {city} for careful, "
        "unhurried skin treatments.",
    ),
    "esthetician": (
        "{name} is a licensed esthetician and the founder of {clinic} in {city}.",
        "{first} has been a licensed esthetician since {since} and has a loyal following in "
        "{city}.",
        "{name}, {credentials}, opened {clinic} to offer results-driven skin care without the "
        "sales pitch.",
    ),
}
TRAINING = {
    "dermatologist": (
        "{They} completed a dermatology residency and is certified by the American Board of "
        "Dermatology.",
        "Before private practice {they} spent several years at an academic medical center "
        "treating complex acne scarring.",
    ),
    "plastic_surgeon": (
        "{Their} training includes a plastic surgery residency and a fellowship in facial "
        "aesthetic surgery.",
        "{They} is certified by the American Board of Plastic Surgery and a Fellow of the "
        "American College of Surgeons.",
    ),
    "physician": (
        "{They} has completed advanced training in aesthetic procedures, including hands-on "
        "courses in micro-needling and energy-based devices.",
        "{They} trained in internal medicine before devoting {their} practice to aesthetic care.",
    ),
    "nurse_practitioner": (
        "{They} holds a master's degree in nursing and trained in aesthetic procedures alongside "
        "a board-certified dermatologist.",
        "{They} completed {their} nurse practitioner training with a focus on family health and "
        "has since added advanced aesthetic certifications.",
    ),
    "physician_assistant": (
        "{They} spent five years in a busy general dermatology practice before focusing on "
        "procedures.",
        "{They} trained under {director} and still works closely with {their} supervising "
        "physician on complex cases.",
    ),
    "registered_nurse": (
        "{They} works under the medical direction of {director}, who reviews every new "
        "patient's treatment plan.",
        "Every treatment plan {they} writes is reviewed by the practice's medical director, "
        "{director}.",
    ),
    "esthetician": (
        "{They} completed {their} esthetics training in {state_name} and has added advanced "
        "courses in skin analysis and corrective treatments.",
        "{They} works under protocols set by the studio's medical director, {director}.",
    ),
}
CANS = (
    "{They} is a Certified Aesthetic Nurse Specialist, a credential that requires years of "
    "supervised aesthetic practice.",
)
EXPERIENCE = (
    "Over the years {they} has performed more than {procedures} micro-needling treatments.",
    "{They} has performed over {procedures} micro-needling sessions, from first-time patients "
    "to deep acne-scar protocols.",
    "With more than {procedures} treatments behind {them}, {they} knows how differently skin "
    "can respond.",
)
DEVICES = {
    "skinpen_precision": (
        "{They} uses the SkinPen Precision, the first micro-needling pen the FDA authorized, "
        "with a sterile single-use cartridge for every patient.",
        "{Their} pen of choice is the SkinPen Precision, authorized by the FDA for facial acne "
        "scars.",
        "{They} works with the SkinPen Precision and its sealed, single-use needle cartridges.",
        "The clinic's micro-needling pen is the SkinPen Precision.",
    ),
    "dermapen_4": (
        "{Their} main pen is the Dermapen 4, chosen for its fine depth control.",
        "Treatments use the Dermapen 4 with a fresh needle cartridge each time.",
        "{They} treats with the Dermapen 4, adjusting depth area by area.",
    ),
    "eclipse_micropen": ("Treatments use the Eclipse MicroPen with a new sterile tip each time.",),
    "rejuvapen_nxt": (
        "For the delicate skin around the eyes {they} uses the Rejuvapen NXT.",
        "{They} works with the Rejuvapen NXT, a motorized pen with adjustable depth.",
    ),
    "exceed": ("{They} works with the Exceed pen from MT.DERM.",),
    "dr_pen": ("The clinic uses a Dr.pen system with sealed, single-use needle cartridges.",),
    "morpheus8": (
        "For deeper remodeling {they} offers Morpheus8, which heats tissue beneath the surface "
        "while the needles work.",
        "{They} offers Morpheus8 RF microneedling for laxity and deeper scarring.",
    ),
    "potenza": ("{They} offers RF microneedling with Cynosure's Potenza.",),
    "secret_rf": (
        "With Secret RF by Cutera {they} can treat scars on the face and body at depths up to "
        "3.5 mm.",
    ),
    "profound_matrix": ("{They} uses Candela's Profound Matrix for radiofrequency microneedling.",),
    "vivace": ("Vivace RF microneedling is available for patients who want firmer skin.",),
    "genius": ("{They} treats deeper scarring with Lutronic's Genius RF microneedling system.",),
    "derma_roller": ("For the scalp {they} uses a sterile, single-use derma roller.",),
    "derma_stamp": (
        "A sterile derma stamp is used for small areas such as single scars and the hairline.",
    ),
}
CONCERN_WORDS = {
    "acne_scars": "acne scars",
    "fine_lines": "fine lines",
    "texture": "uneven texture",
    "pores": "enlarged pores",
    "hyperpigmentation": "dark spots",
    "stretch_marks": "stretch marks",
    "surgical_scars": "surgical scars",
    "hair_loss": "thinning hair",
}
CONCERN_LEADS = (
    "Most of {their} patients come in for {concerns}.",
    "{They} sees patients mainly for {concerns}.",
    "Patients usually come to {them} about {concerns}.",
    "{Their} days are mostly spent treating {concerns}.",
    "{They} most often treats {concerns}.",
)
CONCERN_DETAIL = {
    "acne_scars": "Rolling and boxcar acne scars are a particular interest, and {they} is "
    "candid that they usually need a series of treatments.",
    "stretch_marks": "{They} also treats stretch marks on the abdomen and thighs, where results "
    "take patience.",
    "hyperpigmentation": "For melasma and dark spots {they} keeps needle depths shallow and "
    "insists on daily sunscreen.",
    "surgical_scars": "Surgical and C-section scars can be treated once they have matured, "
    "usually after a year.",
    "hair_loss": "Scalp micro-needling is offered for thinning hair and androgenetic alopecia.",
}
SYNONYMS = (
    "Micro-needling, also called collagen induction therapy, uses fine needles to make "
    "controlled micro-injuries that prompt the skin to build new collagen.",
    "{They} describes collagen induction therapy as a slow process: the skin rebuilds over "
    "weeks, not days.",
    "{They} explains skin needling as a controlled injury that the body repairs with fresh "
    "collagen.",
)
PRP_SYNONYMS = (
    "{They} also offers PRP micro-needling, the treatment often called a vampire facial, using "
    "platelet-rich plasma drawn from the patient's own blood.",
    "For the so-called vampire facial, blood is drawn and spun in the clinic so the "
    "platelet-rich plasma can be applied during needling.",
)
RF_SYNONYMS = (
    "Radiofrequency microneedling adds gentle heat through the needles for firmer, tighter "
    "results.",
)
SESSIONS = (
    "Most patients need three to six sessions four to six weeks apart, and {they} sets that "
    "expectation at the first visit.",
    "{They} plans a course of treatments about a month apart and photographs the skin before "
    "each one.",
    "Results build over weeks as collagen forms, so {they} reviews progress with patients "
    "after every session.",
)
CONSULTATION = {
    "free": "Every new patient starts with a free consultation, where {they} checks for "
    "anything that rules treatment out, such as an active breakout or a cold sore.",
    "credited": "Consultations carry a small fee that is credited towards the first treatment.",
    "paid": "{They} charges for consultations because each includes a full skin assessment and "
    "a written plan.",
    "none": "Patients can book treatment directly; a medical history form is reviewed before "
    "the first session.",
}
NUMBING = {
    True: (
        "Numbing cream goes on 30 to 45 minutes before treatment, so most patients feel only a "
        "light scratching.",
        "{They} always applies a topical anesthetic first and checks in throughout the session.",
    ),
    False: (
        "{They} treats at shallow depths without numbing cream; most patients describe a mild "
        "vibration.",
    ),
}
AFTERCARE = (
    "Afterwards, expect redness like a mild sunburn for a day or two; patients go home with a "
    "gentle cleanser, a plain moisturizer and firm advice about sunscreen.",
    "{They} asks patients to skip retinoids, acids and makeup for 48 hours and follows up by "
    "message a few days later.",
    "A follow-up call the next day is routine, and patients can reach {them} directly if "
    "anything worries them.",
)
SKIN_OF_COLOR = (
    "{They} has extensive experience with skin of color and adjusts depth and technique to "
    "lower the risk of post-inflammatory hyperpigmentation.",
    "Because micro-needling can be safer than lasers or deep peels for darker skin, many of "
    "{their} patients have Fitzpatrick skin types IV to VI.",
)
NARROW_SKIN = (
    "{They} currently treats Fitzpatrick skin types I to IV and refers patients with darker "
    "skin to colleagues whose devices suit them.",
)
SAFETY = (
    "Needle cartridges are single-use and opened in front of the patient.",
    "{They} will not treat during pregnancy, an active acne flare, a cold sore outbreak or "
    "within six months of isotretinoin.",
    "Every treatment room follows medical-grade sterilization protocols.",
)
PERSONAL = (
    "Outside the clinic {they} is a keen trail runner.",
    "{They} volunteers twice a year at a free scar clinic.",
    "{They} teaches micro-needling technique to nurses who are new to aesthetics.",
    "When not at work, {they} is usually gardening or cooking for friends.",
    "{They} lives in {city} with {their} family and two very spoiled dogs.",
    "{They} sees patients in English and {language}.",
)
LANGUAGES = {
    "Spanish": ("Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez",
                "Sanchez", "Ramirez", "Torres", "Flores", "Rivera", "Morales", "Reyes",
                "Castillo", "Vargas", "Mendoza"),
    "Vietnamese": ("Nguyen", "Tran", "Pham", "Le"),
    "Mandarin": ("Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Lin"),
    "Korean": ("Kim", "Park", "Choi", "Jung"),
    "Hindi": ("Patel", "Shah", "Desai", "Iyer", "Reddy", "Nair"),
    "Arabic": ("Haddad", "Nasser", "Farah"),
    "Farsi": ("Karimi", "Rahimi"),
    "Portuguese": ("Silva", "Santos", "Oliveira", "Ferreira", "Costa"),
    "Japanese": ("Tanaka", "Sato", "Nakamura", "Yamamoto"),
    "Russian": ("Petrov", "Ivanova", "Volkov"),
    "Polish": ("Kowalski", "Nowak"),
    "French": ("Dubois", "Laurent", "Moreau", "Bergeron"),
}  # fmt: skip
