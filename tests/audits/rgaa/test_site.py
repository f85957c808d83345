"""The run's accessibility view: criteria statuses, the home page's statement (audits/rgaa/site.py, statement.py)."""

from ent_audit.audits.rgaa import site_view
from tests.audits.rgaa.pages import SITE, three_pages
from tests.evidence import text


def test_site_view_statuses_and_counts():
    view = site_view(three_pages())
    rows = {row["id"]: row for row in view["criteria"]}
    assert len(rows) == 106 and view["pages_tested"] == 3
    assert rows["1.1"]["status"] == "fail" and rows["1.1"]["pages"] == 2 and rows["1.1"]["nodes"] == 6
    assert rows["1.1"]["rules"] == ["image-alt"]
    assert rows["3.2"]["status"] == "fail" and rows["3.2"]["pages"] == 1 and rows["3.2"]["nodes"] == 7
    assert rows["12.7"]["status"] == "fail" and rows["12.7"]["rules"] == ["ent-audit:skip-link"]
    assert rows["12.7"]["pages"] == 1 and rows["12.7"]["evidence"][0]["page"] == f"{SITE}/cahier/12"
    assert text(rows["12.7"]["evidence"][0]) == "No skip link"
    assert rows["4.3"]["status"] == "manual" and rows["4.3"]["review_pages"] == 1  # axe could not decide
    assert rows["2.1"]["status"] == "no_issue_found"  # frame-title ran on completed axe runs
    assert rows["8.1"]["status"] == "no_issue_found"  # own check passed
    assert rows["1.3"]["status"] == "manual"  # nothing automated covers relevance
    assert set(view["counts"]) == {"fail", "no_issue_found", "manual"} and sum(view["counts"].values()) == 106
    assert {row["status"] for row in view["criteria"]} <= {"fail", "no_issue_found", "manual"}
    assert view["statement"] == {"page": f"{SITE}/", "known": True, "shown": True, "value": "partiellement conforme"}


def test_a_timed_out_axe_run_proves_nothing_beyond_its_results():
    pages = three_pages()
    for p in pages[:3]:
        p["accessibility"]["incomplete"] = True
    rows = {row["id"]: row for row in site_view(pages)["criteria"]}
    assert rows["2.1"]["status"] == "manual" and rows["1.1"]["status"] == "fail"
    assert site_view(pages)["pages_incomplete"] == 3


def test_a_page_where_axe_did_not_run_is_not_counted_as_fully_tested():
    pages = three_pages()
    pages[0]["accessibility"].update(engine="", violations=[], error="axe-core not found")  # own checks ran
    view = site_view(pages)
    assert view["pages_tested"] == 3 and view["pages_incomplete"] == 1


def test_no_tested_page_leaves_everything_to_check_by_hand():
    view = site_view([{"url": f"{SITE}/", "error": "timeout", "accessibility": {}}])
    assert view["pages_tested"] == 0 and view["issues"] == []
    assert view["counts"] == {"fail": 0, "no_issue_found": 0, "manual": 106}
    assert view["statement"]["shown"] is False and view["statement"]["page"] is None


def test_statement_missing_on_home():
    pages = three_pages()
    pages[0]["accessibility"]["facts"]["statement"] = ""
    assert site_view(pages)["statement"] == {"page": f"{SITE}/", "known": True, "shown": False, "value": ""}
