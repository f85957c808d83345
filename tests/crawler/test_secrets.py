"""Secrets never written: a full, verbose audit of the demo ENT with a distinctive password, then every file the run
could have written is searched for the password (raw, URL-encoded, JSON-escaped, base64 of "user:password") and for
every ticket, SSO cookie and session key the demo server handed out (read from the server's side). Session
parameters in the start URLs (``?ticket=``, ``;jsessionid=``, ``?sessionid=``) come out redacted."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from ent_audit.demo_ent.server import DemoENT
from tests.conftest import ENT_AUDIT, ROOT, login_config

pytestmark = pytest.mark.browser

PASSWORD = "Zq9!secret-ÉLÈVE-7781"
# Values planted in the start URLs' session parameters: they must come out as REDACTED everywhere.
PLANTED = {"ticket": "ST-9-PlantedTicketZq9", "jsessionid": "JSESSPLANTEDZq9", "sessionid": "SESSIONPLANTEDZq9"}
LIGHTHOUSE = (ROOT / "node_modules" / "lighthouse").is_dir() and shutil.which("node") is not None


def encodings(secret: str, username: str | None = None) -> set[bytes]:
    """How a secret could appear in a file: as is, URL-encoded, JSON-escaped, in basic-auth form."""
    forms = {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
    }
    found = {form.encode("utf-8") for form in forms}
    found.add(secret.encode("latin-1", "replace"))
    if username is not None:
        found.add(base64.b64encode(f"{username}:{secret}".encode()))
        found.add(base64.b64encode(secret.encode("utf-8")))
    return found


def files_under(*roots: Path) -> list[Path]:
    return sorted({p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()})


@pytest.fixture(scope="module")
def secret_audit(tmp_path_factory):
    """One audit (the session expires every 6 pages, so the run logs in again: more tickets and session keys),
    with --verbose, HOME and TMPDIR inside the job directory so whatever Chromium, Playwright or Lighthouse leave
    behind is searched as well."""
    job = tmp_path_factory.mktemp("secrets")
    ent = DemoENT(session_requests=6)
    ent.PASSWORD = PASSWORD  # the instance's password (DemoENT.start() hands self.PASSWORD to the app)
    with ent.start():
        (job / "conf").mkdir()
        config = login_config(ent, job / "conf" / "ent.toml")
        out, db = job / "out", job / "store" / "history.sqlite"
        home, tmp = job / "home", job / "tmp"
        home.mkdir(), tmp.mkdir()
        base = ent.base_url
        start = [
            f"{base}/?sessionid={PLANTED['sessionid']}",
            f"{base}/aide;jsessionid={PLANTED['jsessionid']}",
            f"{base}/actualites?ticket={PLANTED['ticket']}",
        ]
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DEMO_USER": DemoENT.USERNAME,
            "DEMO_PASSWORD": PASSWORD,
            "HOME": str(home),
            "TMPDIR": str(tmp),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_CONFIG_HOME": str(home / ".config"),
        }
        args = [
            *ENT_AUDIT,
            "audit",
            *start,
            "--config",
            str(config),
            "--out",
            str(out),
            "--db",
            str(db),
            "--max-pages",
            "14",
            "--max-depth",
            "2",
            "--verbose",
            "--sample-pages",
            "0",
            "--lighthouse",
            "1" if LIGHTHOUSE else "0",
        ]
        with open(job / "stdout.log", "wb") as stdout, open(job / "stderr.log", "wb") as stderr:
            process = subprocess.run(args, stdout=stdout, stderr=stderr, env=env, cwd=ROOT, timeout=600)
        issued = ent.issued_secrets()
    stderr_text = (job / "stderr.log").read_text(encoding="utf-8", errors="replace")
    assert process.returncode == 0, stderr_text[-3000:]
    return {
        "job": job,
        "out": out,
        "db": db,
        "issued": issued,
        "stderr": stderr_text,
        "ent": ent,
        "results": json.loads((out / "results.json").read_text(encoding="utf-8")),
    }


def test_the_audit_was_verbose_logged_in_and_renewed_its_session(secret_audit):
    assert secret_audit["stderr"].count("\n") > 20, "--verbose gave no log"
    kinds = [kind for kind, _ in secret_audit["issued"]]
    assert kinds.count("session") >= 2 and kinds.count("ticket") >= 2 and "tgc" in kinds, kinds
    assert secret_audit["ent"].expired_sessions >= 1
    pages = secret_audit["results"]["pages"]
    assert len(pages) >= 10 and not [p for p in pages if p["error"]]
    if LIGHTHOUSE:
        assert any(p.get("lighthouse") for p in pages), "Lighthouse did not run: .lighthouseci is not checked"


def test_no_password_session_or_ticket_in_any_file_written(secret_audit):
    job = secret_audit["job"]
    written = files_under(job)
    names = {p.name for p in written}
    assert {"results.json", "report.html", "history.sqlite", "stderr.log", "stdout.log", "ent.toml"} <= names
    if LIGHTHOUSE:
        assert any(".lighthouseci" in p.parts for p in written)
    needles = {form: "the password" for form in encodings(PASSWORD, DemoENT.USERNAME)}
    for kind, value in secret_audit["issued"]:
        needles.update({form: f"a {kind} issued by the server" for form in encodings(value)})
    for planted in PLANTED.values():
        needles.update({form: "a planted session parameter" for form in encodings(planted)})
    leaks = []
    for path in written:
        data = path.read_bytes()
        leaks += [
            f"{path.relative_to(job)}: {what} ({needle[:12]!r}…)" for needle, what in needles.items() if needle in data
        ]
    assert not leaks, "\n".join(leaks)


def test_session_parameters_of_urls_are_redacted_in_results_report_and_logs(secret_audit):
    results = secret_audit["results"]
    start_urls = results["run"]["start_urls"]
    assert any("sessionid=REDACTED" in u for u in start_urls), start_urls
    assert any(";jsessionid=REDACTED" in u for u in start_urls), start_urls
    assert any("ticket=REDACTED" in u for u in start_urls), start_urls
    texts = {
        "results.json": json.dumps(results),
        "stderr": secret_audit["stderr"],
        "report.html": (secret_audit["out"] / "report.html").read_text(encoding="utf-8"),
    }
    for name, text in texts.items():
        assert "ticket=ST-" not in text, name
        for planted in PLANTED.values():
            assert planted not in text, name
    assert all("PLANTED" not in u and "Planted" not in u for u in results["run"]["settings"]["start_urls"])
