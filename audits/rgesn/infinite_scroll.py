"""RGESN-4.2: No infinite scroll."""

from __future__ import annotations

from ent_audit.audits.model import PageCapture
from ent_audit.audits.rules import Column, Finding, RuleSettings, facts, msg, note, rule, table, value


@rule(
    ref="RGESN-4.2",
    pillar="durable",
    needs=("facts.scroll",),
    title=msg("No infinite scroll"),
    why=msg(
        "Infinite scroll keeps loading content and requests nobody asked for; pagination or a "
        '"see more" button lets the user decide.'
    ),
    fix=msg('Replace loading on scroll by pagination or a "see more" button.'),
)
def infinite_scroll(page: PageCapture, settings: RuleSettings) -> Finding:
    scroll = page.facts.get("scroll")
    if scroll is None:
        return Finding.na(facts(note(msg("Scrolling not probed"))))
    probes = scroll.get("probes") or []
    growing = [p for p in probes if p.get("added_elements", 0) > 0 and p.get("requests", 0) > 0]
    if probes and len(growing) == len(probes) and len(probes) >= 2:
        columns = [
            Column("added_elements", "count", msg("Elements added")),
            Column("requests", "count", msg("Requests")),
        ]
        return Finding.fail(
            table(
                columns,
                ({"added_elements": p["added_elements"], "requests": p["requests"]} for p in probes),
                [
                    value(
                        msg("Scrolls to the bottom, each adding content"),
                        "count",
                        len(probes),
                    )
                ],
            )
        )
    if scroll.get("grew_on_measured_scroll"):
        return Finding.ok(facts(note(msg("Content added once on scrolling, then it stopped"))))
    return Finding.ok(facts(note(msg("Scrolling to the bottom added no content"))))
