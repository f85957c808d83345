"""The report's Évolution section: the last runs of the same site and profile, as three small trend charts (inline
SVG, hidden from assistive technologies) and the table of the same numbers (what screen readers read).

It reads the rows ``reports.history.run_row`` gives (a run's summary kept in the store, which outlives pruning).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

from ent_audit.reports.formatting import counted, format_bytes, format_datetime, format_number
from ent_audit.reports.history import RunRow

RUNS_SHOWN = 10  # the last runs of the same site and profile, this one included
WIDTH, HEIGHT, PAD = 320, 120, 24  # one chart's box, and its inner margin (room for the value labels)


class Point(TypedDict):
    x: float
    y: float
    label: str


class Chart(TypedDict):
    points: list[Point]
    line: str  # the points as an SVG polyline's ``points``
    width: int
    height: int


class TitledChart(Chart):
    title: str


class EvolutionRow(TypedDict):
    """One run in the table, its numbers written out."""

    date: str
    current: bool
    pages: str
    eco: str
    grade: str | None
    weight: str
    issues: str


class EvolutionView(TypedDict):
    intro: str
    charts: list[TitledChart]
    rows: list[EvolutionRow]


def _mean_weight(row: RunRow) -> float | None:
    pages = row.get("pages") or 0
    return (row.get("total_transfer_bytes") or 0) / pages if pages else None


def _violations(row: RunRow) -> float | None:
    """The run's axe violations (rule × page), None when accessibility was not tested (a gap, never a 0)."""
    count = row.get("accessibility_violations")
    return None if count is None else float(count)


def _chart(
    values: Sequence[float | None], labels: list[str], floor: float | None = None, ceiling: float | None = None
) -> Chart:
    """Points of one polyline, scaled between ``floor`` and ``ceiling`` (the data's range when not given), and the
    value shown above each point."""
    known = [v for v in values if v is not None]
    low = floor if floor is not None else min(known, default=0.0)
    high = ceiling if ceiling is not None else max(known, default=1.0)
    if high <= low:
        low, high = low - 1, high + 1
    step = (WIDTH - 2 * PAD) / max(1, len(values) - 1)
    points: list[Point] = []
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):
        if value is None:
            continue
        x = PAD + i * step if len(values) > 1 else WIDTH / 2
        y = HEIGHT - PAD - (value - low) / (high - low) * (HEIGHT - 2 * PAD)
        points.append({"x": round(x, 1), "y": round(y, 1), "label": label})
    return {"points": points, "line": " ".join(f"{p['x']},{p['y']}" for p in points), "width": WIDTH, "height": HEIGHT}


def evolution_view(history: list[RunRow], run_id: str, lang: str, strings: dict[str, Any]) -> EvolutionView | None:
    """Trend of the last ``RUNS_SHOWN`` runs (oldest first), or None when there is no earlier run to compare."""
    rows = history[-RUNS_SHOWN:]
    if len(rows) < 2:
        return None
    eco = [r.get("mean_ecoindex") for r in rows]
    weight = [_mean_weight(r) for r in rows]
    issues = [_violations(r) for r in rows]
    table: list[EvolutionRow] = [
        {
            "date": format_datetime(r.get("started_at"), lang),
            "current": r.get("id") == run_id,
            "pages": format_number(r.get("pages") or 0, lang),
            "eco": format_number(e, lang, 1) if e is not None else strings["none"],
            "grade": r.get("mean_grade"),
            "weight": format_bytes(w, lang) if w is not None else strings["none"],
            "issues": format_number(int(i), lang) if i is not None else strings["none"],
        }
        for r, e, w, i in zip(rows, eco, weight, issues, strict=True)
    ]
    charts: list[TitledChart] = [
        {"title": strings["evolution_eco"], **_chart(eco, [t["eco"] for t in table], 0.0, 100.0)},
        {"title": strings["evolution_weight"], **_chart(weight, [t["weight"] for t in table], 0.0)},
        {"title": strings["evolution_issues"], **_chart(issues, [t["issues"] for t in table], 0.0)},
    ]
    return {
        "intro": counted(lang, strings, "evolution_intro", len(rows)),
        "charts": charts,
        "rows": table,
    }
