"""The search page and the health check."""

from __future__ import annotations

import ipaddress

from flask import Response, current_app, jsonify, render_template, request
from sqlalchemy import text

from directory import indexing, params
from directory.browse import bp
from directory.browse import search_presenting as presenting
from directory.extensions import db
from directory.services import outbox
from directory.services import search as search_service
from search import IndexUnavailable

TEMPLATE = "browse/search.html"
RETRY_AFTER = "60"  # seconds; a reindex of 10,000 listings takes about this long


@bp.route("/search")
def search_page() -> tuple[str, int] | Response:
    """Search results with filters; the same parameters as GET /api/v1/practitioners."""
    args = request.args
    try:
        outcome = search_service.search(args)
    except params.ParamError as error:
        return render_template(TEMPLATE, **presenting.page_context(args, error=error)), 400
    except IndexUnavailable as error:
        current_app.logger.warning("search unavailable: %s", error)
        html = render_template(TEMPLATE, **presenting.page_context(args, unavailable=True))
        return Response(html, 503, {"Retry-After": RETRY_AFTER})
    return render_template(TEMPLATE, **presenting.page_context(args, outcome)), 200


@bp.route("/healthz")
def healthz() -> tuple[Response, int]:
    """Liveness and readiness: the database must answer (else 503); a missing or broken search
    index makes the status "degraded" (the rest of the site still works)."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means the database is not usable
        current_app.logger.error("health check: database unavailable: %s", error)
        db.session.rollback()
        return jsonify({"status": "error", "db": "unavailable", "search": None}), 503
    # The outbox figures only for monitoring: their changes would tell a stranger which
    # addresses have accounts (a reset email is written only for those).
    mail = {"mail": outbox.stats()} if _monitoring_client() else {}
    try:
        search = indexing.index_stats()
    except IndexUnavailable as error:
        current_app.logger.warning("health check: search unavailable: %s", error)
        report = {"error": "index unavailable; run `flask search reindex`"}
        return jsonify({"status": "degraded", "db": "ok", "search": report, **mail}), 200
    return jsonify({"status": "ok", "db": "ok", "search": search, **mail}), 200


def _monitoring_client() -> bool:
    try:
        client = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    networks = current_app.config["HEALTH_DETAIL_NETWORKS"]
    return any(client in ipaddress.ip_network(network) for network in networks)
