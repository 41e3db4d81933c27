"""Views."""

from directory.questions import bp  # noqa: F401
