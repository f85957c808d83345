"""Our own checks beyond axe, from the facts of one page (audits/rgaa/<check>.py, checks.py)."""

import re
from pathlib import Path

import pytest

from ent_audit.audits.rgaa import own_checks, page_findings
from ent_audit.audits.rgaa.checks import own_check
from tests.audits.rgaa.pages import FACTS_OK, SITE, by_ref, page
from tests.evidence import text

ROOT = Path(__file__).resolve().parents[3]


def test_page_findings_all_pass_on_good_facts():
    found = by_ref(page_findings(page(f"{SITE}/a", "/a")))
    assert {ref: f["verdict"] for ref, f in found.items()} == {
        "RGAA-8.1": "pass",
        "RGAA-8.3": "pass",
        "RGAA-9.1": "pass",
        "RGAA-10.1": "pass",
        "RGAA-10.11": "pass",
        "RGAA-12.7": "pass",
        "RGAA-13.2": "pass",
        "RGAA-13.3": "na",
        "RGAA-4.10": "na",
    }
    assert all(isinstance(f["evidence"], dict) and {"headings", "items"} <= set(f["evidence"]) for f in found.values())


@pytest.mark.parametrize(
    "change, ref, verdict, evidence",
    [
        ({"doctype": ""}, "RGAA-8.1", "fail", "No doctype"),
        ({"lang": ""}, "RGAA-8.3", "fail", "No lang on <html>"),
        ({"headings": [1, 3]}, "RGAA-9.1", "fail", "Heading: h1; Followed by: h3"),
        ({"headings": [2, 3]}, "RGAA-9.1", "fail", "No h1 heading"),
        ({"headings": []}, "RGAA-9.1", "fail", "No h1 heading"),
        (
            {"presentational": {"font": 0, "center": 1, "align": 2}},
            "RGAA-10.1",
            "fail",
            "Tag or attribute: align; Occurrences: 2\nTag or attribute: center; Occurrences: 1",
        ),
        ({"reflow_overflow_px": 140}, "RGAA-10.11", "fail", "Horizontal overflow at 320 px wide: 140\u00a0px"),
        ({"skip_link": False}, "RGAA-12.7", "fail", "No skip link"),
        (
            {"new_window_links": [{"href": f"{SITE}/pronote", "text": "Pronote"}]},
            "RGAA-13.2",
            "manual",
            f"Link text: Pronote; Address: {SITE}/pronote",
        ),
        (
            {"media": [{"tag": "video", "autoplay": True, "muted": False}]},
            "RGAA-4.10",
            "fail",
            "Media autoplaying with sound: 1\nElements: video",
        ),
        (
            {"media": [{"tag": "video", "autoplay": True, "muted": True}]},
            "RGAA-4.10",
            "pass",
            "Media, none autoplaying with sound: 1",
        ),
    ],
)
def test_page_findings_for_each_fact(change, ref, verdict, evidence):
    facts = {**FACTS_OK, **change}
    finding = by_ref(page_findings(page(f"{SITE}/a", "/a", facts)))[ref]
    assert finding["verdict"] == verdict and evidence in text(finding), finding


def test_linked_office_documents_are_listed_for_review():
    docs = [
        {"url": f"{SITE}/docs/circulaire.pdf", "mime": "application/pdf", "bytes": 1000},
        {"url": f"{SITE}/docs/menu.odt", "mime": "", "bytes": None},
        {"url": f"{SITE}/img/photo.jpg", "mime": "image/jpeg", "bytes": 10},
    ]
    finding = by_ref(page_findings(page(f"{SITE}/a", "/a", documents=docs)))["RGAA-13.3"]
    assert finding["verdict"] == "manual"
    assert "circulaire.pdf" in text(finding) and "menu.odt" in text(finding)
    assert "photo.jpg" not in text(finding)


def test_untested_pages_give_no_findings_and_missing_facts_no_guess():
    failed = {"url": f"{SITE}/x", "error": "net::ERR_FAILED", "accessibility": {}}
    assert page_findings(failed) == []
    assert page_findings({"url": f"{SITE}/y", "error": "", "accessibility": {"violations": []}}) == []
    sparse = page(f"{SITE}/z", "/z", facts={"doctype": "html"})
    assert [f["ref"] for f in page_findings(sparse)] == ["RGAA-8.1", "RGAA-13.3"]


def test_each_own_check_is_one_declared_module_in_the_order_of_the_outputs():
    """One module per check (audits/rgaa/<module>.py), named in a criterion's rules as before the split."""
    checks = own_checks()
    assert [(c.module, c.criterion, c.name) for c in checks] == [
        ("doctype", "8.1", "doctype"),
        ("duplicate_ids", "8.2", "duplicate-ids"),
        ("lang", "8.3", "lang"),
        ("headings", "9.1", "headings"),
        ("presentation", "10.1", "presentation"),
        ("reflow", "10.11", "reflow"),
        ("skip_link", "12.7", "skip-link"),
        ("new_window", "13.2", "new-window"),
        ("documents", "13.3", "documents"),
        ("autoplay", "4.10", "autoplay"),
    ]
    assert all(c.check.__module__ == f"ent_audit.audits.rgaa.{c.module}" for c in checks)
    probe = (ROOT / "crawler" / "capture" / "a11y_probe.py").read_text("utf-8")
    assert all(re.search(rf"\b{need}\b", probe) for c in checks for need in c.needs)  # facts the probe records


def test_a_fact_recorded_as_unknown_gives_no_finding():
    found = by_ref(page_findings(page(f"{SITE}/a", "/a", {**FACTS_OK, "reflow_overflow_px": None})))
    assert "RGAA-10.11" not in found and "RGAA-8.1" in found


def test_a_check_registered_twice_is_refused():
    [doctype] = [c for c in own_checks() if c.criterion == "8.1"]
    assert own_check("8.1", "doctype", ("doctype",))(doctype.check) is doctype.check  # the same one: no-op
    with pytest.raises(ValueError, match="8.1 registered twice"):
        own_check("8.1", "other")(lambda page: None)
