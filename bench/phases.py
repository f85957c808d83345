"""Where ent-audit's time goes, page by page: one audit run in this process with timers around its phases.

    .venv/bin/python bench/phases.py [--pages 100] [--concurrency 2] [--no-axe] [--out bench/results/phases.json]

The large bench site (bench/make_site.py, kept in the same place as bench/large.py keeps it) is served by nginx
on 127.0.0.1 and audited through ``crawler.runner.run_audit``, the function the CLI calls, with the same settings as
bench/large.py (no per-template cap, AutoThrottle off, no sample, no Lighthouse). Nothing of ent-audit is changed on
disk: its functions are wrapped in memory (monkeypatched) for the run, each wrapper adding its wall time to a
phase. Phases overlap in time when several pages are in flight; per page they add up to the page's own time.

Phases 0 and 1 happen before the page's own clock starts (``duration_ms`` starts in start_recording); 0 includes
the wait for one of the ``concurrency`` contexts to close. The 9x lines count round trips to the browser: every
CDP command and every ``page.evaluate``, whichever phase they belong to.

Also measured: the lag of the asyncio event loop (a task asking to wake every 50 ms; how late it wakes), which
shows how long Python keeps the loop busy (CDP events, the pipeline's SQLite writes, JSON) while pages wait.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import make_site  # noqa: E402
from large import write_config  # noqa: E402
from nginx import Nginx  # noqa: E402

TOTALS: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
LAG: list[float] = []


def _add(name: str, seconds: float) -> None:
    TOTALS[name][0] += seconds
    TOTALS[name][1] += 1


def timed(owner: object, attribute: str, name: str) -> None:
    """Replace ``owner.attribute`` (an async or plain function) by the same, timed under ``name``."""
    original = getattr(owner, attribute)
    if asyncio.iscoroutinefunction(original):

        @functools.wraps(original)
        async def wrapper(*args, **kwargs):
            started = time.monotonic()
            try:
                return await original(*args, **kwargs)
            finally:
                _add(name, time.monotonic() - started)
    else:

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            started = time.monotonic()
            try:
                return original(*args, **kwargs)
            finally:
                _add(name, time.monotonic() - started)

    setattr(owner, attribute, wrapper)


async def loop_lag(period_s: float = 0.05) -> None:
    while True:
        asked = time.monotonic()
        await asyncio.sleep(period_s)
        LAG.append(time.monotonic() - asked - period_s)


def instrument() -> None:
    import scrapy_playwright.handler as handler
    from playwright.async_api import Browser, BrowserContext, CDPSession, Page

    from ent_audit.crawler import pipelines
    from ent_audit.crawler.capture import a11y_probe, page_facts, settle
    from ent_audit.crawler.capture import recorder as capture
    from ent_audit.crawler.spiders import ent

    handler_class = handler.ScrapyPlaywrightDownloadHandler
    timed(handler_class, "_create_page", "0 wait for a free context slot + new context + new page")
    timed(Browser, "new_context", "1 Browser.new_context")
    timed(BrowserContext, "new_page", "1 BrowserContext.new_page")
    timed(BrowserContext, "close", "11a BrowserContext.close")
    timed(BrowserContext, "new_cdp_session", "90 BrowserContext.new_cdp_session (count, time)")
    timed(CDPSession, "send", "91 CDPSession.send (count, time)")
    timed(Page, "evaluate", "92 Page.evaluate (count, time)")
    timed(ent, "start_recording", "2 attach CDP recorder and guard (start_recording)")
    timed(handler_class, "_get_response_and_download", "3 navigation to load (goto)")
    timed(handler, "_get_page_content", "4 page.content() for Scrapy's response")
    timed(handler_class, "_download_request_with_page", "3+4 scrapy-playwright download, goto to response")
    timed(ent.EntSpider, "landed_on_login", "5 session check")
    timed(ent, "settle_and_measure", "6 settle_and_measure (all of it)")
    timed(capture.NetworkRecorder, "wait_quiet", "6a wait for network quiet (each wait)")
    timed(settle, "wait_dom_stable", "6b DOM stable")
    timed(page_facts, "scroll_state", "6c scroll state (infinite scroll probe only)")
    timed(page_facts, "collect", "6d page facts (images, fonts, legal, times)")
    timed(capture.NetworkRecorder, "take_coverage", "6e JS/CSS coverage")
    timed(capture.NetworkRecorder, "minify_estimates", "6f minify estimates (getResponseBody + Python)")
    timed(page_facts, "probe_infinite_scroll", "6g infinite scroll probe")
    timed(ent, "size_documents", "7 linked documents (HEAD)")
    timed(ent, "go_offline", "8 go offline (on the recorder's CDP session)")
    timed(ent, "horizontal_overflow", "9 overflow at 1200 px (viewport change)")
    timed(ent, "probe", "10 accessibility probe (all of it)")
    timed(a11y_probe, "horizontal_overflow", "10a reflow at 320 px (viewport change)")
    timed(a11y_probe, "axe_source", "10b read axe source (cached)")
    timed(ent.EntSpider, "close_page", "11 close page and context")
    timed(pipelines.AuditAndStorePipeline, "process_item", "12 pipeline: redact + EcoIndex + SQLite save")

    original_start = ent.EntSpider.start

    async def start(self):
        self._bench_lag = asyncio.get_running_loop().create_task(loop_lag())
        async for request in original_start(self):
            yield request

    ent.EntSpider.start = start


def _order(item: tuple[str, list]) -> tuple[int, str]:
    return int(re.match(r"\d+", item[0]).group()), item[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--site-pages", type=int, default=300, help="size of the generated site (>= --pages)")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--no-axe", action="store_true")
    parser.add_argument("--site", type=Path, default=Path(tempfile.gettempdir()) / "ent-audit-bench-site")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "phases.json")
    args = parser.parse_args()
    make_site.generate(args.site, max(args.site_pages, args.pages), 10)
    instrument()
    from ent_audit.crawler.config import load_config
    from ent_audit.crawler.runner import config_from_flags, run_audit

    with tempfile.TemporaryDirectory(prefix="ent-bench-phases-") as tmp, Nginx(args.site) as server:
        work = Path(tmp)
        config = load_config(write_config(work / "bench.toml", args.pages, accessibility=not args.no_axe))
        config = config_from_flags(config, [server.url], args.pages, 4, args.concurrency, 0, 0)
        started = time.monotonic()
        outcome = run_audit(config, work / "out", work / "bench.sqlite", progress=False)
        wall = time.monotonic() - started
        results = json.loads(outcome.results_path.read_text(encoding="utf-8"))
    pages = len(results["pages"])
    page_s = sum(p["duration_ms"] for p in results["pages"]) / 1000
    lag = sorted(LAG)
    report = {
        "pages": pages,
        "concurrency": args.concurrency,
        "accessibility": not args.no_axe,
        "wall_s": round(wall, 1),
        "page_time_s": round(page_s, 1),
        "page_ms_mean": round(page_s * 1000 / pages),
        "phases_ms_per_page": {
            name: {
                "ms_per_page": round(total * 1000 / pages),
                "calls": calls,
                "share_of_page_time": round(total / page_s, 3),
            }
            for name, (total, calls) in sorted(TOTALS.items(), key=_order)
        },
        "event_loop_lag_ms": {
            "samples": len(lag),
            "mean": round(sum(lag) / len(lag) * 1000, 1) if lag else None,
            "p50": round(lag[len(lag) // 2] * 1000, 1) if lag else None,
            "p95": round(lag[int(len(lag) * 0.95)] * 1000, 1) if lag else None,
            "max": round(lag[-1] * 1000, 1) if lag else None,
            "share_of_time_late_over_20ms": round(sum(x for x in lag if x > 0.02) / wall, 3),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
