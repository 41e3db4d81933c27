"""The change log that feeds the search index (ARCHITECTURE: a write, end to end)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import Model
from directory.models.base import utcnow


class SearchChange(Model):
    """One listing's new searchable state (or its deletion), in commit order by ``seq``."""

    __tablename__ = "search_changes"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    listing_id: Mapped[int] = mapped_column(Integer, index=True)
    op: Mapped[str] = mapped_column(String(8))  # "upsert" or "delete"
    document: Mapped[str] = mapped_column(Text, default="")  # JSON of the search document
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
