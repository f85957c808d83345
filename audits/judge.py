"""The judge: the one place that runs the rules on the captured facts and turns them into findings.

It knows every rule module (importing one registers its rules), so that a rule module only needs
:mod:`ent_audit.audits.rules`, and nothing else needs to know where rules live.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# importing a rule module registers its rules
from ent_audit.audits import doctrine, sobriety  # noqa: F401
from ent_audit.audits.model import PageCapture
from ent_audit.audits.rules import RULES, SITE_RULES, VERDICTS, Finding, Rule, RuleSettings, SiteView


def rules(pillar: str | None = None) -> list[Rule]:
    return [r for r in RULES.values() if pillar is None or r.pillar == pillar]


def site_rules(pillar: str | None = None) -> list[Rule]:
    return [r for r in SITE_RULES.values() if pillar is None or r.pillar == pillar]


def rule_by_ref(ref: str) -> Rule | None:
    return RULES.get(ref) or SITE_RULES.get(ref)


def run_site_rules(site: SiteView, settings: RuleSettings | None = None) -> list[dict]:
    settings = settings or RuleSettings()
    return [finding_dict(r.ref, judged(r, site, settings)) for r in site_rules()]  # type: ignore[arg-type]


def site_verdict(page_findings: list[dict]) -> dict:
    """One page rule over the whole site: fail when any page fails, else pass when any passes, else manual when
    any needs review, else not applicable; with the count of pages per verdict and the savings summed."""
    counts = {verdict: 0 for verdict in VERDICTS}
    for finding in page_findings:
        counts[finding["verdict"]] += 1
    verdict = next((v for v in ("fail", "pass", "manual") if counts[v]), "na")
    saving = sum(f.get("saving_bytes") or 0 for f in page_findings)
    return {"verdict": verdict, "pages": counts, **({"saving_bytes": saving} if saving else {})}


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


def judged(rule_: Rule, subject: Any, settings: RuleSettings) -> Finding:
    """One rule's finding; a rule that breaks on an unusual page is left to a person, never fatal to the report."""
    try:
        return rule_.check(subject, settings)
    except Exception as exc:  # noqa: BLE001 - any bug of one rule must not lose the whole audit's results
        return Finding(verdict="manual", evidence=[f"rule error: {type(exc).__name__}: {exc}"[:200]])
