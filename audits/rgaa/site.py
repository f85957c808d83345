"""The run's accessibility view: the 106 RGAA 4.1 criteria with a status, the grouped issues, the home page's
statement (``accessibility`` in the judgement, :func:`ent_audit.audits.judge.judge_run`).

Automated tests cover roughly a fifth of RGAA, so nothing here ever says a criterion *conforms*: a criterion is
``fail`` (a non-conformity was detected), ``no_issue_found`` (an automated test covering it ran without finding
anything) or ``manual`` (to check by hand).
"""

from __future__ import annotations

from typing import Any

from ent_audit.audits.rgaa.axe import AXE_EXPERIMENTAL, AXE_RULES, criterion_of_ref, node_count, violation_criteria
from ent_audit.audits.rgaa.checks import check_name, page_findings
from ent_audit.audits.rgaa.criteria import CRITERIA
from ent_audit.audits.rgaa.issues import EXAMPLE_PAGES, group_issues
from ent_audit.audits.rgaa.pages import axe_complete, page_key, tested
from ent_audit.audits.rgaa.statement import statement_view
from ent_audit.audits.rgaa.titles import NAME as TITLES
from ent_audit.audits.rgaa.titles import title_findings

STATUSES = ("fail", "no_issue_found", "manual")


def site_view(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """The run's accessibility view: 106 criteria with a status, grouped issues, the home page's statement.

    ``pages`` are results.json pages (or store rows) with ``accessibility`` and, optionally, ``findings`` already
    computed; own checks are recomputed with :func:`page_findings` so both inputs give the same answer.
    """
    tested_pages = [p for p in pages if tested(p)]
    rows: dict[str, dict[str, Any]] = {
        c.id: {
            "id": c.id,
            "theme": c.theme,
            "title": {"fr": c.title_fr, "en": c.title_en},
            "status": "manual",
            "pages": 0,
            "nodes": 0,
            "rules": [],
            "evidence": [],
            "_fail": set(),
            "_review": set(),
            "_covered": False,
        }
        for c in CRITERIA
    }

    def add_rule(row: dict[str, Any], rule: str) -> None:
        if rule not in row["rules"]:
            row["rules"].append(rule)

    for page in tested_pages:
        url = page_key(page)
        acc = page.get("accessibility") or {}
        results = [(v, True) for v in acc.get("violations") or []] + [(v, False) for v in acc.get("needs_review") or []]
        for violation, failed in results:
            for cid in violation_criteria(violation):
                row = rows[cid]
                row["_covered"] = True
                if failed:
                    row["_fail"].add(url)
                    row["nodes"] += node_count(violation)
                    add_rule(row, violation.get("rule") or "?")
                else:
                    row["_review"].add(url)
        if axe_complete(page):
            for rule, cids in AXE_RULES.items():
                if rule not in AXE_EXPERIMENTAL:
                    for cid in cids:
                        rows[cid]["_covered"] = True
        for finding in page_findings(page):
            cid = criterion_of_ref(finding["ref"]) or ""  # our own checks carry an RGAA ref
            row = rows[cid]
            row["_covered"] = True
            if finding["verdict"] == "fail":
                row["_fail"].add(url)
                add_rule(row, f"ent-audit:{check_name(cid)}")
                if len(row["evidence"]) < EXAMPLE_PAGES:
                    row["evidence"].append({"page": url, "evidence": finding["evidence"]})
            elif finding["verdict"] == "manual":
                row["_review"].add(url)
                if len(row["evidence"]) < EXAMPLE_PAGES:
                    row["evidence"].append({"page": url, "evidence": finding["evidence"]})

    titles = title_findings(tested_pages)
    if titles["verdict"] != "na":
        row = rows["8.6"]
        row["_covered"] = True
        if titles["verdict"] == "fail":
            row["_fail"].update(titles["pages"])
            add_rule(row, f"ent-audit:{TITLES}")
            row["evidence"].append({"page": None, "evidence": titles["evidence"]})

    counts = {status: 0 for status in STATUSES}
    criteria = []
    for row in rows.values():
        failed, review, covered = row.pop("_fail"), row.pop("_review"), row.pop("_covered")
        row["pages"] = len(failed)
        row["review_pages"] = len(review)
        row["status"] = "fail" if failed else "manual" if review or not covered else "no_issue_found"
        counts[row["status"]] += 1
        criteria.append(row)
    return {
        "pages_tested": len(tested_pages),
        "pages_incomplete": sum(1 for p in tested_pages if not axe_complete(p)),  # axe timed out or did not run
        "engine": next((p["accessibility"]["engine"] for p in tested_pages if p["accessibility"].get("engine")), ""),
        "counts": counts,
        "criteria": criteria,
        "issues": group_issues(tested_pages),
        "statement": statement_view(pages),
    }
