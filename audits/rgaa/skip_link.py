"""RGAA-12.7: a skip link comes first."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.rgaa.checks import note_of, own_check
from ent_audit.audits.rgaa.pages import a11y_facts
from ent_audit.audits.rules import Finding, msg


@own_check(criterion="12.7", name="skip-link", needs=("skip_link",))
def skip_link_first(page: dict[str, Any]) -> Finding:
    return (
        Finding.ok(note_of(msg("Skip link first")))
        if a11y_facts(page).get("skip_link")
        else Finding.fail(note_of(msg("No skip link")))
    )
