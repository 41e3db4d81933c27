"""A per-account cap on the bytes stored per day (proofs of visit, licences, photos).

Rate limits count requests; this counts disk. Twenty 5 MB uploads a minute apart would pass a
request limit yet still fill a disk, so every stored document of the last 24 hours counts,
whatever became of it (a rejected proof still sits in the upload folder).
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Licence, Photo, VisitProof
from directory.models.base import utcnow
from directory.services import ServiceError


def bytes_stored_today(user_id: int) -> int:
    """Bytes of documents ``user_id`` stored in the last 24 hours."""
    since = utcnow() - timedelta(days=1)
    proofs = db.session.scalar(
        select(func.coalesce(func.sum(VisitProof.document_size), 0)).where(
            VisitProof.patient_id == user_id, VisitProof.created_at >= since
        )
    )
    licences = db.session.scalar(
        select(func.coalesce(func.sum(Licence.document_size), 0)).where(
            Licence.submitted_by_id == user_id, Licence.submitted_at >= since
        )
    )
    photos = db.session.scalar(
        select(func.coalesce(func.sum(Photo.stored_bytes), 0)).where(
            Photo.uploader_id == user_id, Photo.created_at >= since
        )
    )
    return int(proofs or 0) + int(licences or 0) + int(photos or 0)


def check_room(user_id: int, incoming: int, field: str = "document") -> None:
    """Refuse (on ``field``) when ``incoming`` more bytes would pass today's cap."""
    cap = int(current_app.config["UPLOAD_BYTES_PER_DAY"])
    if bytes_stored_today(user_id) + incoming > cap:
        raise ServiceError(
            f"You have uploaded the most we accept from one account in a day "
            f"({cap // (1024 * 1024)} MB). Please try again tomorrow, or contact us if you "
            "need to send more.",
            field,
        )
