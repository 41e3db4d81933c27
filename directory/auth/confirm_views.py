"""Email confirmation: the "check your inbox" page after registering, the link from the email,
and the page that explains and resends it (``/account/confirm``, endpoint ``auth.unconfirmed``,
which ``services.confirmed_email.confirmation_url`` points refused patients to)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from directory.auth import bp, flow
from directory.auth.forms import ConfirmEmailForm, ResendConfirmationForm
from directory.extensions import limiter
from directory.limits import per_account
from directory.models import User
from directory.services import registration

# The address just registered, shown on the "check your inbox" page (same for new and taken).
REGISTERED_KEY = "registered_email"


def landing(user: User) -> str:
    """Where an account goes after confirming: practitioners to their listings."""
    return url_for("account.listings" if user.is_practitioner else "account.index")


@bp.route("/register/check-inbox")
def registered() -> ResponseReturnValue:
    """The one answer to every accepted registration, whether or not the address was taken."""
    email = session.get(REGISTERED_KEY)
    if not email:
        return redirect(url_for("auth.register"))
    return render_template("auth/register_sent.html", email=email)


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], deduct_when=flow.failed
)
def confirm_email(token: str) -> ResponseReturnValue:
    """The link from the confirmation email. Opening it changes nothing; the account's password
    confirms the address and logs in (or asks for the two-factor code first). Used, expired or
    forged links get a page offering a new one."""
    form = ConfirmEmailForm()
    result = registration.check(token)
    if result.outcome == "valid" and form.validate_on_submit():
        result = registration.confirm(token, form.password.data)
        if result.outcome == "wrong_password":
            form.password.errors.append(
                "That is not this account's password. Did someone else create an account with "
                "your address? Use “Forgot password?” on the login page to take it over."
            )
    user = result.user
    if result.outcome == "confirmed" and user is not None:
        flash("Thank you: your email address is confirmed.", "success")
        if current_user.is_authenticated:
            return redirect(landing(current_user))
        if not user.is_active:  # suspended: confirmed, but no login
            return redirect(url_for("browse.home"))
        if user.two_factor_enabled:
            flow.begin_second_step(user, False, landing(user))
            return redirect(url_for("auth.two_factor"))
        flow.complete(user, remember=False)
        return redirect(landing(user))
    if result.outcome in ("valid", "wrong_password") and user is not None:
        page = render_template("auth/confirm_email.html", form=form, email=user.email)
        return page, 400 if form.errors else 200
    if (
        result.outcome == "already"
        and current_user.is_authenticated
        and user is not None
        and current_user.id == user.id
    ):
        flash("Your email address is already confirmed.", "info")
        return redirect(landing(current_user))
    return render_template("auth/confirm_invalid.html", already=result.outcome == "already"), 400


@login_required
@per_account("CONFIRM_RESEND_RATE_LIMIT")
def unconfirmed() -> ResponseReturnValue:
    """Explain why the address needs confirming, and send the link again on request."""
    form = ResendConfirmationForm()
    if current_user.is_confirmed:
        flash("Your email address is already confirmed.", "info")
        return redirect(landing(current_user))
    if form.validate_on_submit():
        registration.resend_confirmation(current_user)
        flash(
            f"We sent a new confirmation link to {current_user.email}. It works for 48 hours.",
            "success",
        )
        return redirect(url_for("auth.unconfirmed"))
    return render_template("auth/unconfirmed.html", form=form), 400 if form.errors else 200


def _add_account_confirm_rule(state: BlueprintSetupState) -> None:
    # The page lives among the account pages (/account/confirm) but belongs to this feature,
    # so the rule is added to the app directly: a blueprint rule would get the /auth prefix.
    state.app.add_url_rule(
        "/account/confirm", "auth.unconfirmed", unconfirmed, methods=["GET", "POST"]
    )


bp.record_once(_add_account_confirm_rule)
