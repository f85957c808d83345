"""A finding's structured evidence drawn for people, in the report's language, without knowing the rule.

Evidence is what ``audits/rules.py`` defines: ``headings`` (key, label, value type), ``items`` (rows), optional
``summary`` values and ``more`` (rows left out). Each value is drawn by its type (a URL shortened, bytes in kB/MB,
a count with the language's separators…); labels are ``{"fr", "en"}`` messages picked by language.
"""

from __future__ import annotations

from typing import Any

from ent_audit.reports.catalogue import NBSP
from ent_audit.reports.formatting import (
    catalogue_strings,
    format_bytes,
    format_datetime,
    format_number,
    short_url,
)


def localised(texts: Any, lang: str) -> str:
    """``{"fr": …, "en": …}`` → the text in ``lang`` (French when missing); anything else as text."""
    if isinstance(texts, dict):
        return str(texts.get(lang) or texts.get("fr") or "")
    return "" if texts is None else str(texts)


def draw_value(value: Any, type_: str, lang: str, home: str = "", short: bool = True) -> str:
    """One value of the evidence as text; ``short``: URLs shortened for a page (full ones in machine outputs)."""
    strings = catalogue_strings(lang)
    if value is None or value == "":
        return str(strings["value_none"])
    if isinstance(value, dict):
        return localised(value, lang)
    if type_ == "url":
        return short_url(str(value), home) if short else str(value)
    if type_ == "bytes":
        return format_bytes(value, lang)
    if type_ == "ms":
        return f"{format_number(value / 1000, lang, 1)}{NBSP}s"
    if type_ == "count":
        return format_number(value, lang)
    if type_ == "number":
        return format_number(value, lang, 1)
    if type_ == "percent":
        return f"{format_number(round(100 * value), lang)}{NBSP}%"
    if type_ == "px":
        return f"{format_number(value, lang)}{NBSP}px"
    if type_ == "bool":
        return str(strings["value_yes"] if value else strings["value_no"])
    if type_ == "datetime":
        return format_datetime(str(value), lang)
    return str(value)


def _summary_line(entry: dict[str, Any], lang: str, home: str, short: bool) -> str:
    label = localised(entry.get("label"), lang)
    if "value" not in entry:
        return label
    colon = catalogue_strings(lang)["colon"]
    return f"{label}{colon} {draw_value(entry['value'], entry.get('type', 'text'), lang, home, short)}"


def as_evidence(evidence: Any) -> dict[str, Any]:
    """The evidence of a finding as a mapping (an absent one is empty)."""
    return evidence if isinstance(evidence, dict) else {}


def evidence_view(evidence: Any, lang: str, home: str = "", limit: int | None = None) -> dict[str, Any]:
    """What the HTML report shows: summary lines, the table's headings and rows (each cell ``{text, code}``), and
    how many rows were left out (here, or by the judge)."""
    evidence = as_evidence(evidence)
    headings = [h for h in evidence.get("headings") or [] if isinstance(h, dict)]
    items = list(evidence.get("items") or [])
    shown = items if limit is None else items[:limit]
    rows = [
        [
            {
                "text": draw_value(item.get(h["key"]), h.get("type", "text"), lang, home),
                "code": h.get("type") == "code" and item.get(h["key"]) not in (None, ""),
            }
            for h in headings
        ]
        for item in shown
    ]
    return {
        "summary": [_summary_line(s, lang, home, True) for s in evidence.get("summary") or []],
        "headings": [localised(h.get("label"), lang) for h in headings],
        "rows": rows,
        "more": len(items) - len(shown) + int(evidence.get("more") or 0),
    }


def evidence_lines(evidence: Any, lang: str = "en") -> list[str]:
    """The evidence as plain lines for the machine outputs (JUnit, Code Quality, CSV): the summary lines, then one
    line per row, ``label: value`` joined with "; "; full URLs."""
    evidence = as_evidence(evidence)
    headings = [h for h in evidence.get("headings") or [] if isinstance(h, dict)]
    colon = catalogue_strings(lang)["colon"]
    lines = [_summary_line(s, lang, "", False) for s in evidence.get("summary") or []]
    for item in evidence.get("items") or []:
        lines.append(
            "; ".join(
                f"{localised(h.get('label'), lang)}{colon} "
                f"{draw_value(item.get(h['key']), h.get('type', 'text'), lang, '', False)}"
                for h in headings
            )
        )
    if evidence.get("more"):
        lines.append(f"+{evidence['more']}")
    return lines
