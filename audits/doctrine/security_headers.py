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
    title=msg("Security headers"),
    why=msg(
        "CSP, X-Content-Type-Options, frame-ancestors, Referrer-Policy and Permissions-Policy limit "
        "injections, clickjacking and address leaks to third parties."
    ),
    fix=msg("Add these headers to HTML responses (server or reverse proxy)."),
)
def security_headers(site: SiteView, settings: RuleSettings) -> Finding:
    documents = html_documents(site)
    if not documents:
        return Finding.na(facts(note(NO_HTML_PAGE)))
    missing = Counter(name for d in documents for name in missing_security_headers(d.headers))
    pages = value(msg("HTML pages"), "count", len(documents))
    if missing:
        columns = [
            Column("header", "code", msg("Header")),
            Column("pages", "count", msg("Pages missing it")),
        ]
        return Finding.fail(
            table(columns, ({"header": name, "pages": count} for name, count in sorted(missing.items())), [pages])
        )
    return Finding.ok(facts(note(msg("All five protections on every page")), pages))
