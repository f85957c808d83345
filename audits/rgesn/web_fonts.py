"""RGESN-4.8: Few downloaded fonts."""

from __future__ import annotations

from ent_audit.audits.model import PageCapture
from ent_audit.audits.resources import (
    is_font,
    responses,
)
from ent_audit.audits.rules import URL, Finding, RuleSettings, facts, msg, rule, table, value


@rule(
    ref="RGESN-4.8",
    pillar="durable",
    needs=("requests",),
    title=msg("Few downloaded fonts"),
    why=msg("RGESN aims at no more than 2 families and 4 font variants per page, or no more than 400 KB of fonts."),
    fix=msg("Limit families and weights, subset fonts and use WOFF2, or use system fonts."),
)
def web_fonts(page: PageCapture, settings: RuleSettings) -> Finding:
    fonts = [r for r in responses(page) if is_font(r)]
    size = sum(r.transfer_bytes for r in fonts)
    families = sorted({f.get("family", "").strip().lower() for f in page.facts.get("fonts") or []} - {""})
    summary = [
        value(msg("Font files"), "count", len(fonts)),
        value(msg("Font bytes"), "bytes", size),
    ]
    if families:
        summary += [
            value(msg("Families"), "count", len(families)),
            value(msg("Family names"), "code", ", ".join(families)),
        ]
    # RGESN 2024 4.8 as written: "≤ 2 families and ≤ 4 variants, or ≤ 400 KB" — light fonts pass whatever
    # their number, few fonts pass whatever their weight.
    few = len(families) <= settings.max_font_families and len(fonts) <= settings.max_font_files
    light = size <= settings.max_font_bytes
    if not (few or light):
        summary += [
            value(msg("RGESN: families at most"), "count", settings.max_font_families),
            value(msg("RGESN: variants at most"), "count", settings.max_font_files),
            value(msg("RGESN: or size at most"), "bytes", settings.max_font_bytes),
        ]
        return Finding.fail(
            table([URL], ({"url": r.url} for r in fonts), summary), saving_bytes=size - settings.max_font_bytes
        )
    return Finding.ok(facts(*summary))
