"""Machine-readable exports built from the store only (``results.json`` for now).

The document follows the contract of ARCHITECTURE.md and ``reports/schema/results.schema.json``.
"""
from __future__ import annotations

import json
import os
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from ent_audit.audits.accessibility import enrich_results, page_findings, site_view
from ent_audit.audits.carbon import GLOBAL_GRID_INTENSITY, per_1000_visits
from ent_audit.audits.doctrine import quiet_hours_items, quiet_window
from ent_audit.audits.ecoindex import grade as ecoindex_grade
from ent_audit.audits.judge import rules, run_rules, run_site_rules, site_verdict
from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.audits.rgesn import CRITERIA, FAMILIES, site_score
from ent_audit.audits.rules import RuleSettings, SiteView
from ent_audit.audits.security import WINDOW_SOURCE
from ent_audit.reports.store import Store

SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).parent / "schema" / "results.schema.json"
GRADES = ("A", "B", "C", "D", "E", "F", "G")
HEAVIEST_COUNT = 10
_ECOINDEX_KEYS = ("score", "grade", "ghg_g", "water_cl", "dom", "requests", "size_kb")


def _resource(request: dict) -> dict:
    return {
        "url": request["url"],
        "type": request["resource_type"],
        "status": request["status"],
        "mime": request["mime"],
        "transfer_bytes": request["transfer_bytes"],
        "decoded_bytes": request["decoded_bytes"],
        "third_party": request["third_party"],
        "from_cache": request["from_cache"],
        "redirect": request["is_redirect"],
        "content_encoding": request["content_encoding"],
        "protocol": request["protocol"],
        "failed": request["failed"],
    }


def _ecoindex(data: dict | None) -> dict | None:
    if data is None:
        return None
    return {key: data.get(key) for key in _ECOINDEX_KEYS}


def _accessibility(data: dict | None) -> dict:
    """axe results as captured, each violation (and result needing review) with ``rgaa`` and ``wcag`` lists."""
    result = dict(data or {})
    result["violations"] = enrich_results(result.get("violations") or [])
    if "needs_review" in result:
        result["needs_review"] = enrich_results(result.get("needs_review") or [])
    return result


_CAPTURE_NAMES = frozenset(f.name for f in fields(PageCapture))
_REQUEST_NAMES = frozenset(f.name for f in fields(RequestRecord))


def _capture(row: dict) -> PageCapture:
    """A store row rebuilt as the PageCapture the rules judge."""
    data = {k: v for k, v in row.items() if k in _CAPTURE_NAMES and k != "requests"}
    for key, empty in (("accessibility", {}), ("documents", []), ("blocked", []), ("links", []), ("facts", {})):
        if key in data and data[key] is None:
            data[key] = empty
    data["requests"] = [RequestRecord(**{k: v for k, v in r.items() if k in _REQUEST_NAMES})
                        for r in row.get("requests") or []]
    return PageCapture(**data)


def _findings(page: dict, stored: list[dict] | None, capture: PageCapture | None = None,
              settings: RuleSettings | None = None) -> list[dict]:
    """The stored findings, then the RGESN page rules (pages that loaded only), then the RGAA findings judged from
    the page's facts (one finding per ref, not twice: a stored finding wins)."""
    findings = list(stored or [])
    refs = {f.get("ref") for f in findings}
    judged = run_rules(capture, settings) if capture is not None and page_ok(page) else []
    for extra in (judged, page_findings(page)):
        for finding in extra:
            if finding["ref"] not in refs:
                refs.add(finding["ref"])
                findings.append(finding)
    return findings


def _page(row: dict, capture: PageCapture, settings: RuleSettings | None = None) -> dict:
    page = {
        "url": row["url"],
        "final_url": row["final_url"],
        "status": row["status"],
        "error": row["error"],
        "template": row["template"],
        "profile": row["profile"],
        "depth": row["depth"],
        "title": row["title"],
        "requests": row["request_count"],
        "transfer_bytes": row["transfer_bytes"],
        "dom_elements": row["dom_elements"],
        "settled": row["settled"],
        "started_at": row["started_at"],
        "duration_ms": row["duration_ms"],
        "ecoindex": _ecoindex(row["ecoindex"]),
        "resources": [_resource(r) for r in row["requests"]],
        "accessibility": _accessibility(row["accessibility"]),
        "findings": list(row["findings"] or []),
        "blocked": list(row.get("blocked") or []),
        "documents": list(row.get("documents") or []),
        "facts": dict(row.get("facts") or {}),
    }
    if (row.get("facts") or {}).get("logged_out"):
        page["logged_out"] = True
    if row.get("lighthouse"):
        page["lighthouse"] = row["lighthouse"]
    page["findings"] = _findings(page, row["findings"], capture, settings)
    return page


def page_ok(page: dict) -> bool:
    """A page that loaded: HTTP 200–399 and no capture error."""
    return 200 <= (page.get("status") or 0) < 400 and not page.get("error")


def mean_grade(mean: float | None) -> str | None:
    return None if mean is None else ecoindex_grade(mean)


def carbon(pages: list[dict], grid_g_per_kwh: float = GLOBAL_GRID_INTENSITY) -> dict:
    """EcoIndex GHG/water and SWD v4 carbon per 1,000 visits over the scored pages: two models, never summed."""
    scored = [p for p in pages if p["ecoindex"] is not None]
    return per_1000_visits(((p["ecoindex"]["ghg_g"], p["ecoindex"]["water_cl"], p["transfer_bytes"]) for p in scored),
                           grid_g_per_kwh)


def summarize(pages: list[dict], grid_g_per_kwh: float = GLOBAL_GRID_INTENSITY) -> dict:
    """Run-wide numbers from the ``pages`` of a results document."""
    scores = [p["ecoindex"]["score"] for p in pages if p["ecoindex"] is not None]
    mean = round(sum(scores) / len(scores), 1) if scores else None
    distribution = {letter: 0 for letter in GRADES}
    for page in pages:
        if page["ecoindex"] is not None:
            distribution[page["ecoindex"]["grade"]] += 1
    ok = sum(1 for p in pages if page_ok(p))

    # Heaviest resources, one entry per URL (a bundle loaded by every page would otherwise fill the list):
    # the largest transfer seen for that URL, the first page where it was seen at that size, and on how many loads.
    heaviest: dict[str, dict] = {}
    for page in pages:
        for resource in page["resources"]:
            size = resource["transfer_bytes"]
            if size <= 0:
                continue
            entry = heaviest.get(resource["url"])
            if entry is None:
                heaviest[resource["url"]] = {"url": resource["url"], "page_url": page["url"], "type": resource["type"],
                                             "transfer_bytes": size, "loads": 1}
            else:
                entry["loads"] += 1
                if size > entry["transfer_bytes"]:
                    entry.update(page_url=page["url"], type=resource["type"], transfer_bytes=size)
    top = sorted(heaviest.values(), key=lambda e: -e["transfer_bytes"])[:HEAVIEST_COUNT]

    return {
        "pages": len(pages),
        "pages_ok": ok,
        "pages_error": len(pages) - ok,
        "total_transfer_bytes": sum(p["transfer_bytes"] for p in pages),
        "total_requests": sum(p["requests"] for p in pages),
        "mean_ecoindex": mean,
        "mean_grade": mean_grade(mean),
        "grade_distribution": distribution,
        "templates": len({p["template"] for p in pages if p["template"]}),
        "third_party_bytes": sum(r["transfer_bytes"] for p in pages for r in p["resources"] if r["third_party"]),
        "heaviest_resources": top,
        "accessibility": site_view(pages),
        "carbon": carbon(pages, grid_g_per_kwh),
    }


def crawl_facts(stats: dict) -> dict:
    """What the crawl itself saw, from the run's statistics: safety blocks, skipped links, URLs per template."""
    skipped = {key.rsplit("/", 1)[1]: value for key, value in stats.items() if key.startswith("ent_audit/skipped/")}
    return {
        "blocked_by_safety": int(stats.get("ent_audit/blocked", 0)),
        "skipped": skipped,
        "templates": list(stats.get("ent_audit/templates") or []),
    }


def _grid(settings: Any) -> float:
    """Grid intensity for SWD v4: the run's ``[durable] grid_g_per_kwh`` when given, else the SWD v4 global value."""
    settings = settings if isinstance(settings, dict) else {}
    durable = settings.get("durable") if isinstance(settings.get("durable"), dict) else {}
    value = durable.get("grid_g_per_kwh", settings.get("grid_g_per_kwh"))
    return float(value) if isinstance(value, (int, float)) and value >= 0 else GLOBAL_GRID_INTENSITY


def rgesn_view(pages: list[dict]) -> tuple[list[dict], dict]:
    """Site-wide finding of each RGESN page rule, and all 78 criteria with their site verdict ("todo": to be
    judged by the team) and the RGESN score of the automated part."""
    aggregated = []
    for rule_ in rules("durable"):
        found = [f for p in pages for f in p["findings"] if f.get("ref") == rule_.ref]
        verdict = site_verdict(found)
        failing = [p["url"] for p in pages for f in p["findings"] if f.get("ref") == rule_.ref
                   and f["verdict"] == "fail"]
        evidence = [f"{verdict['pages'][v]} pages {v}" for v in ("fail", "pass", "manual", "na") if verdict["pages"][v]]
        aggregated.append({"ref": rule_.ref, "verdict": verdict["verdict"], "pages": verdict["pages"],
                           "evidence": evidence + failing[:9],
                           **({"saving_bytes": verdict["saving_bytes"]} if "saving_bytes" in verdict else {})})
    by_ref = {f["ref"]: f for f in aggregated}
    criteria = []
    for c in CRITERIA:
        verdict = by_ref[c.rule]["verdict"] if c.rule in by_ref else "todo"
        criteria.append({"id": c.id, "family": c.family, "family_name": FAMILIES[c.family],
                         "summary": c.summary, "automation": c.automation, "rule": c.rule, "verdict": verdict})
    return aggregated, {"criteria": criteria, "score": site_score({c["id"]: c["verdict"] for c in criteria})}


def site_section(pages: list[dict], captures: list[PageCapture], run: dict, settings: RuleSettings) -> dict:
    """Site-wide results: RGESN per criterion, Doctrine technique checks, droit à la déconnexion evidence."""
    view = SiteView(captures, run.get("facts") or {}, list(run.get("start_urls") or []))
    aggregated, rgesn = rgesn_view(pages)
    window = quiet_window(settings)
    timestamped, items = quiet_hours_items(view, settings)
    facts = run.get("facts") or {}
    return {
        "findings": run_site_rules(view, settings) + aggregated,
        "rgesn": rgesn,
        "deconnexion": {
            "window": {"start": settings.quiet_start, "end": settings.quiet_end, "weekend": settings.quiet_weekend,
                       "timezone": settings.timezone, "description": {"fr": window.describe("fr"),
                                                                      "en": window.describe("en")}},
            "source": dict(WINDOW_SOURCE),
            "pages_with_timestamps": timestamped,
            "items": items,
        },
        "observations": {"plain_http": facts.get("plain_http") or {}, "login": facts.get("login") or {},
                         "verify_tls": facts.get("verify_tls", True)},
    }


def build_results(store: Store, run_id: str) -> dict:
    """The ``results.json`` document of one run, read from the store only."""
    run = store.run(run_id)
    settings = RuleSettings.from_settings(run.get("settings"))
    rows = store.pages(run_id)
    captures = [_capture(row) for row in rows]  # what the page rules and the site rules judge
    pages = [_page(row, capture, settings) for row, capture in zip(rows, captures)]
    return {
        "schema_version": SCHEMA_VERSION,
        "run": {
            "id": run["id"],
            "started_at": run["started_at"],
            "finished_at": run["finished_at"],
            "start_urls": run["start_urls"],
            "tool_version": run["tool_version"],
            "site": run["site"],
            "profile": run["profile"],
            "status": run["status"],
            "settings": run["settings"],
            "crawl": crawl_facts(run.get("stats") or {}),
            "lighthouse": (run.get("facts") or {}).get("lighthouse") or {"disabled": True},
            "browser": (run.get("facts") or {}).get("browser") or "",
        },
        "pages": pages,
        "summary": summarize(pages, _grid(run.get("settings"))),
        "site": site_section(pages, captures, run, settings),
        "safety": safety_section(run),
    }


SAFETY_KEYS = ("links_not_followed", "requests_blocked", "allowed_writes", "session_lost")


def safety_section(run: dict) -> dict:
    """What the read-only policy spared (crawler/safety/ledger.py), as the runner stored it with the run; empty
    lists for a run stored before it was recorded."""
    stored = (run.get("facts") or {}).get("safety") or {}
    return {key: list(stored.get(key) or []) for key in SAFETY_KEYS}


def write_results_json(results: dict, path: str | os.PathLike) -> Path:
    """Write the document (UTF-8, indent 2, non-ASCII kept); replaces the file atomically."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return target


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _where(path: Any) -> str:
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    return text.lstrip(".") or "(document)"


def validate_results(results: dict) -> None:
    """Raise ValueError with a one-line message when ``results`` does not match the schema."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(results))
    if error is None:
        return
    message = " ".join(error.message.split())
    if len(message) > 200:
        message = message[:197] + "..."
    raise ValueError(f"results.json invalid at {_where(error.absolute_path)}: {message}")
