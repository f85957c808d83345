"""Which pages to audit: one per canonical URL and profile, within the page budget and the per-template cap.

Pure bookkeeping (no Scrapy), so endless calendars and pagination are shown to end in a unit test. A distributed
crawl uses crawler.distributed.frontier.RedisFrontier instead: the same methods, the counters shared in Redis.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ent_audit.crawler.urls import template_of

EXAMPLES = 3  # audited URLs listed per template in the report


@dataclass
class _Template:
    seen: set[str] = field(default_factory=set)
    audited: list[str] = field(default_factory=list)


@dataclass
class Frontier:
    max_pages: int  # per profile
    max_per_template: int  # per profile; 0: no cap
    _scheduled: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _templates: dict[tuple[str, str], _Template] = field(default_factory=lambda: defaultdict(_Template))
    _sampled: set[str] = field(default_factory=set)

    def admit(self, profile: str, url: str, capped: bool = True) -> str:
        """Empty when the page is to be audited (and counts from now on), else why not. ``capped=False``: a page
        the user listed (a sitemap, a URL file), audited whatever its template; the page budget still holds."""
        template = self._templates[(profile, template_of(url))]
        template.seen.add(url)
        scheduled = self._scheduled[profile]
        if url in scheduled:
            return "already queued"
        if len(scheduled) >= self.max_pages:
            return "page budget"
        if capped and self.max_per_template and len(template.audited) >= self.max_per_template:
            return "template cap"
        scheduled.add(url)
        template.audited.append(url)
        return ""

    def take_sample(self, template: str, limit: int) -> bool:
        """True for the first page of each template, up to ``limit`` templates (the second-load sample)."""
        if template in self._sampled or len(self._sampled) >= limit:
            return False
        self._sampled.add(template)
        return True

    def scheduled(self, profile: str | None = None) -> int:
        if profile is not None:
            return len(self._scheduled[profile])
        return sum(len(urls) for urls in self._scheduled.values())

    def report(self) -> list[dict[str, Any]]:
        """URLs seen and audited per template, most seen first: what the report shows."""
        rows = [
            {
                "template": (f"{profile} · " if profile else "") + template,
                "seen": len(t.seen),
                "audited": len(t.audited),
                "examples": t.audited[:EXAMPLES],
            }
            for (profile, template), t in self._templates.items()
        ]
        return sorted(rows, key=lambda row: (-row["seen"], row["template"]))
