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

    async def targets(args: list[str]) -> list[tuple[str, str]]:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(**{**PLAYWRIGHT_LAUNCH_OPTIONS, "args": args})
            try:
                session = await browser.new_browser_cdp_session()
                context = await browser.new_context()
                page = await context.new_page()
                await page.goto("about:blank")
                await asyncio.sleep(0.5)
                found = await session.send("Target.getTargets", {"filter": [{}]})
                return [(t["type"], t["url"]) for t in found["targetInfos"]]
            finally:
                await browser.close()

    args = PLAYWRIGHT_LAUNCH_OPTIONS["args"]
    default = asyncio.run(targets([a for a in args if a != DISABLED_FEATURES]))
    assert any(kind == "browser_ui" for kind, _ in default), default  # the test sees what the flag removes
    ours = asyncio.run(targets(args))
    assert sorted(kind for kind, _ in ours) == ["page", "tab"], ours
