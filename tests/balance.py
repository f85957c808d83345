"""Spread the test files over pytest-xdist's workers so that `make test` ends when its longest file does.

`make test` runs whole files on each worker (``--dist loadfile``: a file's module fixtures, a crawl of the demo,
run once). Left to itself xdist sends the files with the most tests first and queues a second file on a worker
before the first is done, so one worker could end up running two five-minute crawls in a row while the others
idle. Here the longest files go first (their durations, measured by a previous run, are in durations.json: the
longest-processing-time rule of schedulers) and a worker gets its next file only when it reaches the last test of
the one before, so the long files do not queue behind each other. The files that share a session-scoped crawl
(``SHARED_CRAWLS``) go to one worker together, so that the crawl is made once in the whole run.

``--store-durations`` rewrites durations.json from the run that has just finished (setup, call and teardown of every
test, summed per file). A file missing from it counts as the median file.

Built on ``LoadFileScheduling``'s internals (``workqueue``, ``assigned_work``, ``_reschedule``): pyproject pins
pytest-xdist below 4, and tests/test_balance.py checks the order it sends.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

DURATIONS = Path(__file__).with_name("durations.json")


# Files that share a session fixture's crawl run on one worker, so that the crawl is made once, not once per
# worker (tests/test_balance.py checks that every file using the fixture is listed)
SHARED_CRAWLS: dict[str, tuple[str, ...]] = {
    "demo_audit": (
        "tests/e2e/test_doctrine_e2e.py",
        "tests/e2e/test_e2e_demo.py",
        "tests/reports/test_formats.py",
        "tests/reports/test_report_self_audit.py",
    ),
}


def file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def unit_of(file: str) -> str:
    """The unit of work a file goes in: its own, or the first file of the group sharing its crawl."""
    for files in SHARED_CRAWLS.values():
        if file in files:
            return files[0]
    return file


def unit_durations(durations: dict[str, float]) -> dict[str, float]:
    """Measured seconds per unit of work (a group: the sum of its files)."""
    units: dict[str, float] = defaultdict(float)
    for file, seconds in durations.items():
        units[unit_of(file)] += seconds
    return dict(units)


def load_durations(path: Path = DURATIONS) -> dict[str, float]:
    try:
        return {str(k): float(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        return {}


def longest_first(files: list[str], durations: dict[str, float]) -> list[str]:
    """``files`` by measured duration, longest first; unknown files count as the median; ties keep their order."""
    default = statistics.median(durations.values()) if durations else 0.0
    return sorted(files, key=lambda f: -durations.get(f, default))


def make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadFileScheduling

    durations = unit_durations(load_durations())

    class LongestFileFirst(LoadFileScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(super()._split_scope(nodeid))

        def _assign_work_unit(self, node: Any) -> None:
            # schedule() fills the queue (files with most tests first), then sends each worker its first file
            # through here: order it once, before anything is sent
            if not getattr(self, "_ordered", False):
                order = longest_first(list(self.workqueue), durations)
                self.workqueue = type(self.workqueue)((scope, self.workqueue[scope]) for scope in order)
                self._ordered = True
            super()._assign_work_unit(node)

        def _reschedule(self, node: Any) -> None:
            # A worker gets its next file only when it reaches the last test it was sent (xdist tops a worker up
            # when two tests remain, which can queue a long file behind another long one). Not later: a worker
            # runs a test only once it knows the next one (pytest's nextitem) or is told to stop, so a worker left
            # with one pending test would wait for ever.
            if not node.shutting_down and self.workqueue and self._pending_of(self.assigned_work[node]) > 1:
                return
            super()._reschedule(node)

    return LongestFileFirst(config, log)


class DurationRecorder:
    """Sums the reported durations per file on the controller and writes them at the end (``--store-durations``)."""

    def __init__(self, path: Path = DURATIONS) -> None:
        self.path = path
        self.seconds: dict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[file_of(report.nodeid)] += report.duration

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if session.testsfailed or not self.seconds:
            return  # a failed run's timings mislead (a test that timed out, a crawl cut short)
        ordered = dict(sorted(((f, round(s, 1)) for f, s in self.seconds.items()), key=lambda kv: -kv[1]))
        self.path.write_text(json.dumps(ordered, indent=1) + "\n", encoding="utf-8")
