"""The config file's JSON Schema, generated from the Config dataclasses (crawler/config.py) and the text of each key.

The published file is ``reports/schema/config.schema.json``: ``load_config`` validates every file with it (with
jsonschema), editors complete and check ``ent-audit.toml`` with it (taplo / Even Better TOML, ``#:schema`` line), and
``ent-audit init`` writes each key's text as its comment. After adding or changing a key, write the file again with
``python -m ent_audit.crawler.config_schema > reports/schema/config.schema.json``; tests/crawler/test_config_schema.py
fails while it is behind the dataclasses. A key of a dataclass without its text below fails that test too.
"""

from __future__ import annotations

import json
import typing
from dataclasses import MISSING, fields, is_dataclass
from typing import Any

from ent_audit.audits.rgesn import STATUSES
from ent_audit.crawler.config import ABOVE_ZERO, NON_NEGATIVE_TABLES, STRATEGIES, Config
from ent_audit.i18n import N_, Text

_USERNAME_ENV = N_("Name of the environment variable that holds the username (not the username itself)")
_PASSWORD_ENV = N_(
    "Name of the environment variable that holds the password: a password never goes in this file or on the "
    "command line"
)
_STATE_FILE = N_(
    "Strategy storage_state: a Playwright storage state or a cookie list (JSON), as `ent-audit login --save` writes"
)

# The text of every table and key ("table.key"; top-level keys alone): the schema's descriptions, init's comments.
DESCRIPTIONS: dict[str, Text] = {
    "": N_("ent-audit configuration: what to audit, how to log in, how gently to crawl (README, Auditing an ENT)"),
    "site": N_("Name of the school or ENT, shown in the report and used to compare runs"),
    "profile": N_("Role logged in (élève, parent, enseignant…), recorded with the run; [[profiles]] for several"),
    "start_urls": N_("Where the crawl starts; URLs given on the command line take precedence"),
    "auth": N_("How to log in: the strategy, the login page, the names of the variables holding the credentials"),
    "auth.strategy": N_(
        "none | cas (Apereo CAS and plain HTML forms) | openent (OpenENT NG) | form (JavaScript sign-in pages, in "
        "Chromium) | storage_state (a saved session) | basic (HTTP basic authentication)"
    ),
    "auth.login_url": N_("Address of the login page (strategies cas, openent, form)"),
    "auth.username_env": _USERNAME_ENV,
    "auth.password_env": _PASSWORD_ENV,
    "auth.username_selector": N_("CSS selector of the username field, when the form is unusual"),
    "auth.password_selector": N_("CSS selector of the password field, when the form is unusual"),
    "auth.submit_selector": N_("CSS selector of the submit button, when the form is unusual"),
    "auth.logged_in_selector": N_("Success check: a CSS selector of an element only a logged-in page has"),
    "auth.logged_in_url": N_("Success check: a regular expression the address reached after login matches"),
    "auth.state_file": _STATE_FILE,
    "profiles": N_(
        "Several roles in one run, each page tagged with its profile; what an entry leaves out comes from [auth]"
    ),
    "profiles.name": N_("Name of the role (élève, parent, enseignant…), distinct in every entry"),
    "profiles.username_env": _USERNAME_ENV,
    "profiles.password_env": _PASSWORD_ENV,
    "profiles.state_file": _STATE_FILE,
    "crawl": N_("What is crawled and how gently"),
    "crawl.max_pages": N_("Pages audited at most, per profile"),
    "crawl.max_depth": N_("Links followed from the start URLs; 0 audits exactly the URLs given"),
    "crawl.concurrency": N_("Pages loaded at once (1 to 16)"),
    "crawl.sitemap": N_(
        'Audit exactly the pages of this sitemap (URL of a sitemap or index, .xml.gz too), or "robots" for the '
        "Sitemap: lines of the site's robots.txt; no link followed unless max_depth is set in this table"
    ),
    "crawl.urls_file": N_(
        "Audit exactly the pages of this text file (one URL a line, # for comments); no link followed unless "
        "max_depth is set in this table"
    ),
    "crawl.deny": N_("Regular expressions of addresses never to follow or fetch, on top of the built-in list"),
    "crawl.deny_defaults": N_(
        "false: the built-in action words are off (the checks of methods, CSRF and action parameters stay)"
    ),
    "crawl.max_per_template": N_("Pages audited per URL template (/blog/post/{id}); 0: no cap"),
    "crawl.obey_robots": N_("Obey robots.txt (or --ignore-robots, logged)"),
    "crawl.delay": N_("Seconds between two page loads on one site, on top of AutoThrottle"),
    "crawl.autothrottle": N_("Slow down when the site answers slowly (Scrapy AutoThrottle)"),
    "crawl.page_timeout_s": N_("Seconds a page may take to load; a slower one is recorded with a timeout error"),
    "crawl.retries": N_(
        "Reloads of a page answered 429 or 503 (after Retry-After, 60 s at most) or whose browser crashed"
    ),
    "crawl.user_agent": N_("User agent of the crawl; empty: Chromium's own plus the ent-audit token"),
    "crawl.verify_tls": N_("false: accept a self-signed certificate (a test instance); recorded with the run"),
    "capture": N_("The one browser load of each page"),
    "capture.quiet_ms": N_("The network counts as quiet after this many milliseconds with nothing in flight"),
    "capture.settle_timeout_s": N_("Bound on each wait for a quiet network, seconds (pages that poll never go quiet)"),
    "capture.accessibility": N_("axe-core and the RGAA checks in the same load"),
    "capture.axe_timeout_s": N_("Seconds the accessibility audit of a page may take; a slower page is incomplete"),
    "capture.coverage": N_("Unused JavaScript and CSS from Chromium's coverage (RGESN 6.5)"),
    "capture.sample_pages": N_(
        "First page of up to N templates: repeat visit (RGESN 6.2) and 512 kbit/s load (RGESN 2.3); 0: off"
    ),
    "durable": N_("RGESN 6.1 budgets per page and the grid intensity of the carbon model"),
    "durable.max_page_kb": N_("Page weight budget in kB of 1000 bytes, as EcoIndex counts (RGESN 2024 example: 1000)"),
    "durable.max_requests": N_("Requests budget per page (RGESN 2024 example: 30)"),
    "durable.grid_g_per_kwh": N_(
        "Grid intensity of the Sustainable Web Design v4 model, gCO2e/kWh: 494 world average, 44.18 France"
    ),
    "responsable": N_("Doctrine technique checks: the droit à la déconnexion window and the plain-HTTP address"),
    "responsable.quiet_start": N_("Start of the droit à la déconnexion window, HH:MM (circular of 10 July 2025)"),
    "responsable.quiet_end": N_("End of the droit à la déconnexion window, HH:MM"),
    "responsable.quiet_weekend": N_("true: also from Friday quiet_start to Monday quiet_end"),
    "responsable.timezone": N_("IANA time zone of the window (Europe/Paris)"),
    "responsable.http_url": N_(
        "Plain-HTTP address tried once for the HTTP to HTTPS redirect check; empty: http://<host>/ of the site"
    ),
    "lighthouse": N_("Lighthouse cross-check after the crawl"),
    "lighthouse.pages": N_("Lighthouse on the first page of up to N templates (15 to 35 s a page); 0: off"),
    "lighthouse.timeout_s": N_("Seconds one Lighthouse run may take; a slower one is reported as skipped"),
    "lighthouse.path": N_(
        "The lighthouse command; empty: ENT_AUDIT_LIGHTHOUSE, ./node_modules, the checkout's, then PATH"
    ),
    "safety": N_("The read-only policy's settings (docs/SAFETY.md)"),
    "safety.allow": N_('Requests the policy refuses but you allow: "METHOD URL-pattern", e.g. "PUT /api/session/"'),
    "safety.deny": N_("Regular expressions added to the built-in list of addresses never fetched"),
    "safety.service_workers": N_("true: pages may register service workers"),
    "safety.websockets": N_("true: pages may open WebSockets (their messages are then not judged)"),
    "declaration": N_(
        "What only a person can state in the accessibility statement written by `ent-audit declare`; an empty key "
        "is printed [à compléter] and the draft says it is not ready to publish"
    ),
    "declaration.entity": N_("Organisation that commits to making the service accessible"),
    "declaration.service": N_("Name of the site or service the statement covers"),
    "declaration.scope_url": N_("Address the statement applies to; empty: the run's first start URL"),
    "declaration.contact_email": N_("E-mail address where users report an accessibility problem"),
    "declaration.contact_form_url": N_("Address of the contact form where users report an accessibility problem"),
    "declaration.rgaa_rate": N_(
        "Percentage of RGAA criteria met, from a complete RGAA audit made by a person (never from ent-audit): "
        "100 totalement, 50 or more partiellement, else non conforme; absent: non conforme"
    ),
    "declaration.audit_date": N_("Date of that complete audit, YYYY-MM-DD"),
    "declaration.auditor": N_("Who made that complete audit: en interne, or the name of the company"),
    "declaration.audit_environments": N_(
        "Test environments of that complete audit, one a line: browser, system and assistive technology "
        '(e.g. "Firefox 128, Windows 11, NVDA 2024.2")'
    ),
    "declaration.audit_tools": N_("Tools of that complete audit (Web Developer Toolbar, Colour Contrast Analyser…)"),
    "declaration.schema_url": N_("Address of the schéma pluriannuel de mise en accessibilité"),
    "declaration.plan_url": N_("Address of the current year's plan d'actions"),
    "declaration.non_conformities_text": N_(
        "Non-conformities in the auditor's words, printed before those the crawl found"
    ),
    "declaration.derogations": N_(
        "Dérogations pour charge disproportionnée, one a line, each with its justification and alternative; [] when "
        "there is none"
    ),
    "declaration.exempt_contents": N_(
        "Contenus non soumis à l'obligation d'accessibilité, one a line; [] when there is none"
    ),
    "declaration.technologies": N_("Technologies the service relies on; empty: those the crawl observed"),
    "declaration.ara_report": N_(
        "JSON report of a complete audit made with Ara; fills rate, auditor, date and non-conformities "
        "(README, Declarations)"
    ),
    "kinds": N_(
        "Page kinds for compare-sites: kind = URL path patterns (/conversation/*), the first kind that matches wins"
    ),
    "declaration.rgesn": N_(
        "Déclaration d'écoconception (RGESN 2024): who assesses, the target, the plan, and each criterion's status"
    ),
    "declaration.rgesn.service": N_("Nom du service évalué; empty: the site name"),
    "declaration.rgesn.entity": N_("Entité qui procède à l'évaluation"),
    "declaration.rgesn.responsible": N_("Nom du responsable de cette évaluation"),
    "declaration.rgesn.referent": N_("Référent écoconception (criterion 1.3): names and titles"),
    "declaration.rgesn.target_score": N_("Score d'avancement aimed at, in %; 0: none stated"),
    "declaration.rgesn.target_date": N_("Date of that target, YYYY-MM-DD (e.g. two years ahead)"),
    "declaration.rgesn.actions": N_("Plan d'avancement: the actions planned, one string each"),
    "declaration.rgesn.review_frequency": N_('How often the approach is reviewed ("tous les six mois")'),
    "declaration.rgesn.criteria": N_(
        'Each criterion assessed by the team: "6.3" = {status = "Validé", date = "2026-11-02", text = "…"}; a '
        'criterion not given stays "À évaluer"'
    ),
    "declaration.rgesn.criteria.status": N_(
        "Validé | En cours | Non validé | Non applicable | À évaluer (never Non applicable for the 18 criteria that "
        "apply to every service)"
    ),
    "declaration.rgesn.criteria.date": N_('Date of the assessment, YYYY-MM-DD (required unless "À évaluer")'),
    "declaration.rgesn.criteria.text": N_("The criterion's text in the declaration; the crawl's evidence follows it"),
}

# Bounds of the numbers beyond "0 or more" (crawler/config.py validate() checks the same after the flags).
_BOUNDS: dict[str, dict[str, Any]] = {
    "crawl.max_pages": {"minimum": 1},
    "crawl.concurrency": {"minimum": 1, "maximum": 16},
    "durable.max_requests": {"minimum": 1},
    "durable.max_page_kb": {"exclusiveMinimum": 0},
}
_EXTRA: dict[str, dict[str, Any]] = {  # constraints of the [declaration] keys (no number bound elsewhere applies)
    "declaration.rgaa_rate": {"minimum": 0, "maximum": 100},
    "declaration.audit_date": {"pattern": "^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    "declaration.rgesn.target_score": {"minimum": 0, "maximum": 100},
    "declaration.rgesn.target_date": {"pattern": "^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    "declaration.rgesn.criteria.status": {"enum": list(STATUSES)},
    "declaration.rgesn.criteria.date": {"pattern": "^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
}
_KIND_PATTERNS = {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[/*]"}}
_JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number"}
_CRITERION_ID = r"^[1-9]\.[1-9][0-9]?$"  # an RGESN criterion number ("6.3", "1.10")


def _description(key: str) -> str:
    if key not in DESCRIPTIONS:
        raise KeyError(f"config key {key!r} has no text in crawler/config_schema.py DESCRIPTIONS")
    return DESCRIPTIONS[key].msgid


def _property(key: str, hint: Any, default: Any) -> dict[str, Any]:
    """The schema of one key from its type hint: str, bool, int, float, list[str], a table, a list of tables."""
    prop: dict[str, Any] = {"description": _description(key)}
    if isinstance(hint, type) and is_dataclass(hint):  # a table: its keys carry the defaults
        prop.update(_table(hint, key))
        return prop
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if type(None) in args:  # "X | None": TOML has no null, so the key is absent by default (no "default")
        (hint,) = [arg for arg in args if arg is not type(None)]
        if typing.get_origin(hint) is list:
            prop.update(type="array", items={"type": "string"})
        else:
            prop["type"] = _JSON_TYPES[hint]
        prop.update(_EXTRA.get(key, {}))
        return prop
    if origin is list and isinstance(args[0], type) and is_dataclass(args[0]):
        prop.update(type="array", items=_table(args[0], key))
        return prop
    if origin is list and args == (str,):
        prop.update(type="array", items={"type": "string"})
    elif origin is dict and key == "kinds":
        prop.update(type="object", additionalProperties=_KIND_PATTERNS)
    elif origin is dict and isinstance(args[1], type) and is_dataclass(args[1]):  # criterion id -> its table
        prop.update(type="object", propertyNames={"pattern": _CRITERION_ID}, additionalProperties=_table(args[1], key))
    elif hint in _JSON_TYPES:
        prop["type"] = _JSON_TYPES[hint]
    else:
        raise TypeError(f"config key {key!r}: no JSON Schema type for {hint!r}")
    table, _, name = key.rpartition(".")
    if prop["type"] in ("integer", "number") and table in NON_NEGATIVE_TABLES:
        prop.update({"exclusiveMinimum": 0} if (table, name) in ABOVE_ZERO else {"minimum": 0})
        prop.update(_BOUNDS.get(key, {}))
        if "exclusiveMinimum" in prop and "minimum" in prop:
            del prop["minimum"]
    if key == "auth.strategy":
        prop["enum"] = list(STRATEGIES)
    prop.update(_EXTRA.get(key, {}))
    prop["default"] = default
    return prop


def _table(cls: type, prefix: str) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties = {}
    for f in fields(cls):
        key = f"{prefix}.{f.name}" if prefix else f.name
        default = f.default if f.default is not MISSING else f.default_factory()  # type: ignore[operator]
        properties[f.name] = _property(key, hints[f.name], default)
    return {"type": "object", "additionalProperties": False, "properties": properties}


def config_schema() -> dict[str, Any]:
    """The JSON Schema of the config file, as published in reports/schema/config.schema.json."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ent-audit configuration (ent-audit.toml)",
        "description": _description(""),
    }
    schema.update(_table(Config, ""))
    return schema


def schema_text() -> str:
    """The published file's text: stable key order, two-space indent, UTF-8 kept readable, a final line break."""
    return json.dumps(config_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m ent_audit.crawler.config_schema > reports/schema/config.schema.json
    print(schema_text(), end="")
