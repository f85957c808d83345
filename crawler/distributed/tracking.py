"""Workers of a distributed crawl: pages in flight, heartbeat, the end of the crawl (each worker counts its pages in
flight in Redis and refreshes a heartbeat key; the crawl is over once the queue has been empty and no live worker
held a page for ``idle_s`` seconds), and the workers' statistics merged for the coordinator."""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider

from ent_audit.crawler.distributed.connection import namespace
from ent_audit.crawler.distributed.frontier import RedisFrontier

HEARTBEAT_S = 2.0
HEARTBEAT_TTL_S = 15  # a worker silent this long is dead: its pages in flight no longer hold the others back
DEFAULT_IDLE_S = 10.0


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class WorkerTracker:
    """One worker's place in the run: registered, alive (heartbeat), pages in flight, done."""

    def __init__(self, redis: Any, run_id: str, worker: str, idle_s: float = DEFAULT_IDLE_S) -> None:
        self.redis, self.ns, self.worker, self.idle_s = redis, namespace(run_id), worker, idle_s
        self.in_flight = 0
        self._idle_since: float | None = None

    def register(self) -> None:
        self.redis.sadd(f"{self.ns}:workers", self.worker)
        self.redis.hset(f"{self.ns}:inflight", self.worker, 0)
        self.heartbeat()

    def heartbeat(self) -> None:
        self.redis.set(f"{self.ns}:alive:{self.worker}", str(time.time()), ex=HEARTBEAT_TTL_S)

    def started(self) -> None:
        self.in_flight += 1
        self.redis.hincrby(f"{self.ns}:inflight", self.worker, 1)

    def finished(self) -> None:
        self.in_flight -= 1
        self.redis.hincrby(f"{self.ns}:inflight", self.worker, -1)

    def tracked(self, method: Callable[..., AsyncIterator[Any]]) -> Callable[..., AsyncIterator[Any]]:
        """The spider's callback, counting its page out of flight once everything it yields (the capture, the
        links to follow) has been handed over, so the queue is fed before the count drops."""

        async def run(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
            try:
                async for output in method(*args, **kwargs):
                    yield output
            finally:
                self.finished()

        return run

    def done(self, stats: dict[str, Any]) -> None:
        self.redis.hset(f"{self.ns}:stats", self.worker, json.dumps(stats, default=str))
        self.redis.hset(f"{self.ns}:inflight", self.worker, 0)
        self.redis.sadd(f"{self.ns}:done", self.worker)
        self.redis.delete(f"{self.ns}:alive:{self.worker}")

    def should_stop(self) -> bool:
        """True once the run has been drained (see ``drained``) for ``idle_s`` seconds in a row."""
        if not drained(self.redis, self.ns):
            self._idle_since = None
            return False
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        return now - self._idle_since >= self.idle_s


def live_in_flight(redis: Any, ns: str) -> int:
    """Pages in flight on the workers still alive (a dead worker's count is ignored: its pages are lost)."""
    total = 0
    for worker, count in redis.hgetall(f"{ns}:inflight").items():
        if int(count) > 0 and redis.exists(f"{ns}:alive:{worker}"):
            total += int(count)
    return total


def drained(redis: Any, ns: str) -> bool:
    """Seeded, nothing queued and no live worker holding a page (whose links could feed the queue again)."""
    return bool(redis.exists(f"{ns}:seeded")) and redis.zcard(f"{ns}:requests") == 0 and live_in_flight(redis, ns) == 0


class WorkerExtension:
    """Scrapy extension of ``ent-audit worker``: registers the worker, beats, keeps it open while other workers may
    still feed the queue, and leaves its statistics for the coordinator when it closes."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.loop: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> WorkerExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        from twisted.internet import task

        spider.distributed.register()
        self.loop = task.LoopingCall(spider.distributed.heartbeat)
        self.loop.start(HEARTBEAT_S, now=False)

    def spider_idle(self, spider: Any) -> None:
        if getattr(spider, "fatal_error", ""):
            return
        if not spider.distributed.should_stop():
            raise DontCloseSpider

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        stats = {k: v for k, v in self.crawler.stats.get_stats().items() if k.startswith("ent_audit/")}
        stats["finish_reason"] = reason
        stats["fatal_error"] = getattr(spider, "fatal_error", "")
        spider.distributed.done(stats)


# -- the coordinator's side --------------------------------------------------------------------------------------------


def wait_for_workers(
    redis: Any, run_id: str, *, idle_s: float, poll_s: float = 1.0, on_progress: Callable[[str], None] | None = None
) -> None:
    """Block until at least one worker registered, the run is drained for ``idle_s`` seconds, and every registered
    worker is done or dead."""
    ns = namespace(run_id)
    idle_since: float | None = None
    last = ""
    while True:
        workers = redis.smembers(f"{ns}:workers")
        done = redis.smembers(f"{ns}:done")
        running = [w for w in workers - done if redis.exists(f"{ns}:alive:{w}")]
        queued, in_flight = redis.zcard(f"{ns}:requests"), live_in_flight(redis, ns)
        if on_progress:
            text = f"{len(running)} workers running, {queued} pages queued, {in_flight} in flight"
            if text != last:
                on_progress(text)
                last = text
        if workers and drained(redis, ns):
            idle_since = idle_since if idle_since is not None else time.monotonic()
            if not running and time.monotonic() - idle_since >= idle_s:
                return
        else:
            idle_since = None
        time.sleep(poll_s)


def merged_stats(redis: Any, run_id: str, frontier: RedisFrontier) -> tuple[dict[str, Any], str, str]:
    """The workers' statistics added up (numbers summed) with the frontier's template report, the run's status,
    and the first fatal error a worker met (login refused…), or ''."""
    ns = namespace(run_id)
    stats: dict[str, Any] = {}
    fatal = ""
    reasons = set()
    for _worker, text in sorted(redis.hgetall(f"{ns}:stats").items()):  # in the workers' order
        record = json.loads(text)
        fatal = fatal or record.pop("fatal_error", "")
        reasons.add(record.pop("finish_reason", "finished"))
        for key, value in record.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                stats[key] = stats.get(key, 0) + value
    stats["ent_audit/workers"] = len(redis.smembers(f"{ns}:workers"))
    stats["ent_audit/templates"] = frontier.report()
    status = "failed" if fatal else ("finished" if reasons <= {"finished"} else sorted(reasons - {"finished"})[0])
    stats["finish_reason"] = "finished" if status == "finished" else status
    return stats, status, fatal


def clear_run(redis: Any, run_id: str) -> int:
    """The run's Redis keys removed once the coordinator has closed it."""
    keys = list(redis.scan_iter(match=f"{namespace(run_id)}:*", count=500))
    return redis.delete(*keys) if keys else 0
