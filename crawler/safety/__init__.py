"""What the crawler may follow and what its browsers may send: both built on the read-only URL policy
(crawler/safety/url.py, whose docstring holds the rules).

``Scope`` decides whether a discovered link is a page to audit (same origins as the start URLs, no action, no
login page, no linked file); ``ReadOnlyGuard`` answers the browser guard (crawler/safety/guard.py) for every request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS

from ent_audit.crawler.safety.url import SAFE_METHODS, UrlPolicy
from ent_audit.crawler.urls import canonical_url, origin_of

__all__ = ["DOCUMENT_EXTENSIONS", "SAFE_METHODS", "ReadOnlyGuard", "Scope", "UrlPolicy"]

# Linked files are documents to list, not pages to load (Scrapy's own list: pdf, office files, images, archives…).
DOCUMENT_EXTENSIONS = frozenset(f".{ext}" for ext in IGNORED_EXTENSIONS)
# Verdicts kept per Scope: a page's links are judged up to four times (documents to size, links stored, links
# followed), and the menu's links again on every page; on a page of thousands of links the policy's regular
# expressions were a third of ent-audit's Python CPU (bench/README.md). Bounded for a whole-region crawl.
VERDICTS_KEPT = 100_000


@dataclass
class Scope:
    """Decides whether a discovered link is a page to audit."""

    origins: set[str]
    extra_deny: list[str] = field(default_factory=list)  # [crawl] deny and [safety] deny: regular expressions
    deny_defaults: bool = True  # False: the built-in word and endpoint lists are off (parameters and methods stay)
    allow: list[str] = field(default_factory=list)  # [safety] allow: "METHOD URL-pattern"
    login_paths: list[str] = field(default_factory=list)  # the configured login URLs: never crawled
    # (url, words) → reason_to_skip's answer; the fields above are never changed once the scope is made
    _verdicts: dict[tuple[str, str], str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.policy = self.make_policy()

    def make_policy(self, allow_service_workers: bool = False) -> UrlPolicy:
        return UrlPolicy(
            self.extra_deny,
            self.deny_defaults,
            self.allow,
            self.login_paths,
            allow_service_workers=allow_service_workers,
        )

    @classmethod
    def for_start_urls(
        cls,
        start_urls: list[str],
        extra_deny: list[str] | None = None,
        deny_defaults: bool = True,
        allow: list[str] | None = None,
        login_paths: list[str] | None = None,
    ) -> Scope:
        return cls(
            {origin_of(u) for u in start_urls},
            list(extra_deny or []),
            deny_defaults,
            list(allow or []),
            list(login_paths or []),
        )

    @classmethod
    def for_config(cls, config: Any) -> Scope:
        """From a crawler.config.Config: start URLs, [crawl] deny + [safety] deny, [safety] allow, login URLs."""
        deny = list(dict.fromkeys([*config.crawl.deny, *config.safety.deny]))
        logins = [config.auth.login_url] if config.auth.login_url else []
        return cls.for_start_urls(
            config.start_urls, deny, config.crawl.deny_defaults, list(config.safety.allow), logins
        )

    def denied(self, url: str) -> bool:
        """The policy refuses the link (an action, a login page, a user deny pattern)."""
        return bool(self.policy.link_reason(url))

    def reason_to_skip(self, url: str, words: str = "") -> str:
        """Empty when the link is a page to audit, else a short reason (for the run's statistics and the report):
        "not http", "out of scope", the policy's reason ("action: logout", "csrf parameter _wpnonce",
        "link words: delete", "login page"…), or "document". ``words``: the link's text, title, aria-label and
        rel, one part a line."""
        key = (url, words)
        verdict = self._verdicts.get(key)
        if verdict is None:
            if len(self._verdicts) >= VERDICTS_KEPT:
                self._verdicts.clear()  # a new start beats tracking ages: the next pages' links come back at once
            verdict = self._verdicts[key] = self._judge(url, words)
        return verdict

    def _judge(self, url: str, words: str) -> str:
        try:
            parts = urlsplit(url)
        except ValueError:
            return "not http"
        if parts.scheme.lower() not in ("http", "https"):
            return "not http"
        if origin_of(url) not in self.origins:
            return "out of scope"
        reason = self.policy.link_reason(url, words)
        if reason:
            return reason
        if any(parts.path.lower().endswith(ext) for ext in DOCUMENT_EXTENSIONS):
            return "document"
        return ""

    def follow(self, url: str) -> str | None:
        """Canonical URL to crawl, or None."""
        return None if self.reason_to_skip(url) else canonical_url(url)


@dataclass
class ReadOnlyGuard:
    """Says which requests to abort: writes not named by the allow-list, and reads of URLs that are actions."""

    scope: Scope
    allow_service_workers: bool = False  # [safety] service_workers

    def __post_init__(self) -> None:
        self.policy = self.scope.make_policy(self.allow_service_workers)

    @classmethod
    def for_config(cls, config: Any, scope: Scope | None = None) -> ReadOnlyGuard:
        return cls(scope or Scope.for_config(config), config.safety.service_workers)

    def reason_to_block(
        self, method: str, url: str, resource_type: str = "document", headers: Mapping[str, str] | None = None
    ) -> str:
        """ "" to let the request go, else why not ("method PUT", "action: logout", "service worker
        registration"…). Reads of schemes other than http(s) and ws(s) (data:, blob:) never reach a server."""
        if method.upper() in SAFE_METHODS and not url.lower().startswith(("http:", "https:", "ws:", "wss:")):
            return ""
        return self.policy.request_reason(method, url, resource_type, headers)
