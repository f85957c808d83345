"""DOCTRINE-hsts: HSTS: the browser sticks to HTTPS."""

from __future__ import annotations

from ent_audit.audits.doctrine import (
    NO_HTML_PAGE,
    html_documents,
    https_na,
)
from ent_audit.audits.rules import (
    PAGE,
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
    HSTS_MIN_AGE,
    hsts,
)


@site_rule(
    ref="DOCTRINE-hsts",
    pillar="responsable",
    title=msg("HSTS: the browser sticks to HTTPS"),
    why=msg("Without Strict-Transport-Security a first visit over http:// can be intercepted."),
    fix=msg("Send Strict-Transport-Security: max-age=31536000; includeSubDomains."),
)
def strict_transport(site: SiteView, settings: RuleSettings) -> Finding:
    plain = https_na(site)
    if plain:
        return plain
    documents = html_documents(site)
    if not documents:
        return Finding.na(facts(note(NO_HTML_PAGE)))
    weak = []
    for document in documents:
        policy = hsts(document.headers.get("strict-transport-security", ""))
        if policy is None or policy["max_age"] < HSTS_MIN_AGE:
            weak.append({"page": document.url, "max_age": None if policy is None else policy["max_age"]})
    minimum = value(
        msg("Minimum max-age (six months, in seconds)"),
        "count",
        HSTS_MIN_AGE,
    )
    pages = value(msg("HTML pages"), "count", len(documents))
    if weak:
        return Finding.fail(
            table(
                [PAGE, Column("max_age", "count", msg("max-age (seconds)"))],
                weak,
                [
                    value(msg("Pages without a long enough HSTS"), "count", len(weak)),
                    pages,
                    minimum,
                ],
            )
        )
    return Finding.ok(facts(value(msg("Pages sending HSTS"), "count", len(documents)), minimum))
