"""What the RGESN rules read in a page's responses: MIME types, compression, caching headers, the first-party
static resources, the images by URL. Shared by the rules of ``audits/rgesn/`` and by the crawler's samples."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ent_audit.audits.model import PageCapture, RequestRecord

STATIC_TYPES = frozenset({"stylesheet", "script", "image", "font", "media"})
COMPRESSED = frozenset({"gzip", "br", "zstd"})
LEGACY_RASTER = frozenset(
    {"image/png", "image/jpeg", "image/jpg", "image/pjpeg", "image/gif", "image/bmp", "image/x-ms-bmp", "image/x-bmp"}
)
MODERN_RASTER = frozenset({"image/webp", "image/avif", "image/jxl"})
FONT_MIMES = frozenset(
    {
        "application/font-woff",
        "application/font-woff2",
        "application/x-font-woff",
        "application/x-font-ttf",
        "application/x-font-otf",
        "application/font-sfnt",
        "application/vnd.ms-fontobject",
    }
)
MODERN_PROTOCOLS = ("h2", "h3", "http/2", "http/3", "quic")


def base_mime(value: str) -> str:
    return (value or "").split(";")[0].strip().lower()


def host_of(url: str) -> str:
    return urlsplit(url).netloc


def responses(page: PageCapture) -> list[RequestRecord]:
    """Responses received over the network that carry a body (redirect hops excluded)."""
    return [r for r in page.received if not r.is_redirect]


def first_party_static(page: PageCapture) -> list[RequestRecord]:
    return [
        r for r in responses(page) if not r.third_party and r.resource_type in STATIC_TYPES and 200 <= r.status < 400
    ]


def is_text(r: RequestRecord) -> bool:
    mime = base_mime(r.mime)
    return (
        mime in ("text/html", "application/xhtml+xml", "text/css", "image/svg+xml")
        or "javascript" in mime
        or mime in ("application/json", "text/json")
        or mime.endswith("+json")
        or mime == "application/ecmascript"
    )


def is_font(r: RequestRecord) -> bool:
    mime = base_mime(r.mime)
    return r.resource_type == "font" or mime.startswith("font/") or mime in FONT_MIMES


def is_cacheable(r: RequestRecord) -> bool:
    """Cache-Control with max-age > 0 (and no no-store), or a validator (ETag, Last-Modified)."""
    h = r.headers or {}
    cc = (h.get("cache-control") or "").lower()
    if "no-store" in cc:
        return False
    match = re.search(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", cc)
    if match and int(match.group(1)) > 0:
        return True
    return bool(h.get("etag") or h.get("last-modified"))


def encodings(value: str) -> set[str]:
    return {token.strip().lower() for token in (value or "").split(",") if token.strip()}


def records_by_url(page: PageCapture) -> dict[str, RequestRecord]:
    found: dict[str, RequestRecord] = {}
    for r in responses(page):
        found.setdefault(r.url, r)
    return found


def image_bytes(image: dict[str, Any], records: dict[str, RequestRecord]) -> int:
    record = records.get(image.get("url", ""))
    return record.transfer_bytes if record else 0


def is_vector(image: dict[str, Any], records: dict[str, RequestRecord]) -> bool:
    record = records.get(image.get("url", ""))
    return (record is not None and "svg" in base_mime(record.mime)) or image.get("url", "").lower().endswith(".svg")
