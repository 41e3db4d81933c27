"""Small but real documents for the demo uploads: a one-page PDF (licences, receipts) and a tiny
PNG (a photographed receipt), stored through ``directory.uploads`` like any upload, so moderators
can open them."""

from __future__ import annotations

import io
import struct
import zlib

from werkzeug.datastructures import FileStorage

from directory import uploads


def _pdf_text(line: str) -> str:
    safe = line.encode("ascii", "replace").decode("ascii")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A valid one-page PDF 1.4 showing ``title`` and ``lines`` in Helvetica."""
    text = ["BT", "/F1 18 Tf", "72 740 Td", f"({_pdf_text(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        text += ["0 -22 Td", f"({_pdf_text(line)}) Tj"]
    stream = "\n".join([*text, "ET"]).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def png_bytes(width: int = 48, height: int = 64) -> bytes:
    """A small valid grayscale PNG: a pale slip of paper with a few darker "printed" lines."""
    rows = []
    for y in range(height):
        printed = y % 8 in (3, 4) and 6 <= y < height - 6
        rows.append(
            b"\x00" + bytes(90 if printed and 6 <= x < width - 6 else 245 for x in range(width))
        )

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


class DocumentStore:
    """Stores demo documents exactly as uploads are stored (content check, random name) and
    remembers them, so a load that fails can take its files back with it."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def store(self, data: bytes, original_name: str) -> uploads.StoredDocument:
        """Save ``data`` in UPLOAD_DIR under a random name."""
        stored = uploads.save_document(FileStorage(stream=io.BytesIO(data), filename=original_name))
        self.names.append(stored.name)
        return stored

    def discard_all(self) -> None:
        """Delete every document stored so far (after a rollback)."""
        for name in self.names:
            uploads.discard(name)
        self.names.clear()
