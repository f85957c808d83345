"""axe violations of the whole run grouped into issues: one per rule and component, the same defect on every row of a
list or every page of a template counted once, with where it was seen."""

from __future__ import annotations

import re
from typing import Any

from ent_audit.audits.rgaa.axe import node_count, violation_criteria, violation_wcag
from ent_audit.audits.rgaa.pages import page_key, template_key

IMPACTS = ("critical", "serious", "moderate", "minor")
EXAMPLE_PAGES = 3

_NTH = re.compile(r":nth-(?:last-)?(?:child|of-type)\([^)]*\)")
_DIGIT_ID = re.compile(r"#(?:[\w-]|\\.)*\d(?:[\w-]|\\.)*")
_DIGIT_ATTR = re.compile(r"\[[^\]]*\d[^\]]*\]")
_TOKEN = re.compile(r"(?:\[[^\]]*\]|\([^)]*\)|[^\s>+~\[(])+|\s*[>+~]\s*|\s+")


def normalise_target(target: str) -> str:
    """A CSS selector reduced to its component: no ``:nth-child()``/``:nth-of-type()`` index, no id or attribute
    value holding digits (``#msg-42``, ``[href="/cahier/12"]``), so the same defect on each row or item is one."""
    out = []
    for token in _TOKEN.findall(str(target).strip()):
        if not token.strip():
            out.append(" ")
        elif token.strip() in (">", "+", "~"):
            out.append(f" {token.strip()} ")
        else:
            compound = _DIGIT_ATTR.sub("", _DIGIT_ID.sub("", _NTH.sub("", token)))
            out.append(compound or "*")
    return "".join(out).strip() or "*"


def group_issues(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The axe violations of the tested pages grouped by rule and component (:func:`normalise_target`), most severe
    first: each with its impact, criteria, nodes, pages, templates and a few example pages."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for page in pages:
        for violation in (page.get("accessibility") or {}).get("violations") or []:
            rule = violation.get("rule") or "?"
            targets = [str(t) for t in violation.get("targets") or []] or [""]
            keys = [normalise_target(t) if t else "" for t in targets]
            share = {k: keys.count(k) for k in keys}
            # Nodes beyond the listed targets go to the component seen most often (all of them when only one).
            main = max(share, key=lambda k: share[k])
            share[main] += max(0, node_count(violation) - len(targets))
            for key, nodes in share.items():
                issue = groups.get((rule, key))
                if issue is None:
                    issue = groups[(rule, key)] = {
                        "rule": rule,
                        "target": key,
                        "impact": None,
                        "help": violation.get("help") or "",
                        "help_fr": violation.get("help_fr") or "",
                        "rgaa": [],
                        "wcag": [],
                        "nodes": 0,
                        "_pages": {},
                        "_templates": set(),
                        "snippet": "",
                    }
                impact = violation.get("impact")
                if impact in IMPACTS and (
                    issue["impact"] is None or IMPACTS.index(impact) < IMPACTS.index(issue["impact"])
                ):
                    issue["impact"] = impact
                issue["rgaa"] = sorted(
                    set(issue["rgaa"]) | set(violation_criteria(violation)),
                    key=lambda r: tuple(int(p) for p in r.split(".")),
                )
                issue["wcag"] = sorted(set(issue["wcag"]) | set(violation_wcag(violation)))
                issue["nodes"] += nodes
                issue["_pages"].setdefault(page_key(page), None)
                issue["_templates"].add(template_key(page))
                if not issue["snippet"]:
                    for target, snippet in zip(targets, violation.get("snippets") or [], strict=False):
                        if (normalise_target(target) if target else "") == key:
                            issue["snippet"] = str(snippet)[:300]
                            break
    issues = []
    for issue in groups.values():
        urls = list(issue.pop("_pages"))
        issue["pages"] = len(urls)
        issue["templates"] = len(issue.pop("_templates"))
        issue["examples"] = urls[:EXAMPLE_PAGES]
        issues.append(issue)
    rank = {impact: i for i, impact in enumerate(IMPACTS)}
    issues.sort(key=lambda i: (rank.get(i["impact"], len(IMPACTS)), -i["pages"], -i["nodes"], i["rule"], i["target"]))
    return issues
