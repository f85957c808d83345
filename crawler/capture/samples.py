"""Checks that need a second load, run on a sample of pages only (the first page of each template, bounded):

- RGESN 6.2, repeat visit: the same page opened again in the same browser context, cache warm, to see what is
  downloaded again;
- RGESN 2.3, low bandwidth: the page loaded in a fresh context (empty cache) behind a 512 kbit/s line emulated by
  DevTools, to time it.

Both loads go through the same read-only guard as the measured load, and neither changes the page's own measure.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from ent_audit.audits.model import same_page
from ent_audit.audits.resources import STATIC_TYPES
from ent_audit.crawler.capture.recorder import CaptureSettings, NetworkRecorder
from ent_audit.crawler.safety.guard import close_context, leave_page

LOW_BANDWIDTH_KBIT_S = 512  # RGESN 2.3: "512 kbit/s" fixed line; throughput only, no latency added


async def _visit(
    page: Any, url: str, settings: CaptureSettings, timeout_s: float, throttle_kbit_s: int = 0
) -> tuple[NetworkRecorder, int, bool, str]:
    """Load ``url`` in ``page`` while recording: (recorder, ms to the load event, timed out, URL reached). The
    browser's guard judges every request of the load; the recorder gets no guard: a sample counts requests, it
    does not list the blocked ones."""
    recorder = NetworkRecorder(first_party_url=url)
    await recorder.attach(page)
    if throttle_kbit_s:
        rate = throttle_kbit_s * 1000 / 8  # bytes per second
        await recorder.session.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": rate, "uploadThroughput": rate},
        )
    started = time.monotonic()
    timed_out = False
    try:
        await page.goto(url, wait_until="load", timeout=timeout_s * 1000)
    except Exception as exc:  # a timeout is a result here, not a failure of the audit
        if "Timeout" not in type(exc).__name__ and "timeout" not in str(exc).lower():
            await recorder.detach()
            raise
        timed_out = True
    load_ms = int((time.monotonic() - started) * 1000)
    if not timed_out:
        await recorder.wait_quiet(settings)
    recorder.closed = True
    recorder.finalize()
    await recorder.detach()
    return recorder, load_ms, timed_out, page.url


async def repeat_visit(page: Any, url: str, settings: CaptureSettings, timeout_s: float) -> dict[str, Any]:
    """RGESN 6.2: what a second visit in the same context downloads again."""
    second = await page.context.new_page()
    try:
        recorder, load_ms, timed_out, reached = await _visit(second, url, settings, timeout_s)
    finally:
        await leave_page(second)
        await second.close()
    if not same_page(url, reached):
        return {"skipped": f"the second visit reached {reached}"}
    received = [r for r in recorder.records if r.received and not r.is_redirect]
    again = [r for r in received if r.status == 200 and r.resource_type in STATIC_TYPES]
    return {
        "requests": len(received),
        "transfer_bytes": sum(r.transfer_bytes for r in recorder.records),
        "from_cache": sum(1 for r in recorder.records if r.from_cache),
        "revalidated": sum(1 for r in received if r.status == 304),
        "redownloaded": [
            {"url": r.url, "transfer_bytes": r.transfer_bytes, "third_party": r.third_party} for r in again
        ],
        "timed_out": timed_out,
    }


async def low_bandwidth(
    new_context: Callable[[], Awaitable[Any]], url: str, settings: CaptureSettings, timeout_s: float
) -> dict[str, Any]:
    """RGESN 2.3: time to the load event at 512 kbit/s, empty cache."""
    context = await new_context()
    try:
        page = await context.new_page()
        recorder, load_ms, timed_out, reached = await _visit(page, url, settings, timeout_s, LOW_BANDWIDTH_KBIT_S)
    finally:
        await close_context(context)
    if not same_page(url, reached):
        return {"skipped": f"the throttled load reached {reached}"}
    return {
        "kbit_s": LOW_BANDWIDTH_KBIT_S,
        "load_ms": load_ms,
        "timed_out": timed_out,
        "timeout_s": timeout_s,
        "transfer_bytes": sum(r.transfer_bytes for r in recorder.records),
        "requests": sum(1 for r in recorder.records if r.received),
    }
