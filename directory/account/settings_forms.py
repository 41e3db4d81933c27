"""Forms of the settings and delete pages. Each settings form has a prefix, because several
share one page and each must only read its own fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from directory.reviews.forms import MultiCheckboxField
from directory.services.accounts import MAX_PASSWORD_LENGTH, PASSWORD_HELP
from directory.services.notifications import KINDS

# kind -> what the checkbox says
KIND_LABELS = {
    "question": "A patient asks one of my listings a question",
    "answer": "A practitioner answers my question",
    "invitation": "I am invited to review a visit",
    "reply": "A practitioner replies to my review",
    "booking": "A booking request changes",
    "message": "A new message on one of my bookings",
    "decision": "A moderator decides on something of mine",
    "review": "A listing of mine gets a new review",
    "licence": "News about a licence of mine",
}


def _current_password(label: str = "Current password") -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired(message="Enter your current password."), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class DisplayNameForm(FlaskForm):
    """The name shown on reviews, questions and answers."""

    display_name = StringField(
        "Display name",
        validators=[DataRequired(message="Enter a name."), Length(min=2, max=80)],
        description="Shown on your reviews and questions. A first name or a nickname is fine.",
    )


class EmailChangeForm(FlaskForm):
    """A new address, confirmed by the link we send there."""

    email = EmailField(
        "New email address",
        validators=[DataRequired(message="Enter the new address."), Email(), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    password = _current_password()


class PasswordChangeForm(FlaskForm):
    """Current password, then the new one twice."""

    current_password = _current_password()
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(message="Enter a new password."), Length(max=MAX_PASSWORD_LENGTH)],
        description=PASSWORD_HELP,
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            DataRequired(message="Repeat the new password."),
            EqualTo("new_password", message="The passwords do not match."),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class NotificationsForm(FlaskForm):
    """Which inbox events also come by email."""

    emailed = MultiCheckboxField(
        "Also email me when",
        choices=[(kind, KIND_LABELS.get(kind, kind)) for kind in KINDS],
        description="Your inbox keeps every notification. Security emails (password and "
        "address changes, deletion) are always sent.",
        validate_choice=False,  # unknown kinds are refused by the service, beside the field
    )


class DeleteAccountForm(FlaskForm):
    """Deleting needs the password; withdrawing review text is a choice."""

    password = _current_password("Your password")
    withdraw_text = BooleanField(
        "Also withdraw the text of my reviews",
        description="Your star ratings stay, so listings' ratings stay honest; the text is "
        "replaced with “The author withdrew this review's text.”",
    )


class UnlistForm(FlaskForm):
    """An owner gives up one listing (it leaves search and its profile) before leaving."""

    listing = SelectField("Listing", choices=[])
    password = _current_password("Your password")
