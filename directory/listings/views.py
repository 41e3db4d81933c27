"""Views."""

from directory.listings import bp  # noqa: F401
