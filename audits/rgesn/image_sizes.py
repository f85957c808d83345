"""RGESN-6.4: Images no larger than displayed."""

from __future__ import annotations

from ent_audit.audits.model import PageCapture
from ent_audit.audits.resources import (
    image_bytes,
    is_vector,
    records_by_url,
)
from ent_audit.audits.rules import URL, Column, Finding, RuleSettings, facts, msg, note, rule, table, value


@rule(
    ref="RGESN-6.4",
    pillar="durable",
    needs=("facts.images",),
    title=msg("Images no larger than displayed"),
    why=msg("An image 1600 px wide shown 200 px wide downloads tens of times too many bytes."),
    fix=msg("Resize images on the server, or offer several sizes with srcset and sizes."),
)
def image_sizes(page: PageCapture, settings: RuleSettings) -> Finding:
    images = page.facts.get("images")
    if images is None:
        return Finding.na(facts(note(msg("Images not recorded"))))
    records = records_by_url(page)
    dpr = float(page.facts.get("device_pixel_ratio") or 1)
    judged, offenders, saving = 0, [], 0
    for image in images:
        natural = image.get("natural_w", 0) * image.get("natural_h", 0)
        shown = round(image.get("rendered_w", 0) * dpr) * round(image.get("rendered_h", 0) * dpr)
        if not natural or not shown or not image.get("visible") or is_vector(image, records):
            continue
        judged += 1
        if natural <= shown:
            continue
        wasted = round(image_bytes(image, records) * (1 - shown / natural))
        if wasted >= settings.image_waste_min_bytes:
            saving += wasted
            offenders.append(
                {
                    "url": image["url"],
                    "natural": f"{image['natural_w']}×{image['natural_h']}",
                    "rendered": f"{image['rendered_w']}×{image['rendered_h']}",
                    "wasted": wasted,
                }
            )
    if not judged:
        return Finding.na(facts(note(msg("No raster image displayed"))))
    judged_value = value(msg("Images judged"), "count", judged)
    if offenders:
        columns = [
            URL,
            Column("natural", "text", msg("Natural size (px)")),
            Column("rendered", "text", msg("Displayed size (px)")),
            Column("wasted", "bytes", msg("Bytes wasted")),
        ]
        return Finding.fail(
            table(
                columns,
                offenders,
                [
                    value(msg("Images larger than displayed"), "count", len(offenders)),
                    judged_value,
                ],
            ),
            saving_bytes=saving,
        )
    return Finding.ok(facts(judged_value, value(msg("Tolerance"), "bytes", settings.image_waste_min_bytes)))
