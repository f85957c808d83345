"""``--fail-on`` thresholds: a CI gate judged on a run's results (results.json), parsed before any crawl.

A condition is one token; ``--fail-on`` takes several, comma-separated, and can be repeated::

    a11y-critical=0       more than 0 axe violations of impact critical (also a11y-serious, a11y-moderate,
                          a11y-minor; a11y: every impact). A violation is an axe rule failed on a page (not its
                          elements), summed over the pages, as the budget's max_violations_* count them
    requests>30           a page made more than 30 requests
    weight>2MB            a page weighed more than 2 MB on the wire (B, kB, MB, GB of 1000; KiB, MiB, GiB of 1024)
    errors>0              more than 0 pages in error
    ecoindex<C            a page graded worse than C (D to G): every page is judged, not the mean
    session-lost          a blocked write cost a session (pages reached logged out)

``NAME=N`` and ``NAME>N`` mean the same: fail when the measured value is more than N. A threshold never passes on
what was not measured: an accessibility threshold fails when accessibility was not tested (``--no-axe``) or axe-core
did not finish on a loaded page, and a page threshold fails when no page loaded. Pure functions: no browser, no store.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from babel.numbers import format_decimal

from ent_audit.audits.model import page_loaded
from ent_audit.i18n import N_, Text, language, ntr, pN_, tr

GRADES = tuple("ABCDEFG")  # EcoIndex grades, best first
IMPACTS = ("critical", "serious", "moderate", "minor")  # axe-core's impacts
A11Y = ("a11y", *(f"a11y-{impact}" for impact in IMPACTS))
COUNTS = (*A11Y, "requests", "errors")  # NAME=N / NAME>N, N a whole number
FORMS_TEXT = N_(
    "a11y-critical=N, a11y-serious=N, a11y-moderate=N, a11y-minor=N, a11y=N, requests>N, errors>N, "
    "weight>SIZE (e.g. 2MB, 500kB), ecoindex<GRADE (A to G), session-lost"
)
FORMS = FORMS_TEXT.msgid  # the accepted forms, in English
SIZE_UNITS = {"": 1, "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "kib": 1024, "mib": 1024**2, "gib": 1024**3}
_TOKEN = re.compile(r"^([a-z0-9-]+)\s*(?:([=<>])\s*(.*))?$", re.IGNORECASE)
_SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*([a-z]*)$", re.IGNORECASE)


class ThresholdError(ValueError):
    """A --fail-on condition that cannot be read: one line naming the token and the accepted forms."""


@dataclass(frozen=True)
class Threshold:
    """One condition: ``metric`` fails beyond ``limit`` (a count, bytes, a grade letter; None for session-lost)."""

    metric: str
    limit: int | str | None
    spec: str  # the condition as given, to name it in the verdict's line

    @property
    def needs_accessibility(self) -> bool:
        return self.metric in A11Y


@dataclass(frozen=True)
class Verdict:
    threshold: Threshold
    failed: bool
    measured: str  # what was measured, against the threshold: the line printed when it failed

    def line(self) -> str:
        """The verdict's line, in the run's language (the one the verdict was judged in)."""
        return tr("--fail-on {spec}: {measured}").format(spec=self.threshold.spec, measured=self.measured)


def parse(text: str) -> list[Threshold]:
    """The conditions of one --fail-on value (comma-separated); ThresholdError on the first bad one."""
    return [_parse_one(token.strip()) for token in text.split(",")]


def _bad(token: str, why: str) -> ThresholdError:
    return ThresholdError(
        tr("bad condition '{token}' ({why}); accepted: {forms}").format(
            token=token, why=why, forms=FORMS_TEXT.translate(language())
        )
    )


def _parse_one(token: str) -> Threshold:
    match = _TOKEN.match(token)
    if not match:
        raise _bad(token, tr("empty") if not token else tr("not NAME, NAME=N, NAME>N or NAME<GRADE"))
    name, operator, value = match.group(1).lower(), match.group(2), (match.group(3) or "").strip()
    if name == "session-lost":
        if operator:
            raise _bad(token, tr("session-lost takes no value"))
        return Threshold(name, None, name)
    if name == "ecoindex":
        if operator != "<":
            raise _bad(token, tr("ecoindex takes a grade: ecoindex<C fails on a page graded D to G"))
        grade = value.upper()
        if len(grade) != 1 or grade not in GRADES:
            raise _bad(token, tr("'{value}' is not a grade A to G").format(value=value))
        return Threshold(name, grade, f"ecoindex<{grade}")
    if name not in (*COUNTS, "weight"):
        raise _bad(token, tr("unknown name '{name}'").format(name=name))
    if operator not in ("=", ">"):
        raise _bad(token, tr("{name} takes =N or >N (fail when more than N)").format(name=name))
    if name == "weight":
        size = _SIZE.match(value)
        if not size or size.group(2).lower() not in SIZE_UNITS:
            raise _bad(token, tr("'{value}' is not a size such as 2MB, 500kB or 800000").format(value=value))
        limit = round(float(size.group(1)) * SIZE_UNITS[size.group(2).lower()])
        return Threshold(name, limit, f"weight{operator}{value}")
    if not (value.isascii() and value.isdigit()):
        raise _bad(token, tr("'{value}' is not a whole number").format(value=value))
    return Threshold(name, int(value), f"{name}{operator}{int(value)}")


def judge(thresholds: list[Threshold], results: dict[str, Any]) -> list[Verdict]:
    """Each threshold judged on a run's results (results.json), in the order given."""
    return [JUDGES[t.metric.split("-")[0] if t.metric.startswith("a11y") else t.metric](t, results) for t in thresholds]


def _loaded(page: dict[str, Any]) -> bool:
    return bool(page["loaded"]) if "loaded" in page else page_loaded(page.get("status"), page.get("error"))


def _pages(n: int) -> str:
    return ntr("{n} page", "{n} pages", n).format(n=n)


def _megabytes(size: int) -> str:
    return tr("{n} MB").format(n=format_decimal(size / 1000**2, format="0.00", locale=language()))


def _accessibility(threshold: Threshold, results: dict[str, Any]) -> Verdict:
    off = (results.get("run") or {}).get("accessibility") or {}
    if off.get("tested") is False:
        # results.json's reason is English (reports/results.py A11Y_OFF, the one it writes): said as such in English,
        # in its translation otherwise
        reason = (off.get("reason") if language() == "en" else None) or tr(
            "turned off (--no-axe or [capture] accessibility = false): accessibility was not tested"
        )
        return Verdict(threshold, True, tr("not measured: {reason}").format(reason=reason))
    impact = threshold.metric.removeprefix("a11y").removeprefix("-")
    kind = tr("{impact} axe violations").format(impact=impact) if impact else tr("axe violations")
    loaded = [p for p in results.get("pages") or [] if _loaded(p)]
    tested = [p for p in loaded if (p.get("accessibility") or {}).get("engine")]
    complete = [p for p in tested if not p["accessibility"].get("incomplete")]
    counts = [
        sum(1 for v in p["accessibility"].get("violations") or [] if not impact or v.get("impact") == impact)
        for p in complete
    ]
    found, on = sum(counts), sum(1 for c in counts if c)
    assert isinstance(threshold.limit, int)
    if found > threshold.limit:
        return Verdict(
            threshold,
            True,
            tr("{found} {kind} on {pages}, more than {limit}").format(
                found=found, kind=kind, pages=_pages(on), limit=threshold.limit
            ),
        )
    unmeasured = len(loaded) - len(complete)
    if not loaded:
        return Verdict(threshold, True, tr("not measured: no page loaded"))
    if unmeasured:
        return Verdict(
            threshold,
            True,
            tr(
                "{found} {kind}, but accessibility was not measured on {pages} of {loaded} loaded "
                "(axe-core did not run or finish there)"
            ).format(found=found, kind=kind, pages=_pages(unmeasured), loaded=len(loaded)),
        )
    return Verdict(
        threshold,
        False,
        tr("{found} {kind} on the {pages} tested, not more than {limit}").format(
            found=found, kind=kind, pages=_pages(len(loaded)), limit=threshold.limit
        ),
    )


def _per_page(
    text: Text, value: Callable[[dict[str, Any]], int], shown: Callable[[int], str]
) -> Callable[[Threshold, dict[str, Any]], Verdict]:
    def judge_pages(threshold: Threshold, results: dict[str, Any]) -> Verdict:
        label = text.translate(language())
        loaded = [p for p in results.get("pages") or [] if _loaded(p)]
        if not loaded:
            return Verdict(threshold, True, tr("not measured: no page loaded"))
        assert isinstance(threshold.limit, int)
        over = sorted((p for p in loaded if value(p) > threshold.limit), key=value, reverse=True)
        if over:
            worst = over[0]
            return Verdict(
                threshold,
                True,
                tr("{pages} over {limit} {label}, the most {worst} ({url})").format(
                    pages=_pages(len(over)),
                    limit=shown(threshold.limit),
                    label=label,
                    worst=shown(value(worst)),
                    url=worst["url"],
                ),
            )
        top = max(value(p) for p in loaded)
        return Verdict(
            threshold,
            False,
            tr("at most {top} {label} a page, not more than {limit}").format(
                top=shown(top), label=label, limit=shown(threshold.limit)
            ),
        )

    return judge_pages


def _errors(threshold: Threshold, results: dict[str, Any]) -> Verdict:
    pages = results.get("pages") or []
    errors = sum(1 for p in pages if not _loaded(p))
    assert isinstance(threshold.limit, int)
    more = errors > threshold.limit
    line = (
        tr("{pages} in error of {total}, more than {limit}")
        if more
        else tr("{pages} in error of {total}, not more than {limit}")
    )
    return Verdict(threshold, more, line.format(pages=_pages(errors), total=len(pages), limit=threshold.limit))


def _ecoindex(threshold: Threshold, results: dict[str, Any]) -> Verdict:
    loaded = [p for p in results.get("pages") or [] if _loaded(p)]
    if not loaded:
        return Verdict(threshold, True, tr("not measured: no page loaded"))
    assert isinstance(threshold.limit, str)
    grades = [((p.get("ecoindex") or {}).get("grade") or "", p) for p in loaded]
    unscored = [p for grade, p in grades if grade not in GRADES]
    worse = sorted(
        ((grade, p) for grade, p in grades if grade in GRADES and grade > threshold.limit), key=lambda gp: gp[0]
    )
    if worse:
        grade, page = worse[-1]
        return Verdict(
            threshold,
            True,
            tr("{pages} graded worse than {limit}, the worst {grade} ({url})").format(
                pages=_pages(len(worse)), limit=threshold.limit, grade=grade, url=page["url"]
            ),
        )
    if unscored:
        missed = ntr(
            "not measured: EcoIndex did not score {n} page loaded",
            "not measured: EcoIndex did not score {n} pages loaded",
            len(unscored),
        )
        return Verdict(threshold, True, missed.format(n=len(unscored)))
    worst = max(grade for grade, _ in grades)
    return Verdict(
        threshold,
        False,
        tr("every page graded {worst} or better, none worse than {limit}").format(worst=worst, limit=threshold.limit),
    )


def _session_lost(threshold: Threshold, results: dict[str, Any]) -> Verdict:
    lost = (results.get("safety") or {}).get("session_lost") or []
    if not lost:
        return Verdict(threshold, False, tr("no session lost"))
    profiles = ", ".join(sorted({e.get("profile") or "default" for e in lost}))
    return Verdict(
        threshold,
        True,
        tr(
            "the session of {profiles} was lost after a blocked write (see the report's safety section for the allow "
            "line)"
        ).format(profiles=profiles),
    )


JUDGES: dict[str, Callable[[Threshold, dict[str, Any]], Verdict]] = {
    "a11y": _accessibility,
    "requests": _per_page(pN_("--fail-on", "requests"), lambda p: int(p.get("requests") or 0), str),
    "weight": _per_page(pN_("--fail-on", "on the wire"), lambda p: int(p.get("transfer_bytes") or 0), _megabytes),
    "errors": _errors,
    "ecoindex": _ecoindex,
    "session-lost": _session_lost,
}
