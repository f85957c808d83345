"""RGESN-2.3: Usable on a slow line (512 kbit/s)."""

from __future__ import annotations

from ent_audit.audits.model import PageCapture
from ent_audit.audits.rules import Finding, RuleSettings, facts, msg, note, rule, value


@rule(
    ref="RGESN-2.3",
    pillar="durable",
    needs=("facts.low_bandwidth",),
    title=msg("Usable on a slow line (512 kbit/s)"),
    why=msg(
        "Some families still connect over slow ADSL or 3G; RGESN asks for a service usable at 512 kbit/s. "
        "A sample of pages is reloaded with the browser's throttling."
    ),
    fix=msg("Lighten the page (weight, blocking requests) until it loads in a few seconds."),
)
def low_bandwidth(page: PageCapture, settings: RuleSettings) -> Finding:
    slow = page.facts.get("low_bandwidth")
    if not slow:
        return Finding.na(facts(note(msg("Not in the sample reloaded at 512 kbit/s"))))
    if slow.get("skipped"):
        return Finding.manual(facts(value(msg("Throttled load not judged"), "code", str(slow["skipped"]))))
    seconds = slow.get("load_ms", 0) / 1000
    bandwidth = value(msg("Bandwidth (kbit/s)"), "count", slow.get("kbit_s", 512))
    if slow.get("timed_out"):
        return Finding.fail(
            facts(
                value(
                    msg("Not loaded within"),
                    "ms",
                    round(float(slow.get("timeout_s", 0)) * 1000),
                ),
                bandwidth,
            )
        )
    summary = facts(
        value(msg("Load event after"), "ms", int(slow.get("load_ms", 0))),
        bandwidth,
        value(msg("Bytes transferred"), "bytes", int(slow.get("transfer_bytes") or 0)),
        value(msg("Bound"), "ms", round(settings.low_bandwidth_max_s * 1000)),
    )
    if seconds > settings.low_bandwidth_max_s:
        return Finding.fail(summary)
    return Finding.ok(summary)
