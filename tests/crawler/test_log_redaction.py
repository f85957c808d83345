"""Log lines never carry a session id: messages, their arguments and tracebacks are redacted as records are made."""

from __future__ import annotations

import logging

import pytest

from ent_audit.crawler import log_redaction

SID = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def redacting():
    base = logging.getLogRecordFactory()
    log_redaction.install()
    log_redaction.install()  # twice: wrapped once
    yield
    logging.setLogRecordFactory(base)


def test_message_arguments_and_traceback_are_redacted(redacting, caplog):
    logger = logging.getLogger("test.redaction")
    with caplog.at_level(logging.INFO):
        logger.info("Retrying <GET %s> (%d)", f"http://ent.test/espace?session_id={SID}", 2)
        try:
            raise TimeoutError('navigating to "http://ent.test/s/aB3dE5gH7jK9mN1pQ3rS5tU7vW9xY1zA/cahier"')
        except TimeoutError:
            logger.exception("page failed")
    text = caplog.text
    assert SID not in text and "aB3dE5gH7jK9mN1pQ3rS5tU7vW9xY1zA" not in text
    assert "session_id=REDACTED" in text and "(2)" in text and "TimeoutError" in text
    assert caplog.records[0].getMessage().startswith("Retrying <GET http://ent.test/espace?session_id=REDACTED>")


def test_ordinary_records_are_left_as_they_are(redacting, caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("test.redaction").info("%d pages in %s", 3, "http://ent.test/agenda?page=2")
    record = caplog.records[0]
    assert record.args == (3, "http://ent.test/agenda?page=2")  # untouched: nothing to hide


def test_records_below_the_written_level_are_not_made():
    """As the runner does: Scrapy's logging set up (CrawlerProcess), make_only_written, then the crawl's start (which
    puts the root back to NOTSET). scrapy-playwright then neither makes its DEBUG line a request nor installs the
    listeners behind it (it asks its logger for DEBUG); WARNING lines are still written."""
    from scrapy.settings import Settings
    from scrapy.utils.log import configure_logging, install_scrapy_root_handler

    loggers = [logging.getLogger(name) for name in ("", "scrapy", "scrapy-playwright", "scrapy.core.engine")]
    before = {logger.name: logger.level for logger in loggers}
    handlers = list(logging.getLogger().handlers)
    settings = Settings({"LOG_LEVEL": "WARNING", "LOG_ENABLED": True})
    try:
        configure_logging(settings)  # what CrawlerProcess does: "scrapy" at DEBUG, the root at NOTSET
        assert logging.getLogger("scrapy-playwright").isEnabledFor(logging.DEBUG)  # the cost this test is about
        log_redaction.make_only_written("WARNING")
        install_scrapy_root_handler(settings)  # what the crawl's start does
        playwright, scrapy_logger = logging.getLogger("scrapy-playwright"), logging.getLogger("scrapy.core.engine")
        assert not playwright.isEnabledFor(logging.INFO) and not scrapy_logger.isEnabledFor(logging.INFO)
        assert playwright.isEnabledFor(logging.WARNING) and scrapy_logger.isEnabledFor(logging.WARNING)
        log_redaction.make_only_written("INFO")  # --verbose
        assert playwright.isEnabledFor(logging.INFO) and not playwright.isEnabledFor(logging.DEBUG)
    finally:
        for logger in loggers:
            logger.setLevel(before[logger.name])
        root = logging.getLogger()
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
        logging.captureWarnings(False)  # configure_logging routed warnings to logging
