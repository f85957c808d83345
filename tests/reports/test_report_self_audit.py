"""Sober by example: ent-audit audits its own report (served on loopback, French and English) and finds it light
and free of axe-core violations."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.browser

REPORT_BUDGET = 300_000  # bytes, the bound for the demo's report


@pytest.fixture
def served_reports(demo_audit, tmp_path):
    """report.html of the demo audit, and the same run rendered in English from the store, on a loopback server."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(demo_audit.out / "report.html", site / "report.html")
    again = run_cli(
        "report",
        "--run",
        demo_audit.results["run"]["id"],
        "--db",
        str(demo_audit.db),
        "--format",
        "html",
        "--lang",
        "en",
        "--out",
        str(tmp_path / "en"),
    )
    assert again.returncode == 0, again.stderr
    shutil.copy(tmp_path / "en" / "report.html", site / "report-en.html")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", site
    finally:
        server.shutdown()
        server.server_close()


def test_ent_audit_finds_its_own_report_light_and_accessible(served_reports, tmp_path):
    base, site = served_reports
    urls = [f"{base}/report.html", f"{base}/report-en.html"]
    done = run_cli(
        "audit", *urls, "--max-depth", "0", "--out", str(tmp_path / "self"), "--db", str(tmp_path / "self.sqlite")
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((tmp_path / "self" / "results.json").read_text(encoding="utf-8"))
    pages = {page["url"]: page for page in results["pages"]}
    assert set(pages) == set(urls)
    for url, page in pages.items():
        name = url.rsplit("/", 1)[1]
        size = (site / name).stat().st_size
        assert page["status"] == 200 and not page["error"]
        assert size < REPORT_BUDGET, (name, size)
        assert page["requests"] == 1, page["resources"]  # self-contained: nothing else is fetched
        assert page["accessibility"]["engine"].startswith("axe-core")
        assert page["accessibility"]["violations"] == [], (name, page["accessibility"]["violations"])


def test_methodology_names_every_tool_version_and_the_settings(demo_audit):
    run = demo_audit.results["run"]
    assert run["browser"].startswith("Chromium ") and run["browser"][9:].split(".")[0].isdigit()
    html = (demo_audit.out / "report.html").read_text(encoding="utf-8")
    method = html[html.index('id="methodologie"') :]
    engine = demo_audit.results["summary"]["accessibility"]["engine"]
    for term, value in (
        ("ent-audit", run["tool_version"]),
        ("Moteur d’accessibilité", engine),
        ("Navigateur", run["browser"]),
        ("Lighthouse", "non lancé"),
    ):
        assert f"<dt>{term}</dt><dd>{value}</dd>" in method, term
    assert (
        "<dt>Périmètre</dt><dd>45 pages au plus, profondeur de liens 3 au plus, 3 par modèle d’URL, 1 page "
        "chargée à la fois</dd>"
    ) in method
    assert "<dt>Budgets par page</dt><dd>1\u00a0Mo et 30 requêtes (RGESN 6.1)</dd>" in method
    assert "<h3>Sécurité du crawl</h3>" in method and "<h3>Limites connues</h3>" in method
