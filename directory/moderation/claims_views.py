"""The claims queue: each claim beside the listing's NPPES data and the board lookup."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from directory import boards
from directory.claims.forms import ClaimDecisionForm
from directory.models import ListingClaim
from directory.moderation import bp
from directory.security import moderator_required
from directory.services import ServiceError, audit_log, claims, moderation_reads
from directory.view_helpers import document_response, show_service_error


@bp.route("/claims", endpoint="claims_queue")
@moderator_required
def claims_queue() -> str:
    """Pending claims, oldest first; competing claims on one listing are marked."""
    queue = claims.pending_queue()
    per_listing: dict[int, int] = {}
    for claim in queue:
        per_listing[claim.listing_id] = per_listing.get(claim.listing_id, 0) + 1
    return render_template(
        "moderation/claims.html",
        queue=queue,
        per_listing=per_listing,
        decided=claims.recent_decisions(),
    )


def _render(claim: ListingClaim, form: ClaimDecisionForm | None = None, status: int = 200):
    listing = claim.listing
    licence = claims.listing_licence(claim)
    board = (
        boards.find_board(licence.authority, licence.jurisdiction, licence.type)
        if licence
        else None
    )
    return render_template(
        "moderation/claim.html",
        claim=claim,
        listing=listing,
        licence=licence,
        board=board,
        other_boards=[b for b in boards.boards_in(listing.state) if b != board],
        registry=claims.registry_facts(listing),
        listing_npi=claims.npi_of(listing),
        competing=claims.competing(claim),
        form=form or ClaimDecisionForm(),
        history=audit_log.entries_about("listing", listing.id),
    ), status


@bp.route("/claims/<int:claim_id>", methods=["GET", "POST"])
@moderator_required
def claim(claim_id: int):
    """One claim; approve (the claimant becomes the owner) or reject with a note."""
    item = moderation_reads.claim(claim_id)
    if item is None:
        abort(404)
    form = ClaimDecisionForm()
    if form.validate_on_submit():
        try:
            claims.decide(current_user, item.id, form.decision.data, form.note.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            verb = "approved" if form.decision.data == "approve" else "rejected"
            flash(f"Claim on {item.listing.name} {verb}. The claimant has been told.", "success")
            return redirect(url_for("moderation.claims_queue"))
    return _render(item, form, 400 if form.errors else 200)


@bp.route("/claims/<int:claim_id>/document")
@moderator_required
def claim_document(claim_id: int) -> Response:
    """The claim's licence document, as a download only."""
    found = claims.document_for(current_user, claim_id)
    if found is None:
        abort(404)
    item, path = found
    return document_response(item.id, item.document_mime, path, prefix="claim")
