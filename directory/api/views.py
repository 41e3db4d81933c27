"""GET /api/v1/practitioners/<slug>."""

from directory.api import bp  # noqa: F401
