"""RGESN-4.1: No autoplaying media."""

from __future__ import annotations

from ent_audit.audits.model import PageCapture
from ent_audit.audits.rules import Column, Finding, RuleSettings, facts, msg, note, rule, table, value


@rule(
    ref="RGESN-4.1",
    pillar="durable",
    needs=("accessibility.facts.media",),
    title=msg("No autoplaying media"),
    why=msg("Video or sound started unasked consumes network and energy for nothing."),
    fix=msg("Remove the autoplay attribute; let the user start playback."),
)
def no_autoplay(page: PageCapture, settings: RuleSettings) -> Finding:
    """RGESN 2024 4.1's test validates a service with no autoplay by default *and* few uncontrollable animations,
    those over 4 s (2 s for sound) pausable. The crawl sees the media elements, not the animations: an autoplaying
    medium fails the criterion; otherwise it is left to a person ("manual"), never validated and never "not
    applicable" (the criterion applies to every service)."""
    probe = (page.accessibility or {}).get("facts") or {}
    media = probe.get("media") or []
    animations = note(msg("Animations, blinking and automatic scrolling not checked"))
    if not media:
        return Finding.manual(
            facts(note(msg("No audio or video") if "media" in probe else msg("Media not recorded")), animations)
        )
    playing = [m for m in media if m.get("autoplay")]
    counted = [
        value(msg("Media autoplaying"), "count", len(playing)),
        value(msg("Media"), "count", len(media)),
    ]
    if playing:
        columns = [Column("tag", "code", msg("Element")), Column("src", "url", msg("Source"))]
        return Finding.fail(
            table(
                columns, ({"tag": f"<{m.get('tag') or 'media'}>", "src": m.get("src") or ""} for m in playing), counted
            )
        )
    return Finding.manual(facts(*counted, animations))
