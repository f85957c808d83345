"""Every string of the HTML report, keyed by language ("fr", "en"): another language is one more dict.

Tests check that both catalogues have the same keys and shapes.
"""

from __future__ import annotations

from typing import Any

NNBSP = "\u202f"  # narrow no-break space: French thousands separator
NBSP = "\u00a0"  # no-break space: between a number and its unit

CATALOGUE: dict[str, dict[str, Any]] = {
    "fr": {
        "number": {"thousands": NNBSP, "decimal": ","},
        "bytes": {"one": "octet", "many": "octets", "units": ("ko", "Mo", "Go", "To")},
        "months": (
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
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
        "run_statuses": {
            "running": "en cours",
            "finished": "terminé",
            "interrupted": "interrompu (résultats partiels)",
            "failed": "échoué (résultats partiels)",
        },
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
        "not_scored": (
            "{n} page non notée (erreur ou document non HTML).",
            "{n} pages non notées (erreurs ou documents non HTML).",
        ),
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
        "final_url": "La page s’est terminée sur une autre adresse\u00a0: {url}.",
        "heaviest": "Ressources les plus lourdes",
        "heaviest_caption": "Les {n} ressources les plus lourdes de l’audit (une ligne par adresse)",
        "heaviest_empty": "Aucune ressource mesurée.",
        "per_page": "Ressources par page",
        "per_page_caption": "Ressources les plus lourdes de {url}",
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
        "templates_caption": "Adresses découvertes et pages auditées par modèle d’URL, du plus fréquent au plus rare",
        "templates_intro": (
            "Au plus {n} page est auditée par modèle d’URL (les adresses qui ne diffèrent que par un identifiant, "
            "une date ou un numéro de page)\u00a0: les calendriers sans fin et les billets qui se ressemblent "
            "s’arrêtent d’eux-mêmes, et l’audit couvre plus de modèles différents.",
            "Au plus {n} pages sont auditées par modèle d’URL (les adresses qui ne diffèrent que par un identifiant, "
            "une date ou un numéro de page)\u00a0: les calendriers sans fin et les billets qui se ressemblent "
            "s’arrêtent d’eux-mêmes, et l’audit couvre plus de modèles différents.",
        ),
        "templates_intro_capped": (
            "Un nombre limité de pages est audité par modèle d’URL (les adresses qui ne diffèrent que par un "
            "identifiant, une date ou un numéro de page)\u00a0: les calendriers sans fin et les billets qui se "
            "ressemblent s’arrêtent d’eux-mêmes, et l’audit couvre plus de modèles différents."
        ),
        "templates_intro_uncapped": (
            "Aucune limite de pages par modèle d’URL n’était fixée pour cet audit\u00a0: "
            "seul le nombre maximal de pages l’a arrêté."
        ),
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
            "L’audit est en lecture seule. Seules les requêtes GET, HEAD et OPTIONS quittent les navigateurs de "
            "l’audit (connexion une fois le formulaire envoyé, exploration, Lighthouse), sur tous les canaux "
            "(pages, fenêtres surgissantes, cadres, workers, balises, WebSocket, préchargements)\u00a0: toute autre "
            "méthode (POST, PUT, DELETE…) est interrompue avant d’être envoyée, de même que les adresses qui "
            "désignent une action (déconnexion, suppression, jeton anti-CSRF, paramètre d’action…)\u00a0; les liens "
            "vers ces adresses, ou dont le libellé annonce une telle action, ne sont jamais suivis."
        ),
        "safety_blocked": (
            "{n} requête a été bloquée par sécurité pendant cet audit.",
            "{n} requêtes ont été bloquées par sécurité pendant cet audit.",
        ),
        "safety_blocked_none": "Aucune requête n’a été bloquée par sécurité pendant cet audit.",
        "spared_links_caption": "Liens non suivis par sécurité",
        "spared_links_none": "Aucun lien n’a été écarté par sécurité.",
        "spared_requests_caption": "Requêtes bloquées par sécurité (tous les navigateurs de l’audit : connexion, "
        "exploration, Lighthouse)",
        "allowed_writes_intro": "Écritures laissées passer parce que la configuration les autorise ([safety] allow) :",
        "session_lost": (
            "Session perdue pour le profil « {profile} » : le site a déconnecté "
            "l’audit après le blocage de {method} {url}."
        ),
        "session_lost_fix": (
            "Les pages atteintes ensuite, déconnectées, ne sont pas comptées comme contenu audité. "
            "Si cette requête ne fait que maintenir la session, autorisez-la dans la "
            "configuration :"
        ),
        "spared_kinds": {
            "method": "méthode d’écriture",
            "action parameter": "paramètre d’action",
            "csrf parameter": "jeton anti-CSRF",
            "action": "action",
            "link words": "libellé du lien",
            "login page": "page de connexion",
            "denied by": "motif interdit par la configuration",
            "service worker registration": "enregistrement de service worker",
            "speculative load": "chargement spéculatif (prefetch, prerender)",
            "guard error": "erreur du garde (bloqué par précaution)",
        },
        "deny_replaced": "Pour cet audit, la liste d’adresses interdites intégrée à l’outil était remplacée par celle "
        "de la configuration.",
        "deny_extra": (
            "La configuration de l’audit y ajoutait {n} motif d’adresses interdites.",
            "La configuration de l’audit y ajoutait {n} motifs d’adresses interdites.",
        ),
        "robots": {
            True: "Le fichier robots.txt du site a été respecté.",
            False: "Le fichier robots.txt du site n’a pas été appliqué, à la demande de la personne qui a "
            "lancé l’audit.",
        },
        "skipped_intro": (
            "Liens non suivis, par raison (un lien présent sur plusieurs pages compte à chaque fois)\u00a0:"
        ),
        "skipped_none": "Aucun lien n’a été écarté.",
        "skipped_reasons": {
            "denied": "adresse interdite (déconnexion, suppression…)",
            "out_of_scope": "hors du site audité",
            "document": "document lié (mesuré sans être ouvert)",
            "robots": "refusé par robots.txt",
            "template_cap": "limite de pages par modèle atteinte",
            "page_budget": "nombre maximal de pages atteint",
            "not_http": "adresse non web (mailto:, javascript:…)",
        },
        "documents_method": (
            "Les documents liés (PDF, fichiers bureautiques, archives, médias) ne sont pas ouverts dans le "
            "navigateur\u00a0: leur taille est lue dans les en-têtes d’une requête HEAD ou, à défaut, dans la réponse "
            "à une requête GET limitée à un octet (RGESN 5.7). Leur poids est donné à part\u00a0: il n’entre ni dans "
            "le poids des pages ni dans l’EcoIndex."
        ),
        # Inclusif (accessibilité, RGAA 4.1)
        "inclusive": "Inclusif",
        "inclusive_heading": "Inclusif — accessibilité (RGAA 4.1)",
        "a11y_intro": (
            "Les tests automatiques ne couvrent qu’environ un cinquième des critères du RGAA (référentiel général "
            "d’amélioration de l’accessibilité)\u00a0: ils trouvent des défauts, mais ne peuvent pas montrer qu’une "
            "page est accessible. Ce rapport ne donne donc aucun taux de conformité\u00a0; seul un audit complet, "
            "mené par une personne sur un échantillon de pages, le permet."
        ),
        "a11y_tested": ("{n} page testée avec {engine}.", "{n} pages testées avec {engine}."),
        "a11y_incomplete": (
            "Les tests n’ont pas pu aller au bout sur {n} page (délai dépassé).",
            "Les tests n’ont pas pu aller au bout sur {n} pages (délai dépassé).",
        ),
        "a11y_untested": "Aucune page n’a pu être testée pour l’accessibilité.",
        "a11y_off": (
            "Accessibilité non testée\u00a0: axe-core a été désactivé pour cet audit (--no-axe ou [capture] "
            "accessibility = false). Ce rapport ne dit rien de l’accessibilité du site."
        ),
        "pillar_off_detail": "axe-core désactivé (--no-axe)",
        "statement_shown": "La page d’accueil affiche la mention d’accessibilité\u00a0: «\u00a0Accessibilité\u00a0: "
        "{value}\u00a0».",
        "statement_missing": (
            "La page d’accueil n’affiche pas la mention «\u00a0Accessibilité\u00a0: …\u00a0» "
            "qui annonce l’état du site, obligatoire pour les services publics."
        ),
        "statement_unknown": "La présence de la mention d’accessibilité sur la page d’accueil n’a pas été relevée.",
        "a11y_counts": "Sur les 106 critères\u00a0: {fail}, {ok}, {manual}.",
        "count_fail": ("{n} avec non-conformité détectée", "{n} avec non-conformité détectée"),
        "count_ok": (
            "{n} sans anomalie détectée par les tests automatiques",
            "{n} sans anomalie détectée par les tests automatiques",
        ),
        "count_manual": ("{n} à vérifier manuellement", "{n} à vérifier manuellement"),
        "issues": "Problèmes détectés",
        "issues_intro": (
            "Un même défaut sur un même composant (le même menu sur chaque page, chaque ligne d’une "
            "liste) compte une seule fois."
        ),
        "issues_caption": "Problèmes détectés, regroupés par composant, du plus grave au moins grave",
        "issues_empty": "Aucun problème détecté par les tests automatiques.",
        "issues_others": (
            "{n} autre problème n’est pas listé ici (voir results.json).",
            "{n} autres problèmes ne sont pas listés ici (voir results.json).",
        ),
        "col_issue": "Problème",
        "col_impact": "Gravité",
        "col_rgaa": "Critères RGAA",
        "col_extent": "Étendue",
        "on_pages": ("sur {n} page", "sur {n} pages"),
        "in_templates": ("{n} modèle", "{n} modèles"),
        "elements": ("{n} élément", "{n} éléments"),
        "impacts": {
            "critical": "critique",
            "serious": "grave",
            "moderate": "modérée",
            "minor": "mineure",
            "none": "non précisée",
        },
        "rgaa_table": "Les 106 critères du RGAA 4.1",
        "rgaa_intro": (
            "Chaque critère reçoit l’un de ces trois états. «\u00a0Aucune anomalie détectée\u00a0» ne "
            "veut pas dire que le critère est respecté\u00a0: les tests automatiques n’en vérifient "
            "qu’une partie."
        ),
        "rgaa_caption": "Thème {n}\u00a0: {theme}, état de chaque critère",
        "theme_summary": "{n}. {theme}",
        "col_criterion": "Critère",
        "col_title": "Intitulé",
        "statuses": {
            "fail": "non-conformité détectée",
            "no_issue_found": "aucune anomalie détectée par les tests automatiques",
            "manual": "à vérifier manuellement",
        },
        "status_detail": "{pages}, {nodes}",
        "review_detail": ("résultat à examiner sur {n} page", "résultats à examiner sur {n} pages"),
        # Responsable (Doctrine technique du numérique pour l’éducation) et Durable (RGESN, EcoIndex, carbone)
        "weekdays": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        "weekday_datetime": "{weekday} {datetime}",
        "verdicts": {
            "pass": "Conforme",
            "fail": "Non conforme",
            "na": "Non applicable",
            "manual": "À vérifier",
            "not_measured": "Non mesuré",
            "todo": "À évaluer par l’équipe",
        },
        "verdict_counts": {
            "pass": ("{n} conforme", "{n} conformes"),
            "fail": ("{n} non conforme", "{n} non conformes"),
            "na": ("{n} non applicable", "{n} non applicables"),
            "manual": ("{n} à vérifier", "{n} à vérifier"),
            "not_measured": ("{n} non mesuré", "{n} non mesurés"),
            "todo": ("{n} à évaluer", "{n} à évaluer"),
        },
        "col_result": "Résultat",
        "col_detail": "Détail",
        "finding_details": "Pourquoi, constats, correction",
        "why": "Pourquoi",
        "evidence": "Constats relevés",
        "evidence_none": "Aucun constat enregistré.",
        "evidence_more": ("+{n} autre constat (voir results.json).", "+{n} autres constats (voir results.json)."),
        "value_yes": "oui",
        "value_no": "non",
        "value_none": "–",
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
            "pages légales, publications pendant les heures calmes."
        ),
        "responsible_limits": (
            "Ses limites\u00a0: tout est observé de l’extérieur, avec un seul compte, sans accès aux serveurs ni aux "
            "contrats. Le référentiel de sécurité cité par la doctrine n’a pas pu être consulté\u00a0: les "
            "vérifications suivent les pratiques du RGS, du RGPD et de la CNIL. Ce sont des constats, pas une "
            "certification."
        ),
        "doctrine_caption": "Critères de la Doctrine technique vérifiés sur le site",
        "doctrine_empty": "Aucun critère de la Doctrine technique n’a été vérifié pour cet audit.",
        "deconnexion": "Droit à la déconnexion",
        "deconnexion_window": "Plage calme retenue\u00a0: {window} ({timezone}).",
        "deconnexion_source": "Origine de cette plage\u00a0: {source}",
        "deconnexion_pages": (
            "{n} page auditée affichait des éléments horodatés.",
            "{n} pages auditées affichaient des éléments horodatés.",
        ),
        "deconnexion_no_pages": "Aucune page auditée n’affichait d’élément horodaté.",
        "deconnexion_caption": "Éléments horodatés dans la plage calme",
        "deconnexion_none": "Aucun élément horodaté dans la plage calme.",
        "deconnexion_more": (
            "{n} autre élément dans la plage n’est pas listé ici (voir results.json).",
            "{n} autres éléments dans la plage ne sont pas listés ici (voir results.json).",
        ),
        "deconnexion_evidence": (
            "Ces horodatages sont des indices, jamais un verdict de conformité\u00a0: ils disent ce que les pages "
            "affichent, pas à quelle heure les familles ont été notifiées."
        ),
        "col_local_time": "Heure locale",
        "col_item": "Élément",
        "durable": "Durable",
        "durable_heading": "Durable\u00a0: sobriété (RGESN, EcoIndex, carbone)",
        "durable_intro": (
            "Cette partie mesure la sobriété des pages\u00a0: poids, requêtes, images, polices, cache, compression, "
            "jugés selon les critères du RGESN (référentiel général d’écoconception de services numériques) qu’un "
            "parcours du site peut mesurer, avec l’EcoIndex de chaque page et deux estimations de carbone."
        ),
        "durable_limits": (
            "Ses limites\u00a0: chaque page est chargée une seule fois, cache vide (seul un échantillon est rechargé, "
            "voir la méthodologie). L’EcoIndex est une note relative, qui situe le poids, le nombre de requêtes et "
            "la taille du DOM d’une page par rapport à d’autres pages du web\u00a0; ce n’est pas une mesure "
            "d’énergie. Les chiffres de carbone viennent de modèles\u00a0: ce sont des ordres de grandeur."
        ),
        "carbon": "Carbone",
        "carbon_ecoindex": "EcoIndex (gaz à effet de serre et eau par visite, modèle EcoIndex)",
        "carbon_swd": (
            "Sustainable Web Design v4 (g CO₂e par visite, intensité du réseau électrique\u00a0: {grid}\u00a0g/kWh)"
        ),
        "per_visits": "{value} pour {visits} visites",
        "water": "et {value} d’eau",
        "carbon_none": "non calculé (aucune page notée)",
        "carbon_note": (
            "Deux modèles différents, qui ne mesurent pas la même chose (l’EcoIndex déduit ses chiffres de la note "
            "des pages, Sustainable Web Design convertit les octets transférés en énergie puis en carbone)\u00a0: "
            "leurs chiffres ne doivent jamais être additionnés. Chacun est la moyenne par page vue des pages notées, "
            "multipliée par 1\u202f000."
        ),
        "grid_global": (
            "{grid}\u00a0g/kWh est la moyenne mondiale, valeur par défaut du modèle\u00a0; le réseau électrique "
            "français est bien moins carboné (environ {france}\u00a0g/kWh, réglable dans la configuration\u00a0: "
            "[durable] grid_g_per_kwh)."
        ),
        "rgesn_measured": "RGESN — critères mesurés",
        "rgesn_measured_intro": (
            "Chaque critère est jugé page par page puis pour le site\u00a0: non conforme dès qu’une page ne l’est "
            "pas. Le gain estimé additionne les octets économisables sur les pages auditées."
        ),
        "rgesn_caption": "Critères du RGESN mesurés sur le site, par numéro",
        "rgesn_empty": "Aucun critère du RGESN n’a été mesuré pour cet audit.",
        "col_failing": "Pages en échec / jugées",
        "col_saving": "Gain estimé",
        "rgesn_score": "Score RGESN de la partie automatisée\u00a0: {conformes} sur {evaluated} ({percent}).",
        "rgesn_score_none": "Score RGESN de la partie automatisée\u00a0: aucun critère n’a pu être évalué.",
        "score_evaluated": ("{n} critère évalué", "{n} critères évalués"),
        "rgesn_score_caveat": (
            "Les critères non applicables, ceux à vérifier et les critères non automatisés (à évaluer par l’équipe) "
            "ne sont pas comptés\u00a0: ce n’est pas le score RGESN complet du service."
        ),
        "rgesn_all": "Les 78 critères du RGESN",
        "rgesn_all_intro": (
            "Le RGESN 2024 compte 78 critères. Le parcours en juge {n} automatiquement\u00a0; les autres "
            "(stratégie, hébergement, algorithmes…) sont à évaluer par l’équipe qui conçoit et exploite le service. "
            "Les intitulés sont des résumés, pas le texte officiel."
        ),
        "family_summary": "{n}. {family} ({criteria})\u00a0: {counts}",
        "family_criteria": ("{n} critère", "{n} critères"),
        "family_caption": "Famille {n}\u00a0: {family}, résultat de chaque critère",
        # Ressources par page: critères RGESN en échec, rechargements de l’échantillon
        "page_rgesn": "Critères RGESN en échec sur cette page\u00a0:",
        "page_rgesn_count": ("{n} critère RGESN en échec", "{n} critères RGESN en échec"),
        "page_violations_count": ("{n} problème d’accessibilité", "{n} problèmes d’accessibilité"),
        "saving_estimate": "gain estimé {saving}",
        "low_bandwidth": (
            "À 512\u00a0kbit/s, cache vide\u00a0: page chargée en {seconds}\u00a0s ({weight}, {requests})."
        ),
        "low_bandwidth_timeout": "À 512\u00a0kbit/s, cache vide\u00a0: page non chargée en {seconds}\u00a0s.",
        "low_bandwidth_skipped": "Chargement à 512\u00a0kbit/s non jugé\u00a0: {reason}",
        "repeat_visit": (
            "Seconde visite, cache du navigateur rempli\u00a0: {requests}, {weight}\u00a0; {cached}, {again}."
        ),
        "repeat_cached": ("{n} ressource lue dans le cache", "{n} ressources lues dans le cache"),
        "repeat_again": (
            "{n} ressource téléchargée de nouveau ({weight})",
            "{n} ressources téléchargées de nouveau ({weight})",
        ),
        "repeat_again_none": "aucune téléchargée de nouveau",
        "repeat_visit_skipped": "Seconde visite non jugée\u00a0: {reason}",
        # Méthodologie: échantillon rechargé, plage calme
        "lighthouse_page": (
            "Lighthouse (bureau)\u00a0: performance {performance}, accessibilité {accessibility}, "
            "bonnes pratiques {best}, SEO {seo}\u00a0; LCP {lcp}\u00a0ms, TBT {tbt}\u00a0ms, "
            "CLS {cls}\u00a0; {weight} et {requests} requêtes selon Lighthouse, "
            "{our_weight} et {our_requests} selon ent-audit."
        ),
        "lighthouse_note": "Lighthouse\u00a0: {note}",
        "lighthouse_method": (
            "Lighthouse {version} a contrôlé {ran} après le parcours (la première page de chaque modèle, {asked} au "
            "plus), connecté avec la session du profil, chaque page dans un Chromium neuf (cache vide), "
            "{seconds}\u00a0s par page en moyenne. Ses chiffres diffèrent des nôtres pour des raisons connues\u00a0: "
            "Lighthouse compte aussi sa propre requête d’icône (favicon), ne fait pas défiler la page, et ses notes "
            "de performance simulent un réseau et un processeur plus lents. Le fichier lighthouserc.json livré avec ce "
            "rapport reprend nos budgets pour Lighthouse CI."
        ),
        "lighthouse_pages": ("{n} page", "{n} pages"),
        "lighthouse_off": "Lighthouse n’a pas été lancé pour cet audit.",
        "lighthouse_skipped": "Pages non contrôlées par Lighthouse\u00a0:",
        "lighthouse_skip_item": "{url}\u00a0: {reason}",
        "sample_method": (
            "Un échantillon est chargé une seconde fois\u00a0: la première page de chaque modèle d’URL, pour "
            "{limit}, est rouverte dans le même navigateur pour voir ce qui est téléchargé de nouveau (RGESN 6.2), "
            "puis chargée avec un cache vide à 512\u00a0kbit/s pour mesurer son temps de chargement (RGESN 2.3). "
            "Ces chargements ne changent pas la mesure de la page. {sampled}"
        ),
        "sample_limit": ("{n} modèle au plus", "{n} modèles au plus"),
        "sample_limit_unknown": "un nombre de modèles limité par la configuration",
        "sample_off": "Aucune page n’a été chargée une seconde fois pour cet audit (échantillon désactivé).",
        "sampled": ("{n} page a été rechargée pour cet audit.", "{n} pages ont été rechargées pour cet audit."),
        "quiet_method": "Droit à la déconnexion\u00a0: plage calme {window} ({timezone}).",
        # compare-sites
        "sites_title": "Comparaison d’ENT par type de page",
        "sites_intro": (
            "Chaque ENT est mesuré de la même façon (un chargement par page, cache vide, mêmes "
            "règles)\u00a0; les moyennes portent sur les pages chargées sans erreur. Les problèmes "
            "d’accessibilité sont comptés en règles axe-core non respectées par page."
        ),
        "sites_overall": "Ensemble des pages",
        "sites_overall_caption": "Moyennes de toutes les pages auditées, par ENT",
        "sites_by_kind": "Par type de page",
        "sites_kinds_intro": (
            "Le type d’une page vient de son adresse (table [kinds] de la configuration, sinon les "
            "adresses habituelles des ENT)."
        ),
        "sites_kind_caption": "{kind}\u00a0: moyennes par ENT",
        "sites_no_page": "aucune page de ce type",
        "col_site": "ENT",
        "col_mean_requests": "Requêtes par page",
        "col_violations_per_page": "Problèmes d’accessibilité par page",
        # Évolution
        "evolution": "Évolution",
        "evolution_intro": (
            "Le dernier audit de ce site avec ce profil.",
            "Les {n} derniers audits de ce site avec ce profil, du plus ancien au plus récent "
            "(celui-ci en dernier). Chaque point est un audit\u00a0; le tableau donne les mêmes "
            "chiffres.",
        ),
        "evolution_eco": "EcoIndex moyen (sur 100)",
        "evolution_weight": "Poids moyen par page",
        "evolution_issues": "Problèmes d’accessibilité (règle × page)",
        "evolution_caption": "Chiffres des derniers audits",
        "col_date": "Date",
        "col_issues": "Problèmes d’accessibilité",
        "this_run": "cet audit",
        # Synthèse: the three pillars and the priorities
        "pillar_inclusive_value": ("{n} critère RGAA en échec", "{n} critères RGAA en échec"),
        "pillar_inclusive_detail": "{severe} · {ok} · {manual}",
        "severe_issues": ("{n} problème critique ou grave", "{n} problèmes critiques ou graves"),
        "pillar_untested": "accessibilité non testée",
        "pillar_responsible_value": (
            "{fail} point non conforme sur {judged} vérifiés",
            "{fail} points non conformes sur {judged} vérifiés",
        ),
        "pillar_responsible_detail": "{ok} · {manual}",
        "pillar_durable_value": "EcoIndex moyen {score} sur 100",
        "pillar_not_judged": "non évalué pour cet audit",
        "priorities": "Priorités",
        "priorities_intro": (
            "Les actions qui comptent le plus, classées par impact\u00a0: octets économisés pour la sobriété, "
            "gravité et étendue pour l’accessibilité, sécurité des comptes pour la Doctrine technique. Chacune "
            "renvoie au critère concerné."
        ),
        "priorities_none": "Aucune non-conformité détectée par les tests automatiques\u00a0: pas d’action prioritaire.",
        "priority_saving": "Gain estimé\u00a0: −{saving} {pages} ({share} du poids total mesuré).",
        "priority_pages": "{pages} sur {total} concernées.",
        "priority_a11y": "Impact {impact}, {pages} ({templates}), {nodes}.",
        "priority_site": "Concerne tout le site\u00a0: {why}",
        "priority_a11y_fix": "Les exemples et le code en cause sont dans la partie Inclusif.",
        "priority_a11y_fix_rgaa": (
            "Satisfaire le critère RGAA {criterion} («\u00a0{title}\u00a0») sur les éléments "
            "signalés\u00a0; exemples et code en cause dans la partie Inclusif."
        ),
        "priority_todo": "À faire",
        "pillar_labels": {"inclusif": "Inclusif", "responsable": "Responsable", "durable": "Durable"},
        "key_figures": "Chiffres clés",
        "pages_count": ("{n} page", "{n} pages"),
        "doctrine_ref": "Doctrine technique",
        "pillar_pass": ("{n} conforme", "{n} conformes"),
        "templates_left": "Les {templates} suivants ({pages}) ne sont pas détaillés ici\u00a0: voir pages.csv.",
        "templates_rows_rest": (
            "{n} autre modèle, plus rare, n’est pas listé (voir results.json).",
            "{n} autres modèles, plus rares, ne sont pas listés (voir results.json).",
        ),
        "pages_table_rest": (
            "{n} autre page, mieux notée, est dans pages.csv et results.json.",
            "{n} autres pages, mieux notées, sont dans pages.csv et results.json.",
        ),
        # Par modèle de page
        "templates_heading": "Par modèle de page",
        "templates_pages_intro": (
            "Les modèles sont classés du plus mauvais au meilleur (note EcoIndex de leur pire page), puis leurs pages "
            "de la plus mauvaise à la meilleure. Chaque page se déplie\u00a0: poids par type, ressources les plus "
            "lourdes, critères en échec. Au-delà de {n} pages par modèle, les suivantes ne sont pas détaillées ici "
            "(elles se ressemblent)\u00a0; toutes sont dans results.json, pages.csv et resources.csv."
        ),
        "template_summary": "{pages}, poids moyen {weight}, EcoIndex moyen {score}",
        "template_rest": (
            "{n} autre page de ce modèle n’est pas détaillée ici (voir le tableau des pages).",
            "{n} autres pages de ce modèle ne sont pas détaillées ici (voir le tableau des pages).",
        ),
        "by_type_caption": "Poids de {url} par type de ressource",
        "col_count": "Nombre",
        "col_share": "Part du poids",
        "page_violations": "Problèmes d’accessibilité sur cette page (axe-core)\u00a0:",
        "violations_more": ("et {n} autre.", "et {n} autres."),
        # Méthodologie
        "versions": "Versions et réglages",
        "version_tool": "ent-audit",
        "version_axe": "Moteur d’accessibilité",
        "version_browser": "Navigateur",
        "version_lighthouse": "Lighthouse",
        "not_recorded": "non enregistré",
        "not_run": "non lancé",
        "settings_scope": "Périmètre",
        "scope_text": "{pages} au plus, profondeur de liens {depth} au plus, {per_template} par modèle d’URL, "
        "{concurrency}",
        "concurrency_count": ("{n} page chargée à la fois", "{n} pages chargées à la fois"),
        "no_limit": "sans limite",
        "settings_budgets": "Budgets par page",
        "budgets_text": "{weight} et {requests} requêtes (RGESN 6.1)",
        "settings_grid": "Intensité carbone du réseau",
        "limits": "Limites connues",
        "limits_text": (
            "Les tests automatiques ne couvrent qu’une partie du RGAA\u00a0: «\u00a0sans anomalie détectée\u00a0» ne "
            "veut pas dire conforme, et la plupart des critères demandent une vérification humaine.",
            "Les pages sont chargées depuis la machine d’audit\u00a0: les temps dépendent de son réseau, pas de "
            "celui des familles.",
            "L’EcoIndex et les modèles carbone sont des estimations comparatives, pas des bilans.",
            "Seules les pages accessibles au profil connecté, et sans action qui modifie des données, sont auditées.",
        ),
        "types": {
            "document": "document",
            "stylesheet": "feuille de style",
            "script": "script",
            "image": "image",
            "font": "police",
            "media": "média",
            "xhr": "XHR",
            "fetch": "fetch",
            "websocket": "WebSocket",
            "manifest": "manifeste",
            "other": "autre",
        },
    },
    "en": {
        "number": {"thousands": ",", "decimal": "."},
        "bytes": {"one": "byte", "many": "bytes", "units": ("kB", "MB", "GB", "TB")},
        "months": (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
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
        "run_statuses": {
            "running": "running",
            "finished": "finished",
            "interrupted": "interrupted (partial results)",
            "failed": "failed (partial results)",
        },
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
        "not_scored": (
            "{n} page not scored (error or non-HTML document).",
            "{n} pages not scored (errors or non-HTML documents).",
        ),
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
        "final_url": "The page ended on another address: {url}.",
        "heaviest": "Heaviest resources",
        "heaviest_caption": "The {n} heaviest resources of the audit (one row per address)",
        "heaviest_empty": "No resource measured.",
        "per_page": "Resources per page",
        "per_page_caption": "Heaviest resources of {url}",
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
            "rate; only a full audit, carried out by a person on a sample of pages, can."
        ),
        "a11y_tested": ("{n} page tested with {engine}.", "{n} pages tested with {engine}."),
        "a11y_incomplete": (
            "Tests could not finish on {n} page (time limit).",
            "Tests could not finish on {n} pages (time limit).",
        ),
        "a11y_untested": "No page could be tested for accessibility.",
        "a11y_off": (
            "Accessibility not tested: axe-core was turned off for this audit (--no-axe or [capture] "
            "accessibility = false). This report says nothing about the site’s accessibility."
        ),
        "pillar_off_detail": "axe-core turned off (--no-axe)",
        "statement_shown": "The home page shows the accessibility notice: “Accessibilité : {value}”.",
        "statement_missing": (
            "The home page does not show the “Accessibilité : …” notice stating the site’s status, "
            "mandatory for public services."
        ),
        "statement_unknown": "Whether the home page shows the accessibility notice was not recorded.",
        "a11y_counts": "Of the 106 criteria: {fail}, {ok}, {manual}.",
        "count_fail": ("{n} with a non-conformity detected", "{n} with a non-conformity detected"),
        "count_ok": ("{n} with no issue found by automated tests", "{n} with no issue found by automated tests"),
        "count_manual": ("{n} to check manually", "{n} to check manually"),
        "issues": "Issues detected",
        "issues_intro": (
            "The same defect on the same component (the same menu on every page, each row of a list) counts once."
        ),
        "issues_caption": "Issues detected, grouped by component, most severe first",
        "issues_empty": "No issue found by automated tests.",
        "issues_others": (
            "{n} more issue is not listed here (see results.json).",
            "{n} more issues are not listed here (see results.json).",
        ),
        "col_issue": "Issue",
        "col_impact": "Impact",
        "col_rgaa": "RGAA criteria",
        "col_extent": "Extent",
        "on_pages": ("on {n} page", "on {n} pages"),
        "in_templates": ("{n} template", "{n} templates"),
        "elements": ("{n} element", "{n} elements"),
        "impacts": {
            "critical": "critical",
            "serious": "serious",
            "moderate": "moderate",
            "minor": "minor",
            "none": "not given",
        },
        "rgaa_table": "The 106 criteria of RGAA 4.1",
        "rgaa_intro": (
            "Each criterion gets one of these three statuses. “No issue found” does not mean the criterion "
            "is met: automated tests check only part of it."
        ),
        "rgaa_caption": "Theme {n}: {theme}, status of each criterion",
        "theme_summary": "{n}. {theme}",
        "col_criterion": "Criterion",
        "col_title": "Title",
        "statuses": {
            "fail": "non-conformity detected",
            "no_issue_found": "no issue found by automated tests",
            "manual": "to check manually",
        },
        "status_detail": "{pages}, {nodes}",
        "review_detail": ("results to review on {n} page", "results to review on {n} pages"),
        "types": {
            "document": "document",
            "stylesheet": "stylesheet",
            "script": "script",
            "image": "image",
            "font": "font",
            "media": "media",
            "xhr": "XHR",
            "fetch": "fetch",
            "websocket": "WebSocket",
            "manifest": "manifest",
            "other": "other",
        },
        "colon": ":",
        "profiles": "Logged-in profiles",
        "col_profile": "Profile",
        "linked_documents": "Linked documents",
        "documents_total": "{weight} in all",
        "documents_unknown": ("{n} of unknown size", "{n} of unknown size"),
        "templates_caption": "Addresses discovered and pages audited per URL template, most frequent first",
        "templates_intro": (
            "At most {n} page is audited per URL template (addresses that differ only by an identifier, a date or "
            "a page number): endless calendars and look-alike posts end by themselves, and the audit covers more "
            "distinct templates.",
            "At most {n} pages are audited per URL template (addresses that differ only by an identifier, a date or "
            "a page number): endless calendars and look-alike posts end by themselves, and the audit covers more "
            "distinct templates.",
        ),
        "templates_intro_capped": (
            "A limited number of pages is audited per URL template (addresses that differ only by an identifier, a "
            "date or a page number): endless calendars and look-alike posts end by themselves, and the audit covers "
            "more distinct templates."
        ),
        "templates_intro_uncapped": (
            "No per-template page limit was set for this audit: only the maximum number of pages stopped it."
        ),
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
            "The audit is read-only. Only GET, HEAD and OPTIONS requests leave the audit’s browsers (login once the "
            "form is submitted, crawl, Lighthouse), on every channel (pages, popups, frames, workers, beacons, "
            "WebSockets, prefetches): any other method (POST, PUT, DELETE…) is aborted before it is sent, and so are "
            "addresses that name an action (logout, deletion, anti-CSRF token, action parameter…); links to such "
            "addresses, or whose text announces such an action, are never followed."
        ),
        "safety_blocked": (
            "{n} request was blocked for safety during this audit.",
            "{n} requests were blocked for safety during this audit.",
        ),
        "safety_blocked_none": "No request was blocked for safety during this audit.",
        "spared_links_caption": "Links not followed for safety",
        "spared_links_none": "No link was left out for safety.",
        "spared_requests_caption": "Requests blocked for safety (every browser of the audit: login, crawl, Lighthouse)",
        "allowed_writes_intro": "Writes let through because the configuration allows them ([safety] allow):",
        "session_lost": (
            "Session lost for profile “{profile}”: the site logged the audit out after {method} {url} was blocked."
        ),
        "session_lost_fix": (
            "The pages reached afterwards, logged out, are not counted as audited content. If this "
            "request only keeps the session alive, allow it in the configuration:"
        ),
        "spared_kinds": {
            "method": "write method",
            "action parameter": "action parameter",
            "csrf parameter": "anti-CSRF token",
            "action": "action",
            "link words": "link text",
            "login page": "login page",
            "denied by": "pattern denied by the configuration",
            "service worker registration": "service worker registration",
            "speculative load": "speculative load (prefetch, prerender)",
            "guard error": "guard error (blocked as a precaution)",
        },
        "deny_replaced": "For this audit, the tool’s built-in list of denied addresses was replaced by the "
        "configuration’s.",
        "deny_extra": (
            "The audit configuration added {n} denied-address pattern.",
            "The audit configuration added {n} denied-address patterns.",
        ),
        "robots": {
            True: "The site’s robots.txt file was obeyed.",
            False: "The site’s robots.txt file was not applied, at the request of the person who ran the audit.",
        },
        "skipped_intro": "Links not followed, by reason (a link present on several pages counts each time):",
        "skipped_none": "No link was left out.",
        "skipped_reasons": {
            "denied": "denied address (logout, deletion…)",
            "out_of_scope": "outside the audited site",
            "document": "linked document (measured without opening it)",
            "robots": "refused by robots.txt",
            "template_cap": "per-template page limit reached",
            "page_budget": "maximum number of pages reached",
            "not_http": "non-web address (mailto:, javascript:…)",
        },
        "documents_method": (
            "Linked documents (PDF, office files, archives, media) are not opened in the browser: their size is read "
            "from the headers of a HEAD request or, failing that, from the response to a GET request limited to one "
            "byte (RGESN 5.7). Their weight is given separately: it counts neither in the pages’ weight nor in the "
            "EcoIndex."
        ),
        "weekdays": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        "weekday_datetime": "{weekday}, {datetime}",
        "verdicts": {
            "pass": "Compliant",
            "fail": "Non-compliant",
            "na": "Not applicable",
            "manual": "To check",
            "not_measured": "Not measured",
            "todo": "To be assessed by the team",
        },
        "verdict_counts": {
            "pass": ("{n} compliant", "{n} compliant"),
            "fail": ("{n} non-compliant", "{n} non-compliant"),
            "na": ("{n} not applicable", "{n} not applicable"),
            "manual": ("{n} to check", "{n} to check"),
            "not_measured": ("{n} not measured", "{n} not measured"),
            "todo": ("{n} to assess", "{n} to assess"),
        },
        "col_result": "Result",
        "col_detail": "Detail",
        "finding_details": "Why, evidence, fix",
        "why": "Why",
        "evidence": "Evidence recorded",
        "evidence_none": "No evidence recorded.",
        "evidence_more": ("+{n} more line (see results.json).", "+{n} more lines (see results.json)."),
        "value_yes": "yes",
        "value_no": "no",
        "value_none": "–",
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
            "single sign-on, legal pages, items published during quiet hours."
        ),
        "responsible_limits": (
            "Its limits: everything is observed from outside, with one account, without access to the servers or "
            "the contracts. The security framework the doctrine refers to could not be consulted: the checks follow "
            "RGS, GDPR and CNIL practice. This is evidence, not a certification."
        ),
        "doctrine_caption": "Technical doctrine criteria checked on the site",
        "doctrine_empty": "No technical doctrine criterion was checked for this audit.",
        "deconnexion": "Right to disconnect",
        "deconnexion_window": "Quiet window used: {window} ({timezone}).",
        "deconnexion_source": "Where this window comes from: {source}",
        "deconnexion_pages": (
            "{n} audited page showed timestamped items.",
            "{n} audited pages showed timestamped items.",
        ),
        "deconnexion_no_pages": "No audited page showed a timestamped item.",
        "deconnexion_caption": "Items timestamped inside the quiet window",
        "deconnexion_none": "No item timestamped inside the quiet window.",
        "deconnexion_more": (
            "{n} more item inside the window is not listed here (see results.json).",
            "{n} more items inside the window are not listed here (see results.json).",
        ),
        "deconnexion_evidence": (
            "These timestamps are evidence, never a verdict of compliance: they tell what the pages show, not when "
            "families were notified."
        ),
        "col_local_time": "Local time",
        "col_item": "Item",
        "durable": "Sustainable",
        "durable_heading": "Sustainable: eco-design (RGESN, EcoIndex, carbon)",
        "durable_intro": (
            "This part measures how lean the pages are: weight, requests, images, fonts, caching, compression, "
            "judged against the criteria of RGESN (the French eco-design standard for digital services) that a crawl "
            "can measure, with each page’s EcoIndex and two carbon estimates."
        ),
        "durable_limits": (
            "Its limits: each page is loaded once, from an empty cache (only a sample is loaded again, see the "
            "methodology). The EcoIndex is a relative score, placing a page’s weight, request count and DOM size "
            "among other pages of the web; it is not a measure of energy. Carbon figures come from models: they are "
            "orders of magnitude."
        ),
        "carbon": "Carbon",
        "carbon_ecoindex": "EcoIndex (greenhouse gases and water per visit, EcoIndex model)",
        "carbon_swd": "Sustainable Web Design v4 (g CO₂e per visit, electricity grid intensity: {grid}\u00a0g/kWh)",
        "per_visits": "{value} per {visits} visits",
        "water": "and {value} of water",
        "carbon_none": "not computed (no page scored)",
        "carbon_note": (
            "Two different models that do not measure the same thing (EcoIndex derives its figures from the pages’ "
            "score, Sustainable Web Design converts the bytes transferred into energy, then carbon): their numbers "
            "must never be added together. Each is the mean per page view over the scored pages, times 1,000."
        ),
        "grid_global": (
            "{grid}\u00a0g/kWh is the world average, the model’s default; the French grid is far less "
            "carbon-intensive (about {france}\u00a0g/kWh, set in the configuration: [durable] grid_g_per_kwh)."
        ),
        "rgesn_measured": "RGESN — measured criteria",
        "rgesn_measured_intro": (
            "Each criterion is judged page by page, then for the site: non-compliant as soon as one page is. The "
            "estimated saving adds up the bytes that could be saved on the audited pages."
        ),
        "rgesn_caption": "RGESN criteria measured on the site, by number",
        "rgesn_empty": "No RGESN criterion was measured for this audit.",
        "col_failing": "Pages failing / judged",
        "col_saving": "Estimated saving",
        "rgesn_score": "RGESN score of the automated part: {conformes} out of {evaluated} ({percent}).",
        "rgesn_score_none": "RGESN score of the automated part: no criterion could be assessed.",
        "score_evaluated": ("{n} criterion assessed", "{n} criteria assessed"),
        "rgesn_score_caveat": (
            "Criteria not applicable, criteria to check and the criteria that are not automated (to be assessed by "
            "the team) are not counted: this is not the service’s full RGESN score."
        ),
        "rgesn_all": "The 78 RGESN criteria",
        "rgesn_all_intro": (
            "RGESN 2024 has 78 criteria. The crawl judges {n} of them automatically; the others (strategy, hosting, "
            "algorithms…) are to be assessed by the team that designs and runs the service. The titles are "
            "summaries, not the official wording."
        ),
        "family_summary": "{n}. {family} ({criteria}): {counts}",
        "family_criteria": ("{n} criterion", "{n} criteria"),
        "family_caption": "Family {n}: {family}, result of each criterion",
        "page_rgesn": "RGESN criteria failing on this page:",
        "page_rgesn_count": ("{n} RGESN criterion failing", "{n} RGESN criteria failing"),
        "page_violations_count": ("{n} accessibility issue", "{n} accessibility issues"),
        "saving_estimate": "estimated saving {saving}",
        "low_bandwidth": "At 512\u00a0kbit/s, empty cache: page loaded in {seconds}\u00a0s ({weight}, {requests}).",
        "low_bandwidth_timeout": "At 512\u00a0kbit/s, empty cache: page not loaded within {seconds}\u00a0s.",
        "low_bandwidth_skipped": "Load at 512\u00a0kbit/s not judged: {reason}",
        "repeat_visit": "Second visit, browser cache filled: {requests}, {weight}; {cached}, {again}.",
        "repeat_cached": ("{n} resource read from the cache", "{n} resources read from the cache"),
        "repeat_again": ("{n} resource downloaded again ({weight})", "{n} resources downloaded again ({weight})"),
        "repeat_again_none": "none downloaded again",
        "repeat_visit_skipped": "Second visit not judged: {reason}",
        "lighthouse_page": (
            "Lighthouse (desktop): performance {performance}, accessibility {accessibility}, "
            "best practices {best}, SEO {seo}; LCP {lcp}\u00a0ms, TBT {tbt}\u00a0ms, CLS {cls}; "
            "{weight} and {requests} requests according to Lighthouse, {our_weight} and {our_requests} "
            "according to ent-audit."
        ),
        "lighthouse_note": "Lighthouse: {note}",
        "lighthouse_method": (
            "Lighthouse {version} checked {ran} after the crawl (the first page of each template, at most {asked}), "
            "logged in with the profile's session, each page in a fresh Chromium (empty cache), {seconds}\u00a0s a "
            "page on average. Its figures differ from ours for known reasons: Lighthouse also counts its own icon "
            "(favicon) request, does not scroll the page, and its performance scores simulate a slower network and "
            "processor. The lighthouserc.json file shipped with this report carries our budgets for Lighthouse CI."
        ),
        "lighthouse_pages": ("{n} page", "{n} pages"),
        "lighthouse_off": "Lighthouse was not run for this audit.",
        "lighthouse_skipped": "Pages not checked by Lighthouse:",
        "lighthouse_skip_item": "{url}: {reason}",
        "sample_method": (
            "A sample is loaded a second time: the first page of each URL template, for {limit}, is opened again in "
            "the same browser to see what is downloaded again (RGESN 6.2), then loaded from an empty cache at "
            "512\u00a0kbit/s to time it (RGESN 2.3). These loads do not change the page’s own measure. {sampled}"
        ),
        "sample_limit": ("{n} template at most", "{n} templates at most"),
        "sample_limit_unknown": "a number of templates limited by the configuration",
        "sample_off": "No page was loaded a second time for this audit (sample turned off).",
        "sampled": ("{n} page was loaded again for this audit.", "{n} pages were loaded again for this audit."),
        "quiet_method": "Right to disconnect: quiet window {window} ({timezone}).",
        # compare-sites
        "sites_title": "ENTs compared by page kind",
        "sites_intro": (
            "Every ENT is measured the same way (one load per page, empty cache, same rules); means are "
            "over the pages that loaded without error. Accessibility issues are counted as axe-core "
            "rules violated per page."
        ),
        "sites_overall": "All pages",
        "sites_overall_caption": "Means of all audited pages, per ENT",
        "sites_by_kind": "By page kind",
        "sites_kinds_intro": (
            "A page's kind comes from its address (the config's [kinds] table, else the usual ENT addresses)."
        ),
        "sites_kind_caption": "{kind}: means per ENT",
        "sites_no_page": "no page of this kind",
        "col_site": "ENT",
        "col_mean_requests": "Requests per page",
        "col_violations_per_page": "Accessibility issues per page",
        # Evolution
        "evolution": "Evolution",
        "evolution_intro": (
            "The last audit of this site with this profile.",
            "The last {n} audits of this site with this profile, oldest first (this one last). Each "
            "point is an audit; the table gives the same figures.",
        ),
        "evolution_eco": "Mean EcoIndex (out of 100)",
        "evolution_weight": "Mean weight per page",
        "evolution_issues": "Accessibility issues (rule × page)",
        "evolution_caption": "Figures of the last audits",
        "col_date": "Date",
        "col_issues": "Accessibility issues",
        "this_run": "this audit",
        # Summary: the three pillars and the priorities
        "pillar_inclusive_value": ("{n} RGAA criterion failing", "{n} RGAA criteria failing"),
        "pillar_inclusive_detail": "{severe} · {ok} · {manual}",
        "severe_issues": ("{n} critical or serious issue", "{n} critical or serious issues"),
        "pillar_untested": "accessibility not tested",
        "pillar_responsible_value": ("{fail} check failing out of {judged}", "{fail} checks failing out of {judged}"),
        "pillar_responsible_detail": "{ok} · {manual}",
        "pillar_durable_value": "Mean EcoIndex {score} out of 100",
        "pillar_not_judged": "not assessed in this audit",
        "priorities": "Priorities",
        "priorities_intro": (
            "The actions that matter most, ranked by impact: bytes saved for sobriety, severity and extent for "
            "accessibility, account security for the Doctrine technique. Each links to its criterion."
        ),
        "priorities_none": "No non-conformity found by the automated tests: no priority action.",
        "priority_saving": "Estimated gain: −{saving} {pages} ({share} of the total weight measured).",
        "priority_pages": "{pages} out of {total} concerned.",
        "priority_a11y": "Impact {impact}, {pages} ({templates}), {nodes}.",
        "priority_site": "Concerns the whole site: {why}",
        "priority_a11y_fix": "Examples and the code at fault are in the Inclusive part.",
        "priority_a11y_fix_rgaa": (
            "Meet RGAA criterion {criterion} (“{title}”) on the elements reported; examples "
            "and the code at fault are in the Inclusive part."
        ),
        "priority_todo": "To do",
        "pillar_labels": {"inclusif": "Inclusive", "responsable": "Responsible", "durable": "Sustainable"},
        "key_figures": "Key figures",
        "pages_count": ("{n} page", "{n} pages"),
        "doctrine_ref": "Doctrine technique",
        "pillar_pass": ("{n} compliant", "{n} compliant"),
        "templates_left": "The next {templates} ({pages}) are not detailed here: see pages.csv.",
        "templates_rows_rest": (
            "{n} other, rarer template is not listed (see results.json).",
            "{n} other, rarer templates are not listed (see results.json).",
        ),
        "pages_table_rest": (
            "{n} other page, better rated, is in pages.csv and results.json.",
            "{n} other pages, better rated, are in pages.csv and results.json.",
        ),
        # Per page template
        "templates_heading": "By page template",
        "templates_pages_intro": (
            "Templates are ranked worst first (EcoIndex grade of their worst page), then their pages worst first. "
            "Each page unfolds: weight by type, heaviest resources, failing criteria. Beyond {n} pages per template "
            "the next ones are not detailed here (they look alike); all are in results.json, pages.csv and "
            "resources.csv."
        ),
        "template_summary": "{pages}, mean weight {weight}, mean EcoIndex {score}",
        "template_rest": (
            "{n} other page of this template is not detailed here (see the pages table).",
            "{n} other pages of this template are not detailed here (see the pages table).",
        ),
        "by_type_caption": "Weight of {url} by resource type",
        "col_count": "Count",
        "col_share": "Share of weight",
        "page_violations": "Accessibility issues on this page (axe-core):",
        "violations_more": ("and {n} more.", "and {n} more."),
        # Methodology
        "versions": "Versions and settings",
        "version_tool": "ent-audit",
        "version_axe": "Accessibility engine",
        "version_browser": "Browser",
        "version_lighthouse": "Lighthouse",
        "not_recorded": "not recorded",
        "not_run": "not run",
        "settings_scope": "Scope",
        "scope_text": "{pages} at most, link depth {depth} at most, {per_template} per URL template, {concurrency}",
        "concurrency_count": ("{n} page loaded at once", "{n} pages loaded at once"),
        "no_limit": "no limit",
        "settings_budgets": "Page budgets",
        "budgets_text": "{weight} and {requests} requests (RGESN 6.1)",
        "settings_grid": "Grid carbon intensity",
        "limits": "Known limits",
        "limits_text": (
            "Automated tests cover only part of RGAA: “no issue found” does not mean compliant, and most criteria "
            "need a human check.",
            "Pages are loaded from the audit machine: timings depend on its network, not on families’ networks.",
            "EcoIndex and the carbon models are comparative estimates, not footprints.",
            "Only pages the logged-in profile can reach, without any action that changes data, are audited.",
        ),
    },
}
