"""Accessibility ("Inclusif"): axe-core results and page facts → RGAA 4.1 findings, statuses and grouped issues.

Pure functions over the page dicts of ``results.json`` (or the store's rows): no browser, no Scrapy.

Automated tests cover roughly a fifth of RGAA, so nothing here ever says a criterion *conforms*: a criterion is
``fail`` (a non-conformity was detected), ``no_issue_found`` (an automated test covering it ran without finding
anything) or ``manual`` (to check by hand).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from ent_audit.audits.rgaa import (
    AXE_EXPERIMENTAL,
    AXE_RULES,
    BY_ID,
    CRITERIA,
    criteria_of_tags,
    criterion_of_ref,
    tests_of_tags,
    wcag_of_tags,
)
from ent_audit.audits.rules import PAGE, URL, Column, Evidence, Finding, message, note, table, value
from ent_audit.audits.rules import facts as values_only

IMPACTS = ("critical", "serious", "moderate", "minor")
STATUSES = ("fail", "no_issue_found", "manual")
EXAMPLE_PAGES = 3
EVIDENCE_ITEMS = 5  # links or documents listed in one finding's evidence
GENERIC_TITLES = frozenset(
    {"", "accueil", "page", "sans titre", "untitled", "home", "document", "index", "nouvel onglet", "new tab"}
)
OFFICE_MIMES = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/rtf",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
)
OFFICE_EXTENSIONS = frozenset({"pdf", "doc", "docx", "rtf", "odt", "ods", "odp", "xls", "xlsx", "ppt", "pptx"})
# Our own checks beyond axe: criterion → check name (shown in a criterion's ``rules``, prefixed "ent-audit:").
OWN_CHECKS = {
    "8.1": "doctype",
    "8.2": "duplicate-ids",
    "8.3": "lang",
    "9.1": "headings",
    "10.1": "presentation",
    "10.11": "reflow",
    "12.7": "skip-link",
    "13.2": "new-window",
    "13.3": "documents",
    "4.10": "autoplay",
    "8.6": "titles",
}


def _finding(cid: str, verdict: str, evidence: Evidence) -> dict[str, Any]:
    return Finding(verdict, evidence).to_dict(f"RGAA-{cid}")


def _note(fr: str, en: str) -> Evidence:
    return values_only(note(message(fr, en)))


def tested(page: dict[str, Any]) -> bool:
    """True when the page was audited for accessibility (a failed page, or one with no axe data, was not)."""
    acc = page.get("accessibility") or {}
    if page.get("error") or not isinstance(acc, dict):
        return False
    return bool(acc.get("engine") or acc.get("facts") or acc.get("violations") or acc.get("needs_review"))


def _is_office(doc: dict[str, Any]) -> bool:
    mime = (doc.get("mime") or "").split(";")[0].strip().lower()
    if mime in OFFICE_MIMES:
        return True
    name = urlsplit(doc.get("url") or "").path.rsplit("/", 1)[-1].lower()
    return "." in name and name.rpartition(".")[2] in OFFICE_EXTENSIONS


def page_findings(page: dict[str, Any]) -> list[dict[str, Any]]:
    """RGAA findings from the page's facts (our own checks beyond axe); empty for a page not tested.

    A fact the crawler did not record gives no finding (never a guess).
    """
    if not tested(page):
        return []
    facts = (page.get("accessibility") or {}).get("facts") or {}
    out: list[dict[str, Any]] = []
    if "doctype" in facts:
        doctype = (facts.get("doctype") or "").strip()
        out.append(
            _finding("8.1", "pass", facts_of("doctype", "code", f"<!DOCTYPE {doctype}>"))
            if doctype
            else _finding("8.1", "fail", _note("Aucun doctype", "No doctype"))
        )
    if "duplicate_ids" in facts:  # ids must be unique (valid code); axe only flags the ARIA ones, for review
        duplicates = list(facts.get("duplicate_ids") or [])
        out.append(
            _finding(
                "8.2",
                "fail",
                table(
                    [Column("id", "code", message("id en double", "Duplicate id"))],
                    ({"id": d} for d in duplicates[:EVIDENCE_ITEMS]),
                    [value(message("id en double", "Duplicate ids"), "count", len(duplicates))],
                ),
            )
            if duplicates
            else _finding("8.2", "pass", _note("Aucun id en double", "No duplicate id"))
        )
    if "lang" in facts:
        lang = (facts.get("lang") or "").strip()
        out.append(
            _finding("8.3", "pass", facts_of("lang", "code", f'lang="{lang}"'))
            if lang
            else _finding("8.3", "fail", _note("Aucun attribut lang sur <html>", "No lang on <html>"))
        )
    if "headings" in facts:
        levels = [int(n) for n in facts.get("headings") or []]
        pairs = zip(levels, levels[1:], strict=False)
        jumps = list(
            dict.fromkeys((f"h{before}", f"h{after}") for before, after in pairs if before and after > before + 1)
        )
        outline = value(message("Titres dans l'ordre", "Headings in order"), "code", " ".join(f"h{n}" for n in levels))
        if 1 in levels and not jumps:
            out.append(_finding("9.1", "pass", values_only(outline)))
        else:
            summary = [] if 1 in levels else [note(message("Aucun titre h1", "No h1 heading"))]
            out.append(
                _finding(
                    "9.1",
                    "fail",
                    table(
                        [
                            Column("from", "code", message("Titre", "Heading")),
                            Column("to", "code", message("Suivi de", "Followed by")),
                        ],
                        ({"from": a, "to": b} for a, b in jumps),
                        summary + [outline],
                    ),
                )
            )
    if "presentational" in facts:
        counts = {k: int(v) for k, v in (facts.get("presentational") or {}).items() if v}
        out.append(
            _finding(
                "10.1",
                "fail",
                table(
                    [
                        Column("markup", "code", message("Balise ou attribut", "Tag or attribute")),
                        Column("count", "count", message("Occurrences", "Occurrences")),
                    ],
                    ({"markup": k, "count": v} for k, v in sorted(counts.items())),
                ),
            )
            if counts
            else _finding(
                "10.1", "pass", _note("Aucune balise ni attribut de présentation", "No presentational tag or attribute")
            )
        )
    if facts.get("reflow_overflow_px") is not None:
        overflow = int(facts["reflow_overflow_px"])
        out.append(
            _finding(
                "10.11",
                "fail",
                values_only(
                    value(
                        message("Débordement horizontal à 320 px de large", "Horizontal overflow at 320 px wide"),
                        "px",
                        overflow,
                    )
                ),
            )
            if overflow > 0
            else _finding(
                "10.11",
                "pass",
                _note("Aucun débordement horizontal à 320 px de large", "No horizontal overflow at 320 px wide"),
            )
        )
    if "skip_link" in facts:
        out.append(
            _finding("12.7", "pass", _note("Lien d'évitement en premier", "Skip link first"))
            if facts.get("skip_link")
            else _finding("12.7", "fail", _note("Aucun lien d'évitement", "No skip link"))
        )
    if "new_window_links" in facts:
        links = facts.get("new_window_links") or []
        # Opening a new window from a click is a user action; RGAA still wants it announced. Intent matters: review.
        out.append(
            _finding(
                "13.2",
                "manual",
                table(
                    [Column("text", "text", message("Intitulé du lien", "Link text")), URL],
                    (
                        {"text": (link.get("text") or "").strip(), "url": link.get("href") or ""}
                        for link in links[:EVIDENCE_ITEMS]
                    ),
                    [
                        value(
                            message("Liens target=_blank sans avertissement", "target=_blank links without warning"),
                            "count",
                            len(links),
                        )
                    ],
                ),
            )
            if links
            else _finding(
                "13.2",
                "pass",
                _note("Aucun lien vers une nouvelle fenêtre non annoncé", "No unannounced new-window link"),
            )
        )
    documents = [d for d in page.get("documents") or [] if _is_office(d)]
    out.append(
        _finding(
            "13.3",
            "manual",
            table(
                [URL],
                ({"url": d.get("url") or ""} for d in documents[:EVIDENCE_ITEMS]),
                [
                    value(
                        message("Documents bureautiques ou PDF liés", "Linked office or PDF documents"),
                        "count",
                        len(documents),
                    )
                ],
            ),
        )
        if documents
        else _finding("13.3", "na", _note("Aucun document bureautique ni PDF lié", "No linked office or PDF document"))
    )
    if "media" in facts:
        media = facts.get("media") or []
        loud = [m for m in media if m.get("autoplay") and not m.get("muted")]
        if loud:
            kinds = "/".join(sorted({m.get("tag") or "media" for m in loud}))
            out.append(
                _finding(
                    "4.10",
                    "fail",
                    values_only(
                        value(
                            message("Médias en lecture automatique avec le son", "Media autoplaying with sound"),
                            "count",
                            len(loud),
                        ),
                        value(message("Éléments", "Elements"), "code", kinds),
                    ),
                )
            )
        else:
            quiet = message("Médias, aucun en lecture automatique avec le son", "Media, none autoplaying with sound")
            out.append(
                _finding("4.10", "pass", values_only(value(quiet, "count", len(media))))
                if media
                else _finding("4.10", "na", _note("Aucun son ni vidéo", "No audio or video"))
            )
    return out


_FACT_LABELS = {"doctype": message("Doctype", "Doctype"), "lang": message("Langue de la page", "Page language")}


def facts_of(key: str, type_: str, data: Any) -> Evidence:
    return values_only(value(_FACT_LABELS[key], type_, data))


# -- site view ------------------------------------------------------------------------------------------------


def violation_criteria(violation: dict[str, Any]) -> list[str]:
    """RGAA criteria of one axe result: its ``rgaa`` list, else its RGAA tags, else axe's table by rule id."""
    refs = [c for c in (criterion_of_ref(r) for r in violation.get("rgaa") or []) if c]
    if not refs:
        refs = criteria_of_tags(violation.get("tags"))
    if not refs:
        refs = list(AXE_RULES.get(violation.get("rule") or "", ()))
    return sorted(set(refs), key=lambda r: tuple(int(p) for p in r.split(".")))


def violation_wcag(violation: dict[str, Any]) -> list[str]:
    return list(violation.get("wcag") or wcag_of_tags(violation.get("tags")))


def node_count(violation: dict[str, Any]) -> int:
    nodes = violation.get("nodes")
    if isinstance(nodes, list):
        return len(nodes)
    return int(nodes or 0)


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


def _page_key(page: dict[str, Any]) -> str:
    return page.get("url") or ""


def _template_key(page: dict[str, Any]) -> str:
    template = page.get("template") or page.get("url") or ""
    return f"{page.get('profile') or ''} · {template}"


def _title_of(page: dict[str, Any]) -> str:
    facts = (page.get("accessibility") or {}).get("facts") or {}
    title = facts.get("title") if "title" in facts else page.get("title")
    return " ".join(str(title or "").split())


def title_findings(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """Site-wide 8.6: the same title on pages of different templates, or a generic one ("Accueil", "Sans titre"…).

    Returns ``{verdict, evidence: {headings, items}, pages: [url]}`` (verdict ``pass`` when no tested page has such
    a title, ``na`` when no page was tested); an item is a generic title on one page, or a title shared by pages of
    several templates.
    """
    pages = [p for p in pages if tested(p)]
    if not pages:
        return {"verdict": "na", "evidence": table(TITLE_COLUMNS).to_dict(), "pages": []}
    items: list[dict[str, Any]] = []
    offenders = []
    by_title: dict[str, list[dict[str, Any]]] = {}
    for page in pages:
        title = _title_of(page)
        by_title.setdefault(title.casefold(), []).append(page)
        if title.strip(" -–—|·:").casefold() in GENERIC_TITLES:
            items.append({"title": title, "generic": True, "pages": 1, "templates": 1, "page": page.get("url")})
            offenders.append(page.get("url"))
    for key, group in by_title.items():
        if key and len({_template_key(p) for p in group}) > 1:
            urls = [p.get("url") for p in group]
            templates = len({_template_key(p) for p in group})
            items.append(
                {
                    "title": _title_of(group[0]),
                    "generic": False,
                    "pages": len(group),
                    "templates": templates,
                    "page": urls[0],
                }
            )
            offenders.extend(urls)
    return {
        "verdict": "fail" if items else "pass",
        "evidence": table(TITLE_COLUMNS, items).to_dict(),
        "pages": list(dict.fromkeys(offenders)),
    }


TITLE_COLUMNS = [
    Column("title", "text", message("Titre", "Title")),
    Column("generic", "bool", message("Générique", "Generic")),
    Column("pages", "count", message("Pages", "Pages")),
    Column("templates", "count", message("Modèles de page", "Templates")),
    PAGE,
]


def _home(pages: list[dict[str, Any]]) -> dict[str, Any] | None:
    candidates = [p for p in pages if tested(p)]
    if not candidates:
        return None
    return min(enumerate(candidates), key=lambda ip: (ip[1].get("depth") or 0, ip[0]))[1]


def statement_view(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """Whether the home page (the first page of least depth that was tested) shows the accessibility statement."""
    home = _home(pages)
    if home is None:
        return {"page": None, "known": False, "shown": False, "value": ""}
    facts = (home.get("accessibility") or {}).get("facts") or {}
    value = " ".join(str(facts.get("statement") or "").split())
    return {"page": home.get("url"), "known": "statement" in facts, "shown": bool(value), "value": value}


def _issues(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
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
                issue["_pages"].setdefault(_page_key(page), None)
                issue["_templates"].add(_template_key(page))
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
        url = _page_key(page)
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
        if acc.get("engine") and not acc.get("incomplete"):
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
                add_rule(row, f"ent-audit:{OWN_CHECKS.get(cid, 'check')}")
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
            add_rule(row, "ent-audit:titles")
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
        "pages_incomplete": sum(1 for p in tested_pages if (p.get("accessibility") or {}).get("incomplete")),
        "engine": next((p["accessibility"]["engine"] for p in tested_pages if p["accessibility"].get("engine")), ""),
        "counts": counts,
        "criteria": criteria,
        "issues": _issues(tested_pages),
        "statement": statement_view(pages),
    }


def enrich_results(results: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """axe results with ``rgaa`` (criteria) and ``wcag`` lists computed from their tags (others kept as they are)."""
    out = []
    for result in results or []:
        item = dict(result)
        item["rule"] = item.get("rule") or "?"
        item.setdefault("impact", None)
        item["rgaa"] = violation_criteria(result)
        item["rgaa_tests"] = tests_of_tags(result.get("tags") or [])
        item["wcag"] = violation_wcag(result)
        item["nodes"] = node_count(result)
        item["targets"] = [str(t) for t in item.get("targets") or []]
        out.append(item)
    return out


__all__ = [
    "page_findings",
    "site_view",
    "title_findings",
    "statement_view",
    "normalise_target",
    "tested",
    "violation_criteria",
    "enrich_results",
    "BY_ID",
    "IMPACTS",
    "STATUSES",
]
