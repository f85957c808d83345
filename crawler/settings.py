"""Scrapy settings of ent-audit: politeness first, one Debian Chromium driven by scrapy-playwright.

``scrapy crawl ent`` reads this module through scrapy.cfg; ``ent-audit audit`` starts from it and applies the
config file and flags (crawler/runner.py).
"""

from __future__ import annotations

from typing import Any

from ent_audit.audits.lighthouse import BROWSER_UI_FEATURES

BOT_NAME = "ent-audit"
SPIDER_MODULES = ["ent_audit.crawler.spiders"]
NEWSPIDER_MODULE = "ent_audit.crawler.spiders"

# Politeness: robots.txt obeyed, few pages at once, AutoThrottle adapts to the site's response times.
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "ent-audit"
CONCURRENT_REQUESTS = 2
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.25
AUTOTHROTTLE_MAX_DELAY = 10
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
COOKIES_ENABLED = False  # the browser contexts carry the session, never Scrapy's own cookie jar
TELNETCONSOLE_ENABLED = False
REDIRECT_ENABLED = True
DOWNLOAD_TIMEOUT = 60
DEPTH_STATS_VERBOSE = False

# Breadth first: with a page budget, every template near the start is seen before deep look-alike pages.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# Pages are told apart with their SPA hash routes (#/inbox ≠ #/message/3), in-page anchors ignored.
REQUEST_FINGERPRINTER_CLASS = "ent_audit.crawler.fingerprint.RouteAwareFingerprinter"

# One real browser: Debian's Chromium (Playwright cannot download its own here).
# scrapy-playwright's handler, with the read-only guard enabled on every browser it launches (crawler/handlers.py).
DOWNLOAD_HANDLERS = {
    "http": "ent_audit.crawler.handlers.GuardedPlaywrightHandler",
    "https": "ent_audit.crawler.handlers.GuardedPlaywrightHandler",
}
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
PLAYWRIGHT_BROWSER_TYPE = "chromium"
CHROMIUM_PATH = "/usr/bin/chromium"
# Chromium reads only the last --disable-features flag, and Playwright passes its own list first (Playwright 1.65:
# no background requests to Google, no HTTPS upgrade of http:// pages, no paint holding, no storage partitioning…):
# ours repeats that list and adds the address bar's popups (audits/lighthouse.py says why).
# tests/crawler/test_settings.py checks it against the installed Playwright.
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
DISABLED_FEATURES = "--disable-features=" + ",".join((*PLAYWRIGHT_DISABLED_FEATURES, *BROWSER_UI_FEATURES))
PLAYWRIGHT_LAUNCH_OPTIONS: dict[str, Any] = {
    "executable_path": CHROMIUM_PATH,
    "headless": True,
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        DISABLED_FEATURES,
    ],
}
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 1  # a fresh context (empty cache, storage) per page
PLAYWRIGHT_MAX_CONTEXTS = 2
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000

ITEM_PIPELINES = {"ent_audit.crawler.pipelines.AuditAndStorePipeline": 300}
EXTENSIONS = {"ent_audit.crawler.extensions.ProgressLine": 500}

# ent-audit's own settings (the runner fills them from the config file and flags).
ENT_AUDIT_DB = ""  # SQLite file of the history store; empty: the user's data directory
ENT_AUDIT_RUN_ID = ""  # a run already opened by the runner; empty: the pipeline opens one
ENT_AUDIT_PROGRESS = False  # progress line on stderr

LOG_LEVEL = "INFO"

# Error pages (404, 500…) are pages to report, not to drop.
HTTPERROR_ALLOW_ALL = True
# Scrapy's RetryMiddleware stays off: the browser loads the page, and a retry must close that attempt's page and
# context first. The spider reloads a page itself, in a fresh context, up to [crawl] retries times: a 429 or 503
# answer (after its Retry-After) and a page whose browser died under it (crawler/spiders/ent.py). 500 and network
# errors (timeout, connection cut, redirect loop) are reported, not retried (RELIABILITY.md).
RETRY_ENABLED = False
# A Chromium that dies (killed, out of memory) is started again for the next page (scrapy-playwright; pinned here).
PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER = True
USER_AGENT = (
    "ent-audit/0.1 (+https://github.com/ent-audit/ent-audit; audit de sobriété et d'accessibilité, lecture seule)"
)
