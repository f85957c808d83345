"""RGAA-10.11: the page reflows at 320 CSS px wide (no horizontal overflow)."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.rgaa.checks import note_of, own_check
from ent_audit.audits.rgaa.pages import a11y_facts
from ent_audit.audits.rules import Finding, msg, value
from ent_audit.audits.rules import facts as values_only


@own_check(criterion="10.11", name="reflow", needs=("reflow_overflow_px",))
def reflows_at_320px(page: dict[str, Any]) -> Finding | None:
    measured = a11y_facts(page)["reflow_overflow_px"]
    if measured is None:  # the probe could not measure it
        return None
    overflow = int(measured)
    return (
        Finding.fail(
            values_only(
                value(
                    msg("Horizontal overflow at 320 px wide"),
                    "px",
                    overflow,
                )
            ),
        )
        if overflow > 0
        else Finding.ok(
            note_of(msg("No horizontal overflow at 320 px wide")),
        )
    )
