"""Strategy ``form``: a real browser fills the login form, as a person would.

Handles JavaScript sign-in pages that ask the username first and show the password field only after a first
"Next" (Vue, React…): fill the username, submit that step, wait for the password field, fill it, submit.
"""

from __future__ import annotations

from typing import Any

from ent_audit.audits.security import sso_protocols
from ent_audit.crawler.auth.base import (
    LoginContext,
    LoginError,
    LoginStrategy,
    Session,
    credentials,
    refused,
    register,
    succeeded,
)
from ent_audit.crawler.config import AuthConfig
from ent_audit.crawler.safety.guard import BrowserGuard, launch_args
from ent_audit.crawler.settings import PLAYWRIGHT_LAUNCH_OPTIONS
from ent_audit.i18n import tr

USERNAME_CSS = (
    "input[autocomplete=username]",
    "input[type=email]",
    "input[name*=user i]",
    "input[name*=login i]",
    "input[name*=mail i]",
    "input[name*=ident i]",
    "input[type=text]",
    "input:not([type])",
)
PASSWORD_CSS = "input[type=password]"
SUBMIT_CSS = ("button[type=submit]", "input[type=submit]", "form button:not([type=button])", "button")


async def _first_visible(page: Any, selectors: tuple[str, ...]) -> Any:
    for css in selectors:
        locator = page.locator(css).filter(visible=True)
        if await locator.count():
            return locator.first
    return None


FORM_WAIT_S = 10.0  # a single-page app draws its sign-in form after its scripts ran: wait for it, bounded


async def _username_field(page: Any, auth: AuthConfig, timeout_s: float) -> Any:
    """The username field, once the page has drawn it (a Vue or React sign-in page has none at ``load``)."""
    if auth.username_selector:
        field = page.locator(auth.username_selector).first
        try:
            await field.wait_for(state="visible", timeout=min(timeout_s, FORM_WAIT_S) * 1000)
        except Exception:
            return None
        return field
    try:  # a password field, or any text field, shows the form is drawn
        await (
            page.locator(", ".join((PASSWORD_CSS, *USERNAME_CSS)))
            .filter(visible=True)
            .first.wait_for(state="visible", timeout=min(timeout_s, FORM_WAIT_S) * 1000)
        )
    except Exception:
        pass  # none appeared: the lookup below says which field is missing
    return await _first_visible(page, USERNAME_CSS)


async def _submit(page: Any, auth: AuthConfig, field: Any) -> None:
    button = (
        page.locator(auth.submit_selector).filter(visible=True).first
        if auth.submit_selector
        else await _first_visible(page, SUBMIT_CSS)
    )
    if button is not None and await button.count():
        await button.click()
    else:
        await field.press("Enter")


async def browser_login(
    playwright: Any,
    auth: AuthConfig,
    user_agent: str,
    guard: BrowserGuard,
    timeout_s: float = 30.0,
    ignore_https_errors: bool = False,
    websockets: bool = False,
) -> tuple[dict[str, Any], list[str]]:
    """The storage state of a login done by a real browser, and the URLs its frames went through (SSO check).

    The browser is under the read-only guard from its launch: GET/HEAD/OPTIONS of URLs the policy allows, plus
    the login submission (a write carrying the username or the password) until the login is judged; after that
    nothing but reads, whatever the signed-in app sends (a heartbeat PUT, a "last seen" POST)."""
    username, password = credentials(auth)
    options = {
        **PLAYWRIGHT_LAUNCH_OPTIONS,
        "args": [*PLAYWRIGHT_LAUNCH_OPTIONS["args"], *launch_args(user_agent, websockets)],
    }
    browser = await playwright.chromium.launch(**options)
    await guard.attach(browser)  # closes the browser and raises when it cannot: nothing unguarded
    guard.allow_login_submission(username, password)
    try:
        context = await browser.new_context(
            user_agent=user_agent, locale="fr-FR", ignore_https_errors=ignore_https_errors
        )
        context.set_default_timeout(timeout_s * 1000)
        page = await context.new_page()
        visited: list[str] = []
        page.on("request", lambda request: visited.append(request.url) if request.is_navigation_request() else None)
        try:
            await page.goto(auth.login_url, wait_until="load")
        except Exception as exc:
            raise LoginError(
                tr("cannot reach the login page {login_url}: {value}").format(
                    login_url=auth.login_url, value=str(exc).splitlines()[0]
                )
            ) from None
        user_field = await _username_field(page, auth, timeout_s)
        if user_field is None or not await user_field.count():
            raise LoginError(
                tr("no username field found on {login_url}: set [auth] username_selector").format(
                    login_url=auth.login_url
                )
            )
        await user_field.fill(username)
        password_field = page.locator(auth.password_selector or PASSWORD_CSS).first
        if not await password_field.is_visible():  # two-step sign-in: submit the username, then wait
            await _submit(page, auth, user_field)
            try:
                await password_field.wait_for(state="visible", timeout=min(timeout_s, 15) * 1000)
            except Exception:
                raise LoginError(
                    tr(
                        "no password field appeared on {login_url} after the username step: set "
                        "[auth] password_selector"
                    ).format(login_url=auth.login_url)
                ) from None
        await password_field.fill(password)
        try:  # a form posts and navigates; a JavaScript sign-in may not: then judge the page as it is
            async with page.expect_navigation(wait_until="load", timeout=min(timeout_s, 15) * 1000):
                await _submit(page, auth, password_field)
        except Exception:
            pass
        guard.login_done()  # submitted: from now on, reads only
        try:
            await page.wait_for_load_state("networkidle", timeout=5000)
        except Exception:  # a portal that polls never goes idle
            pass
        if not succeeded(auth, page.url, await page.content()):
            raise refused(auth, 200)
        return await context.storage_state(), visited
    finally:
        guard.login_done()
        await browser.close()


@register
class FormLogin(LoginStrategy):
    name = "form"
    savable = True

    async def log_in(self, context: LoginContext) -> Session:
        guard = BrowserGuard(context.policy, context.safety, client="login")
        state, urls = await browser_login(
            context.playwright,
            context.auth,
            context.user_agent,
            guard,
            context.timeout_s,
            context.insecure,
            context.config.safety.websockets,
        )
        return Session(storage_state=state, observed={"strategy": "form", "sso": sso_protocols(urls), "cookies": []})
