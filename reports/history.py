"""The history store seen as a list of runs (``ent-audit runs``), and two stored runs compared (``ent-audit
compare``, the comparison itself in :mod:`reports.compare`).

The listing reads each run's summary (``Store.run_summary``, kept with the run when it finishes, counted as
``results.json``'s summary counts, which tests pin); the comparison builds both runs' ``results.json`` with
:func:`reports.results.build_results`, so it never disagrees with the reports.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from ent_audit.audits.rgaa import IMPACTS
from ent_audit.i18n import pN_, tr
from ent_audit.reports.compare import Comparison, compare_runs
from ent_audit.reports.formatting import format_bytes, format_number
from ent_audit.reports.results import build_results, mean_grade
from ent_audit.reports.store import Store, is_db_url, redact_db_url

LATEST, PREVIOUS = "latest", "previous"
Json = dict[str, Any]  # a run and its summary as the store gives them (JSON columns decoded)


class RunRow(TypedDict):
    """One run of ``ent-audit runs`` (``--json`` prints it as is) and of the report's Évolution."""

    id: str
    site: str
    profile: str
    started_at: str
    finished_at: str | None
    status: str
    pruned: bool
    pages: int | None
    pages_error: int | None
    mean_ecoindex: float | None
    mean_grade: str | None
    total_transfer_bytes: int | None
    total_requests: int | None
    accessibility_violations: int | None  # None: not tested (--no-axe)
    accessibility_violations_by_impact: dict[str, int] | None


class HistoryError(RuntimeError):
    """A history command cannot answer; one line for the user."""


def open_history(db_path: Path) -> Store:
    """The store of an earlier audit: never created here (a missing file is the user's mistake, not an empty
    history)."""
    if is_db_url(str(db_path)):  # PostgreSQL (distributed crawls): the server says whether it exists
        try:
            return Store(str(db_path))
        except Exception as exc:  # noqa: BLE001 - the driver's errors; the message never holds the password
            raise HistoryError(
                tr("history store {db_path} cannot be opened ({exc}): give the --db used by the audit").format(
                    db_path=redact_db_url(db_path), exc=exc
                )
            ) from None
    db_path = Path(db_path)
    if not db_path.is_file():
        raise HistoryError(
            tr("history store {db_path} not found: give the --db used by the audit").format(db_path=db_path)
        )
    try:
        return Store(db_path)
    except (OSError, sqlite3.Error, RuntimeError) as exc:
        raise HistoryError(
            tr("history store {db_path} cannot be opened ({exc}): give the --db used by the audit").format(
                db_path=db_path, exc=exc
            )
        ) from None


def _numbers(store: Store, run: Json) -> Json:
    """The run's headline numbers: the summary kept with the run when it finished (it outlives ``--keep``
    pruning), else the same summary computed now from its pages (a run still going, an older store)."""
    stored = run.get("summary")
    if isinstance(stored, dict) and "pages" in stored:
        return stored
    return store.run_summary(run["id"])


def run_row(store: Store, run: Json) -> RunRow:
    """One line of ``ent-audit runs``: the run and its summary numbers."""
    numbers = _numbers(store, run)
    counted = numbers.get("violations")  # None: axe-core ran on no page of the run (--no-axe), nothing to count
    by_impact = {impact: int(counted.get(impact) or 0) for impact in IMPACTS} if isinstance(counted, dict) else None
    return {
        "id": run["id"],
        "site": run["site"],
        "profile": run["profile"],
        "started_at": run["started_at"],
        "finished_at": run["finished_at"],
        "status": run["status"],
        "pruned": bool(run.get("pruned_at")),  # page details removed by --keep, summary kept
        "pages": numbers.get("pages"),
        "pages_error": numbers.get("pages_error"),
        "mean_ecoindex": numbers.get("mean_ecoindex"),
        "mean_grade": mean_grade(numbers.get("mean_ecoindex")),
        "total_transfer_bytes": numbers.get("total_transfer_bytes"),
        "total_requests": numbers.get("total_requests"),
        "accessibility_violations": None if by_impact is None else sum(by_impact.values()),  # rule × page
        "accessibility_violations_by_impact": by_impact,
    }


def trend(store: Store, run_id: str, limit: int = 10) -> list[RunRow]:
    """The report's Évolution: ``run_row`` of the last ``limit`` runs of the same site and profile up to ``run_id``
    (finished ones, and this one whatever its status), oldest first. Only runs started before it count, so a
    report written again later shows the same history."""
    runs = store.runs()
    current = next(r for r in runs if r["id"] == run_id)
    index = runs.index(current)
    same = [
        r
        for r in runs[:index]
        if (r["site"], r["profile"]) == (current["site"], current["profile"]) and r["status"] == "finished"
    ]
    return [run_row(store, run) for run in (same + [current])[-limit:]]


def list_runs(db_path: Path, site: str | None = None) -> list[RunRow]:
    """Every run of the store, newest first; ``site``: only that site's (its name as stored, case ignored)."""
    store = open_history(db_path)
    try:
        runs = [r for r in reversed(store.runs()) if not site or r["site"].casefold() == site.casefold()]
        return [run_row(store, run) for run in runs]
    finally:
        store.close()


_HEADERS = (  # the columns of `ent-audit runs`
    pN_("runs table", "run"),
    pN_("runs table", "site"),
    pN_("runs table", "profile"),
    pN_("runs table", "started (Paris time)"),
    pN_("runs table", "status"),
    pN_("runs table", "pages"),
    pN_("runs table", "mean EcoIndex"),
    pN_("runs table", "total weight"),
    pN_("runs table", "a11y violations (rule × page)"),
)
_RIGHT = {5, 6, 7, 8}
_STATUSES = {  # a run's status as the store keeps it (Scrapy's finish reason), said in the table; others as they are
    "running": pN_("run status", "running"),
    "finished": pN_("run status", "finished"),
    "failed": pN_("run status", "failed"),
    "shutdown": pN_("run status", "interrupted"),
}


def _started(iso: str, lang: str) -> str:
    """The start of a run in Paris time, Babel's short date and time for ``lang``; as stored when unparsable."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment, "short", tzinfo=ZoneInfo("Europe/Paris"), locale=lang)


def format_runs(rows: list[RunRow], lang: str = "fr") -> str:
    """An aligned text table in ``lang``, one run a line, as :func:`list_runs` returns them."""
    table = [[header.translate(lang) for header in _HEADERS]]
    for row in rows:
        status = _STATUSES[row["status"]].translate(lang) if row["status"] in _STATUSES else row["status"]
        if row["pruned"]:
            status = pN_("runs table", "{status} (pruned)").translate(lang).format(status=status)
        pages = "—" if row["pages"] is None else format_number(row["pages"], lang)
        if row["pages_error"]:
            pages = (
                pN_("runs table", "{pages} ({errors} in error)")
                .translate(lang)
                .format(pages=pages, errors=format_number(row["pages_error"], lang))
            )
        eco = "—"
        if row["mean_ecoindex"] is not None:
            eco = f"{format_number(row['mean_ecoindex'], lang, 1)} ({row['mean_grade']})"
        table.append(
            [
                row["id"],
                row["site"],
                row["profile"],
                _started(row["started_at"], lang),
                status,
                pages,
                eco,
                format_bytes(row["total_transfer_bytes"] or 0, lang),
                "—"
                if row["accessibility_violations"] is None
                else format_number(row["accessibility_violations"], lang),
            ]
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(_HEADERS))]
    lines = [
        "  ".join(
            cell.rjust(w) if i in _RIGHT else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in table
    ]
    return "\n".join(lines) + "\n"


def _find(runs: list[Json], ref: str) -> Json:
    if ref == LATEST:
        if not runs:
            raise HistoryError(tr("the history store holds no run yet: run `ent-audit audit` first"))
        return runs[-1]
    exact = [r for r in runs if r["id"] == ref]
    found = exact or ([r for r in runs if r["id"].startswith(ref)] if ref else [])
    if len(found) == 1:
        return found[0]
    if not found:
        raise HistoryError(
            tr("no run {ref} in the history store: give an id listed by `ent-audit runs`, latest or previous").format(
                ref=ref
            )
        )
    raise HistoryError(
        tr("run id {ref} is ambiguous ({count} runs start with it): give more of it").format(ref=ref, count=len(found))
    )


def _previous(runs: list[Json], run: Json) -> Json:
    """The latest finished run of the same site and profile started before ``run`` (as budgets'
    ``max_regression_pct`` understands "previous": an interrupted run is no baseline)."""
    index = runs.index(run)
    for earlier in reversed(runs[:index]):
        if (earlier["site"], earlier["profile"]) == (run["site"], run["profile"]) and earlier["status"] == "finished":
            return earlier
    raise HistoryError(
        tr("no finished run of {site} ({profile}) before {id} in the history store").format(
            site=run["site"], profile=run["profile"], id=run["id"]
        )
    )


def resolve_pair(runs: list[Json], a: str, b: str) -> tuple[Json, Json]:
    """Runs A and B from ids (or unique id prefixes), ``latest`` (the newest run of the store) and ``previous``
    (the run before the other one, same site and profile). ``runs``: oldest first, as ``Store.runs``."""
    if a == PREVIOUS and b == PREVIOUS:
        raise HistoryError(tr("only one of A and B can be previous (the run before the other one)"))
    if a == PREVIOUS:
        run_b = _find(runs, b)
        return _previous(runs, run_b), run_b
    run_a = _find(runs, a)
    return run_a, (_previous(runs, run_a) if b == PREVIOUS else _find(runs, b))


def compare_stored(db_path: Path, a: str, b: str, threshold_pct: float) -> Comparison:
    """``ent-audit compare A B``: the two runs' results built from the store, then compared."""
    store = open_history(db_path)
    try:
        run_a, run_b = resolve_pair(store.runs(), a, b)
        if run_a["id"] == run_b["id"]:
            raise HistoryError(tr("A and B are the same run ({id}): give two different runs").format(id=run_a["id"]))
        for run in (run_a, run_b):
            if run.get("pruned_at"):
                raise HistoryError(
                    tr(
                        "run {id} was pruned (--keep): its pages are no longer in the store, "
                        "only its summary (ent-audit runs)"
                    ).format(id=run["id"])
                )
        return compare_runs(build_results(store, run_a["id"]), build_results(store, run_b["id"]), threshold_pct)
    finally:
        store.close()
