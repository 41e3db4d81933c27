"""Photos: a listing's headshot and clinic photos, and the before/after photos of a review.

The image files live in ``UPLOAD_DIR`` under random names (``photo-<key>-d.<ext>`` for the
display size, ``photo-<key>-t.<ext>`` for the thumbnail); the row is what decides who may see
them. Listing photos are public once uploaded by the owner; review photos only once a
moderator approved them, and only while their review is published.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model
from directory.models.base import utcnow

PHOTO_KINDS = ("headshot", "clinic", "review")
PHOTO_STATUSES = ("pending", "approved", "rejected")
REVIEW_CAPTIONS = {"before": "Before treatment", "after": "After treatment"}
SIZES = {"d": "display", "t": "thumbnail"}


class Photo(Model):
    """One stored image in two sizes, and who may see it."""

    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), index=True
    )
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # 32 random hex digits: the file names, and the only part of a photo URL.
    file_key: Mapped[str] = mapped_column(String(32), unique=True)
    ext: Mapped[str] = mapped_column(String(4))  # webp or jpg
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    thumb_width: Mapped[int] = mapped_column(Integer)
    thumb_height: Mapped[int] = mapped_column(Integer)
    stored_bytes: Mapped[int] = mapped_column(Integer)  # both files, for the daily disk quota
    alt_text: Mapped[str] = mapped_column(String(250), default="")
    caption: Mapped[str] = mapped_column(String(10), default="")  # before / after (reviews)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    # Listing photos are approved when stored; review photos wait for a moderator.
    status: Mapped[str] = mapped_column(String(10), default="approved", index=True)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    listing = relationship("Listing", lazy="joined")
    review = relationship("Review", lazy="select")
    uploader = relationship("User", foreign_keys=[uploader_id], lazy="select")

    def file_name(self, size: str) -> str:
        """The stored file name of ``size`` ("d" display, "t" thumbnail)."""
        return f"photo-{self.file_key}-{size}.{self.ext}"

    @property
    def file_names(self) -> list[str]:
        """Both stored files."""
        return [self.file_name(size) for size in SIZES]

    @property
    def url(self) -> str:
        """The display size's address."""
        return f"/photos/{self.file_name('d')}"

    @property
    def thumb_url(self) -> str:
        """The thumbnail's address."""
        return f"/photos/{self.file_name('t')}"

    @property
    def caption_label(self) -> str:
        return REVIEW_CAPTIONS.get(self.caption, "")

    def __repr__(self) -> str:
        return f"<Photo {self.id} {self.kind}>"
