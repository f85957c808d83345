"""The flags every Chromium of ours starts with (crawler/settings.py), and Lighthouse's own (audits/lighthouse.py)."""

from __future__ import annotations

import asyncio

import pytest

from ent_audit.audits.lighthouse import CHROME_FLAGS
from ent_audit.crawler.settings import DISABLED_FEATURES, PLAYWRIGHT_LAUNCH_OPTIONS


def test_lighthouse_starts_chromium_with_the_crawls_flags():
    assert CHROME_FLAGS == ["--headless=new", *PLAYWRIGHT_LAUNCH_OPTIONS["args"]]


def test_one_disable_features_flag():
    """Chromium reads the last --disable-features only: a second one would silently bring the popups back."""
    args = PLAYWRIGHT_LAUNCH_OPTIONS["args"]
    assert [a for a in args if a.startswith("--disable-features")] == [DISABLED_FEATURES]


@pytest.mark.browser
def test_no_browser_ui_page_is_built_beside_the_audited_page():
    """Headless Chromium builds the address bar's popups (chrome://omnibox-popup.top-chrome/, in a renderer of their
    own) for each window unless told not to: with our flags, the only targets are the page and its tab."""
    from playwright.async_api import async_playwright

    async def targets(args: list[str], watch_s: float) -> list[tuple[str, str]]:
        """The browser's targets once a page is open, watched for ``watch_s`` (a busy machine builds the popups
        late), or as soon as a browser UI target shows."""
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(**{**PLAYWRIGHT_LAUNCH_OPTIONS, "args": args})
            try:
                session = await browser.new_browser_cdp_session()
                context = await browser.new_context()
                page = await context.new_page()
                await page.goto("about:blank")
                for _ in range(int(watch_s / 0.25)):
                    found = await session.send("Target.getTargets", {"filter": [{}]})
                    seen = [(t["type"], t["url"]) for t in found["targetInfos"]]
                    if any(kind == "browser_ui" for kind, _ in seen):
                        break
                    await asyncio.sleep(0.25)
                return seen
            finally:
                await browser.close()

    args = PLAYWRIGHT_LAUNCH_OPTIONS["args"]
    default = asyncio.run(targets([a for a in args if a != DISABLED_FEATURES], watch_s=20))
    assert any(kind == "browser_ui" for kind, _ in default), default  # the test sees what the flag removes
    ours = asyncio.run(targets(args, watch_s=2))
    assert sorted(kind for kind, _ in ours) == ["page", "tab"], ours
