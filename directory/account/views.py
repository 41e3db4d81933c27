"""The signed-in account area."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required

from directory.account import bp
from directory.security import practitioner_required


@bp.route("/")
@login_required
def index() -> str:
    """Account overview."""
    return render_template("account/index.html")


@bp.route("/listings")
@practitioner_required
def listings() -> str:
    """A practitioner's listings."""
    return render_template("account/index.html")


@bp.route("/questions")
@practitioner_required
def questions() -> str:
    """Questions to answer."""
    return render_template("account/index.html")


@bp.route("/invitations")
@practitioner_required
def invitations() -> str:
    """Review invitations."""
    return render_template("account/index.html")


@bp.route("/licences")
@practitioner_required
def licences() -> str:
    """Licences."""
    return render_template("account/index.html")
