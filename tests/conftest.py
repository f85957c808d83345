"""Shared fixtures: the demo ENT on loopback, and one real audit of it (Chromium), run once per test session."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from ent_audit.demo_ent.server import DemoENT

ROOT = Path(__file__).resolve().parent.parent
ENT_AUDIT = [sys.executable, "-m", "ent_audit"]


def run_cli(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """The ent-audit command as a user runs it, in a child process.

    Audits run without the second-load sample (a warm-cache visit and a 512 kbit/s load of the first page of each
    template: 25 s for the demo's portal) unless the test asks for it with --sample-pages (the flag wins)."""
    if args and args[0] == "audit" and "--sample-pages" not in args:
        args = (*args, "--sample-pages", "0")
    if args and args[0] == "audit" and "--lighthouse" not in args:  # 15–35 s a page: only where tested
        args = (*args, "--lighthouse", "0")
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([*ENT_AUDIT, *args], capture_output=True, text=True, env=full_env, timeout=timeout,
                          cwd=ROOT)


def login_config(ent: DemoENT, path: Path, extra: str = "") -> Path:
    service = quote(ent.base_url + "/", safe="")
    path.write_text(f"""site = "ENT de démonstration"
profile = "élève"
[auth]
strategy = "cas"
login_url = "{ent.base_url}/cas/login?service={service}"
username_env = "DEMO_USER"
password_env = "DEMO_PASSWORD"
{extra}""", encoding="utf-8")
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
        process = run_cli("audit", ent.base_url + "/", "--config", str(config), "--out", str(out), "--db", str(db),
                          "--max-pages", "45", "--max-depth", "3", "--concurrency", "1", env=CREDENTIALS)
        assert process.returncode == 0, process.stderr[-3000:]
        results = json.loads((out / "results.json").read_text(encoding="utf-8"))
        yield Audit(ent, out, db, results, process, ent.entries())


# -- pytest-xdist: which tests share a worker, and which start first (`make test`: --dist loadgroup) -----------------
#
# A worker runs a whole group. Tests that share a module- or session-scoped fixture of tests/ (a crawl) form one
# group, so each crawl runs once in the whole session (demo_audit included, used by four modules); a browser test
# that shares nothing is a group of its own, so one long module does not hold one worker for a quarter of an hour;
# the other tests of a module stay together, as with --dist loadfile. The groups then go out longest first
# (--no-loadscope-reorder keeps this order), so that no long crawl starts last.

# Cheap to start once per worker (a server thread): sharing them must not join their users into one group.
PER_WORKER_FIXTURES = {"demo_ent"}

# Seconds of the longest groups, measured under `make test` (a start-order hint only: an unknown group counts 0).
# Keys are the groups' names below: a module, "module::fixture(param)", or a browser test's node id.
MEASURED_S = {
    "tests/test_safety_e2e.py::hostile_crawl(cas)": 290,
    "tests/test_safety_e2e.py::hostile_crawl(twostep)": 280,
    "tests/test_resume_kill.py::test_five_sigkills_then_resume_audit_every_page_exactly_once": 220,
    "tests/test_safe_crawl.py::trap_audit": 205,
    "tests/test_safety_e2e.py::test_lighthouse_on_an_expiring_session_never_scores_the_login_page": 205,
    "tests/test_distributed.py::postgres": 200,
    "tests/conftest.py::demo_audit": 190,
    "tests/test_lab_e2e.py::lab": 155,
    "tests/test_safe_crawl.py::test_sigkill_then_resume_audits_every_page_exactly_once": 140,
    "tests/test_secrets.py::secret_audit": 115,
    "tests/test_compare_sites.py::test_compare_sites_on_two_demo_variants": 100,
    "tests/test_safe_crawl.py::test_endless_calendar_and_hundreds_of_posts_end_by_themselves": 98,
    "tests/test_faults.py::faults": 95,
    "tests/test_faults.py::test_browser_killed_mid_crawl_is_restarted_and_the_crawl_completes": 93,
    "tests/test_compare.py::test_compare_two_demo_runs": 90,
    "tests/test_lighthouse_e2e.py::lighthouse_run": 90,
    "tests/test_safety_e2e.py::heartbeat_default": 75,
    "tests/test_safety_e2e.py::test_control_every_attack_harms_an_unguarded_browser": 65,
    "tests/test_safe_crawl.py::test_two_profiles_in_one_run": 60,
    "tests/test_safe_crawl.py::test_an_expiring_session_is_renewed_and_no_login_page_is_audited": 60,
    "tests/test_safe_crawl.py::test_each_login_strategy_and_its_wrong_password(twostep)": 58,
    "tests/test_doctrine_e2e.py::certificates": 55,
    "tests/test_safety_e2e.py::heartbeat_allowed": 50,
    "tests/test_lock_prune.py::test_demo_with_keep_prunes_the_previous_run": 47,
    "tests/test_safe_crawl.py::test_each_login_strategy_and_its_wrong_password(openent)": 45,
    "tests/test_output_errors.py::stored_after_full_disk(tmpfs)": 45,
    "tests/test_accessibility_e2e.py::a11y_audit": 44,
    "tests/test_properties.py": 40,
    "tests/test_safe_crawl.py::test_each_login_strategy_and_its_wrong_password(cas)": 39,
    "tests/test_safe_crawl.py::test_storage_state_saved_by_login_then_reused": 36,
    "tests/test_output_errors.py::stored_after_full_disk(injected)": 35,
    "tests/test_safe_crawl.py::test_each_login_strategy_and_its_wrong_password(basic)": 34,
}


def _shared_fixtures(item: pytest.Item) -> list[str]:
    """Names of the module- or session-scoped fixtures of tests/ this test uses, with their parameter if any."""
    info = getattr(item, "_fixtureinfo", None)
    params = getattr(getattr(item, "callspec", None), "params", {})
    names = []
    for name in info.names_closure if info else ():
        definitions = info.name2fixturedefs.get(name) or ()
        if not definitions or name in PER_WORKER_FIXTURES:
            continue
        definition = definitions[-1]
        if definition.scope == "function" or not definition.baseid.startswith("tests"):
            continue
        where = definition.baseid if definition.baseid.endswith(".py") else f"{definition.baseid}/conftest.py"
        names.append(f"{where}::{name}" + (f"({params[name]})" if name in params else ""))
    return names


def _xdist_groups(items: list[pytest.Item]) -> dict[pytest.Item, str]:
    """Each test's group: tests joined by a shared fixture or, when not browser tests, by their module."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    def join(a: str, b: str) -> None:
        first, second = sorted((root(a), root(b)), key=lambda k: (k not in MEASURED_S, k))
        parent[second] = first  # the root keeps a measured name when there is one

    keys = {}
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        own = module if item.get_closest_marker("browser") is None else item.nodeid
        shared = _shared_fixtures(item)
        key = shared[0] if shared else own
        for other in [*shared[1:], *([own] if not shared or own == module else [])]:
            join(key, other)
        keys[item] = key
    # pytest-xdist reads the group after the node id's last "@", and not when a "]" follows it
    return {item: root(key).replace("[", "(").replace("]", ")").replace("@", "_") for item, key in keys.items()}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):  # type: ignore[no-untyped-def]
    if not config.getoption("loadgroup", default=False):
        return (yield)
    groups = _xdist_groups(items)
    for item in items:
        item.add_marker(pytest.mark.xdist_group(groups[item]))
    result = yield  # pytest orders the tests by fixture; pytest-xdist appends "@group" to each node id
    first_index = {}
    for index, item in enumerate(items):
        first_index.setdefault(groups[item], index)
    # longest first, then in collection order; a stable sort keeps pytest's order inside each group
    items.sort(key=lambda item: (-MEASURED_S.get(groups[item], 0), first_index[groups[item]]))
    return result
