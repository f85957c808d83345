"""RGESN-6.7: HTTP/2 or newer, static resources from one domain."""

from __future__ import annotations

from ent_audit.audits.model import PageCapture
from ent_audit.audits.resources import (
    MODERN_PROTOCOLS,
    first_party_static,
    host_of,
)
from ent_audit.audits.rules import URL, Column, Finding, RuleSettings, facts, msg, note, rule, table, value


@rule(
    ref="RGESN-6.7",
    pillar="durable",
    needs=("requests",),
    title=msg("HTTP/2 or newer, static resources from one domain"),
    why=msg(
        "HTTP/2 and HTTP/3 multiplex requests over one connection; each extra domain costs a DNS "
        "lookup and a TLS handshake."
    ),
    fix=msg("Enable HTTP/2 (or HTTP/3) on the server and serve static resources from one domain."),
)
def modern_protocol(page: PageCapture, settings: RuleSettings) -> Finding:
    first_party = [r for r in page.received if not r.third_party and r.protocol]
    if not first_party:
        return Finding.na(facts(note(msg("No first-party response with a recorded protocol"))))
    old = [r for r in first_party if not r.protocol.lower().startswith(MODERN_PROTOCOLS)]
    hosts = sorted({host_of(r.url) for r in first_party_static(page)})
    hosts_value = value(msg("Static resource hosts"), "code", ", ".join(hosts))
    summary = []
    if old:
        summary += [
            value(msg("First-party responses over HTTP/1"), "count", len(old)),
            value(msg("First-party responses"), "count", len(first_party)),
            value(msg("Protocols"), "code", ", ".join(sorted({r.protocol.lower() for r in old}))),
        ]
    if len(hosts) > 1:
        summary.append(hosts_value)
    if summary:
        columns = [URL, Column("protocol", "code", msg("Protocol"))]
        return Finding.fail(table(columns, ({"url": r.url, "protocol": r.protocol.lower()} for r in old), summary))
    return Finding.ok(
        facts(
            value(
                msg("First-party responses over HTTP/2+"),
                "count",
                len(first_party),
            ),
            hosts_value,
        )
    )
