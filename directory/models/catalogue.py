"""The reference catalogue: devices, treatments, concerns, professions, skin types."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import Model


class Device(Model):
    """A micro-needling device with its US regulatory status and the source of that status."""

    __tablename__ = "devices"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    manufacturer: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(60))
    regulatory_status: Mapped[str] = mapped_column(String(300))
    regulatory_source: Mapped[str] = mapped_column(String(300))
    max_depth: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")


class Treatment(Model):
    """A treatment a listing offers (CONTRACT section 2)."""

    __tablename__ = "treatments"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")


class Concern(Model):
    """A skin concern patients search by."""

    __tablename__ = "concerns"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")


class Profession(Model):
    """A licensed profession."""

    __tablename__ = "professions"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class SkinType(Model):
    """A Fitzpatrick skin type, 1 to 6."""

    __tablename__ = "skin_types"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(200))
