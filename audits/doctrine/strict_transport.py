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
    title={"fr": "HSTS : le navigateur n'utilise plus que HTTPS", "en": "HSTS: the browser sticks to HTTPS"},
    why={
        "fr": "Sans Strict-Transport-Security, une première visite en http:// reste interceptable.",
        "en": "Without Strict-Transport-Security a first visit over http:// can be intercepted.",
    },
    fix={
        "fr": "Envoyer Strict-Transport-Security: max-age=31536000; includeSubDomains.",
        "en": "Send Strict-Transport-Security: max-age=31536000; includeSubDomains.",
    },
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
        msg("max-age minimal (six mois, en secondes)", "Minimum max-age (six months, in seconds)"),
        "count",
        HSTS_MIN_AGE,
    )
    pages = value(msg("Pages HTML", "HTML pages"), "count", len(documents))
    if weak:
        return Finding.fail(
            table(
                [PAGE, Column("max_age", "count", msg("max-age (secondes)", "max-age (seconds)"))],
                weak,
                [
                    value(msg("Pages sans HSTS suffisant", "Pages without a long enough HSTS"), "count", len(weak)),
                    pages,
                    minimum,
                ],
            )
        )
    return Finding.ok(facts(value(msg("Pages envoyant HSTS", "Pages sending HSTS"), "count", len(documents)), minimum))
