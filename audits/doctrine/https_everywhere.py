"""DOCTRINE-https: HTTPS everywhere, HTTP redirected to HTTPS."""

from __future__ import annotations

from ent_audit.audits.rules import (
    URL,
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


@site_rule(
    ref="DOCTRINE-https",
    pillar="responsable",
    needs=("facts.plain_http",),
    title=msg("HTTPS everywhere, HTTP redirected to HTTPS"),
    why=msg("Pupils' credentials, grades and messages must never travel in clear text."),
    fix=msg("Serve the site over HTTPS only and redirect (301) every http:// address to https://."),
)
def https_everywhere(site: SiteView, settings: RuleSettings) -> Finding:
    if not site.https:
        return Finding.fail(
            table(
                [URL],
                ({"url": u} for u in site.start_urls),
                [note(msg("The site is served over plain HTTP"))],
            )
        )
    probe = site.facts.get("plain_http") or {}
    if not probe.get("url"):
        return Finding.manual(facts(note(msg("Plain HTTP was not tried"))))
    tried = value(msg("Address tried over HTTP"), "url", probe["url"])
    if probe.get("error"):
        return Finding.ok(
            facts(
                note(msg("No plain-HTTP service")),
                tried,
                value(msg("Error"), "code", str(probe["error"])),
            )
        )
    status, location = probe.get("status", 0), probe.get("location", "")
    answer = [tried, value(msg("HTTP status"), "code", str(status))]
    if location:
        answer.append(value(msg("Redirected to"), "url", location))
    if status in (301, 302, 307, 308) and location.startswith("https:"):
        return Finding.ok(facts(*answer))
    return Finding.fail(facts(note(msg("Answer without a redirection to HTTPS")), *answer))
