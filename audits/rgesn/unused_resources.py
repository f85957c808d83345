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
    title={
        "fr": "Pas de ressource inutilisée ; images hors écran chargées à la demande",
        "en": "No unused resources; offscreen images loaded lazily",
    },
    why={
        "fr": "Les images sous la ligne de flottaison et le code jamais exécuté sont téléchargés pour rien "
        "par les visiteurs qui ne font pas défiler la page ; la couverture du navigateur mesure le code "
        "CSS et JavaScript inutilisé au chargement.",
        "en": "Images below the fold and code that never runs are downloaded for nothing by visitors who do not "
        "scroll; the browser's coverage measures the CSS and JavaScript unused at load.",
    },
    fix={
        "fr": 'Ajouter loading="lazy" aux images hors écran ; découper scripts et feuilles de style par page.',
        "en": 'Add loading="lazy" to offscreen images; split scripts and stylesheets per page.',
    },
)
def unused_resources(page: PageCapture, settings: RuleSettings) -> Finding:
    images = page.facts.get("images")
    coverage = page.facts.get("coverage")
    if images is None and not coverage:
        return Finding.na(
            facts(note(msg("Images et couverture du code non relevées", "Images and coverage not recorded")))
        )
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
                msg(
                    "Images sous la ligne de flottaison sans loading=lazy", "Images below the fold without loading=lazy"
                ),
                "count",
                len(offscreen),
            ),
            value(msg("Poids de ces images", "Their size"), "bytes", size),
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
                msg(
                    "Scripts ou feuilles de style surtout inutilisés au chargement",
                    "Scripts or stylesheets mostly unused at load",
                ),
                "count",
                unused_files,
            )
        )
    if summary:
        columns = [
            URL,
            Column("kind", "code", msg("Type", "Type")),
            Column("top", "px", msg("Distance au haut de la page", "Distance from the top")),
            Column("unused_share", "percent", msg("Part inutilisée", "Share unused")),
            Column("unused", "bytes", msg("Octets inutilisés", "Bytes unused")),
        ]
        return Finding.fail(table(columns, details, summary), saving_bytes=saving)
    checked = []
    if images is not None:
        checked.append(
            value(
                msg(
                    "Images, aucune sous la ligne de flottaison chargée d'office",
                    "Images, none below the fold loaded eagerly",
                ),
                "count",
                len(images),
            )
        )
    if coverage:
        total = sum(e["total"] for k in ("js", "css") for e in coverage.get(k) or [])
        unused = sum(e["unused"] for k in ("js", "css") for e in coverage.get(k) or [])
        checked += [
            value(
                msg(
                    "CSS et JavaScript inutilisés au chargement (sous les seuils)",
                    "CSS and JavaScript unused at load (under the floors)",
                ),
                "bytes",
                unused,
            ),
            value(msg("CSS et JavaScript", "CSS and JavaScript"), "bytes", total),
        ]
    return Finding.ok(facts(*checked))
