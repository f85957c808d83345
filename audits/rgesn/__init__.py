"""The 78 criteria of RGESN 2024 (Référentiel général d'écoconception de services numériques, May 2024).

Source: domain.md §2, itself read from DISIC/MiNumEco ``_data/referentiel-ecoconception.json``. The summaries are
**paraphrases**, one line each, not the official wording; the official PDF stays the reference. Numbering is RGESN
**2024**, not the 2022 numbering some peers still use.

Automation classes (domain.md §2 legend): ``A`` measured by the crawl, ``P`` partly (heuristic or evidence only),
``M`` manual or organisational. ``rule`` names the ent-audit rule that judges a criterion, when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The rules of this package, one module each (audits/judge.py imports them all); their order in the outputs is the one
# the report has always shown, a module not listed here comes after them.
REPORT_ORDER = (
    "page_budget",
    "static_caching",
    "text_compression",
    "modern_protocol",
    "image_formats",
    "linked_documents",
    "no_autoplay",
    "third_parties",
    "web_fonts",
    "image_sizes",
    "unused_resources",
    "image_compression",
    "infinite_scroll",
    "low_bandwidth",
    "narrow_desktop",
)
AUTOMATION = ("A", "P", "M")
SCORED_VERDICTS = ("pass", "fail", "na")
SITE_VERDICTS = SCORED_VERDICTS + ("manual", "not_measured", "todo")

# Criteria judged by an automated ent-audit rule (ref "RGESN-<id>"); every other criterion has rule=None.
RULED = frozenset(
    {"2.3", "2.5", "4.1", "4.2", "4.4", "4.8", "5.1", "5.2", "5.7", "6.1", "6.2", "6.3", "6.4", "6.5", "6.7"}
)

FAMILIES: dict[int, dict[str, Any]] = {
    1: {"fr": "Stratégie", "en": "Strategy"},
    2: {"fr": "Spécifications", "en": "Specifications"},
    3: {"fr": "Architecture", "en": "Architecture"},
    4: {"fr": "UX/UI", "en": "UX/UI"},
    5: {"fr": "Contenus", "en": "Content"},
    6: {"fr": "Frontend", "en": "Frontend"},
    7: {"fr": "Backend", "en": "Backend"},
    8: {"fr": "Hébergement", "en": "Hosting"},
    9: {"fr": "Algorithmie", "en": "Algorithms"},
}


@dataclass(frozen=True)
class Criterion:
    id: str  # "6.3"
    family: int  # 6
    summary: dict[str, str]  # {"fr": ..., "en": ...}, one paraphrased line each
    automation: str  # "A", "P" or "M"
    rule: str | None  # "RGESN-6.3" when an ent-audit rule judges it, else None


# (id, automation, French summary, English summary). Automation classes follow domain.md §2's table.
_TABLE: tuple[tuple[str, str, str, str], ...] = (
    # 1 Stratégie
    (
        "1.1",
        "M",
        "L'utilité du service a été évaluée au regard de ses impacts environnementaux.",
        "The service's usefulness was assessed against its environmental impacts.",
    ),
    (
        "1.2",
        "M",
        "Les publics cibles, les besoins métiers et les attentes réelles des utilisateurs sont définis.",
        "Target users, business needs and users' real expectations are defined.",
    ),
    ("1.3", "M", "Un référent en écoconception est désigné.", "A named eco-design referent is appointed."),
    (
        "1.4",
        "M",
        "La démarche d'écoconception est revue régulièrement.",
        "The eco-design approach is reviewed regularly.",
    ),
    (
        "1.5",
        "M",
        "Le service s'est fixé des objectifs de réduction de ses impacts environnementaux.",
        "The service has set targets to reduce its environmental impacts.",
    ),
    (
        "1.6",
        "P",
        "Seules les données utiles sont collectées (minimisation des données).",
        "Only the data that is needed is collected (data minimisation).",
    ),
    (
        "1.7",
        "M",
        "Le niveau de chiffrement est adapté à la sensibilité des données.",
        "The encryption level matches the sensitivity of the data.",
    ),
    (
        "1.8",
        "M",
        "Le code du service est ouvert (logiciel libre) ou un effort d'ouverture est fait.",
        "The service's code is open source, or an effort to open it is made.",
    ),
    (
        "1.9",
        "P",
        "Le service utilise des technologies standard et interopérables (ex. appli web plutôt que native).",
        "The service uses standard, interoperable technologies (e.g. a web app rather than a native one).",
    ),
    (
        "1.10",
        "M",
        "Des API ouvertes et documentées permettent d'interagir avec le matériel.",
        "Open, documented APIs allow interaction with the hardware.",
    ),
    # 2 Spécifications
    ("2.1", "M", "Les profils de terminaux pris en charge sont listés.", "Supported device profiles are listed."),
    (
        "2.2",
        "P",
        "Le service reste utilisable sur des terminaux anciens (web : processeur de 10 ans ou plus).",
        "The service stays usable on old devices (web: CPUs 10 years old or more).",
    ),
    (
        "2.3",
        "A",
        "Le service reste utilisable avec un faible débit (3G, 512 kbit/s) ou hors connexion.",
        "The service stays usable on a slow connection (3G, 512 kbit/s) or offline.",
    ),
    (
        "2.4",
        "P",
        "Le service reste utilisable sur d'anciens navigateurs (2 ans ou plus) et systèmes.",
        "The service stays usable on older browsers (2 years or more) and operating systems.",
    ),
    (
        "2.5",
        "A",
        "L'affichage s'adapte à l'écran et reste complet dans une fenêtre de 1200 px de large.",
        "The layout adapts to the screen and is complete in a 1200 px wide viewport.",
    ),
    (
        "2.6",
        "M",
        "Les revues de conception et de code intègrent des objectifs environnementaux.",
        "Design and code reviews include environmental goals.",
    ),
    (
        "2.7",
        "M",
        "Une stratégie de maintenance et de décommissionnement est définie.",
        "A maintenance and decommissioning strategy is defined.",
    ),
    (
        "2.8",
        "M",
        "Les fournisseurs sont tenus de réduire leurs impacts environnementaux.",
        "Suppliers are required to reduce their environmental impacts.",
    ),
    (
        "2.9",
        "P",
        "L'impact des composants d'interface prêts à l'emploi est pris en compte.",
        "The impact of ready-made UI components is taken into account.",
    ),
    (
        "2.10",
        "P",
        "L'impact des services tiers est pris en compte lors de leur choix.",
        "The impact of third-party services is taken into account when choosing them.",
    ),
    # 3 Architecture
    (
        "3.1",
        "M",
        "L'architecture et ses composants sont conçus pour réduire les impacts.",
        "The architecture and its components are designed to reduce impacts.",
    ),
    (
        "3.2",
        "M",
        "Les ressources serveur s'ajustent à l'usage réel (élasticité).",
        "Server resources scale with actual use (elasticity).",
    ),
    (
        "3.3",
        "P",
        "Le service suit l'évolution des protocoles (HTTP/2, HTTP/3, TLS 1.3).",
        "The service keeps up with protocol evolution (HTTP/2, HTTP/3, TLS 1.3).",
    ),
    (
        "3.4",
        "M",
        "Des mises à jour correctives sont assurées pendant toute la durée de vie prévue.",
        "Corrective updates are provided for the whole expected lifetime.",
    ),
    (
        "3.5",
        "M",
        "Les mises à jour correctives peuvent s'installer sans les mises à jour fonctionnelles.",
        "Corrective updates can be installed separately from feature updates.",
    ),
    (
        "3.6",
        "M",
        "Les mises à jour sont incrémentales (seul ce qui change est téléchargé).",
        "Updates are incremental (only what changed is downloaded).",
    ),
    (
        "3.7",
        "M",
        "Les environnements de développement, recette et préproduction sont dimensionnés au besoin.",
        "Development, test and pre-production environments are sized to need.",
    ),
    # 4 UX/UI
    (
        "4.1",
        "A",
        "Pas de lecture automatique des vidéos, sons ou animations ; les plus longs peuvent être mis en pause.",
        "No autoplay of video, audio or animations; longer ones can be paused.",
    ),
    (
        "4.2",
        "A",
        "Pas de défilement infini : pagination ou bouton « voir plus ».",
        'No infinite scroll: pagination or a "see more" button.',
    ),
    (
        "4.3",
        "P",
        "Le parcours de chaque fonctionnalité principale est optimisé (peu d'étapes).",
        "Each main feature's user path is optimised (few steps).",
    ),
    (
        "4.4",
        "A",
        "L'utilisateur choisit d'activer ou non un service tiers (consentement avant chargement).",
        "The user decides whether a third-party service is activated (consent before loading).",
    ),
    (
        "4.5",
        "P",
        "Les composants natifs du système ou du navigateur sont privilégiés.",
        "Native operating system or browser components are preferred.",
    ),
    (
        "4.6",
        "M",
        "Les vidéos, sons et animations affichés sont uniquement informatifs.",
        "Only informative video, audio and animated content is shown.",
    ),
    (
        "4.7",
        "M",
        "Le support le plus sobre (texte, image, son, vidéo) est choisi pour chaque contenu.",
        "The most sober medium (text, image, audio, video) is chosen for each content.",
    ),
    (
        "4.8",
        "A",
        "Peu de polices téléchargées : 2 familles et 4 variantes au plus par page, ou 400 Ko au plus.",
        "Few downloaded fonts: at most 2 families and 4 variants per page, or at most 400 KB.",
    ),
    (
        "4.9",
        "P",
        "La saisie ne déclenche pas une requête serveur à chaque frappe (ex. autocomplétion).",
        "Typing does not send a server request on every keystroke (e.g. autocomplete).",
    ),
    (
        "4.10",
        "P",
        "Le format attendu d'une saisie est indiqué d'emblée ; pas d'aller-retour serveur inutile.",
        "The expected input format is shown up front; no needless server round trips.",
    ),
    (
        "4.11",
        "P",
        "Le poids et le format attendus d'un fichier sont indiqués avant son envoi.",
        "The expected size and format of a file are stated before upload.",
    ),
    (
        "4.12",
        "M",
        "L'utilisateur est averti quand une fonctionnalité a un fort impact environnemental.",
        "The user is told when a feature has a heavy environmental impact.",
    ),
    (
        "4.13",
        "P",
        "Les notifications sont limitées et faciles à désactiver.",
        "Notifications are few and easy to turn off.",
    ),
    (
        "4.14",
        "P",
        "L'interface n'utilise pas de procédés manipulatoires (dark patterns).",
        "The interface uses no manipulative design (dark patterns).",
    ),
    (
        "4.15",
        "M",
        "L'utilisateur peut suivre et réduire l'impact environnemental de son usage.",
        "The user can monitor and reduce the environmental impact of their use.",
    ),
    # 5 Contenus
    (
        "5.1",
        "A",
        "Formats d'image adaptés : plus de 75 % des images en WebP, AVIF ou JPEG XL.",
        "Suitable image formats: more than 75 % of images in WebP, AVIF or JPEG XL.",
    ),
    ("5.2", "P", "Le niveau de compression des images est adapté.", "Image compression level is suitable."),
    (
        "5.3",
        "P",
        "La définition des vidéos est adaptée au contexte, avec un mode basse définition.",
        "Video definition suits the context, with a low-definition mode.",
    ),
    (
        "5.4",
        "P",
        "Les vidéos utilisent un codec efficace (AV1, VP9, HEVC) et un débit variable.",
        "Videos use an efficient codec (AV1, VP9, HEVC) and a variable bitrate.",
    ),
    ("5.5", "P", "Les vidéos proposent un mode audio seul.", "Videos offer an audio-only mode."),
    ("5.6", "P", "Le niveau de compression des fichiers audio est adapté.", "Audio compression level is suitable."),
    (
        "5.7",
        "P",
        "Les documents proposés (PDF, bureautique) ont un format adapté et sont compressés.",
        "Documents offered (PDF, office files) use a suitable format and are compressed.",
    ),
    (
        "5.8",
        "M",
        "Une stratégie d'archivage et de suppression des contenus obsolètes existe.",
        "A strategy exists to archive or delete stale content.",
    ),
    # 6 Frontend
    (
        "6.1",
        "A",
        "Un poids et un nombre de requêtes maximum par écran sont fixés et respectés.",
        "A maximum weight and number of requests per screen are set and met.",
    ),
    (
        "6.2",
        "A",
        "Le cache navigateur est utilisé pour tous les contenus maîtrisés par le service.",
        "Browser caching is used for all content the service controls.",
    ),
    (
        "6.3",
        "A",
        "Les ressources textuelles sont compressées (gzip, Brotli) et minifiées.",
        "Text resources are compressed (gzip, Brotli) and minified.",
    ),
    (
        "6.4",
        "A",
        "Les images ne sont pas plus grandes que leur taille d'affichage.",
        "Images are not larger than their display size.",
    ),
    (
        "6.5",
        "A",
        "Aucune ressource inutile n'est chargée ; les médias hors écran sont chargés à la demande.",
        "No unused resource is loaded; offscreen media are lazy-loaded.",
    ),
    (
        "6.6",
        "P",
        "Les capteurs du terminal ne sont sollicités que lorsque c'est nécessaire.",
        "Device sensors are used only when needed.",
    ),
    (
        "6.7",
        "A",
        "HTTP/2 ou HTTP/3 pour toutes les ressources ; ressources statiques servies depuis un seul domaine.",
        "HTTP/2 or HTTP/3 for all resources; first-party static resources served from one domain.",
    ),
    # 7 Backend
    (
        "7.1",
        "P",
        "Un cache côté serveur est mis en place pour les données les plus utilisées.",
        "A server-side cache is used for the most requested data.",
    ),
    (
        "7.2",
        "M",
        "Des durées de conservation des données et documents sont définies.",
        "Retention periods are defined for data and documents.",
    ),
    (
        "7.3",
        "M",
        "L'utilisateur est informé des traitements effectués en arrière-plan.",
        "The user is told about background processing.",
    ),
    (
        "7.4",
        "M",
        "Un mécanisme de consensus peu gourmand est utilisé (chaîne de blocs), sinon non applicable.",
        "A low-resource consensus mechanism is used (blockchain), otherwise not applicable.",
    ),
    # 8 Hébergement. 8.1–8.5 and 8.7 are grouped in domain.md: these lines paraphrase RGESN 2024 from memory.
    (
        "8.1",
        "M",
        "L'hébergeur a pris des engagements environnementaux.",
        "The host has made environmental commitments.",
    ),
    (
        "8.2",
        "M",
        "L'hébergeur applique une politique d'équipements durable (réemploi, allongement de la durée de vie).",
        "The host applies a sustainable equipment policy (reuse, longer lifetime).",
    ),
    (
        "8.3",
        "M",
        "Le centre de données a un indicateur d'efficacité énergétique (PUE) bas.",
        "The data centre has a low PUE (power use close to the IT load).",
    ),
    (
        "8.4",
        "M",
        "Le centre de données a une faible consommation d'eau (WUE).",
        "The data centre has a low water usage effectiveness (WUE).",
    ),
    (
        "8.5",
        "M",
        "L'hébergement est alimenté en électricité renouvelable.",
        "Hosting is powered by renewable electricity.",
    ),
    (
        "8.6",
        "P",
        "Hébergement dans un pays dont l'électricité émet moins de 100 gCO2e/kWh.",
        "Hosting in a country whose electricity emits less than 100 gCO2e/kWh.",
    ),
    (
        "8.7",
        "M",
        "La chaleur dégagée par le centre de données est réutilisée.",
        "The data centre's waste heat is reused.",
    ),
    (
        "8.8",
        "M",
        "Les données chaudes et froides sont séparées (stockage adapté).",
        "Hot and cold data are separated (suitable storage).",
    ),
    (
        "8.9",
        "M",
        "Les données ne sont dupliquées que lorsque c'est nécessaire.",
        "Data is duplicated only when needed.",
    ),
    (
        "8.10",
        "M",
        "Calculs et transferts asynchrones programmés selon des contraintes externes (charge du réseau électrique).",
        "Asynchronous computing and transfers are timed by external constraints (grid load).",
    ),
    # 9 Algorithmie. Grouped in domain.md: these lines paraphrase RGESN 2024 from memory.
    (
        "9.1",
        "M",
        "Le recours à l'intelligence artificielle est justifié au regard du besoin.",
        "The use of artificial intelligence is justified by the need.",
    ),
    (
        "9.2",
        "M",
        "L'entraînement est frugal : complexité du modèle proportionnée au besoin.",
        "Training is frugal: model complexity is proportionate to the need.",
    ),
    (
        "9.3",
        "M",
        "La quantité de données d'entraînement est limitée au nécessaire.",
        "The amount of training data is limited to what is needed.",
    ),
    ("9.4", "M", "Les réentraînements du modèle sont limités.", "Model retraining is limited."),
    (
        "9.5",
        "M",
        "Le modèle est compressé ou optimisé (quantification, élagage, distillation).",
        "The model is compressed or optimised (quantisation, pruning, distillation).",
    ),
    (
        "9.6",
        "M",
        "L'inférence est optimisée (matériel adapté, mise en cache, traitement par lots).",
        "Inference is optimised (suitable hardware, caching, batching).",
    ),
    (
        "9.7",
        "M",
        "L'impact environnemental du système d'IA est mesuré.",
        "The AI system's environmental impact is measured.",
    ),
)


def _build(row: tuple[str, str, str, str]) -> Criterion:
    id_, automation, fr, en = row
    return Criterion(
        id=id_,
        family=int(id_.split(".")[0]),
        summary={"fr": fr, "en": en},
        automation=automation,
        rule=f"RGESN-{id_}" if id_ in RULED else None,
    )


CRITERIA: tuple[Criterion, ...] = tuple(_build(row) for row in _TABLE)
_BY_ID = {c.id: c for c in CRITERIA}


def criterion(id: str) -> Criterion:
    """The criterion numbered ``id`` ("6.3"); KeyError for an unknown number."""
    try:
        return _BY_ID[id]
    except KeyError:
        raise KeyError(f"unknown RGESN 2024 criterion {id!r}") from None


def by_family() -> dict[int, list[Criterion]]:
    """Criteria grouped by family number, families and criteria in référentiel order."""
    groups: dict[int, list[Criterion]] = {family: [] for family in FAMILIES}
    for c in CRITERIA:
        groups[c.family].append(c)
    return groups


def site_score(verdicts: dict[str, str]) -> dict[str, Any]:
    """The RGESN score of the criteria that were judged: conformes / (conformes + non conformes).

    MiNumEco's score is conformes / (total − non applicables). Here only criteria with a pass or fail verdict count:
    "manual" and "todo" (not judged yet) are left out of both sides, so the score covers the automated part only
    and is not the site's full RGESN score. ``score`` is None when nothing was judged.
    """
    for id_, verdict in verdicts.items():
        criterion(id_)  # a typo in an id must not silently shrink the denominator
        if verdict not in SITE_VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r} for criterion {id_}")
    counts = {v: sum(1 for verdict in verdicts.values() if verdict == v) for v in SCORED_VERDICTS}
    evaluated = counts["pass"] + counts["fail"]
    return {
        "conformes": counts["pass"],
        "non_conformes": counts["fail"],
        "non_applicables": counts["na"],
        "evaluated": evaluated,
        "score": round(counts["pass"] / evaluated, 3) if evaluated else None,
    }
