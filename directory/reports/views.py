"""Report forms."""

from directory.reports import bp  # noqa: F401
