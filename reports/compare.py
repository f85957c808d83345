"""Comparing two runs: what got heavier or lighter, what was fixed and what broke between a base run (A, older)
and a newer run (B).

Pure: :func:`compare_runs` takes two ``results.json`` documents (``reports.results.build_results``) and returns
plain data (a :class:`Comparison`); :func:`format_comparison` turns that into text. No store, no I/O.

Pages are matched by URL (and profile, for runs of several profiles). Pages only in A are ``removed``, only in B
``added``; their violations and findings are not counted as new or fixed (a crawl that reached one more page did
not break it). Violations are keyed by axe rule + page URL, findings by ref + page URL, and compared only on pages
that loaded in both runs (accessibility: tested in both runs), so that a page in error does not "fix" everything.

A **regression** is, on a page of both runs: weight grown by more than ``threshold_pct`` % **and** at least
:data:`MIN_WEIGHT_BYTES`; EcoIndex down by more than :data:`ECOINDEX_DROP` points; a new critical or serious axe
violation; a newly failing finding; a page that loaded in A and is in error in B. And, site-wide, a newly failing
``site.findings`` entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, Literal, NotRequired, TypedDict, TypeVar

from ent_audit.audits.rgaa import tested
from ent_audit.i18n import N_, pN_, translate_tree
from ent_audit.reports.results import page_ok

MIN_WEIGHT_BYTES = 10_000  # 10 kB (units of 1000, as EcoIndex): below this a weight change is noise
ECOINDEX_DROP = 5  # points
SERIOUS_IMPACTS = ("critical", "serious")
DEFAULT_THRESHOLD_PCT = 10.0
RegressionKind = Literal["error", "weight", "ecoindex", "violation", "finding", "site_finding"]
REGRESSION_KINDS: tuple[RegressionKind, ...] = ("error", "weight", "ecoindex", "violation", "finding", "site_finding")

Key = tuple[str, str]  # (profile, url)
State = Literal["matched", "added", "removed"]
# The runs' results.json documents, their pages and findings: JSON, checked against the schema when written.
Json = dict[str, Any]
T = TypeVar("T")


# -- the comparison's shape (plain dicts: `ent-audit compare --json` prints it as is) -------------------------


class Change(TypedDict):
    """A number in A and in B; ``delta`` None when a side is missing, ``delta_pct`` None when before is 0."""

    before: float | None
    after: float | None
    delta: float | None
    delta_pct: float | None


class EcoChange(Change):
    grade_before: str | None
    grade_after: str | None


class BeforeAfter(TypedDict, Generic[T]):
    before: T
    after: T


class NewAndFixed(TypedDict, Generic[T]):
    new: list[T]
    fixed: list[T]


class RunInfo(TypedDict):
    id: str | None
    started_at: str | None
    finished_at: str | None
    site: str | None
    profile: str | None
    status: str | None


class OnPage(TypedDict):
    url: str
    profile: str


class PageChange(OnPage):
    template: str
    state: State
    status: BeforeAfter[int | None]
    error: BeforeAfter[str]
    transfer_bytes: Change
    requests: Change
    ecoindex: EcoChange


class TemplateChange(TypedDict):
    """Means over the template's loaded pages (EcoIndex: over its scored pages)."""

    template: str
    profile: str
    state: State
    pages: Change
    mean_transfer_bytes: Change
    mean_requests: Change
    mean_ecoindex: Change


class ViolationItem(OnPage):
    rule: str
    impact: str | None
    nodes: int | None
    rgaa: list[str]


class FindingItem(TypedDict):
    ref: str
    verdict: str | None
    evidence: Any  # the finding's evidence as results.json holds it
    saving_bytes: NotRequired[int | None]


class PageFindingItem(FindingItem, OnPage):
    pass


# One shape per kind: ``kind`` tells which (the text says each kind differently).
class ErrorRegression(OnPage):
    kind: Literal["error"]
    before: int | None  # HTTP status
    after: int | None
    detail: str


class WeightRegression(OnPage, Change):
    kind: Literal["weight"]


class EcoIndexRegression(OnPage):
    kind: Literal["ecoindex"]
    before: float | None
    after: float | None
    delta: float | None
    grade_before: str | None
    grade_after: str | None


class ViolationRegression(OnPage):
    kind: Literal["violation"]
    rule: str
    impact: str | None
    nodes: int | None


class FindingRegression(OnPage):
    kind: Literal["finding"]
    ref: str
    evidence: Any


class SiteFindingRegression(TypedDict):
    kind: Literal["site_finding"]
    ref: str
    evidence: Any


Regression = (
    ErrorRegression
    | WeightRegression
    | EcoIndexRegression
    | ViolationRegression
    | FindingRegression
    | SiteFindingRegression
)


class Thresholds(TypedDict):
    weight_pct: float
    weight_min_bytes: int
    ecoindex_drop: int
    violation_impacts: list[str]


class ComparisonSummary(TypedDict):
    pages: Change
    total_transfer_bytes: Change
    total_requests: Change
    mean_ecoindex: Change
    pages_matched: int
    pages_added: int
    pages_removed: int
    regressions: int


class Comparison(TypedDict):
    base: RunInfo
    head: RunInfo
    rules: dict[str, Any]  # ref -> the texts of the rule, as the runs' judgements stored them
    same_site: bool
    thresholds: Thresholds
    summary: ComparisonSummary
    regressions: list[Regression]
    templates: list[TemplateChange]
    pages: list[PageChange]
    added: list[str]
    removed: list[str]
    violations: NewAndFixed[ViolationItem]
    findings: NewAndFixed[PageFindingItem]
    site_findings: NewAndFixed[FindingItem]


class _TemplateStats(TypedDict):
    pages: int
    transfer_bytes: float | None
    requests: float | None
    ecoindex: float | None


# -- comparing ---------------------------------------------------------------------------------------------


def _key(page: Json) -> Key:
    return page.get("profile") or "", page.get("url") or ""


def _on(key: Key) -> OnPage:
    return {"url": key[1], "profile": key[0]}


def _score(page: Json | None) -> float | None:
    eco = (page or {}).get("ecoindex")
    return eco.get("score") if isinstance(eco, dict) else None


def _grade(page: Json | None) -> str | None:
    eco = (page or {}).get("ecoindex")
    return eco.get("grade") if isinstance(eco, dict) else None


def delta(before: float | None, after: float | None, decimals: int | None = None) -> Change:
    """``{before, after, delta, delta_pct}``; delta None when a side is missing, delta_pct None when before is 0."""
    change = None if before is None or after is None else after - before
    if change is not None and decimals is not None:
        change = round(change, decimals)
    pct = None if change is None or not before else round(100 * change / before, 1)
    return {"before": before, "after": after, "delta": change, "delta_pct": pct}


def _run(results: Json) -> RunInfo:
    run = results.get("run") or {}
    return {
        "id": run.get("id"),
        "started_at": run.get("started_at"),
        "finished_at": run.get("finished_at"),
        "site": run.get("site"),
        "profile": run.get("profile"),
        "status": run.get("status"),
    }


def _state(a: object, b: object) -> State:
    return "matched" if a and b else "added" if b else "removed"


def _page_entry(key: Key, a: Json | None, b: Json | None) -> PageChange:
    some = b or a or {}
    before, after = a or {}, b or {}
    return {
        "url": key[1],
        "profile": key[0],
        "template": some.get("template") or "",
        "state": _state(a, b),
        "status": {"before": before.get("status"), "after": after.get("status")},
        "error": {"before": before.get("error") or "", "after": after.get("error") or ""},
        "transfer_bytes": delta(before.get("transfer_bytes"), after.get("transfer_bytes")),
        "requests": delta(before.get("requests"), after.get("requests")),
        "ecoindex": {**delta(_score(a), _score(b), 2), "grade_before": _grade(a), "grade_after": _grade(b)},
    }


def _mean(values: list[float], decimals: int) -> float | None:
    return round(sum(values) / len(values), decimals) if values else None


def _template_stats(pages: list[Json]) -> _TemplateStats:
    loaded = [p for p in pages if page_ok(p)]
    scores = [s for s in (_score(p) for p in pages) if s is not None]
    return {
        "pages": len(pages),
        "transfer_bytes": _mean([p.get("transfer_bytes") or 0 for p in loaded], 0),
        "requests": _mean([p.get("requests") or 0 for p in loaded], 1),
        "ecoindex": _mean(scores, 1),
    }


def _templates(pages_a: list[Json], pages_b: list[Json]) -> list[TemplateChange]:
    """Per template (and profile): pages, mean weight, mean requests, mean EcoIndex of its loaded pages."""
    groups: dict[Key, tuple[list[Json], list[Json]]] = {}
    for side, pages in ((0, pages_a), (1, pages_b)):
        for page in pages:
            key = (page.get("profile") or "", page.get("template") or page.get("url") or "")
            groups.setdefault(key, ([], []))[side].append(page)
    out: list[TemplateChange] = []
    for (profile, template), (a, b) in groups.items():
        before, after = _template_stats(a), _template_stats(b)
        out.append(
            {
                "template": template,
                "profile": profile,
                "state": _state(a, b),
                "pages": delta(before["pages"], after["pages"]),
                "mean_transfer_bytes": delta(before["transfer_bytes"], after["transfer_bytes"], 0),
                "mean_requests": delta(before["requests"], after["requests"], 1),
                "mean_ecoindex": delta(before["ecoindex"], after["ecoindex"], 1),
            }
        )
    return out


def _violations(page: Json) -> dict[str, Json]:
    found: dict[str, Json] = {}
    for violation in (page.get("accessibility") or {}).get("violations") or []:
        rule = violation.get("rule") or "?"
        found.setdefault(rule, violation)
    return found


def _violation_item(key: Key, violation: Json) -> ViolationItem:
    return {
        "rule": violation.get("rule") or "?",
        "url": key[1],
        "profile": key[0],
        "impact": violation.get("impact"),
        "nodes": violation.get("nodes"),
        "rgaa": list(violation.get("rgaa") or []),
    }


def _failing(findings: Iterable[Json] | None) -> dict[str, Json]:
    return {f["ref"]: f for f in findings or [] if isinstance(f, dict) and f.get("ref") and f.get("verdict") == "fail"}


def _finding_item(finding: Json) -> FindingItem:
    item: FindingItem = {"ref": finding["ref"], "verdict": finding.get("verdict"), "evidence": finding.get("evidence")}
    if "saving_bytes" in finding:
        item["saving_bytes"] = finding["saving_bytes"]
    return item


def _page_finding_item(key: Key, finding: Json) -> PageFindingItem:
    item: PageFindingItem = {
        "ref": finding["ref"],
        "verdict": finding.get("verdict"),
        "evidence": finding.get("evidence"),
        "url": key[1],
        "profile": key[0],
    }
    if "saving_bytes" in finding:
        item["saving_bytes"] = finding["saving_bytes"]
    return item


def compare_runs(results_a: Json, results_b: Json, threshold_pct: float = DEFAULT_THRESHOLD_PCT) -> Comparison:
    """What changed from run A (base, older) to run B (newer); see the module's docstring for the rules."""
    if threshold_pct < 0:
        raise ValueError(f"threshold_pct must be 0 or more, not {threshold_pct}")
    pages_a = {_key(p): p for p in results_a.get("pages") or []}
    pages_b = {_key(p): p for p in results_b.get("pages") or []}
    keys = list(pages_a) + [k for k in pages_b if k not in pages_a]

    pages: list[PageChange] = []
    regressions: list[Regression] = []
    violations: NewAndFixed[ViolationItem] = {"new": [], "fixed": []}
    findings: NewAndFixed[PageFindingItem] = {"new": [], "fixed": []}
    for key in keys:
        a, b = pages_a.get(key), pages_b.get(key)
        entry = _page_entry(key, a, b)
        pages.append(entry)
        if a is None or b is None:
            continue
        if page_ok(a) and not page_ok(b):
            regressions.append(
                {
                    "kind": "error",
                    **_on(key),
                    "before": a.get("status"),
                    "after": b.get("status"),
                    "detail": b.get("error") or f"HTTP {b.get('status')}",
                }
            )
        if page_ok(a) and page_ok(b):
            weight = entry["transfer_bytes"]
            grown = weight["delta"] or 0  # 0 when a side is missing, so ``before`` is known below
            if grown >= MIN_WEIGHT_BYTES and grown > (weight["before"] or 0) * threshold_pct / 100:
                regressions.append({"kind": "weight", **_on(key), **weight})
            eco = entry["ecoindex"]
            if eco["delta"] is not None and -eco["delta"] > ECOINDEX_DROP:
                regressions.append(
                    {
                        "kind": "ecoindex",
                        **_on(key),
                        "before": eco["before"],
                        "after": eco["after"],
                        "delta": eco["delta"],
                        "grade_before": eco["grade_before"],
                        "grade_after": eco["grade_after"],
                    }
                )
            before_f, after_f = _failing(a.get("findings")), _failing(b.get("findings"))
            for ref, finding in after_f.items():
                if ref not in before_f:
                    findings["new"].append(_page_finding_item(key, finding))
                    regressions.append({"kind": "finding", **_on(key), "ref": ref, "evidence": finding.get("evidence")})
            findings["fixed"] += [_page_finding_item(key, f) for ref, f in before_f.items() if ref not in after_f]
        if tested(a) and tested(b):
            before_v, after_v = _violations(a), _violations(b)
            for rule, violation in after_v.items():
                if rule not in before_v:
                    item = _violation_item(key, violation)
                    violations["new"].append(item)
                    if item["impact"] in SERIOUS_IMPACTS:
                        regressions.append(
                            {
                                "kind": "violation",
                                **_on(key),
                                "rule": rule,
                                "impact": item["impact"],
                                "nodes": item["nodes"],
                            }
                        )
            violations["fixed"] += [_violation_item(key, v) for rule, v in before_v.items() if rule not in after_v]

    site_a = _failing((results_a.get("site") or {}).get("findings"))
    site_b = _failing((results_b.get("site") or {}).get("findings"))
    site_findings: NewAndFixed[FindingItem] = {
        "new": [_finding_item(f) for ref, f in site_b.items() if ref not in site_a],
        "fixed": [_finding_item(f) for ref, f in site_a.items() if ref not in site_b],
    }
    regressions += [{"kind": "site_finding", "ref": f["ref"], "evidence": f["evidence"]} for f in site_findings["new"]]
    regressions.sort(key=lambda r: REGRESSION_KINDS.index(r["kind"]))

    summary_a, summary_b = results_a.get("summary") or {}, results_b.get("summary") or {}
    base, head = _run(results_a), _run(results_b)
    return {
        "base": base,
        "head": head,
        # the texts of the rules as each run's judgement stored them, the newer run's first
        "rules": {**(results_a.get("rules") or {}), **(results_b.get("rules") or {})},
        "same_site": (base["site"], base["profile"]) == (head["site"], head["profile"]),
        "thresholds": {
            "weight_pct": threshold_pct,
            "weight_min_bytes": MIN_WEIGHT_BYTES,
            "ecoindex_drop": ECOINDEX_DROP,
            "violation_impacts": list(SERIOUS_IMPACTS),
        },
        "summary": {
            "pages": delta(summary_a.get("pages"), summary_b.get("pages")),
            "total_transfer_bytes": delta(summary_a.get("total_transfer_bytes"), summary_b.get("total_transfer_bytes")),
            "total_requests": delta(summary_a.get("total_requests"), summary_b.get("total_requests")),
            "mean_ecoindex": delta(summary_a.get("mean_ecoindex"), summary_b.get("mean_ecoindex"), 1),
            "pages_matched": sum(1 for p in pages if p["state"] == "matched"),
            "pages_added": sum(1 for p in pages if p["state"] == "added"),
            "pages_removed": sum(1 for p in pages if p["state"] == "removed"),
            "regressions": len(regressions),
        },
        "regressions": regressions,
        "templates": _templates(list(pages_a.values()), list(pages_b.values())),
        "pages": pages,
        "added": [p["url"] for p in pages if p["state"] == "added"],
        "removed": [p["url"] for p in pages if p["state"] == "removed"],
        "violations": violations,
        "findings": findings,
        "site_findings": site_findings,
    }


# -- text --------------------------------------------------------------------------------------------------

Text = dict[str, str]  # one language's strings: English here, French from the gettext catalogue (ent_audit/i18n.py)
_TEXT: dict[str, Text] = translate_tree(
    {
        "title": N_("Comparison"),
        "base": pN_("run label", "A (base)"),
        "head": pN_("run label", "B"),
        "pages": N_("pages"),
        "other_site": N_("warning: the two runs are not of the same site and profile"),
        "thresholds": N_(
            "Regression: weight +{pct} % and +{min}, EcoIndex −{eco} points, new critical or serious"
            " violation, newly failing rule, page in error"
        ),
        "regression": N_("REGRESSION"),
        "no_regression": N_("No regression."),
        "regressions": N_("Regressions ({n})"),
        "now_error": N_("in error: {detail}"),
        "now_failing": N_("newly failing"),
        "site": N_("(site)"),
        "totals": N_("Total:"),
        "weight": N_("weight"),
        "requests": N_("requests"),
        "mean_eco": N_("mean EcoIndex"),
        "added": N_("Pages added ({n})"),
        "removed": N_("Pages removed ({n})"),
        "templates": N_("Templates that changed (means per loaded page; {n} unchanged)"),
        "changed": N_("Pages whose weight or EcoIndex changed"),
        "template": N_("template"),
        "page": N_("page"),
        "before_after": N_("before → after"),
        "new_violations": N_("New violations ({n})"),
        "fixed_violations": N_("Fixed violations ({n})"),
        "new_findings": N_("Newly failing rules ({n})"),
        "fixed_findings": N_("Rules passing again ({n})"),
        "nodes": N_("elements"),
        "decimal": pN_("decimal separator", "."),
        "kb": N_("kB"),
        "mb": N_("MB"),
        "b": pN_("byte unit", "B"),
    }
)
_KIND_NAMES: dict[str, dict[RegressionKind, str]] = translate_tree(
    {
        "error": N_("error"),
        "weight": N_("weight"),
        "ecoindex": N_("EcoIndex"),
        "violation": N_("violation"),
        "finding": N_("rule"),
        "site_finding": N_("rule (site)"),
    }
)


def _number(value: float, decimals: int, t: Text) -> str:
    return f"{value:.{decimals}f}".replace(".", t["decimal"])


def _size(n: float | None, t: Text, signed: bool = False) -> str:
    """Units of 1000 bytes, as EcoIndex: ``458,3 ko``, ``1,56 Mo``."""
    if n is None:
        return "—"
    sign = ("+" if n > 0 else "−" if n < 0 else "±") if signed else ("−" if n < 0 else "")
    size = abs(n)
    if size >= 1_000_000:
        text = f"{_number(size / 1_000_000, 2, t)} {t['mb']}"
    elif size >= 1000:
        text = f"{_number(size / 1000, 1, t)} {t['kb']}"
    else:
        text = f"{int(size)} {t['b']}"
    return sign + text


def _signed(value: float | None, decimals: int, t: Text, unit: str = "") -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{_number(abs(value), decimals, t)}{unit}"


def _plain(value: float | None, decimals: int, t: Text) -> str:
    return "—" if value is None else _number(value, decimals, t)


def _weight_change(d: Change, t: Text) -> str:
    text = f"{_size(d['before'], t)} → {_size(d['after'], t)} ({_size(d['delta'], t, signed=True)}"
    if d.get("delta_pct") is not None:
        text += f", {_signed(d['delta_pct'], 1, t, ' %')}"
    return text + ")"


def _where(item: OnPage, profiles: bool = False) -> str:
    """The page's URL, and its profile when the runs have several."""
    return f"{item['url']}" + (f" [{item['profile']}]" if profiles and item.get("profile") else "")


def _title(ref: str, lang: str, rules: dict) -> str:
    title = (rules.get(ref) or {}).get("title") or {}
    return f"{ref} ({title.get(lang) or title.get('fr')})" if title else ref


def _regression_line(r: Regression, t: Text, lang: str, profiles: bool, rules: dict[str, Any]) -> str:
    kind = _KIND_NAMES[lang][r["kind"]]
    where = t["site"] if r["kind"] == "site_finding" or not r["url"] else _where(r, profiles)
    if r["kind"] == "weight":
        what = _weight_change(r, t)
    elif r["kind"] == "ecoindex":
        what = (
            f"{_plain(r['before'], 0, t)} ({r.get('grade_before') or '?'}) → {_plain(r['after'], 0, t)} "
            f"({r.get('grade_after') or '?'}), {_signed(r['delta'], 1, t)}"
        )
    elif r["kind"] == "violation":
        what = f"{r['rule']} ({r['impact']}, {r.get('nodes') or 0} {t['nodes']})"
    elif r["kind"] == "error":
        what = t["now_error"].format(detail=r.get("detail") or "")
    else:
        what = f"{_title(r['ref'], lang, rules)} {t['now_failing']}"
    return f"  {t['regression']} {kind:<12} {where}  {what}"


def _changed(weight: Change, eco: Change) -> bool:
    """Worth a line of text: weight changed by 1 kB or more, or EcoIndex changed (the JSON has every page)."""
    return abs(weight["delta"] or 0) >= 1000 or bool(eco["delta"])


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]


def format_comparison(comparison: Comparison, lang: str = "fr") -> str:
    """The comparison as text: regressions first, then totals, templates, changed pages, violations, findings."""
    t = _TEXT[lang]
    base, head, summary = comparison["base"], comparison["head"], comparison["summary"]
    profiles = len({p["profile"] for p in comparison["pages"]}) > 1
    lines = [f"{t['title']} {head.get('site') or base.get('site') or ''} · {head.get('profile') or ''}".rstrip(" ·")]
    for label, run, pages in (
        (t["base"], base, summary["pages"]["before"]),
        (t["head"], head, summary["pages"]["after"]),
    ):
        lines.append(f"  {label:<9} {run.get('id')}  {run.get('started_at') or ''}  {pages} {t['pages']}")
    if not comparison["same_site"]:
        lines.append(f"  {t['other_site']}")
    thresholds = comparison["thresholds"]
    lines.append(
        t["thresholds"].format(
            pct=f"{thresholds['weight_pct']:g}".replace(".", t["decimal"]),
            min=f"{thresholds['weight_min_bytes'] / 1000:g} {t['kb']}",
            eco=thresholds["ecoindex_drop"],
        )
    )
    lines.append("")

    regressions = comparison["regressions"]
    if regressions:
        lines.append(t["regressions"].format(n=len(regressions)))
        lines += [_regression_line(r, t, lang, profiles, comparison.get("rules") or {}) for r in regressions]
    else:
        lines.append(t["no_regression"])
    lines.append("")

    lines.append(
        f"{t['totals']} {t['pages']} {summary['pages']['before']} → {summary['pages']['after']}, "
        f"{t['weight']} {_weight_change(summary['total_transfer_bytes'], t)}, "
        f"{t['requests']} {summary['total_requests']['before']} → {summary['total_requests']['after']}, "
        f"{t['mean_eco']} {_plain(summary['mean_ecoindex']['before'], 1, t)} → "
        f"{_plain(summary['mean_ecoindex']['after'], 1, t)}"
    )
    for urls, label in ((comparison["added"], "added"), (comparison["removed"], "removed")):
        if urls:
            lines.append(t[label].format(n=len(urls)))
            lines += [f"  {url}" for url in urls]

    templates = [
        row
        for row in comparison["templates"]
        if _changed(row["mean_transfer_bytes"], row["mean_ecoindex"])
        or row["state"] != "matched"
        or row["pages"]["delta"]
    ]
    if templates:
        lines += ["", t["templates"].format(n=len(comparison["templates"]) - len(templates))]
        rows = [[t["template"], t["pages"], f"{t['weight']} {t['before_after']}", "Δ", "EcoIndex", "Δ"]]
        for row in templates:
            w, e, n = row["mean_transfer_bytes"], row["mean_ecoindex"], row["pages"]
            rows.append(
                [
                    row["template"] + (f" [{row['profile']}]" if profiles and row["profile"] else ""),
                    f"{n['before'] if n['before'] else 0} → {n['after'] if n['after'] else 0}",
                    f"{_size(w['before'], t)} → {_size(w['after'], t)}",
                    _size(w["delta"], t, signed=True),
                    f"{_plain(e['before'], 1, t)} → {_plain(e['after'], 1, t)}",
                    _signed(e["delta"], 1, t),
                ]
            )
        lines += _table(rows)

    changed = [
        p for p in comparison["pages"] if p["state"] == "matched" and _changed(p["transfer_bytes"], p["ecoindex"])
    ]
    if changed:
        lines += ["", t["changed"]]
        rows = [[t["page"], f"{t['weight']} {t['before_after']}", "Δ", "%", t["requests"], "EcoIndex"]]
        for p in sorted(changed, key=lambda p: -abs(p["transfer_bytes"]["delta"] or 0)):
            w, r, e = p["transfer_bytes"], p["requests"], p["ecoindex"]
            rows.append(
                [
                    _where(p, profiles),
                    f"{_size(w['before'], t)} → {_size(w['after'], t)}",
                    _size(w["delta"], t, signed=True),
                    _signed(w["delta_pct"], 1, t, " %"),
                    f"{r['before']} → {r['after']}",
                    f"{_plain(e['before'], 0, t)} → {_plain(e['after'], 0, t)}",
                ]
            )
        lines += _table(rows)

    for group, label in (
        (comparison["violations"]["new"], "new_violations"),
        (comparison["violations"]["fixed"], "fixed_violations"),
    ):
        if group:
            lines += ["", t[label].format(n=len(group))]
            lines += [
                f"  {v['rule']} ({v.get('impact') or '?'}, {v.get('nodes') or 0} {t['nodes']})  {_where(v, profiles)}"
                for v in group
            ]
    site = comparison["site_findings"]
    for page_group, site_group, label in (
        (comparison["findings"]["new"], site["new"], "new_findings"),
        (comparison["findings"]["fixed"], site["fixed"], "fixed_findings"),
    ):
        if page_group or site_group:
            lines += ["", t[label].format(n=len(page_group) + len(site_group))]
            rules = comparison.get("rules") or {}
            lines += [f"  {_title(f['ref'], lang, rules)}  {t['site']}" for f in site_group]
            lines += [f"  {_title(f['ref'], lang, rules)}  {_where(f, profiles)}" for f in page_group]
    return "\n".join(lines) + "\n"
