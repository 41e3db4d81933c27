"""Accounts: find one by email, suspend or reinstate it; admins manage moderators."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from directory.models import User
from directory.moderation import bp
from directory.moderation.decision_forms import (
    AccountSearchForm,
    EmptyForm,
    PromoteForm,
    ReinstateForm,
    SuspendForm,
)
from directory.security import admin_required, moderator_required
from directory.services import ServiceError, audit_log, listings, moderation, moderation_reads
from directory.view_helpers import show_service_error


@bp.route("/accounts")
@moderator_required
def accounts() -> str:
    """Search accounts by email."""
    form = AccountSearchForm(request.args)
    query = (form.q.data or "").strip() if form.validate() else ""
    return render_template(
        "moderation/accounts.html",
        form=form,
        query=query,
        results=moderation.find_accounts(query),
    )


def _user_or_404(user_id: int) -> User:
    user = moderation_reads.account(user_id)
    if user is None:
        abort(404)
    return user


def _render_account(user: User, suspend_form=None, reinstate_form=None, status: int = 200):
    owned = listings.owned_by(user)
    return render_template(
        "moderation/account.html",
        account=user,
        listings=owned,
        suspend_form=suspend_form or SuspendForm(),
        reinstate_form=reinstate_form or ReinstateForm(),
        history=audit_log.entries_about("user", user.id),
    ), status


def _back_to(default: str) -> str:
    """Return to the moderation page the form came from (only pages of this workspace)."""
    target = request.form.get("next", "")
    if target.startswith("/moderation/") and "//" not in target:
        return target
    return default


@bp.route("/accounts/<int:user_id>")
@moderator_required
def account(user_id: int):
    """One account: role, status, listings, the decisions about it."""
    return _render_account(_user_or_404(user_id))


@bp.route("/accounts/<int:user_id>/suspend", methods=["POST"])
@moderator_required
def suspend(user_id: int):
    """Suspend an account; it is logged out everywhere."""
    user = _user_or_404(user_id)
    form = SuspendForm()
    if form.validate_on_submit():
        try:
            moderation.suspend_account(current_user, user.id, form.reason.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(f"{user.email} is suspended and logged out everywhere.", "success")
            return redirect(_back_to(url_for("moderation.account", user_id=user.id)))
    return _render_account(user, suspend_form=form, status=400)


@bp.route("/accounts/<int:user_id>/reinstate", methods=["POST"])
@moderator_required
def reinstate(user_id: int):
    """Lift a suspension."""
    user = _user_or_404(user_id)
    form = ReinstateForm()
    if form.validate_on_submit():
        try:
            moderation.unsuspend_account(current_user, user.id, form.note.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(f"{user.email} can log in again.", "success")
            return redirect(url_for("moderation.account", user_id=user.id))
    return _render_account(user, reinstate_form=form, status=400)


@bp.route("/moderators", methods=["GET", "POST"])
@admin_required
def moderators():
    """Admins add moderators by email and remove them."""
    form = PromoteForm()
    if form.validate_on_submit():
        try:
            user = moderation.promote_moderator(current_user, form.email.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(f"{user.email} is now a moderator.", "success")
            return redirect(url_for("moderation.moderators"))
    return render_template(
        "moderation/moderators.html",
        form=form,
        staff=moderation.moderators(),
        demote_form=EmptyForm(),
    ), 400 if form.errors else 200


@bp.route("/moderators/<int:user_id>/demote", methods=["POST"])
@admin_required
def demote(user_id: int):
    """Remove a moderator's role."""
    user = _user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        try:
            moderation.demote_moderator(current_user, user.id)
        except ServiceError as error:
            flash(error.message, "danger")
        else:
            flash(f"{user.email} is no longer a moderator.", "success")
    else:
        flash("The form expired; please try again.", "danger")
    return redirect(url_for("moderation.moderators"))
