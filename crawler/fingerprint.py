"""Request fingerprints that keep single-page-app hash routes (``#/message/3``), drop in-page anchors, and tell
profiles apart (the same URL seen by the pupil and by the parent is two pages)."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.utils.request import fingerprint

from ent_audit.crawler.urls import SPA_ROUTE


class RouteAwareFingerprinter:
    """Scrapy's fingerprint, with the fragment kept only when it is an SPA route, and the profile mixed in."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> RouteAwareFingerprinter:  # Scrapy's factory signature
        return cls()

    def fingerprint(self, request: Request) -> bytes:
        keep = bool(SPA_ROUTE.match(urlsplit(request.url).fragment))
        base = fingerprint(request, keep_fragments=keep)
        profile = request.meta.get("ent_profile", "")
        return hashlib.sha1(base + profile.encode("utf-8")).digest() if profile else base
