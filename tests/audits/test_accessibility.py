"""Accessibility (Inclusif): RGAA data, tag parsing, own checks from page facts, the site view and issue grouping."""

import copy
from collections import Counter

import pytest

from ent_audit.audits import rgaa
from ent_audit.audits.accessibility import normalise_target, page_findings, site_view, title_findings
from tests.evidence import text

SITE = "https://ent.example.fr"

FACTS_OK = {
    "doctype": "html",
    "lang": "fr",
    "title": "Cahier de textes - ENT",
    "headings": [1, 2, 3, 2],
    "presentational": {"font": 0, "center": 0},
    "skip_link": True,
    "new_window_links": [],
    "statement": "partiellement conforme",
    "reflow_overflow_px": 0,
    "media": [],
}


def image_alt(targets, nodes=None):
    return {
        "rule": "image-alt",
        "impact": "critical",
        "tags": ["cat.text-alternatives", "wcag2a", "wcag111", "RGAAv4", "RGAA-1.1.1"],
        "help": "Images must have alternative text",
        "nodes": nodes or len(targets),
        "targets": targets,
        "snippets": [f"<img src=x{i}>" for i in range(len(targets))],
    }


def page(url, template, facts=None, violations=(), needs_review=(), depth=1, title=None, **kw):
    facts = copy.deepcopy(FACTS_OK if facts is None else facts)
    if title is not None:
        facts["title"] = title
    return {
        "url": url,
        "template": template,
        "profile": "élève",
        "depth": depth,
        "title": facts.get("title", ""),
        "error": "",
        "status": 200,
        "documents": kw.pop("documents", []),
        "accessibility": {
            "engine": "axe-core 4.11.4",
            "duration_ms": 800,
            "incomplete": False,
            "violations": list(violations),
            "needs_review": list(needs_review),
            "facts": facts,
        },
        **kw,
    }


def by_ref(findings):
    return {f["ref"]: f for f in findings}


# -- RGAA data and tags -------------------------------------------------------------------------------------------


def test_106_criteria_with_the_per_theme_counts():
    assert len(rgaa.CRITERIA) == 106 == len(rgaa.BY_ID)
    counts = Counter(c.theme for c in rgaa.CRITERIA)
    assert [counts[t] for t in range(1, 14)] == [9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12]
    assert rgaa.CRITERIA[0].id == "1.1" and rgaa.CRITERIA[-1].id == "13.12"
    assert all(c.title_fr and c.title_en and c.id.startswith(f"{c.theme}.") for c in rgaa.CRITERIA)
    assert rgaa.BY_ID["8.3"].theme_fr == "Éléments obligatoires" and rgaa.BY_ID["8.3"].title("en")
    assert all(rgaa.criterion_of_ref(c) for cids in rgaa.AXE_RULES.values() for c in cids)


def test_tag_parsing():
    tags = [
        "cat.forms",
        "wcag2a",
        "wcag2aa",
        "wcag21aa",
        "wcag412",
        "wcag1410",
        "RGAAv4",
        "RGAA-11.9.1",
        "RGAA-1.1.1",
        "RGAA-1.1.2",
        "RGAA-1.1.2",
        "EN-301-549",
        "TTv5",
    ]
    assert rgaa.criteria_of_tags(tags) == ["1.1", "11.9"]  # numeric order, unique
    assert rgaa.tests_of_tags(tags) == ["1.1.1", "1.1.2", "11.9.1"]
    assert rgaa.wcag_of_tags(tags) == ["1.4.10", "4.1.2"]  # level tags (wcag2a, wcag21aa) left out
    assert rgaa.wcag_of_tags(["wcag143"]) == ["1.4.3"]
    assert rgaa.criteria_of_tags(["RGAA-99.1.1", "RGAAv4"]) == [] and rgaa.criteria_of_tags(None) == []


# -- own checks from the facts --------------------------------------------------------------------------------------


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


# -- site view ----------------------------------------------------------------------------------------------------


def three_pages():
    """Two pages of one template share a missing-alt defect on list items; the home has a contrast issue."""
    home = page(
        f"{SITE}/",
        "/",
        depth=0,
        title="Accueil - ENT",
        violations=[
            {
                "rule": "color-contrast",
                "impact": "serious",
                "tags": ["wcag2aa", "wcag143", "RGAAv4", "RGAA-3.2.1"],
                "help": "Contrast",
                "nodes": 7,
                "targets": ["#footer > p"],
                "snippets": ["<p>"],
            }
        ],
        needs_review=[
            {"rule": "video-caption", "impact": "critical", "tags": ["RGAA-4.3.1"], "nodes": 1, "targets": ["video"]}
        ],
    )
    one = page(
        f"{SITE}/cahier/12",
        "/cahier/{id}",
        title="Cahier 12",
        facts={**FACTS_OK, "skip_link": False},
        violations=[image_alt(["ul.devoirs > li:nth-child(1) > img", "ul.devoirs > li:nth-child(3) > img"])],
    )
    two = page(
        f"{SITE}/cahier/13",
        "/cahier/{id}",
        title="Cahier 13",
        violations=[image_alt(["ul.devoirs > li:nth-child(2) > img"], nodes=4)],
    )
    broken = {
        "url": f"{SITE}/notes",
        "template": "/notes",
        "error": "HTTP 500",
        "status": 500,
        "accessibility": {"violations": []},
        "documents": [],
        "depth": 1,
        "title": "Erreur",
    }
    return [home, one, two, broken]


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


def test_issues_are_grouped_by_component_and_template():
    issues = site_view(three_pages())["issues"]
    alt = [i for i in issues if i["rule"] == "image-alt"]
    assert len(alt) == 1  # nth-child indexes dropped: one component
    [issue] = alt
    assert issue["target"] == "ul.devoirs > li > img"
    assert issue["pages"] == 2 and issue["templates"] == 1 and issue["nodes"] == 6
    assert issue["examples"] == [f"{SITE}/cahier/12", f"{SITE}/cahier/13"]
    assert issue["rgaa"] == ["1.1"] and issue["wcag"] == ["1.1.1"] and issue["impact"] == "critical"
    assert issue["help"] == "Images must have alternative text"
    assert [i["rule"] for i in issues] == ["image-alt", "color-contrast"]  # critical before serious
    assert all(i["rule"] != "video-caption" for i in issues)  # needs review is not an issue


def test_issue_order_impact_then_pages():
    pages = three_pages()
    pages[0]["accessibility"]["violations"].append(image_alt(["header img.logo"]))
    issues = site_view(pages)["issues"]
    assert [(i["rule"], i["target"], i["pages"]) for i in issues] == [
        ("image-alt", "ul.devoirs > li > img", 2),
        ("image-alt", "header img.logo", 1),
        ("color-contrast", "#footer > p", 1),
    ]


def test_target_normalisation():
    assert normalise_target("ul > li:nth-child(3) > img") == "ul > li > img"
    assert normalise_target("table tr:nth-of-type(2) td:nth-last-child(1)") == "table tr td"
    assert normalise_target("#message-42 > .avatar") == "* > .avatar"
    assert normalise_target('a[href="/cahier/12"] > span') == "a > span"
    assert normalise_target("#main-nav a.active") == "#main-nav a.active"  # ids without digits are kept


def test_8_6_duplicate_and_generic_titles():
    pages = [
        page(f"{SITE}/", "/", depth=0, title="ENT du collège"),
        page(f"{SITE}/agenda", "/agenda", title="ENT du collège"),
        page(f"{SITE}/cahier/1", "/cahier/{id}", title="Cahier"),
        page(f"{SITE}/cahier/2", "/cahier/{id}", title="Cahier"),
    ]  # same template: fine
    result = title_findings(pages)
    assert result["verdict"] == "fail" and result["pages"] == [f"{SITE}/", f"{SITE}/agenda"]
    assert result["evidence"]["items"][0] == {
        "title": "ENT du collège",
        "generic": False,
        "pages": 2,
        "templates": 2,
        "page": f"{SITE}/",
    }
    row = {r["id"]: r for r in site_view(pages)["criteria"]}["8.6"]
    assert row["status"] == "fail" and row["pages"] == 2 and row["rules"] == ["ent-audit:titles"]

    generic = [
        page(f"{SITE}/", "/", depth=0, title="Accueil"),
        page(f"{SITE}/b", "/b", title="Sans titre"),
        page(f"{SITE}/c", "/c", title="Vie scolaire"),
    ]
    result = title_findings(generic)
    assert result["verdict"] == "fail" and result["pages"] == [f"{SITE}/", f"{SITE}/b"]

    distinct = [page(f"{SITE}/", "/", depth=0, title="Accueil - ENT"), page(f"{SITE}/c", "/c", title="Vie scolaire")]
    assert title_findings(distinct)["verdict"] == "pass"
    assert {r["id"]: r for r in site_view(distinct)["criteria"]}["8.6"]["status"] == "no_issue_found"


def test_no_tested_page_leaves_everything_to_check_by_hand():
    view = site_view([{"url": f"{SITE}/", "error": "timeout", "accessibility": {}}])
    assert view["pages_tested"] == 0 and view["issues"] == []
    assert view["counts"] == {"fail": 0, "no_issue_found": 0, "manual": 106}
    assert view["statement"]["shown"] is False and view["statement"]["page"] is None


def test_statement_missing_on_home():
    pages = three_pages()
    pages[0]["accessibility"]["facts"]["statement"] = ""
    assert site_view(pages)["statement"] == {"page": f"{SITE}/", "known": True, "shown": False, "value": ""}
