"""Draft declarations written from one stored run (``ent-audit declare``): the déclaration d'accessibilité
(``accessibility.py``) and, where its module is installed, the déclaration d'écoconception (``ecodesign.py``).

Every writer takes ``(run, declaration, history, out_dir)``: the results document of the run (reports/results.py),
the config's ``[declaration]`` table, the previous runs of the history store, the output directory; it returns the
files it wrote. The drafts are French documents whatever the run's language.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

Writer = Callable[[dict[str, Any], Any, Any, Path], list[Path]]


def writers() -> list[Writer]:
    """The draft writers, in the order of their files: accessibility, then eco-design when its module exists."""
    from ent_audit.reports.declarations.accessibility import write_accessibility_declaration

    found: list[Writer] = [write_accessibility_declaration]
    if importlib.util.find_spec(f"{__name__}.ecodesign") is not None:
        found.append(importlib.import_module(f"{__name__}.ecodesign").write_ecodesign_declaration)
    return found


def write_declarations(run: dict[str, Any], declaration: Any, history: Any, out_dir: Path) -> list[Path]:
    """Every draft of ``run`` written into ``out_dir``; the paths in the order they were written."""
    paths: list[Path] = []
    for write in writers():
        paths += write(run, declaration, history, out_dir)
    return paths
