"""Runs one audit: checks, crawl (Scrapy + scrapy-playwright), then results.json and report.html from the store."""
from __future__ import annotations

import asyncio
import logging
import socket
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler import __version__
from crawler.auth import LoginError, Session, login, save_state_file
from crawler.browser import browser_user_agent
from crawler.config import Config, validate
from crawler.paths import default_db_path
from crawler.lighthouse_sample import run_sample as run_lighthouse_sample
from crawler.site_checks import site_facts
from crawler.spiders.ent import EntSpider
from crawler.urls import redact_url, site_of
from reports.exports import build_results, validate_results, write_results_json
from reports.formats import write_exports
from reports.render import write_report
from reports.store import Store


class AuditError(RuntimeError):
    """The audit could not be run; one line for the user."""


class OutputError(RuntimeError):
    """The crawl ran (its pages are in the store) but its results could not be written; one line."""


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


def open_store(path: Path) -> Store:
    try:
        return Store(path)
    except (OSError, sqlite3.Error, RuntimeError) as exc:
        raise AuditError(f"history store {path} cannot be opened ({exc}): choose another --db") from None


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


async def login_all(config: Config, user_agent: str) -> dict[str, Session]:
    return {profile.name: await login(config, profile, user_agent) for profile in config.profiles_to_run()}


def resumable_run(store: Store, config: Config) -> str:
    """The latest run of these start URLs that did not finish."""
    start_urls = [redact_url(u) for u in config.start_urls]
    for run in reversed(store.runs()):
        if run["start_urls"] == start_urls:
            if run["status"] == "finished":
                break
            return run["id"]
    raise AuditError("no interrupted run of these start URLs to resume in the history store: run without --resume")


def run_audit(config: Config, out_dir: Path, db_path: Path | None = None, *, progress: bool = True,
              log_level: str = "WARNING", resume: bool = False, lang: str = "fr") -> AuditOutcome:
    validate(config)
    out_dir = prepare_output(Path(out_dir))
    for url in dict.fromkeys(config.start_urls + ([config.auth.login_url] if config.auth.login_url else [])):
        check_reachable(url)
    user_agent = config.crawl.user_agent or browser_user_agent()
    try:  # before the crawl: a refused login is a one-line error, not a crawl of login pages
        sessions = asyncio.run(login_all(config, user_agent))
    except LoginError as exc:
        raise AuditError(str(exc)) from None
    if not config.crawl.obey_robots:
        logging.getLogger("ent-audit").warning("robots.txt is ignored, as the configuration asks")
    db_path = Path(db_path) if db_path else default_db_path()
    store = open_store(db_path)
    try:
        if resume:
            run_id = resumable_run(store, config)
            resume_pages = [{k: page[k] for k in ("url", "profile", "depth", "links")}
                            for page in store.pages(run_id)]
        else:
            run_id = store.start_run(start_urls=[redact_url(u) for u in config.start_urls], tool_version=__version__,
                                     site=config.site or site_of(config.start_urls[0]),
                                     profile=config.profile_label(), settings=config.to_dict())
            resume_pages = []
        store.set_run_facts(run_id, site_facts(config, sessions, user_agent))
    finally:
        store.close()

    process = CrawlerProcess(scrapy_settings(config, db_path, run_id, progress, log_level))
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)  # browser teardown noise, not the user's concern
    crawler = process.create_crawler(EntSpider)
    process.crawl(crawler, config=config, sessions=sessions, resume_pages=resume_pages)
    process.start()
    spider = crawler.spider
    if spider is not None and spider.fatal_error:
        raise AuditError(spider.fatal_error)

    store = open_store(db_path)
    try:
        if config.lighthouse.pages:  # the sessions as the crawl left them (renewed if they expired)
            current = {name: slot.session for name, slot in spider.sessions.items()} if spider else sessions
            store.set_run_facts(run_id, {"lighthouse": run_lighthouse_sample(config, store, run_id, current,
                                                                              out_dir)})
        results = build_results(store, run_id)
    finally:
        store.close()
    try:
        validate_results(results)
    except ValueError as exc:
        raise OutputError(f"{exc} (a bug of ent-audit: the pages are kept in {db_path}, run {run_id})") from None
    results_path = write_results_json(results, out_dir / "results.json")
    write_exports(results, out_dir)
    report_path = write_report(results, out_dir / "report.html", lang=lang)
    summary = results["summary"]
    return AuditOutcome(run_id, results_path, report_path, summary["pages"], summary["pages_error"])


REPORT_FORMATS = ("html", "json", "csv", "junit", "codequality", "pdf")


def render_from_store(db_path: Path | None, run_id: str | None, formats: list[str], out_dir: Path,
                      lang: str = "fr") -> list[Path]:
    """``ent-audit report``: the outputs of a stored run written again, without crawling (``run_id`` None: the
    latest run)."""
    unknown = [f for f in formats if f not in REPORT_FORMATS]
    if unknown or not formats:
        raise AuditError(f"unknown --format {', '.join(unknown) or '(empty)'}: use a comma-separated list of "
                         f"{', '.join(REPORT_FORMATS)}")
    db_path = Path(db_path) if db_path else default_db_path()
    if not db_path.exists():
        raise AuditError(f"history store {db_path} not found: give the --db used by the audit")
    out_dir = prepare_output(Path(out_dir))
    store = open_store(db_path)
    try:
        run_id = run_id or store.latest_run_id()
        if run_id is None:
            raise AuditError(f"history store {db_path} holds no run yet: run `ent-audit audit` first")
        try:
            results = build_results(store, run_id)
        except KeyError:
            raise AuditError(f"no run {run_id} in {db_path}: give a run id printed by `ent-audit audit`") from None
    finally:
        store.close()
    written = []
    if "json" in formats:
        written.append(write_results_json(results, out_dir / "results.json"))
    if "html" in formats or "pdf" in formats:
        written.append(write_report(results, out_dir / "report.html", lang=lang))
    if "pdf" in formats:
        try:
            from weasyprint import HTML
        except ImportError:
            raise AuditError("report.pdf needs the optional [pdf] extra: .venv/bin/pip install -e '.[pdf]'") from None
        HTML(filename=str(out_dir / "report.html")).write_pdf(str(out_dir / "report.pdf"))
        written.append(out_dir / "report.pdf")
    return written + write_exports(results, out_dir, formats)


def save_login(config: Config, profile_name: str, path: Path) -> Path:
    """``ent-audit login``: run the scripted login once and keep its cookies for strategy storage_state."""
    if config.auth.strategy not in ("cas", "openent", "form"):
        raise AuditError(f"[auth] strategy '{config.auth.strategy}' has no scripted login to save: "
                         "use cas, openent or form")
    profiles = config.profiles_to_run()
    profile = next((p for p in profiles if p.name == profile_name), None) if profile_name else profiles[0]
    if profile is None:
        raise AuditError(f"no [[profiles]] entry named '{profile_name}'")
    if config.auth.login_url:
        check_reachable(config.auth.login_url)
    try:
        session = asyncio.run(login(config, profile, config.crawl.user_agent or browser_user_agent()))
    except LoginError as exc:
        raise AuditError(str(exc)) from None
    return save_state_file(session.storage_state or {"cookies": [], "origins": []}, str(path))


def config_from_flags(config: Config, urls: list[str], max_pages: int | None, max_depth: int | None,
                      concurrency: int | None = None, sample_pages: int | None = None,
                      lighthouse_pages: int | None = None) -> Config:
    if urls:
        config.start_urls = list(urls)
    if max_pages is not None:
        config.crawl.max_pages = max_pages
    if max_depth is not None:
        config.crawl.max_depth = max_depth
    if concurrency is not None:
        config.crawl.concurrency = concurrency
    if sample_pages is not None:
        config.capture.sample_pages = sample_pages
    if lighthouse_pages is not None:
        config.lighthouse.pages = lighthouse_pages
    return validate(config)



