"""The moderator workspace."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from directory.moderation import proofs_views, views  # noqa: E402,F401
