"""The history store seen as a list of runs (``ent-audit runs``), and two stored runs compared (``ent-audit
compare``, the comparison itself in :mod:`reports.compare`).

The listing reads each run's summary (``Store.run_summary``, kept with the run when it finishes, counted as
``results.json``'s summary counts, which tests pin); the comparison builds both runs' ``results.json`` with
:func:`reports.results.build_results`, so it never disagrees with the reports.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, TypedDict

from ent_audit.audits.rgaa import IMPACTS
from ent_audit.reports.compare import Comparison, compare_runs
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
                f"history store {redact_db_url(db_path)} cannot be opened ({exc}): give the --db used by the audit"
            ) from None
    db_path = Path(db_path)
    if not db_path.is_file():
        raise HistoryError(f"history store {db_path} not found: give the --db used by the audit")
    try:
        return Store(db_path)
    except (OSError, sqlite3.Error, RuntimeError) as exc:
        raise HistoryError(
            f"history store {db_path} cannot be opened ({exc}): give the --db used by the audit"
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


_HEADERS = (
    "run",
    "site",
    "profil",
    "date",
    "statut",
    "pages",
    "EcoIndex moyen",
    "poids total",
    "violations a11y (règle × page)",
)
_RIGHT = {5, 6, 7, 8}


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.2f} Mo".replace(".", ",")


def format_runs(rows: list[RunRow]) -> str:
    """An aligned text table, one run a line, as :func:`list_runs` returns them."""
    table = [list(_HEADERS)]
    for row in rows:
        eco = "—" if row["mean_ecoindex"] is None else f"{row['mean_ecoindex']:.1f} ({row['mean_grade']})"
        table.append(
            [
                row["id"],
                row["site"],
                row["profile"],
                row["started_at"],
                row["status"] + (" (élagué)" if row["pruned"] else ""),
                str(row["pages"]) + (f" ({row['pages_error']} en erreur)" if row["pages_error"] else ""),
                eco.replace(".", ","),
                _megabytes(row["total_transfer_bytes"] or 0),
                "—" if row["accessibility_violations"] is None else str(row["accessibility_violations"]),
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
            raise HistoryError("the history store holds no run yet: run `ent-audit audit` first")
        return runs[-1]
    exact = [r for r in runs if r["id"] == ref]
    found = exact or ([r for r in runs if r["id"].startswith(ref)] if ref else [])
    if len(found) == 1:
        return found[0]
    if not found:
        raise HistoryError(
            f"no run {ref} in the history store: give an id listed by `ent-audit runs`, latest or previous"
        )
    raise HistoryError(f"run id {ref} is ambiguous ({len(found)} runs start with it): give more of it")


def _previous(runs: list[Json], run: Json) -> Json:
    """The latest finished run of the same site and profile started before ``run`` (as budgets'
    ``max_regression_pct`` understands "previous": an interrupted run is no baseline)."""
    index = runs.index(run)
    for earlier in reversed(runs[:index]):
        if (earlier["site"], earlier["profile"]) == (run["site"], run["profile"]) and earlier["status"] == "finished":
            return earlier
    raise HistoryError(f"no finished run of {run['site']} ({run['profile']}) before {run['id']} in the history store")


def resolve_pair(runs: list[Json], a: str, b: str) -> tuple[Json, Json]:
    """Runs A and B from ids (or unique id prefixes), ``latest`` (the newest run of the store) and ``previous``
    (the run before the other one, same site and profile). ``runs``: oldest first, as ``Store.runs``."""
    if a == PREVIOUS and b == PREVIOUS:
        raise HistoryError("only one of A and B can be previous (the run before the other one)")
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
            raise HistoryError(f"A and B are the same run ({run_a['id']}): give two different runs")
        for run in (run_a, run_b):
            if run.get("pruned_at"):
                raise HistoryError(
                    f"run {run['id']} was pruned (--keep): its pages are no longer in the store, "
                    "only its summary (ent-audit runs)"
                )
        return compare_runs(build_results(store, run_a["id"]), build_results(store, run_b["id"]), threshold_pct)
    finally:
        store.close()
