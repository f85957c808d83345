"""RGAA-13.3: linked office and PDF documents, listed for review (their accessibility is checked by hand)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ent_audit.audits.rgaa.checks import EVIDENCE_ITEMS, note_of, own_check
from ent_audit.audits.rules import URL, Finding, msg, table, value

OFFICE_MIMES = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/rtf",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
)
OFFICE_EXTENSIONS = frozenset({"pdf", "doc", "docx", "rtf", "odt", "ods", "odp", "xls", "xlsx", "ppt", "pptx"})


def is_office(doc: dict[str, Any]) -> bool:
    mime = (doc.get("mime") or "").split(";")[0].strip().lower()
    if mime in OFFICE_MIMES:
        return True
    name = urlsplit(doc.get("url") or "").path.rsplit("/", 1)[-1].lower()
    return "." in name and name.rpartition(".")[2] in OFFICE_EXTENSIONS


@own_check(criterion="13.3", name="documents")
def linked_documents(page: dict[str, Any]) -> Finding:
    documents = [d for d in page.get("documents") or [] if is_office(d)]
    return (
        Finding.manual(
            table(
                [URL],
                ({"url": d.get("url") or ""} for d in documents[:EVIDENCE_ITEMS]),
                [
                    value(
                        msg("Linked office or PDF documents"),
                        "count",
                        len(documents),
                    )
                ],
            ),
        )
        if documents
        else Finding.na(note_of(msg("No linked office or PDF document")))
    )
