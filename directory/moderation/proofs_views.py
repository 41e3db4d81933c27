"""Moderators verify patients' proofs of visit and decide on held owner replies.

Every decision is audited (``AuditEntry``) by the services. A proof document is served only to
moderators and to the patient who uploaded it, as an attachment the browser will not sniff.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from directory.moderation import bp
from directory.reviews.forms import DecisionForm
from directory.security import moderator_required
from directory.services import ServiceError, proofs, replies
from directory.view_helpers import document_response

PROOF_CHOICES = [("verify", "Verify: the visit happened"), ("reject", "Reject")]
REPLY_CHOICES = [("release", "Release: publish the reply"), ("reject", "Reject")]


def _form(choices) -> DecisionForm:
    form = DecisionForm()
    form.decision.choices = choices
    return form


@bp.route("/proofs")
@moderator_required
def proofs_queue() -> str:
    """Pending proofs of visit, oldest first, and recent decisions."""
    return render_template(
        "moderation/proofs.html",
        pending=proofs.pending_proofs(),
        decided=proofs.recent_decisions(),
        form=_form(PROOF_CHOICES),
    )


@bp.route("/proofs/<int:proof_id>", methods=["POST"])
@moderator_required
def decide_proof(proof_id: int) -> Response:
    """Verify or reject one proof."""
    return _submit_decision(
        PROOF_CHOICES,
        "Choose verify or reject.",
        lambda form: proofs.decide_proof(
            current_user, proof_id, form.decision.data, form.note.data
        ),
        lambda proof: f"Proof {proof.id} {proof.status}. The patient has been told.",
        "moderation.proofs_queue",
    )


@bp.route("/proofs/<int:proof_id>/document")
@login_required
def proof_document(proof_id: int) -> Response:
    """The uploaded receipt, for moderators and its uploader only (404 for anyone else)."""
    found = proofs.proof_document(current_user, proof_id)
    if found is None:
        abort(404)
    proof, path = found
    return document_response(proof.id, proof.document_mime, path, prefix="visit-proof")


@bp.route("/replies")
@moderator_required
def replies_queue() -> str:
    """Owner replies held because they may disclose patient details."""
    return render_template(
        "moderation/replies.html",
        held=replies.held_replies(),
        form=_form(REPLY_CHOICES),
        explanation=replies.EXPLANATION,
    )


@bp.route("/replies/<int:reply_id>", methods=["POST"])
@moderator_required
def decide_reply(reply_id: int) -> Response:
    """Release or reject one held reply."""

    def done(reply) -> str:
        verb = "released" if reply.status == "published" else "rejected"
        return f"Reply {verb}. The practitioner has been told."

    return _submit_decision(
        REPLY_CHOICES,
        "Choose release or reject.",
        lambda form: replies.decide_reply(
            current_user, reply_id, form.decision.data, form.note.data
        ),
        done,
        "moderation.replies_queue",
    )


def _submit_decision(
    choices: list[tuple[str, str]],
    missing: str,
    decide: Callable[[DecisionForm], Any],
    success: Callable[[Any], str],
    queue: str,
) -> Response:
    """Validate the decision form, call the service, flash the outcome, back to the queue."""
    form = _form(choices)
    if not form.validate_on_submit():
        flash(missing, "danger")
        return redirect(url_for(queue))
    try:
        decided = decide(form)
    except ServiceError as error:
        flash(error.message, "danger")
    else:
        flash(success(decided), "success")
    return redirect(url_for(queue))
