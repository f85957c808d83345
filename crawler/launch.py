"""What every crawling process does before it crawls (a one-process audit, a distributed worker): reach the site,
open the history store, log each profile in, build Scrapy's settings; and the error of a run that cannot be done."""

from __future__ import annotations

import logging
import socket
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from ent_audit.crawler import log_redaction
from ent_audit.crawler.auth import login
from ent_audit.crawler.auth.base import LoginError, LoginInputError, Session
from ent_audit.crawler.config import Config
from ent_audit.crawler.paths import default_db_path
from ent_audit.crawler.safety.ledger import SafetyLedger
from ent_audit.crawler.urls import redact_url
from ent_audit.i18n import tr
from ent_audit.reports.store import Store, is_db_url, redact_db_url


class AuditError(RuntimeError):
    """Bad input for the audit (exit 2): one line for the user."""


class CannotRun(AuditError):
    """The input was right but the run could not be done (exit 3): the site unreachable, a login refused, the
    sessions lost for good, another audit of the same site and profile running; one line for the user."""


def login_failed(exc: LoginError) -> AuditError:
    """A LoginError as the one-line error of the run: its input missing (exit 2), or the login failed (exit 3)."""
    return AuditError(str(exc)) if isinstance(exc, LoginInputError) else CannotRun(str(exc))


def check_reachable(url: str, timeout_s: float = 5.0) -> None:
    """Open (and close) a TCP connection to the URL's host: no HTTP request is sent."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout_s):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise CannotRun(
            tr("cannot reach {url} ({reason}): check the URL and that the site is up").format(
                url=redact_url(url), reason=reason
            )
        ) from None


def db_location(db: Path | str | None) -> Path | str:
    """--db as given: a ``postgresql://`` URL kept as text, a SQLite path as a Path; None: the default file."""
    if is_db_url(str(db or "")):
        return str(db)
    return Path(db) if db else default_db_path()


def _store_errors() -> tuple[type[BaseException], ...]:
    try:
        import psycopg
    except ImportError:
        return (OSError, sqlite3.Error, RuntimeError)
    return (OSError, sqlite3.Error, RuntimeError, psycopg.Error)


def open_store(path: Path | str) -> Store:
    try:
        return Store(path)
    except _store_errors() as exc:
        message = str(exc)
        if is_db_url(str(path)):  # never a password in a message
            from ent_audit.reports.store import _scrub

            message = _scrub(message, str(path))
        raise AuditError(
            tr("history store {path} cannot be opened ({message}): choose another --db").format(
                path=redact_db_url(path), message=message
            )
        ) from None


def scrapy_settings(config: Config, db_path: Path | str, run_id: str, progress: bool, log_level: str) -> Settings:
    settings = Settings()
    settings.setmodule("ent_audit.crawler.settings", priority="project")
    crawl = config.crawl
    settings.setdict(
        {
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
        },
        priority="cmdline",
    )
    return settings


async def login_all(config: Config, user_agent: str, safety: SafetyLedger | None = None) -> dict[str, Session]:
    return {profile.name: await login(config, profile, user_agent, safety) for profile in config.profiles_to_run()}


def crawler_process(settings: Settings) -> CrawlerProcess:
    """Scrapy's process for one crawl (an audit, or a distributed worker's share), with our logging: no record made
    below the level written (log_redaction.make_only_written, once Scrapy has set its loggers to DEBUG), and
    asyncio's browser-teardown noise off (not the user's concern)."""
    process = CrawlerProcess(settings)
    log_redaction.make_only_written(settings["LOG_LEVEL"])
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    return process
