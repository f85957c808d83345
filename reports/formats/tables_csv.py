"""pages.csv, resources.csv and findings.csv (one row per finding, page or site), for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ent_audit.reports.evidence import evidence_lines
from ent_audit.reports.files import atomic_write
from ent_audit.reports.formats import Drawing, output_format, rule_title

PAGE_COLUMNS = (
    "url",
    "final_url",
    "status",
    "error",
    "template",
    "profile",
    "depth",
    "title",
    "transfer_bytes",
    "requests",
    "dom_elements",
    "ecoindex_score",
    "ecoindex_grade",
    "ghg_g",
    "water_cl",
    "a11y_violations",
    "rgesn_failed",
    "lighthouse_performance",
    "lighthouse_accessibility",
)
RESOURCE_COLUMNS = (
    "page_url",
    "url",
    "type",
    "status",
    "mime",
    "transfer_bytes",
    "decoded_bytes",
    "third_party",
    "from_cache",
    "redirect",
    "content_encoding",
    "protocol",
    "failed",
)
FINDING_COLUMNS = ("page_url", "ref", "verdict", "title", "saving_bytes", "evidence")


def _csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def page_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for page in results["pages"]:
        eco = page.get("ecoindex") or {}
        lighthouse = (page.get("lighthouse") or {}).get("categories") or {}
        rows.append(
            {
                **{k: page.get(k, "") for k in PAGE_COLUMNS if k in page},
                "ecoindex_score": eco.get("score", ""),
                "ecoindex_grade": eco.get("grade", ""),
                "ghg_g": eco.get("ghg_g", ""),
                "water_cl": eco.get("water_cl", ""),
                "a11y_violations": len((page.get("accessibility") or {}).get("violations") or []),
                "rgesn_failed": sum(
                    1 for f in page.get("findings") or [] if f["ref"].startswith("RGESN-") and f["verdict"] == "fail"
                ),
                "lighthouse_performance": lighthouse.get("performance", ""),
                "lighthouse_accessibility": lighthouse.get("accessibility", ""),
            }
        )
    return rows


def resource_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"page_url": page["url"], **resource} for page in results["pages"] for resource in page["resources"]]


def finding_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every finding of the run, the pages' then the site's (``page_url`` empty), its evidence as plain lines."""

    def row(page_url: str, finding: dict[str, Any]) -> dict[str, Any]:
        return {
            "page_url": page_url,
            "ref": finding["ref"],
            "verdict": finding["verdict"],
            "title": rule_title(results, finding["ref"]),
            "saving_bytes": finding.get("saving_bytes", ""),
            "evidence": " | ".join(evidence_lines(finding.get("evidence"))),
        }

    return [row(page["url"], f) for page in results["pages"] for f in page.get("findings") or []] + [
        row("", f) for f in (results.get("site") or {}).get("findings") or []
    ]


@output_format("csv", ("pages.csv", "resources.csv", "findings.csv"))
def write_csv(results: dict[str, Any], out_dir: Path, drawing: Drawing) -> list[Path]:
    return [
        atomic_write(out_dir / "pages.csv", _csv(page_rows(results), PAGE_COLUMNS)),
        atomic_write(out_dir / "resources.csv", _csv(resource_rows(results), RESOURCE_COLUMNS)),
        atomic_write(out_dir / "findings.csv", _csv(finding_rows(results), FINDING_COLUMNS)),
    ]
