"""GET /api/v1/practitioners/<slug>/reviews and /questions."""

from directory.api import bp  # noqa: F401
