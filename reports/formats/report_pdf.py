"""report.pdf: report.html printed by WeasyPrint, the optional ``[pdf]`` extra (it pulls Pango/Cairo bindings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ent_audit.i18n import tr
from ent_audit.installation import install_extra
from ent_audit.reports.formats import Drawing, OutputUnavailable, output_format


@output_format("pdf", ("report.pdf",), requires=("html",))
def write_pdf(results: dict[str, Any], out_dir: Path, drawing: Drawing) -> list[Path]:
    try:
        from weasyprint import HTML
    except ImportError:
        raise OutputUnavailable(
            tr("report.pdf needs the optional [pdf] extra: {fix}").format(fix=install_extra("pdf"))
        ) from None
    HTML(filename=str(out_dir / "report.html")).write_pdf(str(out_dir / "report.pdf"))
    return [out_dir / "report.pdf"]
