"""The output formats, one module each, every one drawn from the results document only (so from the store), none
deciding anything: ``results_json`` (results.json), ``report_html`` (report.html), ``report_pdf`` (report.pdf, from
report.html), ``tables_csv`` (pages.csv, resources.csv, findings.csv), ``junit_xml`` (junit.xml), ``code_quality``
(gl-code-quality.json).

A format is an :class:`OutputFormat` registered under its ``--format`` name by :func:`output_format`; every module
of this package is imported when the formats are first asked for, so a new format is one new module (and its test).
With a budget file (``--budget``), its checks join JUnit and Code Quality; without one, both are exactly as before.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ent_audit.audits.budget import Check
from ent_audit.reports.history import RunRow

# the order outputs are written and listed in; a format of a new module comes after them
ORDER = ("json", "html", "pdf", "csv", "junit", "codequality")
DEFAULT = ("json", "html", "csv", "junit", "codequality")  # what an audit writes (PDF needs the optional [pdf] extra)


class OutputUnavailable(Exception):
    """A format that cannot be written here (an optional dependency missing): the message says how to fix it."""


@dataclass(frozen=True)
class Drawing:
    """What a format may draw besides the results document."""

    lang: str = "fr"  # the report's one language
    history: list[RunRow] | None = None  # the Évolution's runs (reports.history.trend)
    checks: list[Check] | None = None  # a budget file's checks (audits.budget.evaluate)


Writer = Callable[[dict[str, Any], Path, Drawing], list[Path]]


@dataclass(frozen=True)
class OutputFormat:
    name: str  # the --format value
    files: tuple[str, ...]  # the files it writes in the output directory
    write: Writer
    requires: tuple[str, ...] = ()  # formats written first (report.pdf is printed from report.html)


_FORMATS: dict[str, OutputFormat] = {}


def output_format(name: str, files: tuple[str, ...], requires: tuple[str, ...] = ()) -> Callable[[Writer], Writer]:
    """Register ``write(results, out_dir, drawing) -> [paths written]`` as the format ``name``."""

    def register(write: Writer) -> Writer:
        if name in _FORMATS and _FORMATS[name].write is not write:
            raise ValueError(f"output format {name} registered twice")
        _FORMATS[name] = OutputFormat(name, files, write, requires)
        return write

    return register


def formats() -> list[OutputFormat]:
    """Every format, in :data:`ORDER` then in the order their modules registered."""
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(_FORMATS.values(), key=lambda f: rank.get(f.name, len(ORDER)))


def names() -> list[str]:
    return [f.name for f in formats()]


def file_names() -> list[str]:
    return [file for f in formats() for file in f.files]


def write_outputs(
    results: dict[str, Any], out_dir: Path, wanted: Iterable[str] = DEFAULT, drawing: Drawing | None = None
) -> list[Path]:
    """Write the ``wanted`` formats (and those they require) in ``out_dir``; the paths written, in order. An unknown
    name is a ValueError naming the known ones."""
    known = {f.name: f for f in formats()}
    wanted = set(wanted)
    unknown = sorted(wanted - set(known))
    if unknown or not wanted:
        raise ValueError(
            f"unknown format {', '.join(unknown) or '(empty)'}: use a comma-separated list of {', '.join(known)}"
        )
    for name in list(wanted):
        wanted.update(known[name].requires)
    drawing = drawing or Drawing()
    written: list[Path] = []
    for output in known.values():
        if output.name in wanted:
            written += output.write(results, Path(out_dir), drawing)
    return written


def rule_title(results: dict[str, Any], ref: str) -> str:
    """A rule's English title as the run's judgement stored it (machine outputs are in English), else its ref."""
    found = (results.get("rules") or {}).get(ref) or {}
    return str((found.get("title") or {}).get("en") or ref)
