"""Request fingerprints that keep single-page-app hash routes (``#/message/3``) and drop in-page anchors."""
from __future__ import annotations

from scrapy import Request
from scrapy.utils.request import fingerprint

from crawler.urls import SPA_ROUTE
from urllib.parse import urlsplit


class RouteAwareFingerprinter:
    """Scrapy's fingerprint, with the fragment kept only when it is an SPA route."""

    @classmethod
    def from_crawler(cls, crawler):  # noqa: ANN001 - Scrapy's factory signature
        return cls()

    def fingerprint(self, request: Request) -> bytes:
        keep = bool(SPA_ROUTE.match(urlsplit(request.url).fragment))
        return fingerprint(request, keep_fragments=keep)
