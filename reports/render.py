"""The HTML report: one self-contained file (inline CSS, no JavaScript, nothing fetched), French by default.

It reads only a results document (see ``reports.results.build_results``): rendering never re-crawls.
Strings live in ``reports.catalogue`` keyed by language ("fr", "en"): English in the code, French from the gettext
catalogue.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ent_audit import __version__
from ent_audit.audits.metrics.carbon import FRANCE_GRID_INTENSITY, GLOBAL_GRID_INTENSITY
from ent_audit.audits.model import same_page
from ent_audit.audits.rgaa import THEMES
from ent_audit.reports.catalogue import CATALOGUE, NBSP, NNBSP  # noqa: F401  (re-exported for tests)
from ent_audit.reports.evidence import evidence_view, localised
from ent_audit.reports.evolution import evolution_view
from ent_audit.reports.files import atomic_write
from ent_audit.reports.formatting import (  # noqa: F401
    catalogue_strings,
    counted,
    format_bytes,
    format_datetime,
    format_number,
    format_percent,
    plural,
    safe_link,
    short_url,
)
from ent_audit.reports.history import RunRow
from ent_audit.reports.priorities import rank_priorities
from ent_audit.reports.sites import Figures, SitesComparison

TEMPLATES_DIR = Path(__file__).parent / "templates"
GRADES = ("A", "B", "C", "D", "E", "F", "G")
# EcoIndex grade colours; the letter is printed in GRADE_TEXT_COLOUR on them (contrast >= 4.5:1, see tests).
GRADE_COLOURS = {
    "A": "#349a47",
    "B": "#51b84b",
    "C": "#cadb2a",
    "D": "#f6eb15",
    "E": "#fecd06",
    "F": "#f99839",
    "G": "#ed2124",
}
GRADE_TEXT_COLOUR = "#000000"
RESOURCES_PER_PAGE = 8  # heaviest resources listed in each page's <details>; the rest is summed up
PAGES_TABLE_ROWS = 100  # rows of the pages table, worst first; every page is in pages.csv and results.json
DOCUMENTS_PER_PAGE = 10  # heaviest linked documents listed per page (the crawler sizes up to 20); the rest is summed
ISSUES_SHOWN = 40  # grouped accessibility issues listed in the report; the rest stays in results.json
BLOCKED_PER_PAGE = 5  # distinct blocked requests listed per page (a polling beacon repeats); the rest is counted
EVIDENCE_LINES = 10  # evidence rows shown per site finding (Responsable, Durable); the rest is counted
PAGE_EVIDENCE_LINES = 3  # evidence rows shown per failing RGESN finding in a page's <details>
DECONNEXION_ITEMS = 10  # timestamped items inside the quiet window listed; the rest is counted
ITEM_TEXT_LEN = 160
PAGES_DETAILED_PER_TEMPLATE = 5  # pages of one template look alike: the worst ones unfold, the rest stay in the table
PAGES_DETAILED = 60  # pages unfolded in all, worst templates first: the report's size stays bounded
TEMPLATES_ROWS = 100  # rows of the templates table, most frequent first
PAGE_VIOLATIONS = 8  # accessibility violations listed in a page's <details>, most severe first
IMPACT_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
VERDICT_ORDER = ("fail", "manual", "pass", "na", "not_measured", "todo")  # order of the counts in a family's summary
# Linked documents: a short, language-neutral kind for the usual MIME types (the raw type is often unreadable).
DOCUMENT_KINDS = {
    "application/pdf": "PDF",
    "application/msword": "Word",
    "application/rtf": "RTF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
    "application/zip": "ZIP",
    "application/x-zip-compressed": "ZIP",
    "application/x-7z-compressed": "7z",
    "application/vnd.rar": "RAR",
    "application/x-rar-compressed": "RAR",
    "application/gzip": "gzip",
    "application/x-tar": "tar",
    "text/csv": "CSV",
}


# -- view model -------------------------------------------------------------------------------------------


def _table(document: dict[str, Any], key: str) -> dict[str, Any]:
    """``document[key]`` when it is a table, else an empty one (results.json of older versions may lack it)."""
    value = document.get(key)
    return value if isinstance(value, dict) else {}


def _type_label(strings: dict, resource_type: str) -> str:
    return strings["types"].get(resource_type, resource_type or strings["types"]["other"])


def _document_kind(strings: dict, mime: str, url: str) -> str:
    """``PDF``, ``Word``, ``image JPEG``…; the file extension when the server says nothing useful."""
    mime = (mime or "").lower().strip()
    if mime in DOCUMENT_KINDS:
        return DOCUMENT_KINDS[mime]
    major, _, minor = mime.partition("/")
    if major in strings["media_kinds"] and minor:
        minor = minor.split("+")[0].removeprefix("x-").upper()
        return f"{strings['media_kinds'][major]} {minor}"
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    extension = name.rpartition(".")[2] if "." in name else ""
    if extension.isalnum() and len(extension) <= 5:
        return extension.upper()
    return mime if mime and mime != "application/octet-stream" else strings["type_unknown"]


def _document_view(doc: dict, home: str, lang: str, strings: dict) -> dict:
    method = doc.get("method") or "HEAD"
    measure = (
        strings["measures"]["GET_capped" if method == "GET" and doc.get("capped") else method]
        if method in ("HEAD", "GET")
        else method
    )
    problem = ""
    if doc.get("error"):
        problem = strings["measure_error"].format(error=doc["error"])
    elif not 200 <= (doc.get("status") or 0) < 300:
        problem = strings["measure_status"].format(status=doc.get("status") or 0)
    size = doc.get("bytes")
    return {
        "short": short_url(doc["url"], home, 56),
        "kind": _document_kind(strings, doc.get("mime") or "", doc["url"]),
        "size": format_bytes(size, lang) if size is not None else strings["size_unknown"],
        "known": size is not None,
        "measure": f"{measure} — {problem}" if problem else measure,
        "problem": bool(problem),
    }


def _size_detail(sizes: list[int | None], lang: str, strings: dict) -> str:
    """``1,2 Mo en tout, dont 1 de taille inconnue``: the known total, and how many sizes stay unknown."""
    unknown = sum(1 for size in sizes if size is None)
    known = [size for size in sizes if size is not None]
    parts = [strings["documents_total"].format(weight=format_bytes(sum(known), lang))] if known else []
    if unknown:
        parts.append(plural(lang, unknown, *strings["documents_unknown"]).format(n=format_number(unknown, lang)))
    return ", ".join(parts)


def _documents_view(documents: list[dict], home: str, lang: str, strings: dict) -> tuple[list[dict], str]:
    """The heaviest linked documents of a page (unknown sizes last), and a line summing up the others."""
    ranked = sorted(documents, key=lambda d: (d.get("bytes") is None, -(d.get("bytes") or 0)))
    shown, rest = ranked[:DOCUMENTS_PER_PAGE], ranked[DOCUMENTS_PER_PAGE:]
    line = (
        plural(lang, len(rest), *strings["documents_others"]).format(
            n=format_number(len(rest), lang), detail=_size_detail([d.get("bytes") for d in rest], lang, strings)
        )
        if rest
        else ""
    )
    return [_document_view(d, home, lang, strings) for d in shown], line


def _blocked_reason(strings: dict, reason: str) -> str:
    if reason.startswith("method "):
        return strings["blocked_method"].format(method=reason[len("method ") :])
    return strings["blocked_reasons"].get(reason) or _spared_reason(strings, reason)


def _blocked_view(blocked: list[dict], home: str, lang: str, strings: dict) -> tuple[list[dict], str]:
    """Blocked requests of a page, identical ones grouped (a beacon fired every few seconds is one row)."""
    groups: dict[tuple[str, str, str], int] = {}
    for b in blocked:
        key = (b.get("method") or "", b["url"], b.get("reason") or "")
        groups[key] = groups.get(key, 0) + 1
    rows = [
        {
            "method": method,
            "short": short_url(url, home, 56),
            "reason": _blocked_reason(strings, reason),
            "times": strings["times"].format(n=format_number(count, lang)) if count > 1 else "",
        }
        for (method, url, reason), count in groups.items()
    ]
    rest = sum(list(groups.values())[BLOCKED_PER_PAGE:])
    line = plural(lang, rest, *strings["blocked_others"]).format(n=format_number(rest, lang)) if rest else ""
    return rows[:BLOCKED_PER_PAGE], line


def _page_view(page: dict, home: str, lang: str, strings: dict, rules: dict) -> dict:
    eco = page.get("ecoindex")
    status_parts = []
    if page.get("status"):
        status = int(page["status"])
        # "500 Internal Server Error": the code alone says nothing to a head of school (the phrase is HTTP's own)
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ and status >= 300 else ""
        status_parts.append(f"{status} {phrase}".strip())
    if page.get("error"):
        status_parts.append(page["error"])
    if not page.get("settled", True):
        status_parts.append(strings["unsettled"])

    resources = page.get("resources", [])
    by_type: dict[str, list[int]] = {}
    for r in resources:
        entry = by_type.setdefault(r["type"], [0, 0])
        entry[0] += 1
        entry[1] += r["transfer_bytes"]
    heaviest = sorted(resources, key=lambda r: -r["transfer_bytes"])[:RESOURCES_PER_PAGE]
    rest_count = len(resources) - len(heaviest)
    rest_bytes = sum(r["transfer_bytes"] for r in resources) - sum(r["transfer_bytes"] for r in heaviest)

    documents, documents_rest = _documents_view(page.get("documents") or [], home, lang, strings)
    blocked, blocked_rest = _blocked_view(page.get("blocked") or [], home, lang, strings)
    rgesn = _page_rgesn_view(page, home, lang, strings, rules)

    page_bytes = sum(v[1] for v in by_type.values())
    violations = sorted(
        (page.get("accessibility") or {}).get("violations") or [],
        key=lambda v: (IMPACT_ORDER.get(v.get("impact") or "", 9), -int(v.get("nodes") or 0)),
    )

    def flags(r: dict) -> str:
        marks = [
            strings[k]
            for k, on in (("third_party", r["third_party"]), ("cached", r["from_cache"]), ("redirect", r["redirect"]))
            if on
        ]
        return ", ".join(marks)

    return {
        "url": page["url"],
        "href": safe_link(page["url"]),
        "short": short_url(page["url"], home),
        "template": page.get("template") or strings["none"],
        "grade": eco["grade"] if eco else None,
        "score": format_number(eco["score"], lang) if eco else strings["none"],
        "weight": format_bytes(page["transfer_bytes"], lang),
        "requests": format_number(page["requests"], lang),
        "requests_label": plural(lang, page["requests"], strings["request_one"], strings["request_many"]),
        "dom": format_number(page["dom_elements"], lang),
        "status": " — ".join(status_parts) or strings["none"],
        "ok": bool(page.get("loaded")),
        "template_key": page.get("template") or "",
        "final": (
            short_url(page["final_url"], home)
            if page.get("final_url") and not same_page(page["final_url"], page["url"])
            else ""
        ),
        "by_type": [
            {
                "label": _type_label(strings, t),
                "count": format_number(v[0], lang),
                "weight": format_bytes(v[1], lang),
                "share": format_percent(v[1], page_bytes, lang),
                "bar": round(100 * v[1] / page_bytes) if page_bytes else 0,
            }
            for t, v in sorted(by_type.items(), key=lambda kv: -kv[1][1])
        ],
        "violations": [
            {
                "help": v.get(f"help_{lang}") or v.get("help") or v.get("rule", ""),
                "rule": v.get("rule", ""),
                "impact": strings["impacts"].get(v.get("impact") or "none", v.get("impact") or ""),
                "nodes": counted(lang, strings, "elements", int(v.get("nodes") or 0)),
                "rgaa": ", ".join(v.get("rgaa") or []),
            }
            for v in violations[:PAGE_VIOLATIONS]
        ],
        "violations_more": (
            counted(lang, strings, "violations_more", len(violations) - PAGE_VIOLATIONS)
            if len(violations) > PAGE_VIOLATIONS
            else ""
        ),
        "resources": [
            {
                "short": short_url(r["url"], home, 56),
                "type": _type_label(strings, r["type"]),
                "status": r["status"] or (r["failed"] or strings["none"]),
                "weight": format_bytes(r["transfer_bytes"], lang),
                "flags": flags(r),
            }
            for r in heaviest
        ],
        "rest": (
            plural(lang, rest_count, *strings["others"]).format(n=rest_count, weight=format_bytes(rest_bytes, lang))
            if rest_count
            else ""
        ),
        "profile": page.get("profile") or strings["none"],
        "documents": documents,
        "documents_rest": documents_rest,
        "blocked": blocked,
        "blocked_rest": blocked_rest,
        "rgesn": rgesn,
        "samples": _samples_view(page.get("facts") or {}, lang, strings) + _lighthouse_lines(page, lang, strings),
        "extra": ", ".join(
            plural(lang, len(items), *strings[key]).format(n=format_number(len(items), lang))
            for key, items in (
                ("page_rgesn_count", rgesn),
                ("page_violations_count", violations),
                ("documents_count", page.get("documents") or []),
                ("blocked_count", page.get("blocked") or []),
            )
            if items
        ),
        "_sort": (eco is None, eco["score"] if eco else 0),
        "_score": eco["score"] if eco else None,
        "_bytes": page["transfer_bytes"],
    }


def _distribution_chart(distribution: dict[str, int]) -> dict:
    top = max(distribution.values(), default=0) or 1
    bars = []
    for i, letter in enumerate(GRADES):
        count = distribution.get(letter, 0)
        height = round(120 * count / top)
        bars.append(
            {
                "letter": letter,
                "count": count,
                "x": 12 + i * 48,
                "y": 140 - height,
                "height": height,
                "colour": GRADE_COLOURS[letter],
            }
        )
    return {"bars": bars, "width": 12 + 7 * 48, "height": 170}


def _templates_view(crawl: dict, settings: dict, home: str, lang: str, strings: dict) -> dict:
    """The "Modèles de page" section: URLs seen and pages audited per URL template, and the cap that applied."""
    cap = settings.get("max_per_template")
    if isinstance(cap, bool) or not isinstance(cap, int):
        intro = strings["templates_intro_capped"]
    elif cap <= 0:
        intro = strings["templates_intro_uncapped"]
    else:
        intro = plural(lang, cap, *strings["templates_intro"]).format(n=format_number(cap, lang))
    rows = [
        {
            "template": row.get("template") or strings["none"],
            "seen": format_number(row.get("seen", 0), lang),
            "audited": format_number(row.get("audited", 0), lang),
            "examples": [
                {"href": safe_link(url), "short": short_url(url, home, 40)} for url in row.get("examples") or []
            ],
        }
        for row in crawl.get("templates") or []
    ]
    rest = len(rows) - TEMPLATES_ROWS
    return {
        "intro": intro,
        "rows": rows[:TEMPLATES_ROWS],
        "rest": counted(lang, strings, "templates_rows_rest", rest) if rest > 0 else "",
    }


def _documents_kpi(pages: list[dict], lang: str, strings: dict) -> dict | None:
    """Distinct linked documents of the run (one per URL, however many pages link to it) and their known size."""
    sizes: dict[str, int | None] = {}
    for page in pages:
        for doc in page.get("documents") or []:
            size, known = doc.get("bytes"), sizes.get(doc["url"])
            sizes[doc["url"]] = size if known is None else known if size is None else max(known, size)
    if not sizes:
        return None
    return {"count": format_number(len(sizes), lang), "detail": _size_detail(list(sizes.values()), lang, strings)}


SPARED_EXAMPLES = 3  # example URLs shown per reason in the report (results.json keeps up to 50)


def _spared_reason(strings: dict, reason: str) -> str:
    """A reason of the read-only policy ("action: logout", "method PUT", "csrf parameter token") in the report's
    language: its kind translated, the word or name it quotes kept as it is; an unknown kind as it was written."""
    for prefix in sorted(strings["spared_kinds"], key=len, reverse=True):
        if reason.startswith(prefix):
            detail = reason[len(prefix) :].strip(" :")
            label = strings["spared_kinds"][prefix]
            return f"{label} ({detail})" if detail else label
    return reason


def _spared_view(spared: dict | None, home: str, lang: str, strings: dict) -> dict:
    """What the read-only policy spared (results.json ``safety``): links not followed, requests blocked, writes
    allowed by the configuration, sessions lost to a blocked write."""
    spared = spared if isinstance(spared, dict) else {}

    def examples(entry: dict) -> list[str]:
        return [short_url(url, home, 72) for url in (entry.get("examples") or [])[:SPARED_EXAMPLES]]

    links = [
        {
            "reason": _spared_reason(strings, e["reason"]),
            "count": format_number(e["count"], lang),
            "examples": examples(e),
        }
        for e in spared.get("links_not_followed") or []
    ]
    requests = [
        {
            "reason": _spared_reason(strings, e["reason"]),
            "method": e["method"],
            "count": format_number(e["count"], lang),
            "examples": examples(e),
        }
        for e in spared.get("requests_blocked") or []
    ]
    allowed = [
        f"{e['method']} {short_url(e['url'], home, 72)} ({format_number(e['count'], lang)})"
        for e in spared.get("allowed_writes") or []
    ]
    lost = [
        strings["session_lost"].format(
            profile=e.get("profile") or strings["none"],
            method=e["blocked"]["method"],
            url=short_url(e["blocked"]["url"], home, 72),
        )
        + " "
        + strings["session_lost_fix"]
        for e in spared.get("session_lost") or []
    ]
    lines = [e.get("allow_line", "") for e in spared.get("session_lost") or []]
    return {"links": links, "requests": requests, "allowed": allowed, "lost": list(zip(lost, lines, strict=True))}


def _safety_view(crawl: dict, settings: dict, lang: str, strings: dict) -> dict:
    """The "Sécurité du crawl" paragraph: what the read-only guard blocked, which links were left out and why."""
    blocked = int(crawl.get("blocked_by_safety") or 0)
    skipped = sorted((crawl.get("skipped") or {}).items(), key=lambda kv: (-kv[1], kv[0]))
    obey = settings.get("obey_robots")
    deny = settings.get("deny") if isinstance(settings.get("deny"), list) else []
    if settings.get("deny_defaults") is False:
        deny_note = strings["deny_replaced"]
    elif deny:
        deny_note = plural(lang, len(deny), *strings["deny_extra"]).format(n=format_number(len(deny), lang))
    else:
        deny_note = ""
    return {
        "deny": deny_note,
        "blocked": (
            plural(lang, blocked, *strings["safety_blocked"]).format(n=format_number(blocked, lang))
            if blocked
            else strings["safety_blocked_none"]
        ),
        "skipped": [
            f"{strings['skipped_reasons'].get(reason, reason.replace('_', ' '))}{strings['colon']} "
            f"{format_number(count, lang)}"
            for reason, count in skipped
        ],
        "robots": strings["robots"][obey] if isinstance(obey, bool) else "",
    }


def _accessibility_view(
    summary: dict, pages: list[dict], home: str, lang: str, strings: dict, off: bool = False
) -> dict:
    """The "Inclusif" section: statement, grouped issues, and the 106 RGAA criteria by theme (never "conforme")."""
    view = summary.get("accessibility") or {}  # documents written before this section existed: nothing tested
    statuses = strings["statuses"]
    tested = view.get("pages_tested", 0)
    statement = view.get("statement") or {}
    if not tested:
        statement_text = ""
    elif statement.get("shown"):
        statement_text = strings["statement_shown"].format(value=statement.get("value", ""))
    elif statement.get("known", True):
        statement_text = strings["statement_missing"]
    else:
        statement_text = strings["statement_unknown"]
    issues = view.get("issues") or []
    issue_rows = [
        {
            "help": issue.get(f"help_{lang}") or issue.get("help") or issue["rule"],
            "rule": issue["rule"],
            "anchor": anchor("axe-" + issue["rule"]),
            "target": issue.get("target") or "",
            "impact": strings["impacts"].get(issue.get("impact") or "none", issue.get("impact")),
            "severe": issue.get("impact") in ("critical", "serious"),
            "rgaa": ", ".join(issue.get("rgaa") or []) or strings["none"],
            "pages": counted(lang, strings, "on_pages", issue["pages"]),
            "templates": counted(lang, strings, "in_templates", issue["templates"]),
            "nodes": counted(lang, strings, "elements", issue["nodes"]),
            "examples": [
                {"href": safe_link(url), "short": short_url(url, home, 40)} for url in issue.get("examples") or []
            ],
        }
        for issue in issues[:ISSUES_SHOWN]
    ]
    seen_anchors: set[str] = set()
    for row in issue_rows:  # a rule grouped under two targets: only its first row carries the id
        if row["anchor"] in seen_anchors:
            row["anchor"] = ""
        seen_anchors.add(row["anchor"])
    rest = len(issues) - len(issue_rows)
    themes: dict[int, dict] = {}
    for row in view.get("criteria") or []:
        theme = themes.setdefault(
            row["theme"],
            {
                "n": row["theme"],
                "name": THEMES[row["theme"]][lang if lang in THEMES[row["theme"]] else "fr"],
                "rows": [],
                "fail": 0,
            },
        )
        detail = ""
        if row["status"] == "fail":
            theme["fail"] += 1
            detail = (
                strings["status_detail"].format(
                    pages=counted(lang, strings, "on_pages", row["pages"]),
                    nodes=counted(lang, strings, "elements", row["nodes"]),
                )
                if row.get("nodes")
                else counted(lang, strings, "on_pages", row["pages"])
            )
        elif row.get("review_pages"):
            detail = counted(lang, strings, "review_detail", row["review_pages"])
        title = row.get("title") or {}
        theme["rows"].append(
            {
                "id": row["id"],
                "title": title.get(lang) or title.get("fr") or "",
                "status": row["status"],
                "label": statuses[row["status"]],
                "detail": detail,
            }
        )
    for theme in themes.values():
        theme["summary"] = strings["theme_summary"].format(n=theme["n"], theme=theme["name"])
        theme["caption"] = strings["rgaa_caption"].format(n=theme["n"], theme=theme["name"])
        if theme["fail"]:
            theme["summary"] += f" — {counted(lang, strings, 'count_fail', theme['fail'])}"
    counts = view.get("counts") or {}
    return {
        "tested": tested,
        "tested_text": (
            plural(lang, tested, *strings["a11y_tested"]).format(
                n=format_number(tested, lang), engine=view.get("engine") or "axe-core"
            )
            if tested
            else strings["a11y_off" if off else "a11y_untested"]  # off: --no-axe, said as such
        ),
        "incomplete": (
            counted(lang, strings, "a11y_incomplete", view["pages_incomplete"]) if view.get("pages_incomplete") else ""
        ),
        "statement": statement_text,
        "statement_missing": bool(tested) and not statement.get("shown") and statement.get("known", True),
        "counts": strings["a11y_counts"].format(
            fail=counted(lang, strings, "count_fail", counts.get("fail", 0)),
            ok=counted(lang, strings, "count_ok", counts.get("no_issue_found", 0)),
            manual=counted(lang, strings, "count_manual", counts.get("manual", 0)),
        ),
        "issues": issue_rows,
        "issues_rest": counted(lang, strings, "issues_others", rest) if rest > 0 else "",
        "themes": [themes[n] for n in sorted(themes)],
    }


# -- Responsable and Durable --------------------------------------------------------------------------------


_localised = localised


def _verdict_label(strings: dict, verdict: str) -> str:
    return strings["verdicts"].get(verdict, verdict)


def _criterion_key(ref: str) -> tuple:
    """``RGESN-6.3`` (or ``6.3``) → ``(6, 3)``: criteria sort by number, 2.3 before 2.5 before 4.1 before 10.1."""
    number = ref.split("-", 1)[-1]
    try:
        return tuple(int(part) for part in number.split("."))
    except ValueError:
        return (999, number)


def _finding_view(
    finding: dict,
    home: str,
    lang: str,
    strings: dict,
    rules: dict,
    limit: int = EVIDENCE_LINES,
    more_key: str = "evidence_more",
) -> dict:
    """One finding with the texts of its rule (title, why, how to fix) in ``lang``, its evidence drawn (capped)."""
    ref = str(finding.get("ref") or "")
    rule_ = rules.get(ref) or {}
    verdict = finding.get("verdict") or "manual"
    pages = finding.get("pages") if isinstance(finding.get("pages"), dict) else None
    evidence = evidence_view(finding.get("evidence"), lang, home, limit)
    judged = sum(n for v, n in pages.items() if v not in ("na", "not_measured")) if pages else 0
    saving = finding.get("saving_bytes")
    counts = ", ".join(
        plural(lang, pages[v], *strings["verdict_counts"][v]).format(n=format_number(pages[v], lang))
        for v in VERDICT_ORDER
        if pages and pages.get(v) and v in strings["verdict_counts"]
    )
    return {
        "ref": ref,
        "anchor": anchor(ref),
        "id": ref.split("-", 1)[1] if ref.startswith("RGESN-") else ref,
        "title": _localised(rule_.get("title"), lang) or ref,
        "why": _localised(rule_.get("why"), lang),
        "fix": _localised(rule_.get("fix"), lang),
        "verdict": verdict,
        "label": _verdict_label(strings, verdict),
        "evidence": evidence,
        "has_evidence": bool(evidence["summary"] or evidence["rows"]),
        "evidence_label": strings["failing_pages"] if pages else strings["evidence"],
        "pages_line": strings["pages_by_verdict"].format(counts=counts) if counts else "",
        "more": counted(lang, strings, more_key, evidence["more"]) if evidence["more"] > 0 else "",
        "failing": (
            f"{format_number(pages.get('fail', 0), lang)} / {format_number(judged, lang)}"
            if pages and judged
            else strings["none"]
        ),
        "saving": format_bytes(saving, lang) if saving else "",
    }


def _local_datetime(item: dict, zone: str, lang: str, strings: dict) -> str:
    """An item's timestamp in the window's time zone, spelled out (``vendredi 27 novembre 2026 à 22 h 47``)."""
    try:
        moment = datetime.fromisoformat(str(item.get("datetime") or "").replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            from zoneinfo import ZoneInfo

            moment = moment.astimezone(ZoneInfo(zone))
    except (ValueError, KeyError, OSError):  # unparsable timestamp, unknown zone: what the audit wrote
        return str(item.get("local") or item.get("datetime") or strings["none"])
    text = strings["datetime"].format(
        day=moment.day,
        month=strings["months"][moment.month - 1],
        year=moment.year,
        hour=moment.hour,
        minute=moment.minute,
    )
    return strings["weekday_datetime"].format(weekday=strings["weekdays"][moment.weekday()], datetime=text)


def _deconnexion_view(deconnexion: dict, home: str, lang: str, strings: dict) -> dict:
    """Droit à la déconnexion: the quiet window, where it comes from, and the items timestamped inside it."""
    window = deconnexion.get("window") or {}
    zone = window.get("timezone") or "Europe/Paris"
    described = _localised(window.get("description"), lang) or f"{window.get('start', '')}–{window.get('end', '')}"
    pages = int(deconnexion.get("pages_with_timestamps") or 0)
    items = deconnexion.get("items") or []
    rows = []
    for item in items[:DECONNEXION_ITEMS]:
        page, text = str(item.get("page") or ""), " ".join(str(item.get("text") or "").split())
        rows.append(
            {
                "when": _local_datetime(item, zone, lang, strings),
                "text": text if len(text) <= ITEM_TEXT_LEN else text[: ITEM_TEXT_LEN - 1] + "…",
                "href": safe_link(page),
                "short": short_url(page, home, 40),
            }
        )
    rest = len(items) - len(rows)
    return {
        "window": strings["deconnexion_window"].format(window=described, timezone=zone),
        "source": (
            strings["deconnexion_source"].format(source=_localised(deconnexion.get("source"), lang))
            if deconnexion.get("source")
            else ""
        ),
        "pages": counted(lang, strings, "deconnexion_pages", pages) if pages else strings["deconnexion_no_pages"],
        "rows": rows,
        "more": counted(lang, strings, "deconnexion_more", rest) if rest > 0 else "",
        "method": strings["quiet_method"].format(window=described, timezone=zone),
    }


def _responsible_view(site: dict, home: str, lang: str, strings: dict, rules: dict) -> dict:
    """The "Responsable" section: the Doctrine technique checks, then the droit à la déconnexion evidence."""
    findings = [f for f in site.get("findings") or [] if str(f.get("ref") or "").startswith("DOCTRINE-")]
    return {
        "findings": [_finding_view(f, home, lang, strings, rules) for f in findings],
        "deconnexion": _deconnexion_view(site.get("deconnexion") or {}, home, lang, strings),
    }


def _quantity(value: float, lang: str, units: tuple[str, str], scale: float) -> str:
    """``1160`` g → ``1 160 g``, ``21.32`` → ``21,3 g``, ``12 500`` g → ``12,5 kg``: three significant digits or so."""
    small, large = units
    unit = small
    if value >= 10 * scale:
        value, unit = value / scale, large
    decimals = 0 if value >= 100 else 1 if value >= 10 else 2
    text = format_number(round(value, decimals), lang, decimals)
    if decimals:  # 17,40 → 17,4; 17,0 → 17
        text = text.rstrip("0").rstrip(catalogue_strings(lang)["number"]["decimal"])
    return f"{text}{NBSP}{unit}"


def _grid_text(grid: float, lang: str) -> str:
    return format_number(grid, lang, 0 if float(grid).is_integer() else 1)


def _carbon_view(carbon: dict | None, lang: str, strings: dict) -> dict | None:
    """Both carbon models per 1,000 visits, side by side, never summed."""
    if not isinstance(carbon, dict):
        return None
    eco, swd = carbon.get("ecoindex") or {}, carbon.get("swd_v4") or {}
    visits = format_number(1000, lang)
    ghg, water = eco.get("ghg_g_per_1000_visits"), eco.get("water_cl_per_1000_visits")
    grams, grid = swd.get("g_per_1000_visits"), swd.get("grid_g_per_kwh")
    grid = GLOBAL_GRID_INTENSITY if grid is None else float(grid)
    co2e = (f"g{NBSP}CO₂e", f"kg{NBSP}CO₂e")
    return {
        "ecoindex": (
            strings["per_visits"].format(value=_quantity(ghg, lang, co2e, 1000), visits=visits)
            if ghg is not None
            else strings["carbon_none"]
        ),
        "water": (
            strings["water"].format(value=_quantity(water / 100, lang, ("l", "m³"), 1000)) if water is not None else ""
        ),
        "swd_label": strings["carbon_swd"].format(grid=_grid_text(grid, lang)),
        "swd": (
            strings["per_visits"].format(value=_quantity(grams, lang, co2e, 1000), visits=visits)
            if grams is not None
            else strings["carbon_none"]
        ),
        "grid_note": (
            strings["grid_global"].format(
                grid=_grid_text(grid, lang), france=_grid_text(round(FRANCE_GRID_INTENSITY), lang)
            )
            if grid == GLOBAL_GRID_INTENSITY
            else ""
        ),
    }


def _rgesn_score_view(score: dict, lang: str, strings: dict) -> str:
    evaluated = int(score.get("evaluated") or 0)
    if not evaluated:
        return strings["rgesn_score_none"]
    conformes = int(score.get("conformes") or 0)
    if score.get("formula") == "rgesn-2024-weighted":  # runs judged before it carry the 2022 unweighted score
        possible = float(score.get("points_possible") or 0)
        return strings["rgesn_score_weighted"].format(
            percent=format_percent(float(score.get("points") or 0), possible, lang),
            points=format_number(float(score.get("points") or 0), lang, 2),
            possible=format_number(possible, lang, 2),
            conformes=plural(lang, conformes, *strings["verdict_counts"]["pass"]).format(
                n=format_number(conformes, lang)
            ),
            evaluated=counted(lang, strings, "score_evaluated", evaluated),
        )
    return strings["rgesn_score"].format(
        conformes=plural(lang, conformes, *strings["verdict_counts"]["pass"]).format(n=format_number(conformes, lang)),
        evaluated=counted(lang, strings, "score_evaluated", evaluated),
        percent=format_percent(conformes, evaluated, lang),
    )


def _rgesn_families_view(criteria: list[dict], lang: str, strings: dict) -> list[dict]:
    """The 78 RGESN criteria grouped by family, each family folded with its counts in the summary."""
    families: dict[int, dict] = {}
    for c in criteria:
        family = families.setdefault(
            c.get("family", 0),
            {
                "n": c.get("family", 0),
                "name": _localised(c.get("family_name"), lang) or str(c.get("family", "")),
                "rows": [],
                "counts": {},
            },
        )
        verdict = c.get("verdict") or "todo"
        family["counts"][verdict] = family["counts"].get(verdict, 0) + 1
        family["rows"].append(
            {
                "id": c.get("id", ""),
                "summary": _localised(c.get("summary"), lang),
                "verdict": verdict,
                "label": _verdict_label(strings, verdict),
            }
        )
    views = []
    for n in sorted(families):
        family = families[n]
        counts = ", ".join(
            plural(lang, family["counts"][v], *strings["verdict_counts"][v]).format(
                n=format_number(family["counts"][v], lang)
            )
            for v in VERDICT_ORDER
            if family["counts"].get(v) and v in strings["verdict_counts"]
        )
        family["rows"].sort(key=lambda row: _criterion_key(row["id"]))
        views.append(
            {
                "summary": strings["family_summary"].format(
                    n=n,
                    family=family["name"],
                    counts=counts,
                    criteria=counted(lang, strings, "family_criteria", len(family["rows"])),
                ),
                "caption": strings["family_caption"].format(n=n, family=family["name"]),
                "rows": family["rows"],
            }
        )
    return views


def _durable_view(site: dict, summary: dict, home: str, lang: str, strings: dict, rules: dict) -> dict:
    """The "Durable" section: carbon (two models), the RGESN criteria measured, the score, all 78 criteria."""
    measured = sorted(
        (f for f in site.get("findings") or [] if str(f.get("ref") or "").startswith("RGESN-")),
        key=lambda f: _criterion_key(f["ref"]),
    )
    rgesn = site.get("rgesn") or {}
    criteria = rgesn.get("criteria") or []
    automated = sum(1 for c in criteria if c.get("rule"))
    return {
        "carbon": _carbon_view(summary.get("carbon"), lang, strings),
        "findings": [_finding_view(f, home, lang, strings, rules) for f in measured],
        "score": _rgesn_score_view(rgesn.get("score") or {}, lang, strings),
        "families": _rgesn_families_view(criteria, lang, strings),
        "all_intro": strings["rgesn_all_intro"].format(n=format_number(automated, lang)),
    }


def _page_rgesn_view(page: dict, home: str, lang: str, strings: dict, rules: dict) -> list[dict]:
    """A page's failing RGESN findings, by criterion number, each with its first evidence lines."""
    failing = sorted(
        (
            f
            for f in page.get("findings") or []
            if str(f.get("ref") or "").startswith("RGESN-") and f.get("verdict") == "fail"
        ),
        key=lambda f: _criterion_key(f["ref"]),
    )
    views = []
    for finding in failing:
        view = _finding_view(finding, home, lang, strings, rules, PAGE_EVIDENCE_LINES, "evidence_more_short")
        evidence = view["evidence"]
        colon = strings["colon"]
        parts = evidence["summary"] + [
            ", ".join(f"{label}{colon} {cell['text']}" for label, cell in zip(evidence["headings"], row, strict=True))
            for row in evidence["rows"]
        ]
        views.append(
            {
                "id": view["id"],
                "title": view["title"],
                "evidence": parts,
                "more": view["more"],
                "saving": strings["saving_estimate"].format(saving=view["saving"]) if view["saving"] else "",
            }
        )
    return views


def _samples_view(facts: dict, lang: str, strings: dict) -> list[str]:
    """One line for the 512 kbit/s load and one for the repeat visit, when this page was in the sample."""
    lines = []
    slow = facts.get("low_bandwidth")
    if isinstance(slow, dict) and slow:
        if slow.get("skipped"):
            lines.append(strings["low_bandwidth_skipped"].format(reason=slow["skipped"]))
        elif slow.get("timed_out"):
            lines.append(
                strings["low_bandwidth_timeout"].format(
                    seconds=format_number(float(slow.get("timeout_s") or 0), lang, 0)
                )
            )
        else:
            requests = int(slow.get("requests") or 0)
            lines.append(
                strings["low_bandwidth"].format(
                    seconds=format_number(int(slow.get("load_ms") or 0) / 1000, lang, 1),
                    weight=format_bytes(int(slow.get("transfer_bytes") or 0), lang),
                    requests=f"{format_number(requests, lang)} "
                    f"{plural(lang, requests, strings['request_one'], strings['request_many'])}",
                )
            )
    again = facts.get("repeat_visit")
    if isinstance(again, dict) and again:
        if again.get("skipped"):
            lines.append(strings["repeat_visit_skipped"].format(reason=again["skipped"]))
        else:
            requests = int(again.get("requests") or 0)
            downloaded = again.get("redownloaded") or []
            lines.append(
                strings["repeat_visit"].format(
                    requests=f"{format_number(requests, lang)} "
                    f"{plural(lang, requests, strings['request_one'], strings['request_many'])}",
                    weight=format_bytes(int(again.get("transfer_bytes") or 0), lang),
                    cached=counted(lang, strings, "repeat_cached", int(again.get("from_cache") or 0)),
                    again=(
                        plural(lang, len(downloaded), *strings["repeat_again"]).format(
                            n=format_number(len(downloaded), lang),
                            weight=format_bytes(sum(int(r.get("transfer_bytes") or 0) for r in downloaded), lang),
                        )
                        if downloaded
                        else strings["repeat_again_none"]
                    ),
                )
            )
    return lines


def _lighthouse_lines(page: dict, lang: str, strings: dict) -> list[str]:
    """Lighthouse's scores and numbers beside ours, for a page of the Lighthouse sample."""
    found = page.get("lighthouse")
    if not isinstance(found, dict):
        return []
    scores, metrics = found.get("categories") or {}, found.get("metrics") or {}

    def score(name: str) -> str:
        value = scores.get(name)
        return "–" if value is None else format_number(round(value * 100), lang)

    def number(key: str, decimals: int = 0) -> str:
        value = metrics.get(key)
        return "–" if value is None else format_number(value, lang, decimals)

    lines = [
        strings["lighthouse_page"].format(
            performance=score("performance"),
            accessibility=score("accessibility"),
            best=score("best-practices"),
            seo=score("seo"),
            lcp=number("lcp_ms"),
            tbt=number("tbt_ms"),
            cls=number("cls", 3),
            weight=format_bytes(metrics.get("total_byte_weight") or 0, lang),
            requests=number("requests"),
            our_weight=format_bytes(page.get("transfer_bytes") or 0, lang),
            our_requests=format_number(page.get("requests") or 0, lang),
        )
    ]
    if found.get("note") or found.get("runtime_error"):
        lines.append(strings["lighthouse_note"].format(note=found.get("note") or found.get("runtime_error")))
    return lines


def _lighthouse_method(run: dict, lang: str, strings: dict) -> dict:
    """The Méthodologie paragraph on Lighthouse, and the pages it skipped with the reason."""
    facts = run.get("lighthouse") or {}
    skipped = [
        strings["lighthouse_skip_item"].format(url=s.get("url", ""), reason=s.get("reason", ""))
        for s in facts.get("skipped") or []
    ]
    if facts.get("disabled") or not facts:
        return {"text": strings["lighthouse_off"], "skipped": []}
    if not facts.get("ran"):
        return {"text": "", "skipped": skipped}
    return {
        "text": strings["lighthouse_method"].format(
            version=facts.get("version") or "?",
            ran=counted(lang, strings, "lighthouse_pages", facts["ran"]),
            asked=format_number(facts.get("pages_asked") or 0, lang),
            seconds=format_number(facts.get("seconds_per_page") or 0, lang, 1),
        ),
        "skipped": skipped,
    }


def _sample_method(settings: dict, pages: list[dict], lang: str, strings: dict) -> str:
    """The Méthodologie line on the second-load sample (``[capture] sample_pages``)."""
    capture = _table(settings, "capture")
    limit = capture.get("sample_pages")
    sampled = sum(
        1 for p in pages if (p.get("facts") or {}).get("low_bandwidth") or (p.get("facts") or {}).get("repeat_visit")
    )
    if limit == 0 and not sampled:
        return strings["sample_off"]
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        limit_text = counted(lang, strings, "sample_limit", limit)
    else:
        limit_text = strings["sample_limit_unknown"]
    return strings["sample_method"].format(limit=limit_text, sampled=counted(lang, strings, "sampled", sampled))


# -- Synthèse: pillars and priorities -------------------------------------------------------------------------


def anchor(ref: str) -> str:
    """``RGESN-6.4`` → ``c-rgesn-6-4``: the id a criterion's row carries, so priorities can link to it."""
    return "c-" + re.sub(r"[^a-z0-9]+", "-", ref.lower()).strip("-")


def _verdict_counts(findings: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.get("verdict") or "manual"] = counts.get(f.get("verdict") or "manual", 0) + 1
    return counts


def _pillars_view(summary: dict, site: dict | None, lang: str, strings: dict, a11y_off: bool = False) -> list[dict]:
    """The three cards opening the Synthèse: one headline figure per NIRD pillar, and what stands behind it."""
    a11y = summary.get("accessibility") or {}
    counts = a11y.get("counts") or {}
    severe = sum(1 for i in a11y.get("issues") or [] if i.get("impact") in ("critical", "serious"))
    inclusive = {"value": strings["pillar_untested"], "detail": strings["pillar_off_detail"] if a11y_off else ""}
    if a11y.get("pages_tested"):
        inclusive = {
            "value": counted(lang, strings, "pillar_inclusive_value", counts.get("fail", 0)),
            "detail": strings["pillar_inclusive_detail"].format(
                severe=counted(lang, strings, "severe_issues", severe),
                ok=counted(lang, strings, "count_ok", counts.get("no_issue_found", 0)),
                manual=counted(lang, strings, "count_manual", counts.get("manual", 0)),
            ),
        }
    doctrine = [f for f in (site or {}).get("findings") or [] if str(f.get("ref") or "").startswith("DOCTRINE-")]
    verdicts = _verdict_counts(doctrine)
    judged = verdicts.get("pass", 0) + verdicts.get("fail", 0)
    responsible = {"value": strings["pillar_not_judged"], "detail": ""}
    if doctrine:
        fail = verdicts.get("fail", 0)
        responsible = {
            "value": plural(lang, fail, *strings["pillar_responsible_value"]).format(
                fail=format_number(fail, lang), judged=format_number(judged, lang)
            ),
            "detail": strings["pillar_responsible_detail"].format(
                ok=counted(lang, strings, "pillar_pass", verdicts.get("pass", 0)),
                manual=counted(lang, strings, "count_manual", verdicts.get("manual", 0)),
            ),
        }
    mean = summary.get("mean_ecoindex")
    durable = {
        "value": (
            strings["pillar_durable_value"].format(score=format_number(mean, lang, 1))
            if mean is not None
            else strings["pillar_not_judged"]
        ),
        "grade": summary.get("mean_grade"),
        "detail": _rgesn_score_view((site or {}).get("rgesn", {}).get("score") or {}, lang, strings) if site else "",
    }
    labels = strings["pillar_labels"]
    # a pillar without its section (documents older than the Responsable part) is not linked
    return [
        {"name": labels["inclusif"], "href": "#inclusif", "grade": None, **inclusive},
        {"name": labels["responsable"], "href": "#responsable" if doctrine else "", "grade": None, **responsible},
        {"name": labels["durable"], "href": "#durable", **durable},
    ]


def _priorities_view(results: dict, lang: str, strings: dict) -> list[dict]:
    """3 to 5 actions ranked by impact (``reports/priorities.py``), each with its gain and a link to its criterion."""
    total = int(results["summary"].get("total_transfer_bytes") or 0)
    criteria = {
        c.get("id"): c.get("title") or {} for c in (results["summary"].get("accessibility") or {}).get("criteria") or []
    }
    rules = _table(results, "rules")
    views = []
    for p in rank_priorities(results):
        if p.pillar == "inclusif":
            issue = p.issue
            rgaa = issue.get("rgaa") or []
            views.append(
                {
                    "title": issue.get(f"help_{lang}") or issue.get("help") or p.ref,
                    "ref": f"RGAA {', '.join(rgaa)}" if rgaa else p.ref,
                    "href": "#" + anchor("axe-" + p.ref),
                    "gain": strings["priority_a11y"].format(
                        impact=strings["impacts"].get(issue.get("impact") or "none", issue.get("impact") or ""),
                        pages=counted(lang, strings, "on_pages", p.pages),
                        templates=counted(lang, strings, "in_templates", int(issue.get("templates") or 0)),
                        nodes=counted(lang, strings, "elements", int(issue.get("nodes") or 0)),
                    ),
                    "fix": (
                        strings["priority_a11y_fix_rgaa"].format(
                            criterion=rgaa[0], title=_localised(criteria[rgaa[0]], lang)
                        )
                        if rgaa and criteria.get(rgaa[0])
                        else strings["priority_a11y_fix"]
                    ),
                    "pillar": strings["pillar_labels"][p.pillar],
                }
            )
            continue
        rule_ = rules.get(p.ref) or {}
        if p.pillar == "durable":
            pages = counted(lang, strings, "on_pages", p.pages)
            gain = (
                strings["priority_saving"].format(
                    saving=format_bytes(p.saving_bytes, lang),
                    pages=pages,
                    share=format_percent(p.saving_bytes, total, lang),
                )
                if p.saving_bytes
                else strings["priority_pages"].format(
                    pages=counted(lang, strings, "pages_count", p.pages), total=format_number(p.pages_total, lang)
                )
            )
            ref = "RGESN " + p.ref.split("-", 1)[1]
        else:
            gain = strings["priority_site"].format(why=_localised(rule_.get("why"), lang))
            ref = strings["doctrine_ref"]
        views.append(
            {
                "title": _localised(rule_.get("title"), lang) or p.ref,
                "ref": ref,
                "href": "#" + anchor(p.ref),
                "gain": gain,
                "fix": _localised(rule_.get("fix"), lang),
                "pillar": strings["pillar_labels"][p.pillar],
            }
        )
    return views


# -- Par modèle de page -----------------------------------------------------------------------------------


def _template_groups(page_views: list[dict], lang: str, strings: dict) -> tuple[list[dict], str]:
    """Pages grouped by URL template, templates worst first (their worst page), pages worst first inside. Only the
    worst ``PAGES_DETAILED_PER_TEMPLATE`` of a template unfold, and ``PAGES_DETAILED`` in all, so the report's size
    stays bounded however large the crawl; the line returned counts the templates left out."""
    groups: dict[str, list[dict]] = {}
    for view in page_views:  # already worst first
        groups.setdefault(view["template_key"], []).append(view)
    result, budget, left_templates, left_pages = [], PAGES_DETAILED, 0, 0
    for key, views in groups.items():
        shown = views[: min(PAGES_DETAILED_PER_TEMPLATE, budget)]
        if not shown:
            left_templates, left_pages = left_templates + 1, left_pages + len(views)
            continue
        budget -= len(shown)
        scores = [v["_score"] for v in views if v["_score"] is not None]
        rest = len(views) - len(shown)
        result.append(
            {
                "name": key or strings["none"],
                "summary": strings["template_summary"].format(
                    pages=counted(lang, strings, "pages_count", len(views)),
                    weight=format_bytes(sum(v["_bytes"] for v in views) / len(views), lang),
                    score=format_number(sum(scores) / len(scores), lang, 1) if scores else strings["none"],
                ),
                "pages": shown,
                "rest": counted(lang, strings, "template_rest", rest) if rest > 0 else "",
            }
        )
    left = (
        strings["templates_left"].format(
            templates=counted(lang, strings, "in_templates", left_templates),
            pages=counted(lang, strings, "pages_count", left_pages),
        )
        if left_templates
        else ""
    )
    return result, left


# -- Méthodologie -------------------------------------------------------------------------------------------


def _third_party_dataset(site_results: dict | None) -> str:
    """The dataset that named the run's third parties (DOCTRINE-third-parties' "dataset" value), or ""."""
    for finding in (site_results or {}).get("findings") or []:
        if finding.get("ref") == "DOCTRINE-third-parties":
            for item in (finding.get("evidence") or {}).get("summary") or []:
                if item.get("key") == "dataset":
                    return str(item.get("value") or "")
    return ""


def _methodology_view(
    run: dict, summary: dict, lang: str, strings: dict, site_results: dict | None = None
) -> list[dict]:
    """Versions of every tool that measured, then the settings that shaped the audit."""
    settings = run.get("settings") or {}
    crawl = _table(settings, "crawl")
    durable = _table(settings, "durable")
    lighthouse = run.get("lighthouse") or {}
    engine = (summary.get("accessibility") or {}).get("engine")
    rows = [
        (strings["version_tool"], run.get("tool_version") or strings["not_recorded"]),
        (strings["version_axe"], engine or strings["not_recorded"]),
        (strings["version_browser"], run.get("browser") or strings["not_recorded"]),
        (
            strings["version_lighthouse"],
            lighthouse.get("version") if lighthouse.get("ran") and lighthouse.get("version") else strings["not_run"],
        ),
    ]
    dataset = _third_party_dataset(site_results)
    if dataset:  # a run with third parties: who they are comes from this dataset
        rows.append((strings["version_third_parties"], dataset))

    def whole(key: str) -> str:
        value = crawl.get(key)
        return format_number(value, lang) if isinstance(value, int) and not isinstance(value, bool) else "?"

    if crawl:
        rows.append(
            (
                strings["settings_scope"],
                strings["scope_text"].format(
                    pages=(
                        counted(lang, strings, "pages_count", crawl["max_pages"])
                        if isinstance(crawl.get("max_pages"), int)
                        else "?"
                    ),
                    depth=whole("max_depth"),
                    per_template=strings["no_limit"]
                    if crawl.get("max_per_template") == 0
                    else whole("max_per_template"),
                    concurrency=counted(lang, strings, "concurrency_count", crawl["concurrency"])
                    if isinstance(crawl.get("concurrency"), int)
                    else "?",
                ),
            )
        )
    if durable:
        kb, requests = durable.get("max_page_kb"), durable.get("max_requests")
        if isinstance(kb, (int, float)) and isinstance(requests, int):
            rows.append(
                (
                    strings["settings_budgets"],
                    strings["budgets_text"].format(
                        weight=format_bytes(kb * 1000, lang), requests=format_number(requests, lang)
                    ),
                )
            )
        grid = durable.get("grid_g_per_kwh")
        if isinstance(grid, (int, float)):
            rows.append((strings["settings_grid"], f"{_grid_text(grid, lang)}{NBSP}g/kWh"))
    return [{"term": term, "value": str(value)} for term, value in rows]


def build_context(results: dict, lang: str = "fr", history: list[RunRow] | None = None) -> dict:
    """Everything the template shows; ``history``: the Évolution's runs (``reports.history.trend``), if any."""
    strings = catalogue_strings(lang)
    run, summary, pages = results["run"], results["summary"], results["pages"]
    start_urls = run.get("start_urls") or []
    first = start_urls[0] if start_urls else (pages[0]["url"] if pages else "")
    home = urlsplit(first).netloc
    site = run.get("site") or home or strings["none"]

    rules = _table(results, "rules")
    page_views = [_page_view(p, home, lang, strings, rules) for p in pages]
    page_views.sort(key=lambda v: v["_sort"])  # stable: save order among equal scores
    groups, templates_left = _template_groups(page_views, lang, strings)
    crawl = run.get("crawl") or {}
    settings = run.get("settings") or {}
    crawl_settings = _table(settings, "crawl")
    profiles = {p.get("profile") for p in pages if p.get("profile")}
    run_profile = run.get("profile") or ""
    a11y_off = (run.get("accessibility") or {}).get("tested") is False  # --no-axe (results.build_results)

    dist = summary["grade_distribution"]
    dist_items = ", ".join(
        f"{g}{strings['colon']} {dist.get(g, 0)} "
        f"{plural(lang, dist.get(g, 0), strings['page_one'], strings['page_many'])}"
        for g in GRADES
    )
    unscored = summary["pages"] - sum(dist.values())
    site_results = _table(results, "site") or None  # older documents: none
    responsible = _responsible_view(site_results, home, lang, strings, rules) if site_results else None
    total = summary["total_transfer_bytes"]
    mean = summary.get("mean_ecoindex")
    return {
        "t": strings,
        "lang": lang,
        "site": site,
        "run_id": run["id"],
        "date": format_datetime(run.get("started_at"), lang),
        "profile": run_profile or strings["none"],
        "profile_label": strings["profiles"] if "," in run_profile or len(profiles) > 1 else strings["profile"],
        "multi_profile": len(profiles) > 1,
        "start_urls": start_urls,
        "tool_version": run.get("tool_version") or "",
        "run_status": strings["run_statuses"].get(run.get("status") or "", run.get("status") or strings["none"]),
        "run_complete": run.get("status") == "finished",
        "kpi": {
            "pages": format_number(summary["pages"], lang),
            "pages_error": format_number(summary["pages_error"], lang) if summary["pages_error"] else "",
            "total_weight": format_bytes(total, lang),
            "total_weight_exact": format_bytes(total, lang, exact=True),
            "mean_weight": format_bytes(total / summary["pages"], lang) if summary["pages"] else strings["none"],
            "mean_ecoindex": format_number(mean, lang, 1) if mean is not None else strings["none"],
            "mean_grade": summary.get("mean_grade"),
            "requests": format_number(summary["total_requests"], lang),
            "third_party": format_bytes(summary["third_party_bytes"], lang),
            "third_party_share": format_percent(summary["third_party_bytes"], total, lang),
            "templates": format_number(summary["templates"], lang),
            "documents": _documents_kpi(pages, lang, strings),
        },
        "templates": _templates_view(crawl, crawl_settings, home, lang, strings),
        "safety": _safety_view(crawl, crawl_settings, lang, strings),
        "spared": _spared_view(results.get("safety"), home, lang, strings),
        "a11y": _accessibility_view(summary, pages, home, lang, strings, a11y_off),
        "responsible": responsible,
        "durable": _durable_view(site_results, summary, home, lang, strings, rules) if site_results else None,
        "pillars": _pillars_view(summary, site_results, lang, strings, a11y_off),
        "priorities": _priorities_view(results, lang, strings),
        "template_groups": groups,
        "templates_left": templates_left,
        "templates_pages_intro": strings["templates_pages_intro"].format(n=PAGES_DETAILED_PER_TEMPLATE),
        "versions": _methodology_view(run, summary, lang, strings, site_results),
        "evolution": evolution_view(history or [], run["id"], lang, strings),
        "sample_method": _sample_method(settings, pages, lang, strings),
        "lighthouse": _lighthouse_method(run, lang, strings),
        "quiet_method": responsible["deconnexion"]["method"] if responsible else "",
        "distribution_alt": strings["distribution_alt"].format(items=dist_items),
        "not_scored": plural(lang, unscored, *strings["not_scored"]).format(n=unscored) if unscored else "",
        "chart": _distribution_chart(dist),
        "grade_colours": GRADE_COLOURS,
        "grade_text_colour": GRADE_TEXT_COLOUR,
        "pages": page_views[:PAGES_TABLE_ROWS],
        "pages_rest": (
            counted(lang, strings, "pages_table_rest", len(page_views) - PAGES_TABLE_ROWS)
            if len(page_views) > PAGES_TABLE_ROWS
            else ""
        ),
        "heaviest": [
            {
                "short": short_url(h["url"], home, 56),
                "type": _type_label(strings, h["type"]),
                "weight": format_bytes(h["transfer_bytes"], lang),
                "page_href": safe_link(h["page_url"]),
                "page_short": short_url(h["page_url"], home, 40),
                "loads": format_number(h.get("loads", 1), lang),
            }
            for h in summary.get("heaviest_resources", [])
        ],
        "heaviest_caption": strings["heaviest_caption"].format(n=len(summary.get("heaviest_resources", []))),
        "generated_by": strings["generated_by"].format(version=run.get("tool_version") or ""),
    }


# -- rendering --------------------------------------------------------------------------------------------

_env: Environment | None = None


def _environment() -> Environment:
    global _env
    if _env is None:
        _env = Environment(
            loader=FileSystemLoader(str(TEMPLATES_DIR)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _env


def render_report(results: dict, lang: str = "fr", history: list[RunRow] | None = None) -> str:
    """The whole report as one HTML string."""
    return _environment().get_template("report.html.j2").render(**build_context(results, lang, history))


def write_report(
    results: dict, path: str | os.PathLike[str], lang: str = "fr", history: list[RunRow] | None = None
) -> Path:
    return atomic_write(path, render_report(results, lang, history))


# -- compare-sites ------------------------------------------------------------------------------------------


def _site_figures(figures: Figures | None, lang: str, strings: dict) -> dict | None:
    if figures is None:
        return None

    def number(value: float | None, decimals: int = 0) -> str:
        return strings["none"] if value is None else format_number(value, lang, decimals)

    mean_bytes = figures.get("mean_bytes")
    return {
        "pages": format_number(figures["pages"], lang),
        "grade": figures.get("mean_grade"),
        "eco": number(figures.get("mean_ecoindex"), 1),
        "weight": strings["none"] if mean_bytes is None else format_bytes(mean_bytes, lang),
        "requests": number(figures.get("mean_requests"), 1),
        "violations": number(figures.get("violations_per_page"), 1),
    }


def render_sites(comparison: SitesComparison, lang: str = "fr") -> str:
    """``ent-audit compare-sites``: one self-contained HTML page, ``reports.sites.compare_sites`` side by side."""
    strings = catalogue_strings(lang)
    names = [s["site"] for s in comparison["sites"]]
    context = {
        "t": strings,
        "lang": lang,
        "grade_colours": GRADE_COLOURS,
        "grade_text_colour": GRADE_TEXT_COLOUR,
        "tool_version": __version__,
        "generated_by": strings["generated_by"].format(version=__version__),
        "sites": [
            {
                "site": s["site"],
                "profile": s["profile"] or strings["none"],
                "run": s["run"],
                "date": format_datetime(s.get("started_at"), lang),
            }
            for s in comparison["sites"]
        ],
        "overall": [
            {"site": s["site"], "figures": _site_figures(s["overall"], lang, strings)} for s in comparison["sites"]
        ],
        "kinds": [
            {
                "kind": k["kind"],
                "rows": [
                    {"site": name, "figures": _site_figures(f, lang, strings)}
                    for name, f in zip(names, k["sites"], strict=True)
                ],
            }
            for k in comparison["kinds"]
        ],
    }
    return _environment().get_template("compare-sites.html.j2").render(**context)
