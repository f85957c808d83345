"""RGAA-10.1: no presentational tag or attribute (``<font>``, ``<center>``, ``align``…) in the markup."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.rgaa.checks import note_of, own_check
from ent_audit.audits.rgaa.pages import a11y_facts
from ent_audit.audits.rules import Column, Finding, msg, table


@own_check(criterion="10.1", name="presentation", needs=("presentational",))
def no_presentational_markup(page: dict[str, Any]) -> Finding:
    counts = {k: int(v) for k, v in (a11y_facts(page).get("presentational") or {}).items() if v}
    return (
        Finding.fail(
            table(
                [
                    Column("markup", "code", msg("Tag or attribute")),
                    Column("count", "count", msg("Occurrences")),
                ],
                ({"markup": k, "count": v} for k, v in sorted(counts.items())),
            ),
        )
        if counts
        else Finding.ok(note_of(msg("No presentational tag or attribute")))
    )
