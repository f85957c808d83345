"""Lighthouse cross-check (the one audit that is not a pure function: ARCHITECTURE.md): the ``lighthouse`` CLI
(found by crawler/engines.py: config, environment, node_modules, PATH), run through ``subprocess`` on a sample of
pages after the crawl, logged in.

Logged in without leaking the session: the Chromium Lighthouse drives is started by ent-audit, under the read-only
guard, with a DevTools port, and gets the session's cookies (for their own domains only, as a browser keeps them);
Lighthouse connects to that port with ``--disable-storage-reset`` (crawler/lighthouse_sample.py). Passing the
cookie with ``--extra-headers`` would send it to every third-party host the page calls, and put it on a command
line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CHROME = os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
# Headless Chromium 156 still builds its address bar's suggestion popups, two WebUI pages in a renderer of their
# own, for every window, so for every page opened in a fresh context. Browser UI, never part of the audited page:
# turned off, the full audit of the bench's small pages costs 1.37 CPU s a page instead of 2.34 (bench/README.md).
BROWSER_UI_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")
# Chromium reads only the last --disable-features flag, and Lighthouse's launcher (chrome-launcher, in lighthouse
# 12.2.3 and @lhci/cli 0.14.0) passes its own list first: ours repeats it. tests/crawler/test_settings.py checks it
# against the installed launcher.
CHROME_LAUNCHER_DISABLED_FEATURES = (
    "Translate",
    "OptimizationHints",
    "MediaRouter",
    "DialMediaRouteProvider",
    "CalculateNativeWinOcclusion",
    "InterestFeedContentSuggestions",
    "CertificateTransparencyComponentUpdater",
    "AutofillServerCommunication",
    "PrivacySandboxSettings4",
    "RenderDocument",
)
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--disable-features=" + ",".join((*CHROME_LAUNCHER_DISABLED_FEATURES, *BROWSER_UI_FEATURES)),
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "fcp_ms": "first-contentful-paint",
    "total_byte_weight": "total-byte-weight",
}


def parse_report(report: dict[str, Any]) -> dict[str, Any]:
    """The values ent-audit keeps from a Lighthouse result (LHR) JSON."""
    audits = report.get("audits") or {}
    categories = {name: (report.get("categories") or {}).get(name, {}).get("score") for name in CATEGORIES}
    metrics = {key: (audits.get(audit) or {}).get("numericValue") for key, audit in METRICS.items()}
    requests = ((audits.get("network-requests") or {}).get("details") or {}).get("items")
    metrics["requests"] = len(requests) if isinstance(requests, list) else None
    return {
        "categories": categories,
        "metrics": metrics,
        "final_url": report.get("finalDisplayedUrl") or report.get("finalUrl") or "",
        "version": report.get("lighthouseVersion", ""),
        "runtime_error": ((report.get("runtimeError") or {}).get("message") or "")[:300],
    }


def command(executable: Path, url: str, port: int, output: Path, timeout_s: float) -> list[str]:
    """The Lighthouse command line for ``url`` (desktop preset) on the browser listening on ``port``, its LHR
    written to ``output``; ``executable``: the lighthouse command crawler/engines.py found. The browser is
    ent-audit's, under the read-only guard (crawler/lighthouse_sample.py): Lighthouse does not launch a Chrome of its
    own, and keeps the session's cookies (no storage reset)."""
    return [
        str(executable),
        url,
        f"--port={port}",
        "--disable-storage-reset",
        "--preset=desktop",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--max-wait-for-load={int(timeout_s * 1000)}",
    ]


def lighthouserc(max_page_bytes: int, max_requests: int) -> dict[str, Any]:
    """A Lighthouse CI configuration whose assertions mirror ent-audit's page budgets (RGESN 6.1), to reuse in a
    team's own pipeline (``lhci assert --config lighthouserc.json``)."""
    return {
        "ci": {
            "collect": {"settings": {"preset": "desktop", "chromeFlags": " ".join(CHROME_FLAGS)}},
            "assert": {
                "assertions": {
                    "resource-summary:total:size": ["error", {"maxNumericValue": max_page_bytes}],
                    "resource-summary:total:count": ["error", {"maxNumericValue": max_requests}],
                    "total-byte-weight": ["error", {"maxNumericValue": max_page_bytes}],
                    "categories:accessibility": ["warn", {"minScore": 0.9}],
                    "categories:performance": ["warn", {"minScore": 0.9}],
                }
            },
        }
    }
