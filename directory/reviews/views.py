"""Views."""

from directory.reviews import bp  # noqa: F401
