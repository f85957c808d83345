"""The spread of test files over xdist's workers (tests/balance.py), driven with stand-in workers."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tests import balance


class Worker:
    """What the scheduler sees of a worker: it is sent test indexes and may be told to shut down."""

    def __init__(self, name: str) -> None:
        self.gateway = SimpleNamespace(id=name)
        self.sent: list[list[int]] = []
        self.shutting_down = False

    def send_runtest_some(self, indexes: list[int]) -> None:
        self.sent.append(indexes)

    def shutdown(self) -> None:
        self.shutting_down = True


COLLECTION = [
    "tests/a.py::t1",
    "tests/a.py::t2",
    "tests/a.py::t3",  # most tests: xdist alone would send it first
    "tests/long.py::t1",
    "tests/longer.py::t1",
    "tests/short.py::t1",
]
DURATIONS = {"tests/a.py": 3.0, "tests/long.py": 200.0, "tests/longer.py": 300.0, "tests/short.py": 1.0}


def scheduler(monkeypatch: pytest.MonkeyPatch, workers: list[Worker]):
    monkeypatch.setattr(balance, "load_durations", lambda: DURATIONS)
    config = SimpleNamespace(
        getvalue=lambda name: [f"{len(workers)}*popen"], option=SimpleNamespace(loadscopereorder=True)
    )
    sched = balance.make_scheduler(config, None)
    for worker in workers:
        sched.add_node(worker)
    for worker in workers:
        sched.add_node_collection(worker, COLLECTION)
    sched.schedule()
    return sched


def files(worker: Worker) -> list[str]:
    return [balance.file_of(COLLECTION[batch[0]]) for batch in worker.sent]


def complete(sched, worker: Worker) -> None:
    for index in worker.sent[-1]:
        sched.mark_test_complete(worker, index)


def test_longest_files_go_first_one_at_a_time(monkeypatch):
    one, two = Worker("gw0"), Worker("gw1")
    sched = scheduler(monkeypatch, [one, two])
    # each worker gets one file, the two longest, and nothing queued behind it
    assert files(one) == ["tests/longer.py"] and files(two) == ["tests/long.py"]
    complete(sched, two)
    assert files(two) == ["tests/long.py", "tests/a.py"]  # then the next longest, to whoever is free
    assert files(one) == ["tests/longer.py"]
    sched.mark_test_complete(two, two.sent[-1][0])  # one of a.py's three tests done: no new file yet
    assert files(two) == ["tests/long.py", "tests/a.py"]
    for index in two.sent[-1][1:]:
        sched.mark_test_complete(two, index)
    assert files(two) == ["tests/long.py", "tests/a.py", "tests/short.py"]
    complete(sched, two)
    complete(sched, one)
    assert one.shutting_down and two.shutting_down and sched.tests_finished


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
