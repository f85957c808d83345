"""Writes the demo ENT's JPEG fixtures (demo_ent/static/photos/, demo_ent/static/labo/) with Pillow: `make demo-photos`.

The files are committed, so the demo ENT (shipped in the wheel, `ent-audit demo`) serves fixed bytes and needs no
image library at run time; Pillow is only a development dependency (the `test` extra) for this script, the
benchmark's site generator and the tests that decode the photos. Re-running it with another Pillow (libjpeg) may
change the bytes: commit the new files, then regenerate the expectations that depend on their sizes (README, Tests).
"""

from __future__ import annotations

import io
import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

STATIC = Path(__file__).resolve().parents[1] / "demo_ent" / "static"
PHOTO_SIZE = (1024, 768)  # a camera export, shown at 320x240: the "unoptimised photo" defect
PHOTO_QUALITY = 95  # an export at full quality, 4:4:4: what a teacher's phone uploads
PHOTOS = 6
LAB_PHOTO = (200, 150)
LAB_PADDED_BYTES = 60 * 1024
LAB_HISTORY = "Historique d'édition : recadrage, exposition, balance des blancs, export pleine qualité. ".encode()


def photo(seed: int) -> Image.Image:
    """A "class trip" photo: a sky-to-ground light, a few blurred shapes and film grain (the grain drives the size)."""
    rng = random.Random(f"photo:{seed}")
    width, height = PHOTO_SIZE
    sky = (rng.randrange(90, 160), rng.randrange(140, 200), rng.randrange(200, 250))
    ground = (rng.randrange(60, 120), rng.randrange(90, 140), rng.randrange(30, 80))
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.4, 0.6))
    for y in range(height):
        top, bottom, t = (sky, sky, 0.0) if y < horizon else (sky, ground, min(1.0, (y - horizon) / 80))
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    for _ in range(12):
        x, y, r = rng.randrange(width), rng.randrange(horizon - 100, height), rng.randrange(30, 160)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse([x - r, y - r, x + r, y + r // 2], fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise(PHOTO_SIZE, 28).convert("RGB")
    return Image.blend(image, grain, 0.18)


def jpeg(image: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    return out.getvalue()


def lab_photo() -> Image.Image:
    """The lab's 200x150 greyscale "photo" (a disc on a shaded background)."""
    width, height = LAB_PHOTO

    def light(x: int, y: int) -> int:
        disc = 70 if (x - 120) ** 2 + (y - 70) ** 2 < 40**2 else 0
        return max(0, min(255, round(70 + 110 * x / width + 30 * math.sin(y / 9) + disc)))

    pixels = bytes(light(x, y) for y in range(height) for x in range(width))
    return Image.frombytes("L", LAB_PHOTO, pixels)


def padded(image: Image.Image, total: int, text: bytes) -> bytes:
    """The JPEG with a comment (COM segment) making it exactly ``total`` bytes: an export keeping its edit history."""
    plain = jpeg(image, quality=75)
    missing = total - len(plain) - 4  # a COM segment: marker and length, then the text
    comment = (text * (missing // len(text) + 1))[:missing]
    data = jpeg(image, quality=75, comment=comment)
    assert len(data) == total, (len(data), total)
    return data


def main() -> int:
    (STATIC / "photos").mkdir(exist_ok=True)
    for n in range(1, PHOTOS + 1):
        (STATIC / "photos" / f"sortie-{n}.jpg").write_bytes(jpeg(photo(n), quality=PHOTO_QUALITY, subsampling=0))
    image = lab_photo()
    (STATIC / "labo" / "photo.jpg").write_bytes(jpeg(image, quality=75))
    (STATIC / "labo" / "photo-lourde.jpg").write_bytes(padded(image, LAB_PADDED_BYTES, LAB_HISTORY))
    return 0


if __name__ == "__main__":
    sys.exit(main())
