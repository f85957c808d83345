"""Shared fixtures: the demo ENT on loopback, and one real audit of it (Chromium), run once per test session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from ent_audit.crawler.commands.language import speak
from ent_audit.demo_ent.server import DemoENT
from ent_audit.i18n import SOURCE_LANGUAGE
from tests import balance

ROOT = Path(__file__).resolve().parent.parent
ENT_AUDIT = [sys.executable, "-m", "ent_audit"]

# The tests hear ent-audit's default language (French: crawler/commands/language.py) whatever this machine's locale
# says; a test of another language asks for it with --lang, and tests/crawler/commands/test_language.py tests the
# choice from the locale.
for _variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"


def run_cli(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """The ent-audit command as a user runs it, in a child process.

    Audits run without the second-load sample (a warm-cache visit and a 512 kbit/s load of the first page of each
    template: 25 s for the demo's portal) unless the test asks for it with --sample-pages (the flag wins)."""
    if args and args[0] == "audit" and "--sample-pages" not in args:
        args = (*args, "--sample-pages", "0")
    if args and args[0] == "audit" and "--lighthouse" not in args:  # 15–35 s a page: only where tested
        args = (*args, "--lighthouse", "0")
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    started = time.monotonic()
    done = subprocess.run([*ENT_AUDIT, *args], capture_output=True, text=True, env=full_env, timeout=timeout, cwd=ROOT)
    if os.environ.get("ENT_AUDIT_CRAWL_LOG"):  # where the suite's time goes: one JSON line per command
        _log_command(Path(os.environ["ENT_AUDIT_CRAWL_LOG"]), args, time.monotonic() - started)
    return done


def _log_command(log: Path, args: tuple[str, ...], seconds: float) -> None:
    pages = None
    if "--out" in args:
        results = Path(args[args.index("--out") + 1]) / "results.json"
        if results.is_file():
            pages = len(json.loads(results.read_text(encoding="utf-8")).get("pages") or [])
    line = {"test": os.environ.get("PYTEST_CURRENT_TEST", ""), "seconds": round(seconds, 1), "pages": pages}
    with log.open("a", encoding="utf-8") as file:
        file.write(json.dumps({**line, "args": [a for a in args if "127.0.0.1" not in a][:12]}) + "\n")


def login_config(ent: DemoENT, path: Path, extra: str = "") -> Path:
    service = quote(ent.base_url + "/", safe="")
    path.write_text(
        f"""site = "ENT de démonstration"
profile = "élève"
[auth]
strategy = "cas"
login_url = "{ent.base_url}/cas/login?service={service}"
username_env = "DEMO_USER"
password_env = "DEMO_PASSWORD"
{extra}""",
        encoding="utf-8",
    )
    return path


CREDENTIALS = {"DEMO_USER": DemoENT.USERNAME, "DEMO_PASSWORD": DemoENT.PASSWORD}


@dataclass
class Audit:
    ent: DemoENT
    out: Path
    db: Path
    results: dict
    process: subprocess.CompletedProcess
    log: list  # the demo server's response log, read once the audit process has exited


@pytest.fixture
def make_ent():
    """Start demo ENTs with the given options (DemoENT keywords); all are stopped after the test."""
    started: list[DemoENT] = []

    def make(**options: object) -> DemoENT:
        ent = DemoENT(**options).start()  # type: ignore[arg-type]
        started.append(ent)
        return ent

    yield make
    for ent in started:
        ent.stop()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts as ent-audit imported as a library does, in the source language (English): a test that ran
    ``main([...])``, which chooses French here, leaves no language behind."""
    yield
    speak(SOURCE_LANGUAGE)


@pytest.fixture(scope="session")
def demo_ent():
    with DemoENT().start() as ent:
        yield ent


@pytest.fixture(scope="session")
def demo_audit(tmp_path_factory):
    """One logged-in crawl of the demo ENT, one page at a time so the server's log can be split by page."""
    with DemoENT().start() as ent:
        work = tmp_path_factory.mktemp("demo-audit")
        # No second-load sample here (run_cli's default): its loads would interleave with the next page in the
        # server's log, which the exactness tests split page by page (tests/test_lab_e2e.py tests the sample).
        config = login_config(ent, work / "ent.toml")
        out, db = work / "out", work / "history.sqlite"
        process = run_cli(
            "audit",
            ent.base_url + "/",
            "--config",
            str(config),
            "--out",
            str(out),
            "--db",
            str(db),
            "--max-pages",
            "45",
            "--max-depth",
            "3",
            "--concurrency",
            "1",
            env=CREDENTIALS,
        )
        assert process.returncode == 0, process.stderr[-3000:]
        results = json.loads((out / "results.json").read_text(encoding="utf-8"))
        yield Audit(ent, out, db, results, process, ent.entries())


# `make test`'s spread of files over workers (tests/balance.py): longest files first, one file at a time
def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--store-durations", action="store_true", help="write tests/durations.json from this run (tests/balance.py)"
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("store_durations") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(balance.DurationRecorder(), "ent-audit-durations")


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    return balance.make_scheduler(config, log) if config.getoption("dist") == "loadfile" else None
