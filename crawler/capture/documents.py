"""Linked documents (PDF, office files, archives, media) are sized, not rendered (RGESN 5.7).

A HEAD gives the size; when it gives none (or the server refuses HEAD), a GET asking for one byte
(``Range: bytes=0-0``) reads the total from ``Content-Range``. Both go through the page's own browser context
(same cookies, same User-Agent), before it closes.

That API (Playwright's APIRequestContext) does not pass through the browser's read-only guard, and it follows
redirects by itself: a document link answering 302 to ``/auth/logout`` would log the audit out. So redirects are
followed here, one hop at a time (``max_redirects=0``), each next URL judged by the same read-only policy before it
is asked, up to MAX_HOPS; a document stopped on the way is listed with the reason, never silently dropped.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from ent_audit.crawler.safety import ReadOnlyGuard, Scope
from ent_audit.crawler.urls import redact_url

MAX_DOCUMENTS_PER_PAGE = 20
MAX_HOPS = 5  # redirects followed per request; browsers allow 20, a document link needs one or two
_TOTAL = re.compile(r"/(\d+)\s*$")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_NO_HEAD = frozenset({405, 501})  # HEAD refused or not implemented: the ranged GET may still answer


class Refused(Exception):
    """A request not sent: its URL, or the URL a redirect led to, is refused, or the hops ran out."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status  # the last answer received (the redirect), 0 when nothing was sent


def _size(headers: dict[str, str], status: int) -> int | None:
    """The document's size from a successful answer; None from an error page (a 405's ``Content-Length: 0``)."""
    if not 200 <= status < 300:
        return None
    total = _TOTAL.search(headers.get("content-range", "")) if status == 206 else None
    if total:
        return int(total.group(1))
    length = headers.get("content-length")
    return int(length) if length and length.isdigit() and status != 206 else None


def _refusal(guard: ReadOnlyGuard, method: str, url: str) -> str:
    """Why ``url`` must not be asked, or "". Only http(s): the guard lets other schemes through (the browser
    handles data: and blob: itself), but here a redirect to file: or ftp: has nothing to size."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return "not http"
    return guard.reason_to_block(method, url)


async def _fetch(
    request_context: Any,
    method: str,
    url: str,
    guard: ReadOnlyGuard,
    timeout_s: float,
    headers: dict[str, str] | None = None,
) -> Any:
    """The answer at the end of the redirect chain from ``url``, every hop judged before it is requested."""
    current, status = url, 0
    for hop in range(MAX_HOPS + 1):
        reason = _refusal(guard, method, current)
        if reason:
            what = "URL" if hop == 0 else "redirect to a URL"
            raise Refused(f"{what} refused by the safety policy ({reason}: {redact_url(current)})", status)
        response = await request_context.fetch(
            current,
            method=method,
            headers=headers,
            max_redirects=0,
            timeout=timeout_s * 1000,
            fail_on_status_code=False,
        )
        location = response.headers.get("location", "")
        if response.status not in _REDIRECTS or not location:
            return response
        status = response.status
        await response.dispose()
        current = urljoin(current, location.strip())
    raise Refused(f"more than {MAX_HOPS} redirects, the next to {redact_url(current)}", status)


async def size_document(
    request_context: Any, url: str, guard: ReadOnlyGuard, timeout_s: float = 15.0
) -> dict[str, Any]:
    """HEAD, then a one-byte GET when needed; ``error`` says why a document has no size (a refused redirect…)."""
    entry: dict[str, Any] = {"url": url, "status": 0, "mime": "", "bytes": None, "method": "HEAD"}
    try:
        response = await _fetch(request_context, "HEAD", url, guard, timeout_s)
        headers = response.headers
        entry.update(
            status=response.status,
            mime=headers.get("content-type", "").split(";")[0],
            bytes=_size(headers, response.status),
        )
        await response.dispose()
        if entry["bytes"] is None and (response.status < 400 or response.status in _NO_HEAD):
            # From the link again, not from where the HEAD ended: a server may redirect HEAD and GET differently.
            entry["method"] = "GET"
            response = await _fetch(request_context, "GET", url, guard, timeout_s, {"Range": "bytes=0-0"})
            headers = response.headers
            size = _size(headers, response.status)
            if size is None and response.status == 200:  # the server ignored Range and sent it all
                size = len(await response.body())
            await response.dispose()  # the driver keeps a body until then: a whole document, when Range was ignored
            entry.update(
                capped=response.status == 206,
                status=response.status,
                mime=headers.get("content-type", "").split(";")[0] or entry["mime"],
                bytes=size,
            )
    except Refused as exc:  # listed with the reason: a document the policy kept us from sizing is a finding
        entry["error"] = str(exc)
        entry["status"] = exc.status or entry["status"]
    except Exception as exc:  # a document that cannot be sized is listed with the reason
        entry["error"] = str(exc).splitlines()[0][:200]
    return entry


async def size_documents(
    page: Any, links: list[str], scope: Scope, known: dict[str, dict[str, Any]], guard: ReadOnlyGuard
) -> list[dict[str, Any]]:
    """Size the documents a page links to, on the audited site only (``scope``; a denied link such as
    ``/api/delete/x.pdf`` is not a document to size), every request and redirect judged by ``guard``; each URL is
    asked once per run (``known``)."""
    documents = [link for link in dict.fromkeys(links) if scope.reason_to_skip(link) == "document"]
    sized = []
    for url in documents[:MAX_DOCUMENTS_PER_PAGE]:
        if url not in known:
            known[url] = await size_document(page.context.request, url, guard)
        sized.append(dict(known[url]))
    return sized
