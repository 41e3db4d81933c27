"""Helpers shared by the listings tests: a valid listing form and a query counter."""

from __future__ import annotations

from typing import Any

from tests.query_counts import count_queries  # noqa: F401  (re-exported for older tests)


def valid_form(**overrides: Any) -> dict[str, Any]:
    """POST data for a complete, valid listing in Austin, TX (CONTRACT section 4 names)."""
    data: dict[str, Any] = {
        "name": "Jane Doe",
        "credentials": "RN, BSN",
        "profession": "registered_nurse",
        "clinic": "Glow Skin Studio",
        "bio": "Registered nurse focused on collagen induction therapy.",
        "address": "100 Congress Ave",
        "city": "Austin",
        "state": "TX",
        "postal_code": "78701",
        "phone": "+1 512 555 0100",
        "website": "https://glow.example.org",
        "practicing_since": "2015",
        "procedures_performed": "1200",
        "price_min": "150",
        "price_max": "450",
        "currency": "USD",
        "numbing_cream": "yes",
        "consultation": "free",
        "consultation_notes": "30 minutes, includes a patch test.",
        "accepting_new_patients": "y",
        "treatments": ["microneedling", "prp_microneedling"],
        "concerns": ["acne_scars", "fine_lines"],
        "devices": ["skinpen_precision"],
        "skin_types": ["1", "2", "3", "4", "5", "6"],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
