"""The one place that talks to the browser to build a PageCapture.

Measurement rules (ARCHITECTURE.md, "Measurement definitions"):
- every response of the load is recorded from the Chrome DevTools Protocol, redirect hops included;
- transfer bytes are CDP ``encodedDataLength`` (headers + body as received on the wire);
- the load settles on network quiet (bounded), scrolls to the bottom, settles again;
- DOM elements = all elements minus the descendants of ``<svg>`` (EcoIndex method).

No request interception is active while measuring: Playwright's ``page.route`` disables the browser cache
(microsoft/playwright#7220), so an icon used as ``<img>`` and as favicon would be downloaded twice where a
real first visit downloads it once.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ent_audit.audits.minify import minify_saving
from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.audits.security import parse_set_cookie_header
from ent_audit.crawler import page_facts
from ent_audit.crawler.coverage import css_coverage, js_coverage
from ent_audit.crawler.safety.guard import BrowserGuard
from ent_audit.crawler.urls import origin_of, same_site

# Response headers kept for later rules (caching, compression, security); lower-case names.
HEADERS_OF_INTEREST = (
    "content-type", "content-encoding", "content-length", "cache-control", "etag", "last-modified", "expires",
    "strict-transport-security", "content-security-policy", "x-content-type-options", "x-frame-options",
    "referrer-policy", "permissions-policy", "location", "server", "vary",
)

# Counted in the browser, after the load has settled.
DOM_COUNT_JS = """() => document.getElementsByTagName('*').length
                      - document.querySelectorAll('svg *').length"""
# Once settled, in one round trip: height and element count after the scroll (infinite scroll), links with their own
# words, title, the icons the page names (see _set_aside_default_icon), and the first characters of the text (a file
# sent as text/html, a PDF or an office document, shows its magic).
SETTLED_STATE_JS = """() => ({
  height: document.documentElement.scrollHeight, elements: document.getElementsByTagName('*').length,
  links: Array.from(document.querySelectorAll('a[href], area[href]'), a => [a.href, [(a.textContent || '').trim()
    .slice(0, 80), a.getAttribute('title'), a.getAttribute('aria-label'), a.getAttribute('rel')].filter(Boolean)
    .join('\\n')]),
  title: document.title || '',
  icons: Array.from(document.querySelectorAll('link[rel~="icon" i]'), link => link.href),
  leading: (document.body ? (document.body.textContent || '').trimStart() : '').slice(0, 8)})"""
NOT_HTML = (("%PDF-", "a PDF document"), ("PK\u0003\u0004", "a ZIP archive or office document"))


DETACH_TIMEOUT_S = 1.0
MAX_SELF_NAVIGATIONS = 3  # a page that keeps navigating itself away is reported as interrupted after this many
NAVIGATED = ("Execution context was destroyed", "Cannot find context with specified id")


@dataclass
class CaptureSettings:
    quiet_ms: int = 500  # the network counts as quiet after this long with nothing in flight
    settle_timeout_s: float = 10.0  # bound on each wait for quiet (pages that poll never go quiet)


@dataclass
class _Pending:
    record: RequestRecord
    encoded_so_far: int = 0
    finished: bool = False
    header_bytes: int = 0  # the response's headers as received (CDP responseReceived encodedDataLength)
    extra_status: int = 0  # from responseReceivedExtraInfo: the answer's status and raw header bytes, known even
    extra_header_bytes: int = 0  # when no responseReceived follows (the last hop of a redirect loop)


# Minification estimates of the crawl's scripts and stylesheets: (url, decoded bytes, ETag or Last-Modified) ->
# (bytes, saving). One crawl is one process; the same bundle on every page is estimated once.
_MINIFY_ESTIMATES: dict[tuple[str, int, str], tuple[int, int]] = {}
MINIFY_CACHE_SIZE = 2000


@dataclass
class NetworkRecorder:
    """Collects CDP Network events of one page into RequestRecords, in the order requests started."""

    first_party_url: str
    # The browser's read-only guard (crawler/safety/guard.py) pauses and judges every request of every target
    # before it leaves; the recorder only asks it why a request of this page failed as blocked.
    guard: BrowserGuard | None = None
    records: list[RequestRecord] = field(default_factory=list)
    blocked: list[dict] = field(default_factory=list)  # requests of this page the read-only guard aborted
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _in_flight: set[str] = field(default_factory=set)
    _last_activity: float = field(default_factory=time.monotonic)
    closed: bool = False  # the visit is over: later requests (scroll probe) are counted, never recorded
    late_requests: int = 0  # requests started after the books were closed
    coverage: bool = False  # also record JavaScript and CSS coverage (RGESN 6.5)
    cookies: list[dict] = field(default_factory=list)  # Set-Cookie flags seen (never values)
    tls: dict[str, str] = field(default_factory=dict)  # origin -> TLS protocol ("TLS 1.3")
    mixed_content: list[dict] = field(default_factory=list)  # {url, type}: http:// resources of an https page
    _sheets: dict[str, dict] = field(default_factory=dict)  # CSS styleSheetId -> {url, length}
    session: Any = None

    async def attach(self, page: Any) -> None:
        """Start recording before the navigation; one CDP session per page."""
        self.session = await page.context.new_cdp_session(page)
        for event, handler in (
            ("Network.requestWillBeSent", self._on_request),
            ("Network.responseReceived", self._on_response),
            ("Network.dataReceived", self._on_data),
            ("Network.loadingFinished", self._on_finished),
            ("Network.loadingFailed", self._on_failed),
            ("Network.requestServedFromCache", self._on_memory_cache),
            ("Network.responseReceivedExtraInfo", self._on_extra_info),
            ("Network.webSocketCreated", self._on_websocket),
        ):
            self.session.on(event, handler)
        await self.session.send("Network.enable")
        if self.coverage:
            await self._start_coverage()

    # -- CDP event handlers -------------------------------------------------------------------------------
    def _on_websocket(self, params: dict) -> None:
        """WebSockets never reach the guard's interception: they are refused at launch (launch_args). Said here,
        where the page's DevTools session sees one being opened."""
        if self.guard is not None and self.guard.refuse_websockets:
            self.guard.ledger.request_blocked("websocket refused", "GET", str(params.get("url") or ""))

    def _touch(self) -> None:
        self._last_activity = time.monotonic()

    def _new_record(self, request_id: str, url: str, method: str, resource_type: str) -> None:
        if self.closed or not url.startswith(("http:", "https:")):  # data:, blob:… are not HTTP requests
            self._pending.pop(request_id, None)
            if self.closed and url.startswith(("http:", "https:")):
                self.late_requests += 1
            return
        record = RequestRecord(url=url, method=method, resource_type=(resource_type or "other").lower(),
                               third_party=not same_site(url, self.first_party_url))
        self.records.append(record)
        self._pending[request_id] = _Pending(record)
        self._in_flight.add(request_id)

    def _on_request(self, params: dict) -> None:
        self._touch()
        request_id = params["requestId"]
        redirect = params.get("redirectResponse")
        if redirect and request_id in self._pending:
            # The previous hop ends here: its bytes are the redirect response's own.
            hop = self._pending[request_id].record
            _fill_response(hop, redirect)
            hop.is_redirect = True
            hop.transfer_bytes = int(redirect.get("encodedDataLength") or 0)
        request = params["request"]
        self._new_record(request_id, request["url"], request.get("method", "GET"), params.get("type", "other"))
        mixed = request.get("mixedContentType") or "none"
        if mixed == "none" and request["url"].startswith("http:") and self.first_party_url.startswith("https:"):
            mixed = "insecure-request"  # Chromium trusts http://localhost; the Doctrine asks for no clear text at all
        if mixed != "none" and not self.closed:
            self.mixed_content.append({"url": request["url"], "type": mixed})

    def _on_response(self, params: dict) -> None:
        self._touch()
        pending = self._live(params["requestId"])
        if pending:
            _fill_response(pending.record, params["response"])
            pending.encoded_so_far = pending.header_bytes = int(params["response"].get("encodedDataLength") or 0)
            protocol = (params["response"].get("securityDetails") or {}).get("protocol")
            if protocol:
                self.tls.setdefault(origin_of(pending.record.url), protocol)

    def _on_data(self, params: dict) -> None:
        self._touch()
        pending = self._live(params["requestId"])
        if pending and not pending.finished:
            pending.record.decoded_bytes += int(params.get("dataLength") or 0)
            pending.encoded_so_far += int(params.get("encodedDataLength") or 0)
            if pending.record.resource_type in UNREAD_BODY_TYPES and _body_complete(pending):
                # Chromium ends a fetch() or XHR (loadingFinished) only once the page reads its body: one a script
                # never reads (a heartbeat, an analytics call) would hold the page "busy" until the settle bound.
                # All its bytes have arrived: it no longer counts as in flight (loadingFinished, if it comes,
                # still gives the final figure).
                self._in_flight.discard(params["requestId"])

    def _on_finished(self, params: dict) -> None:
        self._touch()
        request_id = params["requestId"]
        pending = self._live(request_id)
        # After a failed navigation Chromium shows its own error page under the same request id: not network bytes.
        if pending and not pending.finished:
            pending.record.transfer_bytes = _error_response_bytes(pending) or int(params.get("encodedDataLength") or 0)
            pending.finished = True
        self._in_flight.discard(request_id)

    def _on_failed(self, params: dict) -> None:
        self._touch()
        request_id = params["requestId"]
        pending = self._live(request_id)
        if pending:
            pending.record.failed = params.get("errorText") or "failed"
            reason = self.guard.verdict(request_id) if self.guard is not None else ""
            if reason:
                self.blocked.append({"method": pending.record.method, "url": pending.record.url, "reason": reason,
                                     "type": pending.record.resource_type})
            if params.get("blockedReason") == "mixed-content":
                self.mixed_content.append({"url": pending.record.url, "type": "blocked"})
            pending.record.transfer_bytes = _bytes_before_failure(pending)
            pending.finished = True
        self._in_flight.discard(request_id)

    def _live(self, request_id: str) -> _Pending | None:
        """The request's entry while the books are open; once the capture is handed over (finish) its records no
        longer change (a slow answer arriving while the page closes is not part of the visit)."""
        return None if self.closed else self._pending.get(request_id)

    def _on_extra_info(self, params: dict) -> None:
        """Set-Cookie only shows in the raw headers of the extra-info event; values are dropped on parsing."""
        pending = self._live(params["requestId"])
        if pending and params.get("statusCode"):
            pending.extra_status = int(params["statusCode"])
            pending.extra_header_bytes = len((params.get("headersText") or "").encode("latin-1", "replace"))
        headers = params.get("headers") or {}
        raw = next((v for k, v in headers.items() if k.lower() == "set-cookie"), "")
        if not raw or self.closed:
            return
        where = origin_of(pending.record.url) if pending else ""
        for cookie in parse_set_cookie_header(raw):
            self.cookies.append({**cookie, "origin": where})

    def _on_style_sheet(self, params: dict) -> None:
        header = params.get("header") or {}
        self._sheets[header.get("styleSheetId", "")] = {"url": header.get("sourceURL") or "",
                                                        "length": int(header.get("length") or 0)}

    # -- coverage (RGESN 6.5) --------------------------------------------------------------------------------
    async def _start_coverage(self) -> None:
        self.session.on("CSS.styleSheetAdded", self._on_style_sheet)
        await self.session.send("Profiler.enable")
        await self.session.send("Profiler.startPreciseCoverage", {"callCount": False, "detailed": False})
        await self.session.send("DOM.enable")
        await self.session.send("CSS.enable")
        await self.session.send("CSS.startRuleUsageTracking")

    async def take_coverage(self) -> dict:
        """Unused bytes per script and stylesheet URL, heaviest waste first; {} when coverage was not started."""
        if not self.coverage or self.session is None:
            return {}
        scripts = (await self.session.send("Profiler.takePreciseCoverage")).get("result") or []
        rules = (await self.session.send("CSS.stopRuleUsageTracking")).get("ruleUsage") or []
        await self.session.send("Profiler.stopPreciseCoverage")

        def listed(usage: dict[str, dict]) -> list[dict]:
            return sorted(({"url": url, **numbers} for url, numbers in usage.items()), key=lambda e: -e["unused"])

        return {"js": listed(js_coverage(scripts)), "css": listed(css_coverage(self._sheets, rules))}

    async def minify_estimates(self, limit: int = 20, max_bytes: int = 2_000_000) -> list[dict]:
        """RGESN 6.3: bytes minification would save on the page's scripts and stylesheets over 1 KB, read from
        the browser's memory (no new request). A file met again in the crawl (same URL, size and validator: the
        shared bundle of every page) reuses its estimate; a new one is estimated in a worker thread, so the event
        loop (and the requests the read-only guard holds) is not kept waiting by the regular expressions."""
        estimates = []
        for request_id, pending in list(self._pending.items()):
            record = pending.record
            if (record.resource_type not in ("script", "stylesheet") or record.status != 200 or record.from_cache
                    or not 1024 < record.decoded_bytes <= max_bytes):
                continue
            key = (record.url, record.decoded_bytes,
                   record.headers.get("etag") or record.headers.get("last-modified") or "")
            known = _MINIFY_ESTIMATES.get(key)
            if known is None:
                try:
                    body = await self.session.send("Network.getResponseBody", {"requestId": request_id})
                except Exception:  # evicted from the browser's buffer: not judged
                    continue
                if body.get("base64Encoded"):
                    continue
                text = body.get("body") or ""
                saving = await asyncio.to_thread(minify_saving, text, record.resource_type)
                known = _MINIFY_ESTIMATES[key] = (len(text.encode("utf-8")), saving)
                if len(_MINIFY_ESTIMATES) > MINIFY_CACHE_SIZE:  # oldest first out
                    del _MINIFY_ESTIMATES[next(iter(_MINIFY_ESTIMATES))]
            estimates.append({"url": record.url, "kind": record.resource_type, "bytes": known[0],
                              "saving": known[1]})
            if len(estimates) >= limit:
                break
        return estimates

    def _on_memory_cache(self, params: dict) -> None:
        pending = self._pending.get(params["requestId"])
        if pending:
            pending.record.from_cache = True

    # -- waiting ------------------------------------------------------------------------------------------
    async def wait_quiet(self, settings: CaptureSettings) -> bool:
        """Wait until nothing is in flight and nothing started for ``quiet_ms``; False when the bound hit."""
        deadline = time.monotonic() + settings.settle_timeout_s
        quiet_s = settings.quiet_ms / 1000
        while True:
            now = time.monotonic()
            if not self._in_flight and now - self._last_activity >= quiet_s:
                return True
            if now >= deadline:
                return False
            await asyncio.sleep(min(0.05, quiet_s / 4))

    def finalize(self) -> list[RequestRecord]:
        """Close the books: requests still open keep the bytes already received."""
        for pending in self._pending.values():
            if not pending.finished:
                pending.record.transfer_bytes = pending.encoded_so_far
                if not pending.record.failed and not _body_complete(pending):
                    pending.record.failed = "unfinished when the capture ended"
        return self.records

    def finish(self, capture: PageCapture) -> PageCapture:
        """Hand what was recorded to the capture; requests that start later are not part of the visit."""
        self.closed = True
        capture.requests = self.finalize()
        capture.blocked = list(self.blocked)
        capture.facts.update(cookies=list(self.cookies), tls=dict(self.tls), mixed_content=list(self.mixed_content))
        return capture

    async def detach(self) -> None:
        if self.session is not None:
            try:  # bounded: Chromium answers a detach only once a pending navigation ends (a server that hangs)
                await asyncio.wait_for(self.session.detach(), DETACH_TIMEOUT_S)
            except Exception:  # the page may already be gone, or the context is closed next anyway
                pass


UNREAD_BODY_TYPES = ("fetch", "xhr")


def _content_length(record: RequestRecord) -> int | None:
    """The response's Content-Length, None when it has none (a chunked body) or a malformed one."""
    length = record.headers.get("content-length", "")
    return int(length) if length.isdigit() else None


def _body_complete(pending: _Pending) -> bool:
    """Every byte of the body its Content-Length announced has arrived (a chunked body cannot tell)."""
    length = _content_length(pending.record)
    return (length is not None and length > 0 and pending.header_bytes > 0
            and pending.encoded_so_far - pending.header_bytes >= length)


def _error_response_bytes(pending: _Pending) -> int:
    """Bytes of a sub-resource answered 4xx/5xx with a Content-Length: headers received + Content-Length, i.e. what
    the server sent; 0 when that does not apply. Chromium's own figure is wrong there: it cancels a failed script or
    stylesheet after the headers (the body it discards is not counted) and reports the decoded body length of a
    failed image (not its wire bytes, nor its headers). Checked against the demo server's log (tests/test_faults.py)."""
    record = pending.record
    length = _content_length(record)
    if record.status < 400 or record.resource_type == "document" or record.method != "GET" or length is None:
        return 0
    return pending.header_bytes + length


def _bytes_before_failure(pending: _Pending) -> int:
    """What did arrive before a request failed. Chromium reports no wire bytes for the body of a response cut short
    (its dataReceived events carry encodedDataLength 0), so an identity-coded body counts its decoded length, which
    is the same on the wire; the last answer of a redirect loop has no responseReceived, only its raw headers."""
    record = pending.record
    if not record.status and pending.extra_status:
        record.status = pending.extra_status
        record.is_redirect = 300 <= record.status < 400
        return pending.extra_header_bytes
    complete = _error_response_bytes(pending)
    if complete:
        return complete
    if pending.encoded_so_far == pending.header_bytes and not record.content_encoding:
        return pending.header_bytes + record.decoded_bytes
    return pending.encoded_so_far


def _fill_response(record: RequestRecord, response: dict) -> None:
    headers = {k.lower(): str(v) for k, v in (response.get("headers") or {}).items()}
    record.status = int(response.get("status") or 0)
    record.mime = response.get("mimeType") or ""
    record.protocol = response.get("protocol") or ""
    record.content_encoding = headers.get("content-encoding", "")
    record.from_cache = bool(response.get("fromDiskCache") or response.get("fromPrefetchCache")
                             or response.get("fromServiceWorker") or record.from_cache)
    record.headers = {k: headers[k] for k in HEADERS_OF_INTEREST if k in headers}


async def settle_and_measure(page: Any, recorder: NetworkRecorder, capture: PageCapture,
                             settings: CaptureSettings) -> PageCapture:
    """After navigation: settle, scroll to trigger lazy loading, settle, then count DOM and collect links and the
    page facts the Durable and Responsable rules judge."""
    started = time.monotonic()
    for navigations in range(MAX_SELF_NAVIGATIONS + 1):
        try:
            before_scroll, settled = await _settle(page, recorder, capture, settings)
            break
        except Exception as exc:
            if navigations == MAX_SELF_NAVIGATIONS or not any(words in str(exc) for words in NAVIGATED):
                raise
            # The page navigated itself away (location.replace, a refresh) while being measured: measure the
            # document it lands on; the requests of both documents belong to the visit.
            capture.facts["self_navigations"] = navigations + 1
            await page.wait_for_load_state("load", timeout=settings.settle_timeout_s * 1000)
            await recorder.wait_quiet(settings)
    await _optional(capture, "page", page_facts.collect(page), merge=True)
    await _optional(capture, "coverage", recorder.take_coverage())
    await _optional(capture, "minify", recorder.minify_estimates())
    recorder.finish(capture)
    _set_aside_default_icon(capture, settled)
    document = next((r for r in capture.requests if r.resource_type == "document" and not r.is_redirect), None)
    if document is not None:
        capture.status = document.status
        capture.mime = document.mime
        if document.failed and not capture.error:  # the load event came, yet the document is incomplete
            capture.error = explain_net_error(document.failed)
    if "html" in capture.mime and not capture.error:
        leading = str(settled.get("leading") or "")
        kind = next((name for magic, name in NOT_HTML if leading.startswith(magic)), "")
        if kind:
            capture.error = f"not an HTML page: the server sent {kind} as {capture.mime}"
    after_scroll = {"height": settled.get("height", 0), "elements": settled.get("elements", 0)}
    await _optional(capture, "scroll", page_facts.probe_infinite_scroll(page, recorder, settings, before_scroll,
                                                                       after_scroll))
    capture.duration_ms += int((time.monotonic() - started) * 1000)
    return capture


def _set_aside_default_icon(capture: PageCapture, settled: dict) -> None:
    """Chromium asks on its own for /favicon.ico of a page that names no icon. When the site serves one, it asks on
    every page, and that request is part of each page's first visit: counted. When the answer is an error (no icon,
    the demo's case and many ENTs'), Chromium remembers the icon as missing and never asks again in that browser,
    in any context: counted, that one request would land on whichever icon-less page came first (a different page
    in each worker of a distributed crawl), so two audits of one site would differ by chance. That failed request
    is set aside. Icons a page names in <link rel=icon> are the page's own and always counted."""
    if settled.get("icons") or not capture.final_url.startswith(("http:", "https:")):
        return
    default_icon = origin_of(capture.final_url) + "/favicon.ico"
    capture.requests[:] = [r for r in capture.requests
                           if not (r.url == default_icon and r.resource_type == "other"
                                   and (r.status >= 400 or not r.status))]


async def _settle(page: Any, recorder: NetworkRecorder, capture: PageCapture,
                  settings: CaptureSettings) -> tuple[dict, dict]:
    """Settle, scroll, settle, count: the part of the measure that starts again when the page navigates away.
    Returns the page's state before the scroll and once settled (SETTLED_STATE_JS)."""
    at_load = int(await page.evaluate(DOM_COUNT_JS))
    quiet = await recorder.wait_quiet(settings)
    before_scroll = await page.evaluate(page_facts.SCROLL_DOWN_JS)
    quiet = await recorder.wait_quiet(settings) and quiet
    capture.dom_elements, stable = await wait_dom_stable(page, recorder, settings, at_load)
    quiet = quiet and stable
    settled = await page.evaluate(SETTLED_STATE_JS)
    for href, words in settled.get("links") or []:  # the link's words let the policy see "Se déconnecter"
        if words and href not in capture.link_words:
            capture.link_words[href] = words
    capture.links = list(dict.fromkeys(href for href, _ in settled.get("links") or []))
    capture.title = str(settled.get("title") or "")
    capture.final_url = page.url
    capture.settled = quiet
    return before_scroll, settled


async def _optional(capture: PageCapture, key: str, facts: Awaitable[Any], merge: bool = False) -> None:
    """A fact that cannot be read (odd page, closed target) is noted, never a reason to lose the measurement."""
    try:
        value = await facts
    except Exception as exc:  # noqa: BLE001 - any failure here only leaves the rule without its fact
        capture.facts.setdefault("errors", {})[key] = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        return
    if merge:
        capture.facts.update(value)
    else:
        capture.facts[key] = value


async def wait_dom_stable(page: Any, recorder: NetworkRecorder, settings: CaptureSettings,
                          earlier: int) -> tuple[int, bool]:
    """A single-page app may still be rendering after the network went quiet. A count equal to the one taken at
    ``load`` (a static page) is stable; otherwise it must hold still over half a quiet window (bounded).
    Returns the final count and whether it held still in time."""
    deadline = time.monotonic() + settings.settle_timeout_s
    count = int(await page.evaluate(DOM_COUNT_JS))
    if count == earlier:
        return count, True
    while True:
        await asyncio.sleep(settings.quiet_ms / 2000)
        await recorder.wait_quiet(settings)
        again = int(await page.evaluate(DOM_COUNT_JS))
        if again == count:
            return count, True
        if time.monotonic() >= deadline:
            return again, False
        count = again


NET_ERRORS = (
    (("ERR_TOO_MANY_REDIRECTS",), "redirect loop: the page redirected again and again"),
    (("ERR_CONTENT_LENGTH_MISMATCH", "ERR_INCOMPLETE_CHUNKED_ENCODING", "ERR_EMPTY_RESPONSE", "ERR_CONNECTION_CLOSED",
      "ERR_CONNECTION_RESET", "ERR_CONNECTION_ABORTED", "ERR_HTTP2_PROTOCOL_ERROR"),
     "connection closed by the server before the page was complete"),
    (("ERR_CONNECTION_REFUSED",), "connection refused"),
    (("ERR_NAME_NOT_RESOLVED",), "host name not found"),
    (("ERR_TIMED_OUT", "ERR_CONNECTION_TIMED_OUT"), "timeout: the server did not answer"),
)


def explain_net_error(text: str) -> str:
    """A browser network error as a person reads it, the original kept in brackets."""
    for codes, meaning in NET_ERRORS:
        code = next((c for c in codes if c in text), "")
        if code:
            return f"{meaning} (net::{code})"
    return text


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
