"""The draft déclaration d'écoconception (RGESN 2024) of one audit run, in French whatever the run's language.

Three files: a filled copy of the OFFICIAL self-assessment spreadsheet (``declaration-ecoconception.xlsx``, Arcep's
tool of 6 May 2024, shipped unmodified in ``templates/declarations/``; openpyxl keeps its score formulas, status
lists and print areas), and the official text model (the ODT, read from its ``content.xml``) as HTML and Markdown.

What a crawl cannot decide stays to the team: every criterion's status is "À évaluer" unless ``[declaration.rgesn]``
gives another, with its date (crawler/config.py refuses a status without a date and "Non applicable" for the 18
criteria that apply to every service). The crawl's measurements go into each relevant criterion's text as evidence,
stated as such; the score d'avancement is the official weighted formula over the team's statuses
(:func:`ent_audit.audits.rgesn.advancement_score`). Earlier audits of the site give the history of the score of the
criteria assessed automatically (never presented as a score d'avancement).
"""

from __future__ import annotations

import os
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import openpyxl

from ent_audit.audits.rgesn import (
    ALWAYS_APPLICABLE,
    CRITERIA,
    DEFAULT_STATUS,
    FAMILIES,
    PRIORITY,
    WEIGHTS,
    advancement_score,
    site_score,
)
from ent_audit.reports.declarations.accessibility import environment
from ent_audit.reports.files import atomic_write, temporary_of
from ent_audit.reports.store import Store

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "declarations"
SPREADSHEET = TEMPLATES / "rgesn_2024_outil_declaration_ecoconception.xlsx"
TEXT_MODEL = TEMPLATES / "rgesn_2024_exemple_declaration_ecoconception.odt"
TODO = "[à compléter]"
NAMES = ("declaration-ecoconception.xlsx", "declaration-ecoconception.html", "declaration-ecoconception.md")
_CRITERION_ID = re.compile(r"\b([1-9])\.\s?([1-9][0-9]?)\b")
_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_PAGES_FR = {  # never "conforme": a rule's result is not a conformity
    "pass": "réussies",
    "fail": "en échec",
    "na": "non applicables",
    "manual": "à vérifier",
    "not_measured": "non mesurées",
}
_VERDICTS_FR = {
    "pass": "réussie",
    "fail": "en échec",
    "na": "non applicable",
    "manual": "à vérifier",
    "not_measured": "non mesurée",
    "todo": "non automatisée",
}


@dataclass(frozen=True)
class PreviousScore:
    """The score of the criteria an earlier audit of the same site assessed automatically (2024 weights)."""

    run_id: str
    date: str  # YYYY-MM-DD
    score: float | None  # 0–1
    evaluated: int


def previous_scores(store: Store, run_id: str) -> list[PreviousScore]:
    """Earlier finished runs of the run's site (oldest first), each with the weighted score of the criteria it
    assessed, recomputed from its stored criteria verdicts when it was judged before the 2024 weights."""
    from ent_audit.reports.results import build_results  # the loader; imported here to keep this module light

    current = store.run(run_id)
    found = []
    for run in store.runs():  # oldest first: the runs before this one
        if run["id"] == run_id:
            break
        if run["site"] != current["site"] or run["status"] != "finished" or run.get("pruned_at"):
            continue
        try:
            rgesn = build_results(store, run["id"])["site"].get("rgesn") or {}
        except (KeyError, ValueError):  # a run whose pages are gone: no score to show
            continue
        score = rgesn.get("score") or {}
        if score.get("formula") != "rgesn-2024-weighted":
            score = site_score({c["id"]: c["verdict"] for c in rgesn.get("criteria") or []})
        found.append(PreviousScore(run["id"], run["started_at"][:10], score.get("score"), int(score["evaluated"])))
    return found


def write_ecodesign_declaration(
    run: dict[str, Any], declaration: Any, history: list[PreviousScore], out_dir: Path
) -> list[Path]:
    """Write the three files of the draft into ``out_dir``: ``run`` is the run's results.json document
    (reports/results.py ``build_results``), ``declaration`` the config's DeclarationConfig (its ``rgesn`` table;
    typed Any: reports/ imports nothing of the crawler, import-linter's contract),
    ``history`` the earlier scores (:func:`previous_scores`). Returns the paths written."""
    draft = _draft(run, declaration.rgesn, history)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx = out_dir / NAMES[0]
    partial = temporary_of(xlsx)  # written whole, then renamed into place, as every output
    _fill_spreadsheet(draft).save(partial)
    os.replace(partial, xlsx)
    templates = environment()  # the declarations' one Jinja environment (reports/templates/declarations/)
    html = templates.get_template("declarations/ecodesign.html.j2").render(d=draft)
    markdown = templates.get_template("declarations/ecodesign.md.j2").render(d=draft)
    html_path = atomic_write(out_dir / NAMES[1], french_typography(html))
    markdown_path = atomic_write(out_dir / NAMES[2], french_typography(markdown))
    return [xlsx, html_path, markdown_path]


# -- what the draft says ------------------------------------------------------------------------------------------


def _draft(run: dict[str, Any], config: Any, history: list[PreviousScore]) -> dict[str, Any]:
    info = run.get("run") or {}
    audited = _date(info.get("started_at"))
    statuses = {id_: entry.status for id_, entry in (config.criteria or {}).items()}
    score = advancement_score(statuses)
    labels = official_labels()
    evidence = crawl_evidence(run)
    criteria: list[dict[str, Any]] = []
    for c in CRITERIA:
        entry = (config.criteria or {}).get(c.id)
        criteria.append(
            {
                "id": c.id,
                "family": c.family,
                "label": labels.get(c.id, ""),
                "priority": PRIORITY[c.id],
                "weight": WEIGHTS[PRIORITY[c.id]],
                "status": entry.status if entry else DEFAULT_STATUS,
                "date": _french_date(entry.date) if entry and entry.date else "",
                "text": entry.text if entry else "",
                "evidence": evidence.get(c.id, []),
                "always_applicable": c.id in ALWAYS_APPLICABLE,
            }
        )
    by_status: dict[str, list[str]] = {}
    for row in criteria:
        by_status.setdefault(row["status"], []).append(row["id"])
    service = config.service or str(info.get("site") or "") or TODO
    target = (
        f"{_percent(config.target_score / 100)} en {_french_date(config.target_date) or '[date + 2 ans]'}"
        if config.target_score
        else f"{TODO} en [date + 2 ans]"
    )
    draft: dict[str, Any] = {
        "service": service,
        "date": _french_date(audited),
        "entity": config.entity or TODO,
        "responsible": config.responsible or TODO,
        "referent": config.referent or TODO,
        "target": target,
        "actions": list(config.actions) or ["[à compléter avec les pistes d’actions prioritaires envisagées]"],
        "review": config.review_frequency or TODO,
        "criteria": criteria,
        "by_status": by_status,
        "score": score,
        "score_text": _score_text(score),
        "families": [
            {"n": n, "name": FAMILIES[n]["fr"], "score": _family_score(score["families"][n])} for n in FAMILIES
        ],
        "history": [
            {
                "date": _french_date(h.date),
                "score": _percent(h.score) if h.score is not None else "aucun critère évalué",
            }
            for h in history
        ],
        "sample": sample(run),
        "tool": f"ent-audit {info.get('tool_version') or ''}".strip(),
        "browser": str(info.get("browser") or ""),
    }
    draft["blocks"] = _blocks(draft)
    draft["placeholders"] = sum(_text_of(b).count("[à ") for b in draft["blocks"]) + sum(
        1 for value in (draft["entity"], draft["responsible"]) if value == TODO
    )
    return draft


def _score_text(score: dict[str, Any]) -> str:
    points, total = score["points"], score["denominator"]
    if score["score"] is None:
        return "non calculable (tous les critères sont non applicables)"
    return f"{_percent(score['score'])} ({_number(points)} point{'s' if points >= 2 else ''} sur {_number(total)})"


def _family_score(value: float | None) -> str:
    return "Non applicable" if value is None else _percent(value)


def _percent(share: float) -> str:
    return f"{_number(round(share * 100, 1))}\u00a0%"


def _number(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return text.replace(",", "\u202f").replace(".", ",")


def _date(iso: Any) -> str:
    return str(iso or "")[:10]


def _french_date(iso: str) -> str:
    """``2026-11-02`` → ``02/11/2026`` (the spreadsheet's and the model's date form)."""
    try:
        return date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return iso


# -- the crawl's evidence, per criterion -------------------------------------------------------------------------


def sample(run: dict[str, Any]) -> list[str]:
    """The sample the crawl audited, as the declaration's "chemins critiques et unités fonctionnelles" evidence:
    profiles, URL templates (pages audited of pages seen), pages."""
    info = run.get("run") or {}
    pages = run.get("pages") or []
    loaded = [p for p in pages if p.get("loaded")]
    lines = [
        f"Parcours automatisé ent-audit du {_french_date(_date(info.get('started_at')))} : {len(loaded)} pages "
        f"chargées sur {len(pages)} visitées, profil(s) connecté(s) : {info.get('profile') or 'aucun'}."
    ]
    for template in (info.get("crawl") or {}).get("templates") or []:
        lines.append(
            f"{template.get('template')} : {template.get('audited', 0)} page(s) auditée(s) sur "
            f"{template.get('seen', 0)} vue(s)"
        )
    return lines


def crawl_evidence(run: dict[str, Any]) -> dict[str, list[str]]:
    """Criterion id → lines of measured facts (French), for the criteria a crawl informs."""
    pages = [p for p in run.get("pages") or [] if p.get("loaded")]
    findings = {f["ref"]: f for f in (run.get("site") or {}).get("findings") or [] if isinstance(f, dict)}
    settings = (run.get("run") or {}).get("settings") or {}
    evidence: dict[str, list[str]] = {}
    if not pages:
        return evidence
    resources = [r for p in pages for r in p.get("resources") or [] if not r.get("from_cache")]

    def add(id_: str, *lines: str) -> None:
        evidence.setdefault(id_, []).extend(line for line in lines if line)

    weights = [int(p.get("transfer_bytes") or 0) for p in pages]
    requests = [int(p.get("requests") or 0) for p in pages]
    durable: dict[str, Any] = settings["durable"] if isinstance(settings.get("durable"), dict) else {}
    add(
        "6.1",
        f"Poids transféré par écran (page chargée) : médiane {_kb(statistics.median(weights))}, maximum "
        f"{_kb(max(weights))} ; requêtes par écran : médiane {_number(statistics.median(requests))}, maximum "
        f"{_number(max(requests))} ({len(pages)} pages).",
        f"Budget de l'audit : {_number(float(durable.get('max_page_kb', 1000)))} ko et "
        f"{_number(int(durable.get('max_requests', 30)))} requêtes par page (configuration [durable] ; par défaut "
        "l'exemple du RGESN), à remplacer par les limites que le service s'astreint.",
        _finding_line(findings.get("RGESN-6.1")),
    )
    repeat = [p["facts"]["repeat_visit"] for p in pages if isinstance((p.get("facts") or {}).get("repeat_visit"), dict)]
    if repeat:
        add(
            "6.2",
            f"Seconde visite de {len(repeat)} pages : {sum(int(r.get('from_cache') or 0) for r in repeat)} "
            f"ressources servies par le cache du navigateur, {sum(int(r.get('revalidated') or 0) for r in repeat)} "
            f"revalidées, {sum(len(r.get('redownloaded') or []) for r in repeat)} téléchargées à nouveau.",
        )
    add("6.2", _finding_line(findings.get("RGESN-6.2")))
    text = [r for r in resources if _is_text(r) and int(r.get("decoded_bytes") or 0) > 1024]
    encodings = Counter((r.get("content_encoding") or "aucune").split(",")[0].strip() or "aucune" for r in text)
    if text:
        add(
            "6.3",
            f"Ressources textuelles de plus de 1 Ko : {len(text)} ; encodage : "
            + ", ".join(f"{name} {count}" for name, count in encodings.most_common())
            + ".",
        )
    add("6.3", _finding_line(findings.get("RGESN-6.3")))
    images = [r for r in resources if str(r.get("mime") or "").startswith("image/") and "svg" not in str(r["mime"])]
    formats = Counter(str(r["mime"]).split(";")[0] for r in images)
    if images:
        add(
            "5.1",
            f"Images matricielles reçues : {len(images)} ; formats : "
            + ", ".join(f"{name} {count}" for name, count in formats.most_common())
            + ".",
        )
    third: Counter[str] = Counter()
    third_bytes: Counter[str] = Counter()
    for r in resources:
        if r.get("third_party"):
            host = urlsplit(str(r.get("url") or "")).hostname or ""
            third[host] += 1
            third_bytes[host] += int(r.get("transfer_bytes") or 0)
    third_line = (
        "Services tiers chargés sans action de l'utilisateur : "
        + ", ".join(f"{host} ({count} requêtes, {_kb(third_bytes[host])})" for host, count in third.most_common())
        + "."
        if third
        else "Aucune requête vers un tiers pendant le chargement des pages auditées."
    )
    add("4.4", third_line, _finding_line(findings.get("RGESN-4.4")))
    add("2.10", third_line)
    https = sum(1 for p in pages if str(p.get("final_url") or p.get("url") or "").startswith("https:"))
    tls = Counter(v for p in pages for v in ((p.get("facts") or {}).get("tls") or {}).values())
    protocols = Counter(str(r.get("protocol") or "").lower() for r in resources if r.get("protocol"))
    add(
        "3.3",
        f"HTTPS : {https} pages sur {len(pages)}.",
        "Versions TLS observées : " + ", ".join(f"{v} ({n})" for v, n in tls.most_common()) + "."
        if tls
        else "Versions TLS : aucune connexion chiffrée observée.",
        "Protocoles HTTP des réponses : " + ", ".join(f"{v} ({n})" for v, n in protocols.most_common()) + ".",
        "IPv6 : non mesuré par le parcours.",
    )
    add("6.7", "Protocoles HTTP des réponses : " + ", ".join(f"{v} ({n})" for v, n in protocols.most_common()) + ".")
    add("6.7", _finding_line(findings.get("RGESN-6.7")))
    slow = [p["facts"]["low_bandwidth"] for p in pages if isinstance((p.get("facts") or {}).get("low_bandwidth"), dict)]
    slow = [s for s in slow if "load_ms" in s]
    if slow:
        times = [int(s["load_ms"]) / 1000 for s in slow]
        add(
            "2.3",
            f"Chargement à {_number(int(slow[0].get('kbit_s', 512)))} kbit/s (Chromium, bridage du navigateur) de "
            f"{len(slow)} pages : de {_number(round(min(times), 1))} à {_number(round(max(times), 1))} s jusqu'à "
            "l'événement load.",
        )
    add("2.3", _finding_line(findings.get("RGESN-2.3")))
    for id_ in ("2.5", "4.1", "4.2", "4.8", "5.2", "5.7", "6.4", "6.5"):
        add(id_, _finding_line(findings.get(f"RGESN-{id_}")))
    return evidence


def _finding_line(finding: dict[str, Any] | None) -> str:
    """The site-wide result of an ent-audit rule, with its pages by result."""
    if not finding:
        return ""
    counts: dict[str, int] = finding["pages"] if isinstance(finding.get("pages"), dict) else {}
    parts = [f"{_PAGES_FR.get(v, v)} {n}" for v, n in counts.items() if n]
    saving = int(finding.get("saving_bytes") or 0)
    return (
        f"Règle ent-audit {finding.get('ref')} : {_VERDICTS_FR.get(str(finding.get('verdict')), '')} sur le site"
        + (f" (pages {', '.join(parts)})" if parts else "")
        + (f", économie estimée {_kb(saving)}" if saving else "")
        + "."
    )


def _is_text(resource: dict[str, Any]) -> bool:
    mime = str(resource.get("mime") or "").split(";")[0].strip()
    return mime.startswith("text/") or mime in {
        "application/javascript",
        "application/json",
        "application/xml",
        "image/svg+xml",
        "application/ld+json",
        "application/manifest+json",
    }


def _kb(n: float) -> str:
    return f"{_number(round(n / 1000))}\u00a0ko"


# -- the official texts ------------------------------------------------------------------------------------------


@cache
def official_labels() -> dict[str, str]:
    """Criterion id → its official wording (column "Libellé du critère" of the official spreadsheet)."""
    workbook = openpyxl.load_workbook(SPREADSHEET, read_only=True)
    labels = {}
    for sheet in workbook.worksheets[1:]:
        for row in sheet.iter_rows(min_col=2, max_col=3, values_only=True):
            id_, label = row
            if isinstance(id_, str) and re.fullmatch(r"\d\.\d+", id_):
                labels[id_] = str(label or "").strip()
    workbook.close()
    return labels


@cache
def text_model() -> tuple[tuple[str, str], ...]:
    """The official text model's blocks in order: ("h1"|"h2"|"h3"|"p"|"li", text), read from the ODT's
    content.xml (headings keep their outline level; a paragraph inside a list is "li")."""
    with zipfile.ZipFile(TEXT_MODEL) as odt:
        root = ElementTree.fromstring(odt.read("content.xml"))
    blocks: list[tuple[str, str]] = []

    def walk(element: ElementTree.Element, in_list: bool) -> None:
        for child in element:
            if child.tag == f"{_ODF_TEXT}h":
                text = _collapse("".join(child.itertext()))
                if text:
                    blocks.append((f"h{child.get(f'{_ODF_TEXT}outline-level', '1')}", text))
            elif child.tag == f"{_ODF_TEXT}p":
                text = _collapse("".join(child.itertext()))
                if text:
                    blocks.append(("li" if in_list else "p", text))
            else:
                walk(child, in_list or child.tag == f"{_ODF_TEXT}list-item")

    walk(root, False)
    return tuple(blocks)


def french_typography(text: str) -> str:
    """No-break spaces before « : ; ! ? » and inside « », as the official model writes them."""
    text = re.sub(r"[ \u00a0]([:;!?»])", "\u00a0\\1", text)
    return re.sub(r"«[ \u00a0]", "«\u00a0", text)


def _collapse(text: str) -> str:
    """Runs of spaces and line breaks as one space; no-break spaces (French typography) kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _ids_of(marker: str) -> list[str]:
    """ "# critères 6.2 et 7.1 #" → ["6.2", "7.1"]."""
    return [f"{a}.{b}" for a, b in _CRITERION_ID.findall(marker)]


def _blocks(draft: dict[str, Any]) -> list[dict[str, Any]]:
    """The text model with the draft's facts in place of its placeholders, and, after each "# critère X.Y #"
    marker, the status, date and text of those criteria with the crawl's evidence."""
    by_id = {c["id"]: c for c in draft["criteria"]}
    model = list(text_model())[3:]  # the first three: "[EXEMPLE] Déclaration d'écoconception de", service, date
    out: list[dict[str, Any]] = []
    placed: set[str] = set()
    section = ""
    objective_done = False
    pending: list[str] = []  # the criteria of the last marker: shown after the model's paragraphs about them

    def flush() -> None:
        out.extend({"kind": "criterion", "c": by_id[id_]} for id_ in pending)
        placed.update(pending)
        pending.clear()

    for kind, text in model:
        if kind.startswith("h"):
            flush()
            section = text
            out.append({"kind": kind, "text": text})
            continue
        marker = re.match(r"#\s*([^#]*?)\s*#\s*(.*)", text)  # "# critère 6.1 #", "# exemples #", "# critère 4.5 # L’…"
        if marker:
            ids = [i for i in _ids_of(marker.group(1)) if i in by_id]
            if ids:
                flush()
                pending.extend(ids)
            out.append({"kind": "marker", "text": marker.group(1)})
            if not marker.group(2):
                continue
            text = marker.group(2)
        if section == "Objectif" and not objective_done and TODO in text:
            text = text.replace(TODO, draft["service"], 1).replace(TODO, draft["date"], 1)
            objective_done = True
        elif section == "Critères validés par le service numérique" and text == TODO:
            text = ", ".join(draft["by_status"].get("Validé", [])) or "Aucun critère n’est déclaré validé à ce jour."
        elif section == "Critères non validés par le service numérique" and text == TODO:
            text = _not_validated(draft)
        elif text.startswith("Score d’avancement le [date]"):
            text = f"Score d’avancement le {draft['date']} : {draft['score_text']}"
        elif text.startswith("Score d’avancement précédent"):
            out.append(
                {
                    "kind": "p",
                    "text": "Score d’avancement précédent : [score à compléter] [date de la précédente évaluation]",
                }
            )
            text = _history_text(draft)
        elif text.startswith("Le service numérique [NOM DU SERVICE] vise"):
            text = (
                f"Le service numérique {draft['service']} vise une amélioration de ce score d’avancement pour "
                f"atteindre {draft['target']}."
            )
        elif text.startswith("[à compléter avec les pistes d’actions"):
            out += [{"kind": "li", "text": action} for action in draft["actions"]]
            continue
        elif text.startswith("Pour ce faire, des revues et audits sont réalisés tous les"):
            text = text.replace(TODO, draft["review"])
        elif text.startswith("Le diagnostic d’écoconception a été mené le"):
            text = text.replace(TODO, draft["date"])
        elif section.startswith("Chemins critiques") and text == "[à détailler]":
            out += [{"kind": "li", "text": line} for line in draft["sample"]]
            continue
        elif text.startswith("Nom(s) [à compléter]") and draft["referent"] != TODO:
            text = f"Nom(s) et titre(s) : {draft['referent']}"
        elif text.startswith("Titre [à compléter]") and draft["referent"] != TODO:
            continue
        out.append({"kind": kind, "text": text})
    flush()
    rest = [c for c in draft["criteria"] if c["id"] not in placed]
    out.append({"kind": "h2", "text": "Autres critères du référentiel"})
    out.append(
        {
            "kind": "p",
            "text": "Critères sans paragraphe dans le modèle de déclaration : leur évaluation, et les mesures du "
            "parcours automatisé lorsqu’il y en a.",
        }
    )
    out += [{"kind": "criterion", "c": c} for c in rest]
    return out


def _not_validated(draft: dict[str, Any]) -> str:
    by = draft["by_status"]
    parts = []
    if by.get("Non validé"):
        parts.append("non validés : " + ", ".join(by["Non validé"]))
    if by.get("En cours"):
        parts.append("en cours : " + ", ".join(by["En cours"]))
    if by.get(DEFAULT_STATUS):
        parts.append(f"à évaluer : {len(by[DEFAULT_STATUS])} critères (voir le tableau d’évaluation)")
    return " ; ".join(parts) or "Aucun."


def _history_text(draft: dict[str, Any]) -> str:
    if not draft["history"]:
        return "Aucun audit précédent de ce site dans l’historique d’ent-audit."
    return (
        "Pour mémoire, score des critères évalués automatiquement par ent-audit lors des audits précédents de ce "
        "site (pondération RGESN 2024 ; ce n’est pas un score d’avancement) : "
        + " ; ".join(f"{h['date']} : {h['score']}" for h in draft["history"])
        + "."
    )


def _text_of(block: dict[str, Any]) -> str:
    if block["kind"] == "criterion":
        c = block["c"]
        return " ".join([c["text"], *c["evidence"]])
    return str(block.get("text") or "")


# -- the spreadsheet ---------------------------------------------------------------------------------------------


def _criterion_rows(workbook: Any) -> Iterable[tuple[Any, int, str]]:
    for sheet in workbook.worksheets[1:]:
        for row in range(1, sheet.max_row + 1):
            value = sheet.cell(row, 2).value
            if isinstance(value, str) and re.fullmatch(r"\d\.\d+", value):
                yield sheet, row, value


def _fill_spreadsheet(draft: dict[str, Any]) -> Any:
    """The official workbook with the draft's values: the summary sheet's fields and, for each criterion, its status
    (column E, "Évaluation"), date (F) and published text (the merged row under it, column C)."""
    workbook = openpyxl.load_workbook(SPREADSHEET)
    # openpyxl writes formulas without their cached values: ask Excel and LibreOffice to compute them on opening
    workbook.calculation.fullCalcOnLoad = True
    summary = workbook["Score d'avancement"]
    summary["A2"] = f"Déclaration d’écoconception de\n{draft['service']}\n{draft['date']}"
    summary["A3"] = str(summary["A3"].value).replace(TODO, draft["service"], 1)
    summary["C5"] = draft["service"]
    summary["C6"] = "\n".join(draft["sample"])
    summary["C7"] = draft["entity"]
    summary["C8"] = draft["responsible"]
    summary["C11"] = draft["date"]
    previous = (
        "\n".join(
            f"{h['date']} {h['score']} (score des critères évalués automatiquement, RGESN 2024)"
            for h in draft["history"]
        )
        or "[date de l’évaluation] [score global] ([version du RGESN])"
    )
    summary["A24"] = (
        f"Score d’avancement des précédentes évaluations\n\n{previous}\n\nLe service numérique {draft['service']} vise "
        f"une amélioration de ce score d’avancement pour atteindre {draft['target']}."
    )
    summary["A26"] = (
        "Plan d’avancement dans la démarche d’écoconception du service numérique\n\nD’autre part, les pistes "
        "d’actions suivantes sont ou seront mises en place :\n"
        + "\n".join(f"– {a}" for a in draft["actions"])
        + f"\n\nPour ce faire, des revues et audits sont réalisés tous les {draft['review']}"
    )
    by_id = {c["id"]: c for c in draft["criteria"]}
    for sheet, row, id_ in _criterion_rows(workbook):
        c = by_id[id_]
        sheet.cell(row, 5).value = c["status"]
        if c["date"]:
            sheet.cell(row, 6).value = c["date"]
        text = "\n".join(
            [c["text"], *(["Mesures du parcours automatisé (indicatives) :"] if c["evidence"] else []), *c["evidence"]]
        ).strip()
        if text:
            sheet.cell(row + 1, 3).value = french_typography(text)
    for cell in ("A2", "A3", "C5", "C6", "C7", "C8", "A24", "A26"):
        summary[cell] = french_typography(str(summary[cell].value))
    return workbook
