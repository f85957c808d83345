"""DOCTRINE-mixed-content: No mixed content (http:// in an https:// page)."""

from __future__ import annotations

from ent_audit.audits.doctrine import (
    https_na,
)
from ent_audit.audits.rules import (
    PAGE,
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
    value,
)


@site_rule(
    ref="DOCTRINE-mixed-content",
    needs=("pages.facts.mixed_content",),
    pillar="responsable",
    title=msg("No mixed content (http:// in an https:// page)"),
    why=msg(
        "A resource loaded in clear text in a secure page can be altered on the way; the browser "
        "blocks it or warns the user."
    ),
    fix=msg("Serve every resource over https:// (or with relative paths)."),
)
def mixed_content(site: SiteView, settings: RuleSettings) -> Finding:
    plain = https_na(site)
    if plain:
        return plain
    found = [(page.url, item) for page in site.pages for item in page.facts.get("mixed_content") or []]
    if found:
        pages = len({url for url, _ in found})
        columns = [URL, Column("type", "code", msg("Type")), PAGE]
        return Finding.fail(
            table(
                columns,
                ({"url": item["url"], "type": item["type"], "page": url} for url, item in found),
                [
                    value(msg("http:// resources"), "count", len(found)),
                    value(msg("https pages concerned"), "count", pages),
                ],
            )
        )
    return Finding.ok(
        facts(
            note(msg("No http:// resource")),
            value(msg("Pages"), "count", len(site.pages)),
        )
    )
