"""DOCTRINE-cookies: Protected cookies (Secure, HttpOnly, SameSite)."""

from __future__ import annotations

from typing import Any

from ent_audit.audits.doctrine import (
    SCRIPT_READABLE,
    cookies_seen,
)
from ent_audit.audits.rules import (
    Column,
    Finding,
    RuleSettings,
    SiteView,
    facts,
    msg,
    note,
    site_rule,
    table,
    value,
)


@site_rule(
    ref="DOCTRINE-cookies",
    pillar="responsable",
    needs=("facts.login", "pages.facts.cookies"),
    title=msg("Protected cookies (Secure, HttpOnly, SameSite)"),
    why=msg(
        "A session cookie readable by scripts, sent in clear or to other sites can be stolen or "
        "replayed. Only attributes are read, never values."
    ),
    fix=msg("Set Secure, HttpOnly and SameSite=Lax (or Strict) on session cookies."),
)
def cookie_flags(site: SiteView, settings: RuleSettings) -> Finding:
    cookies = cookies_seen(site)
    if not cookies:
        login = site.facts.get("login") or {}
        if login and all(v.get("strategy") in ("none", "basic", "storage_state") for v in login.values()):
            return Finding.na(facts(note(msg("No cookie set during the audit (login not observed)"))))
        return (
            Finding.ok(facts(note(msg("No cookie set"))))
            if site.pages
            else Finding.na(facts(note(msg("No page audited"))))
        )
    problems: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    for cookie in cookies:
        lacks = []
        if site.https and not cookie.get("secure"):
            lacks.append("Secure")
        if not cookie.get("httponly") and not any(t in cookie["name"].lower() for t in SCRIPT_READABLE):
            lacks.append("HttpOnly")
        if not cookie.get("samesite"):
            lacks.append("SameSite")
        row = {
            "name": cookie["name"],
            "origin": cookie.get("origin", ""),
            "set": "" if cookie["set"] == "login" else cookie["set"],
            "login": cookie["set"] == "login",
            "secure": bool(cookie.get("secure")),
            "httponly": bool(cookie.get("httponly")),
            "samesite": cookie.get("samesite") or "",
            "missing": ", ".join(lacks),
        }
        (problems if lacks else lines).append(row)
    columns = [
        Column("name", "code", msg("Cookie")),
        Column("origin", "url", msg("Origin")),
        Column("login", "bool", msg("Set at login")),
        Column("set", "url", msg("Set on page")),
        Column("secure", "bool", msg("Secure")),
        Column("httponly", "bool", msg("HttpOnly")),
        Column("samesite", "code", msg("SameSite")),
        Column("missing", "code", msg("Missing")),
    ]
    count = value(msg("Cookies"), "count", len(cookies))
    if problems:
        return Finding.fail(
            table(
                columns,
                problems + lines,
                [
                    value(
                        msg("Cookies lacking a protection"),
                        "count",
                        len(problems),
                    ),
                    count,
                ],
            )
        )
    return Finding.ok(table(columns, lines, [count, note(msg("All protected"))]))
