"""Moderators verify patients' proofs of visit."""

from directory.moderation import bp  # noqa: F401
