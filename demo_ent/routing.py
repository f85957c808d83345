"""Route table entries and method-aware lookup shared by the ENT app, the login flows and the traps."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .web import Response

View = Callable[..., Response]
READ = ("GET", "HEAD")


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    view: View
    public: bool = False
    api: bool = False  # JSON endpoint: 401 instead of a login redirect
    methods: tuple[str, ...] = READ
    page: bool = True  # an HTML document: counts toward the session_requests limit (protected routes only)


def route(pattern: str, view: View, **flags: object) -> Route:
    return Route(re.compile(pattern), view, **flags)  # type: ignore[arg-type]


def lookup(routes: list[Route], path: str, method: str) -> tuple[Route | None, tuple[str, ...], tuple[str, ...]]:
    """(route, groups, allowed methods): the first route matching path and method; when the path matches
    but no route takes the method, route is None and allowed lists the methods the path accepts."""
    allowed: list[str] = []
    for entry in routes:
        match = entry.pattern.fullmatch(path)
        if not match:
            continue
        if method in entry.methods:
            return entry, match.groups(), entry.methods
        allowed += [m for m in entry.methods if m not in allowed]
    return None, (), tuple(allowed)
