"""The parts of a declaration that come from a person's complete audit or from the crawl, shared by the writer
(accessibility.py) and the Ara reader (ara.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ent_audit.reports.declarations.sample import PageRef


@dataclass(frozen=True)
class HumanAudit:
    """A complete RGAA audit made by a person: the only source of a rate (config, or an Ara report)."""

    rate: float
    date: str  # YYYY-MM-DD, "" when not given
    auditor: str  # "" when not given
    environments: tuple[str, ...] = ()  # browser, system and assistive technology of each test environment
    tools: tuple[str, ...] = ()
    source: str = "config"  # "config" | "ara"


@dataclass(frozen=True)
class NonConformity:
    criterion: str  # "1.1"
    title: str  # our French title of the criterion
    theme: str  # its French theme
    pages: tuple[PageRef, ...]
    more: int = 0  # failing pages the stored judgement counts but does not name
