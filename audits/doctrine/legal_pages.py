"""DOCTRINE-legal: Legal pages present."""

from __future__ import annotations

from ent_audit.audits.doctrine import (
    LEGAL_NAMES,
)
from ent_audit.audits.rules import (
    URL,
    Column,
    Finding,
    RuleSettings,
    SiteView,
    facts,
    msg,
    note,
    site_rule,
    table,
)
from ent_audit.audits.security import (
    LEGAL_KINDS,
)


@site_rule(
    ref="DOCTRINE-legal",
    needs=("pages.facts.legal",),
    pillar="responsable",
    title=msg("Legal pages present"),
    why=msg(
        "Legal notice, personal data policy and accessibility statement are mandatory; the "
        "eco-design statement is expected by RGESN."
    ),
    fix=msg("Publish the missing pages and link them from every screen's footer."),
)
def legal_pages(site: SiteView, settings: RuleSettings) -> Finding:
    if not site.loaded:
        return Finding.na(facts(note(msg("No page loaded"))))
    found: dict[str, str] = {}
    for page in site.loaded:
        for kind, url in (page.facts.get("legal") or {}).items():
            found.setdefault(kind, url)
    columns = [
        Column("page", "text", msg("Legal page")),
        Column("found", "bool", msg("Link found")),
        URL,
    ]
    rows = table(columns, ({"page": LEGAL_NAMES[k], "found": k in found, "url": found.get(k, "")} for k in LEGAL_KINDS))
    return Finding.fail(rows) if any(k not in found for k in LEGAL_KINDS) else Finding.ok(rows)
