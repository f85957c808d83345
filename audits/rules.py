"""A tiny rule registry ("How a rule looks" in ARCHITECTURE.md).

A rule is one declaration plus one pure function ``(page: PageCapture, settings: RuleSettings) -> Finding``;
:mod:`ent_audit.audits.judge` runs every registered rule, and the report and the exports take its findings unchanged.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ent_audit.audits.model import PageCapture

VERDICTS = ("pass", "fail", "na", "manual")
MAX_EVIDENCE = 10  # items in one finding's evidence; the last one says how many were left out


@dataclass(frozen=True)
class RuleSettings:
    """Budgets and thresholds of the page rules.

    The page budgets are the example targets RGESN 2024 gives for criterion 6.1 ("2 MB → 1 MB; < 30 requests
    instead of 100", domain.md §2): 1 MB, counted in kB of 1000 bytes as EcoIndex does, and 30 requests.
    """

    max_page_bytes: int = 1_000_000  # RGESN 6.1 example target (1 MB)
    max_requests: int = 30  # RGESN 6.1 example target (< 30 requests)
    text_min_bytes: int = 1024  # RGESN 6.3: text resources above 1 KB decoded should be compressed
    compression_saving: float = 0.7  # RGESN 6.3: gzip/Brotli typically remove ~70 % of a text resource's bytes
    modern_image_share: float = 0.75  # RGESN 5.1: > 75 % of raster images in WebP/AVIF/JPEG XL
    max_font_families: int = 2  # RGESN 4.8: ≤ 2 families…
    max_font_files: int = 4  # …and ≤ 4 variants per page…
    max_font_bytes: int = 400_000  # …or ≤ 400 KB of fonts (kB of 1000 bytes), which relaxes the variant count
    image_waste_min_bytes: int = 4096  # RGESN 6.4, 5.2: Lighthouse's floor for image savings (4 KiB)
    offscreen_min_bytes: int = 2048  # RGESN 6.5: Lighthouse offscreen-images floor (2 KiB)
    unused_js_min_bytes: int = 20_480  # RGESN 6.5: Lighthouse unused-javascript floor per file (20 KiB)
    unused_css_min_bytes: int = 10_240  # RGESN 6.5: Lighthouse unused-css-rules floor per file (10 KiB)
    low_bandwidth_max_s: float = 10.0  # RGESN 2.3: our bound on the load at 512 kbit/s (no figure in RGESN)
    quiet_start: str = "20:00"  # droit à la déconnexion window (config [responsable])
    quiet_end: str = "07:00"
    quiet_weekend: bool = False
    timezone: str = "Europe/Paris"

    @classmethod
    def from_settings(cls, settings: dict | None) -> RuleSettings:
        """The rule settings of a run, from the settings recorded with it (config tables [durable] and
        [responsable]); anything absent keeps its default."""
        settings = settings if isinstance(settings, dict) else {}
        durable = settings.get("durable") if isinstance(settings.get("durable"), dict) else {}
        quiet = settings.get("responsable") if isinstance(settings.get("responsable"), dict) else {}
        values: dict = {}
        if isinstance(durable.get("max_page_kb"), (int, float)):
            values["max_page_bytes"] = int(durable["max_page_kb"] * 1000)
        if isinstance(durable.get("max_requests"), int):
            values["max_requests"] = durable["max_requests"]
        for key in ("quiet_start", "quiet_end", "quiet_weekend", "timezone"):
            if key in quiet:
                values[key] = quiet[key]
        return cls(**values)


@dataclass
class Finding:
    verdict: str
    evidence: list[str] = field(default_factory=list)
    saving_bytes: int | None = None

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")
        self.evidence = _cap([str(e) for e in self.evidence])

    @classmethod
    def ok(cls, *evidence: str) -> Finding:
        return cls("pass", list(evidence))

    @classmethod
    def fail(cls, *evidence: str, saving_bytes: int | None = None) -> Finding:
        return cls("fail", list(evidence), None if saving_bytes is None else max(0, int(saving_bytes)))

    @classmethod
    def na(cls, *evidence: str) -> Finding:
        return cls("na", list(evidence))

    @classmethod
    def manual(cls, *evidence: str) -> Finding:
        return cls("manual", list(evidence))


def _cap(items: list[str]) -> list[str]:
    if len(items) <= MAX_EVIDENCE:
        return items
    return items[:MAX_EVIDENCE - 1] + [f"… +{len(items) - MAX_EVIDENCE + 1} more"]


Check = Callable[[PageCapture, RuleSettings], Finding]


@dataclass(frozen=True)
class Rule:
    ref: str
    pillar: str
    title: dict
    why: dict
    fix: dict
    check: Check


RULES: dict[str, Rule] = {}


def rule(ref: str, pillar: str, title: dict, why: dict, fix: dict) -> Callable[[Check], Check]:
    """Register ``check`` under ``ref`` (one rule per ref)."""

    def register(check: Check) -> Check:
        if ref in RULES and RULES[ref].check is not check:
            raise ValueError(f"rule {ref} registered twice")
        RULES[ref] = Rule(ref, pillar, title, why, fix, check)
        return check

    return register


@dataclass
class SiteView:
    """What a site-wide rule judges: every page of the run, plus the observations made outside page loads
    (login, plain-HTTP probe: ``crawler/site_checks.py``)."""

    pages: list[PageCapture]
    facts: dict = field(default_factory=dict)
    start_urls: list[str] = field(default_factory=list)

    @property
    def https(self) -> bool:
        return bool(self.start_urls) and all(u.startswith("https:") for u in self.start_urls)

    @property
    def loaded(self) -> list[PageCapture]:
        """Pages that loaded (HTTP 200–399, no capture error)."""
        return [p for p in self.pages if 200 <= p.status < 400 and not p.error]


SiteCheck = Callable[[SiteView, RuleSettings], Finding]
SITE_RULES: dict[str, Rule] = {}


def site_rule(ref: str, pillar: str, title: dict, why: dict, fix: dict) -> Callable[[SiteCheck], SiteCheck]:
    """Register a site-wide rule: ``check(site, settings) -> Finding`` (ARCHITECTURE.md, "How a rule looks")."""

    def register(check: SiteCheck) -> SiteCheck:
        if ref in SITE_RULES and SITE_RULES[ref].check is not check:
            raise ValueError(f"site rule {ref} registered twice")
        SITE_RULES[ref] = Rule(ref, pillar, title, why, fix, check)  # type: ignore[arg-type]
        return check

    return register
