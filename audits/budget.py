"""Budgets a team sets for its ENT (``--budget FILE``), judged on a results.json document.

A budget file is TOML with one ``[budget]`` table and optional per-template overrides::

    [budget]
    max_page_kb = 1000            # kB of 1000 bytes, as EcoIndex counts
    max_requests = 30
    min_ecoindex = 50
    max_violations_critical = 0   # axe rules violated on the page (not elements), by impact
    max_violations_serious = 2
    max_regression_pct = 10       # weight growth of a page against the same URL in the previous run

    [budget.templates."/blog/post/{id}"]
    max_page_kb = 1500

Pure functions: no browser, no store. The caller gives the results (and the previous run's results).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from ent_audit.audits.model import page_loaded
from ent_audit.audits.tomlfile import read_toml
from ent_audit.i18n import N_, MissingTranslation, Text, french, language, ntr, tr


class BudgetError(ValueError):
    """A bad budget file: one line naming the file, the key and how to fix it (as crawler.config.ConfigError)."""


# Key → (whole numbers only, how a measure reads against its limit). Every key is a limit on one page.
KEYS: dict[str, tuple[bool, Text]] = {
    "max_page_kb": (False, N_("{actual} kB {op} {limit} kB")),
    "max_requests": (True, N_("{actual} requests {op} {limit}")),
    "min_ecoindex": (False, N_("EcoIndex {actual} {op} {limit}")),
    "max_violations_critical": (True, N_("{actual} critical axe violations {op} {limit}")),
    "max_violations_serious": (True, N_("{actual} serious axe violations {op} {limit}")),
    "max_regression_pct": (False, N_("weight {actual} % since the previous run {op} {limit} %")),
}
TEMPLATE_SEPARATOR = " · "  # "élève · /blog/post/{id}": how templates are shown with their profile


@dataclass(frozen=True)
class Budget:
    source: str  # the file, named in messages and exports
    limits: dict[str, float]  # the [budget] table
    templates: dict[str, dict[str, float]] = field(default_factory=dict)  # template key → its own limits

    def for_page(self, page: dict[str, Any]) -> dict[str, tuple[float, str]]:
        """The limits that apply to a page, each with the template key whose override set it ("" for [budget]).

        The path override applies first, then one written with the profile ("élève · /blog/{id}"), the more
        specific, so a team can tighten one role's pages only. Keys an override leaves out keep [budget]'s."""
        limits = {key: (value, "") for key, value in self.limits.items()}
        for template in template_keys(page):
            for key, value in self.templates.get(template, {}).items():
                limits[key] = (value, template)
        return limits


@dataclass(frozen=True)
class Check:
    """One budget key judged on one page. ``passed`` is None when the page could not be judged on that key
    (``skipped`` says why): a page in error, a page EcoIndex does not score, no previous measure."""

    name: str  # the budget key, e.g. "max_page_kb"
    page: str  # the page URL
    template: str  # the override that set the limit, "" when [budget] did
    limit: float
    actual: float | None
    passed: bool | None
    skipped: str = ""
    profile: str = ""  # the page's profile: one URL may be audited under two roles

    @property
    def title(self) -> str:
        """The check without its outcome, stable from run to run: "max_page_kb <= 500"."""
        return f"{self.name} {'>=' if self.name.startswith('min_') else '<='} {_number(self.limit)}"

    @property
    def broken(self) -> bool:
        return self.passed is False

    def describe(self, lang: str = "en") -> str:
        """One line: what was measured against what, for the terminal (in the run's language) and, in English,
        JUnit and Code Quality."""
        if self.passed is None:
            return (
                N_("{name}: not judged ({reason})")
                .translate(lang)
                .format(name=self.name, reason=skipped_reason(self.skipped, lang))
            )
        maximum = self.name.startswith("max_")
        op = (">" if maximum else "<") if self.broken else ("<=" if maximum else ">=")
        actual = _number(self.actual, lang)
        if self.name == "max_regression_pct" and self.actual is not None and self.actual >= 0:
            actual = "+" + actual
        text = KEYS[self.name][1].translate(lang).format(actual=actual, op=op, limit=_number(self.limit, lang))
        if self.template:
            text = N_("{text} (template {template})").translate(lang).format(text=text, template=self.template)
        return f"{self.name}: {text}"


def _number(value: float | None, lang: str = "en") -> str:
    """``12`` or ``76.6`` (English, as JUnit and Code Quality name the checks), ``76,6`` in French (Babel)."""
    if value is None:
        return "-"
    if lang != "en":
        return format_decimal(value, format="0" if float(value).is_integer() else "0.0", locale=lang)
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def template_keys(page: dict[str, Any]) -> list[str]:
    """The keys a budget may use for this page's template, least specific first: the path pattern, then
    "profile · path". results.json holds the bare pattern; the crawl's template list shows it with the
    profile, so both spellings match."""
    template = page.get("template") or ""
    if not template:
        return []
    profile, _, path = template.rpartition(TEMPLATE_SEPARATOR)
    profile = profile or page.get("profile") or ""
    return [path] + ([f"{profile}{TEMPLATE_SEPARATOR}{path}"] if profile else [])


# -- reading a budget file --------------------------------------------------------------------------------


def _limits(table: Any, where: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise BudgetError(
            tr("{where} must be a table of limits (keys: {items})").format(where=where, items=", ".join(KEYS))
        )
    limits = {}
    for key, value in table.items():
        if key not in KEYS:
            raise BudgetError(
                tr("{where}: unknown key '{key}' (known keys: {items})").format(
                    where=where, key=key, items=", ".join(KEYS)
                )
            )
        whole = KEYS[key][0]
        # bool is an int to Python; "true" is never a meaningful limit
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
            kind = "a whole number" if whole else "a number"
            raise BudgetError(
                tr("{where}: '{key}' must be {kind}, got {name} {value}: write e.g. {key} = {value2}").format(
                    where=where,
                    key=key,
                    kind=kind,
                    name=type(value).__name__,
                    value=repr(value),
                    value2=10 if whole else 1000,
                )
            )
        if value < 0:
            raise BudgetError(
                tr("{where}: '{key}' must be 0 or more, got {value}").format(where=where, key=key, value=value)
            )
        if key == "min_ecoindex" and value > 100:
            raise BudgetError(
                tr("{where}: 'min_ecoindex' is an EcoIndex score from 0 to 100, got {value}").format(
                    where=where, value=value
                )
            )
        limits[key] = float(value)
    return limits


def parse_budget(data: dict[str, Any], source: str) -> Budget:
    """A budget from a decoded TOML document; ``source`` (the file) is named in every error."""
    unknown = sorted(set(data) - {"budget"})
    if unknown:
        raise BudgetError(
            tr("{source}: unknown key '{value}' (a budget file holds one [budget] table)").format(
                source=source, value=unknown[0]
            )
        )
    if "budget" not in data:
        raise BudgetError(
            tr("{source}: no [budget] table: add [budget] with one or more of {items}").format(
                source=source, items=", ".join(KEYS)
            )
        )
    table = data["budget"]
    if not isinstance(table, dict):
        raise BudgetError(tr("{source}: 'budget' must be a table [budget]").format(source=source))
    table = dict(table)
    overrides = table.pop("templates", {})
    if not isinstance(overrides, dict):
        raise BudgetError(
            tr("{source} [budget]: 'templates' must hold tables such as [budget.templates.\"/blog/{{id}}\"]").format(
                source=source
            )
        )
    limits = _limits(table, f"{source} [budget]")
    templates = {key: _limits(value, f'{source} [budget.templates."{key}"]') for key, value in overrides.items()}
    if not limits and not any(templates.values()):
        raise BudgetError(
            tr("{source} [budget]: no limit set: add one or more of {items}").format(
                source=source, items=", ".join(KEYS)
            )
        )
    return Budget(source, limits, templates)


def load_budget(path: str | Path) -> Budget:
    """Read and validate a budget file; every problem is a BudgetError of one line."""
    return parse_budget(read_toml(path, "budget", "--budget", BudgetError), str(path))


# -- judging ----------------------------------------------------------------------------------------------


def _loaded(page: dict[str, Any]) -> bool:
    """The page loaded (a page in error has no meaningful weight): as the judge found it, for an older document
    the one definition of :func:`ent_audit.audits.model.page_loaded`."""
    return bool(page["loaded"]) if "loaded" in page else page_loaded(page.get("status"), page.get("error"))


def _violations(page: dict[str, Any], impact: str) -> tuple[float | None, str]:
    acc = page.get("accessibility") or {}
    if not acc.get("engine"):
        return None, N_("accessibility not tested on this page").msgid
    if acc.get("incomplete"):  # axe timed out: no violations listed does not mean none
        return None, N_("axe-core did not finish on this page").msgid
    return float(sum(1 for v in acc.get("violations") or [] if v.get("impact") == impact)), ""


def _regression(
    page: dict[str, Any], previous: dict[tuple[str, str], dict[str, Any]] | None, previous_note: str
) -> tuple[float | None, str]:
    if previous is None:
        return None, previous_note or N_("no previous run of this site and profile").msgid
    before = previous.get((page["url"], page.get("profile") or ""))
    if before is None:
        return None, N_("page not in the previous run").msgid
    if not _loaded(before) or not before.get("transfer_bytes"):
        return None, N_("page not measured in the previous run").msgid
    growth = (page["transfer_bytes"] - before["transfer_bytes"]) * 100 / before["transfer_bytes"]
    return round(growth, 1), ""


def _measure(
    key: str, page: dict[str, Any], previous: dict[tuple[str, str], dict[str, Any]] | None, previous_note: str
) -> tuple[float | None, str]:
    """The page's value for a budget key, or None and why it cannot be judged."""
    if key == "max_page_kb":
        return page["transfer_bytes"] / 1000, ""
    if key == "max_requests":
        return float(page["requests"]), ""
    if key == "min_ecoindex":
        eco = page.get("ecoindex")
        return (
            (float(eco["score"]), "")
            if eco
            else (None, N_("not scored by EcoIndex (not an HTML page answered 2xx)").msgid)
        )
    if key == "max_regression_pct":
        return _regression(page, previous, previous_note)
    return _violations(page, key.rsplit("_", 1)[1])


def evaluate(
    budget: Budget, results: dict[str, Any], previous: dict[str, Any] | None = None, previous_note: str = ""
) -> list[Check]:
    """One check per page and budget key that applies to it, in page order then key order.

    ``previous`` is the previous run's results of the same site and profile (for max_regression_pct), matched by
    URL and profile; ``previous_note`` says why there is none when it is None (shown in skipped checks)."""
    before = None if previous is None else {(p["url"], p.get("profile") or ""): p for p in previous["pages"]}
    checks = []
    for page in results["pages"]:
        limits = budget.for_page(page)
        for key in KEYS:
            if key not in limits:
                continue
            limit, template = limits[key]
            profile = page.get("profile") or ""
            if not _loaded(page):
                reason = f"page in error ({page.get('error') or 'HTTP ' + str(page.get('status'))})"
                checks.append(Check(key, page["url"], template, limit, None, None, reason, profile))
                continue
            actual, reason = _measure(key, page, before, previous_note)
            if actual is None:
                checks.append(Check(key, page["url"], template, limit, None, None, reason, profile))
                continue
            # A minimum fails below the limit, a maximum above it: the limit itself holds.
            passed = actual >= limit if key.startswith("min_") else actual <= limit
            checks.append(Check(key, page["url"], template, limit, actual, passed, profile=profile))
    return checks


def unused_templates(budget: Budget, results: dict[str, Any]) -> list[str]:
    """Template overrides that match no page of the run (a typo in the pattern, most likely)."""
    used = {key for page in results["pages"] for key in template_keys(page)}
    return [key for key in budget.templates if key not in used]


def skipped_reason(reason: str, lang: str) -> str:
    """Why a check was not judged, in ``lang``: the reasons are English messages of the catalogue; one that holds
    the run's own data (a page's error) is said as the check holds it."""
    if lang == "en":
        return reason
    try:
        return french(reason)
    except MissingTranslation:
        return reason


def skipped_notes(checks: list[Check]) -> list[str]:
    """Why checks were not judged, one line per reason with how many checks it covers, in the run's language."""
    reasons: dict[str, int] = {}
    for check in checks:
        if check.passed is None:
            reasons[check.skipped] = reasons.get(check.skipped, 0) + 1
    return [
        ntr("not judged ({n} check): {reason}", "not judged ({n} checks): {reason}", count).format(
            n=count, reason=skipped_reason(reason, language())
        )
        for reason, count in reasons.items()
    ]


def summary_line(checks: list[Check], source: str) -> str:
    """ "budget.toml: 3 of 40 checks broken on 2 pages; 4 not judged" or "... all 40 checks hold"."""
    judged = [c for c in checks if c.passed is not None]
    broken = [c for c in judged if c.broken]
    skipped = len(checks) - len(judged)
    tail = tr("; {n} not judged").format(n=skipped) if skipped else ""
    if broken:
        pages = len({(c.page, c.profile) for c in broken})
        return ntr(
            "budget {source}: {broken} of {judged} checks broken on {n} page{tail}",
            "budget {source}: {broken} of {judged} checks broken on {n} pages{tail}",
            pages,
        ).format(source=source, broken=len(broken), judged=len(judged), n=pages, tail=tail)
    return tr("budget {source}: all {judged} checks hold{tail}").format(source=source, judged=len(judged), tail=tail)
