"""Registration and login forms (field names fixed by CONTRACT section 6)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from directory.services.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PASSWORD_HELP


class RegisterForm(FlaskForm):
    """A new patient or practitioner account."""

    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    display_name = StringField(
        "Display name",
        validators=[DataRequired(), Length(min=2, max=80)],
        description="Shown on your reviews and questions. Use a first name or a nickname.",
    )
    password = PasswordField(
        "Password",
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=f"Use between {MIN_PASSWORD_LENGTH} and {MAX_PASSWORD_LENGTH} characters.",
            ),
        ],
        description=PASSWORD_HELP,
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
    )
    role = RadioField(
        "I am",
        choices=[
            ("patient", "Looking for treatment (patient)"),
            ("practitioner", "A practitioner who wants to list my practice"),
        ],
        default="patient",
        validators=[DataRequired()],
    )


class LoginForm(FlaskForm):
    """Email and password, with an optional long-lived remember-me cookie."""

    # No Email() check here: it refuses reserved domains such as the demo accounts'
    # needlewise.local, and a malformed address simply fails to authenticate.
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField(
        "Keep me logged in on this device", description="For up to 30 days, until you log out."
    )


class TwoFactorLoginForm(FlaskForm):
    """The second login step."""

    code = StringField(
        "Code",
        validators=[DataRequired(message="Enter the code."), Length(max=40)],
        description="The 6-digit code from your authenticator app, or one of your recovery codes.",
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
    )


class ForgotPasswordForm(FlaskForm):
    """The address to send a reset link to."""

    # No Email() check, as for login: the demo accounts' reserved domain must work too.
    email = EmailField(
        "Email", validators=[DataRequired(message="Enter your email address."), Length(max=254)]
    )


class ResetPasswordForm(FlaskForm):
    """A new password, typed twice; the strength rules are the registration ones."""

    password = PasswordField(
        "New password",
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=f"Use between {MIN_PASSWORD_LENGTH} and {MAX_PASSWORD_LENGTH} characters.",
            ),
        ],
        description=PASSWORD_HELP,
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )


class ConfirmEmailForm(FlaskForm):
    """Confirming an address needs the account's password: a link alone (opened by a mail
    scanner, or by the owner of an address someone else registered) must not do it."""

    password = PasswordField(
        "Your Needlewise password",
        validators=[DataRequired(message="Enter the password you chose for this account.")],
    )


class ResendConfirmationForm(FlaskForm):
    """A button: send the confirmation link again (the form only carries the CSRF token)."""
