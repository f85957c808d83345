"""The spider's judgement of a failed load: was it the browser that died (load the page again in a new one)?"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from ent_audit.crawler.spiders.ent import browser_died_under


def page_in(connected: bool) -> SimpleNamespace:
    browser = SimpleNamespace(is_connected=lambda: connected)
    return SimpleNamespace(context=SimpleNamespace(browser=browser))


def test_a_closed_browser_said_so_is_gone():
    error = "Page.goto: Target page, context or browser has been closed"
    assert asyncio.run(browser_died_under(page_in(True), error, wait_s=0))


def test_an_aborted_load_whose_browser_is_disconnected_is_the_browser_dying():
    """Chromium killed mid-load: the navigation may fail as aborted before the browser reports itself closed
    (CI: /pannes/lente in error 'net::ERR_ABORTED' instead of loaded again)."""
    error = "Page.goto: net::ERR_ABORTED at http://127.0.0.1:1/pannes/lente"
    assert asyncio.run(browser_died_under(page_in(False), error, wait_s=0.2))


def test_an_aborted_load_in_a_live_browser_is_the_pages_own_failure():
    error = "Page.goto: net::ERR_ABORTED at http://127.0.0.1:1/download"
    assert not asyncio.run(browser_died_under(page_in(True), error, wait_s=0.2))
    assert not asyncio.run(browser_died_under(None, error, wait_s=0.2))


def test_other_failures_are_not_the_browser():
    assert not asyncio.run(browser_died_under(page_in(False), "Page.goto: net::ERR_CONNECTION_REFUSED", wait_s=0))
