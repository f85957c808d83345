"""RGESN-5.2: Suitable image compression level."""

from __future__ import annotations

from ent_audit.audits.model import PageCapture
from ent_audit.audits.resources import (
    base_mime,
    records_by_url,
)
from ent_audit.audits.rules import SIZE, URL, Column, Finding, RuleSettings, facts, msg, note, rule, table, value

LOSSY = {
    "image/jpeg": 3.0,
    "image/jpg": 3.0,
    "image/pjpeg": 3.0,
    "image/webp": 2.0,
    "image/avif": 1.5,
    "image/jxl": 1.5,
}  # bits per pixel above which an image is probably compressed too little (heuristic)


@rule(
    ref="RGESN-5.2",
    pillar="durable",
    needs=("facts.images",),
    title=msg("Suitable image compression level"),
    why=msg(
        "A JPEG photo saved at maximum quality often weighs three times what it needs; the estimate uses "
        "bits per pixel (a heuristic, to confirm by eye)."
    ),
    fix=msg("Re-encode images (JPEG quality ≈ 70, WebP ≈ 72, AVIF ≈ 56) and strip metadata."),
)
def image_compression(page: PageCapture, settings: RuleSettings) -> Finding:
    images = page.facts.get("images")
    if images is None:
        return Finding.na(facts(note(msg("Images not recorded"))))
    records = records_by_url(page)
    judged, offenders, saving, seen = 0, [], 0, set()
    for image in images:
        record = records.get(image.get("url", ""))
        pixels = image.get("natural_w", 0) * image.get("natural_h", 0)
        if record is None or not pixels or base_mime(record.mime) not in LOSSY or record.url in seen:
            continue
        seen.add(record.url)
        judged += 1
        limit = LOSSY[base_mime(record.mime)]
        bpp = record.transfer_bytes * 8 / pixels
        if record.transfer_bytes > settings.image_waste_min_bytes and bpp > limit:
            wasted = record.transfer_bytes - round(limit * pixels / 8)
            saving += wasted
            offenders.append(
                {
                    "url": record.url,
                    "bpp": round(bpp, 1),
                    "expected": limit,
                    "bytes": record.transfer_bytes,
                    "natural": f"{image['natural_w']}×{image['natural_h']}",
                }
            )
    if not judged:
        return Finding.na(facts(note(msg("No JPEG, WebP or AVIF image with known dimensions"))))
    judged_value = value(msg("Lossy images judged"), "count", judged)
    if offenders:
        columns = [
            URL,
            Column("bpp", "number", msg("Bits per pixel")),
            Column("expected", "number", msg("Expected (about)")),
            SIZE,
            Column("natural", "text", msg("Dimensions (px)")),
        ]
        # RGESN 2024 5.2's test ("Évaluer la qualité et le poids des images […] documenter dans la déclaration
        # d'écoconception la politique de paramétrage de la qualité") sets no threshold to validate or fail: the
        # heuristic points a person to the images to look at, with the bytes a re-encoding would save.
        return Finding(
            "manual",
            table(
                columns,
                offenders,
                [
                    value(
                        msg("Images probably compressed too little"),
                        "count",
                        len(offenders),
                    ),
                    judged_value,
                ],
            ),
            saving_bytes=saving,
        )
    return Finding.manual(facts(judged_value, note(msg("Quality to check by eye; the policy to document"))))
