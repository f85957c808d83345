"""How this ent-audit is installed, so that an error's fix names a command the user actually has.

From a checkout (the repository, installed editable by ``make setup``: ``pyproject.toml`` of ent-audit beside the
``ent_audit`` folder), an optional extra is added with ``.venv/bin/pip install -e '.[extra]'`` and ``make setup``
installs Chromium and its policy. From a wheel (``pip install ent-audit``: the package in site-packages, no source
tree), there is no ``.venv`` nor Makefile: the extra is ``pip install 'ent-audit[extra]'``, the rest is named plainly.

This module imports only ent_audit.i18n (the hint is in the run's language): the crawler and the reports both use it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ent_audit.i18n import tr

# the folder holding the ent_audit package: the checkout, or site-packages when installed from a wheel
ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = "ent-audit"


def in_checkout(root: Path = ROOT) -> bool:
    """True when ``root`` is ent-audit's source tree (its pyproject.toml names the project), not site-packages.
    Read each time: only error messages ask."""
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return bool(project.get("name") == DISTRIBUTION)


def install_extra(extra: str, root: Path = ROOT) -> str:
    """The command that adds an optional extra (``distributed``, ``pdf``) to this installation."""
    if in_checkout(root):
        return f".venv/bin/pip install -e '.[{extra}]'"
    return f"pip install '{DISTRIBUTION}[{extra}]'"


def with_make_setup(fix: str, root: Path = ROOT) -> str:
    """A fix that ``make setup`` also does, said so in a checkout, where the Makefile is; as is otherwise."""
    return tr("{fix} (make setup does it)").format(fix=fix) if in_checkout(root) else fix
