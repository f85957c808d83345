"""DOCTRINE-tls: Recent TLS version (1.2 or 1.3)."""

from __future__ import annotations

from ent_audit.audits.doctrine import (
    MODERN_TLS,
    https_na,
)
from ent_audit.audits.rules import (
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


@site_rule(
    ref="DOCTRINE-tls",
    needs=("pages.facts.tls",),
    pillar="responsable",
    title=msg("Recent TLS version (1.2 or 1.3)"),
    why=msg("TLS 1.0 and 1.1 are obsolete and ruled out by ANSSI."),
    fix=msg("Accept only TLS 1.2 and 1.3."),
)
def tls_version(site: SiteView, settings: RuleSettings) -> Finding:
    plain = https_na(site)
    if plain:
        return plain
    seen: dict[str, str] = {}
    for page in site.pages:
        for origin, protocol in (page.facts.get("tls") or {}).items():
            seen.setdefault(origin, protocol)
    if not seen:
        return Finding.na(facts(note(msg("No TLS connection recorded"))))
    old = {o: p for o, p in seen.items() if p not in MODERN_TLS}
    listed = table(
        [Column("origin", "url", msg("Origin")), Column("protocol", "code", msg("Protocol"))],
        ({"origin": origin, "protocol": protocol} for origin, protocol in sorted(seen.items())),
    )
    return Finding.fail(listed) if old else Finding.ok(listed)
