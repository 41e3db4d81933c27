"""The reference catalogue that ships with Needlewise. Pure data; facts from shared/domain.

Regulatory statuses are only stated where a public source was found; otherwise "Not known".
"""

from __future__ import annotations

from directory import vocabulary

NOT_KNOWN = "Not known"

DEVICES: list[dict[str, str]] = [
    {
        "slug": "skinpen_precision",
        "name": "SkinPen Precision System",
        "manufacturer": "Crown Aesthetics (formerly Bellus Medical)",
        "kind": "Motorised pen",
        "regulatory_status": "FDA De Novo authorised (DEN160029, 1 Mar 2018) "
        "for facial acne scars, ages 22+",
        "regulatory_source": "FDA De Novo DEN160029",
        "max_depth": "2.5 mm",
        "description": "The first micro-needling pen the FDA authorised; it created the "
        "device class that later pens are cleared against.",
    },
    {
        "slug": "exceed",
        "name": "Exceed",
        "manufacturer": "MT.DERM (maker not confirmed)",
        "kind": "Motorised pen",
        "regulatory_status": "FDA 510(k) cleared: K180778 (facial wrinkles, Fitzpatrick I-III), "
        "K182407 (facial acne scars, Fitzpatrick I-IV)",
        "regulatory_source": "FDA 510(k) K180778, K182407",
        "max_depth": "1.5 mm",
        "description": "A pen cleared for a narrower range of skin types; ask whether it suits "
        "yours.",
    },
    {
        "slug": "rejuvapen_nxt",
        "name": "Rejuvapen NXT",
        "manufacturer": "Refine USA",
        "kind": "Motorised pen",
        "regulatory_status": "FDA 510(k) cleared: K192138 (periorbital wrinkles, Fitzpatrick I-IV)",
        "regulatory_source": "FDA 510(k) K192138",
        "max_depth": "2.5 mm",
        "description": "A motorised pen cleared for lines around the eyes.",
    },
    {
        "slug": "dr_pen",
        "name": "Dr.pen Microneedling System",
        "manufacturer": NOT_KNOWN,
        "kind": "Motorised pen",
        "regulatory_status": "FDA 510(k) cleared: K230420 (2023, facial acne scars)",
        "regulatory_source": "FDA 510(k) K230420",
        "max_depth": "Not stated",
        "description": "A pen line sold widely; the cleared system is a specific model.",
    },
    {
        "slug": "dermapen_4",
        "name": "Dermapen 4",
        "manufacturer": "Equipmed (maker not confirmed)",
        "kind": "Motorised pen",
        "regulatory_status": "No US clearance found; FDA warning letter to Derma Pen LLC (2015)",
        "regulatory_source": "FDA warning letter, 2015",
        "max_depth": "3.0 mm",
        "description": "Popular outside the US; no US clearance was found for it.",
    },
    {
        "slug": "eclipse_micropen",
        "name": "Eclipse MicroPen Elite / EVO",
        "manufacturer": "Eclipse Aesthetics",
        "kind": "Motorised pen",
        "regulatory_status": "FDA warning letter on the Elite (2016); EVO status not known",
        "regulatory_source": "FDA warning letter, 2016",
        "max_depth": "Not stated",
        "description": "Ask which model is used and whether it is cleared.",
    },
    {
        "slug": "morpheus8",
        "name": "Morpheus8",
        "manufacturer": "InMode",
        "kind": "RF micro-needling",
        "regulatory_status": NOT_KNOWN,
        "regulatory_source": "No source found",
        "max_depth": "Not known",
        "description": "Needles that deliver radiofrequency energy as they penetrate.",
    },
    {
        "slug": "potenza",
        "name": "Potenza",
        "manufacturer": "Cynosure",
        "kind": "RF micro-needling",
        "regulatory_status": NOT_KNOWN,
        "regulatory_source": "No source found",
        "max_depth": "Not known",
        "description": "A radiofrequency micro-needling platform.",
    },
    {
        "slug": "secret_rf",
        "name": "Secret RF",
        "manufacturer": "Cutera",
        "kind": "RF micro-needling",
        "regulatory_status": NOT_KNOWN,
        "regulatory_source": "No source found",
        "max_depth": "3.5 mm",
        "description": "A fractional radiofrequency micro-needling system.",
    },
    {
        "slug": "profound_matrix",
        "name": "Profound / Profound Matrix",
        "manufacturer": "Candela (maker not confirmed)",
        "kind": "RF micro-needling",
        "regulatory_status": "FDA 510(k) cleared: K161043 (2016), K240070 (2024, facial wrinkles)",
        "regulatory_source": "FDA 510(k) K161043, K240070",
        "max_depth": "Not stated",
        "description": "A radiofrequency micro-needling system cleared for facial wrinkles.",
    },
    {
        "slug": "vivace",
        "name": "Vivace",
        "manufacturer": "Aesthetics Biomedical (maker not confirmed)",
        "kind": "RF micro-needling",
        "regulatory_status": NOT_KNOWN,
        "regulatory_source": "No source found",
        "max_depth": "Not known",
        "description": "A radiofrequency micro-needling device.",
    },
    {
        "slug": "genius",
        "name": "Genius",
        "manufacturer": "Lutronic (maker not confirmed)",
        "kind": "RF micro-needling",
        "regulatory_status": NOT_KNOWN,
        "regulatory_source": "No source found",
        "max_depth": "Not known",
        "description": "A radiofrequency micro-needling device.",
    },
    {
        "slug": "derma_roller",
        "name": "Derma roller (any brand)",
        "manufacturer": "Various",
        "kind": "Manual roller",
        "regulatory_status": "Depends on the product's claims and needle depth",
        "regulatory_source": "FDA guidance on microneedling products, Nov 2020",
        "max_depth": "0.5-3 mm",
        "description": "A hand-rolled drum of needles; quality and sterility vary widely.",
    },
    {
        "slug": "derma_stamp",
        "name": "Derma stamp (any brand)",
        "manufacturer": "Various",
        "kind": "Manual stamp",
        "regulatory_status": "Depends on the product's claims and needle depth",
        "regulatory_source": "FDA guidance on microneedling products, Nov 2020",
        "max_depth": "0.2-1 mm (home use)",
        "description": "A stamp of needles pressed onto small areas.",
    },
    {
        "slug": "other",
        "name": "Other device",
        "manufacturer": NOT_KNOWN,
        "kind": NOT_KNOWN,
        "regulatory_status": NOT_KNOWN,
        "regulatory_source": "No source found",
        "max_depth": "Not known",
        "description": "A device not in our catalogue; ask the practitioner which one.",
    },
]

TREATMENTS = [{"slug": s, "name": n, "description": ""} for s, n in vocabulary.TREATMENTS.items()]
CONCERNS = [{"slug": s, "name": n, "description": ""} for s, n in vocabulary.CONCERNS.items()]
PROFESSIONS = [{"slug": s, "name": n} for s, n in vocabulary.PROFESSIONS.items()]
SKIN_TYPES = [
    {"number": n, "name": f"Type {['I', 'II', 'III', 'IV', 'V', 'VI'][n - 1]}", "description": d}
    for n, d in vocabulary.SKIN_TYPES.items()
]
