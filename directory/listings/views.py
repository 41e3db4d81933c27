"""The public profile: ``GET /practitioners/<slug>``."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_login import current_user

from directory import structured_data
from directory.listings import bp
from directory.listings.presenting import ProfileView
from directory.services import (
    helpful_votes,
    listings,
    photo_reads,
    questions,
    review_pages,
    reviews,
)

REVIEW_SORTS = ("newest", "helpful", "highest", "lowest")


def _page_arg(name: str) -> int:
    """A page number from the query string; anything odd means the first page."""
    value = request.args.get(name, "")
    return int(value) if value.isdecimal() and 0 < int(value) < 10_000 else 1


@bp.route("/practitioners/<slug>")
def profile(slug: str) -> str | tuple[str, int]:
    """Everything a patient needs before booking, then reviews and answered questions."""
    listing = listings.get_by_slug(slug)
    if listing is None:
        abort(404)
    if listing.hidden:  # kept for the record (and a reactivation), but not shown
        return render_template("listings/unavailable.html", listing=listing), 404
    sort = request.args.get("sort", "newest")
    if sort not in REVIEW_SORTS:
        sort = "newest"
    view = ProfileView(listing)
    path = url_for("listings.profile", slug=listing.slug)
    latest = reviews.profile_reviews(
        listing, "newest", 1, per_page=structured_data.LATEST_REVIEWS, include_removed=False
    )
    review_page = reviews.profile_reviews(
        listing, sort, _page_arg("page"), filters=review_pages.ReviewFilters.parse(request.args)
    )
    crumbs = [("Find a practitioner", url_for("browse.search_page"))]
    if view.place:
        crumbs.append((view.place, url_for("browse.search_page", near=view.place)))
    crumbs.append((listing.name, path))
    return render_template(
        "listings/profile.html",
        listing=listing,
        view=view,
        canonical=structured_data.absolute(path),
        og_type="profile",
        structured_data=[
            structured_data.profile(listing, view.meta_description, latest.reviews),
            structured_data.breadcrumbs(crumbs),
        ],
        is_owner=listings.is_owner(listing, current_user),
        aggregates=reviews.listing_aggregates(listing),
        histogram=review_pages.star_histogram(listing),
        review_choices=review_pages.filter_choices(listing),
        review_page=review_page,
        my_helpful=helpful_votes.voted_ids(current_user, (r.id for r in review_page.reviews)),
        question_page=questions.public_answered(listing, _page_arg("qpage")),
        gallery=photo_reads.gallery(listing),
    )
