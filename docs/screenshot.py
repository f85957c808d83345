"""Screenshot of a report's first screen, for the README: python docs/screenshot.py REPORT.html OUT.png

Debian's Chromium through Playwright, 1280 × 900 CSS pixels, nothing fetched (the report is self-contained).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from ent_audit.crawler.settings import PLAYWRIGHT_LAUNCH_OPTIONS


def screenshot(report: Path, out: Path, width: int = 1280, height: int = 900) -> Path:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**PLAYWRIGHT_LAUNCH_OPTIONS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", lambda route: route.abort())  # self-contained: nothing may be fetched
            page.set_content(report.read_text(encoding="utf-8"))
            page.screenshot(path=str(out), type="png")
        finally:
            browser.close()
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python docs/screenshot.py REPORT.html OUT.png")
    print(screenshot(Path(sys.argv[1]), Path(sys.argv[2])))
