"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from flask import Flask

from directory import vocabulary
from directory.dates import month_year, nice_date


def money(amount: int | None, currency: str = "USD") -> str:
    """Whole currency units, e.g. ``$1,200``."""
    if amount is None:
        return "—"
    symbol = "$" if currency == "USD" else f"{currency} "
    return f"{symbol}{amount:,}"


def price_range(low: int | None, high: int | None, currency: str = "USD") -> str:
    """``$150–$450`` or the one known bound."""
    if low is None and high is None:
        return "Price on request"
    if low is not None and high is not None and low != high:
        return f"{money(low, currency)}–{money(high, currency)}"
    return money(low if low is not None else high, currency)


def register(app: Flask) -> None:
    """Install filters and globals."""
    app.jinja_env.filters.update(
        money=money,
        price_range=price_range,
        nice_date=nice_date,
        month_year=month_year,
        label=vocabulary.label,
        side_effect=vocabulary.side_effect_label,
    )
    from directory.services.confirmed_email import confirmation_url

    app.jinja_env.globals.update(vocab=vocabulary, confirmation_url=confirmation_url)
