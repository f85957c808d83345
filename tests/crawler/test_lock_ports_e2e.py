"""Two sites on two ports of one host, audited at the same time into one history store: the run lock is keyed on
scheme, host, port and profile, so neither waits for the other (issue 17)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from ent_audit.crawler.lock import lock_path
from tests.conftest import CREDENTIALS, login_config, run_cli

pytestmark = pytest.mark.browser

NO_EXTRAS = "[lighthouse]\npages = 0\n[capture]\nsample_pages = 0\n"


def meet(ents: list) -> list[bool]:
    """Hold every request to each ENT until both ENTs have had one. The lock is taken before the login, so once
    both are asked, both audits hold their lock at once: overlap proven by the servers, not by a clock. Returns
    whether each wait ended by meeting (False: it gave up after a minute, the other audit never came)."""
    arrived: set[int] = set()
    met: list[bool] = []
    cond = threading.Condition()
    for index, ent in enumerate(ents):
        server = ent._servers[0]  # the ENT host (1 is its third-party host)
        app = server.app

        def held(request, app=app, index=index):
            with cond:
                arrived.add(index)
                cond.notify_all()
                met.append(cond.wait_for(lambda: len(arrived) == len(ents), timeout=60))
            return app(request)

        server.app = held
    return met


def test_two_ports_of_one_host_are_audited_at_the_same_time(make_ent, tmp_path):
    ents = [make_ent(), make_ent()]
    assert ents[0].netloc.split(":")[0] == ents[1].netloc.split(":")[0] and ents[0].netloc != ents[1].netloc
    met = meet(ents)
    db = tmp_path / "history.sqlite"

    def audit(index: int):
        config = login_config(ents[index], tmp_path / f"ent{index}.toml", NO_EXTRAS)
        return run_cli(
            "audit",
            ents[index].base_url + "/",
            "--config",
            str(config),
            "--out",
            str(tmp_path / f"out{index}"),
            "--db",
            str(db),
            "--max-pages",
            "2",
            "--max-depth",
            "0",
            "--quiet",
            env=CREDENTIALS,
            timeout=300,
        )

    with ThreadPoolExecutor(2) as pool:
        done = list(pool.map(audit, range(2)))
    for process in done:
        assert process.returncode == 0 and "another audit" not in process.stderr, process.stderr[-2000:]
    assert met and all(met), met  # both were inside their lock at the same moment
    paths = [lock_path(db, ent.base_url, "élève") for ent in ents]
    assert paths[0] != paths[1] and all(path.exists() for path in paths)
