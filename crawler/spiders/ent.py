"""The ``ent`` spider: discovers pages in the rendered DOM and measures each page in ONE browser load.

Run by ``ent-audit audit`` or the Scrapy way: ``scrapy crawl ent -a start_urls="URL ..." [-a config=FILE]
[-a max_pages=N] [-a max_depth=N]``.
"""
from __future__ import annotations

import asyncio
import time
from email.utils import parsedate_to_datetime
from typing import Any, AsyncIterator
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import CloseSpider, IgnoreRequest
from twisted.python.failure import Failure

from audits.model import PageCapture
from crawler.auth import LoginError, Session, SessionSlot, login
from crawler.browser import browser_user_agent
from crawler.capture import NAVIGATED, CaptureSettings, NetworkRecorder, explain_net_error, now_iso, settle_and_measure
from crawler.config import Config, ConfigError, load_config, validate
from crawler.a11y_probe import go_offline, probe
from crawler.documents import size_documents
from crawler.frontier import Frontier
from crawler.page_facts import horizontal_overflow
from crawler.safety import ReadOnlyGuard, Scope
from crawler.samples import low_bandwidth, repeat_visit
from crawler.urls import origin_of, template_of

VIEWPORT = {"width": 1920, "height": 1080}
NARROW_DESKTOP = (1200, 720)  # RGESN 2.5: complete in a 1200 px wide viewport
RETRY_STATUSES = (429, 503)  # the site asks us to come back later
MAX_RETRY_AFTER_S = 60.0
MAX_RELOGINS = 20  # per profile and run: a session that keeps dying is a problem to report, not to hammer
MAX_RELOGINS_PER_PAGE = 3  # a page that finds the login page again right after fresh logins is reported


async def start_recording(page: Any, request: scrapy.Request) -> None:
    """scrapy-playwright page-init callback: runs before the navigation.

    scrapy-playwright routes every request of the page through ``page.route``, which turns the browser cache off;
    we remove that route so the load is a real first visit, and attach the CDP recorder and read-only guard.
    """
    await page.unroute("**")
    request.meta["ent_started"] = time.monotonic()  # the load starts now (the request may have waited in a queue)
    request.meta["ent_started_at"] = now_iso()
    try:
        slot = request.meta.get("ent_session")
        if slot is not None:  # the profile's session as it is NOW (it may have been renewed since it was queued)
            request.meta["ent_login_generation"] = slot.generation
            await slot.session.apply(page.context)
        recorder = NetworkRecorder(first_party_url=request.url, guard=request.meta.get("ent_guard"),
                                   coverage=request.meta.get("ent_coverage", False))
        await recorder.attach(page)
        request.meta["ent_recorder"] = recorder
    except Exception as exc:  # fail closed: without the read-only guard the page must not load at all
        request.meta["ent_guard_error"] = first_line(exc)
        await page.route("**", lambda route: route.abort("blockedbyclient"))


def first_line(error: Any) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:300]


# Playwright's words when Chromium died (killed, out of memory) or the page's renderer crashed.
BROWSER_GONE = ("Target page, context or browser has been closed", "Browser has been closed", "Target crashed",
                "Page crashed", "Browser closed", "browser has disconnected")


def browser_gone(error: Any) -> bool:
    text = str(error)
    return any(words in text for words in BROWSER_GONE)


def retry_after_seconds(value: bytes | str | None, default: float = 1.0) -> float:
    """Retry-After as seconds (delta or HTTP date), bounded."""
    if not value:
        return default
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    try:
        seconds = float(text)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(text).timestamp() - time.time()
        except (TypeError, ValueError):
            seconds = default
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


class EntSpider(scrapy.Spider):
    name = "ent"

    def __init__(self, start_urls: str | list[str] = "", config: str | Config = "", max_pages: Any = None,
                 max_depth: Any = None, profile: str = "", sessions: dict[str, Session] | None = None,
                 resume_pages: list[dict] | None = None, frontier: Any = None, **kwargs: Any) -> None:
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
        crawl = self.config.crawl
        self.scope = Scope.for_start_urls(self.config.start_urls, crawl.deny, crawl.deny_defaults)
        self.guard = ReadOnlyGuard(self.scope)
        self.capture_settings = CaptureSettings(self.config.capture.quiet_ms, self.config.capture.settle_timeout_s)
        self.browser_ua = crawl.user_agent or browser_user_agent()
        self.profiles = {p.name: p for p in self.config.profiles_to_run()}
        # Given by ent-audit, which logs in before the crawl; `scrapy crawl` logs in at start.
        self.sessions = {name: SessionSlot(session) for name, session in (sessions or {}).items()}
        self._login_locks: dict[str, asyncio.Lock] = {}
        self.relogins = {name: 0 for name in self.profiles}
        # A distributed worker is given the run's shared frontier (crawler.distributed.RedisFrontier).
        self.frontier = frontier or Frontier(crawl.max_pages, crawl.max_per_template)
        self.resume_pages = resume_pages or []
        self.documents: dict[str, dict] = {}  # linked documents already sized in this run, by URL
        self.fatal_error = ""  # set when the crawl cannot go on (login refused); the runner turns it into exit 2

    @property
    def scheduled(self) -> int:
        return self.frontier.scheduled()

    def context_kwargs(self, profile: str) -> dict[str, Any]:
        """A new context: the session's cookies are added when the page opens (see start_recording)."""
        kwargs: dict[str, Any] = {"viewport": VIEWPORT, "user_agent": self.browser_ua, "locale": "fr-FR",
                                  "ignore_https_errors": not self.config.crawl.verify_tls}
        kwargs.update(self.sessions[profile].session.context_kwargs(include_state=False))
        return kwargs

    # -- start ------------------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        for name, profile in self.profiles.items():
            if name not in self.sessions:
                try:
                    self.sessions[name] = SessionSlot(await login(self.config, profile, self.browser_ua))
                except LoginError as exc:
                    self.fatal_error = str(exc)
                    self.logger.error("login failed: %s", exc)
                    return
        for page in self.resume_pages:  # a resumed run: stored pages count, their links are offered again
            self.frontier.admit(page["profile"], page["url"])
        for page in self.resume_pages:
            if page["depth"] < self.config.crawl.max_depth:
                for link in page["links"]:
                    request = self.page_request(link, page["depth"] + 1, page["profile"])
                    if request is not None:
                        yield request
        for name in self.profiles:
            for url in self.config.start_urls:
                request = self.page_request(url, 0, name)
                if request is not None:
                    yield request

    # -- requests ---------------------------------------------------------------------------------------------
    def page_request(self, url: str, depth: int, profile: str) -> scrapy.Request | None:
        reason = self.scope.reason_to_skip(url)
        if reason:
            self.crawler.stats.inc_value(f"ent_audit/skipped/{reason.replace(' ', '_')}")
            if depth == 0:
                self.logger.warning("start URL %s skipped (%s)", url, reason)
            return None
        url = self.scope.follow(url)
        reason = self.frontier.admit(profile, url)
        if reason:
            if reason != "already queued":
                self.crawler.stats.inc_value(f"ent_audit/skipped/{reason.replace(' ', '_')}")
            return None
        return scrapy.Request(url, callback=self.parse_page, errback=self.page_failed,
                              meta=self._page_meta(depth, profile))

    def _page_meta(self, depth: int, profile: str, retries: int = 0, relogins: int = 0) -> dict[str, Any]:
        return {
            "playwright": True,
            "playwright_include_page": True,
            "playwright_context": f"page-{next_context_number()}",  # a fresh context (empty cache) per load
            "playwright_page_init_callback": start_recording,
            "playwright_context_kwargs": self.context_kwargs(profile),
            "ent_session": self.sessions[profile],
            "playwright_page_goto_kwargs": {"wait_until": "load",
                                            "timeout": self.config.crawl.page_timeout_s * 1000},
            "ent_guard": self.guard,
            "ent_coverage": self.config.capture.coverage,
            "ent_profile": profile,
            "ent_depth": depth,
            "ent_retries": retries,
            "ent_relogins": relogins,
            "ent_started": time.monotonic(),  # until the load starts (start_recording): failures before it
            "ent_started_at": now_iso(),
        }

    def again(self, request: scrapy.Request, *, retry: bool = False, relogged: bool = False) -> scrapy.Request:
        """The same page, to be loaded again in a new context."""
        meta = self._page_meta(request.meta["ent_depth"], request.meta["ent_profile"],
                               request.meta.get("ent_retries", 0) + int(retry),
                               request.meta.get("ent_relogins", 0) + int(relogged))
        return request.replace(meta=meta, dont_filter=True)

    def new_capture(self, request: scrapy.Request) -> PageCapture:
        return PageCapture(url=request.url, template=template_of(request.url),
                           profile=request.meta.get("ent_profile", ""), depth=request.meta.get("ent_depth", 0),
                           started_at=request.meta.get("ent_started_at", ""))

    # -- callbacks --------------------------------------------------------------------------------------------
    async def parse_page(self, response: scrapy.http.Response) -> AsyncIterator[Any]:
        request = response.request
        page = response.meta["playwright_page"]
        recorder = response.meta.get("ent_recorder")
        if response.status in RETRY_STATUSES and request.meta.get("ent_retries", 0) < self.config.crawl.retries:
            await self.close_page(page, recorder)
            delay = retry_after_seconds(response.headers.get("Retry-After"))
            self.crawler.stats.inc_value("ent_audit/retried")
            self.logger.info("%s answered %s: retrying in %.1f s", request.url, response.status, delay)
            await asyncio.sleep(delay)
            yield self.again(request, retry=True)
            return
        if await self.landed_on_login(page, response):
            await self.close_page(page, recorder)
            profile, seen = request.meta["ent_profile"], request.meta.get("ent_login_generation", 0)
            if seen < self.sessions[profile].generation:  # loaded with a session renewed meanwhile: just reload
                yield self.again(request)
                return
            if request.meta.get("ent_relogins", 0) < MAX_RELOGINS_PER_PAGE:
                await self.relogin(profile, seen)
                yield self.again(request, relogged=True)
                return
            capture = self.new_capture(request)
            capture.status, capture.final_url = response.status, response.url
            capture.error = "session lost: the page still led to the login page after logging in again"
            yield capture
            return

        capture = self.new_capture(request)
        capture.status = response.status
        try:
            if recorder is None:
                capture.error = "the network recorder could not be attached to the page"
            else:
                await settle_and_measure(page, recorder, capture, self.capture_settings)
                capture.documents = await size_documents(page, capture.links, self.scope, self.documents)
                if capture.status < 400 and "html" in capture.mime:
                    if self.take_sample(capture):
                        await self.sample_checks(page, request, capture)
                    await go_offline(recorder.session)  # the measure is over: nothing below may add traffic
                    try:
                        capture.facts["overflow_1200_px"] = await horizontal_overflow(page, *NARROW_DESKTOP)
                        if self.config.capture.accessibility:
                            capture.accessibility = await probe(page, recorder.session,
                                                                self.config.capture.axe_timeout_s)
                    except Exception as exc:
                        if not any(words in str(exc) for words in NAVIGATED):
                            raise
                        # the page went elsewhere once measured (offline now: to an error page): the measure stands
                        capture.facts.setdefault("errors", {})["accessibility"] = (
                            "not checked: the page navigated away after it was measured")
        except Exception as exc:  # the page crashed or navigated away mid-measure: keep what was recorded
            capture.error = f"measurement interrupted: {first_line(exc)}"
            if recorder is not None:
                recorder.finish(capture)
            if browser_gone(exc) and self.may_retry(request):
                capture = None
        finally:
            await self.close_page(page, recorder)
        if capture is None:  # the browser died under the page: load it again, in the browser started anew
            yield self.browser_retry(request)
            return
        capture.duration_ms = int((time.monotonic() - request.meta["ent_started"]) * 1000)
        yield capture
        if capture.depth < self.config.crawl.max_depth:
            for link in capture.links:
                follow = self.page_request(link, capture.depth + 1, capture.profile)
                if follow is not None:
                    yield follow

    def take_sample(self, capture: PageCapture) -> bool:
        """The first page of each template, up to ``sample_pages`` templates, gets the second-load checks."""
        if capture.error:
            return False
        return self.frontier.take_sample(capture.template, self.config.capture.sample_pages)

    async def sample_checks(self, page: Any, request: scrapy.Request, capture: PageCapture) -> None:
        """RGESN 6.2 (repeat visit, warm cache) and 2.3 (512 kbit/s); a failure only leaves the rule unjudged."""
        timeout = self.config.crawl.page_timeout_s
        slot = request.meta.get("ent_session")

        async def new_context() -> Any:
            context = await page.context.browser.new_context(**self.context_kwargs(capture.profile))
            if slot is not None:
                await slot.session.apply(context)
            return context

        for key, check in (("repeat_visit", lambda: repeat_visit(page, request.url, self.guard,
                                                                 self.capture_settings, timeout)),
                           ("low_bandwidth", lambda: low_bandwidth(new_context, request.url, self.guard,
                                                                   self.capture_settings, timeout))):
            try:
                capture.facts[key] = await check()
            except Exception as exc:  # noqa: BLE001 - the page's own measure is kept whatever happens here
                capture.facts.setdefault("errors", {})[key] = first_line(exc)
        self.crawler.stats.inc_value("ent_audit/sampled")

    async def page_failed(self, failure: Failure) -> AsyncIterator[PageCapture]:
        request = failure.request
        if failure.check(IgnoreRequest):  # robots.txt said no: nothing was loaded
            self.crawler.stats.inc_value("ent_audit/skipped/robots")
            self.logger.info("skipped by robots.txt: %s", request.url)
            return
        recorder = request.meta.get("ent_recorder")
        if browser_gone(failure.value) and self.may_retry(request):
            await self.close_page(request.meta.get("playwright_page"), recorder)
            yield self.browser_retry(request)
            return
        capture = self.new_capture(request)
        capture.error = self.explain_failure(failure.value)
        if request.meta.get("ent_guard_error"):
            capture.error = f"not loaded: the read-only guard could not be set up ({request.meta['ent_guard_error']})"
        if recorder is not None:
            recorder.finish(capture)
            if recorder.blocked and "ERR_BLOCKED_BY_CLIENT" in capture.error:
                capture.error = f"blocked by safety: {recorder.blocked[-1]['reason']} {recorder.blocked[-1]['url']}"
            documents = [r for r in capture.requests if r.resource_type == "document" and r.status]
            if documents:  # the last answer the browser did get for the page (a 302 of a loop, a 200 cut short)
                capture.status, capture.mime = documents[-1].status, documents[-1].mime
                cause = explain_net_error(documents[-1].failed)
                if cause != documents[-1].failed and not request.meta.get("ent_guard_error") and not recorder.blocked:
                    capture.error = cause  # the document's own network error: the cause, rather than the timeout
        await self.close_page(request.meta.get("playwright_page"), recorder)
        capture.duration_ms = int((time.monotonic() - request.meta.get("ent_started", time.monotonic())) * 1000)
        yield capture

    def explain_failure(self, error: Any) -> str:
        """Why a page load failed, in words a person reads (the browser's message kept in brackets)."""
        text = first_line(error)
        if "net::ERR_" in text:
            return explain_net_error(text)
        if "Timeout" in text and "exceeded" in text:
            return (f"timeout: the page did not finish loading within {self.config.crawl.page_timeout_s:g} s "
                    f"({text})")
        if browser_gone(error):
            return f"browser closed during the load ({text})"
        return text

    def may_retry(self, request: scrapy.Request) -> bool:
        return request.meta.get("ent_retries", 0) < self.config.crawl.retries

    def browser_retry(self, request: scrapy.Request) -> scrapy.Request:
        self.crawler.stats.inc_value("ent_audit/browser_retries")
        self.logger.warning("the browser closed while auditing %s: loading it again in a new browser", request.url)
        return self.again(request, retry=True)

    # -- sessions ---------------------------------------------------------------------------------------------
    async def landed_on_login(self, page: Any, response: scrapy.http.Response) -> bool:
        """The session expired: the page sent us to the login form, or to the identity provider."""
        auth = self.profiles[response.meta.get("ent_profile", "")].auth(self.config.auth)
        if auth.strategy == "none":
            return False
        if auth.strategy == "basic":
            return response.status == 401
        final = page.url
        if origin_of(final) not in self.scope.origins:
            return True  # sent away to a single sign-on server
        if auth.login_url and urlsplit(final).path == urlsplit(auth.login_url).path:
            return True
        if final.split("#")[0] != response.request.url.split("#")[0]:  # redirected somewhere with a password field
            try:
                return await page.locator("input[type=password]").count() > 0
            except Exception:
                return False
        return False

    async def relogin(self, profile: str, generation_seen: int) -> None:
        """Log the profile in again, once for all pages that found the session dead at the same time."""
        lock = self._login_locks.setdefault(profile, asyncio.Lock())
        slot = self.sessions[profile]
        async with lock:
            if slot.generation > generation_seen:
                return  # another page already renewed the session
            if self.relogins[profile] >= MAX_RELOGINS:
                self.fatal_error = f"the session of profile '{profile}' expired {MAX_RELOGINS} times: stopping"
                raise CloseSpider("session keeps expiring")
            try:
                slot.session = await login(self.config, self.profiles[profile], self.browser_ua)
            except LoginError as exc:
                self.fatal_error = f"logging in again failed: {exc}"
                raise CloseSpider("login failed") from None
            self.relogins[profile] += 1
            slot.generation += 1
            self.crawler.stats.inc_value("ent_audit/relogins")
            self.logger.info("session of profile '%s' renewed", profile)

    async def close_page(self, page: Any, recorder: NetworkRecorder | None) -> None:
        """Each page has its own context: closing it frees the browser memory of that load."""
        if recorder is not None:
            await recorder.detach()
        if page is not None:
            try:
                await page.context.close()
            except Exception as exc:  # already closed with the browser: nothing left to free
                self.logger.debug("closing context failed: %s", exc)


_context_numbers = iter(range(1, 1 << 62))


def next_context_number() -> int:
    return next(_context_numbers)
