"""Small helpers views share: a refused action shown on its form, a stored upload sent back."""

from __future__ import annotations

from pathlib import Path

from flask import send_file
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from directory.services import ServiceError


def show_service_error(
    form: FlaskForm, error: ServiceError, default_field: str | None = None
) -> None:
    """Put a refusal's message beside its field (``default_field`` when the error names
    none), else above the form. The service already rolled its transaction back."""
    name = error.field or default_field
    target = getattr(form, name, None) if name else None
    if target is not None and hasattr(target, "errors"):
        target.errors = [*target.errors, error.message]
    else:
        form.form_errors.append(error.message)


def document_response(
    record_id: int, mime: str | None, path: Path, prefix: str = "licence"
) -> Response:
    """A stored upload as a download: never rendered inline, never sniffed, never cached.

    The file name is ours (the uploader's name is never echoed into a header), and the
    sandbox CSP neuters the file even if a browser ignored the attachment disposition.
    """
    response = send_file(
        path,
        mimetype=mime,
        as_attachment=True,
        download_name=f"{prefix}-{record_id}{path.suffix}",
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
