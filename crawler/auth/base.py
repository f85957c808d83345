"""What every login strategy shares: the Session it returns, the one-line LoginError, the credentials read from the
environment, the success check, and the registry a strategy joins with ``@register`` (one file per strategy in
this package; crawler/auth/__init__.py imports them all and dispatches on ``[auth] strategy``).

Nothing of the login is written to disk unless asked (``ent-audit login --save``); passwords are read from the
environment and never logged.
"""

from __future__ import annotations

import json
import os
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

from parsel import Selector

from ent_audit.crawler.config import AuthConfig, Config
from ent_audit.crawler.safety import ReadOnlyGuard
from ent_audit.crawler.safety.ledger import SafetyLedger
from ent_audit.i18n import tr

PASSWORD_FIELD = "input[type=password]"


class LoginError(RuntimeError):
    """The login could not be done (refused, the login page unreachable or not as configured: exit 3); the message
    is one line and holds no secret."""


class LoginInputError(LoginError):
    """What the login needs is missing before any request (credential variables not set, a state file absent or
    unreadable): bad input, exit 2."""


@dataclass
class Session:
    """What a browser context needs to be logged in."""

    storage_state: dict[str, Any] | None = None
    http_credentials: dict[str, Any] | None = None
    observed: dict[str, Any] | None = None  # what the login showed: SSO protocols, cookie flags (never values)

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
                    f" for (const [k, v] of Object.entries({json.dumps(items)})) localStorage.setItem(k, v); }}"
                )


@dataclass
class SessionSlot:
    """A profile's current session. Pages read it when their context opens, so a renewed session reaches even
    pages that were queued before the renewal."""

    session: Session
    generation: int = 0


@dataclass
class LoginContext:
    """What a strategy is given to log one profile in."""

    auth: AuthConfig  # the profile's [auth] settings (its own credentials' variable names)
    config: Config
    user_agent: str
    policy: ReadOnlyGuard  # the run's read-only policy: every request of the login is judged by it
    safety: SafetyLedger | None = None  # where what the login browser was refused is counted
    playwright: Any = None  # started by the dispatcher for strategies that use it

    @property
    def timeout_s(self) -> float:
        return self.config.crawl.page_timeout_s

    @property
    def insecure(self) -> bool:
        return not self.config.crawl.verify_tls


class LoginStrategy(ABC):
    """One ``[auth] strategy``: a name, and how it logs a profile in."""

    name: ClassVar[str]
    uses_playwright: ClassVar[bool] = True  # the dispatcher starts Playwright for it
    savable: ClassVar[bool] = False  # a scripted login whose cookies `ent-audit login --save` can keep

    @abstractmethod
    async def log_in(self, context: LoginContext) -> Session:
        """The session every page's fresh browser context starts from; LoginError when refused."""


STRATEGIES: dict[str, LoginStrategy] = {}
_Strategy = TypeVar("_Strategy", bound=type[LoginStrategy])


def register(cls: _Strategy) -> _Strategy:
    """Class decorator: the strategy answers to its ``name`` in ``[auth] strategy``."""
    STRATEGIES[cls.name] = cls()
    return cls


@register
class NoLogin(LoginStrategy):
    """``none``: the site is audited as an anonymous visitor sees it."""

    name = "none"
    uses_playwright = False

    async def log_in(self, context: LoginContext) -> Session:
        return Session()


def credentials(auth: AuthConfig) -> tuple[str, str]:
    username = os.environ.get(auth.username_env, "")
    password = os.environ.get(auth.password_env, "")
    missing = [name for name, value in ((auth.username_env, username), (auth.password_env, password)) if not value]
    if missing:
        raise LoginInputError(
            tr(
                "environment variable(s) {items} not set: export them before the audit "
                "(named by username_env / password_env in [auth])"
            ).format(items=", ".join(missing))
        )
    return username, password


def still_on_login_form(html: str) -> bool:
    return bool(Selector(text=html).css(PASSWORD_FIELD))


def refused(auth: AuthConfig, status: int) -> LoginError:
    return LoginError(
        tr(
            "login refused at {login_url} (HTTP {status}, the login form came back): check the account in "
            "${username_env} / ${password_env}"
        ).format(
            login_url=auth.login_url, status=status, username_env=auth.username_env, password_env=auth.password_env
        )
    )


def succeeded(auth: AuthConfig, final_url: str, html: str) -> bool:
    """The configured success check, else: the login left the login page, and no password field is in sight."""
    if auth.logged_in_url:
        return bool(re.search(auth.logged_in_url, final_url))
    if auth.logged_in_selector:
        return bool(Selector(text=html).css(auth.logged_in_selector))
    if auth.login_url and urlsplit(final_url).path == urlsplit(auth.login_url).path:
        return False
    return not still_on_login_form(html)
