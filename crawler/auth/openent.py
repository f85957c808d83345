"""Strategy ``openent``: OpenENT NG's ``POST /auth/login`` with ``email``, ``password``, ``callBack``."""

from __future__ import annotations

from typing import Any

from ent_audit.crawler.auth.base import LoginContext, LoginStrategy, Session, credentials, register
from ent_audit.crawler.auth.http import LoginObserver, accepted_state, http_client, observed_fetch
from ent_audit.crawler.config import AuthConfig


async def openent_login(
    playwright: Any,
    auth: AuthConfig,
    user_agent: str,
    return_url: str,
    timeout_s: float = 30.0,
    ignore_https_errors: bool = False,
    policy: Any = None,
) -> Session:
    """OpenENT NG: ``POST /auth/login`` with ``email`` (the login), ``password`` and ``callBack``; no CSRF token."""
    username, password = credentials(auth)
    observer = LoginObserver()
    async with http_client(playwright, user_agent, timeout_s, ignore_https_errors=ignore_https_errors) as api:
        result = await observed_fetch(
            api,
            auth.login_url,
            observer,
            method="POST",
            form={"email": username, "password": password, "callBack": return_url},
            what=f"the login page {auth.login_url}",
            policy=policy,
        )
        return Session(storage_state=await accepted_state(api, auth, result), observed=observer.facts("openent"))


@register
class OpenEntLogin(LoginStrategy):
    name = "openent"
    savable = True

    async def log_in(self, context: LoginContext) -> Session:
        start_urls = context.config.start_urls
        return_url = start_urls[0] if start_urls else "/"
        return await openent_login(
            context.playwright,
            context.auth,
            context.user_agent,
            return_url,
            context.timeout_s,
            context.insecure,
            context.policy,
        )
