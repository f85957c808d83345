"""RGAA-4.10: no sound plays automatically (audio or video autoplaying unmuted)."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.rgaa.checks import note_of, own_check
from ent_audit.audits.rgaa.pages import a11y_facts
from ent_audit.audits.rules import Finding, msg, value
from ent_audit.audits.rules import facts as values_only


@own_check(criterion="4.10", name="autoplay", needs=("media",))
def no_loud_autoplay(page: dict[str, Any]) -> Finding:
    media = a11y_facts(page).get("media") or []
    loud = [m for m in media if m.get("autoplay") and not m.get("muted")]
    if loud:
        kinds = "/".join(sorted({m.get("tag") or "media" for m in loud}))
        return Finding.fail(
            values_only(
                value(
                    msg("Media autoplaying with sound"),
                    "count",
                    len(loud),
                ),
                value(msg("Elements"), "code", kinds),
            ),
        )
    quiet = msg("Media, none autoplaying with sound")
    return (
        Finding.ok(values_only(value(quiet, "count", len(media))))
        if media
        else Finding.na(note_of(msg("No audio or video")))
    )
