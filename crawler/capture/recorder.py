"""The recorder of a page load: every request the load makes, from the Chrome DevTools Protocol, into RequestRecords.

Measurement rules (ARCHITECTURE.md, "Measurement definitions"):
- every response of the load is recorded from the Chrome DevTools Protocol, redirect hops included;
- transfer bytes are CDP ``encodedDataLength`` (headers + body as received on the wire).
The load itself (settle, scroll, count) is in settle.py.

No request interception is active while measuring: Playwright's ``page.route`` disables the browser cache
(microsoft/playwright#7220), so an icon used as ``<img>`` and as favicon would be downloaded twice where a
real first visit downloads it once.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from ent_audit.audits.minify import minify_saving
from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.audits.security import parse_set_cookie_header
from ent_audit.crawler.capture.coverage import css_coverage, js_coverage
from ent_audit.crawler.safety.guard import BrowserGuard
from ent_audit.crawler.urls import origin_of, same_site

# Response headers kept for later rules (caching, compression, security); lower-case names.
HEADERS_OF_INTEREST = (
    "content-type",
    "content-encoding",
    "content-length",
    "cache-control",
    "etag",
    "last-modified",
    "expires",
    "strict-transport-security",
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "permissions-policy",
    "location",
    "server",
    "vary",
)

DETACH_TIMEOUT_S = 1.0


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
    blocked: list[dict[str, Any]] = field(default_factory=list)  # requests of this page the read-only guard aborted
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _in_flight: set[str] = field(default_factory=set)
    _last_activity: float = field(default_factory=time.monotonic)
    closed: bool = False  # the visit is over: later requests (scroll probe) are counted, never recorded
    late_requests: int = 0  # requests started after the books were closed
    coverage: bool = False  # also record JavaScript and CSS coverage (RGESN 6.5)
    cookies: list[dict[str, Any]] = field(default_factory=list)  # Set-Cookie flags seen (never values)
    tls: dict[str, str] = field(default_factory=dict)  # origin -> TLS protocol ("TLS 1.3")
    mixed_content: list[dict[str, Any]] = field(default_factory=list)  # {url, type}: http:// resources of an https page
    _sheets: dict[str, dict[str, Any]] = field(default_factory=dict)  # CSS styleSheetId -> {url, length}
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
    def _on_websocket(self, params: dict[str, Any]) -> None:
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
        record = RequestRecord(
            url=url,
            method=method,
            resource_type=(resource_type or "other").lower(),
            third_party=not same_site(url, self.first_party_url),
        )
        self.records.append(record)
        self._pending[request_id] = _Pending(record)
        self._in_flight.add(request_id)

    def _on_request(self, params: dict[str, Any]) -> None:
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

    def _on_response(self, params: dict[str, Any]) -> None:
        self._touch()
        pending = self._live(params["requestId"])
        if pending:
            _fill_response(pending.record, params["response"])
            pending.encoded_so_far = pending.header_bytes = int(params["response"].get("encodedDataLength") or 0)
            protocol = (params["response"].get("securityDetails") or {}).get("protocol")
            if protocol:
                self.tls.setdefault(origin_of(pending.record.url), protocol)

    def _on_data(self, params: dict[str, Any]) -> None:
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

    def _on_finished(self, params: dict[str, Any]) -> None:
        self._touch()
        request_id = params["requestId"]
        pending = self._live(request_id)
        # After a failed navigation Chromium shows its own error page under the same request id: not network bytes.
        if pending and not pending.finished:
            pending.record.transfer_bytes = _error_response_bytes(pending) or int(params.get("encodedDataLength") or 0)
            pending.finished = True
        self._in_flight.discard(request_id)

    def _on_failed(self, params: dict[str, Any]) -> None:
        self._touch()
        request_id = params["requestId"]
        pending = self._live(request_id)
        if pending:
            pending.record.failed = params.get("errorText") or "failed"
            reason = self.guard.verdict(request_id) if self.guard is not None else ""
            if reason:
                self.blocked.append(
                    {
                        "method": pending.record.method,
                        "url": pending.record.url,
                        "reason": reason,
                        "type": pending.record.resource_type,
                    }
                )
            if params.get("blockedReason") == "mixed-content":
                self.mixed_content.append({"url": pending.record.url, "type": "blocked"})
            pending.record.transfer_bytes = _bytes_before_failure(pending)
            pending.finished = True
        self._in_flight.discard(request_id)

    def _live(self, request_id: str) -> _Pending | None:
        """The request's entry while the books are open; once the capture is handed over (finish) its records no
        longer change (a slow answer arriving while the page closes is not part of the visit)."""
        return None if self.closed else self._pending.get(request_id)

    def _on_extra_info(self, params: dict[str, Any]) -> None:
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

    def _on_style_sheet(self, params: dict[str, Any]) -> None:
        header = params.get("header") or {}
        self._sheets[header.get("styleSheetId", "")] = {
            "url": header.get("sourceURL") or "",
            "length": int(header.get("length") or 0),
        }

    # -- coverage (RGESN 6.5) --------------------------------------------------------------------------------
    async def _start_coverage(self) -> None:
        self.session.on("CSS.styleSheetAdded", self._on_style_sheet)
        await self.session.send("Profiler.enable")
        await self.session.send("Profiler.startPreciseCoverage", {"callCount": False, "detailed": False})
        await self.session.send("DOM.enable")
        await self.session.send("CSS.enable")
        await self.session.send("CSS.startRuleUsageTracking")

    async def take_coverage(self) -> dict[str, Any]:
        """Unused bytes per script and stylesheet URL, heaviest waste first; {} when coverage was not started."""
        if not self.coverage or self.session is None:
            return {}
        scripts = (await self.session.send("Profiler.takePreciseCoverage")).get("result") or []
        rules = (await self.session.send("CSS.stopRuleUsageTracking")).get("ruleUsage") or []
        await self.session.send("Profiler.stopPreciseCoverage")

        def listed(usage: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
            return sorted(({"url": url, **numbers} for url, numbers in usage.items()), key=lambda e: -e["unused"])

        return {"js": listed(js_coverage(scripts)), "css": listed(css_coverage(self._sheets, rules))}

    async def minify_estimates(self, limit: int = 20, max_bytes: int = 2_000_000) -> list[dict[str, Any]]:
        """RGESN 6.3: bytes minification would save on the page's scripts and stylesheets over 1 KB, read from
        the browser's memory (no new request). A file met again in the crawl (same URL, size and validator: the
        shared bundle of every page) reuses its estimate; a new one is estimated in a worker thread, so the event
        loop (and the requests the read-only guard holds) is not kept waiting by the regular expressions."""
        estimates = []
        for request_id, pending in list(self._pending.items()):
            record = pending.record
            if (
                record.resource_type not in ("script", "stylesheet")
                or record.status != 200
                or record.from_cache
                or not 1024 < record.decoded_bytes <= max_bytes
            ):
                continue
            key = (
                record.url,
                record.decoded_bytes,
                record.headers.get("etag") or record.headers.get("last-modified") or "",
            )
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
            estimates.append({"url": record.url, "kind": record.resource_type, "bytes": known[0], "saving": known[1]})
            if len(estimates) >= limit:
                break
        return estimates

    def _on_memory_cache(self, params: dict[str, Any]) -> None:
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
    return (
        length is not None
        and length > 0
        and pending.header_bytes > 0
        and pending.encoded_so_far - pending.header_bytes >= length
    )


def _error_response_bytes(pending: _Pending) -> int:
    """Bytes of a sub-resource answered 4xx/5xx with a Content-Length: headers received + Content-Length, i.e. what
    the server sent; 0 when that does not apply. Chromium's own figure is wrong there: it cancels a failed script or
    stylesheet after the headers (the body it discards is not counted) and reports the decoded body length of a
    failed image (not its wire bytes, nor its headers). Checked against the demo server's log
    (tests/crawler/test_faults.py)."""
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


def _fill_response(record: RequestRecord, response: dict[str, Any]) -> None:
    headers = {k.lower(): str(v) for k, v in (response.get("headers") or {}).items()}
    record.status = int(response.get("status") or 0)
    record.mime = response.get("mimeType") or ""
    record.protocol = response.get("protocol") or ""
    record.content_encoding = headers.get("content-encoding", "")
    record.from_cache = bool(
        response.get("fromDiskCache")
        or response.get("fromPrefetchCache")
        or response.get("fromServiceWorker")
        or record.from_cache
    )
    record.headers = {k: headers[k] for k in HEADERS_OF_INTEREST if k in headers}
