"""The ``ent`` spider: discovers pages in the rendered DOM and measures each page in ONE browser load.

Run by ``ent-audit audit`` or the Scrapy way: ``scrapy crawl ent -a start_urls="URL ..." [-a config=FILE]
[-a max_pages=N] [-a max_depth=N]``.
"""

from __future__ import annotations

import asyncio
import base64
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import CloseSpider, IgnoreRequest
from twisted.python.failure import Failure

from ent_audit.audits.model import PageCapture
from ent_audit.crawler.auth import login
from ent_audit.crawler.auth.base import LoginError, Session, SessionSlot
from ent_audit.crawler.browser import browser_user_agent
from ent_audit.crawler.capture.a11y_probe import go_offline, probe
from ent_audit.crawler.capture.documents import size_documents
from ent_audit.crawler.capture.page_facts import horizontal_overflow
from ent_audit.crawler.capture.recorder import CaptureSettings, NetworkRecorder
from ent_audit.crawler.capture.samples import low_bandwidth, repeat_visit
from ent_audit.crawler.capture.settle import NAVIGATED, explain_net_error, now_iso, settle_and_measure
from ent_audit.crawler.config import Config, ConfigError, load_config, read_urls_file, validate
from ent_audit.crawler.frontier import Frontier
from ent_audit.crawler.inputs import (
    MAX_SITEMAPS,
    ROBOTS,
    Said,
    SitemapError,
    parse_sitemap,
    robots_sitemaps,
    robots_url,
    said,
    split_by_origin,
)
from ent_audit.crawler.safety import ReadOnlyGuard, Scope
from ent_audit.crawler.safety.guard import BrowserGuard, close_context, launch_args
from ent_audit.crawler.safety.ledger import SafetyLedger
from ent_audit.crawler.urls import canonical_url, fetch_url, origin_of, redact_url, template_of
from ent_audit.i18n import N_, language

VIEWPORT = {"width": 1920, "height": 1080}
NARROW_DESKTOP = (1200, 720)  # RGESN 2.5: complete in a 1200 px wide viewport
RETRY_STATUSES = (429, 503)  # the site asks us to come back later
MAX_RETRY_AFTER_S = 60.0
MAX_RELOGINS = 20  # per profile and run: a session that keeps dying is a problem to report, not to hammer
MAX_SITEMAP_REDIRECTS = 5
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MAX_RELOGINS_PER_PAGE = 3  # a page that finds the login page again right after fresh logins is reported
# Reasons a link is not crawled that are not about safety (the rest are spared links, listed in the report).
NOT_SAFETY_REASONS = ("not http", "out of scope", "document")
# Sign-in pages met while the guard blocks writes, after which the session is judged lost to a blocked write
# (a heartbeat): the first may be an ordinary expiry, renewed by logging in again.
LOST_TO_BLOCKED_WRITE_AFTER = 2
SESSION_WRITE = re.compile(r"session|heartbeat|keep-?alive|ping|alive|touch|refresh|extend", re.IGNORECASE)


async def start_recording(page: Any, request: scrapy.Request) -> None:
    """scrapy-playwright page-init callback: runs before the navigation.

    scrapy-playwright routes every request of the page through ``page.route``, which turns the browser cache off;
    we remove that route so the load is a real first visit, and attach the CDP recorder. The read-only guard is
    the browser's own (crawler/handlers.py): it judged every request of this page before this callback ran.
    """
    await page.unroute("**")
    request.meta["ent_started"] = time.monotonic()  # the load starts now (the request may have waited in a queue)
    request.meta["ent_started_at"] = now_iso()
    try:
        slot = request.meta.get("ent_session")
        if slot is not None:  # the profile's session as it is NOW (it may have been renewed since it was queued)
            request.meta["ent_login_generation"] = slot.generation
            await slot.session.apply(page.context)
        recorder = NetworkRecorder(
            first_party_url=request.url,
            guard=request.meta.get("ent_guard"),
            coverage=request.meta.get("ent_coverage", False),
        )
        await recorder.attach(page)
        request.meta["ent_recorder"] = recorder
    except Exception as exc:  # without its recorder the page is not measured: do not load it at all
        request.meta["ent_guard_error"] = first_line(exc)
        await page.route("**", lambda route: route.abort("blockedbyclient"))


def first_line(error: Any) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:300]


# Playwright's words when Chromium died (killed, out of memory) or the page's renderer crashed.
BROWSER_GONE = (
    "Target page, context or browser has been closed",
    "Browser has been closed",
    "Target crashed",
    "Page crashed",
    "Browser closed",
    "browser has disconnected",
)


def browser_gone(error: Any) -> bool:
    text = str(error)
    return any(words in text for words in BROWSER_GONE)


async def browser_died_under(page: Any, error: Any, wait_s: float = 1.0) -> bool:
    """A load that failed because its browser died. Killed mid-load, Chromium may first fail the navigation as
    aborted (its network service gone) and only then report itself closed: an aborted load is checked against the
    browser's connection for up to ``wait_s``."""
    if browser_gone(error):
        return True
    if page is None or "net::ERR_ABORTED" not in str(error):
        return False
    deadline = time.monotonic() + wait_s
    while True:
        browser = page.context.browser
        if browser is None or not browser.is_connected():
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.1)


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

    def __init__(
        self,
        start_urls: str | list[str] = "",
        config: str | Config = "",
        max_pages: Any = None,
        max_depth: Any = None,
        profile: str = "",
        sessions: dict[str, Session] | None = None,
        resume_pages: list[dict[str, Any]] | None = None,
        frontier: Any = None,
        safety: SafetyLedger | None = None,
        **kwargs: Any,
    ) -> None:
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
        self.scope = Scope.for_config(self.config)
        self.guard = ReadOnlyGuard.for_config(self.config, self.scope)
        self.capture_settings = CaptureSettings(self.config.capture.quiet_ms, self.config.capture.settle_timeout_s)
        self.browser_ua = crawl.user_agent or browser_user_agent()
        # What the policy spared, for the report; the runner passes the run's ledger (login and Lighthouse add theirs)
        self.safety = safety if safety is not None else SafetyLedger()
        # Attached by crawler/handlers.py to every browser launched for this crawl, before its first page.
        self.browser_guard = BrowserGuard(self.guard, self.safety, client="crawl")
        self.browser_guard.refuse_websockets = not self.config.safety.websockets
        self.launch_args = launch_args(self.browser_ua, self.config.safety.websockets)
        self.lost_after_block: dict[str, int] = {}  # per profile: sign-in pages met while writes were being blocked
        self.session_dead: dict[str, dict[str, Any]] = {}  # per profile: the lost session, once told
        self.profiles = {p.name: p for p in self.config.profiles_to_run()}
        # Given by ent-audit, which logs in before the crawl; `scrapy crawl` logs in at start.
        self.sessions = {name: SessionSlot(session) for name, session in (sessions or {}).items()}
        self._login_locks: dict[str, asyncio.Lock] = {}
        self.relogins = {name: 0 for name in self.profiles}
        # A distributed worker is given the run's shared frontier (crawler.distributed.frontier.RedisFrontier).
        self.frontier = frontier or Frontier(crawl.max_pages, crawl.max_per_template)
        self.resume_pages = resume_pages or []
        self.documents: dict[str, dict[str, Any]] = {}  # linked documents already sized in this run, by URL
        self.spared_documents: set[str] = set()  # documents whose sizing the read-only policy stopped
        self.fatal_error = ""  # set when the crawl cannot go on (login refused); the runner turns it into exit 3
        self.fatal_input = False  # ... and the user's input caused it (an unusable --sitemap): exit 2 instead
        # A list of pages (--sitemap, --urls-file): exactly those are audited, the start URLs only name the site.
        self.listed = bool(crawl.sitemap or crawl.urls_file)
        self.sitemaps_asked = 0  # sitemaps (and robots.txt) fetched: at most MAX_SITEMAPS

    @property
    def scheduled(self) -> int:
        return self.frontier.scheduled()

    def context_kwargs(self, profile: str) -> dict[str, Any]:
        """A new context: the session's cookies are added when the page opens (see start_recording)."""
        kwargs: dict[str, Any] = {
            "viewport": VIEWPORT,
            "user_agent": self.browser_ua,
            "locale": "fr-FR",
            "ignore_https_errors": not self.config.crawl.verify_tls,
        }
        kwargs.update(self.sessions[profile].session.context_kwargs(include_state=False))
        return kwargs

    # -- start ------------------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        for name, profile in self.profiles.items():
            if name not in self.sessions:
                try:
                    self.sessions[name] = SessionSlot(await login(self.config, profile, self.browser_ua, self.safety))
                except LoginError as exc:
                    self.fatal_error = str(exc)
                    self.logger.error("login failed: %s", exc)
                    return
        for page in self.resume_pages:  # a resumed run: stored pages count, their links are offered again
            canonical = canonical_url(page["url"])  # stored redacted: same canonical
            if self.listed:  # a listed page is stored whatever its template: counted the same way
                self.frontier.admit(page["profile"], canonical, capped=False)
            else:
                self.frontier.admit(page["profile"], canonical)
        for page in self.resume_pages:
            if page["depth"] < self.config.crawl.max_depth:
                for link in page["links"]:
                    request = self.page_request(link, page["depth"] + 1, page["profile"])
                    if request is not None:
                        yield request
        if self.listed:
            try:
                requests = self.listed_start()
            except (CloseSpider, ConfigError) as exc:  # the sitemap refused, the URL file gone since the checks
                self.fatal_error = self.fatal_error or str(exc)
                self.logger.error("%s", self.fatal_error)
                return
            for request in requests:
                yield request
            return
        for name in self.profiles:
            for url in self.config.start_urls:
                request = self.page_request(url, 0, name)
                if request is not None:
                    yield request

    # -- lists of pages (crawler/inputs.py) --------------------------------------------------------------------
    def listed_start(self) -> list[scrapy.Request]:
        """The first requests of a listed crawl: the URL file's pages, and the sitemap (or robots.txt) to read."""
        requests: list[scrapy.Request] = []
        crawl = self.config.crawl
        if crawl.urls_file:
            requests += self.listed_pages(read_urls_file(crawl.urls_file), f"--urls-file {crawl.urls_file}")
        if crawl.sitemap == ROBOTS:
            sitemap = self.sitemap_request(robots_url(self.config.start_urls[0]), robots=True)
        elif crawl.sitemap:
            sitemap = self.sitemap_request(crawl.sitemap)
        else:
            sitemap = None
        return [*requests, *([sitemap] if sitemap is not None else [])]

    def listed_pages(self, urls: list[str], source: str) -> list[scrapy.Request]:
        """Requests for the listed pages of every profile, at depth 0 and outside the per-template cap. URLs of
        another origin are refused with one line; the safety policy judges the others as any link."""
        kept, refused = split_by_origin(urls, self.scope.origins)
        if refused:
            self.crawler.stats.inc_value("ent_audit/skipped/out_of_scope", len(refused))
            self.logger.warning(
                "%s: %d URL(s) outside %s refused (first: %s)",
                redact_url(source),
                len(refused),
                ", ".join(sorted(self.scope.origins)),
                redact_url(refused[0]),
            )
        requests = []
        over_budget = 0
        for name in self.profiles:
            for url in kept:
                before = self.crawler.stats.get_value("ent_audit/skipped/page_budget", 0)
                request = self.page_request(url, 0, name, listed=True)
                if request is not None:
                    requests.append(request)
                over_budget += self.crawler.stats.get_value("ent_audit/skipped/page_budget", 0) - before
        if over_budget:
            self.logger.warning(
                "%s: %d listed page(s) not audited: the page budget (max_pages %d) is reached",
                redact_url(source),
                over_budget,
                self.config.crawl.max_pages,
            )
        return requests

    def sitemap_request(self, url: str, level: int = 0, robots: bool = False, hops: int = 0) -> scrapy.Request | None:
        """A plain GET (no browser) of a sitemap or robots.txt, with our User-Agent and the first profile's session
        (a sitemap behind the login); judged by the read-only policy first, redirects judged hop by hop."""
        where = "robots.txt" if robots else "sitemap"
        reason = "out of scope" if url and origin_of(url) not in self.scope.origins else ""
        reason = reason or self.guard.reason_to_block("GET", url, "document")
        if reason or self.sitemaps_asked >= MAX_SITEMAPS:
            if reason and reason != "out of scope":
                self.safety.request_blocked(reason, "GET", url)
            why = reason or said(N_("more than {n} sitemaps"), n=MAX_SITEMAPS)  # the policy's reason: its own words
            self.listed_failed(
                level, said(N_("{where} {url} not fetched ({why})"), where=where, url=redact_url(url), why=why)
            )
            return None
        self.sitemaps_asked += 1
        session = self.sessions[next(iter(self.profiles))].session
        return scrapy.Request(
            url,
            callback=self.parse_robots if robots else self.parse_sitemap,
            errback=self.sitemap_failed,
            headers=session_headers(session, url),
            dont_filter=True,
            meta={"dont_redirect": True, "ent_sitemap_level": level, "ent_hops": hops, "ent_robots": robots},
        )

    def listed_failed(self, level: int, message: Said) -> None:
        """The user's own sitemap (or robots.txt) unusable: the run stops, exit 2, saying why in the run's language.
        A sitemap named by an index: one warning line (the log's English), the others are read."""
        if level == 0:
            self.fatal_error, self.fatal_input = message.translate(language()), True
            raise CloseSpider("sitemap unusable")
        self.crawler.stats.inc_value("ent_audit/sitemaps_failed")
        self.logger.warning("%s", message.translate("en"))

    def fetched(self, response: scrapy.http.Response) -> scrapy.Request | None | bool:
        """A redirect to follow (judged first), None when it was refused, True for a 200 answer to read."""
        meta = response.meta
        where = "robots.txt" if meta["ent_robots"] else "sitemap"
        location = response.headers.get("Location")
        if response.status in REDIRECT_STATUSES and location:
            if meta["ent_hops"] >= MAX_SITEMAP_REDIRECTS:
                self.listed_failed(
                    meta["ent_sitemap_level"],
                    said(N_("{where} {url}: too many redirects"), where=where, url=redact_url(response.url)),
                )
                return None
            target = response.urljoin(location.decode("latin-1"))
            return self.sitemap_request(target, meta["ent_sitemap_level"], meta["ent_robots"], meta["ent_hops"] + 1)
        if response.status != 200:
            self.listed_failed(
                meta["ent_sitemap_level"],
                said(
                    N_("{where} {url}: HTTP {status}"),
                    where=where,
                    url=redact_url(response.url),
                    status=response.status,
                ),
            )
            return None
        return True

    def parse_robots(self, response: scrapy.http.Response) -> list[scrapy.Request]:
        got = self.fetched(response)
        if got is not True:
            return [got] if isinstance(got, scrapy.Request) else []
        sitemaps = robots_sitemaps(response.body, response.url)
        if not sitemaps:
            self.listed_failed(0, said(N_("robots.txt {url} lists no Sitemap: line"), url=redact_url(response.url)))
        requests = [self.sitemap_request(url, 1) for url in sitemaps]
        return [r for r in requests if r is not None]

    def parse_sitemap(self, response: scrapy.http.Response) -> list[scrapy.Request]:
        got = self.fetched(response)
        if got is not True:
            return [got] if isinstance(got, scrapy.Request) else []
        level = response.meta["ent_sitemap_level"]
        try:
            content = parse_sitemap(response.body, response.url)
        except SitemapError as exc:
            self.listed_failed(level, said(N_("sitemap {url}: {why}"), url=redact_url(response.url), why=exc.said))
            return []
        self.crawler.stats.inc_value("ent_audit/sitemaps_read")
        if content.kind == "urlset":
            return self.listed_pages(content.urls, f"sitemap {response.url}")
        inside, refused = split_by_origin(content.urls, self.scope.origins)
        if refused:
            self.logger.warning(
                "sitemap index %s: %d sitemap(s) outside the audited site refused (first: %s)",
                redact_url(response.url),
                len(refused),
                redact_url(refused[0]),
            )
        requests = [self.sitemap_request(url, level + 1) for url in inside]
        return [r for r in requests if r is not None]

    def sitemap_failed(self, failure: Failure) -> None:
        request: scrapy.Request = failure.request  # type: ignore[attr-defined]  # set by Scrapy for an errback
        if isinstance(failure.value, IgnoreRequest):
            why: Said | str = said(N_("robots.txt disallows it"))
        else:
            why = first_line(failure.value)  # the network's own words
        where = "robots.txt" if request.meta.get("ent_robots") else "sitemap"
        self.listed_failed(
            request.meta.get("ent_sitemap_level", 0),
            said(N_("{where} {url}: {why}"), where=where, url=redact_url(request.url), why=why),
        )

    # -- requests ---------------------------------------------------------------------------------------------
    def page_request(
        self, url: str, depth: int, profile: str, words: str = "", listed: bool = False
    ) -> scrapy.Request | None:
        """The request for a page, or None when it is not to be audited (said in the statistics, and in the report
        when the safety policy spared it). ``listed``: a page of a sitemap or URL file (no per-template cap)."""
        reason = self.scope.reason_to_skip(url, words)
        if reason:
            self.crawler.stats.inc_value(f"ent_audit/skipped/{reason.replace(' ', '_')}")
            if reason not in NOT_SAFETY_REASONS:  # an action, a login page: spared, and said in the report
                self.safety.link_not_followed(reason, url)
            if depth == 0:
                self.logger.warning("%s URL %s skipped (%s)", "listed" if listed else "start", redact_url(url), reason)
            return None
        # One page per canonical URL (session ids and tracking tags dropped), but the page is asked for at the
        # address the site gave: an ENT that keeps its session in ?session_id= answers 404 without it.
        canonical = canonical_url(url)
        frontier = self.frontier
        reason = frontier.admit(profile, canonical, capped=False) if listed else frontier.admit(profile, canonical)
        if reason:
            if reason != "already queued":
                self.crawler.stats.inc_value(f"ent_audit/skipped/{reason.replace(' ', '_')}")
            return None
        return scrapy.Request(
            fetch_url(url), callback=self.parse_page, errback=self.page_failed, meta=self._page_meta(depth, profile)
        )

    def _page_meta(self, depth: int, profile: str, retries: int = 0, relogins: int = 0) -> dict[str, Any]:
        return {
            "playwright": True,
            "playwright_include_page": True,
            "playwright_context": f"page-{next_context_number()}",  # a fresh context (empty cache) per load
            "playwright_page_init_callback": start_recording,
            "playwright_context_kwargs": self.context_kwargs(profile),
            "ent_session": self.sessions[profile],
            "playwright_page_goto_kwargs": {"wait_until": "load", "timeout": self.config.crawl.page_timeout_s * 1000},
            "ent_guard": self.browser_guard,
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
        meta = self._page_meta(
            request.meta["ent_depth"],
            request.meta["ent_profile"],
            request.meta.get("ent_retries", 0) + int(retry),
            request.meta.get("ent_relogins", 0) + int(relogged),
        )
        return request.replace(meta=meta, dont_filter=True)

    def new_capture(self, request: scrapy.Request) -> PageCapture:
        return PageCapture(
            url=request.url,
            template=template_of(request.url),
            profile=request.meta.get("ent_profile", ""),
            depth=request.meta.get("ent_depth", 0),
            started_at=request.meta.get("ent_started_at", ""),
        )

    # -- callbacks --------------------------------------------------------------------------------------------
    async def parse_page(self, response: scrapy.http.Response) -> AsyncIterator[Any]:
        request = response.request
        assert request is not None  # Scrapy hands a callback the response of a request
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
        navigation_blocked = blocked_navigation(recorder, page)
        if navigation_blocked is None and await self.landed_on_login(page, response):
            await self.close_page(page, recorder)
            profile, seen = request.meta["ent_profile"], request.meta.get("ent_login_generation", 0)
            lost = self.lost_to_blocked_write(profile)
            if lost:  # logging in again would not help: the app needs the write the guard refuses
                capture = self.new_capture(request)
                capture.status, capture.final_url = response.status, response.url
                capture.error = (
                    f"logged out: the session ended after the read-only guard blocked "
                    f"{lost['blocked']['method']} {lost['blocked']['url']}"
                )
                capture.facts["logged_out"] = True
                yield capture
                return
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
        load_again = False  # the browser died under the page: load it again, in the browser started anew
        try:
            if recorder is None:
                capture.error = "the network recorder could not be attached to the page"
            else:
                await settle_and_measure(page, recorder, capture, self.capture_settings)
                navigation_blocked = navigation_blocked or blocked_navigation(recorder, page)
                capture.documents = await size_documents(page, capture.links, self.scope, self.documents, self.guard)
                for document in capture.documents:  # a sizing the policy stopped is said in the report, once
                    refused = "safety policy" in str(document.get("error") or "")
                    if refused and document["url"] not in self.spared_documents:
                        self.spared_documents.add(document["url"])
                        self.safety.request_blocked("document redirect refused", "HEAD", document["url"])
                if navigation_blocked is not None:  # it went (meta refresh, script) where the policy refuses to go
                    capture.error = (
                        f"blocked by safety: the page navigated to {navigation_blocked['url']} "
                        f"({navigation_blocked['reason']})"
                    )
                elif capture.status < 400 and "html" in capture.mime:
                    if self.take_sample(capture):
                        await self.sample_checks(page, request, capture)
                    await go_offline(recorder.session)  # the measure is over: nothing below may add traffic
                    try:
                        capture.facts["overflow_1200_px"] = await horizontal_overflow(page, *NARROW_DESKTOP)
                        if self.config.capture.accessibility:
                            capture.accessibility = await probe(
                                page, recorder.session, self.config.capture.axe_timeout_s
                            )
                    except Exception as exc:
                        if not any(words in str(exc) for words in NAVIGATED):
                            raise
                        # the page went elsewhere once measured (offline now: to an error page): the measure stands
                        capture.facts.setdefault("errors", {})["accessibility"] = (
                            "not checked: the page navigated away after it was measured"
                        )
        except Exception as exc:  # the page crashed or navigated away mid-measure: keep what was recorded
            capture.error = f"measurement interrupted: {first_line(exc)}"
            if recorder is not None:
                recorder.finish(capture)
            load_again = browser_gone(exc) and self.may_retry(request)
        finally:
            await self.close_page(page, recorder)
        if load_again:
            yield self.browser_retry(request)
            return
        capture.duration_ms = int((time.monotonic() - request.meta["ent_started"]) * 1000)
        links = list(capture.links)
        # Stored links are offered again to a resumed run, without their words: keep only those the words allow.
        capture.links = [
            link
            for link in links
            if not capture.link_words.get(link)
            or not self.scope.reason_to_skip(link, capture.link_words[link])
            or self.scope.reason_to_skip(link)
        ]
        words = capture.link_words
        yield capture  # the pipeline redacts the capture's own fields: follow the links kept here
        if capture.depth < self.config.crawl.max_depth:
            for link in links:
                follow = self.page_request(link, capture.depth + 1, capture.profile, words.get(link, ""))
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

        checks: list[tuple[str, Callable[[], Awaitable[dict[str, Any]]]]] = [
            ("repeat_visit", lambda: repeat_visit(page, request.url, self.capture_settings, timeout)),
            ("low_bandwidth", lambda: low_bandwidth(new_context, request.url, self.capture_settings, timeout)),
        ]
        for key, check in checks:
            try:
                capture.facts[key] = await check()
            except Exception as exc:  # noqa: BLE001 - the page's own measure is kept whatever happens here
                capture.facts.setdefault("errors", {})[key] = first_line(exc)
        self.crawler.stats.inc_value("ent_audit/sampled")

    async def page_failed(self, failure: Failure) -> AsyncIterator[PageCapture | scrapy.Request]:
        request: scrapy.Request = failure.request  # type: ignore[attr-defined]  # set by Scrapy for an errback
        if isinstance(failure.value, IgnoreRequest):  # robots.txt said no: nothing was loaded
            self.crawler.stats.inc_value("ent_audit/skipped/robots")
            self.logger.info("skipped by robots.txt: %s", request.url)
            return
        recorder = request.meta.get("ent_recorder")
        page = request.meta.get("playwright_page")
        if self.may_retry(request) and await browser_died_under(page, failure.value):
            await self.close_page(page, recorder)
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
            return f"timeout: the page did not finish loading within {self.config.crawl.page_timeout_s:g} s ({text})"
        if browser_gone(error):
            return f"browser closed during the load ({text})"
        return text

    def may_retry(self, request: scrapy.Request) -> bool:
        retries: int = request.meta.get("ent_retries", 0)
        return retries < self.config.crawl.retries

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
        if self.scope.policy.login_page(final):  # index.php?title=Special:UserLogin, not every index.php page
            return True
        requested = response.request.url if response.request is not None else response.url
        if final.split("#")[0] != requested.split("#")[0]:  # redirected somewhere with a password field
            try:
                password_fields: int = await page.locator("input[type=password]").count()
                return password_fields > 0
            except Exception:
                return False
        return False

    def lost_to_blocked_write(self, profile: str) -> dict[str, Any] | None:
        """The session of ``profile`` is lost because the guard blocked a write the app needs (a heartbeat PUT):
        the sign-in page came back again while writes were being blocked. Said once, on the terminal and in the
        report, with the exact config line that would allow the write; None while it is not (yet) so."""
        if profile in self.session_dead:
            return self.session_dead[profile]
        # Only a blocked write that names a session (a heartbeat to /api/session/current, a keep-alive ping) is
        # blamed: advising to allow an unrelated write (a form's POST) would be advising harm.
        writes = [(m, u) for m, u in self.safety.blocked_writes() if SESSION_WRITE.search(urlsplit(u).path)]
        if not writes:
            return None
        self.lost_after_block[profile] = self.lost_after_block.get(profile, 0) + 1
        if self.lost_after_block[profile] < LOST_TO_BLOCKED_WRITE_AFTER:
            return None
        method, url = writes[0]  # the most frequent
        line = self.guard.policy.allow_line(method, url)
        event = {
            "profile": profile,
            "blocked": {"method": method, "url": url},
            "allow_line": line,
            "blocked_writes": [{"method": m, "url": u} for m, u in writes[:10]],
        }
        self.session_dead[profile] = event
        self.safety.lost_session(event)
        self.crawler.stats.inc_value("ent_audit/session_lost_to_blocked_write")
        self.logger.warning(
            "session of profile '%s' lost: the site logged us out after the read-only guard blocked "
            "%s %s; the pages reached logged out are not audited. If this request only keeps the "
            "session alive, allow it in the config, under [safety]:\n%s",
            profile or "default",
            method,
            redact_url(url),
            line,
        )
        return event

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
                slot.session = await login(self.config, self.profiles[profile], self.browser_ua, self.safety)
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
                await close_context(page.context)
            except Exception as exc:  # already closed with the browser: nothing left to free
                self.logger.debug("closing context failed: %s", exc)


def session_headers(session: Session, url: str) -> dict[str, str]:
    """The headers that carry a profile's session on a plain (non-browser) request to ``url``: the cookies of the
    login that the URL's host, path and scheme receive (Scrapy's own cookie jar is off), and HTTP Basic
    credentials when the login was HTTP authentication (for their origin only)."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path or "/"
    cookies = []
    for cookie in (session.storage_state or {}).get("cookies") or []:
        domain = str(cookie.get("domain") or "").lstrip(".").lower()
        cookie_path = str(cookie.get("path") or "/")
        if not (host == domain or host.endswith("." + domain)):
            continue
        if not (path == cookie_path or path.startswith(cookie_path.rstrip("/") + "/")):
            continue
        if cookie.get("secure") and parts.scheme != "https":
            continue
        cookies.append(f"{cookie['name']}={cookie['value']}")
    headers = {"Cookie": "; ".join(cookies)} if cookies else {}
    credentials = session.http_credentials or {}
    if credentials.get("username") is not None:
        origin = credentials.get("origin")
        if not origin or origin_of(str(origin)) == origin_of(url):
            token = f"{credentials['username']}:{credentials.get('password', '')}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
    return headers


def blocked_navigation(recorder: NetworkRecorder | None, page: Any) -> dict[str, Any] | None:
    """The page's own navigation the guard blocked (a redirect hop, a meta refresh, a script sending the page to
    a logout URL), or None. Chromium shows its error page in the tab then. Such a page is "blocked by safety",
    never a lost session."""
    if recorder is None or page is None or not str(page.url).startswith("chrome-error:"):
        return None
    return next((b for b in reversed(recorder.blocked) if b.get("type") == "document"), None)


_context_numbers = iter(range(1, 1 << 62))


def next_context_number() -> int:
    return next(_context_numbers)
