"""One audit at a time per origin and profile (locks beside the history store), and --keep: older runs lose their
page details but keep their summary."""

import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from ent_audit.audits.metrics import ecoindex
from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.crawler.commands import main
from ent_audit.crawler.lock import LockedError, lock_keys, lock_path, origin_key, run_lock
from ent_audit.reports.results import build_results
from ent_audit.reports.store import SCHEMA_VERSION, Store
from tests.conftest import ROOT, run_cli

SITE = "https://ent.example.fr"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config(tmp_path, site, profile="élève", port=None):
    """A config whose start URL is a closed loopback port: an audit that gets past the lock stops at once with
    "cannot reach", without a browser."""
    port = port or closed_port()
    path = tmp_path / f"{abs(hash((site, profile, port)))}.toml"
    path.write_text(
        f'site = "{site}"\nprofile = "{profile}"\nstart_urls = ["http://127.0.0.1:{port}/"]\n', encoding="utf-8"
    )
    return str(path)


def audit(capsys, tmp_path, site, *extra, profile="élève", port=None):
    code = main(
        [
            "audit",
            "--config",
            config(tmp_path, site, profile, port),
            "--out",
            str(tmp_path / "out"),
            "--db",
            str(tmp_path / "db" / "history.sqlite"),
            "--quiet",
            "--lang",
            "en",
            *extra,
        ]
    )
    return code, capsys.readouterr().err


def test_the_lock_key_is_scheme_host_port_and_profile():
    # Default ports, host case, user info, path and query do not count; scheme, host and port do.
    assert (
        origin_key("https://ENT.example.fr/a?ticket=x")
        == origin_key("https://u:p@ent.example.fr:443/b")
        == "https://ent.example.fr:443"
    )
    assert origin_key("http://ent.example.fr") == origin_key("http://ent.example.fr:80/") != origin_key(SITE)
    assert origin_key("https://ent.example.fr:8443/") == "https://ent.example.fr:8443"
    assert origin_key("http://[::1]:8000/x") == "http://[::1]:8000"
    assert lock_keys([SITE + "/a", SITE + ":443/b", "http://127.0.0.1:8001/"], ["parent", "élève", "élève"]) == [
        ("http://127.0.0.1:8001", "parent"),
        ("http://127.0.0.1:8001", "élève"),  # code point order: one order
        ("https://ent.example.fr:443", "parent"),
        ("https://ent.example.fr:443", "élève"),
    ]
    assert lock_keys([SITE], []) == lock_keys([SITE], "") == [("https://ent.example.fr:443", "")]

    db = ROOT / "nowhere" / "history.sqlite"  # paths only: nothing is created
    assert lock_path(db, SITE, "élève") == lock_path(db, SITE + ":443/notes", "élève")
    assert lock_path(db, SITE, "élève").parent == db.parent
    two_ports = {lock_path(db, f"http://127.0.0.1:{port}/", "élève") for port in (8001, 8002)}
    assert len(two_ports) == 2 and lock_path(db, SITE, "élève") != lock_path(db, SITE, "parent")


def test_runs_sharing_an_origin_and_a_profile_exclude_each_other(tmp_path):
    db = tmp_path / "history.sqlite"
    a, b, c = "http://127.0.0.1:8001/", "http://127.0.0.1:8002/", "https://ent.example.fr/"
    with run_lock(db, [a, b + "accueil"], ["élève", "parent"], site="Collège A") as paths:
        assert len(paths) == 4 and all(path.parent == tmp_path for path in paths)
        # Any shared (origin, profile) pair holds a run back: one origin of two, one profile of two.
        with pytest.raises(LockedError) as held:
            with run_lock(db, [b + "?ticket=ST-1"], "parent", site="Collège B"):
                pass
        message = str(held.value)
        assert len(message.splitlines()) == 1 and "ST-1" not in message
        assert message.startswith("another audit of Collège B (http://127.0.0.1:8002, parent) is running (PID ")
        # Nothing shared: another port of the same host, another profile, another host.
        for urls, profile in (([c], "élève"), (["http://127.0.0.1:8003/"], "élève"), ([a], "enseignant")):
            with run_lock(db, urls, profile):
                pass
    with run_lock(db, [b], "parent"):  # all four released
        pass


def test_a_second_run_of_the_same_origin_and_profile_stops_naming_the_site_and_the_pid(tmp_path, capsys):
    db = tmp_path / "db" / "history.sqlite"
    port = closed_port()
    # The lock held by another process, as a running audit holds it.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from crawler.lock import run_lock\n"
            "with run_lock(Path(sys.argv[1]), [sys.argv[2]], 'élève', site='Collège A'):\n"
            "    print('locked', flush=True)\n    time.sleep(60)\n",
            str(db),
            f"http://127.0.0.1:{port}/",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        # The same origin and profile, under the configured name or another: held back.
        for site in ("Collège A", "Collège A bis"):
            code, err = audit(capsys, tmp_path, site, port=port)
            lines = err.strip().splitlines()
            assert code == 3 and len(lines) == 1, err  # the run cannot be done now
            assert f"another audit of {site} (http://127.0.0.1:{port}, élève) is running" in lines[0]
            assert f"PID {holder.pid}" in lines[0] and "--wait" in lines[0]
        # Another port of the same host, or the same origin as another profile, is not held back: it goes on (and
        # stops further).
        for other_port, profile in ((closed_port(), "élève"), (port, "parent")):
            code, err = audit(capsys, tmp_path, "Collège A", profile=profile, port=other_port)
            assert code == 3 and "cannot reach" in err and "another audit" not in err, err
    finally:
        holder.kill()
        holder.wait()
    # The holder gone (killed: no cleanup ran), the kernel released its lock.
    code, err = audit(capsys, tmp_path, "Collège A", port=port)
    assert "cannot reach" in err and "another audit" not in err


def test_the_lock_is_released_after_an_error_and_wait_waits(tmp_path, capsys):
    db = tmp_path / "db" / "history.sqlite"
    port = closed_port()
    url = f"http://127.0.0.1:{port}/"
    code, err = audit(capsys, tmp_path, "Collège A", port=port)
    assert code == 3 and "cannot reach" in err
    with run_lock(db, [url], "élève", site="Collège A"):  # free again, although the audit failed
        with pytest.raises(LockedError, match="Collège A"):
            with run_lock(db, [url], "élève", site="Collège A"):
                pass

    held = threading.Event()

    def hold_for_a_second():
        with run_lock(db, [url], "élève"):
            held.set()
            time.sleep(1.0)

    thread = threading.Thread(target=hold_for_a_second)
    thread.start()
    held.wait(5)
    code, err = audit(capsys, tmp_path, "Collège A", "--wait", port=port)
    thread.join()
    assert "waiting for it to end" in err and "cannot reach" in err, err


# -- summaries and --keep ----------------------------------------------------------------------------------


def page(run_path, size, status=200, critical=0):
    url = SITE + run_path
    violations = [{"rule": "image-alt", "impact": "critical", "nodes": 2}] * critical + [
        {"rule": "color-contrast", "impact": "serious", "nodes": 1}
    ]
    return PageCapture(
        url=url,
        final_url=url,
        status=status,
        mime="text/html",
        title=run_path,
        template=run_path,
        profile="élève",
        dom_elements=300,
        accessibility={"engine": "axe-core 4.11.4", "violations": violations},
        requests=[
            RequestRecord(url=url, resource_type="document", status=status, transfer_bytes=size),
            RequestRecord(url=SITE + "/a.css", resource_type="stylesheet", status=200, transfer_bytes=1000),
        ],
    )


def stored_run(store, site="Collège A", profile="élève", finish=True, size=100_000):
    run_id = store.start_run(start_urls=[SITE + "/"], tool_version="0.1.0", site=site, profile=profile, settings={})
    for capture in (page("/accueil", size, critical=1), page("/notes", size // 2), page("/erreur", 900, 500)):
        eco = (
            ecoindex.compute(capture.dom_elements, capture.request_count, capture.transfer_bytes).to_dict()
            if capture.status == 200
            else None
        )
        store.save_page(run_id, capture, eco)
    if finish:
        store.finish_run(run_id, status="finished", stats={})
    return run_id


def counts(db, run_id):
    raw = sqlite3.connect(db)
    try:
        pages = raw.execute("SELECT count(*) FROM pages WHERE run_id = ?", (run_id,)).fetchone()[0]
        requests = raw.execute(
            "SELECT count(*) FROM requests r JOIN pages p ON p.id = r.page_id WHERE p.run_id = ?", (run_id,)
        ).fetchone()[0]
        orphans = raw.execute("SELECT count(*) FROM requests WHERE page_id NOT IN (SELECT id FROM pages)").fetchone()
    finally:
        raw.close()
    return pages, requests, orphans[0]


def test_the_summary_written_at_finish_matches_results_json(tmp_path):
    with Store(tmp_path / "h.sqlite") as store:
        run_id = stored_run(store)
        summary = store.run(run_id)["summary"]
        results = build_results(store, run_id)["summary"]
    assert summary == {
        "pages": 3,
        "pages_error": 1,
        "mean_ecoindex": results["mean_ecoindex"],
        "total_transfer_bytes": results["total_transfer_bytes"],
        "total_requests": results["total_requests"],
        "violations": {"critical": 1, "serious": 3, "moderate": 0, "minor": 0},
    }
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
        from ent_audit.audits.budget import Budget
        from ent_audit.crawler.runner import budget_outcome

        judged = budget_outcome(
            store, recent[1], build_results(store, recent[1]), Budget("b.toml", {"max_regression_pct": 5.0})
        )
        assert [c.passed for c in judged.checks] == [None] * 3
        assert [f"previous run {recent[0]} was pruned" in c.skipped for c in judged.checks] == [True, True, False]
        assert "page in error" in judged.checks[2].skipped


def test_pruned_run_cannot_be_reported_again(tmp_path, capsys):
    db = tmp_path / "h.sqlite"
    with Store(db) as store:
        first = stored_run(store)
        stored_run(store)
        store.prune("Collège A", "élève", 1)
    assert main(["report", "--run", first, "--db", str(db), "--out", str(tmp_path / "o"), "--lang", "en"]) == 2
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
    assert "1 audit plus ancien élagué (--keep 1)" in second.stderr
    with Store(db) as store:
        older, newer = store.runs()
        assert older["pruned_at"] and store.pages(older["id"]) == [] and older["summary"]["pages"] == 2
        assert not newer["pruned_at"] and len(store.pages(newer["id"])) == 2
        assert newer["summary"]["total_transfer_bytes"] == sum(p["transfer_bytes"] for p in store.pages(newer["id"]))
