"""The engines a run depends on, found before anything is crawled: axe-core (ships inside the package), Lighthouse
and Node.js (installed beside it, when Lighthouse is asked for), Chromium (Debian's).

A run never claims what an engine did not do: when axe-core cannot run, or Lighthouse is asked for and cannot be
found, :func:`require_engines` raises :class:`EngineMissing` before the crawl, with one line that says what is
missing, where it was looked for and how to fix it (``ent-audit audit`` exits 3). ``--no-axe`` (``[capture]
accessibility = false``) and ``--lighthouse 0`` (``[lighthouse] pages = 0``) turn an engine off explicitly; the
report then says that it did not run. ``ent-audit doctor`` prints the same lookups, one line each.

Where each engine is looked for, first found wins:

- axe-core: ``ENT_AUDIT_AXE_PATH`` (a path to ``axe.min.js``), else the copy inside the package
  (``crawler/capture/vendor/axe-core/``: the script, its French locale, its licence; ``make vendor-axe`` refreshes it
  from ``node_modules`` when the pin in package.json changes).
- Lighthouse: ``[lighthouse] path`` of the config, ``ENT_AUDIT_LIGHTHOUSE``, ``node_modules/.bin/lighthouse`` of the
  current directory, then of the ent-audit checkout (where ``make`` runs ``npm ci``), then ``lighthouse`` on
  ``PATH``. A path given by the config or the environment is used as given: when it does not exist the run stops,
  it does not fall back to another Lighthouse.
- Chromium: ``/usr/bin/chromium`` (crawler/settings.py); Lighthouse's Chrome is the same unless ``CHROME_PATH``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ent_audit.crawler.config import Config
from ent_audit.i18n import N_, language, tr
from ent_audit.installation import with_make_setup

ROOT = Path(__file__).resolve().parents[1]  # the checkout (crawler/engines.py), or site-packages/ent_audit
VENDOR_AXE = Path(__file__).resolve().parent / "capture" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
NODE_HINT = N_("install Node.js 18 or later (Debian: apt-get install nodejs)")
LIGHTHOUSE_HINT = N_("npm install lighthouse@12.2.3 (in this directory or with -g), or set ENT_AUDIT_LIGHTHOUSE")


class EngineMissing(RuntimeError):
    """An engine the run needs cannot run here; the message says what, where and how to fix it, in one line."""


@dataclass(frozen=True)
class Found:
    """An engine looked up: its path (None when not found), where that path came from, and every place tried."""

    path: Path | None
    source: str
    tried: tuple[str, ...] = ()


def axe_path() -> Found:
    """axe-core's script: ``ENT_AUDIT_AXE_PATH`` when set (used as given), else the copy shipped in the package."""
    override = os.environ.get("ENT_AUDIT_AXE_PATH")
    if override:
        path = Path(override)
        return Found(path if path.is_file() else None, "ENT_AUDIT_AXE_PATH", (str(path),))
    return Found(VENDOR_AXE if VENDOR_AXE.is_file() else None, "package", (str(VENDOR_AXE),))


def axe_version(path: Path) -> str:
    """The version in axe.min.js's banner (``/*! axe v4.11.4``), empty when the file is not axe-core's."""
    try:
        with path.open(encoding="utf-8") as script:
            head = script.read(200)
    except (OSError, UnicodeDecodeError):
        return ""
    found = re.match(r"/\*! axe v(\d+\.\d+\.\d+\S*)", head)
    return found.group(1) if found else ""


def check_axe() -> tuple[Path, str]:
    """axe-core's script and version, or EngineMissing."""
    found = axe_path()
    fix = tr("or run with --no-axe to audit without accessibility")
    if found.path is None:
        if found.source == "ENT_AUDIT_AXE_PATH":
            raise EngineMissing(
                tr(
                    "axe-core not found at {value} (ENT_AUDIT_AXE_PATH): point "
                    "ENT_AUDIT_AXE_PATH at axe.min.js or unset it to use the copy shipped "
                    "with ent-audit, {fix}"
                ).format(value=found.tried[0], fix=fix)
            )
        raise EngineMissing(
            tr(
                "axe-core missing from the installed package ({value}): reinstall "
                "ent-audit, set ENT_AUDIT_AXE_PATH to an axe.min.js, {fix}"
            ).format(value=found.tried[0], fix=fix)
        )
    version = axe_version(found.path)
    if not version:
        raise EngineMissing(
            tr("{path} is not axe-core's axe.min.js (no 'axe v…' banner): {fix}").format(path=found.path, fix=fix)
        )
    return found.path, version


def _on_path(name: str) -> Path | None:
    where = shutil.which(name)
    return Path(where) if where else None


def lighthouse_path(config: Config | None = None) -> Found:
    """The Lighthouse command, in the documented order (module docstring)."""
    configured = config.lighthouse.path if config is not None else ""
    if configured:
        path = Path(configured).expanduser()
        return Found(path if path.is_file() else None, "[lighthouse] path", (str(path),))
    override = os.environ.get("ENT_AUDIT_LIGHTHOUSE")
    if override:
        path = Path(override)
        return Found(path if path.is_file() else None, "ENT_AUDIT_LIGHTHOUSE", (str(path),))
    tried: list[str] = []
    for base, source in ((Path.cwd(), "node_modules"), (ROOT, "ent-audit's node_modules")):
        candidate = base / "node_modules" / ".bin" / "lighthouse"
        if str(candidate) in tried:
            continue
        tried.append(str(candidate))
        if candidate.is_file():
            return Found(candidate, source, tuple(tried))
    tried.append("PATH")
    return Found(_on_path("lighthouse"), "PATH", tuple(tried))


def lighthouse_version(path: Path) -> str:
    """The version of the lighthouse package the command belongs to (its package.json), empty when unknown."""
    try:
        real = path.resolve()
    except OSError:
        return ""
    for folder in real.parents:
        manifest = folder / "package.json"
        if manifest.is_file():
            try:
                package = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return ""
            return str(package.get("version", "")) if package.get("name") == "lighthouse" else ""
    return ""


def check_lighthouse(config: Config | None = None) -> tuple[Path, str]:
    """The Lighthouse command and its version, or EngineMissing (Node.js, the package, or Chromium missing)."""
    off = tr("or turn it off with --lighthouse 0")
    found = lighthouse_path(config)
    if found.path is None:
        if found.source in ("[lighthouse] path", "ENT_AUDIT_LIGHTHOUSE"):
            raise EngineMissing(
                tr("Lighthouse not found at {value} ({source}): fix the path, {off}").format(
                    value=found.tried[0], source=found.source, off=off
                )
            )
        raise EngineMissing(
            tr("Lighthouse not found (looked in {items}): {hint}, {off}").format(
                items=", ".join(found.tried), hint=LIGHTHOUSE_HINT.translate(language()), off=off
            )
        )
    if _on_path("node") is None:
        raise EngineMissing(
            tr("Node.js not found on PATH, needed by Lighthouse ({path}): {hint}, {off}").format(
                path=found.path, hint=NODE_HINT.translate(language()), off=off
            )
        )
    check_chromium(os.environ.get("CHROME_PATH") or CHROMIUM, "Lighthouse (CHROME_PATH)")
    return found.path, lighthouse_version(found.path)


def check_chromium(where: str = CHROMIUM, needed_by: str | None = None) -> Path:
    path = Path(where)
    if not path.is_file():
        raise EngineMissing(
            tr("Chromium not found at {where} (needed by {needed_by}): {fix}").format(
                where=where, needed_by=needed_by or tr("the crawl"), fix=with_make_setup("apt-get install chromium")
            )
        )
    return path


def require_engines(config: Config) -> None:
    """Before a run: every engine the config asks for is there, or EngineMissing with a one-line fix."""
    check_chromium()
    if config.capture.accessibility:
        check_axe()
    if config.lighthouse.pages > 0:
        check_lighthouse(config)
