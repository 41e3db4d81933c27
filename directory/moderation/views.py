"""Moderator workspace: the index, the credential queue and decisions, a listing's overview."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from directory import boards
from directory.models import Licence
from directory.moderation import bp
from directory.moderation.decision_forms import (
    CredentialDecisionForm,
    RevokeForm,
    SuspendForm,
)
from directory.security import moderator_required
from directory.services import (
    ServiceError,
    audit_log,
    credentials,
    listings,
    moderation,
    moderation_reads,
    reports,
)
from directory.view_helpers import document_response, show_service_error


@bp.route("/")
@moderator_required
def index() -> str:
    """What waits for moderators, with links to each queue."""
    return render_template(
        "moderation/index.html",
        counts=moderation.workspace_counts(),
        recent=audit_log.audit_page(audit_log.LogFilters(), per_page=8).entries,
        action_label=moderation.action_label,
    )


# The endpoint keeps the name ``credentials`` that base.html links to.
@bp.route("/credentials", endpoint="credentials")
@moderator_required
def credentials_queue() -> str:
    """Pending licences, oldest first, with the board lookup and any scope-of-practice hint."""
    queue = credentials.pending_queue()
    return render_template(
        "moderation/credentials.html",
        queue=queue,
        boards_for={
            lic.id: boards.find_board(lic.authority, lic.jurisdiction, lic.type) for lic in queue
        },
        hints={
            lic.id: boards.scope_hint(lic.listing.profession, lic.listing.state) for lic in queue
        },
        decided=credentials.recent_decisions(),
    )


def _licence_or_404(licence_id: int) -> Licence:
    licence = moderation_reads.licence(licence_id)
    if licence is None:
        abort(404)
    return licence


def _render_licence(licence: Licence, form=None, revoke_form=None, status: int = 200):
    listing = licence.listing
    board = boards.find_board(licence.authority, licence.jurisdiction, licence.type)
    state = boards.state_of(licence.jurisdiction)
    return render_template(
        "moderation/credential.html",
        licence=licence,
        listing=listing,
        board=board,
        other_boards=[b for b in boards.boards_in(state) if b != board],
        hint=boards.scope_hint(listing.profession, listing.state),
        state_mismatch=bool(listing.state and state and listing.state != state),
        form=form or CredentialDecisionForm(),
        revoke_form=revoke_form or RevokeForm(prefix="revoke"),
        history=audit_log.entries_about("licence", licence.id),
    ), status


@bp.route("/credentials/<int:licence_id>", methods=["GET", "POST"])
@moderator_required
def credential(licence_id: int):
    """One licence with its document and board lookup; approve or reject it."""
    licence = _licence_or_404(licence_id)
    form = CredentialDecisionForm()
    if form.validate_on_submit():
        try:
            credentials.decide(current_user, licence.id, form.decision.data, form.note.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            verb = "approved" if form.decision.data == "approve" else "rejected"
            flash(f"Licence {licence.number} {verb}. The owner has been told.", "success")
            return redirect(url_for("moderation.credentials"))
    return _render_licence(licence, form=form, status=400 if form.errors else 200)


@bp.route("/credentials/<int:licence_id>/revoke", methods=["POST"])
@moderator_required
def revoke_credential(licence_id: int):
    """Revoke a verified licence, with a reason."""
    licence = _licence_or_404(licence_id)
    form = RevokeForm(prefix="revoke")
    if form.validate_on_submit():
        try:
            credentials.revoke(current_user, licence.id, form.reason.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(f"Licence {licence.number} revoked. The owner has been told.", "success")
            return redirect(url_for("moderation.credential", licence_id=licence.id))
    return _render_licence(licence, revoke_form=form, status=400)


@bp.route("/credentials/<int:licence_id>/document")
@moderator_required
def credential_document(licence_id: int) -> Response:
    """The licence document, as a download only."""
    found = credentials.document_for(current_user, licence_id)
    if found is None:
        abort(404)
    licence, path = found
    return document_response(licence.id, licence.document_mime, path)


@bp.route("/listings/<slug>")
@moderator_required
def listing(slug: str) -> str:
    """A listing's moderation view: licences, scope hint, reports, its owner's account."""
    item = listings.get_by_slug(slug)
    if item is None:
        abort(404)
    return render_template(
        "moderation/listing.html",
        listing=item,
        hint=boards.scope_hint(item.profession, item.state),
        reports=reports.listing_reports(item),
        removals=moderation.removal_summary(item.id),
        suspend_form=SuspendForm(),
        reason_label=moderation.reason_label,
    )


# The other pages of the workspace register their routes on the same blueprint.
from directory.moderation import (  # noqa: E402,F401
    accounts_views,
    claims_views,
    flags_views,
    log_views,
    outbox_views,
    recheck_views,
    reports_views,
)
