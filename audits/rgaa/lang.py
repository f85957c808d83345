"""RGAA-8.3: the page's default language is given (``lang`` on ``<html>``)."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.rgaa.checks import note_of, own_check
from ent_audit.audits.rgaa.pages import a11y_facts
from ent_audit.audits.rules import Finding, msg, value
from ent_audit.audits.rules import facts as values_only


@own_check(criterion="8.3", name="lang", needs=("lang",))
def lang_declared(page: dict[str, Any]) -> Finding:
    lang = (a11y_facts(page).get("lang") or "").strip()
    return (
        Finding.ok(values_only(value(msg("Page language"), "code", f'lang="{lang}"')))
        if lang
        else Finding.fail(note_of(msg("No lang on <html>")))
    )
