"""Forms of the claim workflow."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from directory.uploads import ACCEPTED


class ClaimForm(FlaskForm):
    """NPI, the listing's licence number, a licence document, optionally a practice email."""

    npi = StringField(
        "Your NPI",
        validators=[InputRequired(message="Enter your 10-digit NPI."), Length(max=20)],
        description="The 10-digit National Provider Identifier on your NPPES record.",
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    licence_number = StringField(
        "Licence number",
        validators=[InputRequired(message="Enter the licence number."), Length(max=60)],
        description="As the listing shows it under Licences.",
    )
    document = FileField(
        "Copy of your licence",
        description=f"{ACCEPTED}, at most 5 MB. Only moderators and you can open it.",
        render_kw={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"},
    )
    email = EmailField(
        "Practice email (optional)",
        validators=[Optional(), Length(max=254)],
        description="An address at your practice website's domain. We send it a link to "
        "confirm; a confirmed address speeds up the check.",
    )
    message = TextAreaField(
        "Message to the moderators (optional)",
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 3},
    )


class ConfirmForm(FlaskForm):
    """The button that confirms a practice email (a POST, so link scanners confirm nothing)."""


class ClaimDecisionForm(FlaskForm):
    """A moderator's decision on a claim."""

    decision = RadioField(
        "Decision",
        choices=[
            ("approve", "Approve: the account becomes the listing's owner"),
            ("reject", "Reject: tell the claimant what is wrong"),
        ],
        validators=[InputRequired(message="Choose approve or reject.")],
    )
    note = TextAreaField(
        "Note to the claimant",
        validators=[Optional(), Length(max=2000)],
        description="Required when you reject. The claimant reads it in their account.",
        render_kw={"rows": 3},
    )
