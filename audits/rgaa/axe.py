"""axe-core results read as RGAA 4.1 and WCAG: axe's own tags (``RGAA-1.1.1``, ``wcag143``) parsed, axe's rule →
criteria table for results that carry no RGAA tag, and the ``rgaa``/``wcag`` lists added to each stored result."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ent_audit.audits.rgaa.criteria import BY_ID

# axe-core rule → RGAA criteria, from axe's own RGAA tags (domain.md §3.1, axe-core 4.11). Used when a result carries
# no RGAA tag (an older axe) and to know which criteria a completed axe run covered.
AXE_RULES: dict[str, tuple[str, ...]] = {
    "image-alt": ("1.1",),
    "role-img-alt": ("1.1",),
    "area-alt": ("1.1",),
    "input-image-alt": ("1.1",),
    "server-side-image-map": ("1.1",),
    "svg-img-alt": ("1.1",),
    "object-alt": ("1.1",),
    "frame-title": ("2.1",),
    "frame-title-unique": ("2.2",),
    "color-contrast": ("3.2",),
    "video-caption": ("4.3",),
    "no-autoplay-audio": ("4.10",),
    "table-duplicate-name": ("5.2",),
    "table-fake-caption": ("5.4",),
    "th-has-data-cells": ("5.7",),
    "td-headers-attr": ("5.7",),
    "td-has-header": ("5.7",),
    "label-content-name-mismatch": ("6.1",),
    "link-name": ("6.2",),
    **{
        rule: ("7.1",)
        for rule in (
            "aria-allowed-attr",
            "aria-conditional-attr",
            "aria-deprecated-role",
            "aria-prohibited-attr",
            "aria-required-attr",
            "aria-roles",
            "aria-tab-name",
            "aria-toggle-field-name",
            "aria-valid-attr",
            "aria-valid-attr-value",
            "nested-interactive",
        )
    },
    "frame-focusable-content": ("7.3",),
    "scrollable-region-focusable": ("7.3",),
    "duplicate-id-aria": ("8.2",),
    "html-has-lang": ("8.3",),
    "html-xml-lang-mismatch": ("8.3",),
    "html-lang-valid": ("8.4",),
    "document-title": ("8.5",),
    "valid-lang": ("8.8",),
    "p-as-heading": ("9.1",),
    "region": ("9.2",),
    "list": ("9.3",),
    "listitem": ("9.3",),
    "aria-required-children": ("9.3",),
    "aria-required-parent": ("9.3",),
    "definition-list": ("9.3",),
    "dlitem": ("9.3",),
    "meta-viewport": ("10.4",),
    "link-in-text-block": ("10.6",),
    "aria-hidden-body": ("10.8",),
    "aria-hidden-focus": ("10.8",),
    **{
        rule: ("11.1",)
        for rule in ("label", "select-name", "aria-input-field-name", "aria-meter-name", "aria-progressbar-name")
    },
    "form-field-multiple-labels": ("11.2",),
    "button-name": ("11.9",),
    "input-button-name": ("11.9",),
    "aria-command-name": ("11.9",),
    "autocomplete-valid": ("11.13",),
    "bypass": ("12.7",),
    "skip-link": ("12.7",),
    "focus-order-semantics": ("12.8",),
    "meta-refresh": ("13.1",),
    "blink": ("13.8",),
    "marquee": ("13.8",),
    "css-orientation-lock": ("13.9",),
}
# Experimental in axe: they run only when enabled, so a completed run does not prove they were checked.
AXE_EXPERIMENTAL = frozenset(
    {
        "table-fake-caption",
        "td-has-header",
        "label-content-name-mismatch",
        "p-as-heading",
        "focus-order-semantics",
        "css-orientation-lock",
    }
)

_RGAA_TAG = re.compile(r"^RGAA-(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?$")
_WCAG_TAG = re.compile(r"^wcag(\d)(\d)(\d{1,2})$")


def _sort_key(ref: str) -> tuple[int, ...]:
    return tuple(int(part) for part in ref.split("."))


def tests_of_tags(tags: Iterable[str] | None) -> list[str]:
    """``["RGAA-1.1.1", "RGAAv4", "wcag111"]`` → ``["1.1.1"]`` (RGAA tests, sorted, unique)."""
    found = set()
    for tag in tags or ():
        match = _RGAA_TAG.match(str(tag))
        if match and match.group(3):
            found.add(".".join(match.groups()))
    return sorted(found, key=_sort_key)


def criteria_of_tags(tags: Iterable[str] | None) -> list[str]:
    """``["RGAA-1.1.1", "RGAA-11.9.1"]`` → ``["1.1", "11.9"]``: the RGAA criteria (sorted, unique, known ones only)."""
    found = set()
    for tag in tags or ():
        match = _RGAA_TAG.match(str(tag))
        if match:
            ref = f"{int(match.group(1))}.{int(match.group(2))}"
            if ref in BY_ID:
                found.add(ref)
    return sorted(found, key=_sort_key)


def wcag_of_tags(tags: Iterable[str] | None) -> list[str]:
    """``["wcag2aa", "wcag143", "wcag1410"]`` → ``["1.4.3", "1.4.10"]``; level tags (wcag2a, wcag21aa…) are left out."""
    found = set()
    for tag in tags or ():
        match = _WCAG_TAG.match(str(tag))
        if match:
            found.add(f"{match.group(1)}.{match.group(2)}.{int(match.group(3))}")
    return sorted(found, key=_sort_key)


def criterion_of_ref(ref: str) -> str | None:
    """``"1.1.1"``, ``"1.1"`` or ``"RGAA-1.1"`` → ``"1.1"``; None when it names no RGAA 4.1 criterion."""
    parts = str(ref).removeprefix("RGAA-").split(".")
    if len(parts) < 2 or not all(p.isdigit() for p in parts[:2]):
        return None
    cid = f"{int(parts[0])}.{int(parts[1])}"
    return cid if cid in BY_ID else None


def violation_criteria(violation: dict[str, Any]) -> list[str]:
    """RGAA criteria of one axe result: its ``rgaa`` list, else its RGAA tags, else axe's table by rule id."""
    refs = [c for c in (criterion_of_ref(r) for r in violation.get("rgaa") or []) if c]
    if not refs:
        refs = criteria_of_tags(violation.get("tags"))
    if not refs:
        refs = list(AXE_RULES.get(violation.get("rule") or "", ()))
    return sorted(set(refs), key=lambda r: tuple(int(p) for p in r.split(".")))


def violation_wcag(violation: dict[str, Any]) -> list[str]:
    return list(violation.get("wcag") or wcag_of_tags(violation.get("tags")))


def node_count(violation: dict[str, Any]) -> int:
    nodes = violation.get("nodes")
    if isinstance(nodes, list):
        return len(nodes)
    return int(nodes or 0)


def enrich_results(results: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """axe results with ``rgaa`` (criteria) and ``wcag`` lists computed from their tags (others kept as they are)."""
    out = []
    for result in results or []:
        item = dict(result)
        item["rule"] = item.get("rule") or "?"
        item.setdefault("impact", None)
        item["rgaa"] = violation_criteria(result)
        item["rgaa_tests"] = tests_of_tags(result.get("tags") or [])
        item["wcag"] = violation_wcag(result)
        item["nodes"] = node_count(result)
        item["targets"] = [str(t) for t in item.get("targets") or []]
        out.append(item)
    return out
