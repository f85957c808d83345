"""The spider also runs the Scrapy way (`scrapy crawl ent`), storing its pages in the history store."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ent_audit.reports.store import Store

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser


def test_scrapy_crawl_ent_measures_a_public_page(tmp_path, demo_ent):
    demo_ent.reset()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "ent",
            "-a",
            f"start_urls={demo_ent.base_url}/aide",
            "-a",
            "max_depth=0",
            "-s",
            "LOG_LEVEL=WARNING",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    store = Store(tmp_path / "ent-audit" / "history.sqlite")
    run_id = store.latest_run_id()
    pages = store.pages(run_id)
    assert [p["url"] for p in pages] == [demo_ent.base_url + "/aide"]
    served = [e for e in demo_ent.entries() if e.sec_fetch_dest]
    # The page is the first of its template: after its measured load it was opened again in the same context
    # (RGESN 6.2) and in a new one at 512 kbit/s (2.3). Those loads are kept apart from the page's own numbers,
    # and everything the server sent is accounted for by the three.
    facts = pages[0]["facts"]
    again, slow = facts["repeat_visit"], facts["low_bandwidth"]
    assert pages[0]["transfer_bytes"] + again["transfer_bytes"] + slow["transfer_bytes"] == sum(
        e.bytes_sent for e in served
    )
    assert pages[0]["request_count"] + again["requests"] + slow["requests"] == len(served)
    assert again["redownloaded"] == [] and again["requests"] == 1  # only the page itself: its assets were cached
    assert store.run(run_id)["status"] == "finished"
