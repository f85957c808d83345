"""Whether the home page shows the accessibility statement (its compliance level), for the report's RGAA section."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.rgaa.pages import a11y_facts, tested


def _home(pages: list[dict[str, Any]]) -> dict[str, Any] | None:
    candidates = [p for p in pages if tested(p)]
    if not candidates:
        return None
    return min(enumerate(candidates), key=lambda ip: (ip[1].get("depth") or 0, ip[0]))[1]


def statement_view(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """Whether the home page (the first page of least depth that was tested) shows the accessibility statement."""
    home = _home(pages)
    if home is None:
        return {"page": None, "known": False, "shown": False, "value": ""}
    facts = a11y_facts(home)
    value = " ".join(str(facts.get("statement") or "").split())
    return {"page": home.get("url"), "known": "statement" in facts, "shown": bool(value), "value": value}
