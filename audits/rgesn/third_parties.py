"""RGESN-4.4: Third-party services loaded only on demand."""

from __future__ import annotations

from ent_audit.audits.model import PageCapture
from ent_audit.audits.resources import (
    host_of,
)
from ent_audit.audits.rules import SIZE, Column, Finding, RuleSettings, facts, msg, note, rule, table


@rule(
    ref="RGESN-4.4",
    pillar="durable",
    needs=("requests",),
    title=msg("Third-party services loaded only on demand"),
    why=msg(
        "A third-party service loaded by default costs bytes and requests, and users should decide "
        "whether to enable it."
    ),
    fix=msg("Self-host libraries, or load the third-party service after a user action (facade, consent)."),
)
def third_parties(page: PageCapture, settings: RuleSettings) -> Finding:
    """RGESN 2024 4.4's test: "validé si l'activation des services tiers intégrés au service numérique est
    conditionnée au consentement clair et explicite de l'utilisateur […] avec également une information spécifique
    sur le possible coût environnemental". A third party loaded without any action fails it; a load without one
    proves neither the consent nor the information (nor whether the service has third parties at all, which makes
    it not applicable): left to a person."""
    third = [r for r in page.received if r.third_party]
    if not third:
        return Finding.manual(
            facts(
                note(msg("No third-party request during the load")),
                note(msg("Consent and information on the environmental cost of third-party services not checked")),
            )
        )
    hosts: dict[str, list[int]] = {}
    for r in third:
        entry = hosts.setdefault(host_of(r.url), [0, 0])
        entry[0] += 1
        entry[1] += r.transfer_bytes
    columns = [
        Column("host", "code", msg("Host")),
        Column("requests", "count", msg("Requests")),
        SIZE,
    ]
    listed = ({"host": h, "requests": n, "bytes": b} for h, (n, b) in sorted(hosts.items(), key=lambda kv: -kv[1][1]))
    return Finding.fail(table(columns, listed), saving_bytes=sum(r.transfer_bytes for r in third))
