"""Runs one audit: checks, crawl (Scrapy + scrapy-playwright), then results.json and report.html from the store."""
from __future__ import annotations

import asyncio
import logging
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler import __version__
from crawler.auth import LoginError, login
from crawler.browser import browser_user_agent
from crawler.config import Config, validate
from crawler.paths import default_db_path
from crawler.spiders.ent import EntSpider
from crawler.urls import redact_url, site_of
from reports.exports import build_results, validate_results, write_results_json
from reports.render import write_report
from reports.store import Store


class AuditError(RuntimeError):
    """The audit could not be run; one line for the user."""


@dataclass
class AuditOutcome:
    run_id: str
    results_path: Path
    report_path: Path
    pages: int
    errors: int


def check_reachable(url: str, timeout_s: float = 5.0) -> None:
    """Open (and close) a TCP connection to the URL's host: no HTTP request is sent."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout_s):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise AuditError(f"cannot reach {redact_url(url)} ({reason}): check the URL and that the site is up") from None


def prepare_output(out_dir: Path) -> Path:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".ent-audit-write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise AuditError(f"output directory {out_dir} is not writable ({exc.strerror}): choose another --out") from None
    return out_dir


def scrapy_settings(config: Config, db_path: Path, run_id: str, progress: bool, log_level: str) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    crawl = config.crawl
    settings.setdict({
        "CONCURRENT_REQUESTS": crawl.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency,
        "PLAYWRIGHT_MAX_CONTEXTS": crawl.concurrency,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrency),
        "DOWNLOAD_DELAY": crawl.delay,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": crawl.page_timeout_s * 1000,
        "ENT_AUDIT_DB": str(db_path),
        "ENT_AUDIT_RUN_ID": run_id,
        "ENT_AUDIT_PROGRESS": progress,
        "LOG_LEVEL": log_level,
    }, priority="cmdline")
    return settings


def run_audit(config: Config, out_dir: Path, db_path: Path | None = None, *, progress: bool = True,
              log_level: str = "WARNING") -> AuditOutcome:
    validate(config)
    out_dir = prepare_output(Path(out_dir))
    for url in dict.fromkeys(config.start_urls + ([config.auth.login_url] if config.auth.login_url else [])):
        check_reachable(url)
    user_agent = config.crawl.user_agent or browser_user_agent()
    try:  # before the crawl: a refused login is a one-line error, not a crawl of login pages
        storage_state = asyncio.run(login(config, user_agent))
    except LoginError as exc:
        raise AuditError(str(exc)) from None
    db_path = Path(db_path) if db_path else default_db_path()
    store = Store(db_path)
    try:
        run_id = store.start_run(start_urls=[redact_url(u) for u in config.start_urls], tool_version=__version__,
                                 site=config.site or site_of(config.start_urls[0]), profile=config.profile,
                                 settings=config.to_dict())
    finally:
        store.close()

    process = CrawlerProcess(scrapy_settings(config, db_path, run_id, progress, log_level))
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)  # browser teardown noise, not the user's concern
    crawler = process.create_crawler(EntSpider)
    process.crawl(crawler, config=config, storage_state=storage_state)
    process.start()
    spider = crawler.spider
    if spider is not None and spider.fatal_error:
        raise AuditError(spider.fatal_error)

    store = Store(db_path)
    try:
        results = build_results(store, run_id)
    finally:
        store.close()
    validate_results(results)
    results_path = write_results_json(results, out_dir / "results.json")
    report_path = write_report(results, out_dir / "report.html")
    summary = results["summary"]
    return AuditOutcome(run_id, results_path, report_path, summary["pages"], summary["pages_error"])


def config_from_flags(config: Config, urls: list[str], max_pages: int | None, max_depth: int | None,
                      concurrency: int | None = None) -> Config:
    if urls:
        config.start_urls = list(urls)
    if max_pages is not None:
        config.crawl.max_pages = max_pages
    if max_depth is not None:
        config.crawl.max_depth = max_depth
    if concurrency is not None:
        config.crawl.concurrency = concurrency
    return validate(config)



