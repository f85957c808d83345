"""RGESN-6.3: Text resources compressed."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.minify import worth_minifying
from ent_audit.audits.model import PageCapture
from ent_audit.audits.resources import (
    COMPRESSED,
    encodings,
    is_text,
    records_by_url,
    responses,
)
from ent_audit.audits.rules import URL, Column, Finding, RuleSettings, facts, msg, rule, table, value


@rule(
    ref="RGESN-6.3",
    pillar="durable",
    needs=("requests",),
    title=msg("Text resources compressed"),
    why=msg(
        "HTML, CSS, JavaScript, JSON and SVG compress very well: gzip or Brotli typically remove 70 % of "
        "the bytes (the saving estimated here is 70 % of the transferred size). RGESN validates the criterion when "
        "they travel compressed; scripts and stylesheets left unminified are an extra saving, listed here."
    ),
    fix=msg("Enable gzip, Brotli or zstd compression on the server for text types."),
)
def text_compression(page: PageCapture, settings: RuleSettings) -> Finding:
    """RGESN 2024 6.3's test: "Le critère est validé si les requêtes du service numérique utilisent un mécanisme de
    compression des données au niveau du frontend" (gzip or Brotli advised). The verdict follows compression only;
    unminified scripts and stylesheets are reported beside it as an opportunity with their saving, whatever the
    verdict, never as a failure of the criterion."""
    text = [r for r in responses(page) if is_text(r) and r.decoded_bytes > settings.text_min_bytes]
    unminified = [m for m in page.facts.get("minify") or [] if worth_minifying(m["bytes"], m["saving"])]
    summary: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    compression_saving, minify_saving = 0, 0
    offenders = [r for r in text if not (encodings(r.content_encoding) & COMPRESSED)]
    if offenders:
        compression_saving = round(settings.compression_saving * sum(r.transfer_bytes for r in offenders))
        summary += [
            value(
                msg("Text resources sent uncompressed"),
                "count",
                len(offenders),
            ),
            value(msg("Text resources"), "count", len(text)),
        ]
        items += [{"url": r.url, "minify_saving": None} for r in offenders]
    elif text:
        summary.append(value(msg("Text resources compressed"), "count", len(text)))
    else:
        summary.append(value(msg("No text resource over"), "bytes", settings.text_min_bytes))
    if unminified:
        by_url = records_by_url(page)
        for item in unminified:  # the saving on the wire: the decoded saving scaled by the file's compression
            record = by_url.get(item["url"])
            ratio = record.transfer_bytes / record.decoded_bytes if record and record.decoded_bytes else 1.0
            minify_saving += round(item["saving"] * min(1.0, ratio))
        summary += [
            value(
                msg("Opportunity: scripts or stylesheets not minified"),
                "count",
                len(unminified),
            ),
            value(
                msg("Comments and whitespace"),
                "bytes",
                sum(m["saving"] for m in unminified),
            ),
        ]
        items += [{"url": m["url"], "minify_saving": m["saving"]} for m in unminified]
    elif page.facts.get("minify"):
        summary.append(value(msg("Scripts and stylesheets minified"), "count", len(page.facts["minify"])))
    columns = [URL, Column("minify_saving", "bytes", msg("Saved by minifying"))]
    evidence = table(columns, items, summary) if items else facts(*summary)
    saving = compression_saving + minify_saving
    if offenders:
        return Finding.fail(evidence, saving_bytes=saving)
    if not text:
        return Finding("na", evidence, saving_bytes=saving or None)
    return Finding("pass", evidence, saving_bytes=saving or None)
