"""Reading one page of ``results.json`` (or a store row) for accessibility: was it tested, its facts, its keys."""

from __future__ import annotations

from typing import Any


def tested(page: dict[str, Any]) -> bool:
    """True when the page was audited for accessibility (a failed page, or one with no axe data, was not)."""
    acc = page.get("accessibility") or {}
    if page.get("error") or not isinstance(acc, dict):
        return False
    return bool(acc.get("engine") or acc.get("facts") or acc.get("violations") or acc.get("needs_review"))


def axe_complete(page: dict[str, Any]) -> bool:
    """True when axe-core ran to its end on the page: its violations, even none, are the page's. A page whose axe
    timed out (``incomplete``) or did not run (``error``: the engine missing mid-run) was tested by our own checks
    only, and its empty violation list proves nothing."""
    acc = page.get("accessibility") or {}
    return isinstance(acc, dict) and bool(acc.get("engine")) and not acc.get("incomplete") and not page.get("error")


def a11y_facts(page: dict[str, Any]) -> dict[str, Any]:
    """The facts the accessibility probe read from the page's DOM (``accessibility.facts``), empty when none."""
    facts: dict[str, Any] = (page.get("accessibility") or {}).get("facts") or {}
    return facts


def page_key(page: dict[str, Any]) -> str:
    return page.get("url") or ""


def template_key(page: dict[str, Any]) -> str:
    template = page.get("template") or page.get("url") or ""
    return f"{page.get('profile') or ''} · {template}"
