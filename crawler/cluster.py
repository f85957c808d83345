"""The two sides of a distributed crawl (``--redis``): the coordinator (``ent-audit audit ... --redis URL``) and the
workers (``ent-audit worker``). The Scrapy parts (shared queue, frontier, end of the crawl) are in
crawler/distributed.py; README "Distributed crawl" tells how to deploy them.

The coordinator logs in once (for the site-wide facts), opens the run, seeds the start URLs, prints the run id,
waits for the frontier to drain and the workers to end, closes the run with the workers' statistics, then writes
results.json, report.html and the exports as a plain audit does. Each worker logs in with its own copy of the
credentials, takes the crawl limits of the run (so every worker obeys the same budget), audits pages from the
shared queue and saves them in the shared store.
"""
from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess

from ent_audit.crawler.config import Config, validate
from ent_audit.crawler.distributed import (
    DEFAULT_IDLE_S,
    RedisFrontier,
    WorkerTracker,
    clear_run,
    merged_stats,
    redact_redis_url,
    redis_client,
    seed,
    wait_for_workers,
    worker_name,
)
from ent_audit.crawler.distributed import scrapy_settings as distributed_settings
from ent_audit.crawler.safety import Scope
from ent_audit.crawler.safety.ledger import SafetyLedger

LATEST_KEY = "ent-audit:latest-run"  # the run a coordinator opened last: `ent-audit worker --run latest`
# Settings a worker takes from the run (what the coordinator was given), not from its own config file.
RUN_CRAWL_KEYS = ("max_pages", "max_depth", "max_per_template", "deny", "deny_defaults", "obey_robots",
                  "page_timeout_s", "retries", "verify_tls")


@dataclass
class Distributed:
    """``ent-audit audit --redis URL [--workers N] [--idle S]``."""

    redis_url: str
    workers: int = 0  # workers this coordinator starts on its own machine (0: they are started elsewhere)
    idle_s: float = DEFAULT_IDLE_S
    config_path: Path | None = None  # given to the local workers


def connect(redis_url: str) -> Any:
    from ent_audit.crawler.launch import AuditError
    try:
        client = redis_client(redis_url)
        client.ping()
    except Exception as exc:  # noqa: BLE001 - redis' connection and auth errors, and a malformed URL
        raise AuditError(f"cannot reach Redis at {redact_redis_url(redis_url)} ({type(exc).__name__}): check --redis "
                         "and that redis-server runs") from None
    return client


def coordinate(config: Config, db_path: Path | str, run_id: str, distributed: Distributed, *,
               progress: bool = True) -> None:
    """Seed the run's frontier, wait for the workers to drain it, close the run in the store."""
    from ent_audit.crawler.launch import AuditError, open_store
    from ent_audit.crawler.pipelines import _jsonable
    redis = connect(distributed.redis_url)
    frontier = RedisFrontier(redis, run_id, config.crawl.max_pages, config.crawl.max_per_template)
    scope = Scope.for_config(config)

    def follow(url: str) -> str | None:
        return None if scope.reason_to_skip(url) else scope.follow(url)

    queued = seed(redis, run_id, frontier, config.start_urls, [p.name for p in config.profiles_to_run()], follow)
    redis.set(LATEST_KEY, run_id)
    print(f"ent-audit: run {run_id} ({queued} start pages queued): start `ent-audit worker --run {run_id}` on each "
          "machine", file=sys.stderr, flush=True)
    started = time.monotonic()
    children = [_start_local_worker(run_id, db_path, distributed, i) for i in range(distributed.workers)]
    try:
        wait_for_workers(redis, run_id, idle_s=distributed.idle_s,
                         on_progress=(lambda text: print(f"ent-audit: {text}", file=sys.stderr, flush=True))
                         if progress else None)
    finally:
        for child in children:
            try:
                child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                child.terminate()
    stats, status, fatal = merged_stats(redis, run_id, frontier)
    stats["elapsed_time_seconds"] = round(time.monotonic() - started, 3)
    store = open_store(db_path)
    try:
        store.finish_run(run_id, status=status, stats=_jsonable(stats))
    finally:
        store.close()
    clear_run(redis, run_id)
    if redis.get(LATEST_KEY) == run_id:
        redis.delete(LATEST_KEY)
    if fatal:
        raise AuditError(fatal)


def _start_local_worker(run_id: str, db_path: Path | str, distributed: Distributed, index: int) -> Any:
    command = [sys.executable, "-m", "ent_audit", "worker", "--run", run_id, "--db", str(db_path),
               "--redis", distributed.redis_url, "--idle", str(distributed.idle_s), "--quiet"]
    if distributed.config_path:
        command += ["--config", str(distributed.config_path)]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL)


def apply_run_settings(config: Config, run: dict) -> Config:
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
        current = redis.get(LATEST_KEY)
        if current:
            return current
        if time.monotonic() > deadline:
            from ent_audit.crawler.launch import AuditError
            raise AuditError("no run opened by a coordinator in Redis: start `ent-audit audit ... --redis` first")
        time.sleep(1.0)


def run_worker(config: Config, db: Path | str | None, redis_url: str, run_id: str, *, idle_s: float = DEFAULT_IDLE_S,
               progress: bool = False, log_level: str = "WARNING") -> tuple[str, int]:
    """``ent-audit worker``: audit pages of the run from the shared queue until the crawl is over. Returns the run id
    and the pages this worker saved."""
    from ent_audit.crawler.auth import LoginError
    from ent_audit.crawler.browser import browser_user_agent
    from ent_audit.crawler.launch import (
        AuditError,
        check_reachable,
        db_location,
        login_all,
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
    for url in dict.fromkeys(config.start_urls + ([config.auth.login_url] if config.auth.login_url else [])):
        check_reachable(url)
    user_agent = config.crawl.user_agent or browser_user_agent()
    safety = SafetyLedger()  # this worker's part; its pipeline adds it to the run's at the end
    try:
        sessions = asyncio.run(login_all(config, user_agent, safety))
    except LoginError as exc:
        raise AuditError(str(exc)) from None
    worker = worker_name()
    settings = scrapy_settings(config, db_path, run_id, progress, log_level)
    settings.setdict(distributed_settings(redis_url, run_id, worker, idle_s), priority="cmdline")
    process = CrawlerProcess(settings)
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    crawler = process.create_crawler(EntSpider)
    frontier = RedisFrontier(redis, run_id, config.crawl.max_pages, config.crawl.max_per_template)
    tracker = WorkerTracker(redis, run_id, worker, idle_s)
    process.crawl(crawler, config=config, sessions=sessions, frontier=frontier, distributed=tracker, safety=safety)
    process.start()
    spider = crawler.spider
    if spider is not None and spider.fatal_error:
        raise AuditError(spider.fatal_error)
    return run_id, int(crawler.stats.get_value("ent_audit/pages", 0) or 0)
