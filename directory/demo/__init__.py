"""Deterministic, realistic demo data for ``flask demo load``.

Invented practitioners in real US cities, with licences in every state of the vetting
workflow, verified visits, reviews, questions and the open work of the demo accounts. One
seeded random generator and a fixed base date make the same seed give the same data.
"""

from directory.demo.loader import DEFAULT_PRACTITIONERS, DemoResult, load_demo, why_not_empty

__all__ = ["DEFAULT_PRACTITIONERS", "DemoResult", "load_demo", "why_not_empty"]
