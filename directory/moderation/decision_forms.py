"""Forms of the moderator workspace."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from directory.models import REPORT_REASONS


class CredentialDecisionForm(FlaskForm):
    """Approve or reject a pending licence (fields fixed by CONTRACT section 6)."""

    decision = RadioField(
        "Decision",
        choices=[
            ("approve", "Approve: the board's record matches this licence"),
            ("reject", "Reject: tell the owner what is wrong"),
        ],
        validators=[InputRequired(message="Choose approve or reject.")],
    )
    note = TextAreaField(
        "Note to the owner",
        validators=[Optional(), Length(max=2000)],
        description="Required when you reject. The owner sees it in their account.",
        render_kw={"rows": 3},
    )


class RevokeForm(FlaskForm):
    """Withdraw a verified licence."""

    reason = TextAreaField(
        "Reason for revoking",
        validators=[DataRequired(message="Give the reason for revoking."), Length(max=2000)],
        description="For example: the board lists the licence as suspended. The owner sees it.",
        render_kw={"rows": 3},
    )


class RecheckForm(FlaskForm):
    """Re-check a verified licence: confirm it with the board again, or let it lapse."""

    decision = RadioField(
        "Decision",
        choices=[
            ("reverify", "Re-verify: the board's record still matches"),
            ("lapse", "Let it lapse: the board no longer confirms it"),
        ],
        validators=[InputRequired(message="Choose re-verify or let it lapse.")],
    )
    expires_on = DateField(
        "New expiry date",
        validators=[Optional()],
        description="Only when the board shows a renewed expiry date.",
    )
    note = TextAreaField("Note (the owner sees it)", validators=[Length(max=2000)])


class ReportDecisionForm(FlaskForm):
    """Keep or remove reported content, with a sentiment-neutral reason."""

    decision = RadioField(
        "Decision",
        choices=[
            ("keep", "Keep: it follows the content rules"),
            ("remove", "Remove: replace it with a public notice"),
        ],
        validators=[InputRequired(message="Choose keep or remove.")],
    )
    reason = SelectField(
        "Reason",
        choices=[("", "Choose a reason"), *REPORT_REASONS.items()],
        validators=[Optional()],
        description="Required to remove; shown publicly in the notice that replaces the content.",
    )
    note = TextAreaField(
        "Note for the audit log",
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 2},
    )


class FlagDecisionForm(FlaskForm):
    """Keep a flagged review, or remove it with a sentiment-neutral public reason."""

    decision = RadioField(
        "Decision",
        choices=[("keep", "Keep"), ("remove", "Remove the review")],
        validators=[InputRequired(message="Choose keep or remove.")],
    )
    reason = SelectField(
        "Reason (to remove)",
        choices=[("", "Choose a reason"), *REPORT_REASONS.items()],
        validators=[Optional()],
        description="Required to remove; shown publicly in the notice that replaces the review.",
    )
    note = TextAreaField(
        "Note for the audit log", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )


class SuspendForm(FlaskForm):
    """Suspend an account."""

    reason = TextAreaField(
        "Reason for the suspension",
        validators=[DataRequired(message="Give the reason for the suspension."), Length(max=500)],
        render_kw={"rows": 2},
    )


class ReinstateForm(FlaskForm):
    """Lift a suspension."""

    note = TextAreaField(
        "Note for the audit log", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )


class PromoteForm(FlaskForm):
    """Make an existing account a moderator."""

    email = EmailField(
        "Email of the account",
        validators=[DataRequired(message="Enter the account's email."), Email()],
    )


class EmptyForm(FlaskForm):
    """A button that only needs its CSRF token."""


class LogFilterForm(FlaskForm):
    """Filters of the audit log (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    action = SelectField("Action", choices=[], validators=[Optional()])
    actor = SelectField("Moderator", choices=[], validators=[Optional()])
    target_type = SelectField("Target", choices=[], validators=[Optional()])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])


class AccountSearchForm(FlaskForm):
    """Find accounts by email (GET)."""

    class Meta:
        csrf = False

    q = StringField("Email contains", validators=[Optional(), Length(max=254)])
