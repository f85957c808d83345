"""Distributed crawl: one run spread over N ``ent-audit worker`` processes (N machines) that share one frontier in
Redis and one PostgreSQL store.

- **Queue and duplicate filter**: scrapy-redis (``DistributedScheduler``, ``RouteAwareRedisDupeFilter``), keys
  namespaced by run id (``ent-audit:<run>:…``), kept in Redis until the coordinator ends the run. A queued page is
  plain JSON (URL, depth, profile, retry counts): no pickle, no cookie, no session ever reaches Redis; each worker
  rebuilds the browser meta (its own logged-in session, the read-only guard) when it takes the page.
- **Frontier** (``RedisFrontier``): ent-audit's page budget and per-template cap, and the sampled templates, held
  by atomic Lua scripts, so each (profile, URL) is admitted once and the caps hold across workers.
- **Last guard**: a page the store already holds for the run is never audited again (``Store.has_page``).
- **End**: each worker counts its pages in flight in Redis (``<run>:inflight``) and refreshes a heartbeat key; a
  worker stops when the queue has been empty and no live worker held a page for ``idle_s`` seconds. The coordinator
  waits for the same condition and for every registered worker to be done (or dead: its heartbeat expired).
"""
from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from ent_audit.crawler.fingerprint import RouteAwareFingerprinter
from ent_audit.crawler.frontier import EXAMPLES
from ent_audit.crawler.urls import fetch_url, redact_url, template_of

HEARTBEAT_S = 2.0
HEARTBEAT_TTL_S = 15  # a worker silent this long is dead: its pages in flight no longer hold the others back
DEFAULT_IDLE_S = 10.0
SEP = "\x1f"


def namespace(run_id: str) -> str:
    return f"ent-audit:{run_id}"


def redis_client(url: str) -> Any:
    import redis
    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=30, socket_connect_timeout=10)


def redact_redis_url(url: str) -> str:
    """A Redis URL as it may be shown: its password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{userinfo.split(':', 1)[0]}:***@{host}"))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def scrapy_settings(redis_url: str, run_id: str, worker: str, idle_s: float) -> dict[str, Any]:
    """What a worker adds to ent-audit's Scrapy settings."""
    ns = namespace(run_id)
    return {
        "SCHEDULER": "ent_audit.crawler.distributed.DistributedScheduler",
        "DUPEFILTER_CLASS": "ent_audit.crawler.distributed.RouteAwareRedisDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "ent_audit.crawler.distributed.PageQueue",
        "SCHEDULER_QUEUE_KEY": f"{ns}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{ns}:dupefilter",
        "SCHEDULER_PERSIST": True,  # the queue outlives a worker: the others (or a restarted one) go on with it
        "REDIS_URL": redis_url,
        "EXTENSIONS": {"ent_audit.crawler.progress.ProgressLine": 500, "ent_audit.crawler.distributed.WorkerExtension": 510},
        "ENT_AUDIT_REDIS": redis_url,
        "ENT_AUDIT_WORKER": worker,
        "ENT_AUDIT_IDLE_S": idle_s,
    }


# -- the frontier ------------------------------------------------------------------------------------------------

_ADMIT = """
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[4])
redis.call('SADD', KEYS[5], ARGV[5])
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 'already queued' end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 'page budget' end
local cap = tonumber(ARGV[3])
if cap > 0 and redis.call('LLEN', KEYS[2]) >= cap then return 'template cap' end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[1])
return ''
"""

_SAMPLE = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
"""


class RedisFrontier:
    """ent_audit.crawler.frontier.Frontier with its counters in Redis: the same answers, shared by every worker of a run."""

    def __init__(self, redis: Any, run_id: str, max_pages: int, max_per_template: int) -> None:
        self.redis, self.ns = redis, namespace(run_id)
        self.max_pages, self.max_per_template = max_pages, max_per_template
        self._admit = redis.register_script(_ADMIT)
        self._sample = redis.register_script(_SAMPLE)

    def _template_keys(self, profile: str, template: str) -> tuple[str, str]:
        member = f"{profile}{SEP}{template}"
        return f"{self.ns}:tpl-audited:{member}", f"{self.ns}:tpl-seen:{member}"

    def admit(self, profile: str, url: str) -> str:
        """Empty when the page is to be audited (and counts from now on), else why not."""
        template = template_of(url)
        audited, seen = self._template_keys(profile, template)
        keys = [f"{self.ns}:admitted:{profile}", audited, seen, f"{self.ns}:templates", f"{self.ns}:profiles"]
        return self._admit(keys=keys, args=[url, self.max_pages, self.max_per_template, f"{profile}{SEP}{template}",
                                            profile]) or ""

    def scheduled(self, profile: str | None = None) -> int:
        profiles = [profile] if profile is not None else self.redis.smembers(f"{self.ns}:profiles")
        return sum(self.redis.scard(f"{self.ns}:admitted:{name}") for name in profiles)

    def take_sample(self, template: str, limit: int) -> bool:
        return bool(self._sample(keys=[f"{self.ns}:sampled"], args=[template, limit]))

    def report(self) -> list[dict]:
        rows = []
        for member in self.redis.smembers(f"{self.ns}:templates"):
            profile, template = member.split(SEP, 1)
            audited, seen = self._template_keys(profile, template)
            rows.append({"template": (f"{profile} · " if profile else "") + template,
                         "seen": self.redis.scard(seen), "audited": self.redis.llen(audited),
                         "examples": self.redis.lrange(audited, 0, EXAMPLES - 1)})
        return sorted(rows, key=lambda row: (-row["seen"], row["template"]))


# -- the queue ---------------------------------------------------------------------------------------------------

_QUEUED_META = ("depth", "ent_depth", "ent_profile", "ent_retries", "ent_relogins")


def encode_page(url: str, *, depth: int, profile: str, priority: int = 0, dont_filter: bool = False,
                retries: int = 0, relogins: int = 0) -> str:
    """A queued page as Redis holds it: plain JSON. The URL is the one the site's link gives, a session id in it
    included (the page is asked for at that address); the run's keys are deleted when it ends."""
    return json.dumps({"url": url, "priority": priority, "dont_filter": dont_filter, "depth": depth,
                       "ent_depth": depth, "ent_profile": profile, "ent_retries": retries,
                       "ent_relogins": relogins}, sort_keys=True, ensure_ascii=False)


class PageQueue(PriorityQueue):
    """scrapy-redis's priority queue (breadth first, as DEPTH_PRIORITY orders it) holding pages as JSON."""

    def _encode_request(self, request: scrapy.Request) -> str:
        meta = request.meta
        return encode_page(request.url, depth=meta.get("depth", meta.get("ent_depth", 0)),
                           profile=meta.get("ent_profile", ""), priority=request.priority,
                           dont_filter=request.dont_filter, retries=meta.get("ent_retries", 0),
                           relogins=meta.get("ent_relogins", 0))

    def _decode_request(self, encoded: bytes | str) -> scrapy.Request:
        data = json.loads(encoded)
        spider = self.spider
        tracker: WorkerTracker = spider.distributed
        meta = spider._page_meta(data["ent_depth"], data["ent_profile"], data["ent_retries"], data["ent_relogins"])
        meta["depth"] = data["depth"]
        return scrapy.Request(data["url"], callback=tracker.tracked(spider.parse_page),
                              errback=tracker.tracked(spider.page_failed), meta=meta, priority=data["priority"],
                              dont_filter=data["dont_filter"])


def seed(redis: Any, run_id: str, frontier: RedisFrontier, start_urls: list[str], profiles: list[str],
         follow: Callable[[str], str | None]) -> int:
    """The coordinator's start: the start URLs admitted and queued for every profile. ``follow`` gives the
    page's canonical URL (what the frontier counts) or None when the scope skips it; the URL queued is the one
    given (crawler.urls.fetch_url), as the spider asks for every page. Returns the pages queued."""
    queued = 0
    for profile in profiles:
        for url in start_urls:
            target = follow(url)
            if target is None or frontier.admit(profile, target):
                continue
            redis.zadd(f"{namespace(run_id)}:requests", {encode_page(fetch_url(url), depth=0, profile=profile): 0})
            queued += 1
    redis.set(f"{namespace(run_id)}:seeded", "1")
    return queued


class RouteAwareRedisDupeFilter(RFPDupeFilter):
    """scrapy-redis's shared duplicate filter with ent-audit's fingerprint (SPA hash routes kept, profile mixed in):
    its default canonical URL drops fragments, which would merge ``#/inbox`` and ``#/message/3``."""

    _fingerprinter = RouteAwareFingerprinter()

    def request_fingerprint(self, request: scrapy.Request) -> str:
        return self._fingerprinter.fingerprint(request).hex()


class DistributedScheduler(Scheduler):
    """scrapy-redis's scheduler, plus the last guard: a page the store already holds for the run (another worker
    saved it, or it was saved before a resume) is dropped when taken, never audited twice."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> DistributedScheduler:
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        return instance

    def open(self, spider: scrapy.Spider) -> Any:
        from ent_audit.reports.store import Store
        self.store = Store(self.crawler.settings.get("ENT_AUDIT_DB"))
        self.run_id = self.crawler.settings.get("ENT_AUDIT_RUN_ID")
        return super().open(spider)

    def close(self, reason: str) -> Any:
        store = getattr(self, "store", None)
        if store is not None:
            store.close()
        return super().close(reason)

    def next_request(self) -> scrapy.Request | None:
        while True:
            request = super().next_request()
            if request is None:
                return None
            tracker: WorkerTracker = self.spider.distributed
            tracker.started()
            if not request.dont_filter and self.store.has_page(self.run_id, redact_url(request.url),
                                                               request.meta.get("ent_profile", "")):
                tracker.finished()
                self.crawler.stats.inc_value("ent_audit/skipped/already_stored")
                continue
            return request


# -- workers: in flight, heartbeat, end ----------------------------------------------------------------------------

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

    def done(self, stats: dict) -> None:
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


# -- the coordinator ---------------------------------------------------------------------------------------------

def wait_for_workers(redis: Any, run_id: str, *, idle_s: float, poll_s: float = 1.0,
                     on_progress: Callable[[str], None] | None = None) -> None:
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


def merged_stats(redis: Any, run_id: str, frontier: RedisFrontier) -> tuple[dict, str, str]:
    """The workers' statistics added up (numbers summed) with the frontier's template report, the run's status,
    and the first fatal error a worker met (login refused…), or ''."""
    ns = namespace(run_id)
    stats: dict[str, Any] = {}
    fatal = ""
    reasons = set()
    for worker, text in sorted(redis.hgetall(f"{ns}:stats").items()):
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
