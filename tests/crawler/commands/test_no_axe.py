"""axe-core unavailable: ``ent-audit audit`` stops before the crawl with one line and exit 3; ``--no-axe`` audits
without accessibility, and results.json and the report (fr and en) say plainly that it was not tested."""

from __future__ import annotations

import json

import pytest

from ent_audit.crawler.commands.options import EXIT_CANNOT_RUN
from ent_audit.demo_ent.server import DemoENT
from ent_audit.reports.render import render_report
from tests.conftest import CREDENTIALS, login_config, run_cli


def _audit(ent: DemoENT, work, *flags: str, env: dict | None = None):
    return run_cli(
        "audit",
        ent.base_url + "/aide",
        "--config",
        str(login_config(ent, work / "ent.toml")),
        "--out",
        str(work / "out"),
        "--db",
        str(work / "h.sqlite"),
        "--max-depth",
        "0",
        "--quiet",
        *flags,
        env={**CREDENTIALS, **(env or {})},
    )


@pytest.mark.browser  # an audit run (stopped before its browser starts)
def test_axe_unavailable_stops_before_the_crawl(tmp_path):
    with DemoENT().start() as ent:
        process = _audit(
            ent, tmp_path, "--lang", "en", env={"ENT_AUDIT_AXE_PATH": str(tmp_path / "gone" / "axe.min.js")}
        )
        log = ent.entries()
    assert process.returncode == EXIT_CANNOT_RUN == 3, process.stderr[-2000:]
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ent-audit: error: axe-core not found at "), lines
    assert str(tmp_path / "gone") in lines[0] and "--no-axe" in lines[0]
    assert log == [] and not (tmp_path / "out").exists()


@pytest.mark.browser
def test_no_axe_says_accessibility_was_not_tested(tmp_path):
    with DemoENT().start() as ent:
        process = _audit(ent, tmp_path, "--no-axe", env={"ENT_AUDIT_AXE_PATH": str(tmp_path / "gone" / "axe.min.js")})
    assert process.returncode == 0, process.stderr[-2000:]
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert results["run"]["accessibility"]["tested"] is False
    assert "--no-axe" in results["run"]["accessibility"]["reason"]
    assert results["summary"]["accessibility"]["pages_tested"] == 0
    assert results["pages"] and all(not (p.get("accessibility") or {}).get("engine") for p in results["pages"])
    french = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    english = render_report(results, "en")
    for html, said, never in (
        (french, "Accessibilité non testée", ("0 problème", "page testée avec", "pages testées avec", "RGAA en échec")),
        (english, "Accessibility not tested", ("0 issue", "tested with", "RGAA criteri")),
    ):
        assert said in html and "--no-axe" in html
        for claim in never:
            assert claim not in html, claim
