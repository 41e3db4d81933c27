"""Error responses: an HTML page for people, JSON under /api/ (CONTRACT section 5)."""

from __future__ import annotations

import re

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError
from werkzeug.wrappers import Response

from directory.extensions import db

# Never echoed back into a page: secrets the person must type again.
_NOT_KEPT = re.compile(r"password|confirm|code|token|secret", re.IGNORECASE)


class ApiError(Exception):
    """An error the API reports as ``{"error": {"code", "message"}}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str):
    """The API's one error shape."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def register(app: Flask) -> None:
    """Install the handlers."""

    @app.errorhandler(ApiError)
    def handle_api_error(error: ApiError):
        return json_error(error.status, error.code, error.message)

    @app.errorhandler(CSRFError)
    def handle_csrf(error: CSRFError):
        if _wants_json():
            return json_error(400, "csrf_failed", error.description)
        return render_template("errors/csrf.html", **_kept_form()), 400

    @app.errorhandler(SecurityError)
    def handle_untrusted_host(error: SecurityError):
        # A Host header outside TRUSTED_HOSTS: no URL can be built for it, so the HTML error
        # page (whose links need one) is replaced by plain text.
        message = "This site does not answer to that host name."
        if _wants_json():
            return json_error(400, "untrusted_host", message)
        return Response(message + "\n", status=400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        if _wants_json():
            return json_error(error.code or 500, code, error.description or error.name)
        return (
            render_template("errors/error.html", error=error),
            error.code or 500,
        )

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def handle_database_unavailable(error: Exception):
        # The database is down, restarting or unreachable: a short 503 the client may retry,
        # not a 500. The page cannot use the database (not even for the signed-in user's
        # name), so it is a standalone template rendered without the request's context.
        app.logger.error("database unavailable: %s", error)
        _forget_failed_transaction()
        # Read by the after-request hooks: they must not load the signed-in account either
        # (that query would fail too and turn this 503 into a 500).
        g.database_unavailable = True
        headers = {"Retry-After": str(app.config["DATABASE_RETRY_AFTER"])}
        if _wants_json():
            response = json_error(
                503, "service_unavailable", "The directory is briefly unavailable; try again."
            )
            response.headers.update(headers)
            return response
        # Rendered without the context processors: Flask-Login's would load the account.
        page = app.jinja_env.get_template("errors/unavailable.html").render()
        return page, 503, headers

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        app.logger.exception(
            "unhandled error on %s %s", request.method, request.path, exc_info=error
        )
        wrapped = InternalServerError()
        if _wants_json():
            return json_error(500, "internal_error", "Something went wrong on our side.")
        return render_template("errors/error.html", error=wrapped), 500


def _forget_failed_transaction() -> None:
    """Roll the session back so the connection returns to the pool clean (pool_pre_ping then
    replaces it if the database closed it); a rollback on a dead connection may itself fail."""
    try:
        db.session.rollback()
    except Exception:  # the connection is already gone: nothing to roll back
        db.session.close()


def _kept_form() -> dict:
    """What a form whose token expired sent, to offer it again with a fresh token: every field
    except passwords, codes and tokens; files cannot be kept (the page says so)."""
    kept = [
        (name, value)
        for name, values in request.form.lists()
        if not _NOT_KEPT.search(name)
        for value in values
    ]
    action = request.path + (f"?{request.query_string.decode()}" if request.query_string else "")
    return {
        "kept": kept,
        "action": action,
        "dropped_secret": any(
            _NOT_KEPT.search(name) for name in request.form if name != "csrf_token"
        ),
        "dropped_files": bool(request.files),
        "method": request.method,
    }
