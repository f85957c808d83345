"""RGESN-5.7: Linked documents in a suitable, compressed format."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.model import PageCapture
from ent_audit.audits.rules import SIZE, URL, Finding, RuleSettings, facts, msg, note, rule, table, value


@rule(
    ref="RGESN-5.7",
    pillar="durable",
    needs=("documents",),
    title=msg("Linked documents in a suitable, compressed format"),
    why=msg(
        "A heavy PDF or office document is downloaded whole; its weight must be judged against its "
        "content, which needs a human check."
    ),
    fix=msg("Compress PDFs (downsampled images); prefer an HTML page when possible."),
)
def linked_documents(page: PageCapture, settings: RuleSettings) -> Finding:
    documents = page.documents or []
    if not documents:
        return Finding.na(facts(note(msg("No linked document"))))

    def size(doc: dict[str, Any]) -> int:
        return int(doc.get("bytes") or 0)

    total = sum(size(d) for d in documents)
    ordered = sorted(documents, key=lambda d: -size(d))
    return Finding.manual(
        table(
            [URL, SIZE],
            ({"url": d.get("url") or "", "bytes": size(d)} for d in ordered),
            [
                value(msg("Linked documents"), "count", len(documents)),
                value(msg("Total size"), "bytes", total),
            ],
        )
    )
