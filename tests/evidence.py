"""Reading a finding's structured evidence in tests: summary values by English label, a column of the items, and
the plain lines the machine outputs draw."""

from __future__ import annotations

from typing import Any

from ent_audit.reports.evidence import evidence_lines


def _evidence(finding: dict) -> dict:
    return finding["evidence"] if "evidence" in finding else finding


def values(finding: dict) -> dict[str, Any]:
    """Summary values by English label (a note, a label without value, maps to None)."""
    return {s["label"]["en"]: s.get("value") for s in _evidence(finding).get("summary") or []}


def notes(finding: dict) -> list[str]:
    """The English labels of the summary lines that carry no value."""
    return [s["label"]["en"] for s in _evidence(finding).get("summary") or [] if "value" not in s]


def column(finding: dict, key: str) -> list[Any]:
    return [item.get(key) for item in _evidence(finding)["items"]]


def text(finding: dict) -> str:
    """The evidence as the English machine outputs draw it, one line per summary value and item."""
    return "\n".join(evidence_lines(_evidence(finding), "en"))
