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
    deny_defaults: bool = True  # False: the user's patterns replace the built-in list

    def __post_init__(self) -> None:
        patterns = (*(DEFAULT_DENY if self.deny_defaults else ()), *self.extra_deny)
        self._deny = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None

    @classmethod
    def for_start_urls(cls, start_urls: list[str], extra_deny: list[str] | None = None,
                       deny_defaults: bool = True) -> "Scope":
        return cls({origin_of(u) for u in start_urls}, list(extra_deny or []), deny_defaults)

    def denied(self, url: str) -> bool:
        return bool(self._deny and self._deny.search(url))

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


# Requests the browser may send while a page is measured. Anything else (POST, PUT, DELETE, PATCH, beacons) is
# aborted before it leaves the browser.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Files whose URL merely contains a deny word (an icon "corbeille.svg", a "clear.css") are fetched: static files
# have no side effects, and blocking them would change the page being measured.
STATIC_FILE = re.compile(r"\.(svg|png|jpe?g|gif|webp|avif|ico|bmp|css|js|mjs|map|woff2?|ttf|otf|eot|mp4|webm|"
                         r"mp3|ogg|wav)$", re.IGNORECASE)


@dataclass
class ReadOnlyGuard:
    """Says which browser requests to abort: writes, and reads of URLs that log out or change data."""

    scope: Scope

    def reason_to_block(self, method: str, url: str) -> str:
        if method.upper() not in SAFE_METHODS:
            return f"method {method.upper()}"
        if not url.startswith(("http:", "https:")):
            return ""
        if self.scope.denied(url) and not STATIC_FILE.search(urlsplit(url).path):
            return "denied URL"
        return ""
