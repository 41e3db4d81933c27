"""Views."""

from directory.api import bp  # noqa: F401
