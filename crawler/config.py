"""Config file (TOML) + command-line flags → one validated Config object, with one-line errors."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ent_audit.audits.security import parse_window
from ent_audit.audits.tomlfile import read_toml
from ent_audit.crawler.urls import redact_url
from ent_audit.i18n import tr


class ConfigError(ValueError):
    """Bad input: the message is one line saying what, where and how to fix it (line breaks and other control
    characters of the values it quotes are escaped, so a key such as "a\\nb" cannot break it)."""

    def __init__(self, message: str) -> None:
        super().__init__("".join(c if c.isprintable() else ascii(c)[1:-1] for c in str(message)))


@dataclass
class AuthConfig:
    strategy: str = "none"  # one of STRATEGIES
    login_url: str = ""
    username_env: str = ""
    password_env: str = ""
    username_selector: str = ""
    password_selector: str = ""
    submit_selector: str = ""
    logged_in_selector: str = ""  # success check: an element only a logged-in page has
    logged_in_url: str = ""  # success check: a regular expression the URL reached after login matches
    state_file: str = ""  # strategy "storage_state": Playwright storage state or cookie list (JSON)


@dataclass
class ProfileConfig:
    """One role logged in ([[profiles]]): its name and its own credentials; the rest comes from [auth]."""

    name: str = ""
    username_env: str = ""
    password_env: str = ""
    state_file: str = ""

    def auth(self, base: AuthConfig) -> AuthConfig:
        overrides = {k: v for k, v in asdict(self).items() if k != "name" and v}
        return replace(base, **overrides)


@dataclass
class CrawlConfig:
    max_pages: int = 100
    max_depth: int = 3
    concurrency: int = 2  # pages loaded at once (one browser, one context per page)
    deny: list[str] = field(default_factory=list)  # extra regular expressions, on top of the default deny list
    deny_defaults: bool = True  # false: only `deny` applies (the read-only guard on methods always does)
    max_per_template: int = 3  # pages audited per URL template (/blog/post/{id}); 0 for no cap
    obey_robots: bool = True
    delay: float = 0.0  # seconds between two page loads on one site, on top of AutoThrottle
    autothrottle: bool = True
    page_timeout_s: float = 30.0
    retries: int = 2  # loads of a page answered 429 or 503, after waiting what Retry-After asks
    user_agent: str = ""  # empty: Chromium's own user agent plus the ent-audit token
    verify_tls: bool = True  # false: accept self-signed certificates (a test instance); the report says so


@dataclass
class CaptureConfig:
    quiet_ms: int = 500
    settle_timeout_s: float = 10.0
    accessibility: bool = True  # axe-core + RGAA checks in the same load
    axe_timeout_s: float = 30.0  # a page whose audit takes longer is marked incomplete
    coverage: bool = True  # unused JavaScript and CSS from the browser's coverage (RGESN 6.5)
    sample_pages: int = 5  # first page of up to N templates: repeat visit (RGESN 6.2) and 512 kbit/s load (2.3)


@dataclass
class DurableConfig:
    """Budgets of RGESN 6.1 (defaults: the RGESN 2024 example targets) and the grid of the SWD v4 carbon model."""

    max_page_kb: float = 1000.0  # kB of 1000 bytes, as EcoIndex counts
    max_requests: int = 30
    grid_g_per_kwh: float = 494.0  # SWD v4 global average; 44.18 for France (Ember 2023, see README)


@dataclass
class ResponsableConfig:
    """Doctrine technique checks: the droit à la déconnexion window and the plain-HTTP address probed."""

    quiet_start: str = "20:00"  # circular of 10 July 2025: no ENT update 20:00–07:00 (see README)
    quiet_end: str = "07:00"
    quiet_weekend: bool = False  # true: also Friday quiet_start to Monday quiet_end
    timezone: str = "Europe/Paris"
    http_url: str = ""  # where to try plain HTTP (HTTP→HTTPS redirect check); empty: http://<host>/ of the site


@dataclass
class SafetyConfig:
    """The read-only policy's user settings (docs/SAFETY.md)."""

    allow: list[str] = field(default_factory=list)  # "METHOD URL-pattern": requests the policy refuses, allowed
    deny: list[str] = field(default_factory=list)  # regular expressions added to the built-in list ([crawl] deny too)
    service_workers: bool = False  # true: pages may register service workers
    websockets: bool = False  # true: pages may open WebSockets (their messages are then not judged)


@dataclass
class LighthouseConfig:
    pages: int = 5  # Lighthouse on the first page of up to N templates after the crawl (15–35 s a page); 0: off
    timeout_s: float = 120.0  # one Lighthouse run; a slower one is reported as skipped
    path: str = ""  # the lighthouse command; empty: ENT_AUDIT_LIGHTHOUSE, ./node_modules, the checkout's, PATH


@dataclass
class Config:
    site: str = ""
    profile: str = ""
    start_urls: list[str] = field(default_factory=list)
    auth: AuthConfig = field(default_factory=AuthConfig)
    profiles: list[ProfileConfig] = field(default_factory=list)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    capture: CaptureConfig = field(default_factory=CaptureConfig)
    durable: DurableConfig = field(default_factory=DurableConfig)
    responsable: ResponsableConfig = field(default_factory=ResponsableConfig)
    lighthouse: LighthouseConfig = field(default_factory=LighthouseConfig)
    safety: SafetyConfig = field(default_factory=SafetyConfig)
    kinds: dict[str, list[str]] = field(default_factory=dict)  # page kind -> URL patterns (compare-sites)

    def profiles_to_run(self) -> list[ProfileConfig]:
        return self.profiles or [ProfileConfig(name=self.profile)]

    def profile_label(self) -> str:
        """The role(s) logged in, as recorded with the run: "élève" or "élève, parent"."""
        return ", ".join(p.name for p in self.profiles_to_run() if p.name)

    def to_dict(self) -> dict[str, Any]:
        """Settings as recorded with a run: names of environment variables, never their values; tickets and
        session parameters of the URLs (a start URL copied with its ?ticket= or ;jsessionid=) redacted."""
        settings = asdict(self)
        settings["start_urls"] = [redact_url(url) for url in self.start_urls]
        settings["auth"]["login_url"] = redact_url(self.auth.login_url)
        settings["responsable"]["http_url"] = redact_url(self.responsable.http_url)
        return settings


_TABLES = {
    "auth": AuthConfig,
    "crawl": CrawlConfig,
    "capture": CaptureConfig,
    "durable": DurableConfig,
    "responsable": ResponsableConfig,
    "lighthouse": LighthouseConfig,
    "safety": SafetyConfig,
}
_TOP_LEVEL = {"site", "profile", "start_urls"}
STRATEGIES = ("none", "cas", "openent", "form", "storage_state", "basic")
_NEEDS = {  # keys each strategy needs, in [auth] or in every [[profiles]] entry
    "cas": ("login_url", "username_env", "password_env"),
    "openent": ("login_url", "username_env", "password_env"),
    "form": ("login_url", "username_env", "password_env"),
    "basic": ("username_env", "password_env"),
    "storage_state": ("state_file",),
}


def _check_type(where: str, key: str, value: Any, expected: Any) -> Any:
    kind = expected if isinstance(expected, type) else type(expected)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            raise ConfigError(
                tr("{where}: '{key}' is too large ({value}…)").format(where=where, key=key, value=str(value)[:12])
            ) from None
    if kind is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(tr("{where}: '{key}' must be a list of strings").format(where=where, key=key))
        return value
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(
            tr("{where}: '{key}' must be {name}, got {name2} {value}").format(
                where=where, key=key, name=kind.__name__, name2=type(value).__name__, value=repr(value)
            )
        )
    return value


def _fill(obj: Any, table: dict[str, Any], where: str) -> None:
    known = {f.name: f for f in fields(obj)}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(
                tr("{where}: unknown key '{key}' (known keys: {items})").format(
                    where=where, key=key, items=", ".join(sorted(known))
                )
            )
        setattr(obj, key, _check_type(where, key, value, getattr(obj, key)))


def load_config(path: str | Path | None) -> Config:
    """Read and validate a TOML config file; no file gives the defaults."""
    config = Config()
    if path is None:
        return config
    path = Path(path)
    data = read_toml(path, "config", "--config", ConfigError)
    for key, value in data.items():
        if key in _TABLES:
            if not isinstance(value, dict):
                raise ConfigError(tr("{path}: '{key}' must be a table [{key}]").format(path=path, key=key))
            _fill(getattr(config, key), value, f"{path} [{key}]")
        elif key == "profiles":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise ConfigError(tr("{path}: profiles must be [[profiles]] tables").format(path=path))
            for number, table in enumerate(value, 1):
                profile = ProfileConfig()
                _fill(profile, table, f"{path} [[profiles]] #{number}")
                config.profiles.append(profile)
        elif key == "kinds":
            config.kinds = parse_kinds(value, str(path))
        elif key in _TOP_LEVEL:
            _fill_top(config, key, value, str(path))
        else:
            known = sorted(_TOP_LEVEL | {f"[{t}]" for t in _TABLES} | {"[[profiles]]", "[kinds]"})
            raise ConfigError(
                tr("{path}: unknown key '{key}' (known: {items})").format(path=path, key=key, items=", ".join(known))
            )
    return config


def parse_kinds(value: Any, where: str) -> dict[str, list[str]]:
    """``[kinds]``: page kind → URL patterns (``messagerie = ["/conversation/*", "/messagerie/*"]``), matched
    against the path (with its query and fragment) in this order by ``ent-audit compare-sites``."""
    if not isinstance(value, dict):
        raise ConfigError(tr("{where}: 'kinds' must be a table [kinds]").format(where=where))
    for kind, patterns in value.items():
        _check_type(f"{where} [kinds]", kind, patterns, list)
        bad = [p for p in patterns if not p.startswith(("/", "*"))]
        if not patterns or bad:
            raise ConfigError(
                tr(
                    "{where} [kinds]: '{kind}' needs URL path patterns starting with / or "
                    '*, such as ["/conversation/*"], got {patterns}'
                ).format(where=where, kind=kind, patterns=repr(patterns))
            )
    return {kind: list(patterns) for kind, patterns in value.items()}


def _fill_top(config: Config, key: str, value: Any, where: str) -> None:
    setattr(config, key, _check_type(where, key, value, getattr(config, key)))


def validate_url(url: str, where: str | None = None) -> str:
    where = where or tr("start URL")
    if not url.isprintable():  # urlsplit drops tabs and line breaks silently; every later message would break too
        raise ConfigError(
            tr("{where} {url} contains a line break or another control character").format(where=where, url=repr(url))
        )
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # an unclosed IPv6 bracket, a host that changes under NFKC normalisation
        raise ConfigError(
            tr("{where} '{url}' is not a valid URL ({exc})").format(where=where, url=url, exc=exc)
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            tr("{where} '{url}' is not an http(s) URL: give a full address such as https://ent.example.fr/").format(
                where=where, url=url
            )
        )
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise ConfigError(tr("{where} '{url}' has an invalid port").format(where=where, url=url)) from None
    return url


def validate(config: Config) -> Config:
    """Checks that need the whole config (after flags were applied)."""
    if not config.start_urls:
        raise ConfigError(tr("no start URL: give at least one URL on the command line or start_urls in the config"))
    for url in config.start_urls:
        validate_url(url)
    crawl = config.crawl
    if crawl.max_pages < 1:
        raise ConfigError(tr("max_pages must be at least 1, got {max_pages}").format(max_pages=crawl.max_pages))
    if crawl.max_depth < 0:
        raise ConfigError(tr("max_depth must be 0 or more, got {max_depth}").format(max_depth=crawl.max_depth))
    if not 1 <= crawl.concurrency <= 16:
        raise ConfigError(
            tr("concurrency must be between 1 and 16, got {concurrency}").format(concurrency=crawl.concurrency)
        )
    if crawl.max_per_template < 0:
        raise ConfigError(
            tr("max_per_template must be 0 (no cap) or more, got {max_per_template}").format(
                max_per_template=crawl.max_per_template
            )
        )
    auth = config.auth
    if auth.strategy not in STRATEGIES:
        raise ConfigError(
            tr("[auth] strategy '{strategy}' is not supported (use one of: {items})").format(
                strategy=auth.strategy, items=", ".join(STRATEGIES)
            )
        )
    names = [p.name for p in config.profiles]
    if config.profiles and (not all(names) or len(set(names)) != len(names)):
        raise ConfigError(tr("every [[profiles]] entry needs a distinct name (élève, parent, enseignant…)"))
    for profile in config.profiles_to_run():
        effective = profile.auth(auth)
        where = f"[[profiles]] '{profile.name}'" if config.profiles else "[auth]"
        for key in _NEEDS.get(auth.strategy, ()):
            if not getattr(effective, key):
                raise ConfigError(
                    tr("{where}: strategy '{strategy}' needs '{key}'").format(
                        where=where, strategy=auth.strategy, key=key
                    )
                )
    if auth.login_url:
        validate_url(auth.login_url, "[auth] login_url")
    if auth.logged_in_url:
        _check_regex("[auth] logged_in_url", auth.logged_in_url)
    for pattern in crawl.deny:
        _check_regex("[crawl] deny pattern", pattern)
    for pattern in config.safety.deny:
        _check_regex("[safety] deny pattern", pattern)
    if config.safety.allow:  # imported only then: crawler.safety loads Scrapy
        from ent_audit.crawler.safety.url import (
            parse_allow_entry,  # the policy's own parser: one grammar for allow entries
        )

        for entry in config.safety.allow:
            try:
                parse_allow_entry(entry)
            except ValueError as exc:
                raise ConfigError(tr('[safety] allow entry "{entry}": {exc}').format(entry=entry, exc=exc)) from None
    if config.lighthouse.pages < 0 or config.lighthouse.timeout_s <= 0:
        raise ConfigError(tr("[lighthouse] pages must be 0 (off) or more and timeout_s above 0"))
    if config.capture.sample_pages < 0:
        raise ConfigError(
            tr("[capture] sample_pages must be 0 (off) or more, got {sample_pages}").format(
                sample_pages=config.capture.sample_pages
            )
        )
    durable = config.durable
    if durable.max_page_kb <= 0 or durable.max_requests <= 0 or durable.grid_g_per_kwh < 0:
        raise ConfigError(tr("[durable] max_page_kb and max_requests must be above 0 and grid_g_per_kwh 0 or more"))
    _check_numbers(config)
    quiet = config.responsable
    try:
        parse_window(quiet.quiet_start, quiet.quiet_end, quiet.quiet_weekend, quiet.timezone)
    except ValueError as exc:
        raise ConfigError(tr("[responsable] {exc}").format(exc=exc)) from None
    if quiet.http_url:
        validate_url(quiet.http_url, "[responsable] http_url")
    return config


# Numbers the crawl waits on: above 0, not merely 0 or more like every other number of these tables.
_ABOVE_ZERO = {
    ("crawl", "page_timeout_s"),
    ("capture", "settle_timeout_s"),
    ("capture", "axe_timeout_s"),
    ("lighthouse", "timeout_s"),
}


def _check_numbers(config: Config) -> None:
    """Every number of [crawl], [capture], [durable], [lighthouse] finite and not negative (TOML allows nan, inf)."""
    for table in ("crawl", "capture", "durable", "lighthouse"):
        section = getattr(config, table)
        for f in fields(section):
            value = getattr(section, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            above_zero = (table, f.name) in _ABOVE_ZERO
            if not math.isfinite(value) or value < 0 or (above_zero and value == 0):
                bound = tr("above 0") if above_zero else tr("0 or more")
                raise ConfigError(
                    tr("[{table}] {name} must be a finite number {bound}, got {value}").format(
                        table=table, name=f.name, bound=bound, value=repr(value)
                    )
                )


def _check_regex(where: str, pattern: str) -> None:
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as exc:  # a{99999999999}, thousands of nested groups
        raise ConfigError(
            tr("{where} {pattern} is not a valid regular expression: {exc}").format(
                where=where, pattern=repr(pattern), exc=exc
            )
        ) from None
