"""The HTML report: one self-contained file (inline CSS, no JavaScript, nothing fetched), French by default.

It reads only a results document (see ``reports.exports.build_results``): rendering never re-crawls.
Strings live in ``CATALOGUE`` keyed by language ("fr", "en"), so another language is one more dict.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from audits.accessibility import site_view
from audits.rgaa import THEMES

TEMPLATES_DIR = Path(__file__).parent / "templates"
GRADES = ("A", "B", "C", "D", "E", "F", "G")
# EcoIndex grade colours; the letter is printed in GRADE_TEXT_COLOUR on them (contrast >= 4.5:1, see tests).
GRADE_COLOURS = {"A": "#349a47", "B": "#51b84b", "C": "#cadb2a", "D": "#f6eb15", "E": "#fecd06", "F": "#f99839",
                 "G": "#ed2124"}
GRADE_TEXT_COLOUR = "#000000"
RESOURCES_PER_PAGE = 12  # heaviest resources listed in each page's <details>; the rest is summed up
URL_DISPLAY_LEN = 64
DOCUMENTS_PER_PAGE = 10  # heaviest linked documents listed per page (the crawler sizes up to 20); the rest is summed
ISSUES_SHOWN = 40  # grouped accessibility issues listed in the report; the rest stays in results.json
BLOCKED_PER_PAGE = 5  # distinct blocked requests listed per page (a polling beacon repeats); the rest is counted
# Linked documents: a short, language-neutral kind for the usual MIME types (the raw type is often unreadable).
DOCUMENT_KINDS = {
    "application/pdf": "PDF", "application/msword": "Word", "application/rtf": "RTF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "ODT", "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP", "application/zip": "ZIP",
    "application/x-zip-compressed": "ZIP", "application/x-7z-compressed": "7z", "application/vnd.rar": "RAR",
    "application/x-rar-compressed": "RAR", "application/gzip": "gzip", "application/x-tar": "tar", "text/csv": "CSV",
}

NNBSP = "\u202f"  # narrow no-break space: French thousands separator
NBSP = "\u00a0"  # no-break space: between a number and its unit

CATALOGUE: dict[str, dict[str, Any]] = {
    "fr": {
        "number": {"thousands": NNBSP, "decimal": ","},
        "bytes": {"one": "octet", "many": "octets", "units": ("ko", "Mo", "Go", "To")},
        "months": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                   "novembre", "décembre"),
        "datetime": "{day} {month} {year} à {hour} h {minute:02d}",
        "timezone_label": {"Europe/Paris": "heure de Paris", "UTC": "UTC"},
        "title": "Rapport d’audit",
        "skip": "Aller au contenu",
        "toc": "Sommaire",
        "site": "Site",
        "date": "Date de l’audit",
        "profile": "Profil connecté",
        "start_urls": "Adresses de départ",
        "tool": "Outil",
        "run_status": "État de l’audit",
        "run_statuses": {"running": "en cours", "finished": "terminé", "interrupted": "interrompu (résultats partiels)",
                         "failed": "échoué (résultats partiels)"},
        "none": "—",
        "summary": "Synthèse",
        "pages_audited": "Pages auditées",
        "pages_error_suffix": "en erreur",
        "total_weight": "Poids total",
        "mean_weight": "Poids moyen par page",
        "mean_ecoindex": "EcoIndex moyen",
        "out_of_100": "sur 100",
        "grade": "note",
        "total_requests": "Requêtes",
        "third_party_weight": "Poids des ressources tierces",
        "of_total": "du total",
        "templates": "Gabarits d’URL distincts",
        "distribution": "Répartition des notes EcoIndex",
        "distribution_alt": "Nombre de pages par note EcoIndex : {items}.",
        "page_one": "page",
        "page_many": "pages",
        "not_scored": ("{n} page non notée (erreur ou document non HTML).",
                       "{n} pages non notées (erreurs ou documents non HTML)."),
        "request_one": "requête",
        "request_many": "requêtes",
        "pages": "Pages",
        "pages_caption": "Pages auditées, de la plus mauvaise note EcoIndex à la meilleure",
        "col_url": "Adresse",
        "col_template": "Gabarit",
        "col_grade": "Note",
        "col_score": "Score",
        "col_weight": "Poids",
        "col_requests": "Requêtes",
        "col_dom": "Éléments DOM",
        "col_status": "État",
        "col_type": "Type",
        "col_resource": "Ressource",
        "col_page": "Page",
        "col_loads": "Chargements",
        "not_rated": "non notée",
        "unsettled": "réseau jamais calme",
        "heaviest": "Ressources les plus lourdes",
        "heaviest_caption": "Les {n} ressources les plus lourdes de l’audit (une ligne par adresse)",
        "heaviest_empty": "Aucune ressource mesurée.",
        "per_page": "Ressources par page",
        "per_page_intro": "Pour chaque page, la répartition par type puis les ressources les plus lourdes.",
        "per_page_caption": "Ressources les plus lourdes de {url}",
        "by_type": "Par type",
        "others": ("{n} autre ressource\u00a0: {weight}", "{n} autres ressources\u00a0: {weight}"),
        "third_party": "tiers",
        "cached": "cache",
        "redirect": "redirection",
        "methodology": "Méthodologie",
        "methodology_text": (
            "Chaque page est chargée une seule fois dans Chromium, dans un contexte de navigation neuf (cache vide), "
            "avec une fenêtre de 1920\u00a0×\u00a01080 pixels. Le chargement est considéré comme terminé quand le "
            "réseau est calme, après un défilement jusqu’en bas de page (pour déclencher le chargement différé) puis "
            "un nouveau calme du réseau, dans une limite de durée\u00a0: les pages qui s’actualisent en permanence "
            "sont signalées.",
            "Le poids d’une page est la somme des octets reçus sur le réseau pour toutes ses réponses, en-têtes et "
            "redirections compris. Les requêtes comptées sont les réponses reçues par le réseau, redirections "
            "comprises\u00a0; celles servies par le cache du navigateur ne sont pas comptées. Le nombre d’éléments "
            "DOM compte tous les éléments du document sauf les descendants des éléments svg.",
            "L’EcoIndex (score de 0 à 100, note de A à G) suit la méthode publiée par le collectif GreenIT "
            "(cnumr)\u00a0: score = 100 − 5 × (3 × q(DOM) + 2 × q(requêtes) + q(poids)) / 6, où chaque q situe la "
            "mesure (de 0 à 20) dans les quantiles de référence, le poids étant compté en ko de 1\u202f000 octets. "
            "Les pages en erreur et les documents non HTML ne sont pas notés.",
        ),
        "generated_by": "Rapport produit par ent-audit {version}.",
        "colon": "\u00a0:",
        "profiles": "Profils connectés",
        "col_profile": "Profil",
        "linked_documents": "Documents liés",
        "documents_total": "{weight} en tout",
        "documents_unknown": ("dont {n} de taille inconnue", "dont {n} de taille inconnue"),
        # Modèles de page
        "page_templates": "Modèles de page",
        "templates_caption": "Adresses découvertes et pages auditées par modèle d’URL, du plus fréquent au plus rare",
        "templates_intro": (
            "Au plus {n} page est auditée par modèle d’URL (les adresses qui ne diffèrent que par un identifiant, "
            "une date ou un numéro de page)\u00a0: les calendriers sans fin et les billets qui se ressemblent "
            "s’arrêtent d’eux-mêmes, et l’audit couvre plus de modèles différents.",
            "Au plus {n} pages sont auditées par modèle d’URL (les adresses qui ne diffèrent que par un identifiant, "
            "une date ou un numéro de page)\u00a0: les calendriers sans fin et les billets qui se ressemblent "
            "s’arrêtent d’eux-mêmes, et l’audit couvre plus de modèles différents."),
        "templates_intro_capped": (
            "Un nombre limité de pages est audité par modèle d’URL (les adresses qui ne diffèrent que par un "
            "identifiant, une date ou un numéro de page)\u00a0: les calendriers sans fin et les billets qui se "
            "ressemblent s’arrêtent d’eux-mêmes, et l’audit couvre plus de modèles différents."),
        "templates_intro_uncapped": ("Aucune limite de pages par modèle d’URL n’était fixée pour cet audit\u00a0: "
                                     "seul le nombre maximal de pages l’a arrêté."),
        "templates_empty": "Aucun modèle d’URL relevé pour cet audit.",
        "col_model": "Modèle",
        "col_seen": "URL découvertes",
        "col_audited": "Pages auditées",
        "col_examples": "Exemples",
        # per page: documents and blocked requests
        "documents_caption": "Documents liés depuis {url}, mesurés sans être ouverts",
        "documents_count": ("{n} document lié", "{n} documents liés"),
        "documents_others": ("{n} autre document\u00a0: {detail}", "{n} autres documents\u00a0: {detail}"),
        "col_document": "Document",
        "col_size": "Taille",
        "col_measure": "Mesure",
        "size_unknown": "taille inconnue",
        "type_unknown": "type inconnu",
        "media_kinds": {"image": "image", "video": "vidéo", "audio": "audio"},
        "measures": {"HEAD": "HEAD", "GET_capped": "GET d’un octet", "GET": "GET complet"},
        "measure_status": "réponse {status}",
        "measure_error": "échec\u00a0: {error}",
        "blocked_caption": "Requêtes bloquées par sécurité sur {url}",
        "blocked_count": ("{n} requête bloquée", "{n} requêtes bloquées"),
        "blocked_others": ("{n} autre requête bloquée.", "{n} autres requêtes bloquées."),
        "times": "{n}\u00a0fois",
        "col_method": "Méthode",
        "col_reason": "Raison",
        "blocked_method": "méthode interdite",
        "blocked_reasons": {"denied URL": "adresse interdite"},
        # Méthodologie: sécurité du crawl
        "safety": "Sécurité du crawl",
        "safety_text": (
            "L’audit est en lecture seule. Seules les requêtes GET, HEAD et OPTIONS quittent le navigateur\u00a0: "
            "toute autre méthode (POST, PUT, DELETE…) est interrompue avant d’être envoyée, de même que les "
            "adresses qui ressemblent à une déconnexion ou à une suppression (logout, déconnexion, supprimer, "
            "corbeille…)\u00a0; les liens vers ces adresses ne sont jamais suivis."),
        "safety_blocked": ("{n} requête a été bloquée par sécurité pendant cet audit.",
                           "{n} requêtes ont été bloquées par sécurité pendant cet audit."),
        "safety_blocked_none": "Aucune requête n’a été bloquée par sécurité pendant cet audit.",
        "deny_replaced": "Pour cet audit, la liste d’adresses interdites intégrée à l’outil était remplacée par celle "
                         "de la configuration.",
        "deny_extra": ("La configuration de l’audit y ajoutait {n} motif d’adresses interdites.",
                       "La configuration de l’audit y ajoutait {n} motifs d’adresses interdites."),
        "robots": {True: "Le fichier robots.txt du site a été respecté.",
                   False: "Le fichier robots.txt du site n’a pas été appliqué, à la demande de la personne qui a "
                          "lancé l’audit."},
        "skipped_intro": ("Liens non suivis, par raison (un lien présent sur plusieurs pages compte à chaque "
                          "fois)\u00a0:"),
        "skipped_none": "Aucun lien n’a été écarté.",
        "skipped_reasons": {"denied": "adresse interdite (déconnexion, suppression…)",
                            "out_of_scope": "hors du site audité",
                            "document": "document lié (mesuré sans être ouvert)",
                            "robots": "refusé par robots.txt",
                            "template_cap": "limite de pages par modèle atteinte",
                            "page_budget": "nombre maximal de pages atteint",
                            "not_http": "adresse non web (mailto:, javascript:…)"},
        "documents_method": (
            "Les documents liés (PDF, fichiers bureautiques, archives, médias) ne sont pas ouverts dans le "
            "navigateur\u00a0: leur taille est lue dans les en-têtes d’une requête HEAD ou, à défaut, dans la réponse "
            "à une requête GET limitée à un octet (RGESN 5.7). Leur poids est donné à part\u00a0: il n’entre ni dans "
            "le poids des pages ni dans l’EcoIndex."),
        # Inclusif (accessibilité, RGAA 4.1)
        "inclusive": "Inclusif",
        "inclusive_heading": "Inclusif — accessibilité (RGAA 4.1)",
        "a11y_intro": (
            "Les tests automatiques ne couvrent qu’environ un cinquième des critères du RGAA (référentiel général "
            "d’amélioration de l’accessibilité)\u00a0: ils trouvent des défauts, mais ne peuvent pas montrer qu’une "
            "page est accessible. Ce rapport ne donne donc aucun taux de conformité\u00a0; seul un audit complet, "
            "mené par une personne sur un échantillon de pages, le permet."),
        "a11y_tested": ("{n} page testée avec {engine}.", "{n} pages testées avec {engine}."),
        "a11y_incomplete": ("Les tests n’ont pas pu aller au bout sur {n} page (délai dépassé).",
                            "Les tests n’ont pas pu aller au bout sur {n} pages (délai dépassé)."),
        "a11y_untested": "Aucune page n’a pu être testée pour l’accessibilité.",
        "statement_shown": "La page d’accueil affiche la mention d’accessibilité\u00a0: «\u00a0Accessibilité\u00a0: "
                           "{value}\u00a0».",
        "statement_missing": ("La page d’accueil n’affiche pas la mention «\u00a0Accessibilité\u00a0: …\u00a0» "
                              "qui annonce l’état du site, obligatoire pour les services publics."),
        "statement_unknown": "La présence de la mention d’accessibilité sur la page d’accueil n’a pas été relevée.",
        "a11y_counts": "Sur les 106 critères\u00a0: {fail}, {ok}, {manual}.",
        "count_fail": ("{n} avec non-conformité détectée", "{n} avec non-conformité détectée"),
        "count_ok": ("{n} sans anomalie détectée par les tests automatiques",
                     "{n} sans anomalie détectée par les tests automatiques"),
        "count_manual": ("{n} à vérifier manuellement", "{n} à vérifier manuellement"),
        "issues": "Problèmes détectés",
        "issues_intro": ("Un même défaut sur un même composant (le même menu sur chaque page, chaque ligne d’une "
                         "liste) compte une seule fois."),
        "issues_caption": "Problèmes détectés, regroupés par composant, du plus grave au moins grave",
        "issues_empty": "Aucun problème détecté par les tests automatiques.",
        "issues_others": ("{n} autre problème n’est pas listé ici (voir results.json).",
                          "{n} autres problèmes ne sont pas listés ici (voir results.json)."),
        "col_issue": "Problème",
        "col_impact": "Gravité",
        "col_rgaa": "Critères RGAA",
        "col_extent": "Étendue",
        "on_pages": ("sur {n} page", "sur {n} pages"),
        "in_templates": ("{n} modèle", "{n} modèles"),
        "elements": ("{n} élément", "{n} éléments"),
        "impacts": {"critical": "critique", "serious": "grave", "moderate": "modérée", "minor": "mineure",
                    "none": "non précisée"},
        "rgaa_table": "Les 106 critères du RGAA 4.1",
        "rgaa_intro": ("Chaque critère reçoit l’un de ces trois états. «\u00a0Aucune anomalie détectée\u00a0» ne "
                       "veut pas dire que le critère est respecté\u00a0: les tests automatiques n’en vérifient "
                       "qu’une partie."),
        "rgaa_caption": "Thème {n}\u00a0: {theme}, état de chaque critère",
        "theme_summary": "{n}. {theme}",
        "col_criterion": "Critère",
        "col_title": "Intitulé",
        "statuses": {"fail": "non-conformité détectée",
                     "no_issue_found": "aucune anomalie détectée par les tests automatiques",
                     "manual": "à vérifier manuellement"},
        "status_detail": "{pages}, {nodes}",
        "review_detail": ("résultat à examiner sur {n} page", "résultats à examiner sur {n} pages"),
        "types": {"document": "document", "stylesheet": "feuille de style", "script": "script", "image": "image",
                  "font": "police", "media": "média", "xhr": "XHR", "fetch": "fetch", "websocket": "WebSocket",
                  "manifest": "manifeste", "other": "autre"},
    },
    "en": {
        "number": {"thousands": ",", "decimal": "."},
        "bytes": {"one": "byte", "many": "bytes", "units": ("kB", "MB", "GB", "TB")},
        "months": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December"),
        "datetime": "{month} {day}, {year} at {hour}:{minute:02d}",
        "timezone_label": {"Europe/Paris": "Paris time", "UTC": "UTC"},
        "title": "Audit report",
        "skip": "Skip to content",
        "toc": "Contents",
        "site": "Site",
        "date": "Audit date",
        "profile": "Logged-in profile",
        "start_urls": "Start URLs",
        "tool": "Tool",
        "run_status": "Audit status",
        "run_statuses": {"running": "running", "finished": "finished", "interrupted": "interrupted (partial results)",
                         "failed": "failed (partial results)"},
        "none": "—",
        "summary": "Summary",
        "pages_audited": "Pages audited",
        "pages_error_suffix": "with errors",
        "total_weight": "Total weight",
        "mean_weight": "Mean weight per page",
        "mean_ecoindex": "Mean EcoIndex",
        "out_of_100": "out of 100",
        "grade": "grade",
        "total_requests": "Requests",
        "third_party_weight": "Third-party weight",
        "of_total": "of the total",
        "templates": "Distinct URL templates",
        "distribution": "EcoIndex grade distribution",
        "distribution_alt": "Pages per EcoIndex grade: {items}.",
        "page_one": "page",
        "page_many": "pages",
        "not_scored": ("{n} page not scored (error or non-HTML document).",
                       "{n} pages not scored (errors or non-HTML documents)."),
        "request_one": "request",
        "request_many": "requests",
        "pages": "Pages",
        "pages_caption": "Audited pages, from the worst EcoIndex grade to the best",
        "col_url": "Address",
        "col_template": "Template",
        "col_grade": "Grade",
        "col_score": "Score",
        "col_weight": "Weight",
        "col_requests": "Requests",
        "col_dom": "DOM elements",
        "col_status": "Status",
        "col_type": "Type",
        "col_resource": "Resource",
        "col_page": "Page",
        "col_loads": "Loads",
        "not_rated": "not scored",
        "unsettled": "network never idle",
        "heaviest": "Heaviest resources",
        "heaviest_caption": "The {n} heaviest resources of the audit (one row per address)",
        "heaviest_empty": "No resource measured.",
        "per_page": "Resources per page",
        "per_page_intro": "For each page, the breakdown by type, then the heaviest resources.",
        "per_page_caption": "Heaviest resources of {url}",
        "by_type": "By type",
        "others": ("{n} other resource: {weight}", "{n} other resources: {weight}"),
        "third_party": "third party",
        "cached": "cache",
        "redirect": "redirect",
        "methodology": "Methodology",
        "methodology_text": (
            "Each page is loaded once in Chromium, in a fresh browsing context (empty cache), with a "
            "1920\u00a0×\u00a01080 pixel window. Loading is considered complete when the network is idle, after "
            "scrolling to the bottom of the page (to trigger lazy loading) and another idle network, within a time "
            "limit: pages that keep refreshing are flagged.",
            "The weight of a page is the sum of the bytes received over the network for all its responses, headers "
            "and redirects included. The requests counted are the responses received over the network, redirects "
            "included; those served by the browser cache are not counted. The DOM element count includes every "
            "element of the document except the descendants of svg elements.",
            "The EcoIndex (score from 0 to 100, grade from A to G) follows the method published by the GreenIT "
            "collective (cnumr): score = 100 − 5 × (3 × q(DOM) + 2 × q(requests) + q(weight)) / 6, where each q "
            "places the measure (from 0 to 20) within the reference quantiles, the weight being counted in kB of "
            "1,000 bytes. Pages with errors and non-HTML documents are not scored.",
        ),
        "generated_by": "Report produced by ent-audit {version}.",
        "inclusive": "Inclusive",
        "inclusive_heading": "Inclusive — accessibility (RGAA 4.1)",
        "a11y_intro": (
            "Automated tests cover only about a fifth of the criteria of RGAA (the French accessibility standard): "
            "they find defects but cannot show that a page is accessible. This report therefore gives no conformity "
            "rate; only a full audit, carried out by a person on a sample of pages, can."),
        "a11y_tested": ("{n} page tested with {engine}.", "{n} pages tested with {engine}."),
        "a11y_incomplete": ("Tests could not finish on {n} page (time limit).",
                            "Tests could not finish on {n} pages (time limit)."),
        "a11y_untested": "No page could be tested for accessibility.",
        "statement_shown": "The home page shows the accessibility notice: “Accessibilité : {value}”.",
        "statement_missing": ("The home page does not show the “Accessibilité : …” notice stating the site’s status, "
                              "mandatory for public services."),
        "statement_unknown": "Whether the home page shows the accessibility notice was not recorded.",
        "a11y_counts": "Of the 106 criteria: {fail}, {ok}, {manual}.",
        "count_fail": ("{n} with a non-conformity detected", "{n} with a non-conformity detected"),
        "count_ok": ("{n} with no issue found by automated tests", "{n} with no issue found by automated tests"),
        "count_manual": ("{n} to check manually", "{n} to check manually"),
        "issues": "Issues detected",
        "issues_intro": ("The same defect on the same component (the same menu on every page, each row of a list) "
                         "counts once."),
        "issues_caption": "Issues detected, grouped by component, most severe first",
        "issues_empty": "No issue found by automated tests.",
        "issues_others": ("{n} more issue is not listed here (see results.json).",
                          "{n} more issues are not listed here (see results.json)."),
        "col_issue": "Issue",
        "col_impact": "Impact",
        "col_rgaa": "RGAA criteria",
        "col_extent": "Extent",
        "on_pages": ("on {n} page", "on {n} pages"),
        "in_templates": ("{n} template", "{n} templates"),
        "elements": ("{n} element", "{n} elements"),
        "impacts": {"critical": "critical", "serious": "serious", "moderate": "moderate", "minor": "minor",
                    "none": "not given"},
        "rgaa_table": "The 106 criteria of RGAA 4.1",
        "rgaa_intro": ("Each criterion gets one of these three statuses. “No issue found” does not mean the criterion "
                       "is met: automated tests check only part of it."),
        "rgaa_caption": "Theme {n}: {theme}, status of each criterion",
        "theme_summary": "{n}. {theme}",
        "col_criterion": "Criterion",
        "col_title": "Title",
        "statuses": {"fail": "non-conformity detected", "no_issue_found": "no issue found by automated tests",
                     "manual": "to check manually"},
        "status_detail": "{pages}, {nodes}",
        "review_detail": ("results to review on {n} page", "results to review on {n} pages"),
        "types": {"document": "document", "stylesheet": "stylesheet", "script": "script", "image": "image",
                  "font": "font", "media": "media", "xhr": "XHR", "fetch": "fetch", "websocket": "WebSocket",
                  "manifest": "manifest", "other": "other"},
        "colon": ":",
        "profiles": "Logged-in profiles",
        "col_profile": "Profile",
        "linked_documents": "Linked documents",
        "documents_total": "{weight} in all",
        "documents_unknown": ("{n} of unknown size", "{n} of unknown size"),
        "page_templates": "Page templates",
        "templates_caption": "Addresses discovered and pages audited per URL template, most frequent first",
        "templates_intro": (
            "At most {n} page is audited per URL template (addresses that differ only by an identifier, a date or "
            "a page number): endless calendars and look-alike posts end by themselves, and the audit covers more "
            "distinct templates.",
            "At most {n} pages are audited per URL template (addresses that differ only by an identifier, a date or "
            "a page number): endless calendars and look-alike posts end by themselves, and the audit covers more "
            "distinct templates."),
        "templates_intro_capped": (
            "A limited number of pages is audited per URL template (addresses that differ only by an identifier, a "
            "date or a page number): endless calendars and look-alike posts end by themselves, and the audit covers "
            "more distinct templates."),
        "templates_intro_uncapped": ("No per-template page limit was set for this audit: only the maximum number "
                                     "of pages stopped it."),
        "templates_empty": "No URL template recorded for this audit.",
        "col_model": "Template",
        "col_seen": "URLs discovered",
        "col_audited": "Pages audited",
        "col_examples": "Examples",
        "documents_caption": "Documents linked from {url}, measured without opening them",
        "documents_count": ("{n} linked document", "{n} linked documents"),
        "documents_others": ("{n} other document: {detail}", "{n} other documents: {detail}"),
        "col_document": "Document",
        "col_size": "Size",
        "col_measure": "Measured by",
        "size_unknown": "unknown size",
        "type_unknown": "unknown type",
        "media_kinds": {"image": "image", "video": "video", "audio": "audio"},
        "measures": {"HEAD": "HEAD", "GET_capped": "one-byte GET", "GET": "full GET"},
        "measure_status": "response {status}",
        "measure_error": "failed: {error}",
        "blocked_caption": "Requests blocked for safety on {url}",
        "blocked_count": ("{n} blocked request", "{n} blocked requests"),
        "blocked_others": ("{n} other blocked request.", "{n} other blocked requests."),
        "times": "{n}\u00a0times",
        "col_method": "Method",
        "col_reason": "Reason",
        "blocked_method": "method not allowed",
        "blocked_reasons": {"denied URL": "denied address"},
        "safety": "Crawl safety",
        "safety_text": (
            "The audit is read-only. Only GET, HEAD and OPTIONS requests leave the browser: any other method (POST, "
            "PUT, DELETE…) is aborted before it is sent, and so are addresses that look like a logout or a deletion "
            "(logout, signout, delete, trash…); links to such addresses are never followed."),
        "safety_blocked": ("{n} request was blocked for safety during this audit.",
                           "{n} requests were blocked for safety during this audit."),
        "safety_blocked_none": "No request was blocked for safety during this audit.",
        "deny_replaced": "For this audit, the tool’s built-in list of denied addresses was replaced by the "
                         "configuration’s.",
        "deny_extra": ("The audit configuration added {n} denied-address pattern.",
                       "The audit configuration added {n} denied-address patterns."),
        "robots": {True: "The site’s robots.txt file was obeyed.",
                   False: "The site’s robots.txt file was not applied, at the request of the person who ran the "
                          "audit."},
        "skipped_intro": "Links not followed, by reason (a link present on several pages counts each time):",
        "skipped_none": "No link was left out.",
        "skipped_reasons": {"denied": "denied address (logout, deletion…)",
                            "out_of_scope": "outside the audited site",
                            "document": "linked document (measured without opening it)",
                            "robots": "refused by robots.txt",
                            "template_cap": "per-template page limit reached",
                            "page_budget": "maximum number of pages reached",
                            "not_http": "non-web address (mailto:, javascript:…)"},
        "documents_method": (
            "Linked documents (PDF, office files, archives, media) are not opened in the browser: their size is read "
            "from the headers of a HEAD request or, failing that, from the response to a GET request limited to one "
            "byte (RGESN 5.7). Their weight is given separately: it counts neither in the pages’ weight nor in the "
            "EcoIndex."),
    },
}


# -- formatting helpers -----------------------------------------------------------------------------------


def _strings(lang: str) -> dict[str, Any]:
    try:
        return CATALOGUE[lang]
    except KeyError:
        raise ValueError(f"unsupported report language {lang!r} (available: {', '.join(sorted(CATALOGUE))})") from None


def plural(lang: str, n: int | float, one: Any, many: Any) -> Any:
    """French uses the singular for 0 and 1 ("0 page", "1 page"), English only for 1."""
    singular = abs(n) < 2 if lang == "fr" else abs(n) == 1
    return one if singular else many


def format_number(value: float | int, lang: str = "fr", decimals: int = 0) -> str:
    """``1234567`` → ``1 234 567`` (narrow no-break spaces), ``62.35, decimals=1`` → ``62,4`` in French."""
    number = _strings(lang)["number"]
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", number["decimal"]).replace("\0", number["thousands"])


def format_bytes(n: int | float, lang: str = "fr", exact: bool = False) -> str:
    """Human size in units of 1000 (as EcoIndex): ``345 ko``, ``1,2 Mo``; ``exact`` gives ``1 234 567 octets``.

    One decimal below 10 units (dropped when it is zero), none above.
    """
    spec = _strings(lang)["bytes"]
    n = int(n)
    if exact or abs(n) < 1000:
        word = plural(lang, n, spec["one"], spec["many"])
        return f"{format_number(n, lang)}{NBSP}{word}"
    value, unit = n / 1000, 0
    while True:
        decimals = 1 if abs(value) < 10 else 0
        rounded = round(value, decimals)
        if abs(rounded) >= 1000 and unit < len(spec["units"]) - 1:
            value, unit = value / 1000, unit + 1
            continue
        if decimals and rounded == int(rounded):
            decimals = 0
        return f"{format_number(rounded, lang, decimals)}{NBSP}{spec['units'][unit]}"


def format_percent(part: float, whole: float, lang: str = "fr") -> str:
    if not whole:
        return f"0{NBSP}%"
    share = 100 * part / whole
    return f"{format_number(share, lang, 1 if share < 10 else 0)}{NBSP}%"


def format_datetime(iso: str | None, lang: str = "fr") -> str:
    """``2026-11-29T19:22:33Z`` → ``29 novembre 2026 à 20 h 22 (heure de Paris)``; unparsable input comes back as is."""
    if not iso:
        return _strings(lang)["none"]
    strings = _strings(lang)
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    zone_name = "UTC"
    try:
        from zoneinfo import ZoneInfo

        moment, zone_name = moment.astimezone(ZoneInfo("Europe/Paris")), "Europe/Paris"
    except Exception:  # no tz database on this machine: stay in UTC, and say so
        moment = moment.astimezone(timezone.utc)
    text = strings["datetime"].format(day=moment.day, month=strings["months"][moment.month - 1], year=moment.year,
                                      hour=moment.hour, minute=moment.minute)
    return f"{text} ({strings['timezone_label'][zone_name]})"


def short_url(url: str, home_host: str = "", max_len: int = URL_DISPLAY_LEN) -> str:
    """Display form of a URL: no scheme, no host when it is the audited site's, middle cut with an ellipsis."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        text = url
    else:
        text = parts.path or "/"
        if parts.netloc != home_host:
            text = parts.netloc + text
        if parts.query:
            text += "?" + parts.query
        if parts.fragment:
            text += "#" + parts.fragment
    if len(text) > max_len:
        head = (max_len - 1) * 2 // 3
        text = text[:head] + "…" + text[len(text) - (max_len - 1 - head):]
    return text


def _link(url: str) -> str | None:
    """Only http(s) addresses become links (never ``javascript:`` or ``data:``)."""
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None


# -- view model -------------------------------------------------------------------------------------------


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
    measure = strings["measures"]["GET_capped" if method == "GET" and doc.get("capped") else method] \
        if method in ("HEAD", "GET") else method
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
    line = (plural(lang, len(rest), *strings["documents_others"]).format(
        n=format_number(len(rest), lang), detail=_size_detail([d.get("bytes") for d in rest], lang, strings))
        if rest else "")
    return [_document_view(d, home, lang, strings) for d in shown], line


def _blocked_reason(strings: dict, reason: str) -> str:
    if reason.startswith("method "):
        return strings["blocked_method"].format(method=reason[len("method "):])
    return strings["blocked_reasons"].get(reason, reason)


def _blocked_view(blocked: list[dict], home: str, lang: str, strings: dict) -> tuple[list[dict], str]:
    """Blocked requests of a page, identical ones grouped (a beacon fired every few seconds is one row)."""
    groups: dict[tuple[str, str, str], int] = {}
    for b in blocked:
        key = (b.get("method") or "", b["url"], b.get("reason") or "")
        groups[key] = groups.get(key, 0) + 1
    rows = [{"method": method, "short": short_url(url, home, 56), "reason": _blocked_reason(strings, reason),
             "times": strings["times"].format(n=format_number(count, lang)) if count > 1 else ""}
            for (method, url, reason), count in groups.items()]
    rest = sum(list(groups.values())[BLOCKED_PER_PAGE:])
    line = plural(lang, rest, *strings["blocked_others"]).format(n=format_number(rest, lang)) if rest else ""
    return rows[:BLOCKED_PER_PAGE], line


def _page_view(page: dict, home: str, lang: str, strings: dict) -> dict:
    eco = page.get("ecoindex")
    status_parts = []
    if page.get("status"):
        status_parts.append(str(page["status"]))
    if page.get("error"):
        status_parts.append(page["error"])
    if not page.get("settled", True):
        status_parts.append(strings["unsettled"])
    ok = 200 <= (page.get("status") or 0) < 400 and not page.get("error")

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

    def flags(r: dict) -> str:
        marks = [strings[k] for k, on in (("third_party", r["third_party"]), ("cached", r["from_cache"]),
                                          ("redirect", r["redirect"])) if on]
        return ", ".join(marks)

    return {
        "url": page["url"],
        "href": _link(page["url"]),
        "short": short_url(page["url"], home),
        "template": page.get("template") or strings["none"],
        "grade": eco["grade"] if eco else None,
        "score": format_number(eco["score"], lang) if eco else strings["none"],
        "weight": format_bytes(page["transfer_bytes"], lang),
        "requests": format_number(page["requests"], lang),
        "requests_label": plural(lang, page["requests"], strings["request_one"], strings["request_many"]),
        "dom": format_number(page["dom_elements"], lang),
        "status": " — ".join(status_parts) or strings["none"],
        "ok": ok,
        "by_type": [
            f"{_type_label(strings, t)}{strings['colon']} {format_number(v[0], lang)} ({format_bytes(v[1], lang)})"
            for t, v in sorted(by_type.items(), key=lambda kv: -kv[1][1])
        ],
        "resources": [
            {"short": short_url(r["url"], home, 56), "type": _type_label(strings, r["type"]),
             "status": r["status"] or (r["failed"] or strings["none"]),
             "weight": format_bytes(r["transfer_bytes"], lang),
             "flags": flags(r)}
            for r in heaviest
        ],
        "rest": (plural(lang, rest_count, *strings["others"]).format(n=rest_count,
                                                                     weight=format_bytes(rest_bytes, lang))
                 if rest_count else ""),
        "profile": page.get("profile") or strings["none"],
        "documents": documents,
        "documents_rest": documents_rest,
        "blocked": blocked,
        "blocked_rest": blocked_rest,
        "extra": ", ".join(
            plural(lang, len(items), *strings[key]).format(n=format_number(len(items), lang))
            for key, items in (("documents_count", page.get("documents") or []),
                               ("blocked_count", page.get("blocked") or [])) if items),
        "_sort": (eco is None, eco["score"] if eco else 0),
    }


def _distribution_chart(distribution: dict[str, int]) -> dict:
    top = max(distribution.values(), default=0) or 1
    bars = []
    for i, letter in enumerate(GRADES):
        count = distribution.get(letter, 0)
        height = round(120 * count / top)
        bars.append({"letter": letter, "count": count, "x": 12 + i * 48, "y": 140 - height, "height": height,
                     "colour": GRADE_COLOURS[letter]})
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
        {"template": row.get("template") or strings["none"],
         "seen": format_number(row.get("seen", 0), lang),
         "audited": format_number(row.get("audited", 0), lang),
         "examples": [{"href": _link(url), "short": short_url(url, home, 40)} for url in row.get("examples") or []]}
        for row in crawl.get("templates") or []
    ]
    return {"intro": intro, "rows": rows}


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
        "blocked": (plural(lang, blocked, *strings["safety_blocked"]).format(n=format_number(blocked, lang))
                    if blocked else strings["safety_blocked_none"]),
        "skipped": [f"{strings['skipped_reasons'].get(reason, reason.replace('_', ' '))}{strings['colon']} "
                    f"{format_number(count, lang)}" for reason, count in skipped],
        "robots": strings["robots"][obey] if isinstance(obey, bool) else "",
    }


def _count(lang: str, strings: dict, key: str, n: int) -> str:
    return plural(lang, n, *strings[key]).format(n=format_number(n, lang))


def _accessibility_view(summary: dict, pages: list[dict], home: str, lang: str, strings: dict) -> dict:
    """The "Inclusif" section: statement, grouped issues, and the 106 RGAA criteria by theme (never "conforme")."""
    view = summary.get("accessibility") or site_view(pages)  # documents written before this section existed
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
        {"help": issue.get(f"help_{lang}") or issue.get("help") or issue["rule"], "rule": issue["rule"],
         "target": issue.get("target") or "",
         "impact": strings["impacts"].get(issue.get("impact") or "none", issue.get("impact")),
         "severe": issue.get("impact") in ("critical", "serious"),
         "rgaa": ", ".join(issue.get("rgaa") or []) or strings["none"],
         "pages": _count(lang, strings, "on_pages", issue["pages"]),
         "templates": _count(lang, strings, "in_templates", issue["templates"]),
         "nodes": _count(lang, strings, "elements", issue["nodes"]),
         "examples": [{"href": _link(url), "short": short_url(url, home, 40)} for url in issue.get("examples") or []]}
        for issue in issues[:ISSUES_SHOWN]]
    rest = len(issues) - len(issue_rows)
    themes: dict[int, dict] = {}
    for row in view.get("criteria") or []:
        theme = themes.setdefault(row["theme"], {
            "n": row["theme"], "name": THEMES[row["theme"]][lang if lang in THEMES[row["theme"]] else "fr"],
            "rows": [], "fail": 0})
        detail = ""
        if row["status"] == "fail":
            theme["fail"] += 1
            detail = strings["status_detail"].format(pages=_count(lang, strings, "on_pages", row["pages"]),
                                                     nodes=_count(lang, strings, "elements", row["nodes"])) \
                if row.get("nodes") else _count(lang, strings, "on_pages", row["pages"])
        elif row.get("review_pages"):
            detail = _count(lang, strings, "review_detail", row["review_pages"])
        title = row.get("title") or {}
        theme["rows"].append({"id": row["id"], "title": title.get(lang) or title.get("fr") or "",
                              "status": row["status"], "label": statuses[row["status"]], "detail": detail})
    for theme in themes.values():
        theme["summary"] = strings["theme_summary"].format(n=theme["n"], theme=theme["name"])
        theme["caption"] = strings["rgaa_caption"].format(n=theme["n"], theme=theme["name"])
        if theme["fail"]:
            theme["summary"] += f" — {_count(lang, strings, 'count_fail', theme['fail'])}"
    counts = view.get("counts") or {}
    return {
        "tested": tested,
        "tested_text": (plural(lang, tested, *strings["a11y_tested"]).format(
            n=format_number(tested, lang), engine=view.get("engine") or "axe-core") if tested
            else strings["a11y_untested"]),
        "incomplete": (_count(lang, strings, "a11y_incomplete", view["pages_incomplete"])
                       if view.get("pages_incomplete") else ""),
        "statement": statement_text,
        "statement_missing": bool(tested) and not statement.get("shown") and statement.get("known", True),
        "counts": strings["a11y_counts"].format(fail=_count(lang, strings, "count_fail", counts.get("fail", 0)),
                                                ok=_count(lang, strings, "count_ok", counts.get("no_issue_found", 0)),
                                                manual=_count(lang, strings, "count_manual", counts.get("manual", 0))),
        "issues": issue_rows,
        "issues_rest": _count(lang, strings, "issues_others", rest) if rest > 0 else "",
        "themes": [themes[n] for n in sorted(themes)],
    }


def build_context(results: dict, lang: str = "fr") -> dict:
    strings = _strings(lang)
    run, summary, pages = results["run"], results["summary"], results["pages"]
    start_urls = run.get("start_urls") or []
    first = start_urls[0] if start_urls else (pages[0]["url"] if pages else "")
    home = urlsplit(first).netloc
    site = run.get("site") or home or strings["none"]

    page_views = [_page_view(p, home, lang, strings) for p in pages]
    page_views.sort(key=lambda v: v["_sort"])  # stable: save order among equal scores
    crawl = run.get("crawl") or {}
    settings = run.get("settings") or {}
    crawl_settings = settings.get("crawl") if isinstance(settings.get("crawl"), dict) else {}
    profiles = {p.get("profile") for p in pages if p.get("profile")}
    run_profile = run.get("profile") or ""

    dist = summary["grade_distribution"]
    dist_items = ", ".join(
        f"{g}{strings['colon']} {dist.get(g, 0)} "
        f"{plural(lang, dist.get(g, 0), strings['page_one'], strings['page_many'])}"
        for g in GRADES)
    unscored = summary["pages"] - sum(dist.values())
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
        "a11y": _accessibility_view(summary, pages, home, lang, strings),
        "distribution_alt": strings["distribution_alt"].format(items=dist_items),
        "not_scored": plural(lang, unscored, *strings["not_scored"]).format(n=unscored) if unscored else "",
        "chart": _distribution_chart(dist),
        "grade_colours": GRADE_COLOURS,
        "grade_text_colour": GRADE_TEXT_COLOUR,
        "pages": page_views,
        "heaviest": [
            {"short": short_url(h["url"], home, 56), "type": _type_label(strings, h["type"]),
             "weight": format_bytes(h["transfer_bytes"], lang), "page_href": _link(h["page_url"]),
             "page_short": short_url(h["page_url"], home, 40), "loads": format_number(h.get("loads", 1), lang)}
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
        _env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True, undefined=StrictUndefined,
                           trim_blocks=True, lstrip_blocks=True)
    return _env


def render_report(results: dict, lang: str = "fr") -> str:
    """The whole report as one HTML string."""
    return _environment().get_template("report.html.j2").render(**build_context(results, lang))


def write_report(results: dict, path: str | os.PathLike, lang: str = "fr") -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(render_report(results, lang), encoding="utf-8")
    os.replace(tmp, target)
    return target
