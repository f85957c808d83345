"""Strategy ``basic``: HTTP basic authentication on every request."""

from __future__ import annotations

from typing import Any

from ent_audit.crawler.auth.base import LoginContext, LoginError, LoginStrategy, Session, credentials, register
from ent_audit.crawler.auth.http import http_client, reach
from ent_audit.crawler.config import AuthConfig
from ent_audit.i18n import tr


async def basic_login(
    playwright: Any,
    auth: AuthConfig,
    user_agent: str,
    check_url: str,
    timeout_s: float = 30.0,
    ignore_https_errors: bool = False,
) -> Session:
    """HTTP basic authentication: checked once on the first page, so a wrong password stops before the crawl."""
    username, password = credentials(auth)
    http_credentials = {"username": username, "password": password}
    async with http_client(
        playwright, user_agent, timeout_s, http_credentials=http_credentials, ignore_https_errors=ignore_https_errors
    ) as api:
        result = await reach(api.get(check_url), check_url)
        if result.status == 401:
            raise LoginError(
                tr(
                    "HTTP authentication refused at {check_url} (401): check the account in "
                    "${username_env} / ${password_env}"
                ).format(check_url=check_url, username_env=auth.username_env, password_env=auth.password_env)
            )
    return Session(http_credentials=http_credentials, observed={"strategy": "basic", "sso": {}, "cookies": []})


@register
class BasicLogin(LoginStrategy):
    name = "basic"

    async def log_in(self, context: LoginContext) -> Session:
        check_url = context.auth.login_url or context.config.start_urls[0]
        return await basic_login(
            context.playwright, context.auth, context.user_agent, check_url, context.timeout_s, context.insecure
        )
