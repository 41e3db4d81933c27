"""GET /api/v1/practitioners/<slug>/reviews and /questions (CONTRACT section 5)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from werkzeug.wrappers import Response

from directory.api import bp
from directory.errors import ApiError
from directory.models import Question, Review
from directory.services import questions as question_service
from directory.services import review_pages
from directory.services.visits import listing_by_slug

MAX_PER_PAGE = 50
MAX_PAGE = 10_000  # as the search API: past it the offset would overflow the database


def _iso(moment) -> str | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _positive_int(name: str, default: int, maximum: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdecimal() or int(raw) < 1 or (maximum is not None and int(raw) > maximum):
        limit = f" and at most {maximum}" if maximum else ""
        raise ApiError(400, "bad_parameter", f"{name} must be a whole number from 1{limit}.")
    return int(raw)


def _paging() -> tuple[int, int]:
    return _positive_int("page", 1, MAX_PAGE), _positive_int("per_page", 20, MAX_PER_PAGE)


def _listing(slug: str):
    listing = listing_by_slug(slug)
    if listing is None:
        raise ApiError(404, "not_found", f"No practitioner with slug {slug!r}.")
    return listing


def review_json(review: Review) -> dict[str, Any]:
    """One review as CONTRACT section 5 shapes it."""
    reply = (
        review.reply if review.reply is not None and review.reply.status == "published" else None
    )
    return {
        "id": review.id,
        "rating": review.rating,
        "ratings": {
            "results": review.results,
            "comfort": review.comfort,
            "cleanliness": review.cleanliness,
            "communication": review.communication,
            "value": review.value,
        },
        "worth_it": review.worth_it,
        "price_paid": review.price_paid,
        "title": review.title,
        "body": review.body,
        "treatment": review.treatment,
        "concerns": review.concern_list,
        "sessions": review.sessions,
        "side_effects": review.side_effect_list,
        "downtime_days": review.downtime_days,
        "verified_by": review.visit.verified_by,
        "visited_on": f"{review.visit.visited_on:%Y-%m}",
        "author": review.author.display_name,
        "created_at": _iso(review.created_at),
        "edited": bool(review.edited),
        "reply": {"body": reply.body, "created_at": _iso(reply.created_at)} if reply else None,
    }


def question_json(question: Question, listing) -> dict[str, Any]:
    """One public answered question; the answer carries the answerer's credential badge."""
    answer = question.answer
    return {
        "id": question.id,
        "topic": question.topic,
        "body": question.body,
        "asked_at": _iso(question.created_at),
        "answer": {
            "body": answer.body,
            "answered_at": _iso(answer.created_at),
            "by": f"{listing.name}, {listing.credentials}" if listing.credentials else listing.name,
            "verified": bool(listing.verified),
        },
    }


@bp.route("/v1/practitioners/<slug>/reviews")
def practitioner_reviews(slug: str) -> Response:
    """Published reviews, paged; ``sort`` is newest (default), helpful, highest or lowest."""
    listing = _listing(slug)
    page, per_page = _paging()
    sort = request.args.get("sort", "newest")
    if sort not in review_pages.SORTS:
        raise ApiError(400, "bad_parameter", "sort must be newest, helpful, highest or lowest.")
    result = review_pages.profile_reviews(
        listing, sort=sort, page=page, per_page=per_page, include_removed=False
    )
    return jsonify(
        {
            "total": result.total,
            "page": result.page,
            "per_page": result.per_page,
            "results": [review_json(r) for r in result.reviews],
        }
    )


@bp.route("/v1/practitioners/<slug>/questions")
def practitioner_questions(slug: str) -> Response:
    """Public answered questions, paged, newest answer first."""
    listing = _listing(slug)
    page, per_page = _paging()
    result = question_service.public_answered(listing, page=page, per_page=per_page)
    return jsonify(
        {
            "total": result.total,
            "page": result.page,
            "per_page": result.per_page,
            "results": [question_json(q, listing) for q in result.questions],
        }
    )
