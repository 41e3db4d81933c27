"""The fixed mixed query set of the benchmarks, as /api/v1/practitioners parameters."""

from __future__ import annotations

QUERIES: list[dict] = [
    # single words
    {"q": "microneedling"},
    {"q": "acne"},
    {"q": "scars"},
    {"q": "wrinkles"},
    {"q": "melasma"},
    {"q": "skinpen"},
    {"q": "morpheus8"},
    {"q": "dermatologist"},
    {"q": "esthetician"},
    {"q": "Thompson"},
    {"q": "sunscreen"},
    {"q": "jawline"},
    # two words
    {"q": "acne scars"},
    {"q": "fine lines"},
    {"q": "stretch marks"},
    {"q": "hair loss"},
    {"q": "numbing cream"},
    {"q": "darker skin"},
    {"q": "Olivia Garcia"},
    {"q": "weekend appointments"},
    # phrases and longer text
    {"q": "collagen induction therapy"},
    {"q": "vampire facial"},
    {"q": "platelet-rich plasma"},
    {"q": "RF microneedling for loose skin"},
    {"q": '"ice pick scars"'},
    {"q": "micro-needling for acne scarring on darker skin"},
    {"q": "c-section scar treatment"},
    # misspellings
    {"q": "microneedeling"},
    {"q": "acen scars"},
    {"q": "vampyre facial"},
    {"q": "hyperpigmentaton"},
    {"q": "dermatolgist"},
    # vocabulary terms and profession words
    {"q": "CIT"},
    {"q": "PRP"},
    {"q": "nurse practitioner microneedling"},
    {"q": "RN"},
    {"q": "derm acne scars"},
    # filters
    {"treatment": ["microneedling"]},
    {"treatment": ["prp_microneedling"], "concern": ["acne_scars"]},
    {"q": "acne", "verified": "true"},
    {"concern": ["hyperpigmentation"], "skin_type": "5"},
    {"device": ["skinpen_precision"], "min_rating": "4.5"},
    {"q": "microneedling", "max_price": "200"},
    {"profession": "dermatologist", "treatment": ["rf_microneedling"]},
    # near
    {"q": "microneedling", "near": "10001"},
    {"near": "Houston, TX", "radius_km": "25"},
    {"q": "acne scars", "near": "Chicago, IL"},
    {"q": "microneedling near 90012"},
    {"q": "vampire facial in Miami, FL"},
    # each sort
    {"q": "microneedling", "sort": "rating"},
    {"treatment": ["microneedling"], "sort": "price"},
    {"q": "acne scars", "sort": "experience"},
    {"near": "Dallas, TX", "sort": "distance"},
    {"q": "facial", "near": "Los Angeles, CA", "radius_km": "60", "sort": "distance"},
    {"sort": "rating", "verified": "true"},
    # paging
    {"q": "microneedling", "page": "5"},
    {"treatment": ["microneedling"], "page": "40", "per_page": "50"},
    {},
]
