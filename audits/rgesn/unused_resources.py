"""RGESN-6.5: No unused resources; offscreen images loaded lazily."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.model import PageCapture
from ent_audit.audits.resources import (
    image_bytes,
    records_by_url,
)
from ent_audit.audits.rules import URL, Column, Finding, RuleSettings, facts, msg, note, rule, table, value


@rule(
    ref="RGESN-6.5",
    pillar="durable",
    needs=("requests",),
    title=msg("No unused resources; offscreen images loaded lazily"),
    why=msg(
        "Images below the fold and code that never runs are downloaded for nothing by visitors who do not "
        "scroll; the browser's coverage measures the CSS and JavaScript unused at load."
    ),
    fix=msg('Add loading="lazy" to offscreen images; split scripts and stylesheets per page.'),
)
def unused_resources(page: PageCapture, settings: RuleSettings) -> Finding:
    images = page.facts.get("images")
    coverage = page.facts.get("coverage")
    if images is None and not coverage:
        return Finding.na(facts(note(msg("Images and coverage not recorded"))))
    records = records_by_url(page)
    fold = int(page.facts.get("viewport_height") or 1080)
    summary: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    saving = 0
    offscreen = [
        i
        for i in images or []
        if i.get("top", 0) >= fold
        and i.get("loading") != "lazy"
        and image_bytes(i, records) >= settings.offscreen_min_bytes
    ]
    if offscreen:
        size = sum(image_bytes(i, records) for i in offscreen)
        saving += size
        summary += [
            value(
                msg("Images below the fold without loading=lazy"),
                "count",
                len(offscreen),
            ),
            value(msg("Their size"), "bytes", size),
        ]
        details += [
            {"url": i["url"], "kind": "img", "top": i["top"], "unused_share": None, "unused": None} for i in offscreen
        ]
    for kind, floor in (("js", settings.unused_js_min_bytes), ("css", settings.unused_css_min_bytes)):
        for entry in (coverage or {}).get(kind) or []:
            if entry["unused"] < floor or not entry["total"]:
                continue
            record = records.get(entry["url"])
            wire = round((record.transfer_bytes if record else entry["total"]) * entry["unused"] / entry["total"])
            saving += wire
            details.append(
                {
                    "url": entry["url"],
                    "kind": "JavaScript" if kind == "js" else "CSS",
                    "top": None,
                    "unused_share": entry["unused"] / entry["total"],
                    "unused": entry["unused"],
                }
            )
    unused_files = len(details) - len(offscreen)
    if unused_files:
        summary.append(
            value(
                msg("Scripts or stylesheets mostly unused at load"),
                "count",
                unused_files,
            )
        )
    if summary:
        columns = [
            URL,
            Column("kind", "code", msg("Type")),
            Column("top", "px", msg("Distance from the top")),
            Column("unused_share", "percent", msg("Share unused")),
            Column("unused", "bytes", msg("Bytes unused")),
        ]
        return Finding.fail(table(columns, details, summary), saving_bytes=saving)
    checked = []
    if images is not None:
        checked.append(
            value(
                msg("Images, none below the fold loaded eagerly"),
                "count",
                len(images),
            )
        )
    if coverage:
        total = sum(e["total"] for k in ("js", "css") for e in coverage.get(k) or [])
        unused = sum(e["unused"] for k in ("js", "css") for e in coverage.get(k) or [])
        checked += [
            value(
                msg("CSS and JavaScript unused at load (under the floors)"),
                "bytes",
                unused,
            ),
            value(msg("CSS and JavaScript"), "bytes", total),
        ]
    return Finding.ok(facts(*checked))
