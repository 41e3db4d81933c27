"""``directory.images``: every photo is decoded and re-encoded without its metadata, in two
sizes; what is not a JPEG, PNG or WebP image, too large, or a decompression bomb is refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from directory import images
from tests.photos_helpers import has_gps_or_exif, image_bytes

LIMITS = images.Limits(
    max_bytes=10 * 1024 * 1024, max_pixels=40_000_000, display_px=1600, thumb_px=360
)


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_jpeg_with_gps_comes_out_without_any_exif_in_both_sizes():
    original = image_bytes("JPEG", (2400, 1800), gps=True)
    assert has_gps_or_exif(original)  # the fixture really carries GPS
    result = images.process(original, LIMITS)
    for encoded in (result.display, result.thumbnail):
        assert not has_gps_or_exif(encoded.data)
        assert b"Secret Phone" not in encoded.data and b"PhoneMaker" not in encoded.data


def test_sizes_display_within_the_limit_and_a_square_thumbnail():
    result = images.process(image_bytes("PNG", (2400, 1200)), LIMITS)
    assert (result.display.width, result.display.height) == (1600, 800)
    assert (result.thumbnail.width, result.thumbnail.height) == (360, 360)
    shown = _open(result.display.data)
    assert shown.size == (1600, 800) and shown.format in ("WEBP", "JPEG")
    assert result.ext in ("webp", "jpg")


def test_small_images_are_not_enlarged():
    result = images.process(image_bytes("WEBP", (300, 200)), LIMITS)
    assert (result.display.width, result.display.height) == (300, 200)
    assert (result.thumbnail.width, result.thumbnail.height) == (200, 200)


def test_transparent_png_is_flattened_onto_white():
    result = images.process(image_bytes("PNG", (100, 100), mode="RGBA"), LIMITS)
    assert _open(result.display.data).mode == "RGB"


def test_the_exif_orientation_is_applied_before_it_is_dropped():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    Image.new("RGB", (400, 200), "white").save(buffer, "JPEG", exif=exif)
    result = images.process(buffer.getvalue(), LIMITS)
    assert (result.display.width, result.display.height) == (200, 400)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "The file is empty."),
        (b"%PDF-1.4 not an image", "is not a JPEG, PNG or WebP image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is not a JPEG, PNG or WebP image"),
        (image_bytes("GIF", (20, 20)), "we accept JPEG, PNG or WebP"),
        (image_bytes("BMP", (20, 20)), "we accept JPEG, PNG or WebP"),
        (image_bytes("JPEG")[:300], "could not be read"),
    ],
)
def test_what_is_not_a_usable_image_is_refused_with_a_message(data, message):
    with pytest.raises(images.ImageRejected, match=message):
        images.process(data, LIMITS)


def test_a_file_over_the_byte_limit_is_refused():
    small = images.Limits(max_bytes=1000)
    with pytest.raises(images.ImageRejected, match="larger than 0 MB"):
        images.process(image_bytes("PNG", (400, 400)) + b"\0" * 1000, small)


def test_a_decompression_bomb_is_refused_before_decoding():
    # 7,000 x 7,000 pixels (49 megapixels) of one colour compress to a few KB of PNG.
    bomb = io.BytesIO()
    Image.new("1", (7_000, 7_000)).save(bomb, "PNG")
    assert len(bomb.getvalue()) < 1024 * 1024
    with pytest.raises(images.ImageRejected, match="too many pixels"):
        images.process(bomb.getvalue(), LIMITS)


def test_pillows_own_bomb_check_is_turned_into_a_refusal(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(images.ImageRejected, match="too many pixels"):
        images.process(image_bytes("PNG", (100, 100)), images.Limits(max_pixels=10**9))


def test_a_failure_while_re_encoding_is_a_refusal_not_a_crash(monkeypatch):
    def broken(_image):
        raise ValueError("bad EXIF block")

    monkeypatch.setattr(images.ImageOps, "exif_transpose", broken)
    with pytest.raises(images.ImageRejected, match="could not be converted"):
        images.process(image_bytes("JPEG", (50, 50)), LIMITS)
