"""RGESN-5.1: Suitable image formats (WebP, AVIF, JPEG XL)."""

from __future__ import annotations

from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.audits.resources import (
    LEGACY_RASTER,
    MODERN_RASTER,
    base_mime,
    responses,
)
from ent_audit.audits.rules import SIZE, URL, Column, Finding, RuleSettings, facts, msg, note, rule, table, value


@rule(
    ref="RGESN-5.1",
    pillar="durable",
    needs=("requests",),
    title=msg("Suitable image formats (WebP, AVIF, JPEG XL)"),
    why=msg(
        "At equal quality WebP, AVIF and JPEG XL weigh much less than PNG, JPEG or GIF; RGESN asks for "
        "more than 75 % of raster images in these formats."
    ),
    fix=msg("Convert images to WebP or AVIF (with <picture> and a fallback if needed)."),
)
def image_formats(page: PageCapture, settings: RuleSettings) -> Finding:
    """RGESN 2024 5.1's test: "Le critère est validé si plus de 75 % des images matricielles utilisées pour le
    service numérique sont dans un format efficace (WebP, AVIF, JPEG XL…)": a share of the images, strictly over the
    threshold; their bytes are shown beside it."""
    images = [r for r in responses(page) if base_mime(r.mime) in LEGACY_RASTER | MODERN_RASTER]
    if not images:
        return Finding.na(facts(note(msg("No raster image"))))

    def size(r: RequestRecord) -> int:
        return r.transfer_bytes or r.decoded_bytes

    legacy = [r for r in images if base_mime(r.mime) in LEGACY_RASTER]
    total = sum(size(r) for r in images)
    modern = total - sum(size(r) for r in legacy)
    share = (len(images) - len(legacy)) / len(images)
    summary = [
        value(
            msg("Share of raster images in WebP, AVIF or JPEG XL"),
            "percent",
            share,
        ),
        value(msg("Number of raster images"), "count", len(images)),
        value(msg("Modern images"), "bytes", modern),
        value(msg("Raster images"), "bytes", total),
    ]
    if share > settings.modern_image_share:
        return Finding.ok(facts(*summary))
    columns = [URL, Column("mime", "code", msg("Format")), SIZE]
    return Finding.fail(
        table(columns, ({"url": r.url, "mime": base_mime(r.mime), "bytes": size(r)} for r in legacy), summary)
    )
