"""``ent-audit doctor``: what an audit needs here, one line each (ent-audit and its libraries, Chromium, Node.js,
axe-core, Lighthouse, the history store, write access to the output directory) with versions and paths; exit 3
when something a run with these options needs is missing (the same lookups as the check before a run:
crawler/engines.py), 0 otherwise."""

from __future__ import annotations

import argparse
import platform
import subprocess
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from ent_audit import __version__
from ent_audit.crawler import engines
from ent_audit.crawler.commands.options import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_USAGE,
    db_argument,
    db_help,
    error,
    exit_codes_help,
    positive,
)
from ent_audit.crawler.config import Config, ConfigError, load_config
from ent_audit.i18n import language, pN_, tr

_STATUSES = {"ok": pN_("doctor", "ok"), "off": pN_("doctor", "off"), "missing": pN_("doctor", "missing")}
_WHAT = {  # the names of the lines that are words (the engines' are names)
    "store": pN_("doctor", "store"),
    "output": pN_("doctor", "output"),
}


def add_parser(commands: Any) -> None:
    doctor = commands.add_parser(
        "doctor",
        help=tr("check what an audit needs here (browser, engines, store, write access), one line each"),
        **exit_codes_help(),
    )
    doctor.add_argument("--config", type=Path, help=tr("TOML configuration file (its [lighthouse] and [capture])"))
    doctor.add_argument("--db", type=db_argument, help=db_help())
    doctor.add_argument("--out", type=Path, default=Path("."), help=tr("output directory to check (default: here)"))
    doctor.add_argument("--lighthouse", type=positive, metavar="N", help=tr("as for audit: 0 says Lighthouse is off"))
    doctor.add_argument("--no-axe", action="store_true", help=tr("as for audit: axe-core is not needed"))
    doctor.set_defaults(handler=run)


def _version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else ""


def _library(name: str) -> str:
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return tr("{name} missing").format(name=name)


def _writable(folder: Path) -> str:
    """'' when a file can be created in ``folder`` (or its nearest existing parent, where it would be created)."""
    target = folder.expanduser()
    while not target.exists() and target != target.parent:
        target = target.parent
    try:
        with tempfile.NamedTemporaryFile(dir=target, prefix=".ent-audit-doctor-"):
            pass
    except OSError as exc:
        return tr("cannot write in {folder}: {reason}").format(folder=target, reason=exc.strerror or exc)
    return ""


def checks(config: Config, db: Path | str | None, out: Path) -> list[tuple[str, str, str]]:
    """(status, what, detail) per line; status ``ok``, ``off`` (turned off, not needed), ``missing`` (needed)."""
    from ent_audit.crawler.paths import default_db_path

    lines: list[tuple[str, str, str]] = []
    libraries = ", ".join(_library(n) for n in ("scrapy", "scrapy-playwright", "playwright"))
    lines.append(("ok", "ent-audit", f"{__version__} (Python {platform.python_version()}, {libraries})"))
    try:
        chromium = engines.check_chromium()
        version = _version([str(chromium), "--version"]) or tr("version unknown")
        lines.append(("ok", "Chromium", f"{version} ({chromium})"))
    except engines.EngineMissing as exc:
        lines.append(("missing", "Chromium", str(exc)))
    lighthouse_on = config.lighthouse.pages > 0
    node = engines._on_path("node")
    if node is not None:
        lines.append(("ok", "Node.js", f"{_version([str(node), '--version'])} ({node})"))
    else:
        detail = tr("not found on PATH: {hint}").format(hint=engines.NODE_HINT.translate(language()))
        if not lighthouse_on:
            detail += " " + tr("(not needed: Lighthouse off)")
        lines.append(("missing" if lighthouse_on else "off", "Node.js", detail))
    if config.capture.accessibility:
        try:
            path, version = engines.check_axe()
            lines.append(("ok", "axe-core", f"{version} ({path})"))
        except engines.EngineMissing as exc:
            lines.append(("missing", "axe-core", str(exc)))
    else:
        lines.append(("off", "axe-core", tr("turned off (--no-axe): accessibility will not be tested")))
    if lighthouse_on:
        try:
            path, version = engines.check_lighthouse(config)
            lines.append(("ok", "Lighthouse", f"{version or tr('version unknown')} ({path})"))
        except engines.EngineMissing as exc:
            lines.append(("missing", "Lighthouse", str(exc)))
    else:
        found = engines.lighthouse_path(config).path
        detail = tr("turned off (--lighthouse 0)")
        if found:
            detail = tr("turned off (--lighthouse 0); found at {path}").format(path=found)
        lines.append(("off", "Lighthouse", detail))
    from ent_audit.reports.store import is_db_url, redact_db_url

    if db is not None and is_db_url(str(db)):
        lines.append(
            ("ok", "store", tr("{url} (PostgreSQL: reached when a run starts)").format(url=redact_db_url(str(db))))
        )
    else:
        store = Path(db) if db else default_db_path()
        problem = _writable(store.parent)
        lines.append(("missing" if problem else "ok", "store", problem or tr("{path} (writable)").format(path=store)))
    problem = _writable(out)
    writable = tr("{path} (writable)").format(path=out.expanduser().resolve())
    lines.append(("missing" if problem else "ok", "output", problem or writable))
    return lines


def run(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        error(exc)
        return EXIT_USAGE
    if args.lighthouse is not None:
        config.lighthouse.pages = args.lighthouse
    if args.no_axe:
        config.capture.accessibility = False
    lines = checks(config, args.db, args.out)
    lang = language()
    said = [
        (_STATUSES[status].translate(lang), _WHAT[what].translate(lang) if what in _WHAT else what, detail)
        for status, what, detail in lines
    ]
    status_width = max(len(status) for status, _what, _detail in said)
    width = max(len(what) for _status, what, _detail in said)
    for status, what, detail in said:
        print(f"{status:<{status_width + 2}}{what:<{width + 2}}{detail}")
    missing = [what for (status, _w, _d), (_s, what, _) in zip(lines, said, strict=True) if status == "missing"]
    if missing:
        error(tr("{names} missing (see above): an audit would stop").format(names=", ".join(missing)))
        return EXIT_CANNOT_RUN
    return EXIT_OK
