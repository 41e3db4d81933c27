"""Decoding and re-encoding uploaded photos with Pillow; pure functions, no Flask, no disk.

Nothing a person uploads is ever served as it came: the pixels are decoded, turned the right
way up, copied into a fresh image (so EXIF, GPS, comments and colour profiles stay behind)
and encoded again in two sizes. A file that is not a JPEG, PNG or WebP image, that is larger
than the byte limit, or that would decode to more pixels than the pixel limit (a
decompression bomb) is refused with a message the uploader can act on.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
ACCEPTED = "JPEG, PNG or WebP"
logger = logging.getLogger(__name__)


class ImageRejected(ValueError):
    """The upload cannot become a photo; ``str(error)`` is safe to show the uploader."""


@dataclass(frozen=True)
class Encoded:
    """One encoded size of a photo."""

    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedPhoto:
    """The two sizes we store, and the file extension they share."""

    display: Encoded
    thumbnail: Encoded
    ext: str


@dataclass(frozen=True)
class Limits:
    """What one upload may be and what we make of it (from config)."""

    max_bytes: int = 10 * 1024 * 1024
    max_pixels: int = 40_000_000
    display_px: int = 1600
    thumb_px: int = 360
    square_thumbnail: bool = True


def _open(data: bytes, limits: Limits) -> Image.Image:
    """Open and fully decode ``data``, refusing bombs, non-images and other formats."""
    if not data:
        raise ImageRejected("The file is empty.")
    if len(data) > limits.max_bytes:
        raise ImageRejected(
            f"The photo is larger than {limits.max_bytes // (1024 * 1024)} MB. "
            "Please choose a smaller file."
        )
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; we refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected(
                    f"That file is a {image.format or 'kind of'} image; we accept {ACCEPTED}."
                )
            width, height = image.size
            if width * height > limits.max_pixels:
                raise ImageRejected(_too_many_pixels(limits))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageRejected(_too_many_pixels(limits)) from error
        except UnidentifiedImageError as error:
            raise ImageRejected(
                f"That file is not a {ACCEPTED} image (we check the contents, not the name)."
            ) from error
        except (OSError, SyntaxError, ValueError) as error:
            if isinstance(error, ImageRejected):
                raise
            raise ImageRejected(
                "That image could not be read; it may be damaged or cut short. "
                "Please export it again and retry."
            ) from error
    return image


def _too_many_pixels(limits: Limits) -> str:
    return (
        f"That image has too many pixels (we accept up to {limits.max_pixels // 1_000_000} "
        "megapixels). Please resize it and try again."
    )


def _clean_rgb(image: Image.Image) -> Image.Image:
    """Upright, RGB, on a fresh canvas: no metadata of the original survives."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "P", "PA"):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
    else:
        flat = upright.convert("RGB")
    clean = Image.new("RGB", flat.size)
    clean.paste(flat)
    return clean


def _encode(image: Image.Image, fmt: str) -> Encoded:
    buffer = io.BytesIO()
    if fmt == "WEBP":
        image.save(buffer, "WEBP", quality=82, method=4)
    else:
        image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return Encoded(buffer.getvalue(), image.width, image.height)


def output_format() -> tuple[str, str]:
    """(Pillow format, extension): WebP where this Pillow can write it, else JPEG."""
    from PIL import features

    return ("WEBP", "webp") if features.check("webp") else ("JPEG", "jpg")


def process(data: bytes, limits: Limits | None = None) -> ProcessedPhoto:
    """Decode ``data`` and re-encode it as a display size and a thumbnail; raises
    ImageRejected with a message for the uploader."""
    limits = limits or Limits()
    image = _open(data, limits)
    try:
        return _resized(image, limits)
    except Exception as error:  # a malformed EXIF block or an odd mode: refuse, never a 500
        logger.warning("could not re-encode an uploaded image: %r", error)
        raise ImageRejected(
            "That image could not be converted; please save it as a JPEG and try again."
        ) from error


def _resized(image: Image.Image, limits: Limits) -> ProcessedPhoto:
    clean = _clean_rgb(image)
    fmt, ext = output_format()
    display = clean.copy()
    display.thumbnail((limits.display_px, limits.display_px), Image.Resampling.LANCZOS)
    if limits.square_thumbnail:
        side = min(limits.thumb_px, clean.width, clean.height)
        thumb = ImageOps.fit(clean, (side, side), Image.Resampling.LANCZOS)
    else:
        thumb = clean.copy()
        thumb.thumbnail((limits.thumb_px, limits.thumb_px), Image.Resampling.LANCZOS)
    return ProcessedPhoto(display=_encode(display, fmt), thumbnail=_encode(thumb, fmt), ext=ext)
