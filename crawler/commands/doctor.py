"""``ent-audit doctor``: what an audit needs here, one line each (ent-audit and its libraries, Chromium, Node.js,
axe-core, Lighthouse, the history store, write access to the output directory) with versions and paths; exit 3
when something a run with these options needs is missing (the same lookups as the check before a run:
crawler/engines.py), 0 otherwise."""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from ent_audit import __version__
from ent_audit.crawler import engines
from ent_audit.crawler.commands.options import (
    DB_HELP,
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_USAGE,
    db_argument,
    error,
    exit_codes_help,
    positive,
)
from ent_audit.crawler.config import Config, ConfigError, load_config


def add_parser(commands: Any) -> None:
    doctor = commands.add_parser(
        "doctor",
        help="check what an audit needs here (browser, engines, store, write access), one line each",
        **exit_codes_help(),
    )
    doctor.add_argument("--config", type=Path, help="TOML configuration file (its [lighthouse] and [capture])")
    doctor.add_argument("--db", type=db_argument, help=DB_HELP)
    doctor.add_argument("--out", type=Path, default=Path("."), help="output directory to check (default: here)")
    doctor.add_argument("--lighthouse", type=positive, metavar="N", help="as for audit: 0 says Lighthouse is off")
    doctor.add_argument("--no-axe", action="store_true", help="as for audit: axe-core is not needed")
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
        return f"{name} missing"


def _writable(folder: Path) -> str:
    """'' when a file can be created in ``folder`` (or its nearest existing parent, where it would be created)."""
    target = folder.expanduser()
    while not target.exists() and target != target.parent:
        target = target.parent
    try:
        with tempfile.NamedTemporaryFile(dir=target, prefix=".ent-audit-doctor-"):
            pass
    except OSError as exc:
        return f"cannot write in {target}: {exc.strerror or exc}"
    return ""


def checks(config: Config, db: Path | str | None, out: Path) -> list[tuple[str, str, str]]:
    """(status, what, detail) per line; status ``ok``, ``off`` (turned off, not needed), ``missing`` (needed)."""
    from ent_audit.crawler.paths import default_db_path

    lines: list[tuple[str, str, str]] = []
    libraries = ", ".join(_library(n) for n in ("scrapy", "scrapy-playwright", "playwright"))
    lines.append(("ok", "ent-audit", f"{__version__} (Python {platform.python_version()}, {libraries})"))
    try:
        chromium = engines.check_chromium()
        lines.append(("ok", "Chromium", f"{_version([str(chromium), '--version']) or 'version unknown'} ({chromium})"))
    except engines.EngineMissing as exc:
        lines.append(("missing", "Chromium", str(exc)))
    lighthouse_on = config.lighthouse.pages > 0
    node = engines._on_path("node")
    if node is not None:
        lines.append(("ok", "Node.js", f"{_version([str(node), '--version'])} ({node})"))
    else:
        detail = f"not found on PATH: {engines.NODE_HINT}"
        if not lighthouse_on:
            detail += " (not needed: Lighthouse off)"
        lines.append(("missing" if lighthouse_on else "off", "Node.js", detail))
    if config.capture.accessibility:
        try:
            path, version = engines.check_axe()
            lines.append(("ok", "axe-core", f"{version} ({path})"))
        except engines.EngineMissing as exc:
            lines.append(("missing", "axe-core", str(exc)))
    else:
        lines.append(("off", "axe-core", "turned off (--no-axe): accessibility will not be tested"))
    if lighthouse_on:
        try:
            path, version = engines.check_lighthouse(config)
            lines.append(("ok", "Lighthouse", f"{version or 'version unknown'} ({path})"))
        except engines.EngineMissing as exc:
            lines.append(("missing", "Lighthouse", str(exc)))
    else:
        found = engines.lighthouse_path(config).path
        lines.append(("off", "Lighthouse", f"turned off (--lighthouse 0){f'; found at {found}' if found else ''}"))
    from ent_audit.reports.store import is_db_url, redact_db_url

    if db is not None and is_db_url(str(db)):
        lines.append(("ok", "store", f"{redact_db_url(str(db))} (PostgreSQL: reached when a run starts)"))
    else:
        store = Path(db) if db else default_db_path()
        problem = _writable(store.parent)
        lines.append(("missing" if problem else "ok", "store", problem or f"{store} (writable)"))
    problem = _writable(out)
    lines.append(("missing" if problem else "ok", "output", problem or f"{out.expanduser().resolve()} (writable)"))
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
    width = max(len(what) for _, what, _ in lines)
    for status, what, detail in lines:
        print(f"{status:<8}{what:<{width + 2}}{detail}")
    missing = [what for status, what, _ in lines if status == "missing"]
    if missing:
        print(f"ent-audit: error: {', '.join(missing)} missing (see above): an audit would stop", file=sys.stderr)
        return EXIT_CANNOT_RUN
    return EXIT_OK
