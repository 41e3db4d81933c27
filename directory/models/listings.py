"""Practitioner listings: everything of the import format (CONTRACT section 4)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ColumnElement,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    and_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model, db
from directory.models.base import utcnow

listing_treatments = Table(
    "listing_treatments",
    db.metadata,
    Column("listing_id", ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True),
    Column("treatment_slug", ForeignKey("treatments.slug"), primary_key=True),
)
listing_concerns = Table(
    "listing_concerns",
    db.metadata,
    Column("listing_id", ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True),
    Column("concern_slug", ForeignKey("concerns.slug"), primary_key=True),
)
listing_devices = Table(
    "listing_devices",
    db.metadata,
    Column("listing_id", ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True),
    Column("device_slug", ForeignKey("devices.slug"), primary_key=True),
)
listing_skin_types = Table(
    "listing_skin_types",
    db.metadata,
    Column("listing_id", ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True),
    Column("skin_type", ForeignKey("skin_types.number"), primary_key=True),
)

CONSULTATION_TERMS = ("free", "paid", "credited", "none")


class Listing(Model):
    """A practitioner's public listing. An account may own several."""

    __tablename__ = "listings"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True, index=True)
    external_id: Mapped[str | None] = mapped_column(String(80), unique=True, index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    name: Mapped[str] = mapped_column(String(120))
    credentials: Mapped[str] = mapped_column(String(120), default="")
    profession: Mapped[str] = mapped_column(ForeignKey("professions.slug"))
    clinic: Mapped[str] = mapped_column(String(160), default="")
    bio: Mapped[str] = mapped_column(Text, default="")

    address: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(2), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    country: Mapped[str] = mapped_column(String(2), default="US")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    phone: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(300), default="")

    practicing_since: Mapped[int | None] = mapped_column(Integer)
    procedures_performed: Mapped[int | None] = mapped_column(Integer)
    price_min: Mapped[int | None] = mapped_column(Integer)
    price_max: Mapped[int | None] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    numbing_cream: Mapped[bool | None] = mapped_column(Boolean)
    consultation: Mapped[str] = mapped_column(String(20), default="free")
    consultation_notes: Mapped[str] = mapped_column(Text, default="")
    accepting_new_patients: Mapped[bool] = mapped_column(Boolean, default=True)
    # Facts patients filter on (issue 11; directory/facts.py holds their vocabularies). JSON
    # rather than tag tables: they are read with the listing and written whole, never joined.
    languages: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    payment_options: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    opening_hours: Mapped[dict[str, list[str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )
    treatment_prices: Mapped[dict[str, int]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )
    gender: Mapped[str | None] = mapped_column(String(20))  # self-declared; None: not said

    # Denormalised review aggregates, kept by the review service in the same transaction.
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    rating_sum: Mapped[int] = mapped_column(Integer, default=0)
    # Denormalised from licences: the latest day any verified licence still counts (its expiry
    # or re-check date). The badge is ``verified_until >= today``, computed whenever it is
    # shown, so it lapses with the calendar even before ``flask credentials expire`` runs.
    verified_until: Mapped[date | None] = mapped_column(db.Date, index=True)

    # The values the national registry (NPPES) last gave this listing, as JSON: a later
    # import changes a field only while it still holds that value, so an owner's edit wins.
    registry_data: Mapped[str | None] = mapped_column(Text)
    # A hidden listing is kept but leaves search and its profile (e.g. a deactivated NPI).
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str | None] = mapped_column(String(200))

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    owner = relationship("User", lazy="joined")
    profession_ref = relationship("Profession", lazy="joined")
    treatments = relationship("Treatment", secondary=listing_treatments, lazy="selectin")
    concerns = relationship("Concern", secondary=listing_concerns, lazy="selectin")
    devices = relationship("Device", secondary=listing_devices, lazy="selectin")
    skin_types = relationship("SkinType", secondary=listing_skin_types, lazy="selectin")
    licences = relationship(
        "Licence",
        back_populates="listing",
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="Licence.id",
    )

    def verified_on(self, today: date | None = None) -> bool:
        """Whether the listing carries the verified badge on ``today`` (default: today)."""
        return self.verified_until is not None and self.verified_until >= (today or date.today())

    @hybrid_property
    def verified(self) -> bool:
        """The badge today (CONTRACT §3): a verified licence that has not lapsed."""
        return self.verified_on()

    @verified.inplace.expression
    @classmethod
    def _verified_expression(cls) -> ColumnElement[bool]:
        # Evaluated each time a query is built, so "today" is never frozen into a statement.
        return and_(cls.verified_until.is_not(None), cls.verified_until >= date.today())

    @property
    def rating_average(self) -> float | None:
        """Plain mean of published ratings, one decimal; None without reviews."""
        if not self.rating_count:
            return None
        return round(self.rating_sum / self.rating_count, 1)

    def years_experience(self, today: date | None = None) -> int | None:
        """Whole years since the practitioner started practising."""
        if not self.practicing_since:
            return None
        year = (today or date.today()).year
        return max(0, year - self.practicing_since)

    @property
    def hidden(self) -> bool:
        """Whether the listing is withdrawn from search and its public profile."""
        return self.hidden_at is not None

    @property
    def url(self) -> str:
        return f"/practitioners/{self.slug}"

    def __repr__(self) -> str:
        return f"<Listing {self.slug}>"
