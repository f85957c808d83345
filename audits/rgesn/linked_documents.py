"""RGESN-5.7: Linked documents in a suitable, compressed format."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.model import PageCapture
from ent_audit.audits.rules import SIZE, URL, Finding, RuleSettings, facts, msg, note, rule, table, value


@rule(
    ref="RGESN-5.7",
    pillar="durable",
    needs=("documents",),
    title={
        "fr": "Documents liés dans un format adapté et compressés",
        "en": "Linked documents in a suitable, compressed format",
    },
    why={
        "fr": "Un PDF ou un document bureautique lourd est téléchargé en entier ; son poids se juge au regard "
        "de son contenu, ce qui demande une vérification humaine.",
        "en": "A heavy PDF or office document is downloaded whole; its weight must be judged against its "
        "content, which needs a human check.",
    },
    fix={
        "fr": "Compresser les PDF (images rééchantillonnées), préférer une page HTML quand c'est possible.",
        "en": "Compress PDFs (downsampled images); prefer an HTML page when possible.",
    },
)
def linked_documents(page: PageCapture, settings: RuleSettings) -> Finding:
    documents = page.documents or []
    if not documents:
        return Finding.na(facts(note(msg("Aucun document lié", "No linked document"))))

    def size(doc: dict[str, Any]) -> int:
        return int(doc.get("bytes") or 0)

    total = sum(size(d) for d in documents)
    ordered = sorted(documents, key=lambda d: -size(d))
    return Finding.manual(
        table(
            [URL, SIZE],
            ({"url": d.get("url") or "", "bytes": size(d)} for d in ordered),
            [
                value(msg("Documents liés", "Linked documents"), "count", len(documents)),
                value(msg("Poids total", "Total size"), "bytes", total),
            ],
        )
    )
