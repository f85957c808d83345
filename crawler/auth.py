"""Login strategies (``[auth] strategy``). Each returns a Session that every page's fresh browser context starts from.

- ``cas``: the login page's HTML form (Apereo CAS or any plain form) read and filled by form2request (the library
  Scrapy recommends over ``FormRequest.from_response``): every field, hidden ones included (``execution``,
  ``_eventId``, ``lt``…), sent with Playwright's HTTP client, redirects (ticket) followed;
- ``openent``: OpenENT NG's ``POST /auth/login`` with ``email``, ``password``, ``callBack``;
- ``form``: a real browser fills the form, in two steps when the password field only appears after the username
  (crawler/login_browser.py);
- ``storage_state``: cookies imported from a file (SSO with a second factor, logged in by hand once);
- ``basic``: HTTP basic authentication on every request.
Nothing of the login is written to disk unless asked (``ent-audit login --save``); passwords are read from the
environment and never logged.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from form2request import Request as LoginRequest
from form2request import form2request
from parsel import Selector

from ent_audit.audits.security import parse_set_cookie, sso_protocols
from ent_audit.crawler.config import AuthConfig
from ent_audit.crawler.urls import redact_url

PASSWORD_FIELD = "input[type=password]"
USERNAME_HINTS = ("user", "login", "email", "identifiant", "mail", "ident")


class LoginError(RuntimeError):
    """The login could not be done; the message is one line and holds no secret."""


@dataclass
class Session:
    """What a browser context needs to be logged in."""

    storage_state: dict | None = None
    http_credentials: dict | None = None
    observed: dict | None = None  # what the login showed: SSO protocols, cookie flags (never values)

    def context_kwargs(self, include_state: bool = True) -> dict[str, Any]:
        """Options of a new browser context; without the storage state when it is applied later (``apply``)."""
        kwargs: dict[str, Any] = {}
        if include_state and self.storage_state is not None:
            kwargs["storage_state"] = self.storage_state
        if self.http_credentials is not None:
            kwargs["http_credentials"] = self.http_credentials
        return kwargs

    async def apply(self, context: Any) -> None:
        """Put the session into a context that already exists: its cookies, and its local storage per origin."""
        if not self.storage_state:
            return
        if self.storage_state.get("cookies"):
            await context.add_cookies(self.storage_state["cookies"])
        for origin in self.storage_state.get("origins") or []:
            items = {item["name"]: item["value"] for item in origin.get("localStorage") or []}
            if items:
                await context.add_init_script(
                    f"if (location.origin === {json.dumps(origin['origin'])}) {{"
                    f" for (const [k, v] of Object.entries({json.dumps(items)})) localStorage.setItem(k, v); }}")


@dataclass
class LoginObserver:
    """Every hop of a scripted login, seen one by one (redirects followed by hand): the URLs, for the SSO
    protocol, and the flags of every cookie set, for the Doctrine checks. Cookie values are dropped at once."""

    urls: list[str] = field(default_factory=list)
    cookies: list[dict] = field(default_factory=list)

    def see(self, response: Any) -> None:
        self.urls.append(response.url)
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(response.url))
        for header in response.headers_array:
            if header["name"].lower() == "set-cookie":
                cookie = parse_set_cookie(header["value"])
                if cookie is not None:
                    self.cookies.append({**cookie, "origin": origin})

    def facts(self, strategy: str) -> dict:
        return {"strategy": strategy, "sso": sso_protocols(self.urls), "cookies": self.cookies,
                "hops": len(self.urls)}


REDIRECTS = (301, 302, 303, 307, 308)
MAX_LOGIN_HOPS = 15


async def observed_fetch(api: Any, url: str, observer: LoginObserver, *, method: str = "GET",
                         what: str = "", policy: Any = None, **options: Any) -> Any:
    """``api.fetch`` with redirects followed one hop at a time so that each hop's URL and cookies are seen
    (the client keeps the cookies of every hop, as a browser does). Each hop after the first is judged by the
    read-only ``policy`` before it is asked for: a login that redirects to a logout or an action stops there."""
    for hop in range(MAX_LOGIN_HOPS):
        if hop and policy is not None:
            reason = policy.reason_to_block(method, url, "document")
            if reason:
                raise LoginError(f"the login redirected to {redact_url(url)}, which the read-only policy refuses "
                                 f"({reason}): check [auth] login_url")
        response = await reach(api.fetch(url, method=method, max_redirects=0, **options), what or url)
        observer.see(response)
        location = response.headers.get("location")
        if response.status not in REDIRECTS or not location:
            return response
        url = urljoin(response.url, location)
        if response.status == 303 or (response.status in (301, 302) and method != "GET"):
            method, options = "GET", {k: v for k, v in options.items() if k not in ("data", "form")}
    raise LoginError(f"more than {MAX_LOGIN_HOPS} redirects while logging in at {what or url}")


@dataclass
class SessionSlot:
    """A profile's current session. Pages read it when their context opens, so a renewed session reaches even
    pages that were queued before the renewal."""

    session: Session
    generation: int = 0


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


def refused(auth: AuthConfig, status: int) -> LoginError:
    return LoginError(f"login refused at {auth.login_url} (HTTP {status}, the login form came back): "
                      f"check the account in ${auth.username_env} / ${auth.password_env}")


def succeeded(auth: AuthConfig, final_url: str, html: str) -> bool:
    """The configured success check, else: the login left the login page, and no password field is in sight."""
    if auth.logged_in_url:
        return bool(re.search(auth.logged_in_url, final_url))
    if auth.logged_in_selector:
        return bool(Selector(text=html).css(auth.logged_in_selector))
    if auth.login_url and urlsplit(final_url).path == urlsplit(auth.login_url).path:
        return False
    return not still_on_login_form(html)


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
        raise LoginError(f"cannot reach {what}: {str(exc).splitlines()[0]}") from None


async def accepted_state(api: Any, auth: AuthConfig, result: Any) -> dict:
    """The session's cookies when the login submission was accepted, else a one-line refusal."""
    if result.status >= 400 or not succeeded(auth, result.url, await result.text()):
        raise refused(auth, result.status)
    return await api.storage_state()


async def cas_login(playwright: Any, auth: AuthConfig, user_agent: str, timeout_s: float = 30.0,
                    ignore_https_errors: bool = False, policy: Any = None) -> Session:
    """Log in through the login page's HTML form; the session holds the Playwright storage state (cookies)."""
    username, password = credentials(auth)
    observer = LoginObserver()
    async with http_client(playwright, user_agent, timeout_s, ignore_https_errors=ignore_https_errors) as api:
        page = await observed_fetch(api, auth.login_url, observer, what=f"the login page {auth.login_url}",
                                    policy=policy)
        if page.status >= 400:
            raise LoginError(f"login page {auth.login_url} answered HTTP {page.status}: check [auth] login_url")
        request = build_login_request(await page.text(), page.url, auth, username, password)
        result = await observed_fetch(api, request.url, observer, method=request.method,
                                      headers=dict(request.headers), data=request.body or None,
                                      what=f"the login form's target {request.url}", policy=policy)
        return Session(storage_state=await accepted_state(api, auth, result), observed=observer.facts("cas"))


async def openent_login(playwright: Any, auth: AuthConfig, user_agent: str, return_url: str,
                        timeout_s: float = 30.0, ignore_https_errors: bool = False, policy: Any = None) -> Session:
    """OpenENT NG: ``POST /auth/login`` with ``email`` (the login), ``password`` and ``callBack``; no CSRF token."""
    username, password = credentials(auth)
    observer = LoginObserver()
    async with http_client(playwright, user_agent, timeout_s, ignore_https_errors=ignore_https_errors) as api:
        result = await observed_fetch(api, auth.login_url, observer, method="POST",
                                      form={"email": username, "password": password, "callBack": return_url},
                                      what=f"the login page {auth.login_url}", policy=policy)
        return Session(storage_state=await accepted_state(api, auth, result), observed=observer.facts("openent"))


async def basic_login(playwright: Any, auth: AuthConfig, user_agent: str, check_url: str,
                      timeout_s: float = 30.0, ignore_https_errors: bool = False) -> Session:
    """HTTP basic authentication: checked once on the first page, so a wrong password stops before the crawl."""
    username, password = credentials(auth)
    http_credentials = {"username": username, "password": password}
    async with http_client(playwright, user_agent, timeout_s, http_credentials=http_credentials,
                           ignore_https_errors=ignore_https_errors) as api:
        result = await reach(api.get(check_url), check_url)
        if result.status == 401:
            raise LoginError(f"HTTP authentication refused at {check_url} (401): "
                             f"check the account in ${auth.username_env} / ${auth.password_env}")
    return Session(http_credentials=http_credentials, observed={"strategy": "basic", "sso": {}, "cookies": []})


def load_state_file(path: str) -> dict:
    """A Playwright storage state, or a plain list of cookies (browser cookie-export format)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LoginError(f"state file {path} not found: create it with `ent-audit login --save {path}`") from None
    except (OSError, ValueError) as exc:
        raise LoginError(f"state file {path} is not readable JSON ({type(exc).__name__})") from None
    if isinstance(data, list):
        data = {"cookies": data, "origins": []}
    if not isinstance(data, dict) or not isinstance(data.get("cookies"), list):
        raise LoginError(f"state file {path} holds no cookies: expected a Playwright storage state or a cookie list")
    cookies = []
    for cookie in data["cookies"]:
        if not isinstance(cookie, dict) or "name" not in cookie or "value" not in cookie:
            raise LoginError(f"state file {path}: every cookie needs a name and a value")
        cookie = {k: v for k, v in cookie.items() if k in _COOKIE_KEYS}
        if "expirationDate" in cookie:
            cookie["expires"] = cookie.pop("expirationDate")
        if "sameSite" in cookie and cookie["sameSite"] not in ("Strict", "Lax", "None"):
            cookie.pop("sameSite")
        cookie.setdefault("path", "/")
        cookies.append(cookie)
    return {"cookies": cookies, "origins": data.get("origins") or []}


_COOKIE_KEYS = {"name", "value", "domain", "path", "expires", "expirationDate", "httpOnly", "secure", "sameSite"}


def save_state_file(state: dict, path: str) -> Path:
    """Write a storage state readable by its owner only (it holds session cookies)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(state, handle)
    os.chmod(target, 0o600)
    return target
