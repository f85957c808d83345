"""The one way outputs reach the disk: whole or not at all.

Every output (results.json, report.html, the CSVs, JUnit, Code Quality, compare-sites) is written to ``<name>.tmp``
beside its target, then renamed over it: a reader (a CI job, a browser, the next run) never sees half a file, and a
write that fails mid-way (a full disk) leaves the previous version in place. ``crawler/runner.py`` removes the
``.tmp`` files such a failure leaves behind.
"""

from __future__ import annotations

import os
from pathlib import Path

TMP_SUFFIX = ".tmp"


def temporary_of(path: Path) -> Path:
    """Where ``path`` is written before it is renamed into place."""
    return path.with_name(path.name + TMP_SUFFIX)


def atomic_write(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 (newlines as given) to ``path``, replacing it atomically; creates its folder."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_of(target)
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, target)
    return target
