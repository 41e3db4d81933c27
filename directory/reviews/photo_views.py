"""A patient's before/after photos on their own review: add (with consent) and see their
status; deleting goes through ``/account/photos/<id>/delete``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.limits import per_account
from directory.models import Review
from directory.photos.forms import ReviewPhotoForm
from directory.reviews import bp
from directory.reviews.forms import ActionForm
from directory.security import patient_required
from directory.services import ServiceError, photos
from directory.view_helpers import show_service_error


def _own_review_or_404(review_id: int) -> Review:
    """The signed-in patient's review in any state (photos of a withdrawn review can still be
    removed); anyone else's is a 404."""
    review = photos.authored_review(current_user, review_id)
    if review is None:
        abort(404)
    return review


@bp.route("/reviews/<int:review_id>/photos", methods=["GET", "POST"])
@per_account("PHOTO_RATE_LIMIT")
@patient_required
def review_photos(review_id: int) -> str | Response | tuple[str, int]:
    """The photos of one's own review, and a form to add one."""
    review = _own_review_or_404(review_id)
    form = ReviewPhotoForm()
    if form.validate_on_submit():
        try:
            photos.add_review_photo(
                current_user,
                review,
                form.photo.data,
                form.caption.data,
                form.description.data,
                form.consent.data,
            )
        except ServiceError as error:
            show_service_error(form, error, "photo")
        else:
            flash(
                "Photo added. A moderator will look at it before it shows on the profile.",
                "success",
            )
            return redirect(url_for("reviews.review_photos", review_id=review.id))
    return render_template(
        "reviews/photos.html",
        review=review,
        photos=photos.review_photos(review),
        form=form,
        action_form=ActionForm(formdata=None),
    ), 400 if form.errors else 200
