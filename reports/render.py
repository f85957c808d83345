"""The HTML report: one self-contained file (inline CSS, no JavaScript, nothing fetched), French by default.

It reads only a results document (see ``reports.exports.build_results``): rendering never re-crawls.
Strings live in ``CATALOGUE`` keyed by language so another language is one more dict.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES_DIR = Path(__file__).parent / "templates"
GRADES = ("A", "B", "C", "D", "E", "F", "G")
# EcoIndex grade colours; the letter is printed in GRADE_TEXT_COLOUR on them (contrast >= 4.5:1, see tests).
GRADE_COLOURS = {"A": "#349a47", "B": "#51b84b", "C": "#cadb2a", "D": "#f6eb15", "E": "#fecd06", "F": "#f99839",
                 "G": "#ed2124"}
GRADE_TEXT_COLOUR = "#000000"
RESOURCES_PER_PAGE = 12  # heaviest resources listed in each page's <details>; the rest is summed up
URL_DISPLAY_LEN = 64

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
        "types": {"document": "document", "stylesheet": "feuille de style", "script": "script", "image": "image",
                  "font": "police", "media": "média", "xhr": "XHR", "fetch": "fetch", "websocket": "WebSocket",
                  "manifest": "manifeste", "other": "autre"},
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
            f"{_type_label(strings, t)}{NBSP}: {format_number(v[0], lang)} ({format_bytes(v[1], lang)})"
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


def build_context(results: dict, lang: str = "fr") -> dict:
    strings = _strings(lang)
    run, summary, pages = results["run"], results["summary"], results["pages"]
    start_urls = run.get("start_urls") or []
    first = start_urls[0] if start_urls else (pages[0]["url"] if pages else "")
    home = urlsplit(first).netloc
    site = run.get("site") or home or strings["none"]

    page_views = [_page_view(p, home, lang, strings) for p in pages]
    page_views.sort(key=lambda v: v["_sort"])  # stable: save order among equal scores

    dist = summary["grade_distribution"]
    dist_items = ", ".join(
        f"{g}{NBSP}: {dist.get(g, 0)} {plural(lang, dist.get(g, 0), strings['page_one'], strings['page_many'])}"
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
        "profile": run.get("profile") or strings["none"],
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
        },
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
