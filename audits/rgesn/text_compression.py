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
        "the bytes (the saving estimated here is 70 % of the transferred size)."
    ),
    fix=msg("Enable gzip, Brotli or zstd compression on the server for text types."),
)
def text_compression(page: PageCapture, settings: RuleSettings) -> Finding:
    text = [r for r in responses(page) if is_text(r) and r.decoded_bytes > settings.text_min_bytes]
    unminified = [m for m in page.facts.get("minify") or [] if worth_minifying(m["bytes"], m["saving"])]
    if not text and not unminified:
        return Finding.na(
            facts(
                value(
                    msg("No text resource over"),
                    "bytes",
                    settings.text_min_bytes,
                )
            )
        )
    summary: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    saving = 0
    offenders = [r for r in text if not (encodings(r.content_encoding) & COMPRESSED)]
    if offenders:
        saving += round(settings.compression_saving * sum(r.transfer_bytes for r in offenders))
        summary += [
            value(
                msg("Text resources sent uncompressed"),
                "count",
                len(offenders),
            ),
            value(msg("Text resources"), "count", len(text)),
        ]
        items += [{"url": r.url, "minify_saving": None} for r in offenders]
    if unminified:
        by_url = records_by_url(page)
        for item in unminified:  # the saving on the wire: the decoded saving scaled by the file's compression
            record = by_url.get(item["url"])
            ratio = record.transfer_bytes / record.decoded_bytes if record and record.decoded_bytes else 1.0
            saving += round(item["saving"] * min(1.0, ratio))
        summary += [
            value(
                msg("Scripts or stylesheets not minified"),
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
    if summary:
        columns = [URL, Column("minify_saving", "bytes", msg("Saved by minifying"))]
        return Finding.fail(table(columns, items, summary), saving_bytes=saving)
    checked = len(page.facts.get("minify") or [])
    return Finding.ok(
        facts(
            value(msg("Text resources compressed"), "count", len(text)),
            *(
                [
                    value(
                        msg("Scripts and stylesheets minified"),
                        "count",
                        checked,
                    )
                ]
                if checked
                else []
            ),
        )
    )
