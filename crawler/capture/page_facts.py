"""Facts read from the rendered page for the Durable and Responsable rules (no extra traffic, except the scroll
probe, which only continues what a user scrolling down would trigger).

Collected once the load has settled, in the same load that was measured: images as displayed, web fonts the page
asked for, legal links, timestamps shown (droit à la déconnexion), and whether scrolling keeps adding content.
Judging happens in audits/, without a browser.
"""

from __future__ import annotations

import asyncio
from typing import Any

from ent_audit.audits.security import LEGAL_PATTERNS

MAX_IMAGES = 60
MAX_TIMES = 200
SCROLL_PROBES = 2  # scrolls after the measured one; content growing each time is an infinite scroll

PAGE_FACTS_JS = r"""({legal, maxImages, maxTimes}) => {
  const viewport = window.innerHeight;
  const images = [];
  for (const img of document.images) {
    const src = img.currentSrc || img.src || '';
    if (!/^https?:/.test(src)) continue;
    const box = img.getBoundingClientRect();
    const style = getComputedStyle(img);
    images.push({url: src, natural_w: img.naturalWidth, natural_h: img.naturalHeight,
                 rendered_w: Math.round(box.width), rendered_h: Math.round(box.height),
                 top: Math.round(box.top + window.scrollY), loading: (img.getAttribute('loading') || '').toLowerCase(),
                 visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
                          && style.display !== 'none'});
    if (images.length >= maxImages) break;
  }
  const fonts = [];
  if (document.fonts) for (const face of document.fonts) {
    if (face.status === 'unloaded') continue;  // declared but never needed: not downloaded
    fonts.push({family: face.family.replace(/^["']|["']$/g, ''), weight: String(face.weight),
                style: face.style, status: face.status});
  }
  const found = {};
  const patterns = Object.fromEntries(Object.entries(legal).map(([kind, re]) => [kind, new RegExp(re, 'i')]));
  for (const a of document.querySelectorAll('a[href]')) {
    const texts = [a.textContent, a.getAttribute('aria-label'), a.title]
      .map(t => (t || '').replace(/\s+/g, ' ').trim()).filter(Boolean);
    let path = a.pathname || '';
    try { path = decodeURIComponent(path); } catch (e) { /* a malformed escape: test it as it is */ }
    for (const [kind, re] of Object.entries(patterns))
      if (!found[kind] && (texts.some(t => re.test(t)) || re.test(path))) found[kind] = a.href;
  }
  const times = Array.from(document.querySelectorAll('time[datetime]'), t => ({
    datetime: t.getAttribute('datetime'),
    text: ((t.closest('li, article, tr, p') || t).textContent || '').replace(/\s+/g, ' ').trim().slice(0, 120)
  })).slice(0, maxTimes);
  return {images, fonts, legal: found, times, viewport_height: viewport,
          device_pixel_ratio: window.devicePixelRatio || 1};
}"""

SCROLL_STATE_JS = """() => ({height: document.documentElement.scrollHeight,
                            elements: document.getElementsByTagName('*').length})"""
# The page's height and element count (as SCROLL_STATE_JS), then a scroll to the bottom; resolves with the state
# before the scroll on the next frames, once scroll handlers and IntersectionObservers have run. One round trip (each
# evaluate costs CPU in three processes); the measured scroll (capture/settle.py) and each probe below use it.
SCROLL_DOWN_JS = """() => {
  const before = {height: document.documentElement.scrollHeight, elements: document.getElementsByTagName('*').length};
  window.scrollTo(0, Math.max(document.body ? document.body.scrollHeight : 0, document.documentElement.scrollHeight));
  return new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() =>
    setTimeout(() => resolve(before), 50))));
}"""
OVERFLOW_JS = """() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() =>
  resolve(Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)))))"""


async def collect(page: Any) -> dict[str, Any]:
    """Images, fonts, legal links and timestamps of the settled page."""
    facts: dict[str, Any] = await page.evaluate(
        PAGE_FACTS_JS, {"legal": LEGAL_PATTERNS, "maxImages": MAX_IMAGES, "maxTimes": MAX_TIMES}
    )
    return facts


async def scroll_state(page: Any) -> dict[str, Any]:
    state: dict[str, Any] = await page.evaluate(SCROLL_STATE_JS)
    return state


async def probe_infinite_scroll(
    page: Any, recorder: Any, settings: Any, before_scroll: dict[str, Any], after_scroll: dict[str, Any]
) -> dict[str, Any]:
    """RGESN 4.2. The measured load scrolled to the bottom once; when that added content, scroll again (bounded)
    and see whether each scroll keeps adding elements and requests. Those later requests are not part of the
    page's measure (the recorder's books are closed) and only count here."""
    grew = after_scroll["height"] > before_scroll["height"] or after_scroll["elements"] > before_scroll["elements"]
    result = {"grew_on_measured_scroll": grew, "probes": []}
    if not grew:
        return result
    state = after_scroll
    for _ in range(SCROLL_PROBES):
        requests_before = recorder.late_requests
        await page.evaluate(SCROLL_DOWN_JS)
        await asyncio.sleep(settings.quiet_ms / 2000)  # the request the observer started reaches the recorder
        await recorder.wait_quiet(settings)
        again = await scroll_state(page)
        result["probes"].append(
            {
                "added_elements": again["elements"] - state["elements"],
                "added_height": again["height"] - state["height"],
                "requests": recorder.late_requests - requests_before,
            }
        )
        if again["elements"] <= state["elements"] and again["height"] <= state["height"]:
            break
        state = again
    return result


async def horizontal_overflow(page: Any, width: int, height: int) -> int:
    """CSS pixels of horizontal scrolling at a viewport of ``width`` (RGESN 2.5 at 1200 px, RGAA 10.11 at 320)."""
    await page.set_viewport_size({"width": width, "height": height})
    return int(await page.evaluate(OVERFLOW_JS))
