"""Claiming a listing: the claim form on a profile and the practice-email confirmation link."""

from flask import Blueprint

bp = Blueprint("claims", __name__)

from directory.claims import views  # noqa: E402,F401
