"""Safe storage of uploaded documents (licences, visit proofs) and photos' files.

Files are checked by their content (magic bytes), not their name or declared type, stored
outside static/ under a random name, and never served without an ownership check.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, has_request_context
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from directory.services import ServiceError

# Signature -> (MIME type, extension). Only these three kinds are ever accepted.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
ACCEPTED = "PDF, PNG or JPEG"


@dataclass(frozen=True)
class StoredDocument:
    """What the database keeps about a stored upload."""

    name: str  # random file name inside UPLOAD_DIR
    mime: str
    size: int
    original_name: str


def sniff(head: bytes) -> tuple[str, str] | None:
    """(mime, extension) for a PDF, PNG or JPEG header; None for anything else."""
    for magic, mime, ext in _SIGNATURES:
        if head.startswith(magic):
            return mime, ext
    return None


def _upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_document(upload: FileStorage | None) -> StoredDocument:
    """Check and store an upload; raises ServiceError (field ``document``) and leaves nothing."""
    if upload is None or not upload.filename:
        raise ServiceError("Choose a document to upload.", "document")
    limit = current_app.config["MAX_DOCUMENT_BYTES"]
    data = upload.stream.read(limit + 1)
    if not data:
        raise ServiceError("The file is empty.", "document")
    if len(data) > limit:
        raise ServiceError(f"The file is larger than {limit // (1024 * 1024)} MB.", "document")
    kind = sniff(data[:16])
    if kind is None:
        raise ServiceError(
            f"That file is not a {ACCEPTED} document (we check the contents, not the name).",
            "document",
        )
    _check_daily_quota(len(data))
    mime, ext = kind
    name = f"{secrets.token_hex(16)}.{ext}"
    write_files({name: data}, "document", "document")
    original = os.path.basename((upload.filename or "").replace("\\", "/"))[:200]
    return StoredDocument(name=name, mime=mime, size=len(data), original_name=original)


def write_files(files: dict[str, bytes], field: str, what: str) -> None:
    """Write new files (names must not exist yet) into UPLOAD_DIR, all or none: when the disk
    is full, read-only or gone, every file written so far is removed and ServiceError (on
    ``field``, naming ``what`` was uploaded) says nothing was saved."""
    folder = _upload_dir()
    written: list[Path] = []
    try:
        for name, data in files.items():
            target = folder / name
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            written.append(target)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
    except OSError as error:  # keep no partial file
        current_app.logger.error("could not store an upload in %s: %s", folder, error)
        for target in written:
            with contextlib.suppress(OSError):
                target.unlink()
        raise ServiceError(
            f"We could not store your {what} just now; nothing was saved. Please try again "
            "later, and contact support if it keeps happening.",
            field,
        ) from error


def _check_daily_quota(size: int) -> None:
    """Every upload arrives in a signed-in request, so the account is the request's user; CLI
    imports and the demo loader (no request) are operators and are not capped."""
    if has_request_context() and current_user.is_authenticated:
        from directory.services import upload_quota

        upload_quota.check_room(current_user.id, size)


def document_path(name: str) -> Path:
    """The on-disk path of a stored document; refuses names that are not ours."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise FileNotFoundError(name)
    path = _upload_dir() / name
    if not path.is_file():
        raise FileNotFoundError(name)
    return path


def discard(name: str | None) -> None:
    """Delete a stored document, e.g. when the transaction that referenced it rolled back."""
    if not name:
        return
    with contextlib.suppress(FileNotFoundError):
        document_path(name).unlink()
