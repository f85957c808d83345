"""One audit at a time per site and profile (a lock beside the history store), and --keep: older runs lose their
page details but keep their summary."""
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from audits import ecoindex
from audits.model import PageCapture, RequestRecord
from crawler.cli import main
from crawler.lock import LockedError, lock_path, run_lock
from reports.exports import build_results
from reports.store import SCHEMA_VERSION, Store
from tests.conftest import ROOT, run_cli

SITE = "https://ent.example.fr"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config(tmp_path, site, profile="élève"):
    """A config whose start URL is a closed loopback port: an audit that gets past the lock stops at once with
    "cannot reach", without a browser."""
    path = tmp_path / f"{abs(hash(site))}.toml"
    path.write_text(f'site = "{site}"\nprofile = "{profile}"\nstart_urls = ["http://127.0.0.1:{closed_port()}/"]\n',
                    encoding="utf-8")
    return str(path)


def audit(capsys, tmp_path, site, *extra, profile="élève"):
    code = main(["audit", "--config", config(tmp_path, site, profile), "--out", str(tmp_path / "out"),
                 "--db", str(tmp_path / "db" / "history.sqlite"), "--quiet", *extra])
    return code, capsys.readouterr().err


def test_a_second_run_of_the_same_site_and_profile_stops_naming_the_site_and_the_pid(tmp_path, capsys):
    db = tmp_path / "db" / "history.sqlite"
    # The lock held by another process, as a running audit holds it.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from crawler.lock import run_lock\n"
         "with run_lock(Path(sys.argv[1]), 'Collège A', 'élève'):\n    print('locked', flush=True)\n"
         "    time.sleep(60)\n", str(db)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert lock_path(db, "Collège A", "élève").parent == db.parent
        code, err = audit(capsys, tmp_path, "Collège A")
        lines = err.strip().splitlines()
        assert code == 2 and len(lines) == 1, err
        assert "another audit of Collège A (élève) is running" in lines[0] and f"PID {holder.pid}" in lines[0]
        assert "--wait" in lines[0]
        # Another site, or the same site as another profile, is not held back: it goes on (and stops further).
        for site, profile in (("Collège B", "élève"), ("Collège A", "parent")):
            code, err = audit(capsys, tmp_path, site, profile=profile)
            assert code == 2 and "cannot reach" in err and "another audit" not in err, err
    finally:
        holder.kill()
        holder.wait()
    # The holder gone (killed: no cleanup ran), the kernel released its lock.
    code, err = audit(capsys, tmp_path, "Collège A")
    assert "cannot reach" in err and "another audit" not in err


def test_the_lock_is_released_after_an_error_and_wait_waits(tmp_path, capsys):
    db = tmp_path / "db" / "history.sqlite"
    code, err = audit(capsys, tmp_path, "Collège A")
    assert code == 2 and "cannot reach" in err
    with run_lock(db, "Collège A", "élève"):  # free again, although the audit failed
        with pytest.raises(LockedError, match="Collège A"):
            with run_lock(db, "Collège A", "élève"):
                pass

    held = threading.Event()

    def hold_for_a_second():
        with run_lock(db, "Collège A", "élève"):
            held.set()
            time.sleep(1.0)

    thread = threading.Thread(target=hold_for_a_second)
    thread.start()
    held.wait(5)
    started = time.monotonic()
    code, err = audit(capsys, tmp_path, "Collège A", "--wait")
    waited = time.monotonic() - started
    thread.join()
    assert "waiting for it to end" in err and "cannot reach" in err, err
    assert waited >= 0.5


# -- summaries and --keep ----------------------------------------------------------------------------------

def page(run_path, size, status=200, critical=0):
    url = SITE + run_path
    violations = [{"rule": "image-alt", "impact": "critical", "nodes": 2}] * critical + \
        [{"rule": "color-contrast", "impact": "serious", "nodes": 1}]
    return PageCapture(url=url, final_url=url, status=status, mime="text/html", title=run_path, template=run_path,
                       profile="élève", dom_elements=300,
                       accessibility={"engine": "axe-core 4.11.4", "violations": violations},
                       requests=[RequestRecord(url=url, resource_type="document", status=status, transfer_bytes=size),
                                 RequestRecord(url=SITE + "/a.css", resource_type="stylesheet", status=200,
                                               transfer_bytes=1000)])


def stored_run(store, site="Collège A", profile="élève", finish=True, size=100_000):
    run_id = store.start_run(start_urls=[SITE + "/"], tool_version="0.1.0", site=site, profile=profile, settings={})
    for capture in (page("/accueil", size, critical=1), page("/notes", size // 2), page("/erreur", 900, 500)):
        eco = ecoindex.compute(capture.dom_elements, capture.request_count, capture.transfer_bytes).to_dict() \
            if capture.status == 200 else None
        store.save_page(run_id, capture, eco)
    if finish:
        store.finish_run(run_id, status="finished", stats={})
    return run_id


def counts(db, run_id):
    raw = sqlite3.connect(db)
    try:
        pages = raw.execute("SELECT count(*) FROM pages WHERE run_id = ?", (run_id,)).fetchone()[0]
        requests = raw.execute("SELECT count(*) FROM requests r JOIN pages p ON p.id = r.page_id"
                               " WHERE p.run_id = ?", (run_id,)).fetchone()[0]
        orphans = raw.execute("SELECT count(*) FROM requests WHERE page_id NOT IN (SELECT id FROM pages)").fetchone()
    finally:
        raw.close()
    return pages, requests, orphans[0]


def test_the_summary_written_at_finish_matches_results_json(tmp_path):
    with Store(tmp_path / "h.sqlite") as store:
        run_id = stored_run(store)
        summary = store.run(run_id)["summary"]
        results = build_results(store, run_id)["summary"]
    assert summary == {"pages": 3, "pages_error": 1, "mean_ecoindex": results["mean_ecoindex"],
                       "total_transfer_bytes": results["total_transfer_bytes"],
                       "total_requests": results["total_requests"],
                       "violations": {"critical": 1, "serious": 3, "moderate": 0, "minor": 0}}
    assert summary["total_transfer_bytes"] == 100_000 + 50_000 + 900 + 3 * 1000


def test_prune_keeps_summaries_and_deletes_details_of_older_runs_of_the_same_site_and_profile(tmp_path):
    db = tmp_path / "h.sqlite"
    with Store(db) as store:
        crashed = stored_run(store, finish=False)  # never finished: no summary yet
        old = [crashed] + [stored_run(store, size=100_000 + i) for i in range(3)]
        other_profile = stored_run(store, profile="parent")
        other_site = stored_run(store, site="Collège B")
        recent = [stored_run(store), stored_run(store)]
        summaries = {run_id: store.run(run_id)["summary"] for run_id in old + recent}
        assert summaries[crashed] is None

        assert store.prune("Collège A", "élève", 2) == old  # oldest first
        for run_id in old:
            run = store.run(run_id)
            assert store.pages(run_id) == [] and counts(db, run_id) == (0, 0, 0)
            assert run["pruned_at"] and run["status"] in ("finished", "running")
            if run_id != crashed:
                assert run["summary"] == summaries[run_id]  # kept as it was
        assert store.run(crashed)["summary"]["pages"] == 3  # made from its pages before they went
        for run_id in recent + [other_profile, other_site]:
            assert counts(db, run_id)[:2] == (3, 6) and not store.run(run_id)["pruned_at"]
        assert store.prune("Collège A", "élève", 2) == []  # nothing more to do
        assert store.prune("Collège A", "élève", 1) == [recent[0]]
        with pytest.raises(ValueError):
            store.prune("Collège A", "élève", 0)
        # The previous run of a regression budget is the latest finished one before; pruned, it is named as such.
        assert store.previous_run_id(recent[1]) == recent[0]
        assert store.previous_run_id(old[1]) is None  # the crashed run before it never finished
        from audits.budget import Budget
        from crawler.runner import budget_outcome
        judged = budget_outcome(store, recent[1], build_results(store, recent[1]),
                                Budget("b.toml", {"max_regression_pct": 5.0}))
        assert [c.passed for c in judged.checks] == [None] * 3
        assert [f"previous run {recent[0]} was pruned" in c.skipped for c in judged.checks] == [True, True, False]
        assert "page in error" in judged.checks[2].skipped


def test_pruned_run_cannot_be_reported_again(tmp_path, capsys):
    db = tmp_path / "h.sqlite"
    with Store(db) as store:
        first = stored_run(store)
        stored_run(store)
        store.prune("Collège A", "élève", 1)
    assert main(["report", "--run", first, "--db", str(db), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"run {first} was pruned by --keep" in err and len(err.strip().splitlines()) == 1


def test_an_older_store_is_migrated(tmp_path):
    db = tmp_path / "h.sqlite"
    with Store(db) as store:
        run_id = stored_run(store)
    raw = sqlite3.connect(db)  # back to the version 3 layout: no summary nor pruned_at column
    raw.execute("ALTER TABLE runs DROP COLUMN summary")
    raw.execute("ALTER TABLE runs DROP COLUMN pruned_at")
    raw.execute("PRAGMA user_version=3")
    raw.commit()
    raw.close()
    with Store(db) as store:
        run = store.run(run_id)
        assert run["summary"] is None and run["pruned_at"] is None and len(store.pages(run_id)) == 3
        newer = stored_run(store)
        assert store.prune("Collège A", "élève", 1) == [run_id]
        assert store.run(run_id)["summary"]["pages"] == 3 and store.run(newer)["summary"]["pages"] == 3
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    raw.close()


@pytest.mark.browser
def test_demo_with_keep_prunes_the_previous_run(tmp_path):
    db = tmp_path / "history.sqlite"
    args = ("--db", str(db), "--max-pages", "2", "--sample-pages", "0", "--lighthouse", "0", "--quiet")
    first = run_cli("demo", "--out", str(tmp_path / "one"), *args, "--keep", "1")
    assert first.returncode == 0 and "pruned" not in first.stderr, first.stderr[-2000:]
    second = run_cli("demo", "--out", str(tmp_path / "two"), *args, "--keep", "1")
    assert second.returncode == 0, second.stderr[-2000:]
    assert "1 older run pruned (--keep 1)" in second.stderr
    with Store(db) as store:
        older, newer = store.runs()
        assert older["pruned_at"] and store.pages(older["id"]) == [] and older["summary"]["pages"] == 2
        assert not newer["pruned_at"] and len(store.pages(newer["id"])) == 2
        assert newer["summary"]["total_transfer_bytes"] == sum(p["transfer_bytes"] for p in store.pages(newer["id"]))
