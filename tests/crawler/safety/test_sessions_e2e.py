"""Never harm, end to end, on sessions: a site whose pages keep the session alive with a PUT heartbeat (the run says
which line to allow, and with that line the session lives); Lighthouse on an expiring session never shows the login
page's scores as the page's. The crawl helpers are test_hostile_e2e.py's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ent_audit.demo_ent import DemoENT
from tests.crawler.safety.test_hostile_e2e import (
    ALLOW_LINE,
    SAFE_METHODS,
    Crawl,
    assert_ran,
    auth_table,
    crawl,
    path_of,
)

pytestmark = pytest.mark.browser


# -- a site whose pages keep the session alive with a PUT heartbeat ----------------------------------------------------


def heartbeat_crawl(tmp: Path, extra: str = "") -> Crawl:
    with DemoENT(login="twostep", heartbeat=True).start() as ent:
        toml = 'site = "ENT heartbeat"\nprofile = "élève"\n' + auth_table(ent, "twostep") + extra
        flags = ("--max-depth", "1", "--max-pages", "8", "--fail-on", "session-lost", "--lang", "en")  # read below
        return crawl(ent, "twostep", tmp, toml, *flags)


@pytest.fixture(scope="module")
def heartbeat_default(tmp_path_factory):
    return heartbeat_crawl(tmp_path_factory.mktemp("heartbeat"))


@pytest.fixture(scope="module")
def heartbeat_allowed(tmp_path_factory):
    return heartbeat_crawl(tmp_path_factory.mktemp("heartbeat-allow"), f"[safety]\n{ALLOW_LINE}\n")


def test_heartbeat_blocked_the_session_loss_is_explained(heartbeat_default):
    run = heartbeat_default
    assert run.ent.heartbeat_logouts >= 1, "precondition: the blocked heartbeat did end the session"
    assert_ran(run, (1,))  # --fail-on session-lost; the outputs are written all the same
    stderr = run.process.stderr
    assert "--fail-on session-lost: the session of élève was lost" in stderr, stderr[-2000:]
    assert re.search(r"session.{0,80}(lost|perdue)|(lost|perdu).{0,80}session", stderr, re.I | re.S), stderr[-2000:]
    assert ALLOW_LINE in [line.strip() for line in stderr.splitlines()], stderr[-2000:]
    lost = run.safety("session_lost")
    assert lost and all("allow_line" in entry for entry in lost), lost
    assert ALLOW_LINE in [entry["allow_line"] for entry in lost], lost
    signin = [p for p in run.results["pages"] if path_of(p["final_url"]) == "/auth/signin"]
    assert [p["url"] for p in signin if p.get("logged_out") is not True] == [], (
        "pages that ended on the sign-in page, counted as logged-in content"
    )
    assert [
        p["url"] for p in run.results["pages"] if p.get("logged_out") and path_of(p["final_url"]) != "/auth/signin"
    ] == []


def test_heartbeat_allowed_every_page_is_audited_logged_in(heartbeat_allowed):
    run = heartbeat_allowed
    assert_ran(run)
    pages = run.results["pages"]
    assert len(pages) >= 5
    for page in pages:
        assert page["status"] == 200 and not page["error"], (page["url"], page["status"], page["error"])
        assert path_of(page["final_url"]) != "/auth/signin" and not page.get("logged_out"), page["url"]
    writes = {(e.method, e.path.split("?")[0]) for e in run.log if e.method not in SAFE_METHODS}
    assert writes == {("POST", "/auth/signin"), ("PUT", "/api/session/current/")}, writes
    assert run.ent.heartbeats >= len(pages)
    assert (run.ent.heartbeat_logouts, run.ent.expired_sessions, run.ent.logins) == (0, 0, 1)


# -- Lighthouse on sessions that expire --------------------------------------------------------------------------------


def lighthouse_failed(page: dict, skipped: list[dict]) -> bool:
    """The page's Lighthouse run reported as failed: an entry with an error and no score, or listed as skipped."""
    entry = page.get("lighthouse")
    if entry is None:
        return any(s.get("url") == page["url"] for s in skipped)
    scores = (entry.get("categories") or {}).values()
    return bool(entry.get("error")) and all(score is None for score in scores)


def test_lighthouse_on_an_expiring_session_never_scores_the_login_page(tmp_path):
    with DemoENT(session_requests=3).start() as ent:
        toml = (
            'site = "ENT sessions courtes"\nprofile = "élève"\n' + auth_table(ent, "cas") + "[lighthouse]\npages = 2\n"
        )
        # the first Lighthouse run outlives the 3-request session; the second starts on an expired one
        run = crawl(ent, "cas", tmp_path, toml, "--max-depth", "1", "--max-pages", "6", "--lighthouse", "2")
    assert_ran(run)
    lighthouse = run.results["run"]["lighthouse"]
    skipped = lighthouse.get("skipped") or []
    judged = [p for p in run.results["pages"] if "lighthouse" in p or any(s.get("url") == p["url"] for s in skipped)]
    assert len(judged) >= 2, lighthouse
    wrong = [
        (p["url"], p["lighthouse"]["final_url"])
        for p in judged
        if "lighthouse" in p
        and path_of(p["lighthouse"]["final_url"]) != path_of(p["url"])
        and not lighthouse_failed(p, skipped)
    ]
    assert wrong == [], f"Lighthouse results of another page (the login page) shown as the page's: {wrong}"
