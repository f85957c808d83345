"""RGESN-6.2: Static resources cacheable by the browser."""

from __future__ import annotations

from ent_audit.audits.model import PageCapture
from ent_audit.audits.resources import (
    first_party_static,
    is_cacheable,
)
from ent_audit.audits.rules import URL, Finding, RuleSettings, facts, msg, note, rule, table, value


@rule(
    ref="RGESN-6.2",
    pillar="durable",
    needs=("requests",),
    title=msg("Static resources cacheable by the browser"),
    why=msg("Without caching headers every visit downloads styles, scripts, images and fonts again."),
    fix=msg(
        "Serve static resources with Cache-Control: max-age (ideally fingerprinted names and immutable), "
        "or at least an ETag / Last-Modified."
    ),
)
def static_caching(page: PageCapture, settings: RuleSettings) -> Finding:
    static = first_party_static(page)
    revisit = page.facts.get("repeat_visit") or {}
    if not static and not revisit.get("redownloaded"):
        return Finding.na(facts(note(msg("No first-party static resource"))))
    summary, saving = [], 0
    offenders = [r for r in static if not is_cacheable(r)]
    if offenders:
        summary += [
            value(
                msg("First-party static resources without Cache-Control max-age, ETag or Last-Modified"),
                "count",
                len(offenders),
            ),
            value(msg("First-party static resources"), "count", len(static)),
        ]
    again = revisit.get("redownloaded") or []
    if again:
        saving = sum(int(r.get("transfer_bytes") or 0) for r in again)
        summary += [
            value(
                msg("Second visit: static resources downloaded again"),
                "count",
                len(again),
            ),
            value(msg("Second visit: bytes downloaded again"), "bytes", saving),
        ]
    if summary:
        urls = list(dict.fromkeys([r.url for r in offenders] + [r.get("url", "") for r in again]))
        return Finding.fail(table([URL], ({"url": u} for u in urls), summary), saving_bytes=saving or None)
    checked = [
        value(
            msg("First-party static resources cacheable"),
            "count",
            len(static),
        )
    ]
    if "requests" in revisit:
        checked += [
            value(
                msg("Second visit: resources from the browser cache"),
                "count",
                revisit.get("from_cache", 0),
            ),
            value(
                msg("Second visit: resources revalidated"),
                "count",
                revisit.get("revalidated", 0),
            ),
            value(
                msg("Second visit: resources downloaded again"),
                "count",
                0,
            ),
        ]
    return Finding.ok(facts(*checked))
