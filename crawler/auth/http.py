"""The HTTP side of the scripted logins (cas, openent, basic): Playwright's HTTP client, no browser, every redirect
hop followed by hand so that its URL and its cookies are seen and the read-only policy judges it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from ent_audit.audits.security import parse_set_cookie, sso_protocols
from ent_audit.crawler.auth.base import LoginError, refused, succeeded
from ent_audit.crawler.config import AuthConfig
from ent_audit.crawler.urls import redact_url
from ent_audit.i18n import tr


@dataclass
class LoginObserver:
    """Every hop of a scripted login, seen one by one (redirects followed by hand): the URLs, for the SSO
    protocol, and the flags of every cookie set, for the Doctrine checks. Cookie values are dropped at once."""

    urls: list[str] = field(default_factory=list)
    cookies: list[dict[str, Any]] = field(default_factory=list)

    def see(self, response: Any) -> None:
        self.urls.append(response.url)
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(response.url))
        for header in response.headers_array:
            if header["name"].lower() == "set-cookie":
                cookie = parse_set_cookie(header["value"])
                if cookie is not None:
                    self.cookies.append({**cookie, "origin": origin})

    def facts(self, strategy: str) -> dict[str, Any]:
        return {"strategy": strategy, "sso": sso_protocols(self.urls), "cookies": self.cookies, "hops": len(self.urls)}


REDIRECTS = (301, 302, 303, 307, 308)
MAX_LOGIN_HOPS = 15


async def observed_fetch(
    api: Any,
    url: str,
    observer: LoginObserver,
    *,
    method: str = "GET",
    what: str = "",
    policy: Any = None,
    **options: Any,
) -> Any:
    """``api.fetch`` with redirects followed one hop at a time so that each hop's URL and cookies are seen
    (the client keeps the cookies of every hop, as a browser does). Each hop after the first is judged by the
    read-only ``policy`` before it is asked for: a login that redirects to a logout or an action stops there."""
    for hop in range(MAX_LOGIN_HOPS):
        if hop and policy is not None:
            reason = policy.reason_to_block(method, url, "document")
            if reason:
                raise LoginError(
                    tr(
                        "the login redirected to {url}, which the read-only policy refuses "
                        "({reason}): check [auth] login_url"
                    ).format(url=redact_url(url), reason=reason)
                )
        response = await reach(api.fetch(url, method=method, max_redirects=0, **options), what or url)
        observer.see(response)
        location = response.headers.get("location")
        if response.status not in REDIRECTS or not location:
            return response
        url = urljoin(response.url, location)
        if response.status == 303 or (response.status in (301, 302) and method != "GET"):
            method, options = "GET", {k: v for k, v in options.items() if k not in ("data", "form")}
    raise LoginError(
        tr("more than {hops} redirects while logging in at {what}").format(hops=MAX_LOGIN_HOPS, what=what or url)
    )


@asynccontextmanager
async def http_client(playwright: Any, user_agent: str, timeout_s: float, **options: Any) -> AsyncIterator[Any]:
    """Playwright's HTTP client (no browser); its cookies become the storage state of the page contexts."""
    api = await playwright.request.new_context(user_agent=user_agent, timeout=timeout_s * 1000, **options)
    try:
        yield api
    finally:
        await api.dispose()


async def reach(call: Awaitable[Any], what: str) -> Any:
    """Network errors of the login, as one line naming what could not be reached (never the form data)."""
    try:
        return await call
    except Exception as exc:
        raise LoginError(tr("cannot reach {what}: {value}").format(what=what, value=str(exc).splitlines()[0])) from None


async def accepted_state(api: Any, auth: AuthConfig, result: Any) -> dict[str, Any]:
    """The session's cookies when the login submission was accepted, else a one-line refusal."""
    if result.status >= 400 or not succeeded(auth, result.url, await result.text()):
        raise refused(auth, result.status)
    state: dict[str, Any] = await api.storage_state()
    return state
