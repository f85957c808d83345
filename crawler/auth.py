"""Login strategies. Today: ``form`` (any HTML login form, CAS included), submitted without a browser.

The form is read and filled by form2request (the library Scrapy now recommends over ``FormRequest.from_response``):
every field of the form, hidden ones included (CAS ``execution``, ``_eventId``, ``lt``…), and sent with Playwright's HTTP client so that the session cookies
land in a Playwright storage state that every page's fresh browser context starts from. Nothing of the login is
written to disk; the password is read from the environment and never logged.
"""
from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from form2request import Request as LoginRequest
from form2request import form2request
from parsel import Selector

from crawler.config import AuthConfig, Config

PASSWORD_FIELD = "input[type=password]"
USERNAME_HINTS = ("user", "login", "email", "identifiant", "mail", "ident")


class LoginError(RuntimeError):
    """The login could not be done; the message is one line and holds no secret."""


def credentials(auth: AuthConfig) -> tuple[str, str]:
    username = os.environ.get(auth.username_env, "")
    password = os.environ.get(auth.password_env, "")
    missing = [name for name, value in ((auth.username_env, username), (auth.password_env, password)) if not value]
    if missing:
        raise LoginError(f"environment variable(s) {', '.join(missing)} not set: export them before the audit "
                         "(named by username_env / password_env in [auth])")
    return username, password


def _field_name(selector: Selector, css: str, what: str, login_url: str) -> str:
    found = selector.css(css)
    if not found:
        raise LoginError(f"no {what} field matches '{css}' on {login_url}: check [auth] {what}_selector")
    name = found[0].attrib.get("name")
    if not name:
        raise LoginError(f"the {what} field '{css}' on {login_url} has no name attribute")
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
    raise LoginError(f"no username field found in the login form of {login_url}: set [auth] username_selector")


def build_login_request(html: str, url: str, auth: AuthConfig, username: str, password: str) -> LoginRequest:
    """The login submission, every field of the form filled (pure: testable without a server)."""
    page = Selector(text=html, base_url=url)
    password_field = _field_name(page, auth.password_selector or PASSWORD_FIELD, "password", url)
    form = next((f for f in page.xpath("//form") if f.xpath(".//input[@name=$n]", n=password_field)), None)
    if form is None:
        raise LoginError(f"the password field of {url} is not inside a form: check [auth] login_url")
    click: Any = None
    if auth.submit_selector:
        submit = page.css(auth.submit_selector)
        if not submit:
            raise LoginError(f"no submit button matches '{auth.submit_selector}' on {url}: check [auth] submit_selector")
        click = submit[0].root
    data = {_username_field(form, auth, url): username, password_field: password}
    return form2request(form, data, click=click)


def still_on_login_form(html: str) -> bool:
    return bool(Selector(text=html).css(PASSWORD_FIELD))


async def form_login(playwright: Any, auth: AuthConfig, user_agent: str, timeout_s: float = 30.0) -> dict:
    """Log in once; returns the Playwright storage state (cookies) that page contexts start from."""
    username, password = credentials(auth)
    api = await playwright.request.new_context(user_agent=user_agent, timeout=timeout_s * 1000)
    try:
        try:
            page = await api.get(auth.login_url)
        except Exception as exc:  # network errors: name the URL, not the exception's internals
            raise LoginError(f"cannot reach the login page {auth.login_url}: {str(exc).splitlines()[0]}") from None
        if page.status >= 400:
            raise LoginError(f"login page {auth.login_url} answered HTTP {page.status}: check [auth] login_url")
        request = build_login_request(await page.text(), page.url, auth, username, password)
        try:
            result = await api.fetch(request.url, method=request.method, headers=dict(request.headers),
                                     data=request.body or None)
        except Exception as exc:
            raise LoginError(f"login submission to {urlsplit(request.url).path} failed: "
                             f"{str(exc).splitlines()[0]}") from None
        if result.status >= 400 or still_on_login_form(await result.text()):
            raise LoginError(f"login refused at {auth.login_url} (HTTP {result.status}, the login form came back): "
                             f"check the account in ${auth.username_env} / ${auth.password_env}")
        return await api.storage_state()
    finally:
        await api.dispose()


async def login(config: Config, user_agent: str) -> dict | None:
    """Run the configured login strategy once; None when the site needs no login."""
    if config.auth.strategy != "form":
        return None
    from playwright.async_api import async_playwright
    async with async_playwright() as playwright:
        return await form_login(playwright, config.auth, user_agent, config.crawl.page_timeout_s)
