"""Scrapy download handler: scrapy-playwright's, with the read-only guard enabled on each browser it launches.

The guard (crawler/safety/guard.py) is attached to the browser itself, right after launch and before the first
context or page exists, and again on the browser scrapy-playwright starts anew after a crash. If it cannot be
attached the browser is closed and the page load fails: nothing is ever loaded unguarded.
"""

from __future__ import annotations

from typing import Any

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from ent_audit.crawler.safety.guard import BrowserGuard


class GuardedPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """Overrides ``_maybe_launch_browser`` of scrapy-playwright 0.0.48 (pinned in pyproject.toml)."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._crawler = crawler
        self._base_args = list(self.config.launch_options.get("args") or [])

    def _guard(self) -> tuple[BrowserGuard, list[str]]:
        spider = self._crawler.spider
        guard = getattr(spider, "browser_guard", None)
        if guard is None:  # a spider of another kind: only ours knows the policy, so nothing is loaded
            raise RuntimeError("no read-only guard: this download handler only serves ent-audit's spider")
        return guard, list(getattr(spider, "launch_args", []))

    async def _maybe_launch_browser(self) -> None:
        async with self.browser_launch_lock:
            if not hasattr(self, "browser"):
                guard, args = self._guard()
                self.config.launch_options["args"] = [*self._base_args, *args]
                browser = await self.browser_provider.launch_browser()
                await guard.attach(browser)  # closes the browser and raises when it cannot
                self.browser = browser
                self.stats.inc_value("playwright/browser_count")
                self.browser.on("disconnected", self._browser_disconnected_callback)
