"""Downloader middleware: each page's browser context starts from the profile's CURRENT session.

Sessions are renewed when they expire mid-crawl; a request queued before the renewal must not carry the old
cookies, so the context options are filled in at download time, not when the request was created.
"""
from __future__ import annotations

from typing import Any

from scrapy import Request


class SessionContextMiddleware:
    def process_request(self, request: Request, spider: Any = None) -> None:
        if not request.meta.get("playwright"):
            return None
        spider = spider or self.spider
        profile = request.meta.get("ent_profile", "")
        request.meta["playwright_context_kwargs"] = spider.context_kwargs(profile)
        request.meta["ent_login_generation"] = spider.login_generation.get(profile, 0)
        return None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SessionContextMiddleware":
        middleware = cls()
        middleware.crawler = crawler
        return middleware

    @property
    def spider(self) -> Any:
        return self.crawler.spider
