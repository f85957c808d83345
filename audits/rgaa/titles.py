"""RGAA-8.6 across the site (our own check "titles"): the same title on pages of different templates, or a generic
one ("Accueil", "Sans titre"…). Site-wide, so it is not a page check: :mod:`.site` adds it to criterion 8.6."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.rgaa.pages import a11y_facts, template_key, tested
from ent_audit.audits.rules import PAGE, Column, msg, table

NAME = "titles"  # shown as "ent-audit:titles" among the rules of criterion 8.6 when it fails
GENERIC_TITLES = frozenset(
    {"", "accueil", "page", "sans titre", "untitled", "home", "document", "index", "nouvel onglet", "new tab"}
)


def _title_of(page: dict[str, Any]) -> str:
    facts = a11y_facts(page)
    title = facts.get("title") if "title" in facts else page.get("title")
    return " ".join(str(title or "").split())


def title_findings(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """Site-wide 8.6: the same title on pages of different templates, or a generic one ("Accueil", "Sans titre"…).

    Returns ``{verdict, evidence: {headings, items}, pages: [url]}`` (verdict ``pass`` when no tested page has such
    a title, ``na`` when no page was tested); an item is a generic title on one page, or a title shared by pages of
    several templates.
    """
    pages = [p for p in pages if tested(p)]
    if not pages:
        return {"verdict": "na", "evidence": table(TITLE_COLUMNS).to_dict(), "pages": []}
    items: list[dict[str, Any]] = []
    offenders = []
    by_title: dict[str, list[dict[str, Any]]] = {}
    for page in pages:
        title = _title_of(page)
        by_title.setdefault(title.casefold(), []).append(page)
        if title.strip(" -–—|·:").casefold() in GENERIC_TITLES:
            items.append({"title": title, "generic": True, "pages": 1, "templates": 1, "page": page.get("url")})
            offenders.append(page.get("url"))
    for key, group in by_title.items():
        if key and len({template_key(p) for p in group}) > 1:
            urls = [p.get("url") for p in group]
            templates = len({template_key(p) for p in group})
            items.append(
                {
                    "title": _title_of(group[0]),
                    "generic": False,
                    "pages": len(group),
                    "templates": templates,
                    "page": urls[0],
                }
            )
            offenders.extend(urls)
    return {
        "verdict": "fail" if items else "pass",
        "evidence": table(TITLE_COLUMNS, items).to_dict(),
        "pages": list(dict.fromkeys(offenders)),
    }


TITLE_COLUMNS = [
    Column("title", "text", msg("Title")),
    Column("generic", "bool", msg("Generic")),
    Column("pages", "count", msg("Pages")),
    Column("templates", "count", msg("Templates")),
    PAGE,
]
