"""One straight way from facts to findings: audits/judge.py judges, the store keeps its judgement, reports/ draws it.

These tests read the source of ``reports/`` (so that a verdict or an evidence sentence written there fails them),
and check that the judgement is made once, stored with the run and read back, and drawn in one language only.
"""

from __future__ import annotations

import ast
import gzip
import re
import sqlite3
from pathlib import Path

import pytest

from ent_audit.audits.judge import judge_run
from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.crawler.runner import judge_stored_run, render_from_store
from ent_audit.reports import results as results_module
from ent_audit.reports.results import build_results
from ent_audit.reports.store import Store

REPORTS = Path(__file__).resolve().parents[2] / "reports"
GOLDEN = Path(__file__).parents[1] / "golden"
RUN_ID = "20261206T204117Z-ac3a00"

# audits modules that judge: reports/ must not call them (the judge's output is in the stored run)
JUDGING_MODULES = {
    "ent_audit.audits.judge",
    "ent_audit.audits.rules",
    "ent_audit.audits.doctrine",
    "ent_audit.audits.resources",
    "ent_audit.audits.security",
}
JUDGING_NAMES = {
    "page_findings",
    "site_view",
    "title_findings",
    "statement_view",
    "run_rules",
    "run_site_rules",
    "site_verdict",
    "judge_run",
    "rule_by_ref",
    "page_loaded",
    "Finding",
    "RuleSettings",
}
# The loader judges a run stored without its judgement (older stores, runs still running): the one exception.
# The store sums up a run when it closes, before the judge runs: it counts pages in error with the one definition.
ALLOWED = {
    ("results.py", "_judge_now", "ent_audit.audits.judge", "judge_run"),
    ("store.py", "", "ent_audit.audits.model", "page_loaded"),
}
VERDICT_PATTERNS = [
    (re.compile(r"""["']verdict["']\s*:\s*["'](pass|fail|na|manual|not_measured)["']"""), "a verdict written"),
    (re.compile(r"""\[["']verdict["']\]\s*=[^=]"""), "a verdict assigned"),
    (re.compile(r"<\s*400\b"), "an HTTP status judged (whether a page loaded)"),
    (re.compile(r"""\[["']evidence["']\]\s*=[^=]|["']evidence["']\s*:\s*(\[|f["'])"""), "evidence written"),
    (
        re.compile(r"""(\d+|\})\s*pages? (pass|fail)|(missing|uncompressed|not minified|without) .* on \{"""),
        "an evidence sentence",
    ),
]


def offences(source: str, name: str) -> list[str]:
    """What in one module of reports/ judges: imports of the judge or its rules, verdicts or evidence written."""
    found = []
    tree = ast.parse(source)
    functions = {id(node): fn.name for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef) for node in ast.walk(fn)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ent_audit.audits"):
            for alias in node.names:
                where = (name, functions.get(id(node), ""), node.module, alias.name)
                if (node.module in JUDGING_MODULES or alias.name in JUDGING_NAMES) and where not in ALLOWED:
                    found.append(f"{name}:{node.lineno} imports {node.module}.{alias.name}")
        if isinstance(node, ast.Import):
            found += [f"{name}:{node.lineno} imports {a.name}" for a in node.names if a.name in JUDGING_MODULES]
    for number, line in enumerate(source.splitlines(), 1):
        code = line.split("#", 1)[0]
        for pattern, what in VERDICT_PATTERNS:
            if pattern.search(code):
                found.append(f"{name}:{number} {what}: {line.strip()}")
    return found


def test_reports_decide_no_verdict_and_write_no_evidence():
    found = [o for path in sorted(REPORTS.rglob("*.py")) for o in offences(path.read_text("utf-8"), path.name)]
    assert found == []


@pytest.mark.parametrize(
    "snippet",
    [
        "from ent_audit.audits.judge import run_rules\n",
        "from ent_audit.audits.rgaa import site_view\n",
        "def f(page):\n    return 200 <= page['status'] < 400\n",
        "def f(x):\n    return {'ref': 'RGESN-6.1', 'verdict': 'fail'}\n",
        "def f(finding):\n    finding['evidence'] = [f'{n} pages fail']\n",
        "def f(n):\n    return f'{n} pages fail'\n",
        "def _judge_now(rows):\n    from ent_audit.audits.judge import judge_run\n",  # allowed in results.py only
    ],
)
def test_the_grep_finds_what_it_forbids(snippet):
    assert offences(snippet, "render.py")


def test_the_one_exception_is_the_loader_of_an_unjudged_run():
    source = "def _judge_now(rows):\n    from ent_audit.audits.judge import judge_run\n"
    assert offences(source, "results.py") == []


def capture(path: str, status: int = 200, error: str = "") -> PageCapture:
    url = "https://ent.example.fr" + path
    return PageCapture(
        url=url,
        final_url=url,
        status=status,
        error=error,
        mime="text/html",
        dom_elements=100,
        requests=[
            RequestRecord(
                url=url,
                resource_type="document",
                status=status or 0,
                mime="text/html",
                transfer_bytes=2_000_000,
                decoded_bytes=2_000_000,
                protocol="h2",
            )
        ],
    )


def test_judged_once_at_the_end_of_the_run_then_read_back(tmp_path, monkeypatch):
    with Store(tmp_path / "h.sqlite") as store:
        run_id = store.start_run(
            start_urls=["https://ent.example.fr/"], tool_version="0", site="x", profile="p", settings={}
        )
        for page in (capture("/"), capture("/gone", 404), capture("/down", 0, "net::ERR_FAILED")):
            store.save_page(run_id, page, None)
        judged = build_results(store, run_id)  # not judged yet: the loader judges it as it reads it
        store.finish_run(run_id, status="finished", stats={})
        judge_stored_run(store, run_id)

        def no_judge(*args, **kwargs):
            raise AssertionError("the run was judged again")

        monkeypatch.setattr(results_module, "_judge_now", no_judge)
        stored = build_results(store, run_id)
    assert stored["pages"] == judged["pages"] and stored["site"] == judged["site"]
    assert [p["loaded"] for p in stored["pages"]] == [True, False, False]
    assert {f["ref"]: f["verdict"] for f in stored["pages"][0]["findings"]}["RGESN-6.1"] == "fail"
    assert not [f for f in stored["pages"][1]["findings"] if f["ref"].startswith("RGESN-")]  # a 404 is not judged
    assert stored["rules"]["RGESN-6.1"]["title"]["en"] == "Page weight and request count within budget"


def test_a_page_saved_after_the_judgement_is_judged_with_the_others(tmp_path):
    with Store(tmp_path / "h.sqlite") as store:
        run_id = store.start_run(
            start_urls=["https://ent.example.fr/"], tool_version="0", site="x", profile="p", settings={}
        )
        store.save_page(run_id, capture("/"), None)
        judge_stored_run(store, run_id)
        store.save_page(run_id, capture("/late"), None)  # a resumed run: the stored judgement no longer fits
        results = build_results(store, run_id)
    assert [len(p["findings"]) > 0 for p in results["pages"]] == [True, True]


def test_judge_run_is_pure_and_repeatable():
    pages = [capture("/"), capture("/b")]
    run = {"settings": {}, "facts": {}, "start_urls": ["https://ent.example.fr/"]}
    assert judge_run(pages, run) == judge_run(pages, run)


# -- one language per report ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("lang")
    db = root / "store.db"
    with sqlite3.connect(db) as connection:
        connection.executescript(gzip.decompress((GOLDEN / "demo-store.sql.gz").read_bytes()).decode())
    out = {}
    for lang in ("fr", "en"):
        render_from_store(db, RUN_ID, ["html", "json"], root / lang, lang=lang)
        out[lang] = (root / lang / "report.html").read_text("utf-8")
    import json

    out["results"] = json.loads((root / "fr" / "results.json").read_text("utf-8"))
    return out


def _labels(results: dict) -> list[dict]:
    """Every message the evidence of the run uses: headings, summary labels, translated values."""
    findings = [f for p in results["pages"] for f in p["findings"]] + results["site"]["findings"]
    found = []
    for finding in findings:
        evidence = finding["evidence"]
        found += [h["label"] for h in evidence["headings"]] + [s["label"] for s in evidence.get("summary") or []]
        found += [v for item in evidence["items"] for v in item.values() if isinstance(v, dict)]
    return found


def _drawn_labels(html: str, colon: str) -> set[str]:
    """The labels the report drew in its evidence: table headings, and summary lines' text before the colon."""
    tables = re.findall(r'<table class="ev">(.*?)</table>', html, re.S)
    heads = {h for t in tables for h in re.findall(r'<th scope="col">([^<]*)</th>', t)}
    cells = {c for t in tables for c in re.findall(r"<td>([^<]*)</td>", t)}
    lines = {re.sub(r"<[^>]+>", "", li) for li in re.findall(r'<li class="ev">(.*?)</li>', html, re.S)}
    parts = {part.split(colon)[0].strip() for line in lines for part in line.split(" · ")}
    return heads | cells | parts | {line.strip() for line in lines}


@pytest.mark.parametrize("lang, other, colon", [("fr", "en", "\u00a0:"), ("en", "fr", ":")])
def test_each_report_draws_evidence_in_its_own_language_only(reports, lang, other, colon):
    messages = _labels(reports["results"])
    assert messages, "the demo run has evidence to draw"
    foreign = {m[other] for m in messages if m[other] != m[lang]}
    own = {m[lang] for m in messages}
    drawn = _drawn_labels(reports[lang], colon)
    assert not drawn & foreign, sorted(drawn & foreign)
    assert own & drawn  # the labels are drawn, in this language
    assert 'lang="en"' not in reports["fr"].split("<body", 1)[1]  # no English passage left to announce
