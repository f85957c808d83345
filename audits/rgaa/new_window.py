"""RGAA-13.2: a link that opens a new window says so.

Opening a new window from a click is a user action; RGAA still wants it announced. Intent matters: review.
"""

from __future__ import annotations

from typing import Any

from ent_audit.audits.rgaa.checks import EVIDENCE_ITEMS, note_of, own_check
from ent_audit.audits.rgaa.pages import a11y_facts
from ent_audit.audits.rules import URL, Column, Finding, msg, table, value


@own_check(criterion="13.2", name="new-window", needs=("new_window_links",))
def new_windows_announced(page: dict[str, Any]) -> Finding:
    links = a11y_facts(page).get("new_window_links") or []
    return (
        Finding.manual(
            table(
                [Column("text", "text", msg("Link text")), URL],
                (
                    {"text": (link.get("text") or "").strip(), "url": link.get("href") or ""}
                    for link in links[:EVIDENCE_ITEMS]
                ),
                [
                    value(
                        msg("target=_blank links without warning"),
                        "count",
                        len(links),
                    )
                ],
            ),
        )
        if links
        else Finding.ok(
            note_of(msg("No unannounced new-window link")),
        )
    )
