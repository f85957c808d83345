"""SIGKILL and --resume, five times over (issue 9's acceptance): a 100-page audit of the demo ENT is killed (the
whole process group: Python, Playwright's driver; Chromium, in its own session, ends with its pipe) at a random
moment, resumed with the same arguments, killed again… five times, then the last resume finishes. The run ends
with every page exactly once: 100 pages, all URLs distinct, every page reachable from the start URL present, and a
complete, valid results.json.

Each kill comes after a random number (1–15) of newly stored pages plus a random delay, from a seeded generator
(ENT_AUDIT_RESUME_SEED to try another sequence); one kill of the five falls during a resume's start-up (login,
store), before it stored anything."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from ent_audit.crawler.config import Config
from ent_audit.crawler.runner import AuditError, resumable_run
from ent_audit.crawler.safety import Scope
from ent_audit.crawler.urls import redact_url
from ent_audit.demo_ent.options import BLOG_PAGE_SIZE
from ent_audit.demo_ent.server import DemoENT
from ent_audit.reports.results import validate_results
from ent_audit.reports.store import Store
from tests.conftest import CREDENTIALS, ENT_AUDIT, ROOT, login_config

PAGES = 100
# 20 pages besides the blog + 76 posts + 4 pages of the post list = 100 pages in scope, once the calendar's other
# months (an endless series) are denied: the whole site fits the budget, so the expected pages do not depend on
# the order in which they were found.
BLOG_POSTS = 76
OTHER_PAGES = 20
KILLS = 5
SEED = int(os.environ.get("ENT_AUDIT_RESUME_SEED", "20261130"))
DENY = r"/calendar/calendar\?month="
MAX_DEPTH = 60


def stored_pages(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is being created
        return 0


def stored_rows(db: Path) -> tuple[str, list[tuple[int, str]]]:
    """The run's status and its pages as (id, url), in store order, read once the killed run is gone."""
    if not db.exists():
        return "", []
    with Store(db) as store:
        run_id = store.latest_run_id()
        if run_id is None:
            return "", []
        return store.run(run_id)["status"], [(p["id"], p["url"]) for p in store.pages(run_id)]


def processes_marked(mark: str) -> list[int]:
    """PIDs of the processes this test started (the audit and everything it spawned carry the marker)."""
    needle = f"ENT_AUDIT_TEST_MARK={mark}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if needle in Path(f"/proc/{entry}/environ").read_bytes():
                    found.append(int(entry))
            except OSError:
                pass
    return found


def kill_run(process: subprocess.Popen, mark: str) -> None:
    """SIGKILL to the run's process group, then wait (bounded) for the browser to go with its pipe."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 15
    while processes_marked(mark) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = processes_marked(mark)
    for pid in left:  # ours: they carry this test's marker
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert not left, f"processes of the killed run still alive 15 s after SIGKILL: {left}"


def wait_for(condition, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the audit ended on its own (exit {process.returncode}) before the kill"
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.1)


@pytest.mark.browser
def test_five_sigkills_then_resume_audit_every_page_exactly_once(tmp_path):
    started = time.monotonic()
    rng = random.Random(SEED)
    early_kill = rng.randrange(1, KILLS)  # this resume is killed during its start-up
    with DemoENT(blog_posts=BLOG_POSTS).start() as ent:
        config = login_config(
            ent,
            tmp_path / "ent.toml",
            f'[crawl]\nmax_per_template = 0\ndeny = ["{DENY.replace(chr(92), chr(92) * 2)}"]\n',
        )
        db, out = tmp_path / "history.sqlite", tmp_path / "out"
        args = [
            *ENT_AUDIT,
            "audit",
            ent.base_url + "/",
            "--config",
            str(config),
            "--out",
            str(out),
            "--db",
            str(db),
            "--max-pages",
            str(PAGES),
            "--max-depth",
            str(MAX_DEPTH),
            "--concurrency",
            "2",
            "--sample-pages",
            "0",
            "--lighthouse",
            "0",
            "--quiet",
        ]
        mark = uuid.uuid4().hex
        env = {**os.environ, "PYTHONPATH": str(ROOT), **CREDENTIALS, "ENT_AUDIT_TEST_MARK": mark}
        timeline = []
        snapshots = []  # (status, pages) after each kill
        for attempt in range(KILLS + 1):
            command = args + (["--resume"] if attempt else [])
            log = open(tmp_path / f"attempt-{attempt}.log", "w", encoding="utf-8")
            process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True, stdout=log, stderr=log)
            before = stored_pages(db)
            try:
                if attempt == KILLS:
                    assert process.wait(timeout=900) == 0, (tmp_path / f"attempt-{attempt}.log").read_text()
                    timeline.append((attempt, before, stored_pages(db), "finished"))
                    break
                if attempt == early_kill:
                    time.sleep(rng.uniform(0.5, 3.0))
                else:
                    target = before + rng.randint(1, 15)  # at least one page of its own stored, up to 15
                    wait_for(lambda target=target: stored_pages(db) >= target, process)
                    time.sleep(rng.uniform(0.0, 3.0))  # then any moment: a page loading, being stored…
                assert process.poll() is None, "the audit ended on its own before the kill"
                kill_run(process, mark)
                timeline.append((attempt, before, stored_pages(db), "killed"))
                snapshots.append(stored_rows(db))
            finally:
                if process.poll() is None:
                    kill_run(process, mark)
                log.close()
        log_text = "\n".join(f"attempt {a}: {b} → {c} pages stored, {how}" for a, b, c, how in timeline)
        print(f"{log_text}\n{time.monotonic() - started:.0f} s in all")
        assert sum(1 for *_, how in timeline if how == "killed") == KILLS, log_text
        assert timeline[KILLS - 1][2] < PAGES, log_text  # the last kill still interrupted the crawl

    with Store(db) as store:
        runs = store.runs()
        assert len(runs) == 1, [r["id"] for r in runs]  # every resume continued the same run
        run_id = runs[0]["id"]
        assert store.run(run_id)["status"] == "finished"
        pages = store.pages(run_id)
    urls = [p["url"] for p in pages]
    final = [(p["id"], p["url"]) for p in pages]
    assert len(snapshots) == KILLS and any(rows for _, rows in snapshots)
    for status, before_kill in snapshots:
        # a killed run stays open for --resume, and what it stored keeps its ids and order
        assert status in ("running", ""), status
        assert final[: len(before_kill)] == before_kill
    assert len(urls) == len(set(urls)) == PAGES, sorted(u for u in urls if urls.count(u) > 1)
    assert not [(p["url"], p["error"]) for p in pages if p["error"] or p["status"] != 200]
    base = ent.base_url
    paths = {u[len(base) :] for u in urls}
    assert {f"/blog/post/{n}" for n in range(1, BLOG_POSTS + 1)} <= paths
    list_pages = -(-BLOG_POSTS // BLOG_PAGE_SIZE)
    assert {f"/blog?page={n}" for n in range(1, list_pages + 1)} <= paths
    assert len(paths) == OTHER_PAGES + BLOG_POSTS + list_pages
    # Every page reachable from the start URL is there: each link of each stored page, as the crawl follows it.
    scope = Scope.for_start_urls([base + "/"], [DENY])
    missing = {scope.follow(link) for p in pages if p["depth"] < MAX_DEPTH for link in p["links"]} - {None, *urls}
    assert not missing, sorted(missing)

    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    validate_results(results)
    assert results["run"]["id"] == run_id and results["run"]["status"] == "finished"
    assert results["summary"]["pages"] == PAGES
    assert sorted(p["url"] for p in results["pages"]) == sorted(urls)


def test_resume_of_a_finished_run_names_the_command_that_writes_its_outputs(tmp_path):
    """Killed after its crawl (the run is finished) but before its outputs were written: --resume says what to do."""
    config = Config(start_urls=["http://127.0.0.1:1/?ticket=ST-1-abc"])
    with Store(tmp_path / "history.sqlite") as store:
        with pytest.raises(AuditError, match="no interrupted run"):
            resumable_run(store, config)
        run_id = store.start_run(
            start_urls=[redact_url(u) for u in config.start_urls],
            tool_version="test",
            site="s",
            profile="p",
            settings={},
        )
        assert resumable_run(store, config) == run_id
        store.finish_run(run_id, status="finished", stats={})
        with pytest.raises(AuditError, match=f"ent-audit report --run {run_id} --db "):
            resumable_run(store, config)
