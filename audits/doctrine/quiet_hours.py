"""DOCTRINE-deconnexion: Right to disconnect: items published during quiet hours."""

from __future__ import annotations

from ent_audit.audits.doctrine import (
    MAX_ITEMS,
    quiet_hours_items,
    quiet_window,
)
from ent_audit.audits.rules import (
    PAGE,
    Column,
    Finding,
    RuleSettings,
    SiteView,
    facts,
    msg,
    note,
    site_rule,
    table,
    value,
)


@site_rule(
    ref="DOCTRINE-deconnexion",
    needs=("pages.facts.times",),
    pillar="responsable",
    title={
        "fr": "Droit à la déconnexion : publications pendant les heures calmes",
        "en": "Right to disconnect: items published during quiet hours",
    },
    why={
        "fr": "Le ministère demande qu'aucune actualisation n'arrive aux familles le soir (par défaut "
        "20:00–07:00). Les horodatages affichés ne sont qu'un indice : ils ne prouvent ni la "
        "conformité ni son absence.",
        "en": "The ministry asks that no update reaches families in the evening (by default 20:00–07:00). "
        "Timestamps shown are only evidence: they prove neither compliance nor its absence.",
    },
    fix={
        "fr": "Différer notifications et publications hors de la plage ; l'afficher aux utilisateurs.",
        "en": "Delay notifications and publications outside the window; tell users about it.",
    },
)
def quiet_hours(site: SiteView, settings: RuleSettings) -> Finding:
    pages, items = quiet_hours_items(site, settings)
    window = quiet_window(settings)
    window_value = value(msg("Plage calme", "Quiet window"), "text", msg(window.describe("fr"), window.describe("en")))
    zone = value(msg("Fuseau horaire", "Time zone"), "code", settings.timezone)
    if not pages:
        return Finding.na(
            facts(
                note(
                    msg(
                        "Aucun élément horodaté (<time datetime>) sur les pages auditées",
                        "No timestamped item (<time datetime>) on the pages audited",
                    )
                ),
                window_value,
                zone,
            )
        )
    columns = [
        Column("datetime", "datetime", msg("Date", "Date")),
        Column("text", "text", msg("Élément", "Item")),
        PAGE,
    ]
    return Finding.manual(
        table(
            columns,
            ({"datetime": i["datetime"], "text": i["text"][:80], "page": i["page"]} for i in items[:MAX_ITEMS]),
            [
                value(
                    msg("Éléments horodatés dans la plage", "Items timestamped inside the window"), "count", len(items)
                ),
                value(msg("Pages montrant des horodatages", "Pages showing timestamps"), "count", pages),
                window_value,
                zone,
            ],
        )
    )
