"""DOCTRINE-sso: Single sign-on (CAS, SAML, OpenID Connect)."""

from __future__ import annotations

from urllib.parse import urlsplit

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


@site_rule(
    ref="DOCTRINE-sso",
    pillar="responsable",
    needs=("facts.login",),
    title=msg("Single sign-on (CAS, SAML, OpenID Connect)"),
    why=msg(
        "The interoperability framework asks for identity federation (ÉduConnect, staff portal) "
        "rather than local accounts."
    ),
    fix=msg("Connect the ENT to ÉduConnect and the staff portal (SAML) or a federated CAS."),
)
def single_sign_on(site: SiteView, settings: RuleSettings) -> Finding:
    logins = site.facts.get("login") or {}
    observed = {
        name: login for name, login in logins.items() if login.get("strategy") not in ("none", "storage_state", "basic")
    }
    seen = {protocol: url for login in observed.values() for protocol, url in (login.get("sso") or {}).items()}
    for page in site.pages:  # an SSO redirect seen during the crawl counts too
        for record in page.requests:
            if record.is_redirect and "/cas/" in urlsplit(record.url).path:
                seen.setdefault("CAS", record.url.split("?")[0])
    if seen:
        return Finding.ok(
            table(
                [Column("protocol", "code", msg("Protocol")), URL],
                ({"protocol": protocol, "url": url} for protocol, url in sorted(seen.items())),
            )
        )
    if not observed:
        return Finding.na(facts(note(msg("No scripted login observed (no login, basic or saved session)"))))
    return Finding.manual(facts(note(msg("No CAS, SAML or OpenID Connect exchange seen at login: local accounts?"))))
