"""What the crawler may follow: same origins as the start URLs, never logout / delete-like links.

The deny list comes from reference/domain.md §5 (OpenENT NG, Apereo CAS, uPortal, generic French and English words).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS

from crawler.urls import canonical_url, origin_of

# Links that end a session or change data when merely fetched with GET. Matched against the whole URL.
DEFAULT_DENY = (
    r"log_?out|logoff|d[ée]connexion|deconnecter|sign_?out|/slo\b|/cas/logout|/portail/Logout",
    r"delete|supprimer|suppression|remove|trash|corbeille|purge|clear|reset|vider|emptyTrash|effacer",
    r"markasread|mark-as-read|toggleUnread|marquer|unsubscribe|desabonner|d[ée]sinscri",
    r"/admin\b|/api/internal|/performDailyMailing|/performWeeklyMailing|/configuration/reload|/archive/",
    r"/auth/(saml|openid|oauth2|canope)/|/auth/reset/|/directory/api/export",
    r"\.ics(\?|$)|/export\b|[?&]format=ics",
)
# Linked files are documents to list, not pages to load (Scrapy's own list: pdf, office files, images, archives…).
DOCUMENT_EXTENSIONS = frozenset(f".{ext}" for ext in IGNORED_EXTENSIONS)


@dataclass
class Scope:
    """Decides whether a discovered link is a page to audit."""

    origins: set[str]
    extra_deny: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._deny = re.compile("|".join(f"(?:{p})" for p in (*DEFAULT_DENY, *self.extra_deny)), re.IGNORECASE)

    @classmethod
    def for_start_urls(cls, start_urls: list[str], extra_deny: list[str] | None = None) -> "Scope":
        return cls({origin_of(u) for u in start_urls}, list(extra_deny or []))

    def denied(self, url: str) -> bool:
        return bool(self._deny.search(url))

    def reason_to_skip(self, url: str) -> str:
        """Empty when the link is a page to audit, else a short reason (for the run's statistics)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return "not http"
        if origin_of(url) not in self.origins:
            return "out of scope"
        if self.denied(url):
            return "denied"
        if any(parts.path.lower().endswith(ext) for ext in DOCUMENT_EXTENSIONS):
            return "document"
        return ""

    def follow(self, url: str) -> str | None:
        """Canonical URL to crawl, or None."""
        return None if self.reason_to_skip(url) else canonical_url(url)
