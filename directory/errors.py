"""Error responses: an HTML page for people, JSON under /api/ (CONTRACT section 5)."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError


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

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        if _wants_json():
            return json_error(error.code or 500, code, error.description or error.name)
        return (
            render_template("errors/error.html", error=error),
            error.code or 500,
        )

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        app.logger.exception("unhandled error", exc_info=error)
        wrapped = InternalServerError()
        if _wants_json():
            return json_error(500, "internal_error", "Something went wrong on our side.")
        return render_template("errors/error.html", error=wrapped), 500
