"""Log one profile in with its configured strategy: the HTTP strategies live in auth.py, the browser one in
login_browser.py; every one runs under the run's read-only policy."""
from __future__ import annotations

from typing import Any

from ent_audit.crawler.auth import (
    Session,
    basic_login,
    cas_login,
    load_state_file,
    openent_login,
    sso_protocols,
)
from ent_audit.crawler.config import Config, ProfileConfig
from ent_audit.crawler.login_browser import browser_login
from ent_audit.crawler.safety import ReadOnlyGuard
from ent_audit.crawler.safety.guard import BrowserGuard


async def login(config: Config, profile: ProfileConfig, user_agent: str, safety: Any = None) -> Session:
    """Log one profile in with the configured strategy, under the run's read-only policy (``safety``: the run's
    SafetyLedger, where what the login browser was refused is counted)."""
    auth = profile.auth(config.auth)
    policy = ReadOnlyGuard.for_config(config)
    if auth.strategy == "none":
        return Session()
    if auth.strategy == "storage_state":
        return Session(storage_state=load_state_file(auth.state_file))
    from playwright.async_api import async_playwright
    timeout_s = config.crawl.page_timeout_s
    insecure = not config.crawl.verify_tls
    async with async_playwright() as playwright:
        if auth.strategy == "basic":
            return await basic_login(playwright, auth, user_agent, auth.login_url or config.start_urls[0], timeout_s,
                                     insecure)
        if auth.strategy == "cas":
            return await cas_login(playwright, auth, user_agent, timeout_s, insecure, policy)
        if auth.strategy == "openent":
            return_url = config.start_urls[0] if config.start_urls else "/"
            return await openent_login(playwright, auth, user_agent, return_url, timeout_s, insecure, policy)
        guard = BrowserGuard(policy, safety, client="login")
        state, urls = await browser_login(playwright, auth, user_agent, guard, timeout_s, insecure,
                                          config.safety.websockets)
        return Session(storage_state=state, observed={"strategy": "form", "sso": sso_protocols(urls), "cookies": []})
