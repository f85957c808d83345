"""The HTML drafts pass our own accessibility audit: served on loopback, audited by ent-audit (axe-core and the RGAA
checks of its own), with zero violations: the accessibility statement with placeholders and completed, and the
eco-design declaration."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from ent_audit.crawler.config import Config
from ent_audit.reports.declarations.accessibility import build_statement, render
from ent_audit.reports.declarations.ecodesign import write_ecodesign_declaration
from tests.conftest import run_cli
from tests.reports.declarations.test_accessibility import FULL, HUMAN_AUDIT

pytestmark = pytest.mark.browser


@pytest.fixture
def served_drafts(golden_results, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "brouillon.html").write_text(render(build_statement(golden_results, FULL.__class__()), "html"), "utf-8")
    complete = replace(FULL, rgaa_rate=72, **HUMAN_AUDIT)
    (site / "complete.html").write_text(render(build_statement(golden_results, complete), "html"), "utf-8")
    written = write_ecodesign_declaration(golden_results, Config().declaration, [], tmp_path)
    html = next(path for path in written if path.suffix == ".html")
    (site / "ecoconception.html").write_text(html.read_text(encoding="utf-8"), "utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_html_drafts_have_no_accessibility_violation(served_drafts, tmp_path: Path):
    urls = [f"{served_drafts}/{name}.html" for name in ("brouillon", "complete", "ecoconception")]
    done = run_cli("audit", *urls, "--max-depth", "0", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "db"))
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    pages = {page["url"]: page for page in results["pages"]}
    assert set(pages) == set(urls)
    for url, page in pages.items():
        assert page["status"] == 200 and not page["error"] and page["requests"] == 1  # self-contained
        assert page["accessibility"]["engine"].startswith("axe-core") and not page["accessibility"]["incomplete"]
        assert page["accessibility"]["violations"] == [], (url, page["accessibility"]["violations"])
        assert {"RGAA-12.7", "RGAA-10.11", "RGAA-9.1"} <= {f["ref"] for f in page["findings"]}  # they ran
        failed = [f["ref"] for f in page["findings"] if f["ref"].startswith("RGAA") and f["verdict"] == "fail"]
        assert failed == [], (url, failed)  # ent-audit's own RGAA checks: headings, language, skip link, reflow…
