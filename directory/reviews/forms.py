"""Forms for reviews, verified visits (invitation, booking, proof) and owner replies.

Field names that outside scripts use are fixed by CONTRACT section 6.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)
from wtforms.widgets import CheckboxInput, ListWidget

from directory import vocabulary

STARS = [(5, "5"), (4, "4"), (3, "3"), (2, "2"), (1, "1")]
WORTH_IT_CHOICES = [("yes", "Yes, worth it"), ("no", "No"), ("not_sure", "Not sure yet")]
SIDE_EFFECT_LABELS = vocabulary.SIDE_EFFECTS
TREATMENT_CHOICES = list(vocabulary.TREATMENTS.items())


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (rendered by ``_form.html`` as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StarField(RadioField):
    """1 to 5 stars, with a message people understand for anything else."""

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data not in (1, 2, 3, 4, 5):
            raise StopValidation("Choose from 1 to 5 stars.")


def _optional_int(value: object) -> int | None:
    """Coerce a select's value to int; the empty choice (and junk, which the choice check then
    refuses) becomes None."""
    if value in (None, ""):
        return None
    if isinstance(value, int):
        return value
    text = str(value)
    return int(text) if text.isdecimal() else None


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


SKIN_TYPE_LABELS = vocabulary.SKIN_TYPES


class HelpfulVoteForm(FlaskForm):
    """The "Helpful" button under a review: ``vote`` is yes (add) or no (take back)."""

    vote = SelectField("Vote", choices=[("yes", "Helpful"), ("no", "Not any more")], default="yes")


def _stars(label: str, description: str = "") -> StarField:
    return StarField(
        label,
        choices=STARS,
        coerce=int,
        validators=[InputRequired("Choose from 1 to 5 stars.")],
        description=description,
    )


class ReviewForm(FlaskForm):
    """A review of one verified visit."""

    visit = SelectField("Which visit?", coerce=int, validators=[Optional()], validate_choice=False)
    rating = _stars("Overall")
    results = _stars("Results")
    comfort = _stars("Comfort")
    cleanliness = _stars("Cleanliness")
    communication = _stars("Communication")
    value = _stars("Value for money")
    worth_it = RadioField(
        "Was it worth it?",
        choices=WORTH_IT_CHOICES,
        validators=[InputRequired("Say whether it was worth it.")],
    )
    price_paid = IntegerField(
        "Price you paid per session (USD)",
        validators=[Optional(), NumberRange(min=0, max=100_000, message="Enter whole dollars.")],
        description="Optional. Helps others see real prices; shown only as a median.",
    )
    sessions = IntegerField(
        "Number of sessions so far",
        validators=[Optional(), NumberRange(min=1, max=50, message="Enter 1 to 50.")],
    )
    concerns = MultiCheckboxField(
        "What did you want to treat?", choices=list(vocabulary.CONCERNS.items())
    )
    skin_type = SelectField(
        "Your skin type (optional)",
        choices=[("", "Prefer not to say"), *((str(k), v) for k, v in SKIN_TYPE_LABELS.items())],
        coerce=_optional_int,
        validators=[Optional()],
        description="The Fitzpatrick type. Readers with skin like yours can filter reviews by it.",
    )
    side_effects = MultiCheckboxField(
        "Side effects you had", choices=list(SIDE_EFFECT_LABELS.items())
    )
    downtime_days = IntegerField(
        "How many days did they last?",
        validators=[Optional(), NumberRange(min=0, max=90, message="Enter 0 to 90 days.")],
        description="Optional. 0 if you had no downtime.",
    )
    title = StringField("Title", validators=[DataRequired(), Length(min=3, max=120)])
    body = TextAreaField(
        "Your experience",
        validators=[DataRequired(), Length(min=30, max=5000)],
        description="At least 30 characters. Please leave out other people's names and details.",
        render_kw={"rows": 7},
    )


class InvitationForm(FlaskForm):
    """A practitioner invites one treated patient to review one treatment."""

    listing = SelectField("Listing", validators=[DataRequired()], validate_choice=False)
    email = EmailField(
        "Patient's email",
        validators=[DataRequired(), Email(), Length(max=254)],
        description="Only the account with this email can use the invitation.",
    )
    treated_on = DateField("Treatment date", validators=[InputRequired()])
    treatment = SelectField("Treatment", choices=TREATMENT_CHOICES, validators=[DataRequired()])


TIME_OF_DAY_CHOICES = [
    ("any", "Any time"),
    ("morning", "Morning (before 12:00)"),
    ("afternoon", "Afternoon (12:00 to 17:00)"),
    ("evening", "Evening (after 17:00)"),
    ("exact", "At a specific time"),
]


class BookingForm(FlaskForm):
    """A patient asks a practitioner for an appointment."""

    treatment = SelectField("Treatment", choices=TREATMENT_CHOICES, validators=[DataRequired()])
    preferred_dates = StringField(
        "Dates that suit you",
        validators=[DataRequired(), Length(max=300)],
        description="For example: any weekday in the week of 14 April.",
    )
    time_of_day = RadioField(
        "Time of day", choices=TIME_OF_DAY_CHOICES, default="any", validators=[Optional()]
    )
    exact_time = StringField(
        "The time you would like",
        validators=[Optional(), Length(max=5)],
        description="Only with “At a specific time”, between 06:00 and 22:00.",
        render_kw={"type": "time", "min": "06:00", "max": "22:00"},
    )
    message = TextAreaField(
        "Message (optional)",
        validators=[Optional(), Length(max=4000)],
        description="Your concern and skin type help the practitioner prepare.",
        render_kw={"rows": 4},
    )
    share_email = BooleanField("Share my email address")
    share_phone = BooleanField("Share my phone number")
    phone = StringField(
        "Phone number (optional)",
        validators=[Optional(), Length(max=40)],
        render_kw={"type": "tel", "autocomplete": "tel"},
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields, then: a time needs "At a specific time" and "At a specific time" needs
        a time (checked here because ``Optional`` skips a field's own checks when empty)."""
        valid = super().validate(extra_validators)
        chosen = self.time_of_day.data or "any"
        given = (self.exact_time.data or "").strip()
        problem = None
        if chosen == "exact" and not given:
            problem = "Give the time you would like, e.g. 14:30."
        elif chosen != "exact" and given:
            problem = "Choose “At a specific time” to send a time, or clear it."
        if problem:
            self.exact_time.errors = [*self.exact_time.errors, problem]
            return False
        return valid

    @property
    def requested_time(self) -> str:
        """The value the booking service takes: a part of the day or ``HH:MM``."""
        chosen = self.time_of_day.data or "any"
        return (self.exact_time.data or "").strip() if chosen == "exact" else chosen


class BookingMessageForm(FlaskForm):
    """One message on a booking's thread."""

    body = TextAreaField(
        "Your message",
        validators=[DataRequired("Write a message first."), Length(max=2000)],
        description="At most 2,000 characters. The other side gets it in their inbox and by email.",
        render_kw={"rows": 4, "maxlength": 2000},
    )


class ProofForm(FlaskForm):
    """A patient sends a receipt to the moderators."""

    treatment = SelectField("Treatment", choices=TREATMENT_CHOICES, validators=[DataRequired()])
    visited_on = DateField("Date of the visit", validators=[InputRequired()])
    document = FileField(
        "Receipt or invoice",
        description="PDF, PNG or JPEG, at most 5 MB. Only moderators see it. "
        "You may black out anything except the practitioner's name, the date and the treatment.",
    )


class AcceptBookingForm(FlaskForm):
    """The owner accepts with an appointment date."""

    appointment_on = DateField("Appointment date", validators=[InputRequired()])


class DeclineBookingForm(FlaskForm):
    """The owner declines, optionally saying why."""

    reason = StringField("Reason (optional, shown to the patient)", validators=[Length(max=300)])


class ReplyForm(FlaskForm):
    """The owner's public reply to a review."""

    body = TextAreaField(
        "Your public reply",
        validators=[DataRequired(), Length(min=2, max=3000)],
        description="Do not name the reviewer or mention their visit, treatment or dates.",
        render_kw={"rows": 4},
    )


class DecisionForm(FlaskForm):
    """A moderator's decision with a note."""

    decision = RadioField("Decision", validators=[DataRequired()])
    note = TextAreaField("Note", validators=[Length(max=2000)], render_kw={"rows": 2})
