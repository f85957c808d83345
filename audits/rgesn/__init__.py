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

from ent_audit.i18n import Message, msg

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
    1: msg("Strategy"),
    2: msg("Specifications"),
    3: msg("Architecture"),
    4: msg("UX/UI"),
    5: msg("Content"),
    6: msg("Frontend"),
    7: msg("Backend"),
    8: msg("Hosting"),
    9: msg("Algorithms"),
}


@dataclass(frozen=True)
class Criterion:
    id: str  # "6.3"
    family: int  # 6
    summary: dict[str, str]  # {"fr": ..., "en": ...}, one paraphrased line each
    automation: str  # "A", "P" or "M"
    rule: str | None  # "RGESN-6.3" when an ent-audit rule judges it, else None


# (id, automation, summary). Automation classes follow domain.md §2's table.
_TABLE: tuple[tuple[str, str, Message], ...] = (
    # 1 Stratégie
    (
        "1.1",
        "M",
        msg("The service's usefulness was assessed against its environmental impacts."),
    ),
    (
        "1.2",
        "M",
        msg("Target users, business needs and users' real expectations are defined."),
    ),
    ("1.3", "M", msg("A named eco-design referent is appointed.")),
    (
        "1.4",
        "M",
        msg("The eco-design approach is reviewed regularly."),
    ),
    (
        "1.5",
        "M",
        msg("The service has set targets to reduce its environmental impacts."),
    ),
    (
        "1.6",
        "P",
        msg("Only the data that is needed is collected (data minimisation)."),
    ),
    (
        "1.7",
        "M",
        msg("The encryption level matches the sensitivity of the data."),
    ),
    (
        "1.8",
        "M",
        msg("The service's code is open source, or an effort to open it is made."),
    ),
    (
        "1.9",
        "P",
        msg("The service uses standard, interoperable technologies (e.g. a web app rather than a native one)."),
    ),
    (
        "1.10",
        "M",
        msg("Open, documented APIs allow interaction with the hardware."),
    ),
    # 2 Spécifications
    ("2.1", "M", msg("Supported device profiles are listed.")),
    (
        "2.2",
        "P",
        msg("The service stays usable on old devices (web: CPUs 10 years old or more)."),
    ),
    (
        "2.3",
        "A",
        msg("The service stays usable on a slow connection (3G, 512 kbit/s) or offline."),
    ),
    (
        "2.4",
        "P",
        msg("The service stays usable on older browsers (2 years or more) and operating systems."),
    ),
    (
        "2.5",
        "A",
        msg("The layout adapts to the screen and is complete in a 1200 px wide viewport."),
    ),
    (
        "2.6",
        "M",
        msg("Design and code reviews include environmental goals."),
    ),
    (
        "2.7",
        "M",
        msg("A maintenance and decommissioning strategy is defined."),
    ),
    (
        "2.8",
        "M",
        msg("Suppliers are required to reduce their environmental impacts."),
    ),
    (
        "2.9",
        "P",
        msg("The impact of ready-made UI components is taken into account."),
    ),
    (
        "2.10",
        "P",
        msg("The impact of third-party services is taken into account when choosing them."),
    ),
    # 3 Architecture
    (
        "3.1",
        "M",
        msg("The architecture and its components are designed to reduce impacts."),
    ),
    (
        "3.2",
        "M",
        msg("Server resources scale with actual use (elasticity)."),
    ),
    (
        "3.3",
        "P",
        msg("The service keeps up with protocol evolution (HTTP/2, HTTP/3, TLS 1.3)."),
    ),
    (
        "3.4",
        "M",
        msg("Corrective updates are provided for the whole expected lifetime."),
    ),
    (
        "3.5",
        "M",
        msg("Corrective updates can be installed separately from feature updates."),
    ),
    (
        "3.6",
        "M",
        msg("Updates are incremental (only what changed is downloaded)."),
    ),
    (
        "3.7",
        "M",
        msg("Development, test and pre-production environments are sized to need."),
    ),
    # 4 UX/UI
    (
        "4.1",
        "A",
        msg("No autoplay of video, audio or animations; longer ones can be paused."),
    ),
    (
        "4.2",
        "A",
        msg('No infinite scroll: pagination or a "see more" button.'),
    ),
    (
        "4.3",
        "P",
        msg("Each main feature's user path is optimised (few steps)."),
    ),
    (
        "4.4",
        "A",
        msg("The user decides whether a third-party service is activated (consent before loading)."),
    ),
    (
        "4.5",
        "P",
        msg("Native operating system or browser components are preferred."),
    ),
    (
        "4.6",
        "M",
        msg("Only informative video, audio and animated content is shown."),
    ),
    (
        "4.7",
        "M",
        msg("The most sober medium (text, image, audio, video) is chosen for each content."),
    ),
    (
        "4.8",
        "A",
        msg("Few downloaded fonts: at most 2 families and 4 variants per page, or at most 400 KB."),
    ),
    (
        "4.9",
        "P",
        msg("Typing does not send a server request on every keystroke (e.g. autocomplete)."),
    ),
    (
        "4.10",
        "P",
        msg("The expected input format is shown up front; no needless server round trips."),
    ),
    (
        "4.11",
        "P",
        msg("The expected size and format of a file are stated before upload."),
    ),
    (
        "4.12",
        "M",
        msg("The user is told when a feature has a heavy environmental impact."),
    ),
    (
        "4.13",
        "P",
        msg("Notifications are few and easy to turn off."),
    ),
    (
        "4.14",
        "P",
        msg("The interface uses no manipulative design (dark patterns)."),
    ),
    (
        "4.15",
        "M",
        msg("The user can monitor and reduce the environmental impact of their use."),
    ),
    # 5 Contenus
    (
        "5.1",
        "A",
        msg("Suitable image formats: more than 75 % of images in WebP, AVIF or JPEG XL."),
    ),
    ("5.2", "P", msg("Image compression level is suitable.")),
    (
        "5.3",
        "P",
        msg("Video definition suits the context, with a low-definition mode."),
    ),
    (
        "5.4",
        "P",
        msg("Videos use an efficient codec (AV1, VP9, HEVC) and a variable bitrate."),
    ),
    ("5.5", "P", msg("Videos offer an audio-only mode.")),
    ("5.6", "P", msg("Audio compression level is suitable.")),
    (
        "5.7",
        "P",
        msg("Documents offered (PDF, office files) use a suitable format and are compressed."),
    ),
    (
        "5.8",
        "M",
        msg("A strategy exists to archive or delete stale content."),
    ),
    # 6 Frontend
    (
        "6.1",
        "A",
        msg("A maximum weight and number of requests per screen are set and met."),
    ),
    (
        "6.2",
        "A",
        msg("Browser caching is used for all content the service controls."),
    ),
    (
        "6.3",
        "A",
        msg("Text resources are compressed (gzip, Brotli) and minified."),
    ),
    (
        "6.4",
        "A",
        msg("Images are not larger than their display size."),
    ),
    (
        "6.5",
        "A",
        msg("No unused resource is loaded; offscreen media are lazy-loaded."),
    ),
    (
        "6.6",
        "P",
        msg("Device sensors are used only when needed."),
    ),
    (
        "6.7",
        "A",
        msg("HTTP/2 or HTTP/3 for all resources; first-party static resources served from one domain."),
    ),
    # 7 Backend
    (
        "7.1",
        "P",
        msg("A server-side cache is used for the most requested data."),
    ),
    (
        "7.2",
        "M",
        msg("Retention periods are defined for data and documents."),
    ),
    (
        "7.3",
        "M",
        msg("The user is told about background processing."),
    ),
    (
        "7.4",
        "M",
        msg("A low-resource consensus mechanism is used (blockchain), otherwise not applicable."),
    ),
    # 8 Hébergement. 8.1–8.5 and 8.7 are grouped in domain.md: these lines paraphrase RGESN 2024 from memory.
    (
        "8.1",
        "M",
        msg("The host has made environmental commitments."),
    ),
    (
        "8.2",
        "M",
        msg("The host applies a sustainable equipment policy (reuse, longer lifetime)."),
    ),
    (
        "8.3",
        "M",
        msg("The data centre has a low PUE (power use close to the IT load)."),
    ),
    (
        "8.4",
        "M",
        msg("The data centre has a low water usage effectiveness (WUE)."),
    ),
    (
        "8.5",
        "M",
        msg("Hosting is powered by renewable electricity."),
    ),
    (
        "8.6",
        "P",
        msg("Hosting in a country whose electricity emits less than 100 gCO2e/kWh."),
    ),
    (
        "8.7",
        "M",
        msg("The data centre's waste heat is reused."),
    ),
    (
        "8.8",
        "M",
        msg("Hot and cold data are separated (suitable storage)."),
    ),
    (
        "8.9",
        "M",
        msg("Data is duplicated only when needed."),
    ),
    (
        "8.10",
        "M",
        msg("Asynchronous computing and transfers are timed by external constraints (grid load)."),
    ),
    # 9 Algorithmie. Grouped in domain.md: these lines paraphrase RGESN 2024 from memory.
    (
        "9.1",
        "M",
        msg("The use of artificial intelligence is justified by the need."),
    ),
    (
        "9.2",
        "M",
        msg("Training is frugal: model complexity is proportionate to the need."),
    ),
    (
        "9.3",
        "M",
        msg("The amount of training data is limited to what is needed."),
    ),
    ("9.4", "M", msg("Model retraining is limited.")),
    (
        "9.5",
        "M",
        msg("The model is compressed or optimised (quantisation, pruning, distillation)."),
    ),
    (
        "9.6",
        "M",
        msg("Inference is optimised (suitable hardware, caching, batching)."),
    ),
    (
        "9.7",
        "M",
        msg("The AI system's environmental impact is measured."),
    ),
)


def _build(row: tuple[str, str, Message]) -> Criterion:
    id_, automation, summary = row
    return Criterion(
        id=id_,
        family=int(id_.split(".")[0]),
        summary=summary,
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


# Priority of each criterion, as the référentiel gives it (MiNumEco ``_data/referentiel-ecoconception.json``, the
# same in the official declaration spreadsheet: tests/audits/test_rgesn_score.py reads it back with openpyxl).
PRIORITIES = ("Prioritaire", "Recommandé", "Modéré")
_BY_PRIORITY = {
    "Prioritaire": "1.1 1.2 1.4 1.5 1.9 2.1 2.2 2.4 2.5 2.7 2.8 2.10 3.1 3.4 4.1 4.2 4.13 5.3 5.4 5.5 7.4 8.1 8.2 8.3 "
    "9.1 9.2 9.3 9.4 9.5 9.7",
    "Recommandé": "1.3 1.6 1.8 1.10 2.3 2.6 3.2 4.3 4.4 4.6 4.12 4.14 4.15 5.1 5.2 5.8 6.1 6.2 6.4 6.5 7.1 7.2 8.4 8.5 "
    "8.6 8.7 8.9 8.10 9.6",
    "Modéré": "1.7 2.9 3.3 3.5 3.6 3.7 4.5 4.7 4.8 4.9 4.10 4.11 5.6 5.7 6.3 6.6 6.7 7.3 8.8",
}
PRIORITY: dict[str, str] = {id_: level for level, ids in _BY_PRIORITY.items() for id_ in ids.split()}
# RGESN 2024 p.8 and the spreadsheet's "Score par ID" formulas: what a criterion of each priority weighs.
WEIGHTS = {"Prioritaire": 1.5, "Recommandé": 1.25, "Modéré": 1.0}
# The 18 criteria whose cible is "Applicable à tous les services": never "Non applicable" (the spreadsheet's status
# list for their rows has no such value).
ALWAYS_APPLICABLE = frozenset("1.1 1.2 1.3 1.4 1.5 1.6 1.8 1.9 2.1 2.2 2.3 2.6 2.7 4.1 4.5 4.6 4.7 9.1".split())
# The official statuses of a criterion in the déclaration d'écoconception, in the spreadsheet's list order.
STATUSES = ("Validé", "En cours", "Non validé", "Non applicable", "À évaluer")
DEFAULT_STATUS = "À évaluer"


def weight(id: str) -> float:
    """What criterion ``id`` weighs in the RGESN 2024 score (1.5, 1.25 or 1)."""
    criterion(id)
    return WEIGHTS[PRIORITY[id]]


def advancement_score(statuses: dict[str, str]) -> dict[str, Any]:
    """The RGESN 2024 score d'avancement of a declaration, as the official spreadsheet computes it.

    ``statuses``: criterion id -> official status (``STATUSES``); a criterion not given is "À évaluer". Score =
    Σ weights of the Validé criteria / Σ weights of the criteria that are not "Non applicable" (En cours, Non validé
    and À évaluer keep their weight in the denominator). ``score`` is a share (0–1, unrounded), None when every
    criterion is Non applicable; ``families`` gives the same per family (None: "Non applicable").
    """
    for id_, status in statuses.items():
        criterion(id_)
        if status not in STATUSES:
            raise ValueError(f"unknown RGESN status {status!r} for criterion {id_}")
        if status == "Non applicable" and id_ in ALWAYS_APPLICABLE:
            raise ValueError(f"criterion {id_} applies to every service: it cannot be Non applicable")
    points = {family: 0.0 for family in FAMILIES}
    total = {family: 0.0 for family in FAMILIES}
    for c in CRITERIA:
        status = statuses.get(c.id, DEFAULT_STATUS)
        if status == "Non applicable":
            continue
        total[c.family] += WEIGHTS[PRIORITY[c.id]]
        if status == "Validé":
            points[c.family] += WEIGHTS[PRIORITY[c.id]]
    earned, possible = sum(points.values()), sum(total.values())
    return {
        "points": earned,
        "denominator": possible,
        "score": earned / possible if possible else None,
        "families": {f: (points[f] / total[f] if total[f] else None) for f in FAMILIES},
        "counts": {s: sum(1 for c in CRITERIA if statuses.get(c.id, DEFAULT_STATUS) == s) for s in STATUSES},
    }


def site_score(verdicts: dict[str, str]) -> dict[str, Any]:
    """The RGESN 2024 weighted score of the criteria the audit assessed (the automated part).

    The official score d'avancement (:func:`advancement_score`) weighs each criterion by its priority (Prioritaire
    1.5, Recommandé 1.25, Modéré 1): Σ weights of the validated criteria / Σ weights of the applicable ones. Here
    only the criteria the rules judged count: "pass" is validated, "fail" is not, "na" leaves the denominator, and
    the criteria not assessed ("manual", "todo", "not_measured") are left out of both sides, where the official
    formula keeps them in the denominator as "À évaluer". So this is the score of what was assessed, not the
    service's score d'avancement. ``score`` (0–1, 3 decimals) is None when nothing was judged.
    """
    for id_, verdict in verdicts.items():
        criterion(id_)  # a typo in an id must not silently shrink the denominator
        if verdict not in SITE_VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r} for criterion {id_}")
    counts = {v: sum(1 for verdict in verdicts.values() if verdict == v) for v in SCORED_VERDICTS}
    evaluated = counts["pass"] + counts["fail"]
    points = sum(weight(id_) for id_, verdict in verdicts.items() if verdict == "pass")
    possible = sum(weight(id_) for id_, verdict in verdicts.items() if verdict in ("pass", "fail"))
    return {
        "formula": "rgesn-2024-weighted",
        "conformes": counts["pass"],
        "non_conformes": counts["fail"],
        "non_applicables": counts["na"],
        "evaluated": evaluated,
        "points": points,
        "points_possible": possible,
        "score": round(points / possible, 3) if possible else None,
    }
