"""The spread of test files over xdist's workers (tests/balance.py), driven with stand-in workers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import balance


class Worker:
    """What the scheduler sees of a worker: it is sent test indexes and may be told to shut down. Like xdist's, it
    runs a test only once it knows the next one or has been told to stop (pytest's ``nextitem``)."""

    def __init__(self, name: str) -> None:
        self.gateway = SimpleNamespace(id=name)
        self.sent: list[list[int]] = []
        self.pending: list[int] = []
        self.shutting_down = False

    def send_runtest_some(self, indexes: list[int]) -> None:
        self.sent.append(indexes)
        self.pending += indexes

    def shutdown(self) -> None:
        self.shutting_down = True

    def run(self, sched, tests: int | None = None) -> None:
        """Run up to ``tests`` tests (all it can when None), reporting each to the scheduler as xdist does."""
        while self.pending and (tests is None or tests > 0):
            if len(self.pending) == 1 and not self.shutting_down:
                return  # waits for the next test or for shutdown
            sched.mark_test_complete(self, self.pending.pop(0))
            tests = None if tests is None else tests - 1


COLLECTION = [
    "tests/a.py::t1",
    "tests/a.py::t2",
    "tests/a.py::t3",  # most tests: xdist alone would send it first
    "tests/long.py::t1",
    "tests/longer.py::t1",
    "tests/short.py::t1",
]
DURATIONS = {"tests/a.py": 3.0, "tests/long.py": 200.0, "tests/longer.py": 300.0, "tests/short.py": 1.0}


def scheduler(
    monkeypatch: pytest.MonkeyPatch,
    workers: list[Worker],
    collection: list[str] = COLLECTION,
    durations: dict[str, float] = DURATIONS,
):
    monkeypatch.setattr(balance, "load_durations", lambda: durations)
    config = SimpleNamespace(
        getvalue=lambda name: [f"{len(workers)}*popen"], option=SimpleNamespace(loadscopereorder=True)
    )
    sched = balance.make_scheduler(config, None)
    for worker in workers:
        sched.add_node(worker)
    for worker in workers:
        sched.add_node_collection(worker, collection)
    sched.schedule()
    return sched


def files(worker: Worker, collection: list[str] = COLLECTION) -> list[str]:
    return [balance.file_of(collection[batch[0]]) for batch in worker.sent]


def test_longest_files_go_first_one_at_a_time(monkeypatch):
    one, two = Worker("gw0"), Worker("gw1")
    sched = scheduler(monkeypatch, [one, two])
    # the two longest files first, one to each worker; a one-test file has to come with the next file at once
    assert files(one)[0] == "tests/longer.py" and files(two)[0] == "tests/long.py"
    assert files(one) == ["tests/longer.py", "tests/a.py"] and files(two) == ["tests/long.py", "tests/short.py"]
    assert not sched.workqueue


def test_a_worker_gets_its_next_file_only_at_the_last_test_of_the_one_before(monkeypatch):
    collection = [
        *(f"tests/long.py::t{i}" for i in range(4)),
        *(f"tests/a.py::t{i}" for i in range(4)),
        "tests/b.py::t",
    ]
    one, two = Worker("gw0"), Worker("gw1")
    sched = scheduler(
        monkeypatch, [one, two], collection, {"tests/long.py": 300.0, "tests/a.py": 3.0, "tests/b.py": 1.0}
    )
    assert files(one, collection) == ["tests/long.py"] and files(two, collection) == ["tests/a.py"]
    two.run(sched, 2)  # two of a.py's four tests done: xdist alone would already queue b.py here
    assert files(two, collection) == ["tests/a.py"]
    two.run(sched)  # at a.py's last test, b.py comes, so that the last test can run
    assert files(two, collection) == ["tests/a.py", "tests/b.py"]
    assert files(one, collection) == ["tests/long.py"]
    one.run(sched)
    two.run(sched)
    assert one.shutting_down and two.shutting_down
    one.run(sched)
    two.run(sched)
    assert sched.tests_finished


def test_unknown_files_count_as_the_median():
    order = balance.longest_first(["new.py", "a.py", "b.py", "c.py"], {"a.py": 10, "b.py": 1, "c.py": 5})
    assert order == ["a.py", "new.py", "c.py", "b.py"]


def test_durations_are_summed_per_file_and_not_stored_after_a_failure(tmp_path):
    path = tmp_path / "durations.json"
    recorder = balance.DurationRecorder(path)
    for nodeid, seconds in [("tests/x.py::a", 1.25), ("tests/x.py::b", 2.0), ("tests/y.py::a", 7.0)]:
        recorder.pytest_runtest_logreport(SimpleNamespace(nodeid=nodeid, duration=seconds))
    recorder.pytest_sessionfinish(SimpleNamespace(testsfailed=1))
    assert not path.exists()
    recorder.pytest_sessionfinish(SimpleNamespace(testsfailed=0))
    assert json.loads(path.read_text()) == {"tests/y.py": 7.0, "tests/x.py": 3.2}
    assert list(json.loads(path.read_text())) == ["tests/y.py", "tests/x.py"]


def test_files_sharing_a_session_crawl_are_one_unit_of_work(monkeypatch):
    shared = balance.SHARED_CRAWLS["demo_audit"]
    collection = [f"{shared[1]}::t", "tests/other.py::t", f"{shared[0]}::t1", f"{shared[0]}::t2", f"{shared[3]}::t"]
    one, two = Worker("gw0"), Worker("gw1")
    scheduler(monkeypatch, [one, two], collection, {shared[0]: 60.0, shared[3]: 50.0, "tests/other.py": 100.0})
    # the group (110 s together) goes first, whole, to one worker; the other file to the other
    assert sorted(collection[i] for i in one.pending) == sorted(c for c in collection if "other" not in c)
    assert [collection[i] for i in two.pending] == ["tests/other.py::t"]


def test_every_file_using_a_shared_crawl_is_in_its_group():
    root = Path(__file__).parent
    for fixture, files in balance.SHARED_CRAWLS.items():
        using = re.compile(rf"def test_\w*\([^)]*\b{fixture}\b")
        found = {
            path.relative_to(root.parent).as_posix()
            for path in root.rglob("test_*.py")
            if using.search(path.read_text(encoding="utf-8"))
        }
        assert found == set(files), fixture
