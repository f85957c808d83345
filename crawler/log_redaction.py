"""Session ids never reach the terminal or a log file: each log record is redacted as it is made.

The crawl asks for a page at the address the site gave, a ``?session_id=`` or ``/s/<id>/`` in it included, and
Scrapy, scrapy-playwright and our own messages quote request URLs (a retry, a download error, a traceback of a
navigation timeout). Wrapping the record factory covers every logger and handler at once; records below the
level are never made (``make_only_written``), so only the lines written pay for it.
"""

from __future__ import annotations

import logging
from typing import Any

from ent_audit.crawler.urls import redact_text

_FORMATTER = logging.Formatter()


def install() -> None:
    """Redact every log record from now on (once per process)."""
    base = logging.getLogRecordFactory()
    if getattr(base, "ent_audit_redacts", False):
        return

    def redacting_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed call: logging reports it itself when it formats the record
            return record
        redacted = redact_text(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:  # the handler's formatter uses this text as it is
            record.exc_text = redact_text(_FORMATTER.formatException(record.exc_info))
        return record

    redacting_record.ent_audit_redacts = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(redacting_record)


def make_only_written(level: str | int) -> None:
    """Loggers make no record below ``level``, the level the crawl's log handler writes. Scrapy sets its own loggers
    to DEBUG and the root to NOTSET (again when a crawl starts) and filters at its handler, so every DEBUG record was
    made, redacted and dropped: Scrapy's line a page, and scrapy-playwright's line a browser request and a response,
    which it listens for, reading each response's headers from the browser, whenever its logger is enabled for
    DEBUG. Set after Scrapy's ``configure_logging`` (CrawlerProcess); the named loggers keep it through the crawl."""
    for name in ("", "scrapy", "scrapy-playwright"):
        logging.getLogger(name).setLevel(level)
