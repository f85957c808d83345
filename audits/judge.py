"""The judge: the one place that turns the captured facts of a run into findings, once per run.

:func:`judge_run` takes the pages a run captured and the run's own facts (settings, start URLs, observations made
outside page loads) and returns everything that is a verdict: each page's findings and whether it loaded, the
site-wide findings, the RGESN criteria and score, the RGAA criteria and grouped issues, the déconnexion items, and
the texts of every rule judged. The runner stores it with the run; ``reports/`` only draws it.

It knows every rule module (importing one registers its rules), so that a rule module only needs
:mod:`ent_audit.audits.rules`, and nothing else needs to know where rules live. Rules of another distribution
join through the entry point group ``ent_audit.rules`` (each entry point names a module whose import registers its
rules, as pytest finds its plugins): declared in that distribution's ``pyproject.toml`` as
``[project.entry-points."ent_audit.rules"] my_rules = "my_package.my_rules"``, they are judged, stored and drawn
in every output like ours.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any

from ent_audit.audits import doctrine, rgaa, rgesn
from ent_audit.audits.doctrine import quiet_hours_items, quiet_window
from ent_audit.audits.model import PageCapture
from ent_audit.audits.rgaa import page_findings, site_view
from ent_audit.audits.rgesn import ALWAYS_APPLICABLE, CRITERIA, FAMILIES, site_score
from ent_audit.audits.rules import (
    PAGE,
    RULES,
    SITE_RULES,
    VERDICTS,
    Finding,
    Rule,
    RuleSettings,
    SiteView,
    facts,
    missing_facts,
    msg,
    table,
    value,
)
from ent_audit.audits.security import WINDOW_SOURCE

JUDGEMENT_VERSION = 1
ENTRY_POINT_GROUP = "ent_audit.rules"
# Packages of rules, one module per rule: every module of them is imported (importing one registers its rules),
# so adding a criterion is adding a module. RGAA's own checks of the pages' facts register in a registry of their own
# (audits/rgaa/checks.py says why), which page_findings and site_view read; importing the package loads them too.
RULE_PACKAGES: tuple[ModuleType, ...] = (rgesn, doctrine, rgaa)


def import_rule_packages() -> None:
    """Import every module of the rule packages: those a package's ``REPORT_ORDER`` lists first, in that order (the
    order of the outputs), then the others by name."""
    for package in RULE_PACKAGES:
        order: tuple[str, ...] = getattr(package, "REPORT_ORDER", ())
        names = [m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")]
        for name in sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n)):
            importlib.import_module(f"{package.__name__}.{name}")


import_rule_packages()


def load_rule_modules() -> None:
    """Import the rule modules other distributions declare (entry point group ``ent_audit.rules``); importing a
    module twice does nothing, so this is called before each judgement."""
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        entry_point.load()


def rules(pillar: str | None = None) -> list[Rule]:
    return [r for r in RULES.values() if pillar is None or r.pillar == pillar]


def site_rules(pillar: str | None = None) -> list[Rule]:
    return [r for r in SITE_RULES.values() if pillar is None or r.pillar == pillar]


def rule_by_ref(ref: str) -> Rule | None:
    return RULES.get(ref) or SITE_RULES.get(ref)


def run_site_rules(site: SiteView, settings: RuleSettings | None = None) -> list[dict[str, Any]]:
    settings = settings or RuleSettings()
    return [judged(r, site, settings).to_dict(r.ref) for r in site_rules()]


def site_verdict(page_findings_: list[dict[str, Any]]) -> dict[str, Any]:
    """One page rule over the whole site: fail when any page fails, else pass when any passes, else manual when
    any needs review, else not applicable; with the count of pages per verdict and the savings summed."""
    counts = {verdict: 0 for verdict in VERDICTS}
    for finding in page_findings_:
        counts[finding["verdict"]] += 1
    # not measured only when no page was measured
    verdict = next(
        (v for v in ("fail", "pass", "manual", "na") if counts[v]), "not_measured" if counts["not_measured"] else "na"
    )
    saving = sum(f.get("saving_bytes") or 0 for f in page_findings_)
    return {"verdict": verdict, "pages": counts, **({"saving_bytes": saving} if saving else {})}


def run_rules(
    page: PageCapture, settings: RuleSettings | None = None, selected: Iterable[Rule] | None = None
) -> list[dict[str, Any]]:
    """Every registered rule on one page, as results.json findings ``{ref, verdict, evidence, saving_bytes?}``."""
    settings = settings or RuleSettings()
    return [judged(r, page, settings).to_dict(r.ref) for r in (selected if selected is not None else rules())]


def judged(rule_: Rule, subject: Any, settings: RuleSettings) -> Finding:
    """One rule's finding; a rule that breaks on an unusual page is left to a person, never fatal to the report."""
    missing = missing_facts(rule_, subject)
    if missing:
        return Finding.not_measured(missing)
    try:
        return rule_.check(subject, settings)
    except Exception as exc:  # noqa: BLE001 - any bug of one rule must not lose the whole audit's results
        return Finding.manual(facts(value(msg("Rule error"), "code", f"{type(exc).__name__}: {exc}"[:200])))


def _page_findings(capture: PageCapture, settings: RuleSettings) -> list[dict[str, Any]]:
    """The page rules (pages that loaded only), then the RGAA findings judged from the page's facts."""
    found = run_rules(capture, settings) if capture.loaded else []
    refs = {f["ref"] for f in found}
    return found + [f for f in page_findings(capture.to_dict()) if f["ref"] not in refs]


def rgesn_view(pages: list[list[dict[str, Any]]], urls: list[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Site-wide finding of each RGESN page rule (its evidence: the failing pages), and all 78 criteria with their
    site verdict ("todo": to be judged by the team) and the RGESN score of the automated part."""
    aggregated = []
    for rule_ in rules("durable"):
        found = [f for findings in pages for f in findings if f.get("ref") == rule_.ref]
        verdict = site_verdict(found)
        failing = [
            url
            for url, findings in zip(urls, pages, strict=True)
            for f in findings
            if f.get("ref") == rule_.ref and f["verdict"] == "fail"
        ]
        aggregated.append(
            {
                "ref": rule_.ref,
                "verdict": verdict["verdict"],
                "pages": verdict["pages"],
                "evidence": table([PAGE], ({"page": url} for url in failing)).to_dict(),
                **({"saving_bytes": verdict["saving_bytes"]} if "saving_bytes" in verdict else {}),
            }
        )
    by_ref = {f["ref"]: f for f in aggregated}
    criteria: list[dict[str, Any]] = []
    for c in CRITERIA:
        ruled = c.rule or (f"RGESN-{c.id}" if f"RGESN-{c.id}" in by_ref else None)  # a rule added since
        verdict_ = by_ref[ruled]["verdict"] if ruled in by_ref else "todo"
        if verdict_ == "na" and c.id in ALWAYS_APPLICABLE:  # e.g. 2.3 with no page reloaded at 512 kbit/s
            verdict_ = "not_measured"
        criteria.append(
            {
                "id": c.id,
                "family": c.family,
                "family_name": FAMILIES[c.family],
                "summary": c.summary,
                "automation": c.automation,
                "rule": ruled,
                "verdict": verdict_,
            }
        )
    return aggregated, {"criteria": criteria, "score": site_score({c["id"]: c["verdict"] for c in criteria})}


def judge_run(captures: list[PageCapture], run: Mapping[str, Any]) -> dict[str, Any]:
    """Everything that is a verdict about one run, judged from its captured facts.

    ``run``: the stored run (``settings``, ``facts``, ``start_urls``). Returns ``{version, rules, pages[{loaded,
    findings}], site{findings, rgesn, deconnexion}, accessibility}``, pages in the order given; a JSON document the
    store keeps as it is.
    """
    load_rule_modules()
    settings = RuleSettings.from_settings(run.get("settings"))
    pages: list[dict[str, Any]] = [{"loaded": c.loaded, "findings": _page_findings(c, settings)} for c in captures]
    view = SiteView(list(captures), dict(run.get("facts") or {}), list(run.get("start_urls") or []))
    aggregated, rgesn = rgesn_view([p["findings"] for p in pages], [c.url for c in captures])
    window = quiet_window(settings)
    timestamped, items = quiet_hours_items(view, settings)
    judged_refs = (
        {f["ref"] for p in pages for f in p["findings"]}
        | {r.ref for r in site_rules()}
        | {f["ref"] for f in aggregated}
    )
    return {
        "version": JUDGEMENT_VERSION,
        "rules": {
            ref: rule_.messages() for ref, rule_ in sorted({**RULES, **SITE_RULES}.items()) if ref in judged_refs
        },
        "pages": pages,
        "site": {
            "findings": run_site_rules(view, settings) + aggregated,
            "rgesn": rgesn,
            "deconnexion": {
                "window": {
                    "start": settings.quiet_start,
                    "end": settings.quiet_end,
                    "weekend": settings.quiet_weekend,
                    "timezone": settings.timezone,
                    "description": window.description(),
                },
                "source": dict(WINDOW_SOURCE),
                "pages_with_timestamps": timestamped,
                "items": items,
            },
        },
        "accessibility": site_view([c.to_dict() for c in captures]),
    }
