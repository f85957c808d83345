"""report.html: the NIRD report, one self-contained page in one language (drawn by reports/render.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ent_audit.reports.formats import Drawing, output_format
from ent_audit.reports.render import write_report


@output_format("html", ("report.html",))
def write_html(results: dict[str, Any], out_dir: Path, drawing: Drawing) -> list[Path]:
    return [write_report(results, out_dir / "report.html", lang=drawing.lang, history=drawing.history)]
