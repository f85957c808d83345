"""pages.csv, resources.csv, junit.xml and gl-code-quality.json written beside results.json by a real audit."""

import csv
import json
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.browser
REQUIRED_CODE_QUALITY = {"description", "check_name", "fingerprint", "severity", "location"}


def test_csv_exports_match_results(demo_audit):
    pages = demo_audit.results["pages"]
    with open(demo_audit.out / "pages.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["url"] for r in rows] == [p["url"] for p in pages]
    assert [int(r["transfer_bytes"]) for r in rows] == [p["transfer_bytes"] for p in pages]
    assert [int(r["requests"]) for r in rows] == [p["requests"] for p in pages]
    with open(demo_audit.out / "resources.csv", encoding="utf-8", newline="") as handle:
        resources = list(csv.DictReader(handle))
    assert len(resources) == sum(len(p["resources"]) for p in pages)
    for page in pages:  # per page, the resources' bytes add up to the page's
        assert (
            sum(int(r["transfer_bytes"]) for r in resources if r["page_url"] == page["url"]) == page["transfer_bytes"]
        )


def test_junit_has_budgets_per_page_and_failing_rules(demo_audit):
    root = ET.parse(demo_audit.out / "junit.xml").getroot()
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    pages = demo_audit.results["pages"]
    assert set(suites) == {p["url"] for p in pages} | {"site"}
    for page in pages:
        suite = suites[page["url"]]
        names = [c.get("name") for c in suite.iter("testcase")]
        if not page["error"]:
            assert names[:2] == ["budget: page weight", "budget: requests"]
        fails = {f["ref"] for f in page["findings"] if f["verdict"] == "fail"} - {"RGESN-6.1"}
        assert {n.split(":")[0] for n in names if n.startswith(("RGESN-", "RGAA-"))} == fails
        assert int(suite.get("failures")) == sum(1 for c in suite.iter("testcase") if c.find("failure") is not None)
    home = suites[pages[0]["url"]]
    weight = next(c for c in home.iter("testcase") if c.get("name") == "budget: page weight")
    assert (weight.find("failure") is not None) == (pages[0]["transfer_bytes"] > 1_000_000)
    site = [c.get("name") for c in suites["site"].iter("testcase")]
    assert "DOCTRINE-https: HTTPS everywhere, HTTP redirected to HTTPS" in site


def test_gitlab_code_quality(demo_audit):
    issues = json.loads((demo_audit.out / "gl-code-quality.json").read_text(encoding="utf-8"))
    assert issues and all(REQUIRED_CODE_QUALITY <= set(i) for i in issues)
    assert all(i["severity"] in {"info", "minor", "major", "critical", "blocker"} for i in issues)
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab deduplicates on it
    pages = demo_audit.results["pages"]
    violations = sum(len(p["accessibility"].get("violations") or []) for p in pages)
    failing = sum(1 for p in pages for f in p["findings"] if f["verdict"] == "fail")
    doctrine = sum(
        1 for f in demo_audit.results["site"]["findings"] if f["verdict"] == "fail" and f["ref"].startswith("DOCTRINE-")
    )
    assert len(issues) == violations + failing + doctrine


def test_report_rendered_again_from_the_store_equals_the_one_written_at_crawl_time(demo_audit, tmp_path):
    from tests.conftest import run_cli

    run_id = demo_audit.results["run"]["id"]
    done = run_cli("report", "--run", run_id, "--db", str(demo_audit.db), "--out", str(tmp_path / "again"))
    assert done.returncode == 0, done.stderr
    for name in ("report.html", "results.json", "pages.csv", "resources.csv", "junit.xml", "gl-code-quality.json"):
        assert (tmp_path / "again" / name).read_bytes() == (demo_audit.out / name).read_bytes(), name
    latest = run_cli(
        "report",
        "--latest",
        "--db",
        str(demo_audit.db),
        "--format",
        "junit",
        "--lang",
        "en",
        "--out",
        str(tmp_path / "junit-only"),
    )
    assert latest.returncode == 0 and [p.name for p in (tmp_path / "junit-only").iterdir()] == ["junit.xml"]


def test_report_command_errors_are_one_line(demo_audit, tmp_path):
    from tests.conftest import run_cli

    cases = [
        (["--run", "nope", "--db", str(demo_audit.db)], "no run nope in"),
        (["--latest", "--db", str(tmp_path / "none.sqlite")], "not found"),
        (["--latest", "--db", str(demo_audit.db), "--format", "html,docx"], "unknown --format docx"),
        (["--db", str(demo_audit.db)], "one of the arguments --run --latest is required"),
    ]
    for args, message in cases:
        done = run_cli("report", *args, "--out", str(tmp_path / "o"), "--lang", "en")
        assert done.returncode == 2 and message in done.stderr and len(done.stderr.strip().splitlines()) == 1, (
            args,
            done.stderr,
        )
        assert "Traceback" not in done.stderr
