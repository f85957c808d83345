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
    """After make_only_written("WARNING"), a DEBUG line (scrapy-playwright's line a request) is not even made, and
    scrapy-playwright's listeners for those lines are not installed (it asks its logger for DEBUG)."""
    loggers = [logging.getLogger(name) for name in ("", "scrapy", "scrapy-playwright", "ent-audit")]
    before = {logger.name: logger.level for logger in loggers}
    logging.getLogger("scrapy").setLevel(logging.DEBUG)  # what Scrapy's configure_logging does
    logging.getLogger().setLevel(logging.NOTSET)
    try:
        log_redaction.make_only_written("WARNING")
        assert not any(logger.isEnabledFor(logging.INFO) for logger in loggers)
        assert all(logger.isEnabledFor(logging.WARNING) for logger in loggers)
        log_redaction.make_only_written("INFO")  # --verbose
        assert logging.getLogger("scrapy-playwright").isEnabledFor(logging.INFO)
        assert not logging.getLogger("scrapy-playwright").isEnabledFor(logging.DEBUG)
    finally:
        for logger in loggers:
            logger.setLevel(before[logger.name])
