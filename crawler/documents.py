"""Linked documents (PDF, office files, archives, media) are sized, not rendered (RGESN 5.7).

A HEAD gives the size; when it gives none, a GET asking for one byte (``Range: bytes=0-0``) reads the total from
``Content-Range``. Both go through the page's own browser context (same cookies, same User-Agent), before it closes.
"""
from __future__ import annotations

import re
from typing import Any

from crawler.safety import Scope

MAX_DOCUMENTS_PER_PAGE = 20
_TOTAL = re.compile(r"/(\d+)\s*$")


def _size(headers: dict[str, str], status: int) -> int | None:
    if status == 206 and _TOTAL.search(headers.get("content-range", "")):
        return int(_TOTAL.search(headers["content-range"]).group(1))
    length = headers.get("content-length")
    return int(length) if length and length.isdigit() and status != 206 else None


async def size_document(request_context: Any, url: str, timeout_s: float = 15.0) -> dict:
    entry: dict[str, Any] = {"url": url, "status": 0, "mime": "", "bytes": None, "method": "HEAD"}
    try:
        response = await request_context.head(url, timeout=timeout_s * 1000, fail_on_status_code=False)
        headers = response.headers
        entry.update(status=response.status, mime=headers.get("content-type", "").split(";")[0],
                     bytes=_size(headers, response.status))
        if entry["bytes"] is None and response.status < 400:
            response = await request_context.get(url, headers={"Range": "bytes=0-0"}, timeout=timeout_s * 1000,
                                                  fail_on_status_code=False)
            headers = response.headers
            size = _size(headers, response.status)
            if size is None and response.status == 200:  # the server ignored Range and sent it all
                size = len(await response.body())
            entry.update(method="GET", capped=response.status == 206, status=response.status,
                         mime=headers.get("content-type", "").split(";")[0] or entry["mime"], bytes=size)
    except Exception as exc:  # a document that cannot be sized is listed with the reason
        entry["error"] = str(exc).splitlines()[0][:200]
    return entry


async def size_documents(page: Any, links: list[str], scope: Scope, known: dict[str, dict]) -> list[dict]:
    """Size the documents a page links to, on the audited site only; each URL is asked once per run (``known``)."""
    documents = [link for link in dict.fromkeys(links) if scope.reason_to_skip(link) == "document"]
    sized = []
    for url in documents[:MAX_DOCUMENTS_PER_PAGE]:
        if url not in known:
            known[url] = await size_document(page.context.request, url)
        sized.append(dict(known[url]))
    return sized
