"""PageCapture → audits → store, one page at a time (a crash loses at most the page in flight)."""

from __future__ import annotations

import re
import time
from typing import Any

from ent_audit import __version__
from ent_audit.audits.metrics import ecoindex
from ent_audit.audits.model import PageCapture
from ent_audit.crawler.cpu import process_tree_cpu_s
from ent_audit.crawler.paths import default_db_path
from ent_audit.crawler.urls import redact_text, redact_url, site_of
from ent_audit.reports.store import Store

_FIELD_VALUE = re.compile(r"""\bvalue=("[^"]*"|'[^']*')""", re.IGNORECASE)


def redact_snippet(html: str) -> str:
    """HTML shown as evidence: field values (CSRF tokens, filled-in data) and URL secrets removed."""
    return redact_text(_FIELD_VALUE.sub('value="REDACTED"', html))


def redact_capture(capture: PageCapture) -> PageCapture:
    """Tickets and session tokens never reach the store (nor, therefore, any report)."""
    capture.url = redact_url(capture.url)
    capture.final_url = redact_url(capture.final_url)
    capture.error = redact_text(capture.error)
    capture.links = [redact_url(link) for link in capture.links]
    for entry in (*capture.blocked, *capture.documents):
        entry["url"] = redact_url(entry["url"])
    accessibility = capture.accessibility or {}
    for result in (*accessibility.get("violations", ()), *accessibility.get("needs_review", ())):
        result["snippets"] = [redact_snippet(snippet) for snippet in result.get("snippets", ())]
    for link in (accessibility.get("facts") or {}).get("new_window_links", ()):
        link["href"] = redact_url(link.get("href", ""))
    capture.facts = _redact_strings(capture.facts)
    for record in capture.requests:
        record.url = redact_url(record.url)
        record.failed = redact_text(record.failed)
        if "location" in record.headers:
            record.headers["location"] = redact_url(record.headers["location"])
    return capture


def _redact_strings(value: Any) -> Any:
    """Every URL inside the page facts (images, coverage, cookies' origins, timestamps' texts) redacted."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {key: _redact_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_strings(item) for item in value]
    return value


def score_page(capture: PageCapture) -> dict[str, Any] | None:
    """EcoIndex of a page load; only HTML pages that loaded without error are scored (EcoIndex protocol)."""
    if capture.error or not 200 <= capture.status < 300 or "html" not in capture.mime:
        return None
    return ecoindex.compute(capture.dom_elements, capture.request_count, capture.transfer_bytes).to_dict()


class AuditAndStorePipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("ENT_AUDIT_DB") or str(default_db_path())
        self.run_id = crawler.settings.get("ENT_AUDIT_RUN_ID")
        # `ent-audit worker`: the coordinator closes the run, not a worker
        self.worker = crawler.settings.get("ENT_AUDIT_WORKER") or ""
        self.store: Store | None = None
        self.opened_here = False  # `scrapy crawl`: no runner around to store what the read-only policy spared
        # what the crawl costs: from here (the login is done, the crawl's browser not started) to the run's end
        self.started = time.monotonic()
        self.cpu_started: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> AuditAndStorePipeline:
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        spider = self.crawler.spider
        self.started, self.cpu_started = time.monotonic(), process_tree_cpu_s()
        self.store = Store(self.db_path)
        if not self.run_id:  # started with `scrapy crawl`: open the run here
            self.opened_here = True
            config = spider.config
            self.run_id = self.store.start_run(
                start_urls=[redact_url(u) for u in config.start_urls],
                tool_version=__version__,
                site=config.site or site_of(config.start_urls[0]),
                profile=config.profile_label(),
                settings=config.to_dict(),
            )
        spider.run_id = self.run_id

    def process_item(self, item: Any, spider: Any = None) -> Any:
        stats = self.crawler.stats
        if isinstance(item, PageCapture):
            capture = redact_capture(item)
            assert self.store is not None
            self.store.save_page(self.run_id, capture, score_page(capture), worker=self.worker)
            stats.inc_value("ent_audit/pages")
            if capture.blocked:
                stats.inc_value("ent_audit/blocked", len(capture.blocked))
            if capture.error:
                stats.inc_value("ent_audit/page_errors")
        return item

    def close_spider(self, spider: Any = None) -> None:
        if self.store is None:
            return
        spider = self.crawler.spider
        safety = getattr(spider, "safety", None)
        if safety is not None and (self.worker or self.opened_here):  # else the runner stores it, Lighthouse's too
            earlier = (self.store.run(self.run_id).get("facts") or {}).get("safety") or {}
            if self.worker and earlier:  # the other workers' part
                safety.merge(earlier)
            self.store.set_run_facts(self.run_id, {"safety": safety.to_dict()})
        if self.worker:  # one of several workers: the coordinator closes the run once all are done
            self.store.close()
            return
        stats = self.crawler.stats.get_stats()
        reason = stats.get("finish_reason", "finished")
        status = "failed" if getattr(spider, "fatal_error", "") else ("finished" if reason == "finished" else reason)
        stats = {
            k: v
            for k, v in stats.items()
            if k.startswith("ent_audit/") or k in ("finish_reason", "elapsed_time_seconds")
        }
        stats["ent_audit/crawl_s"] = round(time.monotonic() - self.started, 3)
        cpu_now = process_tree_cpu_s()
        if cpu_now is not None and self.cpu_started is not None:  # the browser is still open: its renderers count
            stats["ent_audit/cpu_s"] = round(cpu_now - self.cpu_started, 3)
        if spider is not None and hasattr(spider, "frontier"):
            stats["ent_audit/templates"] = _redact_strings(spider.frontier.report())  # example URLs may hold ids
        self.store.finish_run(self.run_id, status=status, stats=_jsonable(stats))
        self.store.close()


def _jsonable(stats: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v if isinstance(v, (int, float, str, bool, list, dict)) or v is None else str(v)) for k, v in stats.items()
    }
