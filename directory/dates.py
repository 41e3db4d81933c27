"""The one way dates are written to people, on pages and in emails ("12 Mar 2026")."""

from __future__ import annotations

from datetime import date, datetime


def nice_date(value: date | datetime | None) -> str:
    """``12 Mar 2026``."""
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


def month_year(value: date | datetime | None) -> str:
    """``March 2026``."""
    return "" if value is None else f"{value:%B %Y}"
