"""results.json: the results document itself (its model and schema are reports/results.py's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ent_audit.reports.formats import Drawing, output_format
from ent_audit.reports.results import write_results_json


@output_format("json", ("results.json",))
def write_json(results: dict[str, Any], out_dir: Path, drawing: Drawing) -> list[Path]:
    return [write_results_json(results, out_dir / "results.json")]
