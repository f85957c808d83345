"""ent-audit compare-sites: ENTs side by side by page kind (reports/sites.py, crawler/compare_sites.py)."""

from __future__ import annotations

import json
import re

import pytest

from ent_audit.crawler.commands import main as cli_main
from ent_audit.reports.render import NBSP, render_sites
from ent_audit.reports.sites import DEFAULT_KINDS, OTHER, compare_sites, page_kind
from tests.conftest import CREDENTIALS, login_config, run_cli
from tests.reports.test_report_pillars import _axe_violations


@pytest.mark.parametrize(
    "url, kind",
    [
        ("https://ent.example.fr/", "accueil"),
        ("https://ent.example.fr/cas/login?service=x", "connexion"),
        ("https://ent.example.fr/conversation/conversation#/message/1", "messagerie"),
        ("https://ent.example.fr/workspace/workspace", "documents"),
        ("https://ent.example.fr/calendar/calendar?month=2026-10", "agenda"),
        ("https://ent.example.fr/blog/post/3", "blog et actualités"),
        ("https://ent.example.fr/vie-scolaire", "vie scolaire"),
        ("https://ent.example.fr/mentions-legales", OTHER),
    ],
)
def test_default_kinds(url, kind):
    assert page_kind(url, DEFAULT_KINDS) == kind


def test_custom_kinds_first_match_wins_and_fragments_count():
    kinds = {"messagerie": ["/conversation/*#/message/*"], "liste": ["/conversation/*"]}
    assert page_kind("https://e/conversation/conversation#/message/2", kinds) == "messagerie"
    assert page_kind("https://e/conversation/conversation#/inbox", kinds) == "liste"
    assert page_kind("https://e/blog", kinds) == OTHER


def page(url, size, eco, violations=0, status=200):
    return {
        "url": url,
        "status": status,
        "error": "" if status == 200 else "HTTP 500",
        "loaded": status == 200,
        "transfer_bytes": size,
        "requests": 10,
        "ecoindex": {"score": eco, "grade": "C"} if eco is not None else None,
        "accessibility": {"engine": "axe-core 4.11", "violations": [{"rule": f"r{i}"} for i in range(violations)]},
    }


def results(site, pages):
    return {
        "run": {"id": f"run-{site}", "site": site, "profile": "élève", "started_at": "2026-11-30T01:00:00Z"},
        "pages": pages,
    }


def test_compare_sites_means_per_kind():
    a = results(
        "A",
        [
            page("https://a/", 100_000, 80.0, 2),
            page("https://a/blog/post/1", 300_000, 60.0),
            page("https://a/blog/post/2", 500_000, 40.0, 4),
            page("https://a/blog/post/3", 1, None, 0, 500),
        ],
    )
    b = results("B", [page("https://b/", 50_000, 90.0), page("https://b/messagerie/inbox", 70_000, 70.0, 1)])
    comparison = compare_sites([a, b], DEFAULT_KINDS)
    assert [s["site"] for s in comparison["sites"]] == ["A", "B"]
    kinds = {k["kind"]: k["sites"] for k in comparison["kinds"]}
    assert list(kinds) == ["accueil", "messagerie", "blog et actualités"]  # the mapping's order, kinds seen only
    blog_a, blog_b = kinds["blog et actualités"]
    assert blog_b is None  # B has no page of that kind
    assert blog_a["pages"] == 3 and blog_a["pages_error"] == 1  # the page in error is counted, not averaged
    assert blog_a["mean_bytes"] == 400_000 and blog_a["mean_ecoindex"] == 50.0 and blog_a["violations_per_page"] == 2
    assert comparison["sites"][1]["overall"]["mean_bytes"] == 60_000
    html = render_sites(comparison)
    assert html.count("<table>") == 1 + 3 and "aucune page de ce type" in html
    assert f'<td class="n">400{NBSP}ko</td>' in html and "<script" not in html
    assert "ENTs compared by page kind" in render_sites(comparison, "en")


def test_bad_kinds_and_too_few_sites_are_one_line_errors(tmp_path, capsys):
    config = tmp_path / "ent.toml"
    config.write_text('start_urls = ["http://127.0.0.1:9/"]\n[kinds]\nmessagerie = "conversation"\n', encoding="utf-8")
    assert cli_main(["--lang", "en", "audit", "--config", str(config), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "[kinds] messagerie must be a list of strings" in err
    config.write_text('[kinds]\nmessagerie = ["conversation/*"]\n', encoding="utf-8")
    assert (
        cli_main(["--lang", "en", "compare-sites", "--site", "A", "--kinds", str(config), "--out", str(tmp_path / "o")])
        == 2
    )
    assert "needs at least two ENTs" in capsys.readouterr().err
    assert (
        cli_main(
            [
                "--lang",
                "en",
                "compare-sites",
                "--site",
                "A",
                "--site",
                "B",
                "--kinds",
                str(config),
                "--out",
                str(tmp_path / "o"),
                "--db",
                str(tmp_path / "h.sqlite"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "starting with / or *" in err


@pytest.mark.browser
def test_compare_sites_on_two_demo_variants(make_ent, tmp_path):
    """ENT A audited first (history store), ENT B (the hardened demo) audited by compare-sites itself."""
    db = tmp_path / "history.sqlite"
    plain, hardened = make_ent(), make_ent(hardened=True)
    first = login_config(plain, tmp_path / "a.toml")
    first.write_text(first.read_text(encoding="utf-8").replace("ENT de démonstration", "ENT A"), encoding="utf-8")
    done = run_cli(
        "audit",
        plain.base_url + "/",
        "--config",
        str(first),
        "--out",
        str(tmp_path / "a"),
        "--db",
        str(db),
        "--max-depth",
        "1",
        "--max-pages",
        "6",  # the portal, the messaging and the timeline among them: each kind has pages on both sides
        env=CREDENTIALS,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    second = login_config(
        hardened,
        tmp_path / "b.toml",
        extra=(
            "[crawl]\nmax_depth = 1\nmax_pages = 6\n[capture]\nsample_pages = 0\n[lighthouse]\npages = 0\n"
            '[kinds]\nmessagerie = ["/conversation/*"]\naccueil = ["/", "/timeline/*"]\n'
        ),
    )
    second.write_text(
        second.read_text(encoding="utf-8").replace(
            'site = "ENT de démonstration"', f'site = "ENT B"\nstart_urls = ["{hardened.base_url}/"]'
        ),
        encoding="utf-8",
    )
    done = run_cli(
        "compare-sites",
        "--site",
        "ENT A",
        "--config",
        str(second),
        "--db",
        str(db),
        "--out",
        str(tmp_path / "cmp"),
        "--quiet",
        env=CREDENTIALS,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    comparison = json.loads((tmp_path / "cmp" / "compare-sites.json").read_text(encoding="utf-8"))
    assert [s["site"] for s in comparison["sites"]] == ["ENT B", "ENT A"]  # audited first, then from the store
    assert comparison["kinds_patterns"] == {"messagerie": ["/conversation/*"], "accueil": ["/", "/timeline/*"]}
    kinds = {k["kind"]: k["sites"] for k in comparison["kinds"]}
    assert set(kinds) == {"messagerie", "accueil", OTHER}
    assert all(f is not None and f["pages"] >= 1 for k in ("messagerie", "accueil") for f in kinds[k])
    a_results = json.loads((tmp_path / "a" / "results.json").read_text(encoding="utf-8"))
    assert comparison["sites"][1]["overall"]["pages"] == len(a_results["pages"])
    assert (tmp_path / "cmp" / "ent-b" / "results.json").exists()  # B's own audit outputs
    html = (tmp_path / "cmp" / "compare-sites.html").read_text(encoding="utf-8")
    for table in re.findall(r"<table>.*?</table>", html, re.S):  # side by side: both ENTs in every table
        assert '<th scope="row">ENT A</th>' in table and '<th scope="row">ENT B</th>' in table
    assert _axe_violations(html) == []
