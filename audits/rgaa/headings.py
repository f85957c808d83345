"""RGAA-9.1: the page has an h1 and its headings skip no level."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.rgaa.checks import own_check
from ent_audit.audits.rgaa.pages import a11y_facts
from ent_audit.audits.rules import Column, Finding, msg, note, table, value
from ent_audit.audits.rules import facts as values_only


@own_check(criterion="9.1", name="headings", needs=("headings",))
def headings_in_order(page: dict[str, Any]) -> Finding:
    levels = [int(n) for n in a11y_facts(page).get("headings") or []]
    pairs = zip(levels, levels[1:], strict=False)
    jumps = list(dict.fromkeys((f"h{before}", f"h{after}") for before, after in pairs if before and after > before + 1))
    outline = value(msg("Headings in order"), "code", " ".join(f"h{n}" for n in levels))
    if 1 in levels and not jumps:
        return Finding.ok(values_only(outline))
    summary = [] if 1 in levels else [note(msg("No h1 heading"))]
    return Finding.fail(
        table(
            [
                Column("from", "code", msg("Heading")),
                Column("to", "code", msg("Followed by")),
            ],
            ({"from": a, "to": b} for a, b in jumps),
            summary + [outline],
        ),
    )
