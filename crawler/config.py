"""Config file (TOML) + command-line flags → one validated Config object, with one-line errors."""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from ent_audit.audits.rgesn import ALWAYS_APPLICABLE, DEFAULT_STATUS, criterion
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
    # Lists of pages (crawler/inputs.py): audit exactly these pages instead of the start URLs, no link followed
    # unless --max-depth says otherwise. sitemap: a sitemap (or index, .xml.gz too) URL, or "robots" for the
    # Sitemap: lines of the site's robots.txt. urls_file: a text file, one URL a line.
    sitemap: str = ""
    urls_file: str = ""


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
class RgesnCriterionStatus:
    """One criterion of the déclaration d'écoconception as the team assessed it ([declaration.rgesn.criteria]
    "6.3" = {status = "Validé", date = "2026-11-02", text = "…"}): an official status, its date, the published text."""

    status: str = DEFAULT_STATUS  # Validé | En cours | Non validé | Non applicable | À évaluer
    date: str = ""  # YYYY-MM-DD, required for any status but "À évaluer"
    text: str = ""  # the criterion's text in the declaration (the crawl's evidence is added after it)


@dataclass
class RgesnDeclarationConfig:
    """[declaration.rgesn]: what only the team can say in the déclaration d'écoconception (RGESN 2024)."""

    service: str = ""  # Nom du service évalué; empty: the run's site name
    entity: str = ""  # Entité qui procède à l'évaluation
    responsible: str = ""  # Nom du responsable de cette évaluation
    referent: str = ""  # Référent écoconception (criterion 1.3): names and titles
    target_score: float = 0.0  # score d'avancement aimed at, in %; 0: none stated
    target_date: str = ""  # YYYY-MM-DD
    actions: list[str] = field(default_factory=list)  # Plan d'avancement: the actions planned
    review_frequency: str = ""  # "tous les six mois"
    criteria: dict[str, RgesnCriterionStatus] = field(default_factory=dict)


@dataclass
class DeclarationConfig:
    """[declaration]: what only a person can state in the déclaration d'accessibilité (`ent-audit declare`); an
    empty key is printed "[à compléter]". rgaa_rate comes from a complete RGAA audit made by a person, never from a
    crawl: without it the draft says "non conforme" (README, Declarations). [declaration.rgesn]: the déclaration
    d'écoconception's (RgesnDeclarationConfig)."""

    entity: str = ""  # the organisation that commits to accessibility (collectivité, académie, vendor)
    service: str = ""  # name of the site or service the statement covers
    scope_url: str = ""  # address the statement applies to; empty: the run's first start URL
    contact_email: str = ""
    contact_form_url: str = ""
    rgaa_rate: float | None = None  # % of RGAA criteria met, from a complete human audit only
    audit_date: str = ""  # YYYY-MM-DD of that audit
    auditor: str = ""  # who made that audit ("en interne" or the company)
    audit_environments: list[str] = field(default_factory=list)  # its browsers and assistive technologies
    audit_tools: list[str] = field(default_factory=list)  # its tools (ent-audit's are listed anyway)
    schema_url: str = ""  # schéma pluriannuel de mise en accessibilité
    plan_url: str = ""  # plan d'actions of the current year
    non_conformities_text: str = ""  # the auditor's own words, printed before the list the crawl found
    # Absent: "[à compléter]"; [] says there is none.
    derogations: list[str] | None = None  # dérogations pour charge disproportionnée, each justified
    exempt_contents: list[str] | None = None  # contenus non soumis à l'obligation
    technologies: list[str] = field(default_factory=list)  # empty: the technologies the crawl observed
    ara_report: str = ""  # JSON report of a complete audit made with Ara (docs/declarations.md)
    rgesn: RgesnDeclarationConfig = field(default_factory=RgesnDeclarationConfig)  # the déclaration d'écoconception


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
    declaration: DeclarationConfig = field(default_factory=DeclarationConfig)

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
        settings["crawl"]["sitemap"] = redact_url(self.crawl.sitemap)
        del settings["declaration"]  # what a person states for `ent-audit declare`: not how the run was made
        return settings


_TABLES = {
    "auth": AuthConfig,
    "crawl": CrawlConfig,
    "capture": CaptureConfig,
    "durable": DurableConfig,
    "responsable": ResponsableConfig,
    "lighthouse": LighthouseConfig,
    "safety": SafetyConfig,
    "declaration": DeclarationConfig,
}
# The published JSON Schema of the file, generated from these dataclasses by crawler/config_schema.py.
SCHEMA_PATH = Path(__file__).parent.parent / "reports" / "schema" / "config.schema.json"
# TOML tells 3 from 3.0: an integer key takes an integer only (jsonschema would take 3.0), never a boolean.
_StrictIntegers = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    ),
)
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


def _fill(obj: Any, table: dict[str, Any], where: str, prefix: str) -> None:
    """Set the keys of a table the schema accepted; an integer given for a float key becomes a float."""
    for key, value in table.items():
        if isinstance(getattr(obj, key), float) and isinstance(value, int):
            try:
                value = float(value)
            except OverflowError:
                raise ConfigError(
                    tr("{where}: {key} is too large ({value}…)").format(
                        where=where, key=f"{prefix}{key}", value=str(value)[:12]
                    )
                ) from None
        setattr(obj, key, value)


def load_config(path: str | Path | None) -> Config:
    """Read a TOML config file and validate it against its JSON Schema; no file gives the defaults."""
    config = Config()
    if path is None:
        return config
    path = Path(path)
    where = tr("config {path}").format(path=path)
    data = read_toml(path, "config", "--config", ConfigError)
    check_schema(data, where)
    for key, value in data.items():
        if key == "declaration":  # its [declaration.rgesn] table has checks of its own
            config.declaration = parse_declaration(value, where)
        elif key in _TABLES:
            _fill(getattr(config, key), value, where, f"[{key}] ")
            if key == "crawl" and ("sitemap" in value or "urls_file" in value) and "max_depth" not in value:
                config.crawl.max_depth = 0  # a list of pages: exactly those, unless max_depth says otherwise
        elif key == "profiles":
            for number, table in enumerate(value, 1):
                profile = ProfileConfig()
                _fill(profile, table, where, f"[[profiles]] #{number} ")
                config.profiles.append(profile)
        elif key == "kinds":
            config.kinds = parse_kinds(value, where)
        else:
            _fill(config, {key: value}, where, "")
    return config


def parse_declaration(table: dict[str, Any], where: str) -> DeclarationConfig:
    """[declaration] as the schema accepted it, with what the schema cannot say checked: a criterion that exists, a
    date for any status but "À évaluer", and "Non applicable" never for the 18 criteria that apply to every
    service (the official spreadsheet's list has no such value for them)."""
    declaration = DeclarationConfig()
    _fill(declaration, {k: v for k, v in table.items() if k != "rgesn"}, where, "[declaration] ")
    rgesn = dict(table.get("rgesn") or {})
    criteria = rgesn.pop("criteria", {})
    _fill(declaration.rgesn, rgesn, where, "[declaration.rgesn] ")
    for id_, entry in criteria.items():
        try:
            criterion(id_)
        except KeyError:
            raise ConfigError(
                tr("{where}: [declaration.rgesn.criteria] {id} is not an RGESN 2024 criterion").format(
                    where=where, id=id_
                )
            ) from None
        status = RgesnCriterionStatus()
        _fill(status, entry, where, f"[declaration.rgesn.criteria] {id_} ")
        if status.status == "Non applicable" and id_ in ALWAYS_APPLICABLE:
            raise ConfigError(
                tr(
                    '{where}: [declaration.rgesn.criteria] {id} cannot be "Non applicable": RGESN 2024 applies it to '
                    "every service"
                ).format(where=where, id=id_)
            )
        if status.status != DEFAULT_STATUS and not status.date:
            raise ConfigError(
                tr(
                    '{where}: [declaration.rgesn.criteria] {id} is "{status}" without its date: add date = "YYYY-MM-DD"'
                ).format(where=where, id=id_, status=status.status)
            )
        declaration.rgesn.criteria[id_] = status
    return declaration


def check_schema(data: dict[str, Any], where: str) -> None:
    """``data`` (a parsed config file) against reports/schema/config.schema.json: the first problem as a one-line
    ConfigError naming the key; an unknown key with the known one it is closest to (a misspelling)."""
    problems = sorted(_validator().iter_errors(data), key=_error_order)
    if problems:
        raise ConfigError(tr("{where}: {problem}").format(where=where, problem=_explain(problems[0])))


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return _StrictIntegers(schema)


def _error_order(error: ValidationError) -> tuple[bool, int, str]:
    """Unknown keys first (the likeliest mistake, and a misspelt key hides its value's checks), then the shallowest
    problem, in document order."""
    return error.validator != "additionalProperties", len(error.absolute_path), str(list(error.absolute_path))


def _label(path: Sequence[str | int]) -> str:
    """A key as the file shows it: "site", "[crawl] max_pages", "[[profiles]] #2 name", "[kinds] blog"."""
    if not path:
        return tr("the file")
    head, rest = str(path[0]), list(path[1:])
    if head == "profiles" and rest and isinstance(rest[0], int):
        where = f"[[profiles]] #{rest[0] + 1}"
        rest = rest[1:]
    else:
        where = f"[{head}]"
    keys = [str(part) for part in rest if not isinstance(part, int)]
    if not keys:
        return where if head == "profiles" and len(path) > 1 else head
    return f"{where} {keys[0]}"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


_TYPE_WORDS = {
    "integer": "int",
    "number": "float",
    "string": "str",
    "boolean": "bool",
}


def _explain(error: ValidationError) -> str:
    path = list(error.absolute_path)
    label = _label(path)
    kind, value, schema = error.validator, error.instance, error.schema
    if kind == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        unknown = sorted(str(key) for key in value if key not in known)[0]
        table = _label([*path, unknown]) if path else unknown
        close = difflib.get_close_matches(unknown, known, n=1)
        if close:
            return tr("unknown key {key} (did you mean {close}?)").format(key=table, close=close[0])
        return tr("unknown key {key} (known keys: {items})").format(key=table, items=", ".join(known))
    if path and path[0] == "kinds" and len(path) >= 2 and kind != "type":
        return tr('{label} needs URL path patterns starting with / or *, such as ["/conversation/*"]').format(
            label=label
        )
    if path[:1] == ["profiles"] and len(path) <= 2 and kind == "type":
        return tr("profiles must be [[profiles]] tables")
    if kind == "type":
        if error.validator_value == "object":
            key = str(path[0]) if path else tr("the file")
            return tr("'{key}' must be a table [{key}]").format(key=key)
        if isinstance(path[-1], int):  # an item of a list of strings
            return tr("{label} must be a list of strings").format(label=_label(path[:-1]))
        if error.validator_value == "array":
            return tr("{label} must be a list of strings").format(label=label)
        expected = _TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
        return tr("{label} must be {expected}, got {type} {value}").format(
            label=label, expected=expected, type=type(value).__name__, value=_show(value)
        )
    if kind == "enum":
        return tr("{label} {value} is not supported (use one of: {items})").format(
            label=label, value=_show(value), items=", ".join(error.validator_value)
        )
    bounds = {"minimum": tr("at least"), "exclusiveMinimum": tr("above"), "maximum": tr("at most")}
    if kind in bounds:
        return tr("{label} must be {bound} {limit}, got {value}").format(
            label=label, bound=bounds[kind], limit=error.validator_value, value=_show(value)
        )
    return f"{label}: {error.message[:120]}"  # jsonschema's own words (a case the schema does not have today)


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


def read_urls_file(path: str | Path) -> list[str]:
    """The URLs of a text file, one a line; blank lines and lines starting with ``#`` are skipped, duplicates
    kept once. ConfigError (one line, with the line number) for a file that cannot be read, a line that is not an
    http(s) URL, or a file that lists no URL."""
    where = f"--urls-file {path}"
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(tr("{where}: no such file").format(where=where)) from None
    except UnicodeDecodeError:
        raise ConfigError(tr("{where}: not a UTF-8 text file").format(where=where)) from None
    except OSError as exc:
        raise ConfigError(
            tr("{where}: cannot be read ({reason})").format(where=where, reason=exc.strerror or type(exc).__name__)
        ) from None
    urls: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        url = line.strip()
        if url and not url.startswith("#"):
            urls.append(validate_url(url, tr("{where} line {number}:").format(where=where, number=number)))
    if not urls:
        raise ConfigError(tr("{where}: lists no URL (one http(s) URL a line, # for comments)").format(where=where))
    return list(dict.fromkeys(urls))


def _site_url(url: str) -> str:
    """The root of a listed URL's site: the start URL that names the site when only a list is given."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def validate(config: Config) -> Config:
    """Checks that need the whole config (after flags were applied)."""
    crawl = config.crawl
    if crawl.sitemap and crawl.sitemap != "robots":
        validate_url(crawl.sitemap, "sitemap")
    if crawl.urls_file:
        listed = read_urls_file(crawl.urls_file)  # a bad file or line: one-line ConfigError before anything runs
        if not config.start_urls and not crawl.sitemap:
            config.start_urls = [_site_url(listed[0])]
    if not config.start_urls and crawl.sitemap and crawl.sitemap != "robots":
        config.start_urls = [_site_url(crawl.sitemap)]  # the site the sitemap is on; only the listed pages are audited
    if not config.start_urls:
        raise ConfigError(
            tr("no start URL: give at least one URL on the command line or start_urls in the config")
            + (tr(" (--sitemap robots reads the robots.txt of the start URL's site)") if crawl.sitemap else "")
        )
    for url in config.start_urls:
        validate_url(url)
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


# Tables whose numbers are all 0 or more (the schema says so too: crawler/config_schema.py)…
NON_NEGATIVE_TABLES = ("crawl", "capture", "durable", "lighthouse")
# … but for the numbers the crawl waits on: above 0.
ABOVE_ZERO = {
    ("crawl", "page_timeout_s"),
    ("capture", "settle_timeout_s"),
    ("capture", "axe_timeout_s"),
    ("lighthouse", "timeout_s"),
}


def _check_numbers(config: Config) -> None:
    """Every number of [crawl], [capture], [durable], [lighthouse] finite and not negative (TOML allows nan, inf)."""
    for table in NON_NEGATIVE_TABLES:
        section = getattr(config, table)
        for f in fields(section):
            value = getattr(section, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            above_zero = (table, f.name) in ABOVE_ZERO
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
