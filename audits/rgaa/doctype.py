"""RGAA-8.1: the page declares a doctype."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.rgaa.checks import note_of, own_check
from ent_audit.audits.rgaa.pages import a11y_facts
from ent_audit.audits.rules import Finding, msg, value
from ent_audit.audits.rules import facts as values_only


@own_check(criterion="8.1", name="doctype", needs=("doctype",))
def doctype_declared(page: dict[str, Any]) -> Finding:
    doctype = (a11y_facts(page).get("doctype") or "").strip()
    return (
        Finding.ok(values_only(value(msg("Doctype"), "code", f"<!DOCTYPE {doctype}>")))
        if doctype
        else Finding.fail(note_of(msg("No doctype")))
    )
