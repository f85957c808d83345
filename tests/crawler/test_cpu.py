"""crawler/cpu.py: the CPU of a process tree read from /proc, reaped children included."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from ent_audit.crawler.cpu import process_tree_cpu_s

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux's /proc is not here")
BURN = "import time\nend = time.process_time() + {s}\nwhile time.process_time() < end: pass\n{after}"


def test_a_reaped_child_counts():
    before = process_tree_cpu_s()
    subprocess.run([sys.executable, "-c", BURN.format(s=0.3, after="")], check=True)  # run, then reaped by us
    after = process_tree_cpu_s()
    assert before is not None and after is not None
    assert after - before >= 0.25, (before, after)


def test_a_live_grandchild_counts():
    """The browser's renderers are grandchildren: counted while they run, through their parent."""
    code = (
        "import subprocess, sys\n"
        f"subprocess.Popen([sys.executable, '-c', {BURN.format(s=0.3, after='time.sleep(30)')!r}])\n"
        "import time; time.sleep(30)"
    )
    before = process_tree_cpu_s()
    child = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 20
        while (process_tree_cpu_s(child.pid) or 0) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert (process_tree_cpu_s(child.pid) or 0) >= 0.3  # the child's tree: its live child's 0.3 s of work
        assert (process_tree_cpu_s() or 0) - (before or 0) >= 0.3  # and ours, through it
    finally:
        child.kill()
        child.wait()


def test_a_process_that_is_gone_is_not_measured():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert process_tree_cpu_s(child.pid) is None
