"""CPU seconds used by ent-audit and everything it started (Playwright's driver, Chromium and its renderers), read
from /proc, so that a run can say what a page costs (``run.stats`` in results.json, the audit's last lines).

A process's own time (utime + stime) plus the time of its children it has reaped (cutime + cstime) covers every
process that ever ran below it, as long as each one was reaped by a process of the tree: Chromium's renderers,
closed with their page, are reaped by Chromium's zygote, which lives as long as the browser. Linux only; elsewhere
``None`` (not measured, never 0). bench/large.py measures the same tree from outside as a subreaper; the two agree
(bench/README.md).
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
try:
    _TICKS = os.sysconf("SC_CLK_TCK")
except (AttributeError, ValueError, OSError):  # not a POSIX system
    _TICKS = 0


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, CPU ticks: own and reaped children's) of a process, None when it is gone or unreadable."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # the name, in brackets, may hold spaces
    return int(fields[1]), sum(int(value) for value in fields[11:15])


def process_tree_cpu_s(root: int | None = None) -> float | None:
    """CPU seconds of ``root`` (this process by default) and all its live descendants, reaped ones included."""
    if not _TICKS or not PROC.is_dir():
        return None
    root = os.getpid() if root is None else root
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            found = _stat(int(entry.name))
            if found is not None:
                parents[int(entry.name)], ticks[int(entry.name)] = found
    if root not in ticks:
        return None
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += ticks.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total / _TICKS
