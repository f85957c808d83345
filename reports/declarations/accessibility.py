"""The déclaration d'accessibilité drafted from one stored run: one typed model, two templates (HTML, Markdown).

The model follows the RGAA's mandatory format and the order of DINUM's model (Ara's statement page): engagement,
périmètre, état de conformité, résultats des tests, contenus non accessibles (non-conformités, dérogations, contenus
non soumis), établissement (technologies, environnement de test, outils, pages vérifiées), retour d'information et
contact, voies de recours. Sources: docs/declarations.md.

What the crawl measured is filled in: the pages audited, the date, the tools and their versions, the real test
environment (Chromium without interface, no assistive technology), the technologies seen, and the non-conformities
the judge found, by RGAA criterion, said to be non-exhaustive. What only a person can state comes from the config's
``[declaration]`` table, else shows ``[à compléter]``, and the draft says it is not ready to publish.

The état de conformité is never drawn from the crawl: an automated test proves non-conformities, never conformity,
and without a valid audit the legal state is "non conforme". Only a rate from a complete RGAA audit made by a person
(``rgaa_rate``, or an Ara report, ``ara.py``) sets another level, by the legal thresholds (:func:`level_of`).
The drafts are in French whatever the run's language: they are French legal documents.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ent_audit.audits.rgaa import BY_ID, THEMES, criterion_of_ref, tested
from ent_audit.audits.rgaa.axe import violation_criteria
from ent_audit.i18n import tr
from ent_audit.reports.declarations.ara import read_ara_report
from ent_audit.reports.declarations.model import HumanAudit, NonConformity
from ent_audit.reports.declarations.sample import PageRef, SampleType, page_ref, sample_check
from ent_audit.reports.files import atomic_write
from ent_audit.reports.formatting import catalogue_strings

TODO = "[à compléter]"
HTML_NAME = "declaration-accessibilite.html"
MARKDOWN_NAME = "declaration-accessibilite.md"
RGAA_VERSION = "4.1"  # the criteria ent-audit maps axe-core to (audits/rgaa/criteria.py)
TEMPLATES_DIR = Path(__file__).parent.parent / "templates"


class DeclarationFields(Protocol):
    """The ``[declaration]`` table (crawler/config.py DeclarationConfig): what a person states. A protocol here, as
    reports/ import nothing of the crawler."""

    entity: str
    service: str
    scope_url: str
    contact_email: str
    contact_form_url: str
    rgaa_rate: float | None
    audit_date: str
    auditor: str
    audit_environments: list[str]
    audit_tools: list[str]
    schema_url: str
    plan_url: str
    non_conformities_text: str
    derogations: list[str] | None
    exempt_contents: list[str] | None
    technologies: list[str]
    ara_report: str


class DeclarationError(ValueError):
    """The config or the run cannot support the draft: bad input, one line."""


class NotTested(DeclarationError):
    """The run's accessibility was not tested: no accessibility statement can be drafted from it (the eco-design
    declaration still can)."""


@dataclass(frozen=True)
class AccessibilityStatement:
    """Everything the two templates show; ``None`` or an empty string for a human field means "[à compléter]"."""

    run_id: str
    run_date: str  # French long date of the automated test
    written: str  # French long date of this draft
    entity: str
    service: str
    scope_url: str
    schema_url: str
    plan_url: str
    level: str  # "non" | "partiellement" | "totalement"
    audit: HumanAudit | None
    non_conformities_text: str
    audit_non_conformities: tuple[NonConformity, ...]  # those of the complete audit (an Ara report), if any
    non_conformities: tuple[NonConformity, ...]  # those the automated tests found
    derogations: tuple[str, ...] | None
    exempt_contents: tuple[str, ...] | None
    technologies: tuple[str, ...]
    technologies_observed: bool  # True: from the crawl (the config gave none)
    environment: str
    tools: tuple[str, ...]
    pages: tuple[PageRef, ...]
    pages_incomplete: int  # pages whose axe-core run did not finish (own checks only)
    contact_email: str
    contact_form_url: str
    sample: tuple[SampleType, ...]
    home_mention: str = ""  # the home page's "Accessibilité : … conforme": "same" level, "other", "absent", "" unknown
    missing: tuple[str, ...] = field(default=())  # the human fields still to fill, in the draft's order

    @property
    def ready(self) -> bool:
        return not self.missing

    @property
    def rate_text(self) -> str:
        return _percent(self.audit.rate) if self.audit else ""

    @property
    def missing_sample(self) -> tuple[SampleType, ...]:
        return tuple(s for s in self.sample if not s.found)


def level_of(rate: float | None) -> str:
    """The legal level from a complete audit's rate: 100 totalement, 50 or more partiellement, else (or no valid
    audit at all) non (RGAA ``obligations/declaration-accessibilite.md``)."""
    if rate is None or not math.isfinite(rate):
        return "non"
    if rate >= 100:
        return "totalement"
    return "partiellement" if rate >= 50 else "non"


def french_date(value: str | date | None) -> str:
    """``2026-12-06`` (or an ISO date-time) → ``6 décembre 2026``; "" when there is none or it is not a date."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return ""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {catalogue_strings('fr')['months'][value.month - 1]} {value.year}"  # the report's month names


def _percent(rate: float) -> str:
    text = f"{rate:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "\u00a0%"


def _failing_pages(pages: list[dict[str, Any]]) -> dict[str, set[str]]:
    """The pages where each RGAA criterion failed, read from the stored judgement: axe-core's violations (mapped to
    RGAA criteria) and the page findings of our own checks (``RGAA-x.y`` refs with verdict ``fail``)."""
    failing: dict[str, set[str]] = {}
    for page in pages:
        if not tested(page):
            continue
        url = str(page.get("url") or "")
        for violation in (page.get("accessibility") or {}).get("violations") or []:
            for cid in violation_criteria(violation):
                failing.setdefault(cid, set()).add(url)
        for finding in page.get("findings") or []:
            own = (
                criterion_of_ref(str(finding.get("ref") or "")) if str(finding.get("ref")).startswith("RGAA") else None
            )
            if own and finding.get("verdict") == "fail":
                failing.setdefault(own, set()).add(url)
    return failing


def non_conformities(results: dict[str, Any]) -> tuple[NonConformity, ...]:
    """The criteria the judge found failing (``summary.accessibility.criteria``), each with its audited pages in the
    run's order, in the RGAA's order. A site-wide check (page titles, 8.6) names its pages in its evidence (an example
    page, or the title shared by several pages): those are listed, and ``more`` counts failing pages left unnamed."""
    criteria = ((results.get("summary") or {}).get("accessibility") or {}).get("criteria") or []
    failing = _failing_pages(results.get("pages") or [])
    tested_pages = [p for p in results.get("pages") or [] if tested(p)]
    out = []
    for row in criteria:
        cid = row.get("id")
        if row.get("status") != "fail" or cid not in BY_ID:
            continue
        urls = set(failing.get(cid, set()))
        for example in row.get("evidence") or []:
            if example.get("page"):
                urls.add(example["page"])
            for item in (example.get("evidence") or {}).get("items") or []:
                if isinstance(item, dict) and isinstance(item.get("page"), str):
                    urls.add(item["page"])
                if isinstance(item, dict) and isinstance(item.get("title"), str):  # a title found on several pages
                    urls.update(p.get("url") for p in tested_pages if p.get("title") == item["title"])
        pages = tuple(page_ref(p) for p in results.get("pages") or [] if p.get("url") in urls)
        criterion = BY_ID[cid]
        more = max(0, int(row.get("pages") or 0) - len(pages))
        out.append(NonConformity(cid, criterion.title_fr, THEMES[criterion.theme]["fr"], pages, more))
    return tuple(out)


def observed_technologies(pages: list[dict[str, Any]]) -> tuple[str, ...]:
    """What the browser received: HTML, CSS, JavaScript, SVG, PDF (linked documents too). Frameworks are not named:
    the crawl does not detect them."""
    mimes = {str(r.get("mime") or "").split(";")[0].strip().lower() for p in pages for r in p.get("resources") or []}
    types = {str(r.get("type") or "") for p in pages for r in p.get("resources") or []}
    documents = {str(d.get("mime") or "").lower() for p in pages for d in p.get("documents") or []}
    found = ["HTML"] if "text/html" in mimes or "document" in types or pages else []
    if "text/css" in mimes or "stylesheet" in types:
        found.append("CSS")
    if types & {"script"} or any("javascript" in m for m in mimes):
        found.append("JavaScript")
    if "image/svg+xml" in mimes:
        found.append("SVG")
    if "application/pdf" in mimes | documents:
        found.append("PDF")
    return tuple(found)


def _engine_version(results: dict[str, Any]) -> str:
    engine = str(((results.get("summary") or {}).get("accessibility") or {}).get("engine") or "")
    return engine.removeprefix("axe-core").strip()


def _chromium(results: dict[str, Any]) -> tuple[str, str]:
    """(full version, major) of the Chromium recorded with the run; ("", "") for a run that did not record it."""
    version = str((results.get("run") or {}).get("browser") or "").removeprefix("Chromium").strip()
    return version, version.split(".")[0] if version else ""


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _lines(values: Sequence[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(v for v in (_text(v) for v in values) if v)


def build_statement(
    results: dict[str, Any],
    declaration: DeclarationFields,
    today: date | None = None,
) -> AccessibilityStatement:
    """The model of the draft from a results document (reports/results.py) and the ``[declaration]`` table (an
    ``ara_report`` path in it is read as given: the command makes it absolute)."""
    run = results.get("run") or {}
    if (run.get("accessibility") or {}).get("tested") is False:
        raise NotTested(
            tr("run {run_id} was made without the accessibility tests (--no-axe): audit again with them").format(
                run_id=run.get("id")
            )
        )
    pages = results.get("pages") or []
    audited = [p for p in pages if tested(p)]
    if not audited:
        raise NotTested(
            tr("run {run_id} has no page tested for accessibility: there is nothing to declare from it").format(
                run_id=run.get("id")
            )
        )
    audit: HumanAudit | None = None
    audit_non_conformities: tuple[NonConformity, ...] = ()
    text = str(declaration.non_conformities_text or "").strip()
    if declaration.ara_report:
        if declaration.rgaa_rate is not None:
            raise DeclarationError(tr("[declaration]: give rgaa_rate or ara_report, not both"))
        ara = read_ara_report(Path(declaration.ara_report))
        audit = HumanAudit(
            ara.audit.rate,
            _text(declaration.audit_date) or ara.audit.date,
            _text(declaration.auditor) or ara.audit.auditor,
            _lines(declaration.audit_environments) or ara.audit.environments,
            _lines(declaration.audit_tools) or ara.audit.tools,
            source="ara",
        )
        audit_non_conformities, text = ara.non_conformities, text or ara.text
    elif declaration.rgaa_rate is not None:
        audit = HumanAudit(
            float(declaration.rgaa_rate),
            _text(declaration.audit_date),
            _text(declaration.auditor),
            _lines(declaration.audit_environments) or (),
            _lines(declaration.audit_tools) or (),
        )
    chromium, major = _chromium(results)
    axe = _engine_version(results)
    environment = (
        f"Chromium {major} sans interface (headless), Linux, sans technologie d'assistance"
        if major
        else "Chromium sans interface (headless, version non enregistrée avec l'audit), Linux, "
        "sans technologie d'assistance"
    )
    tools = (
        f"ent-audit {run.get('tool_version') or ''}".strip(),
        f"axe-core {axe}".strip(),
        f"Chromium {chromium}".strip(),
    )
    technologies = tuple(_text(t) for t in declaration.technologies if _text(t))
    start_urls = list(run.get("start_urls") or [])
    a11y = (results.get("summary") or {}).get("accessibility") or {}
    statement = AccessibilityStatement(
        run_id=str(run.get("id") or ""),
        run_date=french_date(run.get("started_at")),
        written=french_date(today or date.today()),
        entity=_text(declaration.entity),
        service=_text(declaration.service),
        scope_url=_text(declaration.scope_url) or (start_urls[0] if start_urls else ""),
        schema_url=_text(declaration.schema_url),
        plan_url=_text(declaration.plan_url),
        level=level_of(audit.rate if audit else None),
        audit=audit,
        non_conformities_text=text,
        audit_non_conformities=audit_non_conformities,
        non_conformities=non_conformities(results),
        derogations=_lines(declaration.derogations),
        exempt_contents=_lines(declaration.exempt_contents),
        technologies=technologies or observed_technologies(audited),
        technologies_observed=not technologies,
        environment=environment,
        tools=tools,
        pages=tuple(page_ref(p) for p in audited),
        pages_incomplete=int(a11y.get("pages_incomplete") or 0),
        contact_email=_text(declaration.contact_email),
        contact_form_url=_text(declaration.contact_form_url),
        sample=tuple(sample_check(pages, start_urls)),
        home_mention=_home_mention(a11y.get("statement") or {}, level_of(audit.rate if audit else None)),
    )
    return _with_missing(statement)


def _home_mention(statement: dict[str, Any], level: str) -> str:
    """How the mention the crawl read on the home page (``summary.accessibility.statement``, audits/rgaa/statement.py)
    compares with this draft's level: "same", "other", "absent", or "" when the crawl did not look."""
    if not statement.get("known"):
        return ""
    if not statement.get("shown"):
        return "absent"
    said = " ".join(str(statement.get("value") or "").lower().split())
    return "same" if f"{level} conforme" in said and (level != "non" or "partiellement" not in said) else "other"


def _with_missing(s: AccessibilityStatement) -> AccessibilityStatement:
    """The human fields left to fill, named by their config key, in the order the draft shows them."""
    missing = [key for key, value in (("entity", s.entity), ("service", s.service)) if not value]
    missing += [key for key, value in (("schema_url", s.schema_url), ("plan_url", s.plan_url)) if not value]
    if not s.scope_url:
        missing.append("scope_url")
    if s.audit is not None:
        missing += [
            key
            for key, value in (
                ("auditor", s.audit.auditor),
                ("audit_date", s.audit.date),
                ("audit_environments", s.audit.environments),
                ("audit_tools", s.audit.tools),
            )
            if not value
        ]
    if s.derogations is None:
        missing.append("derogations")
    if s.exempt_contents is None:
        missing.append("exempt_contents")
    if not s.contact_email and not s.contact_form_url:
        missing.append("contact_email")
    return AccessibilityStatement(**{**s.__dict__, "missing": tuple(missing)})


_env: Environment | None = None


def _md(value: Any) -> str:
    """A value put into Markdown: characters Markdown would read as markup are escaped."""
    text = str(value)
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def environment() -> Environment:
    global _env
    if _env is None:
        _env = Environment(
            loader=FileSystemLoader(str(TEMPLATES_DIR)),
            autoescape=lambda name: bool(name and name.endswith(".html.j2")),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        _env.filters["md"] = _md
        _env.filters["french_date"] = french_date
    return _env


def render(statement: AccessibilityStatement, kind: str) -> str:
    """The draft as ``kind`` "html" or "md"."""
    return (
        environment()
        .get_template(f"declarations/accessibilite.{kind}.j2")
        .render(s=statement, TODO=TODO, grade_colours={}, grade_text_colour="#000000")
    )


def write_statement(statement: AccessibilityStatement, out_dir: Path) -> list[Path]:
    return [
        atomic_write(out_dir / HTML_NAME, render(statement, "html")),
        atomic_write(out_dir / MARKDOWN_NAME, render(statement, "md")),
    ]


def write_accessibility_declaration(
    run: dict[str, Any], declaration: DeclarationFields, history: Any, out_dir: Path
) -> list[Path]:
    """The two drafts of one run written into ``out_dir`` (HTML, then Markdown); ``history`` is not used (the
    writers share one signature: reports/declarations/__init__.py)."""
    return write_statement(build_statement(run, declaration), out_dir)
