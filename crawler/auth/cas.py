"""Strategy ``cas``: the login page's HTML form (Apereo CAS or any plain form) read and filled by form2request (the
library Scrapy recommends over ``FormRequest.from_response``): every field, hidden ones included (``execution``,
``_eventId``, ``lt``…), sent with Playwright's HTTP client, redirects (ticket) followed."""

from __future__ import annotations

from typing import Any

from form2request import Request as LoginRequest
from form2request import form2request
from parsel import Selector

from ent_audit.crawler.auth.base import (
    PASSWORD_FIELD,
    LoginContext,
    LoginError,
    LoginStrategy,
    Session,
    credentials,
    register,
)
from ent_audit.crawler.auth.http import LoginObserver, accepted_state, http_client, observed_fetch
from ent_audit.crawler.config import AuthConfig
from ent_audit.i18n import tr

USERNAME_HINTS = ("user", "login", "email", "identifiant", "mail", "ident")


def _field_name(selector: Selector, css: str, what: str, login_url: str) -> str:
    found = selector.css(css)
    if not found:
        raise LoginError(
            tr("no {what} field matches '{css}' on {login_url}: check [auth] {what}_selector").format(
                what=what, css=css, login_url=login_url
            )
        )
    name = found[0].attrib.get("name")
    if not name:
        raise LoginError(
            tr("the {what} field '{css}' on {login_url} has no name attribute").format(
                what=what, css=css, login_url=login_url
            )
        )
    return name


def _username_field(form: Selector, auth: AuthConfig, login_url: str) -> str:
    if auth.username_selector:
        return _field_name(form, auth.username_selector, "username", login_url)
    candidates = form.xpath(".//input[not(@type) or @type='text' or @type='email']")
    for candidate in candidates:
        name = candidate.attrib.get("name", "")
        if any(hint in name.lower() for hint in USERNAME_HINTS):
            return name
    if candidates and candidates[0].attrib.get("name"):
        return candidates[0].attrib["name"]
    raise LoginError(
        tr("no username field found in the login form of {login_url}: set [auth] username_selector").format(
            login_url=login_url
        )
    )


def build_login_request(html: str, url: str, auth: AuthConfig, username: str, password: str) -> LoginRequest:
    """The login submission, every field of the form filled (pure: testable without a server)."""
    page = Selector(text=html, base_url=url)
    password_field = _field_name(page, auth.password_selector or PASSWORD_FIELD, "password", url)
    form = next((f for f in page.xpath("//form") if f.xpath(".//input[@name=$n]", n=password_field)), None)
    if form is None:
        raise LoginError(tr("the password field of {url} is not inside a form: check [auth] login_url").format(url=url))
    click: Any = None
    if auth.submit_selector:
        submit = page.css(auth.submit_selector)
        if not submit:
            raise LoginError(
                tr("no submit button matches '{submit_selector}' on {url}: check [auth] submit_selector").format(
                    submit_selector=auth.submit_selector, url=url
                )
            )
        click = submit[0].root
    data = {_username_field(form, auth, url): username, password_field: password}
    return form2request(form, data, click=click)


async def cas_login(
    playwright: Any,
    auth: AuthConfig,
    user_agent: str,
    timeout_s: float = 30.0,
    ignore_https_errors: bool = False,
    policy: Any = None,
) -> Session:
    """Log in through the login page's HTML form; the session holds the Playwright storage state (cookies)."""
    username, password = credentials(auth)
    observer = LoginObserver()
    async with http_client(playwright, user_agent, timeout_s, ignore_https_errors=ignore_https_errors) as api:
        page = await observed_fetch(
            api, auth.login_url, observer, what=f"the login page {auth.login_url}", policy=policy
        )
        if page.status >= 400:
            raise LoginError(
                tr("login page {login_url} answered HTTP {status}: check [auth] login_url").format(
                    login_url=auth.login_url, status=page.status
                )
            )
        request = build_login_request(await page.text(), page.url, auth, username, password)
        result = await observed_fetch(
            api,
            request.url,
            observer,
            method=request.method,
            headers=dict(request.headers),
            data=request.body or None,
            what=f"the login form's target {request.url}",
            policy=policy,
        )
        return Session(storage_state=await accepted_state(api, auth, result), observed=observer.facts("cas"))


@register
class CasLogin(LoginStrategy):
    name = "cas"
    savable = True

    async def log_in(self, context: LoginContext) -> Session:
        return await cas_login(
            context.playwright, context.auth, context.user_agent, context.timeout_s, context.insecure, context.policy
        )
