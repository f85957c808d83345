"""The RGAA's sample check: which of the page types the RGAA requires in every audit sample were audited.

The RGAA (``obligations/declaration-accessibilite.md``, "échantillon") asks for, when they exist: the home page,
contact, mentions légales, accessibilité, plan du site, aide and authentification. A stored run does not say what a
page *is*, so each type is recognised by words, a heuristic (README, Declarations):

- in the address of an audited page (its path and query, percent-decoded, case ignored);
- in its title (the ``<title>`` the browser saw), before the usual " - Site name" suffix;
- for mentions légales and accessibilité, also by the links the crawl classified on the pages (``facts.legal``,
  by the words of audits/security.py ``LEGAL_PATTERNS``): the address such a link points to, when that page was
  audited.

The home page is the page audited at the run's first start URL, else the first page of least depth. A type found
nowhere is listed as missing: the sample may lack it, or the site may have no such page (then nothing is missing).
Authentification is usually missing from a run that logged in: the crawler signs in on the login page but does not
audit it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from ent_audit.audits.rgaa import tested

_SEP = r"[\s\-_./]*"
_E = "[eé]"
# (key, name as the RGAA says it, words of an address or a title); keys "mentions"/"accessibility" also match the
# links the crawl classified (facts.legal) with the same names.
REQUIRED_TYPES: tuple[tuple[str, str, str], ...] = (
    ("home", "Page d'accueil", ""),  # the page at the first start URL, not words
    ("contact", "Contact", rf"\bcontact(?:ez{_SEP}nous|er)?\b|nous{_SEP}{_E}crire"),  # not "contacts" (address book)
    ("mentions", "Mentions légales", rf"mentions{_SEP}l{_E}gales|informations{_SEP}l{_E}gales|legal{_SEP}notice"),
    ("accessibility", "Accessibilité", rf"\baccessibilit(?:{_E}|y)\b|accessibility{_SEP}statement"),
    ("sitemap", "Plan du site", rf"plan{_SEP}du{_SEP}site|\bsite{_SEP}map\b|/plan(?:[/?#.]|$)"),
    ("help", "Aide", r"\baide\b|\bhelp\b|\bfaq\b|\bassistance\b"),
    (
        "login",
        "Authentification",
        rf"\blogin\b|\bconnexion\b|\bauthentification\b|\bsign{_SEP}in\b|/cas/|/auth(?:[/?#.]|$)|\bse{_SEP}connecter\b",
    ),
)
_PATTERNS = {key: re.compile(pattern, re.IGNORECASE) for key, _, pattern in REQUIRED_TYPES}
_TITLE_SUFFIX = re.compile(r"\s+[-–—|·]\s+.*$")


@dataclass(frozen=True)
class PageRef:
    title: str
    url: str


@dataclass(frozen=True)
class SampleType:
    key: str
    name: str
    pages: tuple[PageRef, ...]  # empty: missing from the audited pages

    @property
    def found(self) -> bool:
        return bool(self.pages)


def page_ref(page: dict[str, Any]) -> PageRef:
    return PageRef(title=" ".join(str(page.get("title") or "").split()), url=str(page.get("url") or ""))


def _address(url: str) -> str:
    parts = urlsplit(url)
    return unquote(
        parts.path + ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
    )


def _title(page: dict[str, Any]) -> str:
    return _TITLE_SUFFIX.sub("", " ".join(str(page.get("title") or "").split()))


def _home(pages: list[dict[str, Any]], start_urls: list[str]) -> dict[str, Any] | None:
    starts = {u.rstrip("/") for u in start_urls}
    for page in pages:
        if str(page.get("url") or "").rstrip("/") in starts:
            return page
    if not pages:
        return None
    return min(enumerate(pages), key=lambda ip: (ip[1].get("depth") or 0, ip[0]))[1]


def sample_check(pages: list[dict[str, Any]], start_urls: list[str]) -> list[SampleType]:
    """Each required page type with the audited pages recognised as it (results.json pages), in the RGAA's order."""
    audited = [p for p in pages if tested(p)]
    by_url = {str(p.get("url") or "").rstrip("/"): p for p in audited}
    legal: dict[str, set[str]] = {}
    for page in audited:
        for kind, href in ((page.get("facts") or {}).get("legal") or {}).items():
            if isinstance(href, str) and href.rstrip("/") in by_url:
                legal.setdefault(kind, set()).add(href.rstrip("/"))
    home = _home(audited, start_urls)
    found: list[SampleType] = []
    for key, name, _ in REQUIRED_TYPES:
        if key == "home":
            matches = [home] if home is not None else []
        else:
            pattern = _PATTERNS[key]
            matches = [
                p
                for p in audited
                if p is not home
                and (
                    pattern.search(_address(str(p.get("url") or "")))
                    or pattern.search(_title(p))
                    or str(p.get("url") or "").rstrip("/") in legal.get(key, set())
                )
            ]
        found.append(SampleType(key=key, name=name, pages=tuple(page_ref(p) for p in matches)))
    return found
