"""``ent-audit compare-sites``: several ENTs side by side, page kind by page kind (login, portal home, messagerie,
documents…), for vendors benchmarking their pages against other ENTs.

A page's kind comes from URL patterns (``[kinds]`` in the config, shell-style ``fnmatch`` patterns matched against
the path with its query and fragment: ``/conversation/*`` matches ``/conversation/conversation#/message/1``); the
first kind that matches wins, in the mapping's order. ``DEFAULT_KINDS`` covers the usual ENT addresses (OpenENT NG,
e-sco, e-lyco and the demo ENT). Every number comes from each run's results document (``build_results``).
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any, TypedDict
from urllib.parse import urlsplit

from ent_audit.reports.results import mean_grade

DEFAULT_KINDS: dict[str, list[str]] = {
    "connexion": ["/cas/*", "/auth/*", "/login*", "/connexion*"],
    "accueil": ["/", "/welcome*", "/timeline/*", "/accueil*", "/portail*"],
    "messagerie": ["/conversation/*", "/messagerie/*", "/zimbra/*", "/mail/*"],
    "documents": ["/workspace/*", "/documents/*", "/docs/*", "/espace-documentaire/*"],
    "agenda": ["/calendar/*", "/agenda/*"],
    "cahier de textes": ["/homeworks/*", "/cahier-de-textes/*", "/diary/*"],
    "vie scolaire": ["/vie-scolaire*", "/viescolaire/*", "/absences/*", "/notes/*"],
    "blog et actualités": ["/blog/*", "/actualites/*", "/actualites*", "/news/*"],
}
OTHER = "autres pages"
Json = dict[str, Any]  # a results.json document and its pages


class Figures(TypedDict):
    pages: int
    pages_error: int
    mean_bytes: int | None
    mean_requests: float | None
    mean_ecoindex: float | None
    mean_grade: str | None
    violations_per_page: float | None


class SiteColumn(TypedDict):
    site: str
    profile: str
    run: str
    started_at: str | None
    overall: Figures


class KindRow(TypedDict):
    kind: str
    sites: list[Figures | None]  # one per site, in the order of ``sites``; None: no page of that kind


class SitesComparison(TypedDict):
    sites: list[SiteColumn]
    kinds: list[KindRow]


def page_kind(url: str, kinds: dict[str, list[str]]) -> str:
    """The first kind one of whose patterns matches the URL's path (+ ?query, + #fragment); ``OTHER`` if none."""
    parts = urlsplit(url)
    target = (
        (parts.path or "/")
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )
    for kind, patterns in kinds.items():
        if any(fnmatchcase(target, pattern) or fnmatchcase(parts.path or "/", pattern) for pattern in patterns):
            return kind
    return OTHER


def _figures(pages: list[Json]) -> Figures:
    """Means over the pages that loaded (EcoIndex over the scored ones), and rules violated per page."""
    loaded = [p for p in pages if p.get("loaded")]  # as the judge found them
    scores = [p["ecoindex"]["score"] for p in loaded if p.get("ecoindex")]
    tested = [p for p in loaded if (p.get("accessibility") or {}).get("engine")]
    mean = round(sum(scores) / len(scores), 1) if scores else None
    return {
        "pages": len(pages),
        "pages_error": len(pages) - len(loaded),
        "mean_bytes": round(sum(p["transfer_bytes"] for p in loaded) / len(loaded)) if loaded else None,
        "mean_requests": round(sum(p["requests"] for p in loaded) / len(loaded), 1) if loaded else None,
        "mean_ecoindex": mean,
        "mean_grade": mean_grade(mean),
        "violations_per_page": (
            round(sum(len(p["accessibility"].get("violations") or []) for p in tested) / len(tested), 1)
            if tested
            else None
        ),
    }


def compare_sites(runs: list[Json], kinds: dict[str, list[str]]) -> SitesComparison:
    """``runs``: results documents, one per site. Figures per site overall and per page kind; the kinds are those
    of the mapping that at least one site has pages of, in the mapping's order, then ``OTHER``."""
    sites: list[SiteColumn] = [
        {
            "site": r["run"].get("site") or "",
            "profile": r["run"].get("profile") or "",
            "run": r["run"]["id"],
            "started_at": r["run"].get("started_at"),
            "overall": _figures(r["pages"]),
        }
        for r in runs
    ]
    by_kind: dict[str, list[list[Json]]] = {}
    for index, results in enumerate(runs):
        for page in results["pages"]:
            lists = by_kind.setdefault(page_kind(page["url"], kinds), [[] for _ in runs])
            lists[index].append(page)
    order = [k for k in kinds if k in by_kind] + ([OTHER] if OTHER in by_kind else [])
    return {
        "sites": sites,
        "kinds": [
            {"kind": kind, "sites": [_figures(pages) if pages else None for pages in by_kind[kind]]} for kind in order
        ],
    }
