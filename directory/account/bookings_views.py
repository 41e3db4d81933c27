"""Booking requests in the account area."""

from directory.account import bp  # noqa: F401
