"""The Synthèse's priorities: the few actions that matter most, ranked by impact, one per criterion.

Language-neutral: the report phrases them (``reports/render.py``). Each pillar scores its candidates on the same
0–1 scale, so they can be ranked together:

- Durable (RGESN): the bytes a fix would save, as a share of everything the audit downloaded; a failing criterion
  without an estimated saving counts a quarter of the share of pages failing it.
- Inclusif (axe-core, grouped by rule): the impact's weight times the share of tested pages affected, never below
  30 % of the weight, since one blocking defect on one page still shuts a pupil out.
- Responsable (Doctrine technique): a fixed weight per check, the whole site being concerned; security first.

The best candidate of each pillar is kept first (a head of school should see all three), then the best others up
to ``limit``, at most ``PER_PILLAR`` per pillar unless that leaves fewer than ``MINIMUM``; the list is finally
ordered by score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

IMPACT_WEIGHT = {"critical": 1.0, "serious": 0.75, "moderate": 0.4, "minor": 0.2}
A11Y_FLOOR = 0.3  # share of the impact weight kept for an issue on a single page
UNMEASURED_RGESN_WEIGHT = 0.25  # a failing RGESN criterion with no byte estimate
DOCTRINE_WEIGHT = {  # failing checks only; security of pupils' accounts first
    "DOCTRINE-https": 0.8,
    "DOCTRINE-tls": 0.7,
    "DOCTRINE-third-parties": 0.6,
    "DOCTRINE-cookies": 0.5,
    "DOCTRINE-hsts": 0.45,
    "DOCTRINE-mixed-content": 0.45,
    "DOCTRINE-headers": 0.35,
    "DOCTRINE-sso": 0.3,
    "DOCTRINE-legal": 0.3,
}
DEFAULT_DOCTRINE_WEIGHT = 0.4
LIMIT = 5
MINIMUM = 3  # below this, the per-pillar cap gives way
PER_PILLAR = 2  # so that one pillar's many failures do not hide the others
Json = dict[str, Any]  # a results.json document and its parts


@dataclass
class Priority:
    pillar: str  # "inclusif" | "responsable" | "durable"
    ref: str  # "RGESN-6.4", "DOCTRINE-hsts", or the axe rule id for an accessibility issue
    score: float
    pages: int = 0  # pages concerned (0: the whole site)
    pages_total: int = 0
    saving_bytes: int = 0
    issue: Json = field(default_factory=dict)  # the grouped accessibility issue (summary.accessibility.issues)


def _durable(site: Json, pages_total: int, total_bytes: int) -> list[Priority]:
    found: list[Priority] = []
    for finding in site.get("findings") or []:
        ref = str(finding.get("ref") or "")
        if not ref.startswith("RGESN-") or finding.get("verdict") != "fail":
            continue
        counts = finding.get("pages") if isinstance(finding.get("pages"), dict) else {}
        failing = int(counts.get("fail", 0))
        saving = int(finding.get("saving_bytes") or 0)
        if saving and total_bytes:
            score = min(1.0, saving / total_bytes)
        else:
            score = UNMEASURED_RGESN_WEIGHT * (failing / pages_total if pages_total else 1.0)
        found.append(Priority("durable", ref, score, failing, pages_total, saving))
    return found


@dataclass
class _Reach:
    """Where one axe rule is violated, counted from the pages."""

    pages: set[str | None] = field(default_factory=set)  # URLs
    templates: set[str | None] = field(default_factory=set)
    nodes: int = 0


def _inclusive(accessibility: Json, pages: list[Json]) -> list[Priority]:
    """One candidate per axe rule: the summary groups a rule by target too, so pages and elements are counted
    again here from the pages themselves."""
    tested = int(accessibility.get("pages_tested") or 0)
    reach: dict[str, _Reach] = {}
    for page in pages:
        for violation in (page.get("accessibility") or {}).get("violations") or []:
            entry = reach.setdefault(str(violation.get("rule")), _Reach())
            entry.pages.add(page.get("url"))
            entry.templates.add(page.get("template"))
            entry.nodes += int(violation.get("nodes") or 0)
    found: list[Priority] = []
    seen: set[str] = set()
    for issue in accessibility.get("issues") or []:
        rule = str(issue.get("rule"))
        if rule in seen:
            continue
        seen.add(rule)
        counted = reach.get(rule)
        if counted is not None:  # counted over every target of the rule
            issue = {**issue, "pages": len(counted.pages), "templates": len(counted.templates), "nodes": counted.nodes}
        weight = IMPACT_WEIGHT.get(issue.get("impact") or "", 0.1)
        share = issue.get("pages", 0) / tested if tested else 0.0
        score = weight * (A11Y_FLOOR + (1 - A11Y_FLOOR) * min(1.0, share))
        found.append(Priority("inclusif", rule, score, int(issue.get("pages", 0)), tested, issue=issue))
    return found


def _responsible(site: Json) -> list[Priority]:
    return [
        Priority("responsable", str(f["ref"]), DOCTRINE_WEIGHT.get(str(f["ref"]), DEFAULT_DOCTRINE_WEIGHT))
        for f in site.get("findings") or []
        if str(f.get("ref") or "").startswith("DOCTRINE-") and f.get("verdict") == "fail"
    ]


def rank_priorities(results: Json, limit: int = LIMIT) -> list[Priority]:
    """Up to ``limit`` priorities of a results document, the best of each pillar guaranteed a place."""
    summary = results.get("summary") or {}
    site = results.get("site")
    if not isinstance(site, dict):
        site = {}
    candidates = (
        _inclusive(summary.get("accessibility") or {}, results.get("pages") or [])
        + _responsible(site)
        + _durable(
            site,
            int(summary.get("pages_ok") or summary.get("pages") or 0),
            int(summary.get("total_transfer_bytes") or 0),
        )
    )
    candidates.sort(key=lambda p: -p.score)  # stable: the catalogue order breaks ties
    chosen: list[Priority] = []

    def take(candidate: Priority) -> None:
        if len(chosen) < limit and not any(c is candidate for c in chosen):
            chosen.append(candidate)

    for pillar in ("inclusif", "responsable", "durable"):  # the best of each pillar first
        best = next((p for p in candidates if p.pillar == pillar), None)
        if best is not None:
            take(best)
    for candidate in candidates:  # then the best others, at most PER_PILLAR of a pillar…
        if sum(c.pillar == candidate.pillar for c in chosen) < PER_PILLAR:
            take(candidate)
    for candidate in candidates:  # …unless that leaves fewer than MINIMUM
        if len(chosen) >= MINIMUM:
            break
        take(candidate)
    return sorted(chosen, key=lambda p: -p.score)
