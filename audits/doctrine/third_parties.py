"""DOCTRINE-third-parties: Third-party services and trackers."""

from __future__ import annotations

from typing import Any

from ent_audit.audits import third_party_web
from ent_audit.audits.doctrine import (
    host_of,
)
from ent_audit.audits.rules import (
    Column,
    Finding,
    RuleSettings,
    SiteView,
    facts,
    msg,
    note,
    site_rule,
    table,
    value,
)
from ent_audit.audits.security import (
    tracker_kind,
)


@site_rule(
    ref="DOCTRINE-third-parties",
    pillar="responsable",
    title=msg("Third-party services and trackers"),
    why=msg(
        "Each third party contacted receives a pupil's IP address and often the page visited; "
        "analytics and advertising trackers need a legal basis (GDPR, CNIL)."
    ),
    fix=msg("Remove trackers, self-host fonts and libraries, ask consent before any remaining service."),
)
def third_parties(site: SiteView, settings: RuleSettings) -> Finding:
    hosts: dict[str, dict[str, Any]] = {}
    for page in site.pages:
        for record in page.requests:
            if not record.third_party or not record.received:
                continue
            host = host_of(record.url)
            entry = hosts.setdefault(
                host, {"requests": 0, "bytes": 0, "pages": set(), "kind": None, "entity": third_party_web.entity(host)}
            )
            entry["requests"] += 1
            entry["bytes"] += record.transfer_bytes
            entry["pages"].add(page.url)
            entry["kind"] = entry["kind"] or tracker_kind(record.url)
    if not hosts:
        return Finding.ok(facts(note(msg("No third-party host contacted"))))
    rows = [
        {
            "host": host,
            "service": e["entity"].name if e["entity"] else "",
            "category": e["entity"].category if e["entity"] else "",
            "requests": e["requests"],
            "bytes": e["bytes"],
            "pages": len(e["pages"]),
            "tracker": e["kind"] or "",
        }
        for host, e in sorted(hosts.items(), key=lambda kv: (kv[1]["kind"] is None, -kv[1]["bytes"]))
    ]
    columns = [
        Column("host", "code", msg("Host")),
        Column("service", "text", msg("Service")),
        Column("category", "code", msg("Category")),
        Column("requests", "count", msg("Requests")),
        Column("bytes", "bytes", msg("Size")),
        Column("pages", "count", msg("Pages")),
        Column("tracker", "code", msg("Tracker")),
    ]
    trackers = [h for h, e in hosts.items() if e["kind"]]
    counted = value(msg("Third-party hosts"), "count", len(hosts))
    source = value(msg("Services and categories from"), "code", third_party_web.dataset().version, key="dataset")
    if trackers:
        return Finding.fail(table(columns, rows, [value(msg("Trackers"), "count", len(trackers)), counted, source]))
    return Finding.manual(
        table(
            columns,
            rows,
            [
                counted,
                source,
                note(msg("No known tracker: check each third party's legal basis")),
            ],
        )
    )
