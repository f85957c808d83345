"""The flags every Chromium of ours starts with (crawler/settings.py), and Lighthouse's own (audits/lighthouse.py)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from ent_audit.audits.lighthouse import BROWSER_UI_FEATURES, CHROME_FLAGS
from ent_audit.crawler.settings import DISABLED_FEATURES, PLAYWRIGHT_LAUNCH_OPTIONS
from tests.conftest import ROOT


def disabled(flags: list[str]) -> list[str]:
    """The features the last --disable-features flag names: the only one Chromium reads."""
    last = [flag for flag in flags if flag.startswith("--disable-features=")][-1]
    return last.split("=", 1)[1].split(",")


def listed_in(source: Path, start: str, end: str, quote: str) -> set[str]:
    """The quoted feature names between ``start`` and ``end`` in an installed tool's JavaScript, comments left out."""
    text = source.read_text(encoding="utf-8")
    assert start in text, f"{source}: {start!r} not found: the tool changed how it lists its flags, read it again"
    body = text[text.index(start) : text.index(end, text.index(start))]
    names = set(re.findall(quote + r"([A-Za-z0-9_]+)" + quote, re.sub(r"//[^\n]*", "", body)))
    assert len(names) >= 5, (source, names)
    return names


def test_the_crawls_chromium_keeps_playwrights_disabled_features():
    """Playwright passes --disable-features first; ours, passed after it, is the one Chromium reads: it must hold
    Playwright's own list (no background requests to Google, no HTTPS upgrades…), or adding ours would undo it."""
    import playwright

    bundle = Path(playwright.__file__).parent / "driver/package/lib/coreBundle.js"
    playwrights = listed_in(bundle, "disabledFeatures = [", "].filter(Boolean)", '"')
    assert playwrights <= set(disabled(PLAYWRIGHT_LAUNCH_OPTIONS["args"])), playwrights - set(
        disabled([DISABLED_FEATURES])
    )
    assert set(BROWSER_UI_FEATURES) <= set(disabled(PLAYWRIGHT_LAUNCH_OPTIONS["args"]))


# node_modules comes with `npm ci` (make setup, which `make test` runs); `make check` runs before it on a clean clone.
@pytest.mark.skipif(not (ROOT / "node_modules" / "lighthouse").is_dir(), reason="npm ci has not run")
@pytest.mark.parametrize(
    "launcher",
    [
        "node_modules/lighthouse/node_modules/chrome-launcher",
        "node_modules/@lhci/cli/node_modules/lighthouse/node_modules/chrome-launcher",
    ],
)
def test_lighthouses_chromium_keeps_its_launchers_disabled_features(launcher):
    """Lighthouse's launcher (chrome-launcher) passes its own --disable-features before our flags, likewise."""
    flags = ROOT / launcher / "dist/flags.js"
    launchers = listed_in(flags, "'--disable-features=' +", "].join(", "'")
    assert launchers <= set(disabled(CHROME_FLAGS)), launchers - set(disabled(CHROME_FLAGS))
    assert set(BROWSER_UI_FEATURES) <= set(disabled(CHROME_FLAGS))


def test_lighthouse_starts_chromium_with_the_crawls_other_flags():
    def others(flags: list[str]) -> list[str]:
        return [flag for flag in flags if not flag.startswith("--disable-features=")]

    assert others(CHROME_FLAGS) == ["--headless=new", *others(PLAYWRIGHT_LAUNCH_OPTIONS["args"])]


def test_one_disable_features_flag_each():
    """Chromium reads the last --disable-features only: a second one of ours would silently undo the first."""
    assert [a for a in PLAYWRIGHT_LAUNCH_OPTIONS["args"] if a.startswith("--disable-features")] == [DISABLED_FEATURES]
    assert len([a for a in CHROME_FLAGS if a.startswith("--disable-features")]) == 1


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
