"""junit.xml: a suite per page (its budgets, its failing findings and axe violations, the budget file's checks when
given) and one for the site rules, for any CI's test report."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ent_audit.audits.budget import Check
from ent_audit.reports.evidence import evidence_lines
from ent_audit.reports.files import atomic_write
from ent_audit.reports.formats import Drawing, output_format, rule_title


def _failure_text(finding: dict) -> str:
    return "\n".join(evidence_lines(finding.get("evidence")))


def _budget_values(page: dict) -> dict:
    """The page budget values RGESN 6.1 found (page weight and requests, their budgets, whether over)."""
    finding = next((f for f in page.get("findings") or [] if f["ref"] == "RGESN-6.1"), None)
    summary = ((finding or {}).get("evidence") or {}).get("summary") or []
    return {entry["key"]: entry.get("value") for entry in summary if entry.get("key")}


def _by_page(checks: list[Check] | None) -> dict[tuple[str, str], list[Check]]:
    grouped: dict[tuple[str, str], list[Check]] = {}
    for check in checks or []:
        grouped.setdefault((check.page, check.profile), []).append(check)
    return grouped


def junit_xml(results: dict, checks: list[Check] | None = None) -> str:
    """JUnit XML: a suite per page (its budgets, then its failing findings, then the budget file's checks when
    given: skipped when the page could not be judged) and a suite for the site rules."""
    budget = _by_page(checks)
    suites = ET.Element("testsuites", name=f"ent-audit {results['run']['id']}")
    for page in results["pages"]:
        suite = ET.SubElement(suites, "testsuite", name=page["url"])
        cases: list[tuple[str, ...]] = []  # (name, failure text[, skipped reason])
        values = _budget_values(page)
        if not values:  # the judge did not judge the page's budget: it did not load
            cases.append(("load", f"page did not load: {page['error'] or 'HTTP ' + str(page['status'])}"))
        else:
            cases.append(
                (
                    "budget: page weight",
                    f"{values['page_bytes']} bytes > {values['max_page_bytes']}" if values["over_bytes"] else "",
                )
            )
            cases.append(
                (
                    "budget: requests",
                    f"{values['requests']} requests > {values['max_requests']}" if values["over_requests"] else "",
                )
            )
        for finding in page.get("findings") or []:
            if finding["verdict"] == "fail" and finding["ref"] != "RGESN-6.1":
                cases.append(
                    (f"{finding['ref']}: {rule_title(results, finding['ref'])}", _failure_text(finding) or "fail")
                )
        for violation in (page.get("accessibility") or {}).get("violations") or []:
            cases.append(
                (
                    f"axe {violation['rule']} (RGAA {', '.join(violation.get('rgaa') or []) or '-'})",
                    f"{violation.get('impact', '')}: {violation.get('nodes', 0)} elements",
                )
            )
        for check in budget.get((page["url"], page.get("profile") or ""), []):
            cases.append((f"budget {check.title}", check.describe() if check.broken else "", check.skipped))
        _cases(suite, page["template"] or page["url"], cases)
    site = ET.SubElement(suites, "testsuite", name="site")
    _cases(
        site,
        "site",
        [
            (
                f"{f['ref']}: {rule_title(results, f['ref'])}",
                (_failure_text(f) or "fail") if f["verdict"] == "fail" else "",
            )
            for f in (results.get("site") or {}).get("findings") or []
        ],
    )
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _cases(suite: ET.Element, classname: str, cases: list[tuple[str, ...]]) -> None:
    """Cases are (name, failure text or "") or (name, failure, reason skipped or "")."""
    failures = skipped = 0
    for name, failure, *rest in cases:
        case = ET.SubElement(suite, "testcase", classname=classname, name=name)
        if failure:
            failures += 1
            ET.SubElement(case, "failure", message=failure.splitlines()[0][:200]).text = failure
        elif rest and rest[0]:
            skipped += 1
            ET.SubElement(case, "skipped", message=rest[0][:200])
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    if skipped:  # only then: without a budget file the XML stays byte for byte what it was
        suite.set("skipped", str(skipped))


@output_format("junit", ("junit.xml",))
def write_junit(results: dict[str, Any], out_dir: Path, drawing: Drawing) -> list[Path]:
    return [atomic_write(out_dir / "junit.xml", junit_xml(results, drawing.checks))]
