"""Draft declarations written from one stored run (``ent-audit declare``): the déclaration d'accessibilité
(``accessibility.py``) and the déclaration d'écoconception (``ecodesign.py``).

Every writer takes ``(run, declaration, history, out_dir)``: the results document of the run (reports/results.py),
the config's ``[declaration]`` table, the previous runs of the history store, the output directory; it returns the
files it wrote. The drafts are French documents whatever the run's language.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ent_audit.reports.declarations.accessibility import NotTested, write_accessibility_declaration
from ent_audit.reports.declarations.ecodesign import write_ecodesign_declaration

Writer = Callable[[dict[str, Any], Any, Any, Path], list[Path]]
WRITERS: tuple[Writer, ...] = (write_accessibility_declaration, write_ecodesign_declaration)


def write_declarations(
    run: dict[str, Any], declaration: Any, history: Any, out_dir: Path
) -> tuple[list[Path], list[str]]:
    """Every draft of ``run`` written into ``out_dir``: the paths in the order they were written, and why a draft
    was left out (a run without accessibility tests has no accessibility statement, but its eco-design declaration).
    Any other error (a config the drafts cannot use) propagates."""
    paths: list[Path] = []
    left_out: list[str] = []
    for write in WRITERS:
        try:
            paths += write(run, declaration, history, out_dir)
        except NotTested as exc:
            left_out.append(str(exc))
    return paths, left_out
