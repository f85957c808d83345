"""gl-code-quality.json: GitLab Code Quality (the education forge runs GitLab), one issue per failing finding and
accessibility violation, located by page URL; with a budget file, one per broken budget."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ent_audit.audits.budget import Check
from ent_audit.reports.evidence import evidence_lines
from ent_audit.reports.files import atomic_write
from ent_audit.reports.formats import Drawing, output_format, rule_title

IMPACT_SEVERITY = {"critical": "critical", "serious": "major", "moderate": "minor", "minor": "info"}


def _fingerprint(*parts: str) -> str:
    return hashlib.md5("\x1f".join(parts).encode("utf-8")).hexdigest()  # noqa: S324 - an identifier, not security


def code_quality(results: dict, checks: list[Check] | None = None) -> list[dict]:
    """GitLab Code Quality issues: failing findings and axe violations, each at its page's URL; with a budget
    file, one issue per broken budget (at the page's URL too)."""
    issues = []

    def add(description: str, check: str, severity: str, where: str) -> None:
        issues.append(
            {
                "description": description[:500],
                "check_name": check,
                "severity": severity,
                "fingerprint": _fingerprint(check, where),
                "location": {"path": where, "lines": {"begin": 1}},
                "categories": ["Performance" if check.startswith("RGESN") else "Style"],
            }
        )

    for page in results["pages"]:
        for finding in page.get("findings") or []:
            if finding["verdict"] == "fail":
                first = (evidence_lines(finding.get("evidence")) or [""])[0]
                severity = "major" if finding["ref"] == "RGESN-6.1" else "minor"
                add(f"{rule_title(results, finding['ref'])}: {first}", finding["ref"], severity, page["url"])
        for violation in (page.get("accessibility") or {}).get("violations") or []:
            add(
                f"{violation.get('help', violation['rule'])} ({violation.get('nodes', 0)} elements)",
                f"axe-{violation['rule']}",
                IMPACT_SEVERITY.get(violation.get("impact", ""), "minor"),
                page["url"],
            )
    start = (results["run"].get("start_urls") or [""])[0]
    for finding in (results.get("site") or {}).get("findings") or []:
        if finding["verdict"] == "fail" and finding["ref"].startswith("DOCTRINE-"):
            first = (evidence_lines(finding.get("evidence")) or [""])[0]
            add(f"{rule_title(results, finding['ref'])}: {first}", finding["ref"], "major", start)
    for check in checks or []:
        if check.broken:
            name = f"budget-{check.name}"
            issues.append(
                {
                    "description": f"Budget {check.describe()}"[:500],
                    "check_name": name,
                    "severity": "major",
                    "fingerprint": _fingerprint(name, check.page, check.profile),
                    "location": {"path": check.page, "lines": {"begin": 1}},
                    "categories": ["Style" if "violations" in check.name else "Performance"],
                }
            )
    return issues


@output_format("codequality", ("gl-code-quality.json",))
def write_code_quality(results: dict[str, Any], out_dir: Path, drawing: Drawing) -> list[Path]:
    issues = code_quality(results, drawing.checks)
    return [atomic_write(out_dir / "gl-code-quality.json", json.dumps(issues, ensure_ascii=False, indent=2) + "\n")]
