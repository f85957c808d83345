"""The Scrapy parts of a distributed worker: scrapy-redis's queue holding pages as plain JSON, its duplicate filter
with ent-audit's fingerprint, and its scheduler with the last guard (a page the store holds is never audited
again); ``scrapy_settings`` names them for Scrapy."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import scrapy
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from ent_audit.crawler.distributed.connection import namespace
from ent_audit.crawler.distributed.frontier import RedisFrontier
from ent_audit.crawler.distributed.tracking import WorkerTracker
from ent_audit.crawler.fingerprint import RouteAwareFingerprinter
from ent_audit.crawler.urls import fetch_url, redact_url


def scrapy_settings(redis_url: str, run_id: str, worker: str, idle_s: float) -> dict[str, Any]:
    """What a worker adds to ent-audit's Scrapy settings."""
    ns = namespace(run_id)
    return {
        "SCHEDULER": "ent_audit.crawler.distributed.scheduler.DistributedScheduler",
        "DUPEFILTER_CLASS": "ent_audit.crawler.distributed.scheduler.RouteAwareRedisDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "ent_audit.crawler.distributed.scheduler.PageQueue",
        "SCHEDULER_QUEUE_KEY": f"{ns}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{ns}:dupefilter",
        "SCHEDULER_PERSIST": True,  # the queue outlives a worker: the others (or a restarted one) go on with it
        "REDIS_URL": redis_url,
        "EXTENSIONS": {
            "ent_audit.crawler.extensions.ProgressLine": 500,
            "ent_audit.crawler.distributed.tracking.WorkerExtension": 510,
        },
        "ENT_AUDIT_REDIS": redis_url,
        "ENT_AUDIT_WORKER": worker,
        "ENT_AUDIT_IDLE_S": idle_s,
    }


_QUEUED_META = ("depth", "ent_depth", "ent_profile", "ent_retries", "ent_relogins")


def encode_page(
    url: str,
    *,
    depth: int,
    profile: str,
    priority: int = 0,
    dont_filter: bool = False,
    retries: int = 0,
    relogins: int = 0,
) -> str:
    """A queued page as Redis holds it: plain JSON. The URL is the one the site's link gives, a session id in it
    included (the page is asked for at that address); the run's keys are deleted when it ends."""
    return json.dumps(
        {
            "url": url,
            "priority": priority,
            "dont_filter": dont_filter,
            "depth": depth,
            "ent_depth": depth,
            "ent_profile": profile,
            "ent_retries": retries,
            "ent_relogins": relogins,
        },
        sort_keys=True,
        ensure_ascii=False,
    )


class PageQueue(PriorityQueue):
    """scrapy-redis's priority queue (breadth first, as DEPTH_PRIORITY orders it) holding pages as JSON."""

    def _encode_request(self, request: scrapy.Request) -> str:
        meta = request.meta
        return encode_page(
            request.url,
            depth=meta.get("depth", meta.get("ent_depth", 0)),
            profile=meta.get("ent_profile", ""),
            priority=request.priority,
            dont_filter=request.dont_filter,
            retries=meta.get("ent_retries", 0),
            relogins=meta.get("ent_relogins", 0),
        )

    def _decode_request(self, encoded: bytes | str) -> scrapy.Request:
        data = json.loads(encoded)
        spider = self.spider
        tracker: WorkerTracker = spider.distributed
        meta = spider._page_meta(data["ent_depth"], data["ent_profile"], data["ent_retries"], data["ent_relogins"])
        meta["depth"] = data["depth"]
        return scrapy.Request(
            data["url"],
            callback=tracker.tracked(spider.parse_page),
            errback=tracker.tracked(spider.page_failed),
            meta=meta,
            priority=data["priority"],
            dont_filter=data["dont_filter"],
        )


def seed(
    redis: Any,
    run_id: str,
    frontier: RedisFrontier,
    start_urls: list[str],
    profiles: list[str],
    follow: Callable[[str], str | None],
) -> int:
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
        instance: DistributedScheduler = super().from_crawler(crawler)
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
            request: scrapy.Request | None = super().next_request()
            if request is None:
                return None
            tracker: WorkerTracker = self.spider.distributed
            tracker.started()
            if not request.dont_filter and self.store.has_page(
                self.run_id, redact_url(request.url), request.meta.get("ent_profile", "")
            ):
                tracker.finished()
                self.crawler.stats.inc_value("ent_audit/skipped/already_stored")
                continue
            return request
