"""GET /api/v1/practitioners (search, CONTRACT section 5) and /api/v1/suggest (autocomplete)."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify, request

from directory import indexing, params
from directory.api import bp
from directory.errors import ApiError, json_error
from directory.services import search as search_service
from search import Hit, IndexUnavailable

SUGGEST_LIMIT = 8
FACETS = ("treatment", "concern", "device", "profession", "language", "payment", "gender",
          "feature")  # fmt: skip
UNAVAILABLE = "Search is temporarily unavailable. Please try again in a few minutes."


@bp.route("/v1/practitioners")
def practitioners() -> Response:
    """Search practitioners: the same parameters and results as the /search page."""
    try:
        outcome = search_service.search(request.args, highlights=False)  # JSON has no snippets
    except params.ParamError as error:
        raise ApiError(400, error.code, error.message) from error
    except IndexUnavailable as error:
        return _unavailable(error)
    page = outcome.page
    return jsonify(
        {
            "total": page.total,
            "page": page.page,
            "per_page": page.per_page,
            "suggestion": page.suggestion,
            "facets": {name: page.facets.get(name, {}) for name in FACETS},
            "results": [result_row(hit) for hit in page.hits],
            # Additive (issue 11): what the text was read as, as ``ignore`` keys take them.
            "understood": page.understood,
        }
    )


def result_row(hit: Hit) -> dict[str, Any]:
    """One search result as JSON, from the index's stored fields only."""
    return {
        "slug": hit.slug,
        "external_id": hit.external_id,
        "name": hit.name,
        "credentials": hit.credentials,
        "profession": hit.profession,
        "clinic": hit.clinic,
        "city": hit.city,
        "state": hit.state,
        "postal_code": hit.postal_code,
        "verified": hit.verified,
        "rating": {"average": hit.rating_average, "count": hit.rating_count},
        "price": {"min": hit.price_min, "max": hit.price_max, "currency": hit.currency},
        "years_experience": hit.years_experience,
        "distance_km": hit.distance_km,
        "url": f"/practitioners/{hit.slug}",
    }


@bp.route("/v1/suggest")
def suggest() -> Response:
    """Autocomplete for a search box: treatments, concerns, places and practitioners."""
    text = params.CONTROL.sub(" ", request.args.get("q", ""))[: params.MAX_Q].strip()
    try:
        entries = indexing.get_index().suggest(text, limit=SUGGEST_LIMIT) if text else []
    except IndexUnavailable as error:
        return _unavailable(error)
    return jsonify({"q": text, "suggestions": [_suggestion(entry) for entry in entries]})


def _suggestion(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry with the page it leads to."""
    kind = entry.get("kind")
    out = {"label": entry.get("label", ""), "kind": kind}
    if kind == "practitioner":
        out["url"] = f"/practitioners/{entry.get('url_slug', '')}"
    elif kind in ("treatment", "concern"):
        out["value"] = entry.get("value")
        chosen: dict[str, Any] = {f"{kind}s": [entry.get("value")]}
        out["url"] = params.SearchParams(**chosen).url()
    elif kind == "place":
        out["value"] = entry.get("label", "")
        out["url"] = params.SearchParams(near=out["value"]).url()
    return out


def _unavailable(error: Exception) -> Response:
    current_app.logger.warning("search unavailable: %s", error)
    response = json_error(503, "search_unavailable", UNAVAILABLE)
    response.headers["Retry-After"] = "60"
    return response
