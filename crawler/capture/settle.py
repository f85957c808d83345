"""The one browser load of a page, once navigated: settle on network quiet, scroll to the bottom, settle again,
count the DOM, read links and page facts, then hand the recorder's requests to the PageCapture.

Measurement rules (ARCHITECTURE.md, "Measurement definitions"): the load settles on network quiet (bounded),
scrolls to the bottom, settles again; DOM elements = all elements minus the descendants of ``<svg>`` (EcoIndex
method). The requests are recorded by recorder.py.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any

from ent_audit.audits.model import PageCapture
from ent_audit.crawler.capture import page_facts
from ent_audit.crawler.capture.recorder import CaptureSettings, NetworkRecorder
from ent_audit.crawler.urls import origin_of

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

MAX_SELF_NAVIGATIONS = 3  # a page that keeps navigating itself away is reported as interrupted after this many
NAVIGATED = ("Execution context was destroyed", "Cannot find context with specified id")


async def settle_and_measure(
    page: Any, recorder: NetworkRecorder, capture: PageCapture, settings: CaptureSettings
) -> PageCapture:
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
    await _optional(
        capture, "scroll", page_facts.probe_infinite_scroll(page, recorder, settings, before_scroll, after_scroll)
    )
    capture.duration_ms += int((time.monotonic() - started) * 1000)
    return capture


def _set_aside_default_icon(capture: PageCapture, settled: dict[str, Any]) -> None:
    """Chromium asks on its own for /favicon.ico of a page that names no icon. When the site serves one, it asks on
    every page, and that request is part of each page's first visit: counted. When the answer is an error (no icon,
    the demo's case and many ENTs'), Chromium remembers the icon as missing and never asks again in that browser,
    in any context: counted, that one request would land on whichever icon-less page came first (a different page
    in each worker of a distributed crawl), so two audits of one site would differ by chance. That failed request
    is set aside. Icons a page names in <link rel=icon> are the page's own and always counted."""
    if settled.get("icons") or not capture.final_url.startswith(("http:", "https:")):
        return
    default_icon = origin_of(capture.final_url) + "/favicon.ico"
    capture.requests[:] = [
        r
        for r in capture.requests
        if not (r.url == default_icon and r.resource_type == "other" and (r.status >= 400 or not r.status))
    ]


async def _settle(
    page: Any, recorder: NetworkRecorder, capture: PageCapture, settings: CaptureSettings
) -> tuple[dict[str, Any], dict[str, Any]]:
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


async def wait_dom_stable(
    page: Any, recorder: NetworkRecorder, settings: CaptureSettings, earlier: int
) -> tuple[int, bool]:
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
    (
        (
            "ERR_CONTENT_LENGTH_MISMATCH",
            "ERR_INCOMPLETE_CHUNKED_ENCODING",
            "ERR_EMPTY_RESPONSE",
            "ERR_CONNECTION_CLOSED",
            "ERR_CONNECTION_RESET",
            "ERR_CONNECTION_ABORTED",
            "ERR_HTTP2_PROTOCOL_ERROR",
        ),
        "connection closed by the server before the page was complete",
    ),
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
