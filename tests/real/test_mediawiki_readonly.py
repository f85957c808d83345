"""Acceptance test of issue 17: ent-audit against a real web application nobody here wrote.

Debian's MediaWiki 1.39, installed from scratch on loopback with a seeded SQLite database (tests/real/mediawiki.py,
tests/real/seed.php), is crawled logged in as its administrator, whose UI is full of GET links that change data
(action=rollback&token=…, action=markpatrolled, action=watch, action=purge, action=delete, action=protect…).
Asserted: the audit finishes, at least 30 pages are audited logged in, the databases are the same after the audit as
before (minus the named exclusions below, which MediaWiki changes on mere visits), and the only non-GET/HEAD/OPTIONS
requests the wiki received are the login form's submissions.

Runs only with ENT_AUDIT_REAL=1 (`make test-real`; see docs/TESTING-REAL.md). Everything the run leaves (both
dumps, the diff, the access log, the audit's outputs, summary.json) is under the pytest base temporary directory,
/tmp/ent-audit-real with `make test-real`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.real.mediawiki import Exclusion, MediaWiki, Request, diff_dumps

pytestmark = [
    pytest.mark.real,
    pytest.mark.skipif(os.environ.get("ENT_AUDIT_REAL") != "1", reason="set ENT_AUDIT_REAL=1 (make test-real)"),
]

ROOT = Path(__file__).resolve().parents[2]
# The ent-audit under test: this repository, or another checkout of it (ENT_AUDIT_SOURCE=DIR, e.g. a `git archive` of
# a commit, with node_modules linked), run with this repository's virtual environment.
SOURCE = Path(os.environ.get("ENT_AUDIT_SOURCE") or ROOT).resolve()
MIN_PAGES = 30
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# What MediaWiki itself changes when a page is merely viewed, left out of the before/after comparison BY NAME.
# Everything else in the four SQLite files of the wiki (wiki.sqlite: pages, revisions, recent changes and their patrol
# flags, logs, watchlist, users, blocks, protections, query caches…; wiki_jobqueue.sqlite: every other job) must be
# the same, every column. Found before being listed by a logged-in browse with curl, no crawler (views, history, diffs,
# recent changes, watchlist, load.php): these three were the only data that changed.
EXCLUDED = [
    # The object cache: sessions (the login creates one, every request touches it), the parser cache (a page
    # rendered for the first time is stored), ResourceLoader's module dependency cache (load.php), login throttle
    # counters, the main stash. Pure cache by MediaWiki's design: deleting the table loses no data.
    Exclusion(
        "wikicache.sqlite",
        "objectcache",
        why="object cache: sessions, parser cache, ResourceLoader dependencies, throttles; written on every "
        "request, losing it loses no data",
    ),
    # The localisation cache: messages of a language compiled from Debian's files on first use. Pure cache.
    Exclusion(
        "wiki_l10n_cache.sqlite",
        "l10n_cache",
        why="localisation cache: compiled interface messages, rebuilt from /usr/share/mediawiki on demand",
    ),
    # The administrator's "seen" marker: viewing a watched page changed since the last visit queues a job that
    # clears its "updated since your last visit" flag in the watchlist (WatchedItemStore::resetNotificationTimestamp).
    # MediaWiki's last-seen time. $wgJobRunRate = 0, so the job stays queued and the watchlist itself is compared.
    Exclusion(
        "wiki_jobqueue.sqlite",
        "job",
        column=None,
        where="job_cmd = 'activityUpdateJob' and type updateWatchlistNotification of the administrator (user id 1)",
        rows=lambda row: (
            row.get("job_cmd") == "activityUpdateJob"
            and 's:27:"updateWatchlistNotification"' in (row.get("job_params") or "")
            and 's:6:"userid";i:1;' in (row.get("job_params") or "")
        ),
        why="last-seen marker: a view of a watched page queues the reset of its 'changed since your last visit' flag",
    ),
]

# Actions of index.php that change data (MediaWiki's own list of write actions, plus the API): a GET of one of these
# that reached the wiki is reported; whether it changed anything is what the database comparison says.
WRITE_ACTIONS = {
    "rollback",
    "markpatrolled",
    "watch",
    "unwatch",
    "purge",
    "delete",
    "protect",
    "unprotect",
    "revert",
    "edit",
    "submit",
    "editchangetags",
    "revisiondelete",
    "mcrundo",
    "mcrrestore",
}
# Special pages whose GET can act when given a token, or that are forms of write actions.
WRITE_SPECIAL = re.compile(
    r"Special:(UserLogout|Block|Unblock|Undelete|Movepage|MovePage|EditWatchlist|"
    r"ChangeContentModel|Userrights|UserRights|Import|Export|MergeHistory|Revisiondelete|"
    r"ChangeEmail|ChangePassword|ChangeCredentials|RemoveCredentials|ResetTokens|Preferences|"
    r"BotPasswords|Nuke|RunJobs|PasswordReset|Protect|Purge|Redirect)",
    re.IGNORECASE,
)


def is_login_submission(request: Request) -> bool:
    parts = urlsplit(request.uri)
    title = unquote(parse_qs(parts.query).get("title", [""])[0] or parts.path.removeprefix("/index.php/"))
    return (
        request.method == "POST"
        and parts.path in ("/index.php", "/index.php/Special:UserLogin")
        and title.replace(" ", "_") == "Special:UserLogin"
    )


def would_write(request: Request) -> str:
    """Why a GET that reached the wiki is a write-like action (empty for a plain read)."""
    parts = urlsplit(request.uri)
    query = parse_qs(parts.query)
    action = (query.get("action") or [""])[0]
    if parts.path.startswith("/api.php") and request.method not in SAFE_METHODS:
        return "api write"
    if "token" in query:
        return f"token= in the URL (action={action or '?'})"
    if action in WRITE_ACTIONS:
        return f"action={action}"
    if WRITE_SPECIAL.search(unquote(request.uri)):
        return "special page of a write action"
    return ""


@pytest.fixture(scope="module")
def real_audit(tmp_path_factory):
    """Install and seed the wiki, dump it, audit it logged in as the administrator, dump it again."""
    root = tmp_path_factory.mktemp("mediawiki", numbered=False)
    timings: dict[str, float] = {}
    started = time.monotonic()
    wiki = MediaWiki(root / "wiki").install()
    timings["install_and_seed_s"] = round(time.monotonic() - started, 1)
    before = wiki.dump()
    wiki.sql_dump(root / "dump-before")
    config = root / "mediawiki.toml"
    config.write_text(
        f"""site = "MediaWiki 1.39 (Debian), real-application test"
profile = "administrateur"
# the portal, and the administrator's two daily pages: every change there carries a rollback link with its token
start_urls = ["{wiki.base_url}/index.php/Main_Page", "{wiki.base_url}/index.php/Special:RecentChanges",
              "{wiki.base_url}/index.php/Special:Watchlist"]

[auth]
strategy = "form"
login_url = "{wiki.base_url}/index.php?title=Special:UserLogin"
username_env = "MW_ADMIN_USER"
password_env = "MW_ADMIN_PASSWORD"
logged_in_selector = "#pt-logout"

[crawl]
max_pages = 60
max_depth = 3

[capture]
sample_pages = 3

[lighthouse]
pages = 2
""",
        encoding="utf-8",
    )
    out = root / "audit"
    env = {**os.environ, "PYTHONPATH": str(SOURCE), "MW_ADMIN_USER": wiki.ADMIN, "MW_ADMIN_PASSWORD": wiki.PASSWORD}
    started = time.monotonic()
    with wiki:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "ent_audit",
                "audit",
                "--config",
                str(config),
                "--out",
                str(out),
                "--db",
                str(root / "history.sqlite"),
                "--max-pages",
                "60",
                "--max-depth",
                "3",
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=SOURCE,
            timeout=3600,
        )
    timings["audit_s"] = round(time.monotonic() - started, 1)
    (root / "audit.stdout").write_text(done.stdout)
    (root / "audit.stderr").write_text(done.stderr)
    after = wiki.dump()
    wiki.sql_dump(root / "dump-after")
    results_path = out / "results.json"
    results = json.loads(results_path.read_text(encoding="utf-8")) if results_path.exists() else {}
    requests = wiki.requests()
    writes = [w for w in wiki.writes() if not is_login_submission(Request(w["method"], w["uri"], 0))]
    changes = diff_dumps(before, after, EXCLUDED)
    excluded_changes = {str(e): excluded_difference(e, before, after) for e in EXCLUDED}
    (root / "db-diff.json").write_text(json.dumps(changes, indent=1, sort_keys=True, default=str))
    summary = summarise(wiki, done, results, requests, writes, changes, excluded_changes, timings)
    (root / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False, default=str))
    print(
        f"\n[real] MediaWiki acceptance run in {root}\n"
        + json.dumps(summary, indent=1, ensure_ascii=False, default=str),
        flush=True,
    )
    return {
        "root": root,
        "wiki": wiki,
        "done": done,
        "results": results,
        "requests": requests,
        "writes": writes,
        "changes": changes,
        "summary": summary,
    }


def excluded_difference(exclusion: Exclusion, before: dict, after: dict) -> int:
    """How many rows the exclusion hid from the comparison (rows removed + rows added in the excluded data)."""

    def part(dump: dict) -> dict:
        rows = dump.get(exclusion.file, {}).get(exclusion.table, [])
        return {exclusion.file: {exclusion.table: [r for r in rows if exclusion.rows is None or exclusion.rows(r)]}}

    return sum(len(v["removed"]) + len(v["added"]) for v in diff_dumps(part(before), part(after)).values())


def logged_in_pages(results: dict) -> list[dict]:
    return [
        p
        for p in results.get("pages", [])
        if p.get("status") == 200
        and not p.get("error")
        and "UserLogin" not in (p.get("final_url") or "")
        and "UserLogout" not in (p.get("final_url") or "")
    ]


def summarise(
    wiki: MediaWiki,
    done,
    results: dict,
    requests: list[Request],
    writes: list[dict],
    changes: dict,
    excluded_changes: dict,
    timings: dict,
) -> dict:
    pages = results.get("pages", [])
    safety = results.get("safety") or {}
    run = results.get("run", {})
    write_like = [(r, would_write(r)) for r in requests if r.method in SAFE_METHODS and would_write(r)]
    return {
        "ent_audit_source": str(SOURCE),
        "timings": timings,
        "audit_exit_status": done.returncode,
        "audit_stderr_last_line": (done.stderr.strip().splitlines() or [""])[-1],
        "pages_audited": len(pages),
        "pages_audited_logged_in": len(logged_in_pages(results)),
        "pages_with_error": sorted((p["url"], p.get("error")) for p in pages if p.get("error")),
        "requests_measured_in_pages": sum(p.get("requests") or 0 for p in pages if isinstance(p.get("requests"), int)),
        "wiki_requests_total": len(requests),
        "wiki_requests_by_method": dict(Counter(r.method for r in requests)),
        "wiki_requests_by_status": dict(Counter(r.status for r in requests)),
        "login_submissions": sum(1 for r in requests if is_login_submission(r)),
        "non_safe_requests": [f"{r.method} {r.uri} -> {r.status}" for r in requests if r.method not in SAFE_METHODS],
        "non_safe_requests_other_than_login_with_their_fields": writes,
        "write_like_gets_that_reached_the_wiki": [f"{r.method} {r.uri} -> {r.status} ({why})" for r, why in write_like],
        "crawl": {k: v for k, v in run.get("crawl", {}).items() if k in ("blocked_by_safety", "skipped")},
        "safety": {
            "links_not_followed": safety.get("links_not_followed"),
            "requests_blocked": safety.get("requests_blocked"),
            "allowed_writes": safety.get("allowed_writes"),
            "session_lost": safety.get("session_lost"),
        }
        if safety
        else "results.json has no safety section",
        "blocked_in_pages": sorted(
            {
                f"{b.get('method')} {b.get('url')} ({b.get('reason', '')})"
                for p in pages
                for b in (p.get("blocked") or [])
            }
        ),
        "database_changes": {k: {"removed": len(v["removed"]), "added": len(v["added"])} for k, v in changes.items()},
        "database_changes_excluded_by_name": excluded_changes,
        "exclusions": {str(e): e.why for e in EXCLUDED},
    }


def requests_at(row: dict, requests: list[Request]) -> list[str]:
    """The page requests the wiki answered within a second of a changed row's timestamps (MediaWiki writes UTC
    YYYYMMDDHHMMSS timestamps, PHP's server logs its local time: UTC on the machines this runs on)."""
    stamps = {
        datetime.strptime(str(v), "%Y%m%d%H%M%S")
        for k, v in row.items()
        if k.endswith("timestamp") and re.fullmatch(r"\d{14}", str(v or ""))
    }
    return sorted(
        {
            f"{r.method} {r.uri}"
            for r in requests
            for t in stamps
            if r.time and abs((r.time - t).total_seconds()) <= 1 and not STATIC.match(r.uri)
        }
    )


STATIC = re.compile(r"/(load\.php|resources/|skins/|favicon)")


def describe(changes: dict, requests: list[Request], writes: list[dict], limit: int = 40) -> str:
    lines = []
    for table, change in changes.items():
        for kind in ("removed", "added"):
            for row in change[kind][:limit]:
                lines.append(f"{table} {kind}: {json.dumps(row, default=str)[:400]}")
                lines += [f"    at the time of: {uri}" for uri in requests_at(row, requests)]
    suspects = [f"  {r.method} {r.uri} -> {r.status} ({would_write(r)})" for r in requests if would_write(r)]
    posted = [f"  {w['time']} {w['method']} {w['uri']} {json.dumps(w['fields'] or w['body'])}" for w in writes]
    return "\n".join(
        [
            *lines,
            "requests other than GET/HEAD/OPTIONS, the login aside:",
            *posted,
            "GET requests of write-like actions that reached the wiki:",
            *suspects,
        ]
    )


def test_the_audit_finishes(real_audit):
    done = real_audit["done"]
    budget_failure = done.returncode == 1 and "budget" in done.stderr.lower()
    assert done.returncode == 0 or budget_failure, done.stderr[-3000:]
    assert real_audit["results"], "no results.json"


def test_at_least_30_pages_audited_logged_in(real_audit):
    results = real_audit["results"]
    pages = results.get("pages", [])
    on_login = [p["url"] for p in pages if "UserLogin" in (p.get("final_url") or "")]
    assert on_login == [], f"pages that landed on the login form: {on_login}"
    good = logged_in_pages(results)
    assert len(good) >= MIN_PAGES, (len(good), sorted((p["url"], p.get("status"), p.get("error")) for p in pages))
    # MediaWiki's session outlives the crawl: a page taken for the login page (every page shares index.php with
    # the login URL ?title=Special:UserLogin) would show as a session lost and logged in again
    lost = [(p["url"], p["error"]) for p in pages if "session" in (p.get("error") or "")]
    assert lost == [], lost


def test_one_login_for_the_whole_run(real_audit):
    logins = [r for r in real_audit["requests"] if is_login_submission(r)]
    assert len(logins) == 1, [f"{r.method} {r.uri} -> {r.status}" for r in logins]


def test_the_only_write_requests_are_the_login(real_audit):
    requests: list[Request] = real_audit["requests"]
    writes = [
        f"{r.method} {r.uri} -> {r.status}"
        for r in requests
        if r.method not in SAFE_METHODS and not is_login_submission(r)
    ]
    assert writes == [], "\n".join(
        [*writes, "what they carried (router.php):", *(json.dumps(w) for w in real_audit["writes"])]
    )
    assert any(is_login_submission(r) for r in requests), "the administrator never logged in"


def test_the_database_is_unchanged(real_audit):
    changes = real_audit["changes"]
    assert changes == {}, f"the audit changed the wiki's data (see {real_audit['root']}/db-diff.json):\n" + describe(
        changes, real_audit["requests"], real_audit["writes"]
    )
