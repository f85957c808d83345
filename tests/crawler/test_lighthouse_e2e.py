"""The Lighthouse cross-check, with the real pinned Lighthouse against the demo ENT, logged in; and its failure
modes: a missing binary stops the run before the crawl (exit 3); a run that times out is said page by page, and the
audit completes."""

from __future__ import annotations

import json
import subprocess

import pytest

from ent_audit.audits.lighthouse import parse_report
from ent_audit.demo_ent.server import DemoENT
from tests.conftest import CREDENTIALS, ROOT, login_config, run_cli

LHCI = ROOT / "node_modules" / ".bin" / "lhci"


def audit(ent: DemoENT, work, *flags: str, extra: str = "", env: dict | None = None) -> dict:
    config = login_config(ent, work / "ent.toml", extra)
    process = run_cli(
        "audit",
        ent.base_url + "/timeline/timeline",
        ent.base_url + "/aide",
        "--config",
        str(config),
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
    assert process.returncode == 0, process.stderr[-3000:]
    return json.loads((work / "out" / "results.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lighthouse_run(tmp_path_factory):
    with DemoENT().start() as ent:
        work = tmp_path_factory.mktemp("lighthouse")
        yield ent, work, audit(ent, work, "--lighthouse", "2")


@pytest.mark.browser
def test_lighthouse_runs_logged_in_on_the_page_itself(lighthouse_run):
    ent, _, results = lighthouse_run
    assert results["run"]["lighthouse"]["ran"] == 2 and results["run"]["lighthouse"]["skipped"] == []
    pages = {p["url"]: p for p in results["pages"]}
    timeline = pages[ent.base_url + "/timeline/timeline"]  # needs the login
    assert timeline["lighthouse"]["final_url"] == ent.base_url + "/timeline/timeline"  # not the CAS login page
    assert "note" not in timeline["lighthouse"]
    for page in pages.values():
        scores = page["lighthouse"]["categories"]
        assert set(scores) == {"performance", "accessibility", "best-practices", "seo"}
        assert all(0 <= s <= 1 for s in scores.values())
        # a fresh Chromium profile per page: Lighthouse sees the same cold-cache bytes as our measure
        assert page["lighthouse"]["metrics"]["total_byte_weight"] == page["transfer_bytes"]
        assert page["lighthouse"]["metrics"]["lcp_ms"] > 0


@pytest.mark.browser
def test_lighthouserc_is_accepted_by_lhci_assert(lighthouse_run, tmp_path):
    _, work, _ = lighthouse_run
    out = work / "out"
    rc = json.loads((out / "lighthouserc.json").read_text(encoding="utf-8"))
    assert rc["ci"]["assert"]["assertions"]["resource-summary:total:size"] == ["error", {"maxNumericValue": 1_000_000}]
    done = subprocess.run(
        [str(LHCI), "assert", "--config=lighthouserc.json"], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Checking assertions against 2 URL(s)" in done.stdout + done.stderr
    # the same results against a budget they break: lhci really evaluates the assertions
    rc["ci"]["assert"]["assertions"]["resource-summary:total:size"][1]["maxNumericValue"] = 10_000
    (out / "tight.json").write_text(json.dumps(rc), encoding="utf-8")
    tight = subprocess.run(
        [str(LHCI), "assert", "--config=tight.json"], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert tight.returncode == 1 and "resource-summary" in tight.stdout + tight.stderr


@pytest.mark.browser
def test_report_shows_lighthouse_beside_our_measures(lighthouse_run):
    _, work, _ = lighthouse_run
    html = (work / "out" / "report.html").read_text(encoding="utf-8")
    assert "Lighthouse" in html and "12.2.3" in html


@pytest.mark.browser  # an audit run (stopped before its browser starts)
def test_missing_lighthouse_stops_the_run_before_the_crawl(tmp_path):
    """Lighthouse asked for and not found: exit 3 with one line (what, where, how to fix), nothing crawled or
    written; ``--lighthouse 0`` is the way to audit without it (the other tests of this file run that way)."""
    with DemoENT().start() as ent:
        config = login_config(ent, tmp_path / "ent.toml")
        process = run_cli(
            "audit",
            ent.base_url + "/aide",
            "--config",
            str(config),
            "--out",
            str(tmp_path / "out"),
            "--db",
            str(tmp_path / "h.sqlite"),
            "--lighthouse",
            "1",
            "--lang",
            "en",
            env={**CREDENTIALS, "ENT_AUDIT_LIGHTHOUSE": str(tmp_path / "nowhere")},
        )
        log = ent.entries()
    assert process.returncode == 3, process.stderr[-2000:]
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ent-audit: error: Lighthouse not found at "), lines
    assert "nowhere" in lines[0] and "ENT_AUDIT_LIGHTHOUSE" in lines[0] and "--lighthouse 0" in lines[0]
    assert log == [] and not (tmp_path / "out").exists() and not (tmp_path / "h.sqlite").exists()


@pytest.mark.browser
def test_a_run_that_times_out_is_skipped(tmp_path):
    with DemoENT().start() as ent:
        results = audit(ent, tmp_path, "--lighthouse", "1", extra="[lighthouse]\ntimeout_s = 1\n")
    facts = results["run"]["lighthouse"]
    assert facts["ran"] == 0 and facts["skipped"][0]["reason"] == "Lighthouse did not finish within 1 s"
    assert "did not finish within 1" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_parse_report_of_a_failed_run():
    parsed = parse_report(
        {
            "lighthouseVersion": "12.2.3",
            "finalDisplayedUrl": "https://e.fr/",
            "runtimeError": {"code": "NO_FCP", "message": "The page did not paint any content."},
            "categories": {"performance": {"score": None}},
            "audits": {},
        }
    )
    assert parsed["categories"]["performance"] is None and parsed["metrics"]["requests"] is None
    assert parsed["runtime_error"] == "The page did not paint any content."
