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
    title={"fr": "Formats d'image adaptés (WebP, AVIF, JPEG XL)", "en": "Suitable image formats (WebP, AVIF, JPEG XL)"},
    why={
        "fr": "À qualité égale, WebP, AVIF et JPEG XL pèsent nettement moins que PNG, JPEG ou GIF ; le RGESN "
        "demande plus de 75 % des images matricielles dans ces formats.",
        "en": "At equal quality WebP, AVIF and JPEG XL weigh much less than PNG, JPEG or GIF; RGESN asks for "
        "more than 75 % of raster images in these formats.",
    },
    fix={
        "fr": "Convertir les images en WebP ou AVIF (éventuellement avec <picture> et repli).",
        "en": "Convert images to WebP or AVIF (with <picture> and a fallback if needed).",
    },
)
def image_formats(page: PageCapture, settings: RuleSettings) -> Finding:
    images = [r for r in responses(page) if base_mime(r.mime) in LEGACY_RASTER | MODERN_RASTER]
    if not images:
        return Finding.na(facts(note(msg("Aucune image matricielle", "No raster image"))))

    def size(r: RequestRecord) -> int:
        return r.transfer_bytes or r.decoded_bytes

    legacy = [r for r in images if base_mime(r.mime) in LEGACY_RASTER]
    total = sum(size(r) for r in images)
    modern = total - sum(size(r) for r in legacy)
    share = modern / total if total else (len(images) - len(legacy)) / len(images)
    summary = [
        value(
            msg(
                "Part des octets d'images matricielles en WebP, AVIF ou JPEG XL",
                "Share of raster image bytes in WebP, AVIF or JPEG XL",
            ),
            "percent",
            share,
        ),
        value(msg("Images modernes", "Modern images"), "bytes", modern),
        value(msg("Images matricielles", "Raster images"), "bytes", total),
    ]
    if share >= settings.modern_image_share:
        return Finding.ok(facts(*summary))
    columns = [URL, Column("mime", "code", msg("Format", "Format")), SIZE]
    return Finding.fail(
        table(columns, ({"url": r.url, "mime": base_mime(r.mime), "bytes": size(r)} for r in legacy), summary)
    )
