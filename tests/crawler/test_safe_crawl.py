"""Crawling real ENTs safely, against demo ENT variants: every login strategy, expiring sessions, pages whose
scripts try to write or log out, robots.txt, 503 then OK, slow pages, endless look-alike pages, profiles, resume."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from ent_audit.demo_ent.server import DemoENT
from tests.conftest import run_cli

pytestmark = pytest.mark.browser
USER = {"DEMO_USER": DemoENT.USERNAME, "DEMO_PASSWORD": DemoENT.PASSWORD}


def auth_table(ent: DemoENT, kind: str) -> str:
    base = ent.base_url
    strategy, login_url = {
        "cas": ("cas", f"{base}/cas/login?service={quote(base + '/', safe='')}"),
        "openent": ("openent", f"{base}/auth/login"),
        "twostep": ("form", f"{base}/auth/signin"),
        "basic": ("basic", ""),
    }[kind]
    return (
        f'[auth]\nstrategy = "{strategy}"\n'
        + (f'login_url = "{login_url}"\n' if login_url else "")
        + 'username_env = "DEMO_USER"\npassword_env = "DEMO_PASSWORD"\n'
    )


def audit(
    ent: DemoENT, tmp: Path, toml: str, *flags: str, env: dict | None = None
) -> tuple[subprocess.CompletedProcess, dict]:
    config = tmp / "ent.toml"
    config.write_text(toml, encoding="utf-8")
    out = tmp / "out"
    done = run_cli(
        "audit",
        ent.base_url + "/",
        "--config",
        str(config),
        "--out",
        str(out),
        "--db",
        str(tmp / "history.sqlite"),
        "--quiet",
        *flags,
        env=env if env is not None else USER,
    )
    results = json.loads((out / "results.json").read_text(encoding="utf-8")) if done.returncode == 0 else {}
    return done, results


def assert_logged_in_crawl(results: dict, base: str) -> None:
    pages = {p["url"]: p for p in results["pages"]}
    assert base + "/timeline/timeline" in pages, sorted(pages)
    for page in pages.values():
        assert page["status"] == 200 and not page["error"], (page["url"], page["status"], page["error"])
        assert "/login" not in page["final_url"] and "/signin" not in page["final_url"], page["final_url"]


@pytest.mark.parametrize("kind", ["cas", "openent", "twostep", "basic"])
def test_each_login_strategy_and_its_wrong_password(tmp_path, kind):
    with DemoENT(login=kind).start() as ent:
        done, results = audit(ent, tmp_path, auth_table(ent, kind), "--max-depth", "1", "--max-pages", "6")
        assert done.returncode == 0, done.stderr[-2000:]
        assert_logged_in_crawl(results, ent.base_url)
        wrong = run_cli(
            "audit",
            ent.base_url + "/",
            "--config",
            str(tmp_path / "ent.toml"),
            "--out",
            str(tmp_path / "o2"),
            "--db",
            str(tmp_path / "h2.sqlite"),
            "--lang",
            "en",  # the message read below
            env={"DEMO_USER": ent.USERNAME, "DEMO_PASSWORD": "Mauvais-Mot-De-Passe"},
        )
        assert wrong.returncode == 3 and "Traceback" not in wrong.stderr  # the login failed: the run cannot be done
        assert "refused" in wrong.stderr.strip().splitlines()[-1]
        assert "Mauvais-Mot-De-Passe" not in wrong.stderr


def test_an_expiring_session_is_renewed_and_no_login_page_is_audited(tmp_path):
    with DemoENT(session_requests=5).start() as ent:
        done, results = audit(ent, tmp_path, auth_table(ent, "cas"), "--max-depth", "2", "--max-pages", "14")
        assert done.returncode == 0, done.stderr[-2000:]
        assert ent.expired_sessions >= 2 and ent.logins >= 3
        assert len(results["pages"]) == 14
        assert_logged_in_crawl(results, ent.base_url)


@pytest.fixture(scope="module")
def trap_audit(tmp_path_factory):
    """The demo with its trap pages, crawled with a 3-second page timeout."""
    tmp = tmp_path_factory.mktemp("traps")
    with DemoENT(extras=True).start() as ent:
        toml = auth_table(ent, "cas") + "[crawl]\npage_timeout_s = 3\nmax_per_template = 1\n"
        done, results = audit(ent, tmp, toml, "--max-depth", "2", "--max-pages", "80")
        assert done.returncode == 0, done.stderr[-2000:]
        yield ent, results, ent.entries()


def test_scripts_and_redirects_cannot_write_or_log_out(trap_audit):
    ent, results, log = trap_audit
    assert [(e.method, e.path.split("?")[0]) for e in log if e.method not in ("GET", "HEAD")] == [
        ("POST", "/cas/login")
    ]
    touched = [e.path for e in log if any(word in e.path for word in ("logout", "markasread", "delete", "trash"))]
    assert touched == []
    pages = {p["url"]: p for p in results["pages"]}
    writes = pages[ent.base_url + "/pieges/js-ecrit"]["blocked"]
    assert {(b["method"], b["url"].split("/", 3)[3]) for b in writes} >= {
        ("DELETE", "conversation/api/messages/2"),
        ("PUT", "conversation/api/messages/2/read"),
        ("POST", "stats/beacon"),
        ("GET", "conversation/api/messages/2/markasread"),
        ("GET", "auth/logout"),
    }
    redirect = pages[ent.base_url + "/pieges/raccourci"]
    assert redirect["error"].startswith("blocked by safety") and redirect["blocked"][0]["url"].endswith("/auth/logout")
    # the 302 is what came over the network; Chromium's own error page after the block is not
    assert redirect["transfer_bytes"] == sum(e.bytes_sent for e in log if e.path == "/pieges/raccourci")
    assert results["run"]["crawl"]["blocked_by_safety"] >= 6


def test_robots_503_and_timeouts(trap_audit):
    ent, results, log = trap_audit
    pages = {p["url"]: p for p in results["pages"]}
    assert ent.base_url + "/pieges/interdit" not in pages
    assert not [e for e in log if e.path.startswith("/pieges/interdit")]
    assert results["run"]["crawl"]["skipped"].get("robots", 0) >= 1
    unavailable = pages[ent.base_url + "/pieges/indisponible"]
    assert unavailable["status"] == 200 and not unavailable["error"]
    assert [e.status for e in log if e.path == "/pieges/indisponible"] == [503, 200]
    slow = pages[ent.base_url + "/pieges/lent"]
    assert "Timeout" in slow["error"] or "timeout" in slow["error"]
    assert len([p for p in pages.values() if not p["error"]]) >= 20  # the crawl went on


def test_linked_documents_are_sized_not_rendered(trap_audit):
    ent, results, log = trap_audit
    page = next(p for p in results["pages"] if p["url"] == ent.base_url + "/pieges/documents")
    documents = {d["url"].rsplit("/", 1)[1]: d for d in page["documents"]}
    assert documents["reglement.docx"]["bytes"] == 40 * 1024 or documents["reglement.docx"]["bytes"] > 30000
    assert documents["reglement.docx"]["method"] == "HEAD"
    assert documents["photos-sortie.zip"]["method"] == "GET" and documents["photos-sortie.zip"]["bytes"] > 100_000
    assert documents["presentation.mp4"]["bytes"] > 200_000
    assert not [p for p in results["pages"] if p["url"].endswith((".pdf", ".docx", ".zip", ".mp4"))]


def test_endless_calendar_and_hundreds_of_posts_end_by_themselves(tmp_path):
    with DemoENT(blog_posts=300).start() as ent:
        done, results = audit(ent, tmp_path, auth_table(ent, "cas"), "--max-depth", "6", "--max-pages", "500")
        assert done.returncode == 0, done.stderr[-2000:]
        templates = {row["template"]: row for row in results["run"]["crawl"]["templates"]}
        assert templates["/blog/post/{id}"]["audited"] == 3 and templates["/blog/post/{id}"]["seen"] > 3
        assert templates["/calendar/calendar?month={date}"]["audited"] == 3
        assert len(results["pages"]) < 60
        report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
        assert "/blog/post/{id}" in report and "Par modèle de page" in report


def test_two_profiles_in_one_run(tmp_path):
    with DemoENT(second_user=(DemoENT.PARENT_USERNAME, DemoENT.PARENT_PASSWORD)).start() as ent:
        service = quote(ent.base_url + "/", safe="")
        toml = f"""[auth]
strategy = "cas"
login_url = "{ent.base_url}/cas/login?service={service}"
[[profiles]]
name = "élève"
username_env = "DEMO_USER"
password_env = "DEMO_PASSWORD"
[[profiles]]
name = "parent"
username_env = "PARENT_USER"
password_env = "PARENT_PASSWORD"
"""
        env = {**USER, "PARENT_USER": ent.PARENT_USERNAME, "PARENT_PASSWORD": ent.PARENT_PASSWORD}
        done, results = audit(ent, tmp_path, toml, "--max-depth", "1", "--max-pages", "12", env=env)
        assert done.returncode == 0, done.stderr[-2000:]
        by_profile = {}
        for page in results["pages"]:
            by_profile.setdefault(page["profile"], set()).add(page["url"].replace(ent.base_url, ""))
        assert set(by_profile) == {"élève", "parent"}
        assert "/parent/suivi" in by_profile["parent"] and "/parent/suivi" not in by_profile["élève"]
        assert "/" in by_profile["élève"] and "/" in by_profile["parent"]
        assert results["run"]["profile"] == "élève, parent"


def test_storage_state_saved_by_login_then_reused(tmp_path):
    with DemoENT().start() as ent:
        config = tmp_path / "login.toml"
        config.write_text(auth_table(ent, "cas"), encoding="utf-8")
        state = tmp_path / "state.json"
        saved = run_cli("login", "--config", str(config), "--save", str(state), env=USER)
        assert saved.returncode == 0, saved.stderr
        assert oct(state.stat().st_mode & 0o777) == "0o600"
        assert ent.PASSWORD not in state.read_text()
        toml = f'[auth]\nstrategy = "storage_state"\nstate_file = "{state}"\n'
        done, results = audit(ent, tmp_path, toml, "--max-depth", "1", "--max-pages", "5", env={})
        assert done.returncode == 0, done.stderr[-2000:]
        assert_logged_in_crawl(results, ent.base_url)
