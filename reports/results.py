"""The one loader of a stored run: ``results.json`` built from the store only.

The document follows the contract of ARCHITECTURE.md and ``reports/schema/results.schema.json``. Every verdict in it
comes from the judgement ``audits/judge.py`` made of the run's facts, stored with the run when they were complete;
this module copies it next to the facts and decides nothing.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from ent_audit.audits.metrics.carbon import GLOBAL_GRID_INTENSITY, per_1000_visits
from ent_audit.audits.metrics.ecoindex import grade as ecoindex_grade
from ent_audit.audits.rgaa import enrich_results
from ent_audit.reports.files import atomic_write
from ent_audit.reports.store import Store, row_capture

SCHEMA_VERSION = "2.0"  # 2.0: structured evidence, pages[].loaded, rules
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


def _findings(stored: list[dict] | None, judged: list[dict]) -> list[dict]:
    """The findings saved with the page row (if any), then the judge's (one per ref: the page row's wins)."""
    findings = list(stored or [])
    refs = {f.get("ref") for f in findings}
    return findings + [f for f in judged if f["ref"] not in refs]


def _page(row: dict, judged: dict) -> dict:
    page = {
        "url": row["url"],
        "final_url": row["final_url"],
        "status": row["status"],
        "error": row["error"],
        "loaded": bool(judged["loaded"]),
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
    page["findings"] = _findings(row["findings"], judged["findings"])
    return page


def page_ok(page: dict) -> bool:
    """The page loaded, as the judge found it (results.json ``loaded``)."""
    return bool(page.get("loaded"))


def mean_grade(mean: float | None) -> str | None:
    return None if mean is None else ecoindex_grade(mean)


def carbon(pages: list[dict], grid_g_per_kwh: float = GLOBAL_GRID_INTENSITY) -> dict:
    """EcoIndex GHG/water and SWD v4 carbon per 1,000 visits over the scored pages: two models, never summed."""
    scored = [p for p in pages if p["ecoindex"] is not None]
    return per_1000_visits(
        ((p["ecoindex"]["ghg_g"], p["ecoindex"]["water_cl"], p["transfer_bytes"]) for p in scored), grid_g_per_kwh
    )


def summarize(pages: list[dict], accessibility: dict, grid_g_per_kwh: float = GLOBAL_GRID_INTENSITY) -> dict:
    """Run-wide numbers from the ``pages`` of a results document, with the judge's accessibility view."""
    scores = [p["ecoindex"]["score"] for p in pages if p["ecoindex"] is not None]
    mean = round(sum(scores) / len(scores), 1) if scores else None
    distribution = {letter: 0 for letter in GRADES}
    for page in pages:
        if page["ecoindex"] is not None:
            distribution[page["ecoindex"]["grade"]] += 1
    ok = sum(1 for p in pages if p["loaded"])

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
                heaviest[resource["url"]] = {
                    "url": resource["url"],
                    "page_url": page["url"],
                    "type": resource["type"],
                    "transfer_bytes": size,
                    "loads": 1,
                }
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
        "accessibility": accessibility,
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


def run_stats(stats: dict) -> dict | None:
    """What the crawl cost, for sizing nightly runs: pages loaded, seconds from the crawl's start to its end,
    pages a minute, and CPU seconds (ent-audit and the browser it drove: crawler/cpu.py) in all and a page. None when
    the run did not measure it (a run stored before, a distributed run, a system without /proc): never 0. A resumed
    run counts its last session."""
    pages, seconds, cpu = stats.get("ent_audit/pages"), stats.get("ent_audit/crawl_s"), stats.get("ent_audit/cpu_s")
    if not isinstance(pages, int) or not isinstance(seconds, (int, float)) or seconds <= 0:
        return None
    cpu_s = float(cpu) if isinstance(cpu, (int, float)) and pages > 0 else None
    return {
        "pages": pages,
        "crawl_s": round(float(seconds), 1),
        "pages_per_min": round(pages * 60 / seconds, 1),
        "cpu_s": None if cpu_s is None else round(cpu_s, 1),
        "cpu_s_per_page": None if cpu_s is None else round(cpu_s / pages, 2),
    }


def _grid(settings: Any) -> float:
    """Grid intensity for SWD v4: the run's ``[durable] grid_g_per_kwh`` when given, else the SWD v4 global value."""
    settings = settings if isinstance(settings, dict) else {}
    durable = settings.get("durable") if isinstance(settings.get("durable"), dict) else {}
    value = durable.get("grid_g_per_kwh", settings.get("grid_g_per_kwh"))
    return float(value) if isinstance(value, (int, float)) and value >= 0 else GLOBAL_GRID_INTENSITY


def build_results(store: Store, run_id: str) -> dict:
    """The ``results.json`` document of one run, read from the store only."""
    run = store.run(run_id)
    rows = store.pages(run_id)
    judgement = store.judgement(run_id, [row["id"] for row in rows]) or _judge_now(rows, run)
    pages = [_page(row, judged) for row, judged in zip(rows, judgement["pages"], strict=True)]
    facts = run.get("facts") or {}
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
            "stats": run_stats(run.get("stats") or {}),
            "lighthouse": (run.get("facts") or {}).get("lighthouse") or {"disabled": True},
            "browser": (run.get("facts") or {}).get("browser") or "",
            **_accessibility_off(run.get("settings")),
        },
        "pages": pages,
        "summary": summarize(pages, judgement["accessibility"], _grid(run.get("settings"))),
        "site": {
            **judgement["site"],
            "observations": {
                "plain_http": facts.get("plain_http") or {},
                "login": facts.get("login") or {},
                "verify_tls": facts.get("verify_tls", True),
            },
        },
        "rules": judgement["rules"],
        "safety": safety_section(run),
    }


A11Y_OFF = "turned off (--no-axe or [capture] accessibility = false): accessibility was not tested"


def _accessibility_off(settings: Any) -> dict:
    """``{"accessibility": {"tested": False, "reason": …}}`` for a run whose accessibility test was turned off
    (``--no-axe``), so that the document says so plainly; nothing otherwise (the pages carry what axe found)."""
    capture = settings.get("capture") if isinstance(settings, dict) else None
    if isinstance(capture, dict) and capture.get("accessibility") is False:
        return {"accessibility": {"tested": False, "reason": A11Y_OFF}}
    return {}


def _judge_now(rows: list[dict], run: dict) -> dict:
    """A run stored without its findings (before the judge stored them, or still running) is judged as it is read,
    by the same judge, so that old stores still render: the one call into the judge from ``reports/``."""
    from ent_audit.audits.judge import judge_run

    return judge_run([row_capture(row) for row in rows], run)


SAFETY_KEYS = ("links_not_followed", "requests_blocked", "allowed_writes", "session_lost")


def safety_section(run: dict) -> dict:
    """What the read-only policy spared (crawler/safety/ledger.py), as the runner stored it with the run; empty
    lists for a run stored before it was recorded."""
    stored = (run.get("facts") or {}).get("safety") or {}
    return {key: list(stored.get(key) or []) for key in SAFETY_KEYS}


def write_results_json(results: dict, path: str | os.PathLike) -> Path:
    """Write the document (UTF-8, indent 2, non-ASCII kept); replaces the file atomically."""
    return atomic_write(path, json.dumps(results, ensure_ascii=False, indent=2) + "\n")


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
