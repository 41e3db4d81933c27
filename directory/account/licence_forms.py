"""The licence form (field names fixed by CONTRACT section 6)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from directory.uploads import ACCEPTED
from directory.vocabulary import US_STATES

MAX_MB = 5


class LicenceForm(FlaskForm):
    """A licence with its supporting document, for one of the owner's listings."""

    listing = SelectField(
        "Listing",
        choices=[],
        validators=[InputRequired(message="Choose one of your listings.")],
        validate_choice=False,  # the service refuses other people's listings with a clear message
    )
    type = StringField(
        "Licence type",
        validators=[InputRequired(message="Enter the licence type."), Length(max=120)],
        description="As printed, e.g. Registered Nurse, Physician Assistant, Esthetician.",
    )
    number = StringField(
        "Licence number",
        validators=[InputRequired(message="Enter the licence number."), Length(max=60)],
    )
    authority = StringField(
        "Issuing authority",
        validators=[InputRequired(message="Enter the board that issued it."), Length(max=160)],
        description="The board that issued it, e.g. Texas Board of Nursing.",
    )
    jurisdiction = SelectField(
        "State",
        choices=[
            ("", "Choose a state"),
            *((f"US-{code}", name) for code, name in US_STATES.items()),
        ],
        validators=[InputRequired(message="Choose the state that issued the licence.")],
        validate_choice=False,  # checked by the service, which also accepts "TX" from scripts
    )
    expires_on = DateField(
        "Expiry date",
        validators=[InputRequired(message="Enter the expiry date printed on the licence.")],
    )
    document = FileField(
        "Copy of the licence",
        description=(
            f"{ACCEPTED}, at most {MAX_MB} MB. Only moderators and you can open it; it is never "
            "shown on your profile."
        ),
        render_kw={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"},
    )
