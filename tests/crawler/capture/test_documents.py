"""Linked documents are sized hop by hop: every redirect judged by the read-only policy before it is followed.

A real Playwright APIRequestContext (no browser: the request API runs in the driver) against a stdlib server on
127.0.0.1 that counts every request it gets.
"""

import asyncio
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from playwright.async_api import async_playwright

from ent_audit.crawler.capture.documents import MAX_HOPS, size_document, size_documents
from ent_audit.crawler.safety import ReadOnlyGuard, Scope

PDF_BYTES = 12_345
# path -> Location of a 302 (relative or absolute: the handler fills in {base})
REDIRECTS = {
    "/bounce.pdf": "/auth/logout?ticket=ST-secret-42",
    "/chain.pdf": "/hop/one",
    "/hop/one": "{base}/hop/two",
    "/hop/two": "/files/final.pdf",
    "/loop.pdf": "/loop/back",
    "/loop/back": "/loop.pdf",
    "/away.pdf": "file:///etc/passwd",
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "Server"

    def log_message(self, *args: object) -> None:
        pass

    def answer(self, body: bool) -> None:
        self.server.hits[(self.command, self.path)] += 1
        path = self.path.split("?")[0]
        if path in REDIRECTS:
            self.send_response(302)
            self.send_header("Location", REDIRECTS[path].format(base=self.server.base))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/nohead.pdf" and self.command == "HEAD":
            self.send_response(405)
            self.send_header("Allow", "GET")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/nohead.pdf" and self.headers.get("Range") == "bytes=0-0":
            self.send_response(206)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Range", f"bytes 0-0/{PDF_BYTES}")
            self.send_header("Content-Length", "1")
            self.end_headers()
            self.wfile.write(b"%")
        elif path.endswith(".pdf") and path != "/auth/logout":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(PDF_BYTES))
            self.end_headers()
            if body:
                self.wfile.write(b"%" * PDF_BYTES)
        else:  # /auth/logout and /api/delete/…: counted, and harmless here; the point is they are never asked
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter = Counter()
        self.base = f"http://127.0.0.1:{self.server_address[1]}"

    def asked(self, path: str) -> int:
        """Requests of any method for ``path`` (with or without a query)."""
        return sum(n for (_, full), n in self.hits.items() if full.split("?")[0] == path)


@pytest.fixture
def server():
    httpd = Server()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def size_all(server: Server, paths: list[str]) -> dict[str, dict]:
    """``size_document`` of each path, through one real APIRequestContext."""
    guard = ReadOnlyGuard(Scope.for_start_urls([server.base + "/"]))

    async def run() -> dict[str, dict]:
        async with async_playwright() as playwright:
            context = await playwright.request.new_context()
            try:
                return {path: await size_document(context, server.base + path, guard, timeout_s=10) for path in paths}
            finally:
                await context.dispose()

    return asyncio.run(run())


def test_documents_are_sized_hop_by_hop_and_a_redirect_to_logout_is_never_followed(server):
    sized = size_all(server, ["/doc.pdf", "/bounce.pdf", "/chain.pdf", "/nohead.pdf", "/loop.pdf", "/away.pdf"])

    plain = sized["/doc.pdf"]
    assert (plain["status"], plain["bytes"], plain["method"], plain["mime"]) == (
        200,
        PDF_BYTES,
        "HEAD",
        "application/pdf",
    )
    assert "error" not in plain and server.hits[("HEAD", "/doc.pdf")] == 1

    # The harm this guards against: the request API following a 302 to /auth/logout by itself.
    bounce = sized["/bounce.pdf"]
    assert server.asked("/auth/logout") == 0, server.hits
    assert bounce["bytes"] is None and bounce["status"] == 302
    assert bounce["error"].startswith("redirect to a URL refused by the safety policy (action: logout: ")
    assert f"{server.base}/auth/logout?ticket=REDACTED" in bounce["error"] and "ST-secret" not in bounce["error"]

    chain = sized["/chain.pdf"]  # a relative, an absolute, a relative Location: two safe hops, then the file
    assert (chain["status"], chain["bytes"], chain["method"]) == (200, PDF_BYTES, "HEAD") and "error" not in chain
    assert [server.hits[("HEAD", p)] for p in ("/chain.pdf", "/hop/one", "/hop/two", "/files/final.pdf")] == [1] * 4

    nohead = sized["/nohead.pdf"]  # HEAD refused (405): the one-byte ranged GET reads the total
    assert (nohead["status"], nohead["bytes"], nohead["method"], nohead["capped"]) == (206, PDF_BYTES, "GET", True)
    assert "error" not in nohead

    loop = sized["/loop.pdf"]  # bounded: MAX_HOPS redirects followed, then it stops and says so
    assert loop["bytes"] is None and f"more than {MAX_HOPS} redirects" in loop["error"]
    assert server.asked("/loop.pdf") + server.asked("/loop/back") == MAX_HOPS + 1
    assert all(method == "HEAD" for method, path in server.hits if path.startswith("/loop"))  # no GET after

    away = sized["/away.pdf"]
    assert "redirect to a URL refused by the safety policy (not http: file:///etc/passwd)" == away["error"]


def test_a_denied_document_link_is_never_asked(server):
    links = [server.base + p for p in ("/api/delete/x.pdf", "/doc.pdf", "/bounce.pdf", "/doc.pdf")]
    scope = Scope.for_start_urls([server.base + "/"])
    guard = ReadOnlyGuard(scope)

    async def run() -> tuple[list[dict], dict]:
        async with async_playwright() as playwright:
            context = await playwright.request.new_context()
            try:
                page = SimpleNamespace(context=SimpleNamespace(request=context))  # all size_documents uses
                listed = await size_documents(page, links, scope, {}, guard)
                # Called directly, the guard still judges the link itself before anything is sent.
                direct = await size_document(context, server.base + "/api/delete/x.pdf", guard)
                return listed, direct
            finally:
                await context.dispose()

    listed, direct = asyncio.run(run())
    assert server.asked("/api/delete/x.pdf") == 0 and server.asked("/auth/logout") == 0, server.hits
    # Not a document to size (the scope denies it); the refused redirect is listed with its reason, not hidden.
    assert [d["url"] for d in listed] == [server.base + "/doc.pdf", server.base + "/bounce.pdf"]
    assert listed[0]["bytes"] == PDF_BYTES and "refused by the safety policy" in listed[1]["error"]
    assert direct["status"] == 0 and direct["bytes"] is None
    assert direct["error"] == f"URL refused by the safety policy (action: delete: {server.base}/api/delete/x.pdf)"
