"""Exports for machines beside ``results.json``, each built from the results document only (so from the store):

- ``pages.csv``, ``resources.csv`` and ``findings.csv`` (one row per finding, page or site) for spreadsheets;
- ``junit.xml``: one test case per page and budget (RGESN 6.1 weight and requests) and per failing rule, one per
  site-wide rule, for any CI's test report;
- ``gl-code-quality.json``: GitLab Code Quality (the education forge runs GitLab), one issue per failing finding and
  accessibility violation, located by page URL.

With a budget file (``--budget``), its checks join them: a JUnit test case per page and budget key, a Code Quality
issue per broken budget. Without one, both files are exactly as before.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from ent_audit.audits.budget import Check
from ent_audit.reports.evidence import evidence_lines

PAGE_COLUMNS = ("url", "final_url", "status", "error", "template", "profile", "depth", "title", "transfer_bytes",
                "requests", "dom_elements", "ecoindex_score", "ecoindex_grade", "ghg_g", "water_cl",
                "a11y_violations", "rgesn_failed", "lighthouse_performance", "lighthouse_accessibility")
RESOURCE_COLUMNS = ("page_url", "url", "type", "status", "mime", "transfer_bytes", "decoded_bytes", "third_party",
                    "from_cache", "redirect", "content_encoding", "protocol", "failed")
FINDING_COLUMNS = ("page_url", "ref", "verdict", "title", "saving_bytes", "evidence")
IMPACT_SEVERITY = {"critical": "critical", "serious": "major", "moderate": "minor", "minor": "info"}


def _atomic_write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, path)
    return path


def _csv(rows: Iterable[dict], columns: tuple[str, ...]) -> str:
    import io
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def page_rows(results: dict) -> list[dict]:
    rows = []
    for page in results["pages"]:
        eco = page.get("ecoindex") or {}
        lighthouse = (page.get("lighthouse") or {}).get("categories") or {}
        rows.append({**{k: page.get(k, "") for k in PAGE_COLUMNS if k in page},
                     "ecoindex_score": eco.get("score", ""), "ecoindex_grade": eco.get("grade", ""),
                     "ghg_g": eco.get("ghg_g", ""), "water_cl": eco.get("water_cl", ""),
                     "a11y_violations": len((page.get("accessibility") or {}).get("violations") or []),
                     "rgesn_failed": sum(1 for f in page.get("findings") or []
                                         if f["ref"].startswith("RGESN-") and f["verdict"] == "fail"),
                     "lighthouse_performance": lighthouse.get("performance", ""),
                     "lighthouse_accessibility": lighthouse.get("accessibility", "")})
    return rows


def resource_rows(results: dict) -> list[dict]:
    return [{"page_url": page["url"], **resource} for page in results["pages"] for resource in page["resources"]]


def finding_rows(results: dict) -> list[dict]:
    """Every finding of the run, the pages' then the site's (``page_url`` empty), its evidence as plain lines."""
    def row(page_url: str, finding: dict) -> dict:
        return {"page_url": page_url, "ref": finding["ref"], "verdict": finding["verdict"],
                "title": _title(results, finding["ref"]), "saving_bytes": finding.get("saving_bytes", ""),
                "evidence": " | ".join(evidence_lines(finding.get("evidence")))}
    return ([row(page["url"], f) for page in results["pages"] for f in page.get("findings") or []]
            + [row("", f) for f in (results.get("site") or {}).get("findings") or []])


def _title(results: dict, ref: str) -> str:
    found = (results.get("rules") or {}).get(ref) or {}
    return str((found.get("title") or {}).get("en") or ref)


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
            cases.append(("budget: page weight", f"{values['page_bytes']} bytes > {values['max_page_bytes']}"
                          if values["over_bytes"] else ""))
            cases.append(("budget: requests", f"{values['requests']} requests > {values['max_requests']}"
                          if values["over_requests"] else ""))
        for finding in page.get("findings") or []:
            if finding["verdict"] == "fail" and finding["ref"] != "RGESN-6.1":
                cases.append((f"{finding['ref']}: {_title(results, finding['ref'])}",
                              _failure_text(finding) or "fail"))
        for violation in (page.get("accessibility") or {}).get("violations") or []:
            cases.append((f"axe {violation['rule']} (RGAA {', '.join(violation.get('rgaa') or []) or '-'})",
                          f"{violation.get('impact', '')}: {violation.get('nodes', 0)} elements"))
        for check in budget.get((page["url"], page.get("profile") or ""), []):
            cases.append((f"budget {check.title}", check.describe() if check.broken else "", check.skipped))
        _cases(suite, page["template"] or page["url"], cases)
    site = ET.SubElement(suites, "testsuite", name="site")
    _cases(site, "site", [(f"{f['ref']}: {_title(results, f['ref'])}",
                           (_failure_text(f) or "fail") if f["verdict"] == "fail" else "")
                          for f in (results.get("site") or {}).get("findings") or []])
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


def _fingerprint(*parts: str) -> str:
    return hashlib.md5("\x1f".join(parts).encode("utf-8")).hexdigest()  # noqa: S324 - an identifier, not security


def code_quality(results: dict, checks: list[Check] | None = None) -> list[dict]:
    """GitLab Code Quality issues: failing findings and axe violations, each at its page's URL; with a budget
    file, one issue per broken budget (at the page's URL too)."""
    issues = []

    def add(description: str, check: str, severity: str, where: str) -> None:
        issues.append({"description": description[:500], "check_name": check, "severity": severity,
                       "fingerprint": _fingerprint(check, where), "location": {"path": where, "lines": {"begin": 1}},
                       "categories": ["Performance" if check.startswith("RGESN") else "Style"]})

    for page in results["pages"]:
        for finding in page.get("findings") or []:
            if finding["verdict"] == "fail":
                first = (evidence_lines(finding.get("evidence")) or [""])[0]
                severity = "major" if finding["ref"] == "RGESN-6.1" else "minor"
                add(f"{_title(results, finding['ref'])}: {first}", finding["ref"], severity, page["url"])
        for violation in (page.get("accessibility") or {}).get("violations") or []:
            add(f"{violation.get('help', violation['rule'])} ({violation.get('nodes', 0)} elements)",
                f"axe-{violation['rule']}", IMPACT_SEVERITY.get(violation.get("impact", ""), "minor"), page["url"])
    start = (results["run"].get("start_urls") or [""])[0]
    for finding in (results.get("site") or {}).get("findings") or []:
        if finding["verdict"] == "fail" and finding["ref"].startswith("DOCTRINE-"):
            first = (evidence_lines(finding.get("evidence")) or [""])[0]
            add(f"{_title(results, finding['ref'])}: {first}", finding["ref"], "major", start)
    for check in checks or []:
        if check.broken:
            name = f"budget-{check.name}"
            issues.append({"description": f"Budget {check.describe()}"[:500], "check_name": name,
                           "severity": "major", "fingerprint": _fingerprint(name, check.page, check.profile),
                           "location": {"path": check.page, "lines": {"begin": 1}},
                           "categories": ["Style" if "violations" in check.name else "Performance"]})
    return issues


MACHINE_FORMATS = ("csv", "junit", "codequality")


def write_exports(results: dict, out_dir: Path, formats: Iterable[str] = MACHINE_FORMATS,
                  checks: list[Check] | None = None) -> list[Path]:
    """pages.csv, resources.csv and findings.csv ("csv"), junit.xml ("junit"), gl-code-quality.json ("codequality") in
    ``out_dir``; ``checks``: a budget file's checks (audits.budget.evaluate), added to JUnit and Code Quality."""
    out, formats = Path(out_dir), set(formats)
    written = []
    if "csv" in formats:
        written.append(_atomic_write(out / "pages.csv", _csv(page_rows(results), PAGE_COLUMNS)))
        written.append(_atomic_write(out / "resources.csv", _csv(resource_rows(results), RESOURCE_COLUMNS)))
        written.append(_atomic_write(out / "findings.csv", _csv(finding_rows(results), FINDING_COLUMNS)))
    if "junit" in formats:
        written.append(_atomic_write(out / "junit.xml", junit_xml(results, checks)))
    if "codequality" in formats:
        written.append(_atomic_write(out / "gl-code-quality.json",
                                     json.dumps(code_quality(results, checks), ensure_ascii=False, indent=2) + "\n"))
    return written
