"""A progress line on the terminal during the crawl: pages done, queued, errors."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from scrapy import signals
from twisted.internet import task

from ent_audit.i18n import ntr
from ent_audit.reports.formatting import format_count


class ProgressLine:
    """Scrapy extension, on when ENT_AUDIT_PROGRESS is set (the ent-audit command sets it)."""

    interval_s = 1.0

    def __init__(self, crawler: Any, stream: TextIO = sys.stderr) -> None:
        self.crawler = crawler
        self.stream = stream
        self.live = stream.isatty()
        self.loop: task.LoopingCall | None = None
        self.last = ""

    @classmethod
    def from_crawler(cls, crawler: Any) -> ProgressLine:
        extension = cls(crawler)
        if crawler.settings.getbool("ENT_AUDIT_PROGRESS"):
            crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
            crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def counts(self) -> tuple[int, int, int]:
        stats = self.crawler.stats
        done = stats.get_value("ent_audit/pages", 0)
        errors = stats.get_value("ent_audit/page_errors", 0)
        dropped = stats.get_value("ent_audit/skipped/robots", 0)  # queued, then refused by robots.txt
        spider = getattr(self.crawler, "spider", None)
        scheduled = getattr(spider, "scheduled", 0)
        return done, max(scheduled - done - dropped, 0), errors

    def line(self) -> str:
        done, queued, errors = self.counts()
        return ntr(
            "ent-audit: {n} page measured, {queued} queued, {errors} in error",
            "ent-audit: {n} pages measured, {queued} queued, {errors} in error",
            done,
        ).format(n=format_count(done), queued=format_count(queued), errors=format_count(errors))

    def show(self, final: bool = False) -> None:
        text = self.line()
        if self.live:
            self.stream.write("\r" + text.ljust(len(self.last)) + ("\n" if final else ""))
        elif final or text != self.last:  # not a terminal (CI logs): one line per change
            self.stream.write(text + "\n")
        self.stream.flush()
        self.last = text

    def spider_opened(self, spider: Any) -> None:
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval_s, now=False)

    def spider_closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.show(final=True)
