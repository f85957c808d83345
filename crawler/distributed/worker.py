"""``ent-audit worker``: one worker of a distributed crawl. It logs in with its own copy of the credentials, takes
the crawl limits of the run (so every worker obeys the same budget), audits pages from the shared queue and saves
them in the shared store."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from ent_audit.crawler.config import Config, validate
from ent_audit.crawler.distributed.connection import LATEST_KEY, connect
from ent_audit.crawler.distributed.frontier import RedisFrontier
from ent_audit.crawler.distributed.scheduler import scrapy_settings as distributed_settings
from ent_audit.crawler.distributed.tracking import DEFAULT_IDLE_S, WorkerTracker, worker_name
from ent_audit.crawler.engines import check_axe, check_chromium
from ent_audit.crawler.safety.ledger import SafetyLedger

# Settings a worker takes from the run (what the coordinator was given), not from its own config file.
RUN_CRAWL_KEYS = (
    "max_pages",
    "max_depth",
    "max_per_template",
    "deny",
    "deny_defaults",
    "obey_robots",
    "page_timeout_s",
    "retries",
    "verify_tls",
)


def apply_run_settings(config: Config, run: dict[str, Any]) -> Config:
    """The worker's config with the run's start URLs, crawl limits and capture settings (the coordinator's flags
    included): every worker audits by the same rules. Credentials, concurrency and politeness stay its own."""
    settings = run.get("settings") or {}
    if run.get("start_urls"):
        config.start_urls = list(run["start_urls"])
    for key in RUN_CRAWL_KEYS:
        if key in (settings.get("crawl") or {}):
            setattr(config.crawl, key, settings["crawl"][key])
    for key, value in (settings.get("capture") or {}).items():
        if hasattr(config.capture, key):
            setattr(config.capture, key, value)
    for key in ("site", "profile"):
        if settings.get(key):
            setattr(config, key, settings[key])
    return validate(config)


def resolve_run(redis: Any, run_id: str, wait_s: float = 600.0) -> str:
    """``latest``: the run a coordinator opened last (waited for when the worker starts first)."""
    if run_id != "latest":
        return run_id
    deadline = time.monotonic() + wait_s
    while True:
        current: str | None = redis.get(LATEST_KEY)
        if current:
            return current
        if time.monotonic() > deadline:
            from ent_audit.crawler.launch import AuditError

            raise AuditError("no run opened by a coordinator in Redis: start `ent-audit audit ... --redis` first")
        time.sleep(1.0)


def run_worker(
    config: Config,
    db: Path | str | None,
    redis_url: str,
    run_id: str,
    *,
    idle_s: float = DEFAULT_IDLE_S,
    progress: bool = False,
    log_level: str = "WARNING",
) -> tuple[str, int]:
    """``ent-audit worker``: audit pages of the run from the shared queue until the crawl is over. Returns the run id
    and the pages this worker saved."""
    from ent_audit.crawler.auth.base import LoginError
    from ent_audit.crawler.browser import browser_user_agent
    from ent_audit.crawler.launch import (
        AuditError,
        CannotRun,
        check_reachable,
        crawler_process,
        db_location,
        login_all,
        login_failed,
        open_store,
        scrapy_settings,
    )
    from ent_audit.crawler.spiders.ent import EntSpider

    db_path = db_location(db)
    redis = connect(redis_url)
    run_id = resolve_run(redis, run_id)
    store = open_store(db_path)
    try:
        try:
            run = store.run(run_id)
        except KeyError:
            raise AuditError(f"no run {run_id} in the history store: give the id printed by the coordinator") from None
    finally:
        store.close()
    if run["status"] != "running":
        raise AuditError(f"run {run_id} is {run['status']}: nothing left to crawl")
    config = apply_run_settings(config, run)
    check_chromium()  # what this worker's pages need (Lighthouse runs on the coordinator): EngineMissing, exit 3
    if config.capture.accessibility:
        check_axe()
    for url in dict.fromkeys(config.start_urls + ([config.auth.login_url] if config.auth.login_url else [])):
        check_reachable(url)
    user_agent = config.crawl.user_agent or browser_user_agent()
    safety = SafetyLedger()  # this worker's part; its pipeline adds it to the run's at the end
    try:
        sessions = asyncio.run(login_all(config, user_agent, safety))
    except LoginError as exc:
        raise login_failed(exc) from None
    worker = worker_name()
    settings = scrapy_settings(config, db_path, run_id, progress, log_level)
    settings.setdict(distributed_settings(redis_url, run_id, worker, idle_s), priority="cmdline")
    process = crawler_process(settings)
    crawler = process.create_crawler(EntSpider)
    frontier = RedisFrontier(redis, run_id, config.crawl.max_pages, config.crawl.max_per_template)
    tracker = WorkerTracker(redis, run_id, worker, idle_s)
    process.crawl(crawler, config=config, sessions=sessions, frontier=frontier, distributed=tracker, safety=safety)
    process.start()
    spider = crawler.spider if isinstance(crawler.spider, EntSpider) else None
    if spider is not None and spider.fatal_error:
        raise CannotRun(spider.fatal_error)
    return run_id, int(crawler.stats.get_value("ent_audit/pages", 0) or 0)
