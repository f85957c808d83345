"""A tiny rule registry ("How a rule looks" in ARCHITECTURE.md).

A rule is one declaration plus one pure function ``(page: PageCapture, settings: RuleSettings) -> Finding``;
:mod:`ent_audit.audits.judge` runs every registered rule once per run, and the report and the exports draw its
findings unchanged.

A finding's evidence is structured, like the table details of a Lighthouse audit: ``headings`` (a key, a label and
a value type per column) and ``items`` (one mapping per row), plus ``summary`` values (a label, and a typed value
when there is one). Labels are ``{"fr", "en"}`` messages (``msg("English")``, French from the gettext catalogue);
values are data (URLs, byte counts, codes), never a sentence, so every output draws them in its own language without
knowing the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ent_audit.audits.model import PageCapture
from ent_audit.i18n import Message as Message  # {"fr": ..., "en": ...}: a translatable text, looked up by language
from ent_audit.i18n import msg as msg  # msg("English"): the text in both languages, French from the catalogue

# not_measured: a fact the rule needs was not captured (the judge says so instead of running the rule on nothing)
VERDICTS = ("pass", "fail", "na", "manual", "not_measured")
MAX_EVIDENCE = 10  # items kept in one finding's evidence; ``more`` counts the others
# What a value of the evidence is, so that an output can draw it: an address, a size in bytes, a duration in
# milliseconds, a whole count, a decimal number, a share (0–1), CSS pixels, text of the page, a code (header name,
# MIME type, attribute: never translated), yes/no, an ISO timestamp.
VALUE_TYPES = ("url", "bytes", "ms", "count", "number", "percent", "px", "text", "code", "bool", "datetime")


def message(fr: str, en: str) -> Message:
    """A text in both report languages given as such, for a rule from another distribution (entry point group
    ``ent_audit.rules``) whose texts are not in ent-audit's catalogue; ent-audit's own rules write ``msg("English")``
    and find their French in the catalogue (ent_audit/i18n.py)."""
    return {"fr": fr, "en": en}


@dataclass(frozen=True)
class Column:
    """One heading of an evidence table: the item key it shows, its label and the type of its values."""

    key: str
    type: str
    label: Message

    def __post_init__(self) -> None:
        if self.type not in VALUE_TYPES:
            raise ValueError(f"unknown evidence value type {self.type!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": dict(self.label), "type": self.type}


def value(label: Message, type_: str, data: Any, key: str = "") -> dict[str, Any]:
    """One summary value of a finding: ``label`` and ``data`` of ``type_``; ``key`` names it for the outputs that
    need a particular value (JUnit's budget cases read RGESN-6.1's)."""
    if type_ not in VALUE_TYPES:
        raise ValueError(f"unknown evidence value type {type_!r}")
    return {**({"key": key} if key else {}), "label": dict(label), "type": type_, "value": data}


def note(label: Message) -> dict[str, Any]:
    """A summary line that is only a message ("no raster image")."""
    return {"label": dict(label)}


@dataclass
class Evidence:
    headings: list[Column] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    summary: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "headings": [c.to_dict() for c in self.headings],
            "items": [dict(i) for i in self.items[:MAX_EVIDENCE]],
        }
        if self.summary:
            out["summary"] = [dict(s) for s in self.summary]
        if len(self.items) > MAX_EVIDENCE:
            out["more"] = len(self.items) - MAX_EVIDENCE
        return out


def table(
    columns: Sequence[Column], items: Iterable[Mapping[str, Any]] = (), summary: Sequence[dict[str, Any]] = ()
) -> Evidence:
    return Evidence(list(columns), [dict(i) for i in items], list(summary))


def facts(*summary: dict[str, Any]) -> Evidence:
    """Evidence made of summary values only."""
    return Evidence(summary=list(summary))


# Columns many rules share
URL = Column("url", "url", msg("Address"))
PAGE = Column("page", "url", msg("Page"))
SIZE = Column("bytes", "bytes", msg("Size"))


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
    modern_image_share: float = 0.75  # RGESN 5.1: more than 75 % of raster images (a count) in WebP/AVIF/JPEG XL
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
    def from_settings(cls, settings: Any) -> RuleSettings:
        """The rule settings of a run, from the settings recorded with it (config tables [durable] and
        [responsable]); anything absent keeps its default."""
        settings = settings if isinstance(settings, dict) else {}
        durable = settings.get("durable") if isinstance(settings.get("durable"), dict) else {}
        quiet = settings.get("responsable") if isinstance(settings.get("responsable"), dict) else {}
        values: dict[str, Any] = {}
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
    evidence: Evidence = field(default_factory=Evidence)
    saving_bytes: int | None = None

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")
        if not isinstance(self.evidence, Evidence):
            raise TypeError("a finding's evidence is an Evidence (rules.table, rules.facts), not text")

    @classmethod
    def ok(cls, evidence: Evidence | None = None) -> Finding:
        return cls("pass", evidence or Evidence())

    @classmethod
    def fail(cls, evidence: Evidence | None = None, saving_bytes: int | None = None) -> Finding:
        return cls("fail", evidence or Evidence(), None if saving_bytes is None else max(0, int(saving_bytes)))

    @classmethod
    def na(cls, evidence: Evidence | None = None) -> Finding:
        return cls("na", evidence or Evidence())

    @classmethod
    def manual(cls, evidence: Evidence | None = None) -> Finding:
        return cls("manual", evidence or Evidence())

    @classmethod
    def not_measured(cls, missing: Sequence[str]) -> Finding:
        return cls("not_measured", facts(value(msg("Facts not captured"), "code", ", ".join(missing))))

    def to_dict(self, ref: str) -> dict[str, Any]:
        """The finding as results.json carries it: ``{ref, verdict, evidence{headings, items, summary?, more?},
        saving_bytes?}``."""
        out: dict[str, Any] = {"ref": ref, "verdict": self.verdict, "evidence": self.evidence.to_dict()}
        if self.saving_bytes is not None:
            out["saving_bytes"] = self.saving_bytes
        return out


Check = Callable[[PageCapture, RuleSettings], Finding]


@dataclass(frozen=True)
class Rule:
    ref: str
    pillar: str
    title: Message
    why: Message
    fix: Message
    check: Callable[..., Finding]
    needs: tuple[str, ...] = ()  # the facts the check reads (see missing_facts)

    def messages(self) -> dict[str, Any]:
        """What the outputs show of the rule itself, stored with the run's findings."""
        return {"pillar": self.pillar, "title": dict(self.title), "why": dict(self.why), "fix": dict(self.fix)}


RULES: dict[str, Rule] = {}


def rule(
    ref: str, pillar: str, title: Message, why: Message, fix: Message, needs: Sequence[str] = ()
) -> Callable[[Check], Check]:
    """Register ``check`` under ``ref`` (one rule per ref); ``needs``: the facts it reads, which the judge checks
    were captured before running it (``facts.images``: a key of the page's facts; ``accessibility.facts.media``: a
    key of the accessibility probe's facts; a plain name, a field every load has, is documentation)."""

    def register(check: Check) -> Check:
        if ref in RULES and RULES[ref].check is not check:
            raise ValueError(f"rule {ref} registered twice")
        RULES[ref] = Rule(ref, pillar, title, why, fix, check, tuple(needs))
        return check

    return register


def missing_facts(rule_: Rule, subject: Any) -> list[str]:
    """The facts ``rule_`` needs that were not captured for ``subject``: for a page, ``facts.<key>`` (the page's facts)
    and ``accessibility.facts.<key>`` (the accessibility probe's); for a site (:class:`SiteView`), ``facts.<key>``
    (the run's observations made outside page loads: ``login``, ``plain_http``…) and ``pages.facts.<key>`` (a fact of
    the page loads: captured when at least one loaded page carries it; with no page loaded, nothing was)."""
    if isinstance(subject, PageCapture):
        holders = {"facts": subject.facts, "accessibility.facts": (subject.accessibility or {}).get("facts")}
    elif isinstance(subject, SiteView):
        page_keys = {key for page in subject.loaded for key in page.facts}
        holders = {"facts": subject.facts, "pages.facts": dict.fromkeys(page_keys)}
    else:
        return []
    found = []
    for need in rule_.needs:
        where, _, key = need.rpartition(".")
        holder = holders.get(where)
        if where and not (isinstance(holder, dict) and key in holder):
            found.append(need)
    return found


@dataclass
class SiteView:
    """What a site-wide rule judges: every page of the run, plus the observations made outside page loads
    (login, plain-HTTP probe: ``crawler/site_checks.py``)."""

    pages: list[PageCapture]
    facts: dict[str, Any] = field(default_factory=dict)
    start_urls: list[str] = field(default_factory=list)

    @property
    def https(self) -> bool:
        return bool(self.start_urls) and all(u.startswith("https:") for u in self.start_urls)

    @property
    def loaded(self) -> list[PageCapture]:
        """Pages that loaded (HTTP 200–399, no capture error)."""
        return [p for p in self.pages if p.loaded]


SiteCheck = Callable[[SiteView, RuleSettings], Finding]
SITE_RULES: dict[str, Rule] = {}


def site_rule(
    ref: str, pillar: str, title: Message, why: Message, fix: Message, needs: Sequence[str] = ()
) -> Callable[[SiteCheck], SiteCheck]:
    """Register a site-wide rule: ``check(site, settings) -> Finding`` (ARCHITECTURE.md, "How a rule looks");
    ``needs``: the run facts it reads (``facts.login``: a key of ``SiteView.facts``), which the judge checks were
    captured before running it (a rule whose fact is missing is ``not_measured``, as a page rule's)."""

    def register(check: SiteCheck) -> SiteCheck:
        if ref in SITE_RULES and SITE_RULES[ref].check is not check:
            raise ValueError(f"site rule {ref} registered twice")
        SITE_RULES[ref] = Rule(ref, pillar, title, why, fix, check, tuple(needs))
        return check

    return register
