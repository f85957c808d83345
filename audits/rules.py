"""A tiny rule registry ("How a rule looks" in ARCHITECTURE.md).

A rule is one declaration plus one pure function ``(page: PageCapture, settings: RuleSettings) -> Finding``; the
report and the exports pick every registered rule up unchanged through :func:`run_rules`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from audits.model import PageCapture

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
    max_font_files: int = 4  # RGESN 4.8: ≤ 4 variants per page…
    max_font_bytes: int = 400_000  # …or ≤ 400 KB of fonts (kB of 1000 bytes)


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


def _load() -> None:
    import audits.sobriety  # noqa: F401  (registers the RGESN page rules)


def rules(pillar: str | None = None) -> list[Rule]:
    _load()
    return [r for r in RULES.values() if pillar is None or r.pillar == pillar]


def finding_dict(ref: str, finding: Finding) -> dict:
    out = {"ref": ref, "verdict": finding.verdict, "evidence": list(finding.evidence)}
    if finding.saving_bytes is not None:
        out["saving_bytes"] = finding.saving_bytes
    return out


def run_rules(page: PageCapture, settings: RuleSettings | None = None,
              selected: Iterable[Rule] | None = None) -> list[dict]:
    """Every registered rule on one page, as results.json findings ``{ref, verdict, evidence, saving_bytes?}``."""
    settings = settings or RuleSettings()
    return [finding_dict(r.ref, judged(r, page, settings)) for r in (selected if selected is not None else rules())]


def judged(rule_: Rule, page: PageCapture, settings: RuleSettings) -> Finding:
    """One rule's finding; a rule that breaks on an unusual page is left to a person, never fatal to the report."""
    try:
        return rule_.check(page, settings)
    except Exception as exc:  # noqa: BLE001 - any bug of one rule must not lose the whole audit's results
        return Finding(verdict="manual", evidence=[f"rule error: {type(exc).__name__}: {exc}"[:200]])
