"""GET /api/v1/practitioners and /api/v1/suggest."""

from directory.api import bp  # noqa: F401
