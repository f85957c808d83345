"""The CDP event bookkeeping of a page load, fed with hand-written events (no browser)."""

import asyncio

from ent_audit.crawler.capture.recorder import CaptureSettings, NetworkRecorder

PAGE = "http://127.0.0.1:8000/"


def response(status, encoded=0, mime="text/html", **extra):
    return {
        "status": status,
        "mimeType": mime,
        "encodedDataLength": encoded,
        "protocol": "http/1.1",
        "headers": {"Content-Type": mime, "Content-Encoding": extra.pop("encoding", ""), **extra},
    }


def feed(recorder, events):
    handlers = {
        "requestWillBeSent": recorder._on_request,
        "responseReceived": recorder._on_response,
        "dataReceived": recorder._on_data,
        "loadingFinished": recorder._on_finished,
        "loadingFailed": recorder._on_failed,
        "requestServedFromCache": recorder._on_memory_cache,
    }
    for name, params in events:
        handlers[name](params)


def request(request_id, url, kind="Document", redirect=None):
    params = {"requestId": request_id, "request": {"url": url, "method": "GET"}, "type": kind}
    if redirect:
        params["redirectResponse"] = redirect
    return ("requestWillBeSent", params)


def test_redirect_hops_are_responses_of_their_own():
    recorder = NetworkRecorder(PAGE)
    feed(
        recorder,
        [
            request("1", PAGE + "old"),
            request("1", PAGE, redirect=response(301, 127, Location="/")),
            ("responseReceived", {"requestId": "1", "response": response(200, 180)}),
            ("dataReceived", {"requestId": "1", "dataLength": 5000, "encodedDataLength": 1200}),
            ("loadingFinished", {"requestId": "1", "encodedDataLength": 1380}),
        ],
    )
    hop, page = recorder.finalize()
    assert (hop.url, hop.status, hop.is_redirect, hop.transfer_bytes) == (PAGE + "old", 301, True, 127)
    assert (page.url, page.status, page.transfer_bytes, page.decoded_bytes) == (PAGE, 200, 1380, 5000)
    assert not recorder._in_flight


def test_memory_cache_hits_transfer_nothing_and_are_not_counted():
    recorder = NetworkRecorder(PAGE)
    feed(
        recorder,
        [
            request("2", PAGE + "logo.svg", "Other"),
            ("requestServedFromCache", {"requestId": "2"}),
            ("responseReceived", {"requestId": "2", "response": response(200, 0, "image/svg+xml")}),
            ("loadingFinished", {"requestId": "2", "encodedDataLength": 0}),
        ],
    )
    (record,) = recorder.finalize()
    assert record.from_cache and record.transfer_bytes == 0 and not record.received


def test_data_urls_are_not_requests():
    recorder = NetworkRecorder(PAGE)
    feed(
        recorder,
        [
            request("3", "data:image/svg+xml,%3Csvg/%3E", "Image"),
            ("loadingFinished", {"requestId": "3", "encodedDataLength": 0}),
        ],
    )
    assert recorder.finalize() == [] and not recorder._in_flight


def test_failed_and_unfinished_requests_keep_the_bytes_that_arrived():
    recorder = NetworkRecorder(PAGE)
    feed(
        recorder,
        [
            request("4", PAGE + "big.png", "Image"),
            ("responseReceived", {"requestId": "4", "response": response(200, 150, "image/png")}),
            ("dataReceived", {"requestId": "4", "dataLength": 4000, "encodedDataLength": 4000}),
            ("loadingFailed", {"requestId": "4", "errorText": "net::ERR_CONNECTION_RESET"}),
            request("5", "http://127.0.0.2:9000/poll", "XHR"),
            ("responseReceived", {"requestId": "5", "response": response(200, 90, "application/json")}),
        ],
    )
    failed, unfinished = recorder.finalize()
    assert (failed.transfer_bytes, failed.failed) == (4150, "net::ERR_CONNECTION_RESET")
    assert unfinished.transfer_bytes == 90 and unfinished.failed and unfinished.third_party


def test_headers_of_interest_are_kept_lower_case():
    recorder = NetworkRecorder(PAGE)
    feed(
        recorder,
        [
            request("6", PAGE + "app.js", "Script"),
            (
                "responseReceived",
                {
                    "requestId": "6",
                    "response": response(
                        200,
                        100,
                        "text/javascript",
                        encoding="gzip",
                        **{"Cache-Control": "max-age=60", "Set-Cookie": "s=secret"},
                    ),
                },
            ),
        ],
    )
    (record,) = recorder.records
    assert record.content_encoding == "gzip" and record.headers["cache-control"] == "max-age=60"
    assert "set-cookie" not in record.headers


def test_wait_quiet_returns_false_when_the_network_never_settles():
    recorder = NetworkRecorder(PAGE)
    feed(recorder, [request("7", PAGE + "poll", "XHR")])
    assert asyncio.run(recorder.wait_quiet(CaptureSettings(quiet_ms=50, settle_timeout_s=0.3))) is False
    feed(recorder, [("loadingFinished", {"requestId": "7", "encodedDataLength": 10})])
    assert asyncio.run(recorder.wait_quiet(CaptureSettings(quiet_ms=50, settle_timeout_s=2))) is True


def test_chromiums_error_page_after_a_blocked_navigation_is_not_counted():
    """A blocked redirect hop fails; Chromium then renders its error page under the same request id."""
    recorder = NetworkRecorder(PAGE)
    feed(
        recorder,
        [
            request("9", PAGE + "raccourci"),
            request("9", PAGE + "auth/logout", redirect=response(302, 211, Location="/auth/logout")),
            ("loadingFailed", {"requestId": "9", "errorText": "net::ERR_BLOCKED_BY_CLIENT"}),
            ("dataReceived", {"requestId": "9", "dataLength": 250561, "encodedDataLength": 0}),
            ("loadingFinished", {"requestId": "9", "encodedDataLength": 250561}),
        ],
    )
    hop, blocked = recorder.finalize()
    assert hop.transfer_bytes == 211 and blocked.transfer_bytes == 0 and blocked.decoded_bytes == 0


def test_a_page_whose_guard_cannot_be_attached_is_not_loaded():
    """Fail closed: the init callback replaces the guard by a route that aborts every request."""
    from ent_audit.crawler.spiders.ent import start_recording

    class BrokenContext:
        async def new_cdp_session(self, page):
            raise RuntimeError("CDP unavailable")

    class Page:
        context = BrokenContext()
        routes = []

        async def unroute(self, pattern):
            pass

        async def route(self, pattern, handler):
            self.routes.append((pattern, handler))

    class Request:
        url = PAGE
        meta: dict = {}

    page, request = Page(), Request()
    asyncio.run(start_recording(page, request))
    assert "CDP unavailable" in request.meta["ent_guard_error"] and "ent_recorder" not in request.meta
    assert page.routes and page.routes[0][0] == "**"


def test_minify_estimates_read_a_shared_bundle_once_per_crawl():
    """The same script on two pages (same URL, size, ETag): its body is read and estimated once; another
    version (other ETag) is estimated again."""
    from ent_audit.crawler.capture import recorder as capture

    bundle = "function  add ( a , b ) {\n    // a comment that minification removes\n    return a + b ;\n}\n" * 40

    class Session:
        reads = 0

        async def send(self, method, params=None):
            assert method == "Network.getResponseBody"
            Session.reads += 1
            return {"body": bundle, "base64Encoded": False}

    def page(etag):
        recorder = NetworkRecorder(PAGE)
        recorder.session = Session()
        js = response(200, 900, "application/javascript", etag=etag)
        feed(
            recorder,
            [
                request("9", PAGE + "app.js", "Script"),
                ("responseReceived", {"requestId": "9", "response": js}),
                ("dataReceived", {"requestId": "9", "dataLength": len(bundle), "encodedDataLength": 900}),
                ("loadingFinished", {"requestId": "9", "encodedDataLength": 900}),
            ],
        )
        return asyncio.run(recorder.minify_estimates())

    capture._MINIFY_ESTIMATES.clear()
    first, second, other = page('"v1"'), page('"v1"'), page('"v2"')
    assert first == second and first[0]["saving"] > 1000 and first[0]["bytes"] == len(bundle)
    assert other == first and Session.reads == 2  # read for v1 once, then for v2


def test_chromiums_own_request_for_a_missing_favicon_is_set_aside():
    """A missing /favicon.ico is asked for once per browser session, by whichever icon-less page comes first: set
    aside. One that exists is asked for by every page (counted), as are an icon the page names and /favicon.ico
    loaded by the page itself (an <img>)."""
    from ent_audit.audits.model import PageCapture, RequestRecord
    from ent_audit.crawler.capture.settle import _set_aside_default_icon

    def capture(*records):
        return PageCapture(
            url=PAGE + "page",
            final_url=PAGE + "page",
            requests=[
                RequestRecord(url=PAGE + "page", resource_type="document", status=200, transfer_bytes=500),
                *records,
            ],
        )

    browser_ask = RequestRecord(url=PAGE + "favicon.ico", resource_type="other", status=404, transfer_bytes=300)
    icon_less = capture(browser_ask)
    _set_aside_default_icon(icon_less, {"icons": []})
    assert (icon_less.request_count, icon_less.transfer_bytes) == (1, 500)

    existing = capture(RequestRecord(url=PAGE + "favicon.ico", resource_type="other", status=200, transfer_bytes=300))
    _set_aside_default_icon(existing, {"icons": []})
    assert (existing.request_count, existing.transfer_bytes) == (2, 800)

    named = capture(RequestRecord(url=PAGE + "favicon.ico", resource_type="other", status=404, transfer_bytes=300))
    _set_aside_default_icon(named, {"icons": [PAGE + "favicon.ico"]})
    assert named.request_count == 2

    as_image = capture(RequestRecord(url=PAGE + "favicon.ico", resource_type="image", status=404, transfer_bytes=300))
    _set_aside_default_icon(as_image, {"icons": []})
    assert as_image.request_count == 2


def test_a_fetch_whose_body_is_never_read_is_done_once_its_bytes_are_in():
    """Chromium sends loadingFinished for a fetch() only when the page reads the body (seen with a heartbeat PUT
    whose answer no script reads): once Content-Length bytes arrived, the page is not kept "busy" by it."""
    recorder = NetworkRecorder(PAGE)
    feed(
        recorder,
        [
            request("7", PAGE + "api/session/current/", "Fetch"),
            (
                "responseReceived",
                {"requestId": "7", "response": response(200, 216, "application/json", **{"Content-Length": "39"})},
            ),
            ("dataReceived", {"requestId": "7", "dataLength": 19, "encodedDataLength": 20}),
        ],
    )
    assert recorder._in_flight == {"7"}  # half the body: still in flight
    feed(recorder, [("dataReceived", {"requestId": "7", "dataLength": 0, "encodedDataLength": 19})])
    assert not recorder._in_flight
    settings = CaptureSettings(quiet_ms=50, settle_timeout_s=5)
    assert asyncio.run(recorder.wait_quiet(settings)) is True
    (record,) = recorder.finalize()
    assert (record.transfer_bytes, record.decoded_bytes, record.failed) == (255, 19, "")


def test_a_script_with_its_whole_body_in_still_waits_for_loading_finished():
    recorder = NetworkRecorder(PAGE)
    feed(
        recorder,
        [
            request("8", PAGE + "app.js", "Script"),
            (
                "responseReceived",
                {"requestId": "8", "response": response(200, 200, "text/javascript", **{"Content-Length": "100"})},
            ),
            ("dataReceived", {"requestId": "8", "dataLength": 100, "encodedDataLength": 100}),
        ],
    )
    assert recorder._in_flight == {"8"}  # only fetch and XHR bodies may be left unread
