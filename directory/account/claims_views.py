"""The claimant's claims: status, the moderator's note, the document they sent."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.account import bp
from directory.security import practitioner_required
from directory.services import claims
from directory.view_helpers import document_response


@bp.route("/claims", endpoint="claims")
@practitioner_required
def claims_list() -> str:
    """Every claim the account sent, newest first."""
    return render_template("account/claims.html", claims=claims.claims_of(current_user))


@bp.route("/claims/<int:claim_id>/document")
@practitioner_required
def claim_document(claim_id: int) -> Response:
    """The claimant's own document; anyone else's is not found."""
    found = claims.document_for(current_user, claim_id)
    if found is None or found[0].claimant_id != current_user.id:
        abort(404)
    claim, path = found
    return document_response(claim.id, claim.document_mime, path, prefix="claim")
