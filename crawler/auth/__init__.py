"""Logins: one file per ``[auth] strategy`` in this package, each a LoginStrategy registered under its name
(base.py holds the interface and the registry); ``login`` runs the profile's strategy under the run's read-only
policy. A new strategy is one new module here with a ``@register`` class, plus its name and the keys it needs in
crawler/config.py (STRATEGIES, _NEEDS), which validates config files without importing the strategies.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from ent_audit.crawler.auth.base import STRATEGIES, LoginContext, LoginStrategy, Session
from ent_audit.crawler.config import STRATEGIES as CONFIG_STRATEGIES
from ent_audit.crawler.config import Config, ProfileConfig
from ent_audit.crawler.safety import ReadOnlyGuard

__all__ = ["STRATEGIES", "login", "strategy"]

_NOT_STRATEGIES = ("base", "http")  # the interface and the scripted logins' HTTP client


def _load_strategies() -> None:
    """Import every strategy module of this package: each registers itself."""
    for module in pkgutil.iter_modules(__path__):
        if module.name not in _NOT_STRATEGIES:
            importlib.import_module(f"{__name__}.{module.name}")
    if set(STRATEGIES) != set(CONFIG_STRATEGIES):  # a strategy the config cannot name, or a name with no strategy
        raise RuntimeError(
            f"login strategies {sorted(STRATEGIES)} differ from crawler/config.py's STRATEGIES "
            f"{sorted(CONFIG_STRATEGIES)}"
        )


_load_strategies()


def strategy(name: str) -> LoginStrategy:
    return STRATEGIES[name]


async def login(config: Config, profile: ProfileConfig, user_agent: str, safety: Any = None) -> Session:
    """Log one profile in with the configured strategy, under the run's read-only policy (``safety``: the run's
    SafetyLedger, where what the login browser was refused is counted)."""
    auth = profile.auth(config.auth)
    context = LoginContext(auth, config, user_agent, ReadOnlyGuard.for_config(config), safety)
    chosen = strategy(auth.strategy)
    if not chosen.uses_playwright:
        return await chosen.log_in(context)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        context.playwright = playwright
        return await chosen.log_in(context)
