"""The ``ent`` spider: logs in, discovers pages in the rendered DOM, measures each page in ONE browser load.

Run by ``ent-audit audit`` or the Scrapy way: ``scrapy crawl ent -a start_urls="URL ..." [-a config=FILE]
[-a max_pages=N] [-a max_depth=N]``.
"""
from __future__ import annotations

import time
from typing import Any, AsyncIterator

import scrapy
from scrapy.exceptions import IgnoreRequest
from twisted.python.failure import Failure

from audits.model import PageCapture
from crawler.auth import LoginError, login
from crawler.browser import browser_user_agent
from crawler.capture import CaptureSettings, NetworkRecorder, now_iso, settle_and_measure
from crawler.config import Config, ConfigError, load_config, validate
from crawler.safety import Scope
from crawler.urls import canonical_url, template_of

VIEWPORT = {"width": 1920, "height": 1080}


async def start_recording(page: Any, request: scrapy.Request) -> None:
    """scrapy-playwright page-init callback: runs before the navigation.

    scrapy-playwright routes every request of the page through ``page.route``, which turns the browser cache off;
    we remove that route so the load is a real first visit, and attach the CDP recorder.
    """
    await page.unroute("**")
    recorder = NetworkRecorder(first_party_url=request.url)
    await recorder.attach(page)
    request.meta["ent_recorder"] = recorder


def first_line(error: Any) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:300]


class EntSpider(scrapy.Spider):
    name = "ent"

    def __init__(self, start_urls: str | list[str] = "", config: str | Config = "", max_pages: Any = None,
                 max_depth: Any = None, profile: str = "", storage_state: dict | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.config = config if isinstance(config, Config) else load_config(config or None)
        urls = start_urls.split() if isinstance(start_urls, str) else list(start_urls)
        if urls:
            self.config.start_urls = urls
        try:
            if max_pages is not None:
                self.config.crawl.max_pages = int(max_pages)
            if max_depth is not None:
                self.config.crawl.max_depth = int(max_depth)
        except ValueError as exc:
            raise ConfigError(f"max_pages and max_depth must be whole numbers ({exc})") from None
        if profile:
            self.config.profile = profile
        validate(self.config)
        self.scope = Scope.for_start_urls(self.config.start_urls, self.config.crawl.deny)
        self.capture_settings = CaptureSettings(self.config.capture.quiet_ms, self.config.capture.settle_timeout_s)
        self.browser_ua = self.config.crawl.user_agent or browser_user_agent()
        self.storage_state = storage_state  # given by ent-audit, which logs in before the crawl starts
        self.scheduled: set[str] = set()  # canonical URLs already queued: the page budget counts these
        self.fatal_error = ""  # set when the crawl cannot start (login refused); the runner turns it into exit 2

    # -- start ------------------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.config.auth.strategy == "form" and self.storage_state is None:
            try:
                self.storage_state = await login(self.config, self.browser_ua)
            except LoginError as exc:
                self.fatal_error = str(exc)
                self.logger.error("login failed: %s", exc)
                return
            self.logger.info("logged in through %s", self.config.auth.login_url)
        for url in self.config.start_urls:
            request = self.page_request(url, depth=0)
            if request is not None:
                yield request

    # -- requests ---------------------------------------------------------------------------------------------
    def page_request(self, url: str, depth: int) -> scrapy.Request | None:
        reason = self.scope.reason_to_skip(url)
        if reason:
            self.crawler.stats.inc_value(f"ent_audit/skipped/{reason}")
            if depth == 0:
                self.logger.warning("start URL %s skipped (%s)", url, reason)
            return None
        url = canonical_url(url)
        if url in self.scheduled or len(self.scheduled) >= self.config.crawl.max_pages:
            return None
        self.scheduled.add(url)
        context_kwargs: dict[str, Any] = {"viewport": VIEWPORT, "user_agent": self.browser_ua, "locale": "fr-FR"}
        if self.storage_state is not None:
            context_kwargs["storage_state"] = self.storage_state
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            meta={
                "playwright": True,
                "playwright_include_page": True,
                "playwright_context": f"page-{len(self.scheduled)}",  # a fresh context (empty cache) per page
                "playwright_context_kwargs": context_kwargs,
                "playwright_page_init_callback": start_recording,
                "playwright_page_goto_kwargs": {"wait_until": "load",
                                                "timeout": self.config.crawl.page_timeout_s * 1000},
                "ent_depth": depth,
                "ent_started": time.monotonic(),
                "ent_started_at": now_iso(),
            },
        )

    def new_capture(self, request: scrapy.Request) -> PageCapture:
        return PageCapture(url=request.url, template=template_of(request.url), profile=self.config.profile,
                           depth=request.meta.get("ent_depth", 0), started_at=request.meta.get("ent_started_at", ""))

    # -- callbacks --------------------------------------------------------------------------------------------
    async def parse_page(self, response: scrapy.http.Response) -> AsyncIterator[Any]:
        request = response.request
        page = response.meta["playwright_page"]
        capture = self.new_capture(request)
        capture.status = response.status
        recorder = response.meta.get("ent_recorder")
        try:
            if recorder is None:
                capture.error = "the network recorder could not be attached to the page"
            else:
                await settle_and_measure(page, recorder, capture, self.capture_settings)
        except Exception as exc:  # the page crashed or navigated away mid-measure: keep what was recorded
            capture.error = f"measurement interrupted: {first_line(exc)}"
            if recorder is not None:
                capture.requests = recorder.finalize()
        finally:
            await self.close_page(page, recorder)
        capture.duration_ms = int((time.monotonic() - request.meta["ent_started"]) * 1000)
        yield capture
        if capture.depth < self.config.crawl.max_depth:
            for link in capture.links:
                follow = self.page_request(link, capture.depth + 1)
                if follow is not None:
                    yield follow

    async def page_failed(self, failure: Failure) -> AsyncIterator[PageCapture]:
        request = failure.request
        if failure.check(IgnoreRequest):  # robots.txt said no: nothing was loaded
            self.crawler.stats.inc_value("ent_audit/skipped/robots")
            self.logger.info("skipped by robots.txt: %s", request.url)
            return
        capture = self.new_capture(request)
        capture.error = first_line(failure.value)
        recorder = request.meta.get("ent_recorder")
        if recorder is not None:
            capture.requests = recorder.finalize()
        await self.close_page(request.meta.get("playwright_page"), recorder)
        capture.duration_ms = int((time.monotonic() - request.meta.get("ent_started", time.monotonic())) * 1000)
        yield capture

    async def close_page(self, page: Any, recorder: NetworkRecorder | None) -> None:
        """Each page has its own context: closing it frees the browser memory of that load."""
        if recorder is not None:
            await recorder.detach()
        if page is not None:
            try:
                await page.context.close()
            except Exception as exc:  # already closed with the browser: nothing left to free
                self.logger.debug("closing context failed: %s", exc)
