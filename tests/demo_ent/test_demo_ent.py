"""Behaviour of the demo ENT test target (stdlib clients + lxml only)."""

from __future__ import annotations

import gzip
import http.cookiejar
import json
import socket
import struct
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Iterator

import pytest
from lxml import html as lxml_html

from ent_audit.demo_ent import DemoENT, ResponseLog

# -- helpers ------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Browser:
    """urllib with a cookie jar and no automatic redirects."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def request(
        self, url: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes, list[str]]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            resp = self.opener.open(req, timeout=10)
        except urllib.error.HTTPError as error:
            resp = error
        with resp:
            payload = resp.read()
            cookies = resp.headers.get_all("Set-Cookie") or []
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, payload, cookies

    def cookie(self, name: str) -> http.cookiejar.Cookie | None:
        return next((c for c in self.jar if c.name == name), None)


def login_form(body: bytes) -> tuple[str, dict[str, str]]:
    doc = lxml_html.fromstring(body)
    form = doc.get_element_by_id("fm1")
    fields = {el.get("name"): el.get("value") or "" for el in form.iter("input")}
    return form.get("action"), fields


def login(ent: DemoENT, browser: Browser, path: str = "/") -> tuple[int, dict[str, str], bytes]:
    """Full CAS flow starting at a protected path; returns the final page response."""
    status, headers, _, _ = browser.request(ent.base_url + path)
    assert status == 302
    status, _, body, _ = browser.request(ent.base_url + headers["location"])
    action, fields = login_form(body)
    fields.update(username=ent.USERNAME, password=ent.PASSWORD)
    status, headers, _, _ = browser.request(ent.base_url + action, fields)
    assert status == 302
    status, headers, _, _ = browser.request(headers["location"])
    assert status == 302
    status, headers, body, _ = browser.request(ent.base_url + headers["location"])
    return status, headers, body


def raw_exchange(netloc: str, raw_request: bytes) -> tuple[bytes, int]:
    """Send raw bytes, read until the server closes; returns (bytes received, local port)."""
    host, port = netloc.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        local_port = sock.getsockname()[1]
        sock.sendall(raw_request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks), local_port


def split_responses(data: bytes, methods: list[str] | None = None) -> list[tuple[bytes, dict[str, str], bytes, int]]:
    """Parse back-to-back HTTP/1.1 responses: (status line, headers, body, total length).

    methods: the request methods in order (a HEAD response has no body despite its Content-Length).
    """
    out = []
    methods = list(methods or [])
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        is_head = bool(methods) and methods.pop(0) == "HEAD"
        length = 0 if is_head else int(headers["content-length"])
        total = len(head) + 4 + length
        out.append((lines[0].encode(), headers, rest[:length], total))
        data = data[total:]
    return out


def get_request(netloc: str, path: str, close: bool = True, extra: str = "") -> bytes:
    connection = "Connection: close\r\n" if close else ""
    return f"GET {path} HTTP/1.1\r\nHost: {netloc}\r\n{connection}{extra}\r\n".encode()


def log_for_port(ent: DemoENT, port: int) -> list[ResponseLog]:
    return [e for e in ent.entries() if e.client_port == port]


def png_info(data: bytes) -> tuple[int, int, bytes]:
    """Validate a PNG (signature, chunk CRCs, IEND) and return (width, height, raw scanlines)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, payload = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + payload) & 0xFFFFFFFF == crc, kind
        chunks.append((kind, payload))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height, depth, color = struct.unpack(">IIBB", chunks[0][1][:10])
    assert (depth, color) == (8, 2)
    raw = zlib.decompress(b"".join(p for k, p in chunks if k == b"IDAT"))
    assert len(raw) == height * (1 + 3 * width)
    return width, height, raw


@pytest.fixture
def ent() -> Iterator[DemoENT]:
    with DemoENT() as server:
        yield server


@pytest.fixture
def browser() -> Browser:
    return Browser()


# -- login and sessions ---------------------------------------------------------------


def test_login_flow_end_to_end(ent: DemoENT, browser: Browser) -> None:
    status, headers, _, _ = browser.request(ent.base_url + "/")
    assert status == 302
    service = ent.base_url + "/"
    assert headers["location"] == "/cas/login?service=" + urllib.parse.quote(service, safe="")

    status, _, body, _ = browser.request(ent.base_url + headers["location"])
    assert status == 200
    doc = lxml_html.fromstring(body)
    form = doc.get_element_by_id("fm1")
    assert form.get("method").lower() == "post"
    action, fields = login_form(body)
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(action).query)["service"] == [service]
    assert set(fields) == {"username", "password", "execution", "_eventId"}
    assert fields["_eventId"] == "submit" and len(fields["execution"]) > 20
    for name in ("username", "password"):
        assert doc.xpath(f"//label[@for='{name}']"), name
    assert form.xpath(".//button[@type='submit'] | .//input[@type='submit']")

    fields.update(username=ent.USERNAME, password=ent.PASSWORD)
    status, headers, _, cookies = browser.request(ent.base_url + action, fields)
    assert status == 302
    assert headers["location"].startswith(service + "?ticket=ST-")
    assert any(c.startswith("CASTGC=") and "Path=/cas" in c for c in cookies)

    ticket_url = headers["location"]
    status, headers, _, cookies = browser.request(ticket_url)
    assert status == 302 and headers["location"] == "/"
    session = browser.cookie("ENTSESSION")
    assert session is not None and session.path == "/"
    assert any(c.startswith("ENTSESSION=") and "HttpOnly" in c for c in cookies)

    status, _, body, _ = browser.request(ent.base_url + "/")
    assert status == 200
    assert "Bonjour Léa" in body.decode()

    # A service ticket is single use.
    status, headers, _, _ = Browser().request(ticket_url)
    assert status == 302 and headers["location"].startswith("/cas/login?service=")


def test_ticket_keeps_other_query_parameters(ent: DemoENT, browser: Browser) -> None:
    status, _, body = login(ent, browser, "/calendar/calendar?month=2027-03")
    assert status == 200
    assert "mars 2027" in body.decode()


def test_wrong_password_shows_error_and_fresh_execution(ent: DemoENT, browser: Browser) -> None:
    _, headers, _, _ = browser.request(ent.base_url + "/blog")
    _, _, body, _ = browser.request(ent.base_url + headers["location"])
    action, fields = login_form(body)
    fields.update(username=ent.USERNAME, password="mauvais")
    status, _, body, cookies = browser.request(ent.base_url + action, fields)
    assert status == 200
    assert "Identifiant ou mot de passe incorrect." in body.decode()
    assert not cookies
    new_action, new_fields = login_form(body)
    assert new_action == action and new_fields["execution"] != fields["execution"]
    assert new_fields["username"] == ent.USERNAME

    # The consumed execution key cannot be replayed, even with the right password.
    fields.update(password=ent.PASSWORD)
    status, _, _, cookies = browser.request(ent.base_url + action, fields)
    assert status == 403 and not cookies


def test_unknown_execution_is_rejected(ent: DemoENT, browser: Browser) -> None:
    fields = {"username": ent.USERNAME, "password": ent.PASSWORD, "execution": "forged", "_eventId": "submit"}
    status, _, _, cookies = browser.request(ent.base_url + "/cas/login", fields)
    assert status == 403 and not cookies


def test_protected_pages_redirect_to_cas_with_service(ent: DemoENT, browser: Browser) -> None:
    for path in (
        "/",
        "/timeline/timeline",
        "/conversation/conversation",
        "/workspace/workspace",
        "/blog",
        "/blog/post/3",
        "/calendar/calendar?month=2026-12",
        "/actualites",
        "/admin",
        "/workspace/document/1/devoir-1.pdf",
        "/redirect-to-blog",
    ):
        status, headers, _, _ = browser.request(ent.base_url + path)
        assert status == 302, path
        location = urllib.parse.urlsplit(headers["location"])
        assert location.path == "/cas/login"
        assert urllib.parse.parse_qs(location.query)["service"] == [ent.base_url + path]
    status, _, _, _ = browser.request(ent.base_url + "/timeline/lastNotifications")
    assert status == 401  # JSON endpoints answer 401 rather than redirecting


def test_public_pages_need_no_session(ent: DemoENT, browser: Browser) -> None:
    status, _, body, _ = browser.request(ent.base_url + "/aide")
    assert status == 200 and "Accessibilité : partiellement conforme" in body.decode()
    status, headers, body, _ = browser.request(ent.base_url + "/robots.txt")
    assert status == 200 and body == b"User-agent: *\nDisallow: /admin\nSitemap: /sitemap.xml\n"
    status, headers, body, _ = browser.request(ent.base_url + "/pas-de-page")
    assert status == 404 and headers["content-type"].startswith("text/html")


def test_logout_clears_session_and_is_counted(ent: DemoENT, browser: Browser) -> None:
    login(ent, browser)
    status, headers, _, cookies = browser.request(ent.base_url + "/auth/logout")
    assert status == 302 and headers["location"] == "/cas/login"
    assert any(c.startswith("ENTSESSION=;") and "Max-Age=0" in c for c in cookies)
    status, _, _, _ = browser.request(ent.base_url + "/")
    assert status == 302
    assert ent.hits("/auth/logout") == 1


# -- pages ------------------------------------------------------------------------------


def test_portal_structure(ent: DemoENT, browser: Browser) -> None:
    _, _, body = login(ent, browser)
    doc = lxml_html.fromstring(body)
    assert doc.get("lang") == "fr"
    for tag in ("header", "nav", "main", "footer"):
        assert doc.xpath(f"//{tag}"), tag
    hrefs = set(doc.xpath("//a/@href"))
    for href in (
        "/timeline/timeline",
        "/conversation/conversation",
        "/workspace/workspace",
        "/blog",
        "/calendar/calendar",
        "/aide",
        "/auth/logout",
        "/redirect-to-blog",
        "/admin",
    ):
        assert href in hrefs, href
    assert "/actualites" not in hrefs  # only added by portal.js
    assert doc.xpath("//link[@rel='icon']/@href") == ["/assets/img/logo.svg"]
    assert "/assets/img/logo.svg" in doc.xpath("//img/@src")
    hero = doc.xpath("//img[@src='/assets/img/rentree.png']")[0]
    assert hero.get("alt") is None and hero.get("width") == "320"
    assert len(doc.xpath("//svg[@role='img']/*")) >= 4
    assert ent.third_party_url + "/tag.js" in doc.xpath("//script/@src")
    assert ent.third_party_url + "/css/widget.css" in doc.xpath("//link[@rel='stylesheet']/@href")
    status, headers, _, _ = browser.request(ent.base_url + "/redirect-to-blog")
    assert status == 301 and headers["location"] == "/blog"


def test_app_pages(ent: DemoENT, browser: Browser) -> None:
    login(ent, browser)
    status, _, body, _ = browser.request(ent.base_url + "/blog")
    assert status == 200
    posts = lxml_html.fromstring(body).xpath("//a[starts-with(@href, '/blog/post/')]/@href")
    assert posts == [f"/blog/post/{n}" for n in range(1, 31)]
    status, _, body, _ = browser.request(ent.base_url + "/blog/post/7")
    doc = lxml_html.fromstring(body)
    assert status == 200 and doc.get("lang") is None
    assert {"/blog/post/6", "/blog/post/8", "/blog"} <= set(doc.xpath("//a/@href"))
    assert "/assets/img/blog/7.png" in doc.xpath("//img/@src")
    assert browser.request(ent.base_url + "/blog/post/31")[0] == 404

    _, _, body, _ = browser.request(ent.base_url + "/workspace/workspace")
    hrefs = lxml_html.fromstring(body).xpath("//a/@href")
    for n in range(1, 5):
        assert f"/workspace/document/{n}/devoir-{n}.pdf" in hrefs
        assert f"/workspace/document/{n}/delete" in hrefs
    status, headers, pdf, _ = browser.request(ent.base_url + "/workspace/document/2/devoir-2.pdf")
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert pdf.startswith(b"%PDF-1.") and pdf.rstrip().endswith(b"%%EOF")

    _, _, body, _ = browser.request(ent.base_url + "/conversation/conversation")
    assert "/conversation/trash/empty" in lxml_html.fromstring(body).xpath("//a/@href")
    status, _, body, _ = browser.request(ent.base_url + "/conversation/trash/empty")
    assert status == 200 and "Corbeille vidée" in body.decode()
    assert ent.hits("/conversation/trash/empty") == 1
    status, _, body, _ = browser.request(ent.base_url + "/conversation/api/messages/3")
    assert status == 200 and b'"id": 3' in body and ent.messages_marked_read == set()  # 3 was read already
    browser.request(ent.base_url + "/conversation/api/messages/1")
    assert ent.messages_marked_read == {1}  # as OpenENT NG: reading a message marks it as read
    inbox = json.loads(browser.request(ent.base_url + "/conversation/api/folders/inbox/messages")[2])
    assert [m["unread"] for m in inbox][:2] == [False, True]
    status, headers, body, _ = browser.request(ent.base_url + "/timeline/lastNotifications")
    assert status == 200 and headers["content-type"].startswith("application/json")

    status, _, body, _ = browser.request(ent.base_url + "/aide")
    assert "Se déconnecter" in body.decode()  # public page, but aware of the session
    assert browser.request(ent.base_url + "/admin")[0] == 403


def test_calendar_next_month_never_ends(ent: DemoENT, browser: Browser) -> None:
    _, _, body = login(ent, browser, "/calendar/calendar")
    assert "novembre 2026" in body.decode()
    seen = []
    for _ in range(15):
        doc = lxml_html.fromstring(body)
        href = doc.xpath("//a[normalize-space()='Mois suivant']/@href")[0]
        assert doc.xpath("//a[normalize-space()='Mois précédent']")
        seen.append(href.rsplit("=", 1)[1])
        status, _, body, _ = browser.request(ent.base_url + href)
        assert status == 200
    assert seen[:3] == ["2026-12", "2027-01", "2027-02"] and seen[-1] == "2028-02"
    _, _, body, _ = browser.request(ent.base_url + "/calendar/calendar?month=9999-12")
    assert "/calendar/calendar?month=10000-01" in body.decode()
    assert browser.request(ent.base_url + "/calendar/calendar?month=10000-01")[0] == 200
    assert browser.request(ent.base_url + "/calendar/calendar?month=2026-13")[0] == 400
    status, headers, body, _ = browser.request(ent.base_url + "/calendar/export.ics")
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")


# -- assets ---------------------------------------------------------------------------------


def test_pngs_are_valid(ent: DemoENT, browser: Browser) -> None:
    status, headers, hero, _ = browser.request(ent.base_url + "/assets/img/rentree.png")
    assert status == 200 and headers["content-type"] == "image/png"
    assert headers["cache-control"] == "public, max-age=86400"
    assert png_info(hero)[:2] == (800, 600)
    assert 1_300_000 < len(hero) < 1_500_000
    assert browser.request(ent.base_url + "/assets/img/rentree.png")[2] == hero  # deterministic
    for n in (1, 30):
        status, _, small, _ = browser.request(ent.base_url + f"/assets/img/blog/{n}.png")
        assert status == 200 and png_info(small)[:2] == (96, 64) and len(small) < 20_000
    assert browser.request(ent.base_url + "/assets/img/blog/31.png")[0] == 404


def test_fonts_and_third_party(ent: DemoENT, browser: Browser) -> None:
    for name in ("marianne-regular", "marianne-bold"):
        status, headers, font, _ = browser.request(ent.base_url + f"/assets/fonts/{name}.woff2")
        assert status == 200 and headers["content-type"] == "font/woff2"
        assert 30_000 <= len(font) <= 40_000
    css = browser.request(ent.base_url + "/assets/css/ent.css")[2].decode()
    assert "/assets/fonts/marianne-regular.woff2" in css and "/assets/fonts/marianne-bold.woff2" in css

    status, headers, font, _ = browser.request(ent.third_party_url + "/fonts/display.woff2")
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    assert 20_000 <= len(font) <= 30_000
    status, headers, tag, _ = browser.request(ent.third_party_url + "/tag.js", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and "content-encoding" not in headers and 14_000 <= len(tag) <= 17_000
    widget = browser.request(ent.third_party_url + "/css/widget.css")[2].decode()
    assert "/fonts/display.woff2" in widget
    hosts = {e.host for e in ent.entries()}
    assert hosts == {ent.netloc, ent.third_party_netloc}
    assert ent.hits("/tag.js") == 0  # hits() only counts the ENT host


# -- compression and exact byte counting ---------------------------------------------------


def test_gzip_is_negotiated_and_deterministic(ent: DemoENT, browser: Browser) -> None:
    plain = browser.request(ent.base_url + "/assets/css/ent.css")
    zipped = browser.request(ent.base_url + "/assets/css/ent.css", headers={"Accept-Encoding": "gzip, deflate, br"})
    again = browser.request(ent.base_url + "/assets/css/ent.css", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain[1]
    assert zipped[1]["content-encoding"] == "gzip" and zipped[1]["vary"] == "Accept-Encoding"
    assert gzip.decompress(zipped[2]) == plain[2]
    assert zipped[2] == again[2]
    refused = browser.request(ent.base_url + "/assets/css/ent.css", headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused[1]
    portal_js = browser.request(ent.base_url + "/assets/js/portal.js", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in portal_js[1]
    assert portal_js[1]["content-type"] == "application/javascript; charset=utf-8"
    login(ent, browser)
    notes = browser.request(ent.base_url + "/timeline/lastNotifications", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in notes[1]
    page = browser.request(ent.base_url + "/blog", headers={"Accept-Encoding": "gzip"})
    assert page[1]["content-encoding"] == "gzip" and page[1]["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "path, extra, gzipped",
    [
        ("/assets/css/ent.css", "Accept-Encoding: gzip\r\n", True),
        ("/assets/js/portal.js", "Accept-Encoding: gzip\r\n", False),
        ("/assets/img/rentree.png", "Accept-Encoding: gzip\r\n", False),
        ("/", "", False),  # 302 to the login page
        ("/cas/login", "Accept-Encoding: gzip\r\n", True),
    ],
)
def test_bytes_sent_match_raw_socket(ent: DemoENT, path: str, extra: str, gzipped: bool) -> None:
    received, port = raw_exchange(ent.netloc, get_request(ent.netloc, path, extra=extra))
    ((status_line, headers, body, total),) = split_responses(received)
    assert total == len(received)
    assert ("content-encoding" in headers) == gzipped
    entries = log_for_port(ent, port)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.bytes_sent == len(received)
    assert entry.status == int(status_line.split()[1])
    assert (entry.method, entry.path, entry.host) == ("GET", path, ent.netloc)
    assert ent.bytes_sent([entry]) == len(received)


def test_bytes_sent_with_keep_alive_and_head(ent: DemoENT) -> None:
    netloc = ent.netloc
    raw = (
        get_request(netloc, "/aide", close=False, extra="Accept-Encoding: gzip\r\nSec-Fetch-Dest: document\r\n")
        + f"HEAD /assets/css/ent.css HTTP/1.1\r\nHost: {netloc}\r\n\r\n".encode()
        + get_request(netloc, "/robots.txt", close=True, extra="User-Agent: raw-test\r\n")
    )
    received, local_port = raw_exchange(netloc, raw)
    responses = split_responses(received, ["GET", "HEAD", "GET"])
    assert [r[1].get("content-encoding") for r in responses] == ["gzip", None, None]
    assert int(responses[1][1]["content-length"]) > 0 and responses[1][2] == b""
    entries = log_for_port(ent, local_port)
    assert [(e.method, e.path) for e in entries] == [
        ("GET", "/aide"),
        ("HEAD", "/assets/css/ent.css"),
        ("GET", "/robots.txt"),
    ]
    assert [e.bytes_sent for e in entries] == [r[3] for r in responses]
    assert ent.bytes_sent(entries) == len(received)
    assert entries[0].sec_fetch_dest == "document" and entries[1].sec_fetch_dest == ""
    assert entries[2].user_agent == "raw-test"
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)


def test_hits_non_get_and_reset(ent: DemoENT, browser: Browser) -> None:
    login(ent, browser)
    posts = ent.non_get()
    assert [(e.method, e.status) for e in posts] == [("POST", 302)]
    assert posts[0].path.startswith("/cas/login?service=")
    assert ent.hits("/cas/login") == 2  # form GET + POST
    for _ in range(3):
        browser.request(ent.base_url + "/workspace/document/1/delete")
    browser.request(ent.base_url + "/workspace/document/4/delete")
    assert ent.hits("/workspace/document/1/delete") == 3
    assert ent.hits("/workspace/document/") == 4
    assert ent.bytes_sent() == sum(e.bytes_sent for e in ent.log)
    ent.reset()
    assert ent.entries() == [] and ent.hits("/") == 0 and ent.non_get() == []
