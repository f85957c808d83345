"""Golden outputs: a demo run's store, committed, rendered by `ent-audit report` into the committed files.

The store (tests/golden/demo-store.sql.gz, a SQLite dump) holds the facts a real demo crawl captured; every output
is judged and drawn from it, so the redesign's moves can be shown to change nothing a user reads: results.json,
report.html in French and in English, the CSVs, JUnit and GitLab Code Quality must stay byte for byte the same.
A change that means to alter an output regenerates the files (ENT_AUDIT_UPDATE_GOLDEN=1) and shows their diff.
"""

from __future__ import annotations

import difflib
import gzip
import json
import os
import sqlite3
from pathlib import Path

import pytest

from ent_audit.audits import third_party_web
from ent_audit.crawler.runner import render_from_store

GOLDEN = Path(__file__).parents[1] / "golden"
RUN_ID = "20261206T204117Z-ac3a00"
SAME_IN_BOTH_LANGUAGES = (
    "results.json",
    "pages.csv",
    "resources.csv",
    "findings.csv",
    "junit.xml",
    "gl-code-quality.json",
)
UPDATE = os.environ.get("ENT_AUDIT_UPDATE_GOLDEN") == "1"


def restore_golden_store(path: Path) -> Path:
    """The committed demo store (tests/golden/demo-store.sql.gz) as a SQLite file at ``path``."""
    with sqlite3.connect(path) as db:
        db.executescript(gzip.decompress((GOLDEN / "demo-store.sql.gz").read_bytes()).decode())
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return restore_golden_store(tmp_path_factory.mktemp("golden") / "store.db")


def rendered(store: Path, lang: str, out: Path) -> Path:
    render_from_store(store, RUN_ID, ["html", "json", "csv", "junit", "codequality"], out, lang=lang)
    return out


def same_as_golden(produced: Path, golden: Path) -> None:
    if UPDATE:
        golden.write_bytes(produced.read_bytes())
        return
    new, old = produced.read_text(encoding="utf-8"), golden.read_text(encoding="utf-8")
    if new != old:
        diff = "".join(
            list(difflib.unified_diff(old.splitlines(True), new.splitlines(True), str(golden), "rendered now", n=1))[
                :60
            ]
        )
        pytest.fail(
            f"{golden.name} differs from its golden copy (ENT_AUDIT_UPDATE_GOLDEN=1 rewrites it when the "
            f"change is meant):\n{diff}"
        )


@pytest.mark.parametrize("name", SAME_IN_BOTH_LANGUAGES)
def test_machine_outputs_are_the_golden_ones(store: Path, tmp_path: Path, name: str) -> None:
    out = rendered(store, "fr", tmp_path / "fr")
    same_as_golden(out / name, GOLDEN / "demo" / name)
    english = rendered(store, "en", tmp_path / "en")
    assert (english / name).read_bytes() == (out / name).read_bytes(), f"{name} depends on the report's language"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_is_the_golden_one(store: Path, tmp_path: Path, lang: str) -> None:
    out = rendered(store, lang, tmp_path)
    same_as_golden(out / "report.html", GOLDEN / "demo" / f"report.{lang}.html")


def test_the_golden_run_is_a_real_demo_crawl(store: Path) -> None:
    """The goldens only mean something if the stored run is a full one: every demo page measured, axe and
    Lighthouse results present, nothing in error."""
    with sqlite3.connect(store) as db:
        pages, errors, axe, lighthouse = db.execute(
            "select count(*), sum(error != ''), sum(accessibility is not null), sum(lighthouse is not null) from pages"
        ).fetchone()
    assert pages >= 20 and errors == 0 and axe == pages and lighthouse >= 1


def test_the_demo_report_spans_the_grades_of_a_real_audit(store: Path, tmp_path: Path) -> None:
    """The demo looks like a real ENT audit: its class pages (demo_ent/classroom.py) bring the report at least four
    distinct EcoIndex grades, in results.json and in the report's distribution."""
    out = rendered(store, "fr", tmp_path)
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    grades = {page["ecoindex"]["grade"] for page in results["pages"] if page.get("ecoindex")}
    assert len(grades) >= 4, grades
    distribution = results["summary"]["grade_distribution"]
    assert {grade for grade, pages in distribution.items() if pages} == grades
    html = (out / "report.html").read_text(encoding="utf-8")
    line = ", ".join(f"{g}\u00a0: {n} page{'s' if n > 1 else ''}" for g, n in distribution.items())
    assert line in html, line


def test_results_and_report_name_the_third_party_dataset(store: Path, tmp_path: Path) -> None:
    """Who the demo's third parties are comes from third-party-web: results.json (the rule's evidence) and the
    report (its Méthodologie) name the dataset's version."""
    version = third_party_web.dataset().version
    out = rendered(store, "en", tmp_path)
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    finding = next(f for f in results["site"]["findings"] if f["ref"] == "DOCTRINE-third-parties")
    assert {"key": "dataset", "label": {"en": "Services and categories from", "fr": "Services et catégories selon"},
            "type": "code", "value": version} in finding["evidence"]["summary"]  # fmt: skip
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"<dt>Third-party services and categories</dt><dd>{version}</dd>" in html
