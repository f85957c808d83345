"""RGAA-8.2: ids are unique (valid code); axe only flags the ARIA ones, for review."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.rgaa.checks import EVIDENCE_ITEMS, note_of, own_check
from ent_audit.audits.rgaa.pages import a11y_facts
from ent_audit.audits.rules import Column, Finding, msg, table, value


@own_check(criterion="8.2", name="duplicate-ids", needs=("duplicate_ids",))
def ids_unique(page: dict[str, Any]) -> Finding:
    duplicates = list(a11y_facts(page).get("duplicate_ids") or [])
    return (
        Finding.fail(
            table(
                [Column("id", "code", msg("Duplicate id"))],
                ({"id": d} for d in duplicates[:EVIDENCE_ITEMS]),
                [value(msg("Duplicate ids"), "count", len(duplicates))],
            ),
        )
        if duplicates
        else Finding.ok(note_of(msg("No duplicate id")))
    )
