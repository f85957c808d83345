"""Responsable: site-wide checks of what the Doctrine technique asks of an education service (security and privacy)
that a crawl can observe, and the droit à la déconnexion evidence (domain.md §1.4, §1.5).

Each check is a site rule over every page of the run plus the observations made at login and by the plain-HTTP
probe. The security requirements themselves are RGS/RGPD/CNIL practice: the security framework's text was not
reachable, and the report says so.

The helpers the Doctrine rules share; each rule is a module of this package."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ent_audit.audits.model import RequestRecord
from ent_audit.audits.rules import Finding, Message, RuleSettings, SiteView, facts, msg, note
from ent_audit.audits.security import QuietWindow, parse_timestamp, parse_window

# The rules of this package, one module each, in the order the report shows them (a module not listed comes after)
REPORT_ORDER = (
    "https_everywhere",
    "strict_transport",
    "tls_version",
    "security_headers",
    "cookie_flags",
    "mixed_content",
    "third_parties",
    "single_sign_on",
    "legal_pages",
    "quiet_hours",
)
MODERN_TLS = ("TLS 1.2", "TLS 1.3", "QUIC")
SCRIPT_READABLE = ("xsrf", "csrf")  # cookies meant to be read by scripts (double-submit tokens): HttpOnly not asked
MAX_ITEMS = 50  # déconnexion evidence listed


def host_of(url: str) -> str:
    return urlsplit(url).netloc


def html_documents(site: SiteView) -> list[RequestRecord]:
    """The first-party HTML document response of each loaded page (redirect hops excluded)."""
    found = []
    for page in site.loaded:
        document = next(
            (
                r
                for r in page.requests
                if r.resource_type == "document" and not r.is_redirect and r.status and not r.third_party
            ),
            None,
        )
        if document is not None and "html" in (document.mime or ""):
            found.append(document)
    return found


def https_na(site: SiteView) -> Finding | None:
    return (
        None if site.https else Finding.na(facts(note(msg("The site is audited over plain HTTP (see DOCTRINE-https)"))))
    )


NO_HTML_PAGE = msg("No HTML page loaded")


def cookies_seen(site: SiteView) -> list[dict[str, Any]]:
    """Cookies set at login and during the loads, one entry per name and origin (first seen), with where set."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for login in (site.facts.get("login") or {}).values():
        for cookie in login.get("cookies") or []:
            found.setdefault((cookie["name"], cookie.get("origin", "")), {**cookie, "set": "login"})
    for page in site.pages:
        for cookie in page.facts.get("cookies") or []:
            found.setdefault((cookie["name"], cookie.get("origin", "")), {**cookie, "set": page.url})
    return list(found.values())


LEGAL_NAMES: dict[str, Message] = {
    "mentions": msg("Legal notice"),
    "privacy": msg("Personal data policy"),
    "accessibility": msg("Accessibility statement"),
    "ecodesign": msg("Eco-design statement"),
}


def quiet_window(settings: RuleSettings) -> QuietWindow:
    return parse_window(settings.quiet_start, settings.quiet_end, settings.quiet_weekend, settings.timezone)


def quiet_hours_items(site: SiteView, settings: RuleSettings) -> tuple[int, list[dict[str, Any]]]:
    """(pages showing timestamps, items timestamped inside the window: {page, datetime, local, text})."""
    window = quiet_window(settings)
    pages, items = 0, []
    for page in site.loaded:
        times = page.facts.get("times") or []
        if times:
            pages += 1
        for item in times:
            moment = parse_timestamp(item.get("datetime", ""), window.timezone)
            if moment is not None and window.contains(moment):
                items.append(
                    {
                        "page": page.url,
                        "datetime": item.get("datetime", ""),
                        "local": moment.strftime("%a %d/%m %H:%M"),
                        "text": item.get("text", ""),
                    }
                )
    return pages, items
