"""The guides blueprint: patient-education pages, with their prose kept beside the code."""

from flask import Blueprint

# The guides' body fragments live in directory/guides/content/guide_text/.
bp = Blueprint("guides", __name__, template_folder="content")

from directory.guides import views  # noqa: E402,F401  (registers the routes on bp)
