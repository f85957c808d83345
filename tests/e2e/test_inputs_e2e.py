"""--sitemap and --urls-file on the demo ENT (real Chromium): exactly the listed pages are audited, the read-only
policy still spares a listed logout URL, other sites' URLs are refused, and bad lists stop with one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ent_audit.demo_ent import sitemap
from ent_audit.demo_ent.server import DemoENT
from tests.conftest import CREDENTIALS, login_config, run_cli

pytestmark = pytest.mark.browser


def audited(out: Path) -> set[str]:
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {page["url"] for page in results["pages"]}


def test_sitemap_from_robots_and_urls_file_audit_exactly_the_listed_pages(tmp_path: Path) -> None:
    """One logged-in crawl: robots.txt → the public sitemap index → the private gzip sitemap (fetched with the
    session), plus a URL file; nothing else is loaded as a page, no link is followed, the template cap (3) does not
    cut the list's four blog posts."""
    with DemoENT().start() as ent:
        base = ent.base_url
        urls_file = tmp_path / "pages.txt"
        urls_file.write_text(f"# one more page\n{base}/actualites\n{base}/blog/post/1\n", encoding="utf-8")
        out = tmp_path / "out"
        process = run_cli(
            "audit",
            base + "/",
            "--sitemap",
            "robots",
            "--urls-file",
            str(urls_file),
            "--config",
            str(login_config(ent, tmp_path / "ent.toml")),
            "--out",
            str(out),
            "--db",
            str(tmp_path / "history.sqlite"),
            "--no-axe",
            env=CREDENTIALS,
        )
        log = ent.entries()
    assert process.returncode == 0, process.stderr[-3000:]
    listed = {base + path for path in sitemap.AUDITED_PATHS}
    assert audited(out) == listed | {base + "/actualites"}
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    spared = [e for entry in results["safety"]["links_not_followed"] for e in entry["examples"]]
    assert base + "/auth/logout" in spared  # listed, yet never loaded: the policy judged it as any link
    assert not [e for e in log if e.path.startswith("/auth/logout")]
    assert "1 URL(s) outside" in process.stderr and "https://example.org/autre-site" in process.stderr
    fetched = [e for e in log if e.path in ("/robots.txt", sitemap.INDEX_PATH, sitemap.PAGES_PATH)]
    assert {e.path for e in fetched} == {"/robots.txt", sitemap.INDEX_PATH, sitemap.PAGES_PATH}
    assert all(e.method == "GET" and e.user_agent.startswith("ent-audit/") for e in fetched)
    private = [e for e in fetched if e.path == sitemap.PAGES_PATH]
    assert len(private) == 1 and private[0].status == 200  # the session went with it: not the CAS login page
    assert results["run"]["settings"]["crawl"]["max_depth"] == 0


def test_a_urls_file_alone_names_the_site(tmp_path: Path, demo_ent: DemoENT) -> None:
    """No start URL: the site is the file's; anonymous, one public page."""
    urls_file = tmp_path / "pages.txt"
    urls_file.write_text(f"{demo_ent.base_url}/aide\n", encoding="utf-8")
    out = tmp_path / "out"
    process = run_cli(
        "audit", "--urls-file", str(urls_file), "--out", str(out), "--db", str(tmp_path / "h.sqlite"), "--no-axe"
    )
    assert process.returncode == 0, process.stderr[-3000:]
    assert audited(out) == {demo_ent.base_url + "/aide"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--sitemap", "{base}/pas-de-sitemap.xml"), "sitemap {base}/pas-de-sitemap.xml: HTTP 404"),
        (
            ("{base}/", "--sitemap", "https://example.org/sitemap.xml"),
            "sitemap https://example.org/sitemap.xml not fetched (out of scope)",
        ),
    ],
)
def test_an_unusable_sitemap_is_one_line_exit_2(tmp_path: Path, demo_ent: DemoENT, args: tuple, message: str) -> None:
    """Fetched and failed, or refused before any request (what is not a sitemap: tests/crawler/test_inputs.py)."""
    base = demo_ent.base_url
    process = run_cli(
        "audit",
        *(a.format(base=base) for a in args),
        "--out",
        str(tmp_path / "out"),
        "--db",
        str(tmp_path / "h.sqlite"),
        "--no-axe",
        *("--lang", "en"),  # its English message (the crawl's own stops stay English in a French run: README)
    )
    assert process.returncode == 2, process.stderr[-3000:]
    errors = [line for line in process.stderr.splitlines() if line.startswith("ent-audit: error:")]
    assert errors == [f"ent-audit: error: {message.format(base=base)}"]


def test_the_cli_stops_on_a_bad_urls_file_before_anything_runs(tmp_path: Path) -> None:
    path = tmp_path / "pages.txt"
    path.write_text("https://ent.example.invalid/\nentree\n", encoding="utf-8")
    process = run_cli(
        *("audit", "--urls-file", str(path), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "h")),
        *("--lang", "en"),  # its English message (the French one: tests/crawler/commands/test_language.py)
    )
    assert process.returncode == 2
    assert process.stderr.strip() == (
        f"ent-audit: error: --urls-file {path} line 2: 'entree' is not an http(s) URL: give a full address such as "
        "https://ent.example.fr/"
    )
    assert not (tmp_path / "out").exists()
