"""The HTML report: one self-contained file (inline CSS, no JavaScript, nothing fetched), French by default.

It reads only a results document (see ``reports.exports.build_results``): rendering never re-crawls.
Strings live in ``CATALOGUE`` keyed by language ("fr", "en"), so another language is one more dict.
"""
from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from audits.accessibility import site_view
from audits.carbon import FRANCE_GRID_INTENSITY, GLOBAL_GRID_INTENSITY
from audits.rgaa import THEMES
from audits.rules import rule_by_ref

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
EVIDENCE_LINES = 10  # evidence lines shown per site finding (Responsable, Durable); the rest is counted
PAGE_EVIDENCE_LINES = 3  # evidence lines shown per failing RGESN finding in a page's <details>
DECONNEXION_ITEMS = 10  # timestamped items inside the quiet window listed; the rest is counted
ITEM_TEXT_LEN = 160
VERDICT_ORDER = ("fail", "manual", "pass", "na", "todo")  # order of the counts in a family's summary
# "3 pages fail": the per-verdict page counts of a site-wide RGESN finding, shown localised instead
PAGE_COUNT_LINE = re.compile(r"^\d+ pages? (pass|fail|na|manual)$")
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
        # Responsable (Doctrine technique du numérique pour l’éducation) et Durable (RGESN, EcoIndex, carbone)
        "weekdays": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        "weekday_datetime": "{weekday} {datetime}",
        "verdicts": {"pass": "Conforme", "fail": "Non conforme", "na": "Non applicable", "manual": "À vérifier",
                     "todo": "À évaluer par l’équipe"},
        "verdict_counts": {"pass": ("{n} conforme", "{n} conformes"),
                           "fail": ("{n} non conforme", "{n} non conformes"),
                           "na": ("{n} non applicable", "{n} non applicables"),
                           "manual": ("{n} à vérifier", "{n} à vérifier"),
                           "todo": ("{n} à évaluer", "{n} à évaluer")},
        "col_result": "Résultat",
        "col_detail": "Détail",
        "finding_details": "Pourquoi, constats, correction",
        "why": "Pourquoi",
        "evidence": "Constats relevés (en anglais)",
        "evidence_none": "Aucun constat enregistré.",
        "evidence_more": ("+{n} autre constat (voir results.json).", "+{n} autres constats (voir results.json)."),
        "evidence_more_short": ("(+{n} autre)", "(+{n} autres)"),
        "pages_by_verdict": "Pages par résultat\u00a0: {counts}.",
        "failing_pages": "Pages en échec",
        "fix": "Comment corriger",
        "responsible": "Responsable",
        "responsible_heading": "Responsable\u00a0: sécurité, données personnelles, déconnexion",
        "responsible_intro": (
            "Cette partie relève ce que la Doctrine technique du numérique pour l’éducation demande et qu’un parcours "
            "du site peut observer\u00a0: chiffrement des échanges (HTTPS, HSTS, version de TLS), en-têtes de "
            "sécurité, protection des cookies de session, services tiers et traceurs, authentification unique, "
            "pages légales, publications pendant les heures calmes."),
        "responsible_limits": (
            "Ses limites\u00a0: tout est observé de l’extérieur, avec un seul compte, sans accès aux serveurs ni aux "
            "contrats. Le référentiel de sécurité cité par la doctrine n’a pas pu être consulté\u00a0: les "
            "vérifications suivent les pratiques du RGS, du RGPD et de la CNIL. Ce sont des constats, pas une "
            "certification."),
        "doctrine_caption": "Critères de la Doctrine technique vérifiés sur le site",
        "doctrine_empty": "Aucun critère de la Doctrine technique n’a été vérifié pour cet audit.",
        "deconnexion": "Droit à la déconnexion",
        "deconnexion_window": "Plage calme retenue\u00a0: {window} ({timezone}).",
        "deconnexion_source": "Origine de cette plage\u00a0: {source}",
        "deconnexion_pages": ("{n} page auditée affichait des éléments horodatés.",
                              "{n} pages auditées affichaient des éléments horodatés."),
        "deconnexion_no_pages": "Aucune page auditée n’affichait d’élément horodaté.",
        "deconnexion_caption": "Éléments horodatés dans la plage calme",
        "deconnexion_none": "Aucun élément horodaté dans la plage calme.",
        "deconnexion_more": ("{n} autre élément dans la plage n’est pas listé ici (voir results.json).",
                             "{n} autres éléments dans la plage ne sont pas listés ici (voir results.json)."),
        "deconnexion_evidence": (
            "Ces horodatages sont des indices, jamais un verdict de conformité\u00a0: ils disent ce que les pages "
            "affichent, pas à quelle heure les familles ont été notifiées."),
        "col_local_time": "Heure locale",
        "col_item": "Élément",
        "durable": "Durable",
        "durable_heading": "Durable\u00a0: sobriété (RGESN, EcoIndex, carbone)",
        "durable_intro": (
            "Cette partie mesure la sobriété des pages\u00a0: poids, requêtes, images, polices, cache, compression, "
            "jugés selon les critères du RGESN (référentiel général d’écoconception de services numériques) qu’un "
            "parcours du site peut mesurer, avec l’EcoIndex de chaque page et deux estimations de carbone."),
        "durable_limits": (
            "Ses limites\u00a0: chaque page est chargée une seule fois, cache vide (seul un échantillon est rechargé, "
            "voir la méthodologie). L’EcoIndex est une note relative, qui situe le poids, le nombre de requêtes et "
            "la taille du DOM d’une page par rapport à d’autres pages du web\u00a0; ce n’est pas une mesure "
            "d’énergie. Les chiffres de carbone viennent de modèles\u00a0: ce sont des ordres de grandeur."),
        "carbon": "Carbone",
        "carbon_ecoindex": "EcoIndex (gaz à effet de serre et eau par visite, modèle EcoIndex)",
        "carbon_swd": ("Sustainable Web Design v4 (g CO₂e par visite, intensité du réseau électrique\u00a0: "
                       "{grid}\u00a0g/kWh)"),
        "per_visits": "{value} pour {visits} visites",
        "water": "et {value} d’eau",
        "carbon_none": "non calculé (aucune page notée)",
        "carbon_note": (
            "Deux modèles différents, qui ne mesurent pas la même chose (l’EcoIndex déduit ses chiffres de la note "
            "des pages, Sustainable Web Design convertit les octets transférés en énergie puis en carbone)\u00a0: "
            "leurs chiffres ne doivent jamais être additionnés. Chacun est la moyenne par page vue des pages notées, "
            "multipliée par 1\u202f000."),
        "grid_global": (
            "{grid}\u00a0g/kWh est la moyenne mondiale, valeur par défaut du modèle\u00a0; le réseau électrique "
            "français est bien moins carboné (environ {france}\u00a0g/kWh, réglable dans la configuration\u00a0: "
            "[durable] grid_g_per_kwh)."),
        "rgesn_measured": "RGESN — critères mesurés",
        "rgesn_measured_intro": (
            "Chaque critère est jugé page par page puis pour le site\u00a0: non conforme dès qu’une page ne l’est "
            "pas. Le gain estimé additionne les octets économisables sur les pages auditées."),
        "rgesn_caption": "Critères du RGESN mesurés sur le site, par numéro",
        "rgesn_empty": "Aucun critère du RGESN n’a été mesuré pour cet audit.",
        "col_failing": "Pages en échec / jugées",
        "col_saving": "Gain estimé",
        "rgesn_score": "Score RGESN de la partie automatisée\u00a0: {conformes} sur {evaluated} ({percent}).",
        "rgesn_score_none": "Score RGESN de la partie automatisée\u00a0: aucun critère n’a pu être évalué.",
        "score_evaluated": ("{n} critère évalué", "{n} critères évalués"),
        "rgesn_score_caveat": (
            "Les critères non applicables, ceux à vérifier et les critères non automatisés (à évaluer par l’équipe) "
            "ne sont pas comptés\u00a0: ce n’est pas le score RGESN complet du service."),
        "rgesn_all": "Les 78 critères du RGESN",
        "rgesn_all_intro": (
            "Le RGESN 2024 compte 78 critères. Le parcours en juge {n} automatiquement\u00a0; les autres "
            "(stratégie, hébergement, algorithmes…) sont à évaluer par l’équipe qui conçoit et exploite le service. "
            "Les intitulés sont des résumés, pas le texte officiel."),
        "family_summary": "{n}. {family} ({criteria})\u00a0: {counts}",
        "family_criteria": ("{n} critère", "{n} critères"),
        "family_caption": "Famille {n}\u00a0: {family}, résultat de chaque critère",
        # Ressources par page: critères RGESN en échec, rechargements de l’échantillon
        "page_rgesn": "Critères RGESN en échec sur cette page\u00a0:",
        "page_rgesn_count": ("{n} critère RGESN en échec", "{n} critères RGESN en échec"),
        "saving_estimate": "gain estimé {saving}",
        "low_bandwidth": ("À 512\u00a0kbit/s, cache vide\u00a0: page chargée en {seconds}\u00a0s ({weight}, "
                          "{requests})."),
        "low_bandwidth_timeout": "À 512\u00a0kbit/s, cache vide\u00a0: page non chargée en {seconds}\u00a0s.",
        "low_bandwidth_skipped": "Chargement à 512\u00a0kbit/s non jugé\u00a0: {reason}",
        "repeat_visit": ("Seconde visite, cache du navigateur rempli\u00a0: {requests}, {weight}\u00a0; {cached}, "
                         "{again}."),
        "repeat_cached": ("{n} ressource lue dans le cache", "{n} ressources lues dans le cache"),
        "repeat_again": ("{n} ressource téléchargée de nouveau ({weight})",
                         "{n} ressources téléchargées de nouveau ({weight})"),
        "repeat_again_none": "aucune téléchargée de nouveau",
        "repeat_visit_skipped": "Seconde visite non jugée\u00a0: {reason}",
        # Méthodologie: échantillon rechargé, plage calme
        "lighthouse_page": ("Lighthouse (bureau)\u00a0: performance {performance}, accessibilité {accessibility}, "
                            "bonnes pratiques {best}, SEO {seo}\u00a0; LCP {lcp}\u00a0ms, TBT {tbt}\u00a0ms, "
                            "CLS {cls}\u00a0; {weight} et {requests} requêtes selon Lighthouse, "
                            "{our_weight} et {our_requests} selon ent-audit."),
        "lighthouse_note": "Lighthouse\u00a0: {note}",
        "lighthouse_method": (
            "Lighthouse {version} a contrôlé {ran} après le parcours (la première page de chaque modèle, {asked} au "
            "plus), connecté avec la session du profil, chaque page dans un Chromium neuf (cache vide), "
            "{seconds}\u00a0s par page en moyenne. Ses chiffres diffèrent des nôtres pour des raisons connues\u00a0: "
            "Lighthouse compte aussi sa propre requête d’icône (favicon), ne fait pas défiler la page, et ses notes "
            "de performance simulent un réseau et un processeur plus lents. Le fichier lighthouserc.json livré avec ce "
            "rapport reprend nos budgets pour Lighthouse CI."),
        "lighthouse_pages": ("{n} page", "{n} pages"),
        "lighthouse_off": "Lighthouse n’a pas été lancé pour cet audit.",
        "lighthouse_skipped": "Pages non contrôlées par Lighthouse\u00a0:",
        "lighthouse_skip_item": "{url}\u00a0: {reason}",
        "sample_method": (
            "Un échantillon est chargé une seconde fois\u00a0: la première page de chaque modèle d’URL, pour "
            "{limit}, est rouverte dans le même navigateur pour voir ce qui est téléchargé de nouveau (RGESN 6.2), "
            "puis chargée avec un cache vide à 512\u00a0kbit/s pour mesurer son temps de chargement (RGESN 2.3). "
            "Ces chargements ne changent pas la mesure de la page. {sampled}"),
        "sample_limit": ("{n} modèle au plus", "{n} modèles au plus"),
        "sample_limit_unknown": "un nombre de modèles limité par la configuration",
        "sample_off": "Aucune page n’a été chargée une seconde fois pour cet audit (échantillon désactivé).",
        "sampled": ("{n} page a été rechargée pour cet audit.", "{n} pages ont été rechargées pour cet audit."),
        "quiet_method": "Droit à la déconnexion\u00a0: plage calme {window} ({timezone}).",
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
        "weekdays": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        "weekday_datetime": "{weekday}, {datetime}",
        "verdicts": {"pass": "Compliant", "fail": "Non-compliant", "na": "Not applicable", "manual": "To check",
                     "todo": "To be assessed by the team"},
        "verdict_counts": {"pass": ("{n} compliant", "{n} compliant"),
                           "fail": ("{n} non-compliant", "{n} non-compliant"),
                           "na": ("{n} not applicable", "{n} not applicable"),
                           "manual": ("{n} to check", "{n} to check"),
                           "todo": ("{n} to assess", "{n} to assess")},
        "col_result": "Result",
        "col_detail": "Detail",
        "finding_details": "Why, evidence, fix",
        "why": "Why",
        "evidence": "Evidence recorded",
        "evidence_none": "No evidence recorded.",
        "evidence_more": ("+{n} more line (see results.json).", "+{n} more lines (see results.json)."),
        "evidence_more_short": ("(+{n} more)", "(+{n} more)"),
        "pages_by_verdict": "Pages by result: {counts}.",
        "failing_pages": "Failing pages",
        "fix": "How to fix",
        "responsible": "Responsible",
        "responsible_heading": "Responsible: security, personal data, right to disconnect",
        "responsible_intro": (
            "This part records what the Doctrine technique du numérique pour l’éducation (the French education "
            "ministry’s technical doctrine) asks for and a crawl of the site can observe: encrypted traffic (HTTPS, "
            "HSTS, TLS version), security headers, protected session cookies, third-party services and trackers, "
            "single sign-on, legal pages, items published during quiet hours."),
        "responsible_limits": (
            "Its limits: everything is observed from outside, with one account, without access to the servers or "
            "the contracts. The security framework the doctrine refers to could not be consulted: the checks follow "
            "RGS, GDPR and CNIL practice. This is evidence, not a certification."),
        "doctrine_caption": "Technical doctrine criteria checked on the site",
        "doctrine_empty": "No technical doctrine criterion was checked for this audit.",
        "deconnexion": "Right to disconnect",
        "deconnexion_window": "Quiet window used: {window} ({timezone}).",
        "deconnexion_source": "Where this window comes from: {source}",
        "deconnexion_pages": ("{n} audited page showed timestamped items.",
                              "{n} audited pages showed timestamped items."),
        "deconnexion_no_pages": "No audited page showed a timestamped item.",
        "deconnexion_caption": "Items timestamped inside the quiet window",
        "deconnexion_none": "No item timestamped inside the quiet window.",
        "deconnexion_more": ("{n} more item inside the window is not listed here (see results.json).",
                             "{n} more items inside the window are not listed here (see results.json)."),
        "deconnexion_evidence": (
            "These timestamps are evidence, never a verdict of compliance: they tell what the pages show, not when "
            "families were notified."),
        "col_local_time": "Local time",
        "col_item": "Item",
        "durable": "Sustainable",
        "durable_heading": "Sustainable: eco-design (RGESN, EcoIndex, carbon)",
        "durable_intro": (
            "This part measures how lean the pages are: weight, requests, images, fonts, caching, compression, "
            "judged against the criteria of RGESN (the French eco-design standard for digital services) that a crawl "
            "can measure, with each page’s EcoIndex and two carbon estimates."),
        "durable_limits": (
            "Its limits: each page is loaded once, from an empty cache (only a sample is loaded again, see the "
            "methodology). The EcoIndex is a relative score, placing a page’s weight, request count and DOM size "
            "among other pages of the web; it is not a measure of energy. Carbon figures come from models: they are "
            "orders of magnitude."),
        "carbon": "Carbon",
        "carbon_ecoindex": "EcoIndex (greenhouse gases and water per visit, EcoIndex model)",
        "carbon_swd": "Sustainable Web Design v4 (g CO₂e per visit, electricity grid intensity: {grid}\u00a0g/kWh)",
        "per_visits": "{value} per {visits} visits",
        "water": "and {value} of water",
        "carbon_none": "not computed (no page scored)",
        "carbon_note": (
            "Two different models that do not measure the same thing (EcoIndex derives its figures from the pages’ "
            "score, Sustainable Web Design converts the bytes transferred into energy, then carbon): their numbers "
            "must never be added together. Each is the mean per page view over the scored pages, times 1,000."),
        "grid_global": (
            "{grid}\u00a0g/kWh is the world average, the model’s default; the French grid is far less "
            "carbon-intensive (about {france}\u00a0g/kWh, set in the configuration: [durable] grid_g_per_kwh)."),
        "rgesn_measured": "RGESN — measured criteria",
        "rgesn_measured_intro": (
            "Each criterion is judged page by page, then for the site: non-compliant as soon as one page is. The "
            "estimated saving adds up the bytes that could be saved on the audited pages."),
        "rgesn_caption": "RGESN criteria measured on the site, by number",
        "rgesn_empty": "No RGESN criterion was measured for this audit.",
        "col_failing": "Pages failing / judged",
        "col_saving": "Estimated saving",
        "rgesn_score": "RGESN score of the automated part: {conformes} out of {evaluated} ({percent}).",
        "rgesn_score_none": "RGESN score of the automated part: no criterion could be assessed.",
        "score_evaluated": ("{n} criterion assessed", "{n} criteria assessed"),
        "rgesn_score_caveat": (
            "Criteria not applicable, criteria to check and the criteria that are not automated (to be assessed by "
            "the team) are not counted: this is not the service’s full RGESN score."),
        "rgesn_all": "The 78 RGESN criteria",
        "rgesn_all_intro": (
            "RGESN 2024 has 78 criteria. The crawl judges {n} of them automatically; the others (strategy, hosting, "
            "algorithms…) are to be assessed by the team that designs and runs the service. The titles are "
            "summaries, not the official wording."),
        "family_summary": "{n}. {family} ({criteria}): {counts}",
        "family_criteria": ("{n} criterion", "{n} criteria"),
        "family_caption": "Family {n}: {family}, result of each criterion",
        "page_rgesn": "RGESN criteria failing on this page:",
        "page_rgesn_count": ("{n} RGESN criterion failing", "{n} RGESN criteria failing"),
        "saving_estimate": "estimated saving {saving}",
        "low_bandwidth": "At 512\u00a0kbit/s, empty cache: page loaded in {seconds}\u00a0s ({weight}, {requests}).",
        "low_bandwidth_timeout": "At 512\u00a0kbit/s, empty cache: page not loaded within {seconds}\u00a0s.",
        "low_bandwidth_skipped": "Load at 512\u00a0kbit/s not judged: {reason}",
        "repeat_visit": "Second visit, browser cache filled: {requests}, {weight}; {cached}, {again}.",
        "repeat_cached": ("{n} resource read from the cache", "{n} resources read from the cache"),
        "repeat_again": ("{n} resource downloaded again ({weight})", "{n} resources downloaded again ({weight})"),
        "repeat_again_none": "none downloaded again",
        "repeat_visit_skipped": "Second visit not judged: {reason}",
        "lighthouse_page": ("Lighthouse (desktop): performance {performance}, accessibility {accessibility}, "
                            "best practices {best}, SEO {seo}; LCP {lcp}\u00a0ms, TBT {tbt}\u00a0ms, CLS {cls}; "
                            "{weight} and {requests} requests according to Lighthouse, {our_weight} and {our_requests} "
                            "according to ent-audit."),
        "lighthouse_note": "Lighthouse: {note}",
        "lighthouse_method": (
            "Lighthouse {version} checked {ran} after the crawl (the first page of each template, at most {asked}), "
            "logged in with the profile's session, each page in a fresh Chromium (empty cache), {seconds}\u00a0s a "
            "page on average. Its figures differ from ours for known reasons: Lighthouse also counts its own icon "
            "(favicon) request, does not scroll the page, and its performance scores simulate a slower network and "
            "processor. The lighthouserc.json file shipped with this report carries our budgets for Lighthouse CI."),
        "lighthouse_pages": ("{n} page", "{n} pages"),
        "lighthouse_off": "Lighthouse was not run for this audit.",
        "lighthouse_skipped": "Pages not checked by Lighthouse:",
        "lighthouse_skip_item": "{url}: {reason}",
        "sample_method": (
            "A sample is loaded a second time: the first page of each URL template, for {limit}, is opened again in "
            "the same browser to see what is downloaded again (RGESN 6.2), then loaded from an empty cache at "
            "512\u00a0kbit/s to time it (RGESN 2.3). These loads do not change the page’s own measure. {sampled}"),
        "sample_limit": ("{n} template at most", "{n} templates at most"),
        "sample_limit_unknown": "a number of templates limited by the configuration",
        "sample_off": "No page was loaded a second time for this audit (sample turned off).",
        "sampled": ("{n} page was loaded again for this audit.", "{n} pages were loaded again for this audit."),
        "quiet_method": "Right to disconnect: quiet window {window} ({timezone}).",
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
    rgesn = _page_rgesn_view(page, home, lang, strings)

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
        "rgesn": rgesn,
        "samples": _samples_view(page.get("facts") or {}, lang, strings) + _lighthouse_lines(page, lang, strings),
        "extra": ", ".join(
            plural(lang, len(items), *strings[key]).format(n=format_number(len(items), lang))
            for key, items in (("page_rgesn_count", rgesn), ("documents_count", page.get("documents") or []),
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


# -- Responsable and Durable --------------------------------------------------------------------------------


def _localised(texts: Any, lang: str) -> str:
    """``{"fr": …, "en": …}`` → the text in ``lang`` (French when missing); a plain string comes back as is."""
    if isinstance(texts, dict):
        return str(texts.get(lang) or texts.get("fr") or "")
    return str(texts or "")


def _verdict_label(strings: dict, verdict: str) -> str:
    return strings["verdicts"].get(verdict, verdict)


def _criterion_key(ref: str) -> tuple:
    """``RGESN-6.3`` (or ``6.3``) → ``(6, 3)``: criteria sort by number, 2.3 before 2.5 before 4.1 before 10.1."""
    number = ref.split("-", 1)[-1]
    try:
        return tuple(int(part) for part in number.split("."))
    except ValueError:
        return (999, number)


def _evidence(lines: Any, home: str, limit: int, lang: str, strings: dict,
              more_key: str = "evidence_more") -> tuple[list[str], str]:
    """The first ``limit`` evidence lines (a line that is only an address shortened, never linked), and a line
    counting the others."""
    lines = [lines] if isinstance(lines, str) else [str(line) for line in lines or []]
    lines = [short_url(line, home) if line.startswith(("http://", "https://")) and " " not in line else line
             for line in lines if line]
    rest = len(lines) - limit
    more = _count(lang, strings, more_key, rest) if rest > 0 else ""
    return lines[:limit], more


def _finding_view(finding: dict, home: str, lang: str, strings: dict, limit: int = EVIDENCE_LINES,
                  more_key: str = "evidence_more") -> dict:
    """One finding with the texts of its rule (title, why, how to fix) in ``lang``, its evidence capped."""
    ref = str(finding.get("ref") or "")
    rule_ = rule_by_ref(ref)
    verdict = finding.get("verdict") or "manual"
    pages = finding.get("pages") if isinstance(finding.get("pages"), dict) else None
    lines = finding.get("evidence") or []
    if pages:  # a page rule judged site-wide: page counts (given in French too), then the failing pages
        lines = [line for line in ([lines] if isinstance(lines, str) else lines)
                 if not PAGE_COUNT_LINE.match(str(line))]
    evidence, more = _evidence(lines, home, limit, lang, strings, more_key)
    judged = sum(n for v, n in pages.items() if v != "na") if pages else 0
    saving = finding.get("saving_bytes")
    counts = ", ".join(plural(lang, pages[v], *strings["verdict_counts"][v]).format(n=format_number(pages[v], lang))
                       for v in VERDICT_ORDER if pages and pages.get(v) and v in strings["verdict_counts"])
    return {
        "ref": ref,
        "id": ref.split("-", 1)[1] if ref.startswith("RGESN-") else ref,
        "title": _localised(rule_.title, lang) if rule_ else ref,
        "why": _localised(rule_.why, lang) if rule_ else "",
        "fix": _localised(rule_.fix, lang) if rule_ else "",
        "verdict": verdict,
        "label": _verdict_label(strings, verdict),
        "evidence": evidence,
        "evidence_label": strings["failing_pages"] if pages else strings["evidence"],
        "evidence_en": not pages and lang != "en",  # the rules write their evidence in English
        "pages_line": strings["pages_by_verdict"].format(counts=counts) if counts else "",
        "more": more,
        "failing": (f"{format_number(pages.get('fail', 0), lang)} / {format_number(judged, lang)}"
                    if pages and judged else strings["none"]),
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
    text = strings["datetime"].format(day=moment.day, month=strings["months"][moment.month - 1], year=moment.year,
                                      hour=moment.hour, minute=moment.minute)
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
        rows.append({"when": _local_datetime(item, zone, lang, strings),
                     "text": text if len(text) <= ITEM_TEXT_LEN else text[:ITEM_TEXT_LEN - 1] + "…",
                     "href": _link(page), "short": short_url(page, home, 40)})
    rest = len(items) - len(rows)
    return {
        "window": strings["deconnexion_window"].format(window=described, timezone=zone),
        "source": (strings["deconnexion_source"].format(source=_localised(deconnexion.get("source"), lang))
                   if deconnexion.get("source") else ""),
        "pages": _count(lang, strings, "deconnexion_pages", pages) if pages else strings["deconnexion_no_pages"],
        "rows": rows,
        "more": _count(lang, strings, "deconnexion_more", rest) if rest > 0 else "",
        "method": strings["quiet_method"].format(window=described, timezone=zone),
    }


def _responsible_view(site: dict, home: str, lang: str, strings: dict) -> dict:
    """The "Responsable" section: the Doctrine technique checks, then the droit à la déconnexion evidence."""
    findings = [f for f in site.get("findings") or [] if str(f.get("ref") or "").startswith("DOCTRINE-")]
    return {
        "findings": [_finding_view(f, home, lang, strings) for f in findings],
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
        text = text.rstrip("0").rstrip(_strings(lang)["number"]["decimal"])
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
        "ecoindex": (strings["per_visits"].format(value=_quantity(ghg, lang, co2e, 1000), visits=visits)
                     if ghg is not None else strings["carbon_none"]),
        "water": (strings["water"].format(value=_quantity(water / 100, lang, ("l", "m³"), 1000))
                  if water is not None else ""),
        "swd_label": strings["carbon_swd"].format(grid=_grid_text(grid, lang)),
        "swd": (strings["per_visits"].format(value=_quantity(grams, lang, co2e, 1000), visits=visits)
                if grams is not None else strings["carbon_none"]),
        "grid_note": (strings["grid_global"].format(grid=_grid_text(grid, lang),
                                                    france=_grid_text(round(FRANCE_GRID_INTENSITY), lang))
                      if grid == GLOBAL_GRID_INTENSITY else ""),
    }


def _rgesn_score_view(score: dict, lang: str, strings: dict) -> str:
    evaluated = int(score.get("evaluated") or 0)
    if not evaluated:
        return strings["rgesn_score_none"]
    conformes = int(score.get("conformes") or 0)
    return strings["rgesn_score"].format(
        conformes=plural(lang, conformes, *strings["verdict_counts"]["pass"]).format(n=format_number(conformes, lang)),
        evaluated=_count(lang, strings, "score_evaluated", evaluated),
        percent=format_percent(conformes, evaluated, lang))


def _rgesn_families_view(criteria: list[dict], lang: str, strings: dict) -> list[dict]:
    """The 78 RGESN criteria grouped by family, each family folded with its counts in the summary."""
    families: dict[int, dict] = {}
    for c in criteria:
        family = families.setdefault(c.get("family", 0), {
            "n": c.get("family", 0), "name": _localised(c.get("family_name"), lang) or str(c.get("family", "")),
            "rows": [], "counts": {}})
        verdict = c.get("verdict") or "todo"
        family["counts"][verdict] = family["counts"].get(verdict, 0) + 1
        family["rows"].append({"id": c.get("id", ""), "summary": _localised(c.get("summary"), lang),
                               "verdict": verdict, "label": _verdict_label(strings, verdict)})
    views = []
    for n in sorted(families):
        family = families[n]
        counts = ", ".join(
            plural(lang, family["counts"][v], *strings["verdict_counts"][v]).format(
                n=format_number(family["counts"][v], lang))
            for v in VERDICT_ORDER if family["counts"].get(v) and v in strings["verdict_counts"])
        family["rows"].sort(key=lambda row: _criterion_key(row["id"]))
        views.append({
            "summary": strings["family_summary"].format(n=n, family=family["name"], counts=counts,
                                                        criteria=_count(lang, strings, "family_criteria",
                                                                        len(family["rows"]))),
            "caption": strings["family_caption"].format(n=n, family=family["name"]),
            "rows": family["rows"],
        })
    return views


def _durable_view(site: dict, summary: dict, home: str, lang: str, strings: dict) -> dict:
    """The "Durable" section: carbon (two models), the RGESN criteria measured, the score, all 78 criteria."""
    measured = sorted((f for f in site.get("findings") or [] if str(f.get("ref") or "").startswith("RGESN-")),
                      key=lambda f: _criterion_key(f["ref"]))
    rgesn = site.get("rgesn") or {}
    criteria = rgesn.get("criteria") or []
    automated = sum(1 for c in criteria if c.get("rule"))
    return {
        "carbon": _carbon_view(summary.get("carbon"), lang, strings),
        "findings": [_finding_view(f, home, lang, strings) for f in measured],
        "score": _rgesn_score_view(rgesn.get("score") or {}, lang, strings),
        "families": _rgesn_families_view(criteria, lang, strings),
        "all_intro": strings["rgesn_all_intro"].format(n=format_number(automated, lang)),
    }


def _page_rgesn_view(page: dict, home: str, lang: str, strings: dict) -> list[dict]:
    """A page's failing RGESN findings, by criterion number, each with its first evidence lines."""
    failing = sorted((f for f in page.get("findings") or []
                      if str(f.get("ref") or "").startswith("RGESN-") and f.get("verdict") == "fail"),
                     key=lambda f: _criterion_key(f["ref"]))
    views = []
    for finding in failing:
        view = _finding_view(finding, home, lang, strings, PAGE_EVIDENCE_LINES, "evidence_more_short")
        views.append({"id": view["id"], "title": view["title"], "evidence": view["evidence"], "more": view["more"],
                      "saving": strings["saving_estimate"].format(saving=view["saving"]) if view["saving"] else ""})
    return views


def _samples_view(facts: dict, lang: str, strings: dict) -> list[str]:
    """One line for the 512 kbit/s load and one for the repeat visit, when this page was in the sample."""
    lines = []
    slow = facts.get("low_bandwidth")
    if isinstance(slow, dict) and slow:
        if slow.get("skipped"):
            lines.append(strings["low_bandwidth_skipped"].format(reason=slow["skipped"]))
        elif slow.get("timed_out"):
            lines.append(strings["low_bandwidth_timeout"].format(
                seconds=format_number(float(slow.get("timeout_s") or 0), lang, 0)))
        else:
            requests = int(slow.get("requests") or 0)
            lines.append(strings["low_bandwidth"].format(
                seconds=format_number(int(slow.get("load_ms") or 0) / 1000, lang, 1),
                weight=format_bytes(int(slow.get("transfer_bytes") or 0), lang),
                requests=f"{format_number(requests, lang)} "
                         f"{plural(lang, requests, strings['request_one'], strings['request_many'])}"))
    again = facts.get("repeat_visit")
    if isinstance(again, dict) and again:
        if again.get("skipped"):
            lines.append(strings["repeat_visit_skipped"].format(reason=again["skipped"]))
        else:
            requests = int(again.get("requests") or 0)
            downloaded = again.get("redownloaded") or []
            lines.append(strings["repeat_visit"].format(
                requests=f"{format_number(requests, lang)} "
                         f"{plural(lang, requests, strings['request_one'], strings['request_many'])}",
                weight=format_bytes(int(again.get("transfer_bytes") or 0), lang),
                cached=_count(lang, strings, "repeat_cached", int(again.get("from_cache") or 0)),
                again=(plural(lang, len(downloaded), *strings["repeat_again"]).format(
                    n=format_number(len(downloaded), lang),
                    weight=format_bytes(sum(int(r.get("transfer_bytes") or 0) for r in downloaded), lang))
                    if downloaded else strings["repeat_again_none"])))
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

    lines = [strings["lighthouse_page"].format(
        performance=score("performance"), accessibility=score("accessibility"), best=score("best-practices"),
        seo=score("seo"), lcp=number("lcp_ms"), tbt=number("tbt_ms"), cls=number("cls", 3),
        weight=format_bytes(metrics.get("total_byte_weight") or 0, lang), requests=number("requests"),
        our_weight=format_bytes(page.get("transfer_bytes") or 0, lang),
        our_requests=format_number(page.get("requests") or 0, lang))]
    if found.get("note") or found.get("runtime_error"):
        lines.append(strings["lighthouse_note"].format(note=found.get("note") or found.get("runtime_error")))
    return lines


def _lighthouse_method(run: dict, lang: str, strings: dict) -> dict:
    """The Méthodologie paragraph on Lighthouse, and the pages it skipped with the reason."""
    facts = run.get("lighthouse") or {}
    skipped = [strings["lighthouse_skip_item"].format(url=s.get("url", ""), reason=s.get("reason", ""))
               for s in facts.get("skipped") or []]
    if facts.get("disabled") or not facts:
        return {"text": strings["lighthouse_off"], "skipped": []}
    if not facts.get("ran"):
        return {"text": "", "skipped": skipped}
    return {"text": strings["lighthouse_method"].format(
        version=facts.get("version") or "?", ran=_count(lang, strings, "lighthouse_pages", facts["ran"]),
        asked=format_number(facts.get("pages_asked") or 0, lang),
        seconds=format_number(facts.get("seconds_per_page") or 0, lang, 1)), "skipped": skipped}


def _sample_method(settings: dict, pages: list[dict], lang: str, strings: dict) -> str:
    """The Méthodologie line on the second-load sample (``[capture] sample_pages``)."""
    capture = settings.get("capture") if isinstance(settings.get("capture"), dict) else {}
    limit = capture.get("sample_pages")
    sampled = sum(1 for p in pages if (p.get("facts") or {}).get("low_bandwidth")
                  or (p.get("facts") or {}).get("repeat_visit"))
    if limit == 0 and not sampled:
        return strings["sample_off"]
    known = isinstance(limit, int) and not isinstance(limit, bool) and limit > 0
    return strings["sample_method"].format(
        limit=_count(lang, strings, "sample_limit", limit) if known else strings["sample_limit_unknown"],
        sampled=_count(lang, strings, "sampled", sampled))


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
    site_results = results.get("site") if isinstance(results.get("site"), dict) else None  # older documents: none
    responsible = _responsible_view(site_results, home, lang, strings) if site_results else None
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
        "responsible": responsible,
        "durable": _durable_view(site_results, summary, home, lang, strings) if site_results else None,
        "sample_method": _sample_method(settings, pages, lang, strings),
        "lighthouse": _lighthouse_method(run, lang, strings),
        "quiet_method": responsible["deconnexion"]["method"] if responsible else "",
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
