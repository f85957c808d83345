"""The coordinator of a distributed crawl (``ent-audit audit ... --redis URL``); the workers are worker.py.

The coordinator logs in once (for the site-wide facts), opens the run, seeds the start URLs, prints the run id,
waits for the frontier to drain and the workers to end, closes the run with the workers' statistics, then writes
results.json, report.html and the exports as a plain audit does (crawler/runner.py). README "Distributed crawl"
tells how to deploy it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ent_audit.crawler.config import Config
from ent_audit.crawler.distributed.connection import LATEST_KEY, connect
from ent_audit.crawler.distributed.frontier import RedisFrontier
from ent_audit.crawler.distributed.scheduler import seed
from ent_audit.crawler.distributed.tracking import DEFAULT_IDLE_S, clear_run, merged_stats, wait_for_workers
from ent_audit.crawler.safety import Scope
from ent_audit.i18n import language


@dataclass
class Distributed:
    """``ent-audit audit --redis URL [--workers N] [--idle S]``."""

    redis_url: str
    workers: int = 0  # workers this coordinator starts on its own machine (0: they are started elsewhere)
    idle_s: float = DEFAULT_IDLE_S
    config_path: Path | None = None  # given to the local workers


def coordinate(
    config: Config, db_path: Path | str, run_id: str, distributed: Distributed, *, progress: bool = True
) -> None:
    """Seed the run's frontier, wait for the workers to drain it, close the run in the store."""
    from ent_audit.crawler.launch import CannotRun, open_store
    from ent_audit.crawler.pipelines import _jsonable

    redis = connect(distributed.redis_url)
    frontier = RedisFrontier(redis, run_id, config.crawl.max_pages, config.crawl.max_per_template)
    scope = Scope.for_config(config)

    def follow(url: str) -> str | None:
        return None if scope.reason_to_skip(url) else scope.follow(url)

    queued = seed(redis, run_id, frontier, config.start_urls, [p.name for p in config.profiles_to_run()], follow)
    redis.set(LATEST_KEY, run_id)
    print(
        f"ent-audit: run {run_id} ({queued} start pages queued): start `ent-audit worker --run {run_id}` on each "
        "machine",
        file=sys.stderr,
        flush=True,
    )
    started = time.monotonic()
    children = [_start_local_worker(run_id, db_path, distributed, i) for i in range(distributed.workers)]
    try:
        wait_for_workers(
            redis,
            run_id,
            idle_s=distributed.idle_s,
            on_progress=(lambda text: print(f"ent-audit: {text}", file=sys.stderr, flush=True)) if progress else None,
        )
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
        raise CannotRun(fatal)


def _start_local_worker(run_id: str, db_path: Path | str, distributed: Distributed, index: int) -> Any:
    command = [
        sys.executable,
        "-m",
        "ent_audit",
        "worker",
        "--run",
        run_id,
        "--db",
        str(db_path),
        "--redis",
        distributed.redis_url,
        "--idle",
        str(distributed.idle_s),
        "--quiet",
        "--lang",
        language(),  # the run's one language, in the workers' lines too
    ]
    if distributed.config_path:
        command += ["--config", str(distributed.config_path)]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL)
