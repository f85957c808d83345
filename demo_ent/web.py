"""Framework-free request/response values shared by the ENT and third-party apps.

The apps are plain functions of a Request returning a Response; the HTTP plumbing
(server.py) turns them into bytes on the socket.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

STATIC_CACHE = "public, max-age=86400"
_JSESSIONID = re.compile(r";jsessionid=[^/]*", re.IGNORECASE)
NO_STORE = "no-store"

TEXT_TYPES = {
    "html": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "js": "application/javascript; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "svg": "image/svg+xml; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}
# Only these may be gzip-encoded (HTML/CSS/JS/JSON), and only when the Response allows it.
COMPRESSIBLE = {TEXT_TYPES[k] for k in ("html", "css", "js", "json")}


@dataclass
class Request:
    method: str
    target: str  # path + query exactly as in the request line
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    scheme: str = "http"
    server_netloc: str = ""  # "127.0.0.1:PORT" the server is bound to

    @property
    def path(self) -> str:
        """The path, a ``;jsessionid=`` parameter removed as a Java servlet container does (URL rewriting)."""
        return _JSESSIONID.sub("", urlsplit(self.target).path) or "/"

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query, keep_blank_values=True)

    def arg(self, name: str, default: str = "") -> str:
        values = self.query.get(name)
        return values[0] if values else default

    @property
    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)

    def form_value(self, name: str) -> str:
        values = self.form.get(name)
        return values[0] if values else ""

    @property
    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        try:
            jar.load(self.headers.get("cookie", ""))
        except CookieError:
            return {}
        return {name: morsel.value for name, morsel in jar.items()}

    @property
    def origin(self) -> str:
        """scheme://host[:port] the client used (Host header), else the bound address."""
        return f"{self.scheme}://{self.headers.get('host') or self.server_netloc}"

    @property
    def url(self) -> str:
        return self.origin + self.target

    def accepts_gzip(self) -> bool:
        """Accept-Encoding allows gzip (an explicit gzip entry wins over *; q=0 refuses)."""
        allowed: dict[str, bool] = {}
        for item in self.headers.get("accept-encoding", "").split(","):
            token, _, params = item.strip().partition(";")
            q = params.strip().replace(" ", "")
            allowed[token.strip().lower()] = q not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
        return allowed.get("gzip", allowed.get("*", False))


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = TEXT_TYPES["html"]
    cache_control: str = NO_STORE
    headers: list[tuple[str, str]] = field(default_factory=list)
    compress: bool = True  # False: never gzip (deliberate sobriety defects)
    stream: bool = False  # True: no Content-Length; sent chunked (HTTP/1.1) or until the connection closes
    drop_after: int = -1  # >= 0: only this many body bytes are sent, then the connection closes (faults.py)

    def add_header(self, name: str, value: str) -> Response:
        self.headers.append((name, value))
        return self

    def set_cookie(
        self,
        name: str,
        value: str,
        path: str = "/",
        max_age: int | None = None,
        http_only: bool = True,
        same_site: str | None = "Lax",
    ) -> Response:
        """same_site=None omits the attribute (a legacy cookie; browsers then default to Lax)."""
        cookie = f"{name}={value}; Path={path}{'; HttpOnly' if http_only else ''}"
        if same_site:
            cookie += f"; SameSite={same_site}"
        if max_age is not None:
            cookie += f"; Max-Age={max_age}"
        return self.add_header("Set-Cookie", cookie)

    def delete_cookie(self, name: str, path: str = "/") -> Response:
        return self.set_cookie(name, "", path=path, max_age=0)

    def encoded(self, request: Request) -> tuple[bytes, list[tuple[str, str]]]:
        """Body and headers to send for this request (gzip negotiated, Content-Length exact)."""
        headers = [("Content-Type", self.content_type), ("Cache-Control", self.cache_control)]
        body = self.body
        if self.compress and self.content_type in COMPRESSIBLE:
            headers.append(("Vary", "Accept-Encoding"))
            if body and request.accepts_gzip():
                body = gzip_bytes(body)
                headers.append(("Content-Encoding", "gzip"))
        headers.extend(self.headers)
        if not self.stream and self.status not in (204, 304):
            headers.append(("Content-Length", str(len(body))))
        return body, headers


@lru_cache(maxsize=512)
def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (mtime=0, fixed level): same input, same bytes."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def html(body: str, status: int = 200) -> Response:
    return Response(status=status, body=body.encode("utf-8"))


def text(
    body: str | bytes, kind: str, status: int = 200, cache_control: str = NO_STORE, compress: bool = True
) -> Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Response(
        status=status, body=data, content_type=TEXT_TYPES[kind], cache_control=cache_control, compress=compress
    )


def json_response(data: Any, status: int = 200, compress: bool = True) -> Response:
    payload = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    return Response(status=status, body=payload, content_type=TEXT_TYPES["json"], compress=compress)


def binary(data: bytes, content_type: str, cache_control: str = STATIC_CACHE, stream: bool = False) -> Response:
    return Response(body=data, content_type=content_type, cache_control=cache_control, compress=False, stream=stream)


def chunked(body: bytes, size: int = 16 * 1024) -> bytes:
    """body in HTTP/1.1 chunked transfer coding (last chunk, no trailers)."""
    parts = [b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size]) for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def redirect(location: str, status: int = 302) -> Response:
    response = Response(status=status, body=b"", content_type=TEXT_TYPES["html"])
    return response.add_header("Location", location)
