"""Forms of the account security page: two-factor set-up and switching it off."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


def _code_field(description: str) -> StringField:
    return StringField(
        "Code",
        validators=[DataRequired(message="Enter the code."), Length(max=40)],
        description=description,
        render_kw={"autocomplete": "one-time-code"},
    )


class EnableTwoFactorForm(FlaskForm):
    """Prove the authenticator app holds the new secret."""

    code = _code_field("The 6-digit code your authenticator app shows for Needlewise.")


class DisableTwoFactorForm(FlaskForm):
    """Switching two-factor off needs the password and a current code."""

    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    code = _code_field("A code from your authenticator app, or a recovery code.")
