"""Strategy ``form``: a real browser fills the login form, as a person would.

Handles JavaScript sign-in pages that ask the username first and show the password field only after a first
"Next" (Vue, React…): fill the username, submit that step, wait for the password field, fill it, submit.
"""
from __future__ import annotations

from typing import Any

from crawler.auth import LoginError, credentials, refused, succeeded
from crawler.config import AuthConfig
from crawler.settings import PLAYWRIGHT_LAUNCH_OPTIONS

USERNAME_CSS = ("input[autocomplete=username]", "input[type=email]", "input[name*=user i]", "input[name*=login i]",
                "input[name*=mail i]", "input[name*=ident i]", "input[type=text]", "input:not([type])")
PASSWORD_CSS = "input[type=password]"
SUBMIT_CSS = ("button[type=submit]", "input[type=submit]", "form button:not([type=button])", "button")


async def _first_visible(page: Any, selectors: tuple[str, ...]) -> Any:
    for css in selectors:
        locator = page.locator(css).filter(visible=True)
        if await locator.count():
            return locator.first
    return None


async def _submit(page: Any, auth: AuthConfig, field: Any) -> None:
    button = page.locator(auth.submit_selector).filter(visible=True).first if auth.submit_selector \
        else await _first_visible(page, SUBMIT_CSS)
    if button is not None and await button.count():
        await button.click()
    else:
        await field.press("Enter")


async def browser_login(playwright: Any, auth: AuthConfig, user_agent: str, timeout_s: float = 30.0,
                        ignore_https_errors: bool = False) -> tuple[dict, list[str]]:
    """The storage state of a login done by a real browser, and the URLs its frames went through (SSO check)."""
    username, password = credentials(auth)
    browser = await playwright.chromium.launch(**PLAYWRIGHT_LAUNCH_OPTIONS)
    try:
        context = await browser.new_context(user_agent=user_agent, locale="fr-FR",
                                            ignore_https_errors=ignore_https_errors)
        context.set_default_timeout(timeout_s * 1000)
        page = await context.new_page()
        visited: list[str] = []
        page.on("request", lambda request: visited.append(request.url) if request.is_navigation_request() else None)
        try:
            await page.goto(auth.login_url, wait_until="load")
        except Exception as exc:
            raise LoginError(f"cannot reach the login page {auth.login_url}: {str(exc).splitlines()[0]}") from None
        user_field = page.locator(auth.username_selector).first if auth.username_selector \
            else await _first_visible(page, USERNAME_CSS)
        if user_field is None or not await user_field.count():
            raise LoginError(f"no username field found on {auth.login_url}: set [auth] username_selector")
        await user_field.fill(username)
        password_field = page.locator(auth.password_selector or PASSWORD_CSS).first
        if not await password_field.is_visible():  # two-step sign-in: submit the username, then wait
            await _submit(page, auth, user_field)
            try:
                await password_field.wait_for(state="visible", timeout=min(timeout_s, 15) * 1000)
            except Exception:
                raise LoginError(f"no password field appeared on {auth.login_url} after the username step: "
                                 "set [auth] password_selector") from None
        await password_field.fill(password)
        try:  # a form posts and navigates; a JavaScript sign-in may not: then judge the page as it is
            async with page.expect_navigation(wait_until="load", timeout=min(timeout_s, 15) * 1000):
                await _submit(page, auth, password_field)
        except Exception:
            pass
        try:
            await page.wait_for_load_state("networkidle", timeout=5000)
        except Exception:  # a portal that polls never goes idle
            pass
        if not succeeded(auth, page.url, await page.content()):
            raise refused(auth, 200)
        return await context.storage_state(), visited
    finally:
        await browser.close()
