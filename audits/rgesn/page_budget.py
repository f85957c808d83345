"""RGESN-6.1: Page weight and request count within budget."""

from __future__ import annotations

from ent_audit.audits.model import PageCapture
from ent_audit.audits.rules import Finding, RuleSettings, facts, msg, rule, value


@rule(
    ref="RGESN-6.1",
    pillar="durable",
    needs=("requests",),
    title=msg("Page weight and request count within budget"),
    why=msg(
        "Every byte and request costs energy in networks, servers and devices; RGESN asks for a budget "
        "per screen (example: 1 MB and fewer than 30 requests)."
    ),
    fix=msg("Remove unneeded resources; bundle and slim down scripts, styles and images."),
)
def page_budget(page: PageCapture, settings: RuleSettings) -> Finding:
    size, count = page.transfer_bytes, page.request_count
    heavy, many = size > settings.max_page_bytes, count > settings.max_requests
    evidence = facts(
        value(msg("Page weight"), "bytes", size, "page_bytes"),
        value(msg("Weight budget"), "bytes", settings.max_page_bytes, "max_page_bytes"),
        value(msg("Weight over budget"), "bool", heavy, "over_bytes"),
        value(msg("Requests"), "count", count, "requests"),
        value(msg("Request budget"), "count", settings.max_requests, "max_requests"),
        value(msg("Requests over budget"), "bool", many, "over_requests"),
    )
    if heavy or many:
        return Finding.fail(evidence, saving_bytes=max(0, size - settings.max_page_bytes))
    return Finding.ok(evidence)
