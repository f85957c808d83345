"""DOCTRINE-headers: Security headers."""

from __future__ import annotations

from collections import Counter

from ent_audit.audits.doctrine import (
    NO_HTML_PAGE,
    html_documents,
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
    value,
)
from ent_audit.audits.security import (
    missing_security_headers,
)


@site_rule(
    ref="DOCTRINE-headers",
    pillar="responsable",
    title={"fr": "En-têtes de sécurité", "en": "Security headers"},
    why={
        "fr": "CSP, X-Content-Type-Options, frame-ancestors, Referrer-Policy et Permissions-Policy limitent "
        "injections, détournement de clics et fuites d'adresses vers des tiers.",
        "en": "CSP, X-Content-Type-Options, frame-ancestors, Referrer-Policy and Permissions-Policy limit "
        "injections, clickjacking and address leaks to third parties.",
    },
    fix={
        "fr": "Ajouter ces en-têtes aux réponses HTML (serveur ou mandataire inverse).",
        "en": "Add these headers to HTML responses (server or reverse proxy).",
    },
)
def security_headers(site: SiteView, settings: RuleSettings) -> Finding:
    documents = html_documents(site)
    if not documents:
        return Finding.na(facts(note(NO_HTML_PAGE)))
    missing = Counter(name for d in documents for name in missing_security_headers(d.headers))
    pages = value(msg("Pages HTML", "HTML pages"), "count", len(documents))
    if missing:
        columns = [
            Column("header", "code", msg("En-tête", "Header")),
            Column("pages", "count", msg("Pages où il manque", "Pages missing it")),
        ]
        return Finding.fail(
            table(columns, ({"header": name, "pages": count} for name, count in sorted(missing.items())), [pages])
        )
    return Finding.ok(
        facts(note(msg("Les cinq protections sur chaque page", "All five protections on every page")), pages)
    )
