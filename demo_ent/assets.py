"""Deterministic generated binaries (PNG, fonts, PDF, WAV) and the packaged static text files.

Everything is computed once and cached in memory: the same URL always yields the same bytes.
"""

from __future__ import annotations

import io
import math
import random
import struct
import wave
import zlib
from functools import lru_cache
from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"

HERO_SIZE = (800, 600)
BLOG_IMAGE_SIZE = (96, 64)
HEAVY_IMAGE_SIZE = (400, 250)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def make_png(width: int, height: int, rows: list[bytes], level: int = 6) -> bytes:
    """A valid 8-bit RGB PNG from raw rows (each 3*width bytes, filter type 0 added here)."""
    return png_from_scanlines(width, height, b"".join(b"\x00" + row for row in rows), level)


def png_from_scanlines(width: int, height: int, scanlines: bytes, level: int = 6) -> bytes:
    """A valid 8-bit RGB PNG from already filtered scanlines (each a filter-type byte + 3*width bytes)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(scanlines, level))
        + _png_chunk(b"IEND", b"")
    )


@lru_cache(maxsize=1)
def hero_png() -> bytes:
    """/assets/img/rentree.png: 800x600 seeded noise, about 1.4 MB (noise does not compress)."""
    width, height = HERO_SIZE
    rng = random.Random(20261102)
    rows = [rng.randbytes(width * 3) for _ in range(height)]
    return make_png(width, height, rows, level=1)


@lru_cache(maxsize=1)
def heavy_png() -> bytes:
    """/assets/img/lourde.png (heavy_page variant only): 400x250 seeded noise, about 300 kB."""
    width, height = HEAVY_IMAGE_SIZE
    rng = random.Random(20261215)
    return make_png(width, height, [rng.randbytes(width * 3) for _ in range(height)], level=1)


@lru_cache(maxsize=512)
def blog_png(n: int) -> bytes:
    """/assets/img/blog/N.png: a small gradient tinted per post (a few hundred bytes)."""
    width, height = BLOG_IMAGE_SIZE
    rng = random.Random(1000 + n)
    base = (rng.randrange(40, 200), rng.randrange(40, 200), rng.randrange(40, 200))
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            shade = (x + y) * 2
            row += bytes(((base[0] + shade) % 256, (base[1] + y * 2) % 256, (base[2] + x) % 256))
        rows.append(bytes(row))
    return make_png(width, height, rows, level=9)


@lru_cache(maxsize=16)  # the ENT's, the third party's and the lab's fonts
def fake_font(name: str, size: int) -> bytes:
    """Pseudo-random bytes behind a WOFF2 signature (browsers download it, then reject it)."""
    rng = random.Random(f"font:{name}")
    header = b"wOF2" + b"\x00\x01\x00\x00" + struct.pack(">I", size)
    return header + rng.randbytes(size - len(header))


FONTS = {
    "marianne-regular.woff2": 34 * 1024,
    "marianne-bold.woff2": 37 * 1024,
}
THIRD_PARTY_FONT_SIZE = 25 * 1024


@lru_cache(maxsize=8)
def pdf_document(n: int) -> bytes:
    """A tiny valid one-page PDF (correct xref offsets) titled "Devoir n"."""
    text = f"Devoir {n} - Classe de 4e B - a rendre pour le {10 + n} novembre 2026"
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


WAV_RATE = 8000
WAV_SECONDS = 5


@lru_cache(maxsize=1)
def annonce_wav() -> bytes:
    """/assets/media/annonce.wav: 5 s of a quiet 440 Hz sine, mono 8 kHz 16-bit PCM (about 80 KB)."""
    frames = b"".join(
        struct.pack("<h", round(3000 * math.sin(2 * math.pi * 440 * i / WAV_RATE)))
        for i in range(WAV_RATE * WAV_SECONDS)
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(WAV_RATE)
        wav.writeframes(frames)
    return out.getvalue()


@lru_cache(maxsize=32)
def static_file(relative: str) -> bytes:
    """A packaged file under demo_ent/static/ (raises FileNotFoundError)."""
    path = (STATIC_DIR / relative).resolve()
    if STATIC_DIR.resolve() not in path.parents:
        raise FileNotFoundError(relative)
    return path.read_bytes()
