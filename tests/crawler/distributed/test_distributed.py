"""Distributed mode (issue 10): the PostgreSQL store answers as the SQLite one, and one crawl spread over a
coordinator and two `ent-audit worker` processes sharing a real Redis frontier and a real PostgreSQL store audits
every page once and gives the numbers of a single-process SQLite audit.

The servers are real: `redis-server` and Debian's PostgreSQL (`initdb` + `pg_ctl`, run as the `postgres` user when
the tests run as root), each on a free loopback port in a temporary directory, stopped at the end. The tests are
skipped, with the reason, only when those binaries are missing (`make setup` installs them).
"""

from __future__ import annotations

import glob
import itertools
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import CREDENTIALS, ENT_AUDIT, ROOT, login_config, run_cli
from tests.reports.test_store import make_capture, start

SECRET = "s3cret-Pw"  # a password in the store's URL (trust authentication ignores it): never shown nor written


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(os.path.join(directory, name), os.X_OK):
            return os.path.join(directory, name)
    return None


@pytest.fixture(scope="session")
def redis_url():
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; `make setup` does it)")
    pytest.importorskip("redis", reason="the [distributed] extra is not installed (pip install -e '.[test]')")
    import redis

    work = tempfile.mkdtemp(prefix="ent-audit-redis-")
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", work],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("redis-server did not start")
    yield url
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(work, ignore_errors=True)


class Postgres:
    """A throwaway PostgreSQL cluster on a loopback port; ``database()`` creates a fresh database."""

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            pytest.skip(
                "PostgreSQL's initdb/pg_ctl are not installed (apt-get install postgresql; `make setup` does it)"
            )
        pytest.importorskip("psycopg", reason="the [distributed] extra is not installed (pip install -e '.[test]')")
        self.work = tempfile.mkdtemp(prefix="ent-audit-pg-")
        self.data = os.path.join(self.work, "data")
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres system user
            try:
                entry = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no postgres system user to own the test cluster")
            os.chmod(self.work, 0o755)
            os.chown(self.work, entry.pw_uid, entry.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run(self.initdb, "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        options = f"-p {self.port} -k {self.work} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(self.pg_ctl, "-D", self.data, "-o", options, "-l", os.path.join(self.work, "log"), "-w", "start")
        self._names = itertools.count(1)

    def _run(self, *command: str) -> None:
        done = subprocess.run([*self.as_user, *command], capture_output=True, text=True, timeout=120)
        if done.returncode:
            pytest.fail(f"{command[0]} failed: {done.stderr[-2000:]}")

    def database(self, password: str = "") -> str:
        import psycopg

        name = f"entaudit{next(self._names)}"
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        user = f"postgres:{password}" if password else "postgres"
        return f"postgresql://{user}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, self.pg_ctl, "-D", self.data, "-m", "immediate", "stop"], capture_output=True, timeout=60
        )
        shutil.rmtree(self.work, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres():
    server = Postgres()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request, tmp_path):
    """The same store tests on both backends."""
    if request.param == "sqlite":
        return str(tmp_path / "history.sqlite")
    return request.getfixturevalue("postgres").database()


# -- the store on both backends ------------------------------------------------------------------------------------


def test_store_round_trip_on_both_backends(store_target):
    from ent_audit.audits.metrics import ecoindex
    from ent_audit.reports.store import Store

    with Store(store_target) as store:
        assert store.dialect == ("postgresql" if store_target.startswith("postgresql") else "sqlite")
        assert store.latest_run_id() is None and store.runs() == []
        run_id = start(store)
        capture = make_capture()
        capture.accessibility = {
            "violations": [
                {
                    "rule": "image-alt",
                    "impact": "critical",
                    "rgaa": ["1.1"],
                    "wcag": ["1.1.1"],
                    "nodes": 2,
                    "targets": ["img.logo"],
                }
            ]
        }
        eco = ecoindex.compute(capture.dom_elements, capture.request_count, capture.transfer_bytes).to_dict()
        findings = [{"ref": "RGESN-6.3", "verdict": "pass", "evidence": []}]
        page_id = store.save_page(run_id, capture, eco, findings, worker="w1")
        assert isinstance(page_id, int)
        [page] = store.pages(run_id)
        assert page["id"] == page_id and page["worker"] == "w1"
        assert page["ecoindex"] == eco and page["ecoindex_ghg_g"] == eco["ghg_g"]  # 8-byte floats on both
        assert page["findings"] == findings and page["accessibility"] == capture.accessibility
        assert page["requests"][0]["is_redirect"] is True and page["requests"][2]["third_party"] is True
        assert store.captures(run_id) == [capture]
        assert store.has_page(run_id, capture.url, "élève") and not store.has_page(run_id, capture.url, "parent")
        store.set_run_facts(run_id, {"login": {"ok": True}})
        store.set_page_lighthouse(page_id, {"categories": {"performance": 0.9}})
        store.finish_run(run_id, status="finished", stats={"ent_audit/pages": 1})
        second = start(store)
        assert [r["id"] for r in store.runs()] == [run_id, second] and store.latest_run_id() == second
        assert store.previous_run_id(second) == run_id and store.previous_run_id(run_id) is None
        run = store.run(run_id)
        assert run["status"] == "finished" and run["facts"] == {"login": {"ok": True}} and "seq" not in run
        assert run["summary"]["pages"] == 1 and store.pages(run_id)[0]["lighthouse"]["categories"]
        with pytest.raises(store.errors):  # foreign key: no page of an unknown run
            store.save_page("no-such-run", make_capture(), None)
        with pytest.raises(KeyError):
            store.run("no-such-run")
        assert store.prune("ENT démo", "élève", 1) == [run_id] and store.pages(run_id) == []
    with Store(store_target) as again:  # opening an existing store again: schema kept, no error
        assert len(again.runs()) == 2


def test_postgresql_gives_the_results_of_sqlite(postgres, tmp_path):
    """The same run written in both stores: build_results (unchanged) gives the same document."""
    from ent_audit.reports.results import build_results
    from ent_audit.reports.store import Store

    documents = []
    for target in (str(tmp_path / "h.sqlite"), postgres.database()):
        with Store(target) as store:
            run_id = start(store)
            for url in ("https://ent.example.fr/eleve/accueil", "https://ent.example.fr/eleve/notes"):
                store.save_page(run_id, make_capture(url), None)
            store.finish_run(run_id, status="finished", stats={"ent_audit/pages": 2})
            results = build_results(store, run_id)
        text = json.dumps(results, sort_keys=True)
        documents.append(re.sub(r"\d{8}T\d{6}Z-[0-9a-f]{6}|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "X", text))
    assert documents[0] == documents[1]


def test_postgresql_password_is_never_shown(postgres):
    from ent_audit.reports.store import Store, redact_db_url

    url = postgres.database(password=SECRET)
    with Store(url) as store:
        assert SECRET not in store.path and store.path == redact_db_url(url) and ":***@" in store.path
    wrong = url.replace(f":{postgres.port}/", f":{_free_port()}/")  # nothing listens there
    with pytest.raises(RuntimeError) as error:
        Store(wrong)
    assert SECRET not in str(error.value)
    done = run_cli("runs", "--db", wrong)
    assert done.returncode == 2 and SECRET not in done.stderr + done.stdout and "***" in done.stderr


# -- one crawl, a coordinator and two workers -----------------------------------------------------------------------


def _wait_for(path: Path, pattern: str, process: subprocess.Popen, timeout: float = 120) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.search(pattern, path.read_text(encoding="utf-8", errors="replace") if path.exists() else "")
        if match:
            return match
        if process.poll() is not None:
            pytest.fail(f"the coordinator exited ({process.returncode}): {path.read_text()[-3000:]}")
        time.sleep(0.2)
    pytest.fail(f"no run id from the coordinator within {timeout} s")


@pytest.mark.browser
def test_coordinator_and_two_workers_audit_each_page_once(make_ent, tmp_path, postgres, redis_url):
    from ent_audit.reports.results import validate_results
    from ent_audit.reports.store import Store

    ent = make_ent()
    config = login_config(ent, tmp_path / "ent.toml")
    limits = ["--max-pages", "30", "--max-depth", "1"]  # the portal and its links: 13 pages, both workers busy
    env = {**os.environ, **CREDENTIALS, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(tmp_path / "data")}

    # The reference: a plain single-process audit into SQLite.
    single = run_cli(
        "audit",
        ent.base_url + "/",
        "--config",
        str(config),
        "--out",
        str(tmp_path / "single"),
        "--db",
        str(tmp_path / "single.sqlite"),
        "--quiet",
        *limits,
        env=env,
    )
    assert single.returncode == 0, single.stderr[-3000:]
    reference = json.loads((tmp_path / "single" / "results.json").read_text(encoding="utf-8"))

    # The same crawl: a coordinator (no crawling of its own) and two workers, one Redis, one PostgreSQL.
    db = postgres.database(password=SECRET)
    log = tmp_path / "coordinator.log"
    with log.open("w") as stderr:
        coordinator = subprocess.Popen(
            [
                *ENT_AUDIT,
                "audit",
                ent.base_url + "/",
                "--config",
                str(config),
                "--out",
                str(tmp_path / "dist"),
                "--db",
                db,
                "--redis",
                redis_url,
                "--workers",
                "0",
                "--idle",
                "3",
                "--sample-pages",
                "0",
                "--lighthouse",
                "0",
                "--quiet",
                *limits,
            ],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=env,
            cwd=ROOT,
        )
        run_id = _wait_for(log, r"run (\S+) \(", coordinator).group(1)
        workers = [
            subprocess.Popen(
                [
                    *ENT_AUDIT,
                    "worker",
                    "--run",
                    run_id,
                    "--config",
                    str(config),
                    "--db",
                    db,
                    "--redis",
                    redis_url,
                    "--idle",
                    "3",
                    "--quiet",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                cwd=ROOT,
            )
            for _ in range(2)
        ]
        outputs = [worker.communicate(timeout=600) for worker in workers]
        stdout, _ = coordinator.communicate(timeout=300)
    coordinator_log = log.read_text(encoding="utf-8")
    for worker, (_, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err[-3000:]
    assert coordinator.returncode == 0, coordinator_log[-3000:]
    assert stdout.strip().endswith("report.html")

    results = json.loads((tmp_path / "dist" / "results.json").read_text(encoding="utf-8"))
    validate_results(results)
    assert results["run"]["id"] == run_id and results["run"]["status"] == "finished"

    with Store(db) as store:
        pages = store.pages(run_id)
    urls = [(page["url"], page["profile"]) for page in pages]
    assert len(urls) == len(set(urls)), "a page was audited twice"
    by_worker: dict[str, int] = {}
    for page in pages:
        by_worker[page["worker"]] = by_worker.get(page["worker"], 0) + 1
    assert len(by_worker) == 2 and all(by_worker.values()) and "" not in by_worker, by_worker
    # Complete: every page the shared frontier admitted is in the results, and only those.
    admitted = (
        sum(template["audited"] for template in results["run"]["crawl"]["templates"])
        if "crawl" in results["run"]
        else None
    )
    if admitted is None:
        admitted = sum(template["audited"] for template in results["crawl"]["templates"])
    assert len(results["pages"]) == len(pages) == admitted

    # The numbers of the single-process audit: same pages, same bytes, same requests, same EcoIndex.
    def by_url(document: dict) -> dict:
        return {page["url"].replace(ent.base_url, ""): page for page in document["pages"]}

    # Every response identical, byte for byte. (Chromium's own request for the demo's missing /favicon.ico, made
    # once per browser for the first page naming no icon, hence in each worker for a different page, is set aside
    # by the measure: it used to make /vie-scolaire/widget differ by chance.)
    def measured(page: dict) -> tuple:
        kept = sorted((r["url"].replace(ent.base_url, ""), r["status"], r["transfer_bytes"]) for r in page["resources"])
        return (
            page["status"],
            page["template"],
            page["dom_elements"],
            kept,
            page["transfer_bytes"],
            page["requests"],
            page["ecoindex"],
        )

    mine, theirs = by_url(results), by_url(reference)
    assert sorted(mine) == sorted(theirs)
    for url, page in mine.items():
        assert measured(page) == measured(theirs[url]), url
    for key in ("pages", "pages_ok", "pages_error"):
        assert results["summary"][key] == reference["summary"][key], key

    # The store's password appears nowhere: not in what the processes printed, nor in any output file.
    printed = coordinator_log + stdout + "".join(out + err for out, err in outputs)
    assert SECRET not in printed
    for path in (tmp_path / "dist").rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.browser
def test_distributed_flags_fail_in_one_line(tmp_path):
    """--workers without --redis, and an unreachable Redis (its password redacted), stop before any login: exit 2."""
    lone = run_cli("audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "o"), "--workers", "2")
    assert lone.returncode == 2 and "--redis" in lone.stderr and len(lone.stderr.strip().splitlines()) == 1
    down = run_cli(
        "audit",
        "http://127.0.0.1:9/",
        "--out",
        str(tmp_path / "o"),
        "--db",
        str(tmp_path / "h.sqlite"),
        "--redis",
        f"redis://user:{SECRET}@127.0.0.1:{_free_port()}/0",
    )
    assert down.returncode == 2 and "cannot reach Redis" in down.stderr and SECRET not in down.stderr
    assert not (tmp_path / "h.sqlite").exists()  # no run opened


@pytest.mark.browser  # a worker run (stopped before its browser starts)
def test_worker_without_axe_stops_in_one_line(tmp_path, redis_url):
    """A worker checks the engines its pages need (the run's settings: axe-core on) before logging in: exit 3."""
    from ent_audit.crawler.config import Config
    from ent_audit.reports.store import Store

    store = Store(tmp_path / "h.sqlite")
    run_id = store.start_run(
        start_urls=["http://127.0.0.1:9/"], tool_version="0", site="s", profile="p", settings=Config().to_dict()
    )
    store.close()
    done = run_cli(
        "worker",
        "--run",
        run_id,
        "--db",
        str(tmp_path / "h.sqlite"),
        "--redis",
        redis_url,
        "--lang",
        "en",
        env={"ENT_AUDIT_AXE_PATH": str(tmp_path / "axe.min.js")},
    )
    assert done.returncode == 3, done.stderr[-2000:]
    assert done.stderr.startswith("ent-audit: error: axe-core not found at ") and done.stderr.count("\n") == 1
