"""Strategy ``storage_state``: cookies imported from a file (SSO with a second factor, logged in by hand once, or
saved by ``ent-audit login --save``)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ent_audit.crawler.auth.base import LoginContext, LoginInputError, LoginStrategy, Session, register
from ent_audit.i18n import tr


def load_state_file(path: str) -> dict[str, Any]:
    """A Playwright storage state, or a plain list of cookies (browser cookie-export format)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LoginInputError(
            tr("state file {path} not found: create it with `ent-audit login --save {path}`").format(path=path)
        ) from None
    except (OSError, ValueError) as exc:
        raise LoginInputError(
            tr("state file {path} is not readable JSON ({name})").format(path=path, name=type(exc).__name__)
        ) from None
    if isinstance(data, list):
        data = {"cookies": data, "origins": []}
    if not isinstance(data, dict) or not isinstance(data.get("cookies"), list):
        raise LoginInputError(
            tr("state file {path} holds no cookies: expected a Playwright storage state or a cookie list").format(
                path=path
            )
        )
    cookies = []
    for cookie in data["cookies"]:
        if not isinstance(cookie, dict) or "name" not in cookie or "value" not in cookie:
            raise LoginInputError(tr("state file {path}: every cookie needs a name and a value").format(path=path))
        cookie = {k: v for k, v in cookie.items() if k in _COOKIE_KEYS}
        if "expirationDate" in cookie:
            cookie["expires"] = cookie.pop("expirationDate")
        if "sameSite" in cookie and cookie["sameSite"] not in ("Strict", "Lax", "None"):
            cookie.pop("sameSite")
        cookie.setdefault("path", "/")
        cookies.append(cookie)
    return {"cookies": cookies, "origins": data.get("origins") or []}


_COOKIE_KEYS = {"name", "value", "domain", "path", "expires", "expirationDate", "httpOnly", "secure", "sameSite"}


def save_state_file(state: dict[str, Any], path: str) -> Path:
    """Write a storage state readable by its owner only (it holds session cookies)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(state, handle)
    os.chmod(target, 0o600)
    return target


@register
class StorageStateLogin(LoginStrategy):
    name = "storage_state"
    uses_playwright = False

    async def log_in(self, context: LoginContext) -> Session:
        return Session(storage_state=load_state_file(context.auth.state_file))
