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
    title={"fr": "Pages légales présentes", "en": "Legal pages present"},
    why={
        "fr": "Mentions légales, politique de données personnelles et déclaration d'accessibilité sont "
        "obligatoires ; la déclaration d'écoconception est attendue par le RGESN.",
        "en": "Legal notice, personal data policy and accessibility statement are mandatory; the "
        "eco-design statement is expected by RGESN.",
    },
    fix={
        "fr": "Publier les pages manquantes et les lier depuis le pied de page de chaque écran.",
        "en": "Publish the missing pages and link them from every screen's footer.",
    },
)
def legal_pages(site: SiteView, settings: RuleSettings) -> Finding:
    if not site.loaded:
        return Finding.na(facts(note(msg("Aucune page chargée", "No page loaded"))))
    found: dict[str, str] = {}
    for page in site.loaded:
        for kind, url in (page.facts.get("legal") or {}).items():
            found.setdefault(kind, url)
    columns = [
        Column("page", "text", msg("Page légale", "Legal page")),
        Column("found", "bool", msg("Lien trouvé", "Link found")),
        URL,
    ]
    rows = table(columns, ({"page": LEGAL_NAMES[k], "found": k in found, "url": found.get(k, "")} for k in LEGAL_KINDS))
    return Finding.fail(rows) if any(k not in found for k in LEGAL_KINDS) else Finding.ok(rows)
